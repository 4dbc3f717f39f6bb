"""Demo data of portal.disclosures for `make run` (called by seed_demo; must be idempotent).

Everything goes through the services, with the demo staff as actors, so versions, audit rows and states are real:
for Phú Nhuận a budget estimate with its PDF and a correction, a support list posted late, the administrative
procedures (permanent), a lane project under consultation with a comment and an answered question, a fee list whose
posting ended, a withdrawn notice and a draft; for Bình Thạnh two postings."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from . import services
from .models import Disclosure, DisclosureCategory

STAFF = {"PN17": ("canbo", "chutich"), "BT03": ("canbo_bt", "chutich_bt")}


def _pdf(title: str) -> SimpleUploadedFile:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    buf = io.BytesIO()
    writer.write(buf)
    return SimpleUploadedFile("tai-lieu.pdf", buf.getvalue(), content_type="application/pdf")


def seed(*, wards, today) -> dict[str, int]:
    """Create the demo records when none exist in the demo wards; return what was created, by kind."""
    if not wards or Disclosure.objects.filter(ward__in=list(wards.values())).exists():
        return {}
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=[name for pair in STAFF.values() for name in pair])}
    categories = {c.number: c for c in DisclosureCategory.objects.all()}
    counts = {"disclosures": 0, "disclosure questions": 0, "disclosure comments": 0}

    def make(ward, number, title, body, *, decided, start, days=None, forms=("portal", "office_board"), files=(),
             publish_on=None):
        officer, leader = users[STAFF[ward.code][0]], users[STAFF[ward.code][1]]
        category = categories[number]
        forms = list(forms) + (["loudspeaker"] if category.loudspeaker_min_days else [])
        end = None if category.is_permanent else start + dt.timedelta(days=(days or category.board_min_days or 30) - 1)
        disclosure = services.create_disclosure(ward=ward, actor=officer, data=services.DisclosureInput(
            category=category, title=title, body=body, decision_date=decided,
            decision_reference=f"{number:02d}/QĐ-UBND",
            posting_start=start, posting_end=end, forms=forms,
            loudspeaker_days=category.loudspeaker_min_days, files=list(files)))
        counts["disclosures"] += 1
        if publish_on is not None:
            disclosure = services.publish_disclosure(disclosure=disclosure, actor=leader, today=publish_on)
        return disclosure, officer, leader

    for code, ward in wards.items():
        if code not in STAFF or not all(name in users for name in STAFF[code]):
            continue
        if code == "PN17":
            budget, officer, leader = make(
                ward, 2, f"Công khai dự toán ngân sách phường năm {today.year + 1}",
                "## Tổng thu ngân sách\n\n| Khoản | Số tiền |\n|---|---|\n| Thu phí chợ | 1,2 tỷ đồng |\n"
                "| Thu từ ngân sách cấp trên | 10,8 tỷ đồng |\n\n**Tổng cộng: 12 tỷ đồng.**\n\n"
                "Chi tiết xem tệp đính kèm.", decided=today - dt.timedelta(days=9), start=today - dt.timedelta(days=7),
                files=[_pdf("Dự toán ngân sách")], publish_on=today - dt.timedelta(days=7))
            services.correct_disclosure(disclosure=budget, actor=officer, title=budget.title,
                                        body=budget.body.replace("10,8 tỷ", "10,9 tỷ").replace("12 tỷ", "12,1 tỷ"),
                                        reason="Đính chính số thu từ ngân sách cấp trên theo quyết định giao dự toán.")
            question = services.ask_question(disclosure=budget, actor=None,
                                             body="Khoản chi sửa chữa hẻm 12 nằm ở mục nào của dự toán?",
                                             author_name="Trần Thị Mai", show_name=True)
            services.answer_question(question=question, actor=officer,
                                     answer="Khoản này thuộc mục chi đầu tư phát triển, 850 triệu đồng.")
            services.ask_question(disclosure=budget, actor=None, body="Phí chợ năm nay có tăng so với năm ngoái không?")
            counts["disclosure questions"] += 2
            make(ward, 7, "Danh sách hộ nghèo, hộ cận nghèo được hỗ trợ tiền điện quý này",
                 "Danh sách gồm 46 hộ tại 5 khu phố. Người dân có ý kiến liên hệ bộ phận Văn hóa - Xã hội.",
                 decided=today - dt.timedelta(days=25), start=today - dt.timedelta(days=12),
                 publish_on=today - dt.timedelta(days=12))
            make(ward, 13, "Danh mục thủ tục hành chính thuộc thẩm quyền giải quyết của phường",
                 "Gồm 112 thủ tục: chứng thực, hộ tịch, đất đai, đăng ký kinh doanh hộ cá thể…",
                 decided=today - dt.timedelta(days=40), start=today - dt.timedelta(days=38),
                 publish_on=today - dt.timedelta(days=38))
            project, officer, leader = make(
                ward, 3, "Dự án chỉnh trang, nâng cấp hẻm 12 đường Phan Đình Phùng",
                "Phường lấy ý kiến Nhân dân về phương án mở rộng hẻm và bố trí chỗ để xe.",
                decided=today - dt.timedelta(days=3), start=today - dt.timedelta(days=2),
                publish_on=today - dt.timedelta(days=2))
            consultation = services.open_consultation(
                disclosure=project, actor=officer, question="Bà con có đồng ý với phương án mở rộng hẻm 12 lên 4 m?",
                opens_on=today, closes_on=today + dt.timedelta(days=24), today=today)
            services.submit_comment(consultation=consultation, actor=None, today=today,
                                    body="Tôi đồng ý, đề nghị làm vào mùa khô để không ảnh hưởng việc đi lại.",
                                    author_name="Nguyễn Văn Hùng", show_name=True)
            counts["disclosure comments"] += 1
            fees, _officer, _leader = make(
                ward, 12, "Mức thu phí sử dụng tạm thời lòng đường, hè phố",
                "Áp dụng theo nghị quyết của HĐND Thành phố.",
                decided=today - dt.timedelta(days=70), start=today - dt.timedelta(days=68),
                publish_on=today - dt.timedelta(days=68))
            services.advance_states(today=today)  # its 30 days are over: it ends
            notice, _officer, leader = make(
                ward, 14, "Thông báo lịch tiếp công dân tháng này", "Chủ tịch UBND phường tiếp công dân sáng thứ Năm.",
                decided=today - dt.timedelta(days=5), start=today - dt.timedelta(days=5), days=30,
                publish_on=today - dt.timedelta(days=5))
            services.withdraw_disclosure(disclosure=notice, actor=leader, today=today,
                                         reason="Thay bằng lịch mới do thay đổi ngày tiếp công dân.")
            make(ward, 5, "Kết quả vận động Quỹ Vì người nghèo năm nay", "Bản nháp, chờ số liệu của Mặt trận.",
                 decided=today, start=today + dt.timedelta(days=2))
        else:
            make(ward, 1, f"Kế hoạch phát triển kinh tế - xã hội năm {today.year + 1}",
                 "Các chỉ tiêu chủ yếu: thu ngân sách tăng 8%, 100% hẻm có đèn chiếu sáng.",
                 decided=today - dt.timedelta(days=4), start=today - dt.timedelta(days=3),
                 publish_on=today - dt.timedelta(days=3))
            make(ward, 8, "Hỗ trợ hộ dân bị thiệt hại do triều cường", "Danh sách 18 hộ, mức hỗ trợ 3 triệu đồng/hộ.",
                 decided=today - dt.timedelta(days=6), start=today - dt.timedelta(days=1),
                 publish_on=today - dt.timedelta(days=1))
    return {k: v for k, v in counts.items() if v}
