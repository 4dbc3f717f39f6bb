"""Dialogue sessions for the benchmarks (issue 7): five years of each ward's dialogues (SPEC §6), reproducibly from
--seed, by COPY. Called by bench/generate.py after the cases, or alone to add them to a database it already loaded
(it refuses a database that holds dialogue sessions already):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ow_bench .venv/bin/python bench/dialogues.py

Per ward (the bigger the ward — bench/generate.py's BW001 is the biggest — the more residents take part):

- the chair's citizen-reception day every week on the ward's own weekday (a week whose day is off is skipped; a few
  are cancelled with their reason or moved), announced two to four weeks ahead, a few late with a reason;
- one or two dialogue conferences a year (one "hot" conference with hundreds of questions in the biggest wards),
  results due within 10 days, most minutes published on time, some late;
- every residential area's annual conference, towards the end of the year;
- complaint dialogues for about 4 % of the ward's complaints (never public), linked to the case;
- the next six weeks announced: reception days planned, conferences open for questions;
- a pool of verified residents (accounts with a resident profile, no password) who register (waiting list past the
  capacity, a few cancel), ask questions (a few hidden with a reason or merged), and vote (a heavy tail: most
  questions get a few votes, some hundreds); held sessions answer every visible question;
- commitments of held sessions (conferences 3–8, area conferences 1–4, some reception days and complaint dialogues)
  with a responsible department, a due date, a status that follows their age (done on time or late, dropped with a
  reason, in progress, planned) and their public progress log;
- a few residents' requests for a dialogue with their supporters, some answered by a conference.

Everything is written in one transaction; the sequences are moved past the new ids; the tables are analysed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import random
import sys
import time
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# Held by the transaction that writes the dialogues: a second run waits, then finds the sessions and refuses.
ADVISORY_LOCK = 7_311_2026
WARD_TOKEN = "@@WARD@@"
AREA_TOKEN = "@@AREA@@"
UPCOMING_DAYS = 42

QUESTIONS = [
    "Hẻm {hem} đường {street} ngập sâu mỗi khi mưa lớn, khi nào phường nạo vét cống?",
    "Đèn chiếu sáng trong hẻm {hem} {street} hỏng đã lâu, đề nghị phường cho sửa sớm.",
    "Vỉa hè đường {street} bị lấn chiếm để buôn bán, người đi bộ phải đi xuống lòng đường.",
    "Xin phường cho biết tiến độ nâng cấp hẻm {hem} đường {street} đã hứa ở hội nghị năm trước.",
    "Rác thải tập kết ở đầu hẻm {hem} không được thu gom đúng giờ, gây mùi hôi.",
    "Tiếng ồn từ quán karaoke trên đường {street} kéo dài đến khuya, đề nghị xử lý.",
    "Thủ tục chứng thực ở bộ phận một cửa còn chờ lâu, phường có kế hoạch cải thiện không?",
    "Đề nghị phường công khai danh sách hộ nghèo, cận nghèo của khu phố.",
    "Công trình xây dựng trên đường {street} không che chắn, bụi bay vào nhà dân.",
    "Khu vui chơi cho trẻ em ở khu phố xuống cấp, phường có kế hoạch sửa chữa không?",
    "Xe tải đậu trên đường {street} ban đêm gây mất an toàn giao thông.",
    "Tình trạng trộm cắp xe máy trong hẻm {hem} tăng, đề nghị tăng cường tuần tra.",
    "Cây xanh trên đường {street} có nguy cơ gãy đổ mùa mưa bão.",
    "Kinh phí vận động xây dựng đường hẻm {hem} được sử dụng thế nào?",
    "Đề nghị lắp camera an ninh ở ngã tư {street} và hẻm {hem}.",
    "Dịch sốt xuất huyết tăng, phường có kế hoạch phun thuốc diệt muỗi ở khu phố không?",
    "Nước sinh hoạt ở khu phố yếu vào giờ cao điểm, đề nghị phường kiến nghị công ty cấp nước.",
    "Đề nghị phường bố trí thêm chỗ giữ xe cho người đến làm thủ tục.",
]
ANSWERS = [
    "Phường đã giao Phòng Kinh tế - Hạ tầng - Đô thị khảo sát và đưa vào kế hoạch trong quý tới.",
    "Phường ghi nhận và đã chỉ đạo lực lượng trật tự đô thị kiểm tra, xử lý; kết quả sẽ công khai trên cổng.",
    "Nội dung này thuộc thẩm quyền của thành phố; phường đã có văn bản kiến nghị và sẽ thông tin khi có trả lời.",
    "Phường đã bố trí kinh phí; công trình dự kiến khởi công trong năm nay.",
    "Công an phường sẽ tăng cường tuần tra vào ban đêm và phối hợp với tổ dân phố.",
]
TOPICS = ["Ngập nước và thoát nước", "Chiếu sáng và hạ tầng hẻm", "Trật tự đô thị", "An ninh trật tự",
          "Môi trường và vệ sinh", "Thủ tục hành chính"]
COMMITMENTS = [
    "Nạo vét cống thoát nước hẻm {hem} đường {street} trước mùa mưa",
    "Lắp {n} đèn LED chiếu sáng các hẻm tối của khu phố",
    "Lập lại trật tự vỉa hè đường {street}",
    "Nâng cấp mặt đường hẻm {hem} {street}",
    "Bố trí thêm điểm thu gom rác ở khu phố",
    "Tổ chức phun thuốc diệt muỗi toàn khu phố",
    "Rút ngắn thời gian chờ ở bộ phận một cửa xuống dưới 30 phút",
    "Lắp camera an ninh tại ngã tư {street}",
    "Cắt tỉa cây xanh có nguy cơ gãy đổ trên đường {street}",
    "Sửa chữa khu vui chơi trẻ em của khu phố",
]
NOTES = ["Bộ phận phụ trách đã khảo sát hiện trạng.", "Đã có kế hoạch và dự toán kinh phí.",
         "Đang thi công, dự kiến hoàn thành đúng hạn.", "Đã hoàn thành, nghiệm thu cùng đại diện khu phố."]
DROPPED = ["Thành phố đã đưa vào dự án chống ngập chung; phường không thực hiện riêng.",
           "Khu đất thuộc dự án đã thu hồi, không thể triển khai như cam kết."]
HIDDEN = ["Nội dung có lời lẽ xúc phạm cá nhân.", "Nội dung quảng cáo, không liên quan đến hội nghị.",
          "Câu hỏi nêu thông tin cá nhân của người khác."]
CANCELLED = ["Chủ tịch UBND phường dự họp đột xuất của thành phố; lịch tiếp công dân chuyển sang tuần sau.",
             "Mưa bão, hội trường bị ngập; buổi làm việc được tổ chức lại sau.",
             "Trùng lịch bầu cử; phường thông báo lịch mới trên cổng thông tin."]
LATE = "Lịch công tác của thành phố thay đổi, phường thông báo ngay khi có lịch chính thức."
MINUTES = """# Biên bản {title}

**Địa điểm:** {venue}. **Chủ trì:** Chủ tịch UBND {ward}. **Thư ký:** Văn phòng HĐND-UBND.

## Nội dung
1. UBND phường báo cáo tình hình kinh tế - xã hội, thực hiện dân chủ ở cơ sở và thu chi ngân sách.
2. Cư dân phát biểu, đặt câu hỏi; các câu hỏi gửi trước trên cổng thông tin được trả lời theo thứ tự bình chọn.
3. Chủ tịch UBND phường kết luận và giao nhiệm vụ cho các bộ phận (xem các cam kết).
"""
RECEPTION_MINUTES = """# Biên bản tiếp công dân định kỳ

Chủ tịch UBND {ward} tiếp công dân tại {venue}. Các ý kiến được ghi nhận, hướng dẫn hoặc chuyển bộ phận có
thẩm quyền giải quyết theo quy định của Luật Tiếp công dân.
"""


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args(argv)


class AlreadyGenerated(Exception):
    pass


def _copy(cursor, table: str, columns: list[str], rows: list[tuple]) -> int:
    names = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    return len(rows)


class _Table:
    """Rows of one table, written by COPY in batches, ids allocated after the table's current maximum."""

    def __init__(self, cursor, model, start_id: int):
        self.cursor = cursor
        self.table = model._meta.db_table
        self.columns = [f.column for f in model._meta.concrete_fields]
        self.rows: list[tuple] = []
        self.next_id = start_id
        self.written = 0

    def add(self, **values) -> int:
        values.setdefault("id", self.next_id)
        self.next_id = max(self.next_id, values["id"]) + 1
        self.rows.append(tuple(values[c] for c in self.columns))
        if len(self.rows) >= 20_000:
            self.flush()
        return values["id"]

    def flush(self) -> None:
        if self.rows:
            self.written += _copy(self.cursor, self.table, self.columns, self.rows)
            self.rows = []


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN)


def _between(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    if end <= start:
        return start
    return start + dt.timedelta(seconds=rng.randint(0, int((end - start).total_seconds())))


def _reference():
    """Wards of the bench data (by code: BW001 is the biggest), their areas, departments, leaders and officers, and
    a sample of their complaints. Refuses a database without bench data."""
    from django.contrib.auth import get_user_model

    from portal.cases.models import Case
    from portal.wards.models import Area, Department, Membership, Ward

    wards = list(Ward.objects.filter(code__startswith="BW").order_by("code"))
    if not wards:
        raise SystemExit("no bench wards (BW001…): load the database with bench/generate.py first")
    areas: dict[int, list] = {}
    for area in Area.objects.filter(ward__in=wards).order_by("ward_id", "code"):
        areas.setdefault(area.ward_id, []).append(area)
    departments: dict[int, dict] = {}
    for dept in Department.objects.filter(ward__in=wards):
        departments.setdefault(dept.ward_id, {})[dept.code] = dept.pk
    staff: dict[int, dict] = {}
    for m in Membership.objects.filter(ward__in=wards, user__username__startswith="bench-").select_related("user"):
        staff.setdefault(m.ward_id, {})[m.user.username.rsplit("-", 1)[1]] = m.user_id
    complaints: dict[int, list] = {}
    rows = (Case.objects.filter(kind="complaint", ward__in=wards).order_by("id")
            .values_list("id", "ward_id", "received_on", "tracking_code"))
    for case_id, ward_id, received_on, code in rows.iterator(chunk_size=20_000):
        complaints.setdefault(ward_id, []).append((case_id, received_on, code))
    users = get_user_model()
    return wards, areas, departments, staff, complaints, users


def generate(*, seed: int = 2026, years: int = 5, today: dt.date | None = None) -> dict:
    """Write the dialogues of every bench ward; returns the counts. Raises AlreadyGenerated when the database holds
    dialogue sessions already."""
    import django

    django.setup()
    from django.db import connection, transaction
    from django.db.models import Max
    from django.utils import timezone

    from portal.accounts.models import ResidentProfile
    from portal.core import demo_data as demo
    from portal.deadlines.selectors import calendars_for
    from portal.dialogues import rules
    from portal.dialogues.models import (
        Commitment,
        CommitmentUpdate,
        DialogueRequest,
        Question,
        Registration,
        RequestSupport,
        Session,
        SessionChange,
        Vote,
    )
    from portal.dialogues.services import render_minutes

    started = time.monotonic()
    rng = random.Random(seed * 7919 + 11)
    today = today or timezone.localdate()
    first_day = today - dt.timedelta(days=365 * years)
    last_day = today + dt.timedelta(days=UPCOMING_DAYS)
    moment_now = _at(today, 7)
    streets = [s for w in demo.WARDS for s in w["streets"]]
    people = [f"{s} {m} {g}" for s in demo.SURNAMES for m in demo.MALE_MIDDLE + demo.FEMALE_MIDDLE
              for g in demo.MALE_GIVEN[:6] + demo.FEMALE_GIVEN[:6]]
    # Minutes are rendered once per template (the portal's sanitiser); names are put in escaped.
    minutes_md = {"conference": MINUTES, "reception": RECEPTION_MINUTES}
    minutes_html = {k: render_minutes(v.format(title="@@TITLE@@", venue="@@VENUE@@", ward=WARD_TOKEN))
                    for k, v in minutes_md.items()}

    def minutes_for(kind: str, title: str, venue: str, ward_name: str) -> tuple[str, str]:
        key = "reception" if kind == "reception" else "conference"
        text = minutes_md[key].format(title=title, venue=venue, ward=ward_name)
        rendered = (minutes_html[key].replace("@@TITLE@@", html.escape(title))
                    .replace("@@VENUE@@", html.escape(venue)).replace(WARD_TOKEN, html.escape(ward_name)))
        return text, rendered

    counts = {"dialogue sessions": 0, "residents": 0, "registrations": 0, "questions": 0, "votes": 0,
              "commitments": 0, "commitment updates": 0, "session changes": 0, "dialogue requests": 0}
    with transaction.atomic(), connection.cursor() as wrapper:
        wrapper.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])
        if Session.objects.exists():
            raise AlreadyGenerated("the database already holds dialogue sessions: they are added only once")
        wards, areas, departments, staff, complaints, users = _reference()
        calendars = calendars_for(wards)
        cursor = wrapper.cursor

        def table(model):
            return _Table(cursor, model, (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1)

        t_user, t_profile = table(users), table(ResidentProfile)
        t_session, t_change, t_reg = table(Session), table(SessionChange), table(Registration)
        t_question, t_vote = table(Question), table(Vote)
        t_commit, t_update = table(Commitment), table(CommitmentUpdate)
        t_request, t_support = table(DialogueRequest), table(RequestSupport)

        for index, ward in enumerate(wards):
            weight = 1 / (index + 1) ** 0.6  # bench/generate.py's skew: a few big wards, many small
            cal = calendars[ward.pk]
            people_of = staff.get(ward.pk, {})
            leader = people_of.get("leader")
            if leader is None:
                continue
            officers = [people_of[k] for k in ("officer1", "officer2", "officer3", "officer4") if k in people_of] \
                or [leader]
            depts = departments[ward.pk]
            dept_ids = list(depts.values())
            ward_areas = areas.get(ward.pk, [])
            hall = f"Hội trường UBND {ward.name}"

            # Verified residents of the ward: accounts without a password, a resident profile each.
            pool = []
            for _n in range(int(120 + 2400 * weight)):
                uid = t_user.next_id
                name = rng.choice(people)
                surname, _sep, given = name.rpartition(" ")
                joined = _between(rng, _at(first_day, 8), moment_now)
                t_user.add(id=uid, password="!" + f"bench{uid:x}", last_login=None, is_superuser=False,
                           username=f"bench-resident-{uid}", first_name=given, last_name=surname,
                           email="", is_staff=False, is_active=True, date_joined=joined)
                t_profile.add(user_id=uid, channel="sms", contact=f"+8490{uid:07d}", verified_at=joined,
                              display_name=name)
                pool.append(uid)
            counts["residents"] += len(pool)

            def fill(text: str) -> str:
                return text.format(hem=rng.randint(2, 300), street=rng.choice(streets), n=rng.randint(5, 40))

            plans = []  # (kind, starts_at, ends_at, title, venue, capacity, area, case_id)
            weekday = rng.randrange(5)
            day = first_day + dt.timedelta(days=(weekday - first_day.weekday()) % 7)
            while day <= last_day:
                if cal.is_working_day(day):
                    plans.append(("reception", _at(day, 7, 30), _at(day, 11, 30),
                                  "Tiếp công dân định kỳ của Chủ tịch UBND phường",
                                  f"Phòng tiếp công dân UBND {ward.name}", None, None, None))
                day += dt.timedelta(days=7)
            for year in range(first_day.year, last_day.year + 1):
                n_conf = 2 if rng.random() < 0.35 + 0.4 * weight else 1
                for k in range(n_conf):
                    day = dt.date(year, 5 + 6 * k if n_conf == 2 else rng.choice((6, 9, 11)), rng.randint(1, 25))
                    if not first_day <= day <= last_day:
                        continue
                    hot = k == 0 and index < 3
                    title = (f"Hội nghị đối thoại giữa Chủ tịch UBND phường với Nhân dân năm {year}" if k == 0
                             else f"Hội nghị đối thoại chuyên đề: {rng.choice(TOPICS).lower()}")
                    plans.append(("conference", _at(day, 8), _at(day, 11, 30), title, hall,
                                  rng.choice((150, 200, 250, 300)) * (2 if hot else 1), None, "hot" if hot else None))
                for area in ward_areas:
                    day = dt.date(year, rng.choice((11, 12)), rng.randint(1, 28))
                    if first_day <= day <= last_day:
                        plans.append(("area_conference", _at(day, 19), _at(day, 21),
                                      f"Hội nghị khu phố năm {year}: {area.name}", f"Nhà văn hóa {area.name}",
                                      rng.choice((60, 80, 100, 150)), area.pk, None))
            for case_id, received_on, code in complaints.get(ward.pk, []):
                if rng.random() < 0.04:
                    day = cal.add_working_days(received_on, rng.randint(12, 35))
                    if day <= last_day:
                        plans.append(("complaint", _at(day, 14), _at(day, 16),
                                      f"Đối thoại giải quyết khiếu nại {code}", f"Phòng tiếp công dân UBND {ward.name}",
                                      None, None, case_id))
            plans.sort(key=lambda p: p[1])
            conferences: list[tuple[dt.datetime, int]] = []  # held ones, in order: they may answer a request

            for kind, starts, ends, title, venue, capacity, area_id, extra in plans:
                sid = t_session.next_id
                on = starts.date()
                past = on < today
                ahead_days = rng.randint(9, 30) if kind != "complaint" else rng.randint(5, 10)
                late = kind in ("conference", "reception") and rng.random() < 0.04
                announced_on = on - dt.timedelta(days=rng.randint(1, 3) if late else ahead_days)
                if announced_on > today:
                    continue  # not announced yet
                announced_at = _at(announced_on, 9, rng.randint(0, 59))
                notice = rules.notice(kind=kind, announced_on=announced_on, session_on=on, calendar=cal)
                state, cancelled_at, cancel_reason = "planned", None, ""
                held_at = held_on = results_due = None
                published_on = published_at = None
                minutes = minutes_rendered = ""
                if past:
                    roll = rng.random()
                    if roll < 0.03 and kind != "complaint":
                        state, cancel_reason = "cancelled", rng.choice(CANCELLED)
                        cancelled_at = _between(rng, announced_at, starts - dt.timedelta(hours=2))
                    elif roll < 0.035:
                        state = "planned"  # never marked held by the ward
                    else:
                        state, held_at, held_on = "held", ends, on
                        results_due = rules.results_due(kind=kind, held_on=on)
                        share = {"conference": 0.95, "area_conference": 0.7, "reception": 0.5, "complaint": 0.8}[kind]
                        if rng.random() < share:
                            delay = rng.randint(11, 25) if rng.random() < 0.1 else rng.randint(1, 9)
                            if on + dt.timedelta(days=delay) < today:
                                published_on = on + dt.timedelta(days=delay)
                                published_at = _at(published_on, 16, rng.randint(0, 59))
                                state = "published"
                                minutes, minutes_rendered = minutes_for(kind, title, venue, ward.name)
                elif kind in ("conference", "area_conference") and (on - today).days <= 21:
                    state = "open"
                t_session.add(
                    id=sid, ward_id=ward.pk, kind=kind, title=title, starts_at=starts, ends_at=ends, venue=venue,
                    online_link="", agenda="1. Báo cáo của UBND phường\n2. Cư dân phát biểu, đặt câu hỏi\n"
                    "3. Lãnh đạo phường trả lời và kết luận" if kind != "reception" else "",
                    capacity=capacity, state=state, case_id=extra if kind == "complaint" else None,
                    area_id=area_id, announced_at=announced_at, announced_on=announced_on,
                    announcement_late=not notice.on_time, late_reason="" if notice.on_time else LATE,
                    held_at=held_at, held_on=held_on, results_due=results_due, minutes=minutes,
                    minutes_html=minutes_rendered, minutes_scan="", minutes_scan_type="", minutes_scan_sha256="",
                    minutes_published_at=published_at, minutes_published_on=published_on,
                    cancelled_at=cancelled_at, cancel_reason=cancel_reason, created_by_id=leader,
                    created_at=announced_at)
                counts["dialogue sessions"] += 1
                if state == "cancelled":
                    t_change.add(session_id=sid, kind="cancelled", reason=cancel_reason,
                                 before=json.dumps({"state": "planned"}), after=json.dumps({"state": "cancelled"}),
                                 actor_id=leader, created_at=cancelled_at)
                elif rng.random() < 0.03 and kind != "complaint":
                    moved_from = starts - dt.timedelta(days=rng.randint(1, 3))
                    old_on = moved_from.date() - (on - announced_on)
                    change = {"starts_at": moved_from.isoformat(), "ends_at": (ends - (starts - moved_from))
                              .isoformat(), "announced_on": old_on.isoformat(), "announcement_late": False}
                    new = {"starts_at": starts.isoformat(), "ends_at": ends.isoformat(),
                           "announced_on": announced_on.isoformat(), "announcement_late": not notice.on_time,
                           "late_reason": "" if notice.on_time else LATE}
                    t_change.add(session_id=sid, kind="rescheduled", reason=rng.choice(CANCELLED),
                                 before=json.dumps(change), after=json.dumps(new), actor_id=leader,
                                 created_at=announced_at)
                if kind == "complaint":
                    if state in ("held", "published") and rng.random() < 0.3:
                        _commitments(rng, t_commit, t_update, sid, ward.pk, None, dept_ids, held_on, today,
                                     officers, 1, fill, counts)
                    continue

                # Registrations: the share of the time to the session that has gone by, up to the capacity, then
                # the waiting list.
                until = min(starts, moment_now)
                span = max((starts - announced_at).total_seconds(), 1)
                gone = max(0.0, min(1.0, (until - announced_at).total_seconds() / span))
                wanted = {"conference": rng.randint(40, 320), "area_conference": rng.randint(8, 80),
                          "reception": rng.randint(0, 6)}[kind]
                wanted = min(len(pool), int(wanted * (0.5 + weight) * gone))
                if state != "cancelled":
                    times = sorted(_between(rng, announced_at, until) for _ in range(wanted))
                    confirmed = 0
                    for uid, queued in zip(rng.sample(pool, wanted), times, strict=True):
                        if rng.random() < 0.05:
                            status = "cancelled"
                        elif capacity is None or confirmed < capacity:
                            status, confirmed = "confirmed", confirmed + 1
                        else:
                            status = "waiting"
                        t_reg.add(session_id=sid, user_id=uid, status=status, queued_at=queued, created_at=queued,
                                  updated_at=queued)
                    counts["registrations"] += wanted

                # Questions (only once the session took questions) and their votes.
                if state == "planned" and not past:
                    continue
                if extra == "hot":
                    n_q = rng.randint(250, 400)
                else:
                    n_q = {"conference": rng.randint(15, 120), "area_conference": rng.randint(2, 20),
                           "reception": rng.choice((0, 0, 0, 1, 2, 4))}[kind]
                n_q = int(n_q * (0.4 + weight) * (gone if not past else 1))
                answered = state in ("held", "published")
                if kind == "conference" and answered:
                    conferences.append((starts, sid))
                visible: list[int] = []
                questions = []
                for _q in range(n_q):
                    qid = t_question.next_id
                    created = _between(rng, announced_at, min(starts, moment_now))
                    roll = rng.random()
                    q_state, hidden_reason, merged_into = "visible", "", None
                    if roll < 0.04:
                        q_state, hidden_reason = "hidden", rng.choice(HIDDEN)
                    elif roll < 0.08 and visible:
                        q_state, merged_into = "merged", rng.choice(visible)
                    topic = rng.choice(TOPICS) if answered or rng.random() < 0.5 else ""
                    reply = answered and q_state == "visible"
                    t_question.add(
                        id=qid, session_id=sid, author_id=rng.choice(pool), text=fill(rng.choice(QUESTIONS)),
                        topic=topic if q_state == "visible" else "", state=q_state, hidden_reason=hidden_reason,
                        merged_into_id=merged_into, answer=rng.choice(ANSWERS) if reply else "",
                        answered_at=min(held_at + dt.timedelta(hours=rng.randint(0, 120)), moment_now) if reply
                        else None,
                        answered_by_id=leader if reply else None, created_at=created)
                    if q_state == "visible":
                        visible.append(qid)
                    questions.append((qid, created))
                    alpha, factor = (1.4, 6) if kind == "conference" else (1.6, 2)
                    n_votes = min(len(pool), int((rng.paretovariate(alpha) - 1) * factor * (0.5 + weight)))
                    for uid in rng.sample(pool, n_votes):
                        t_vote.add(question_id=qid, user_id=uid,
                                   created_at=_between(rng, created, min(starts, moment_now)))
                    counts["votes"] += n_votes
                counts["questions"] += n_q

                if answered:
                    n_c = {"conference": rng.randint(3, 8), "area_conference": rng.randint(1, 4),
                           "reception": 1 if rng.random() < 0.2 else 0}[kind]
                    _commitments(rng, t_commit, t_update, sid, ward.pk, visible, dept_ids, held_on, today,
                                 officers, n_c, fill, counts)

            # Residents' requests for a dialogue, with their supporters; some answered by a conference.
            for _r in range(rng.randint(0, 2) + int(3 * weight)):
                created = _between(rng, _at(first_day, 8), moment_now)
                answered_by = next((sid for starts, sid in conferences if starts > created), None)
                rid = t_request.add(ward_id=ward.pk, title=fill("Đề nghị tổ chức đối thoại về ngập nước hẻm {hem}"),
                                    reason="Mưa là ngập, nhiều năm chưa được giải quyết; đề nghị lãnh đạo phường "
                                           "đối thoại trực tiếp với cư dân.",
                                    created_by_id=rng.choice(pool), created_at=created,
                                    session_id=answered_by if rng.random() < 0.5 else None)
                for uid in rng.sample(pool, min(len(pool), int(rng.paretovariate(1.3) * 20))):
                    t_support.add(request_id=rid, user_id=uid, created_at=_between(rng, created, moment_now))
                counts["dialogue requests"] += 1

        for t in (t_user, t_profile, t_session, t_change, t_reg, t_question, t_vote, t_commit, t_update,
                  t_request, t_support):
            t.flush()
            wrapper.execute(f"SELECT setval(pg_get_serial_sequence('{t.table}', 'id'), "
                            f"COALESCE((SELECT MAX(id) FROM {t.table}), 1))")
        counts["session changes"] = t_change.written
        counts["commitment updates"] = t_update.written
        for t in (t_user, t_profile, t_session, t_change, t_reg, t_question, t_vote, t_commit, t_update,
                  t_request, t_support):
            wrapper.execute(f"ANALYZE {t.table}")
    counts["seconds"] = round(time.monotonic() - started, 1)
    return counts


def _commitments(rng, t_commit, t_update, session_id, ward_id, questions, dept_ids, held_on, today, officers, n,
                 fill, counts) -> None:
    """`n` commitments of a held session, with a status that follows their age and their progress log."""
    for _c in range(n):
        due = held_on + dt.timedelta(days=rng.randint(30, 180))
        created = _at(held_on, 17, rng.randint(0, 59))
        roll = rng.random()
        if due < today:
            status = "done" if roll < 0.75 else "dropped" if roll < 0.83 else "in_progress" if roll < 0.95 \
                else "planned"
        else:
            status = "planned" if roll < 0.4 else "in_progress" if roll < 0.9 else "done"
        done_on = None
        if status in ("done", "dropped"):
            latest = min(today - dt.timedelta(days=1), due + dt.timedelta(days=rng.randint(1, 60)))
            early = held_on + dt.timedelta(days=(due - held_on).days // 3)
            done_on = min(latest, early + dt.timedelta(days=rng.randint(0, max(1, (due - early).days + 20))))
            done_on = max(done_on, held_on + dt.timedelta(days=1))
        reason = rng.choice(DROPPED) if status == "dropped" else ""
        cid = t_commit.add(session_id=session_id, ward_id=ward_id,
                           question_id=rng.choice(questions) if questions and rng.random() < 0.6 else None,
                           title=fill(rng.choice(COMMITMENTS)), department_id=rng.choice(dept_ids), due_date=due,
                           status=status, status_reason=reason,
                           done_on=done_on if status == "done" else None, created_at=created)
        counts["commitments"] += 1
        actor = rng.choice(officers)
        t_update.add(commitment_id=cid, status="planned", note="", actor_id=actor, created_at=created)
        if status != "planned":
            end = _at(done_on, 10) if done_on else _at(min(today, due), 9)
            middle = _between(rng, created, end)
            t_update.add(commitment_id=cid, status="in_progress", note=rng.choice(NOTES[:3]), actor_id=actor,
                         created_at=middle)
            if status in ("done", "dropped"):
                t_update.add(commitment_id=cid, status=status,
                             note=NOTES[3] if status == "done" else reason, actor_id=actor, created_at=end)


def main(argv=None) -> None:
    args = parse_args(argv)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    if settings.PRODUCTION:
        sys.exit("refusing to run against a production configuration")
    if connection.vendor != "postgresql":
        sys.exit("bench/dialogues.py loads PostgreSQL (COPY): set DATABASE_URL=postgres://…")
    try:
        counts = generate(seed=args.seed, years=args.years)
    except AlreadyGenerated as exc:
        sys.exit(str(exc))
    print(", ".join(f"{k} {v:,}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
