"""Public disclosures for the benchmarks (issue 7): per ward, --per-year disclosures a year over --years years, in the
14 categories of Art. 11 (seeded by the disclosures app's migration), most posted and ended by now, the newest still
posted; a first version row each. ORM bulk inserts (tens of thousands of rows, seconds). Called by bench/generate.py
after the cases, or alone on a database it already loaded:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ow_bench .venv/bin/python bench/disclosures.py

Dialogue sessions are bench/dialogues.py.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

SUBJECTS = ["Quy hoạch sử dụng đất khu phố {n}", "Dự toán ngân sách phường năm {y}", "Kết quả thu chi quỹ khuyến học",
            "Danh sách hộ nghèo, cận nghèo năm {y}", "Kế hoạch nâng cấp hẻm {n} đường Lê Văn Sỹ",
            "Phương án bồi thường, hỗ trợ tái định cư dự án kênh Nhiêu Lộc", "Kế hoạch phòng chống dịch sốt xuất huyết",
            "Thủ tục hành chính mới về chứng thực", "Kết quả tiếp công dân quý {q}/{y}",
            "Đề án chỉnh trang vỉa hè các tuyến đường chính"]


def generate(*, per_year: int = 60, years: int = 5, seed: int = 2026, today: dt.date | None = None) -> dict:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from portal.core.text import fold
    from portal.disclosures.models import Disclosure, DisclosureCategory, DisclosureVersion
    from portal.wards.models import Ward

    rng = random.Random(seed)
    today = today or timezone.localdate()
    categories = list(DisclosureCategory.objects.order_by("number"))
    leaders = {u.username: u for u in get_user_model().objects.filter(username__endswith="-leader")}
    wards = list(Ward.objects.filter(is_active=True).order_by("code"))
    made = 0
    for ward in wards:
        leader = leaders.get(f"bench-{ward.code.lower()}-leader")
        if leader is None or Disclosure.objects.filter(ward=ward).exists():
            continue
        rows = []
        for _i in range(per_year * years):
            category = rng.choice(categories)
            decided = today - dt.timedelta(days=rng.randint(1, 365 * years))
            posted = decided + dt.timedelta(days=rng.randint(0, 6))
            end = None if category.is_permanent else posted + dt.timedelta(days=max(category.board_min_days or 30, 30))
            state = "posted" if posted <= today and (end is None or end >= today) else "ended"
            title = rng.choice(SUBJECTS).format(n=rng.randint(1, 12), y=decided.year, q=(decided.month - 1) // 3 + 1)
            body = (f"Ủy ban nhân dân phường {ward.name} công khai {category.name.lower()}: {title.lower()}. "
                    "Người dân có ý kiến xin gửi về bộ phận một cửa hoặc trên cổng thông tin.")
            published = timezone.make_aware(dt.datetime.combine(posted, dt.time(8, 30)))
            rows.append(Disclosure(
                ward=ward, category=category, title=title, body=body, body_html=f"<p>{body}</p>", version_number=1,
                decision_date=decided, decision_reference=f"{rng.randint(1, 999)}/QĐ-UBND",
                disclose_by=decided + dt.timedelta(days=7), posting_start=posted, posting_end=end,
                forms=["portal", "office_board"], state=state, posted_on=posted,
                ended_on=end if state == "ended" else None, created_by=leader, published_by=leader,
                published_at=published, search_text=fold(f"{title} {body} {category.name}")))
        with transaction.atomic():
            created = Disclosure.objects.bulk_create(rows, batch_size=1000)
            DisclosureVersion.objects.bulk_create([
                DisclosureVersion(disclosure=d, number=1, title=d.title, body=d.body, body_html=d.body_html,
                                  created_by=leader, created_at=d.published_at) for d in created], batch_size=1000)
        made += len(created)
    return {"disclosures": made}


if __name__ == "__main__":
    print(generate())
