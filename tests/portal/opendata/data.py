"""A fixture of cases for the open-data tests: every personal field filled with a distinctive value (NEEDLES) that
must never appear in an export row or a public page."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from portal.cases import services
from portal.cases.models import Case, Message

CONSENTED = {"contact_name": "Nguyễn Thị Lan", "contact_phone": "0912 345 678",
             "contact_email": "lan.riengtu@example.vn", "contact_address": "12 Ngõ Bí Mật Lan, tổ 3"}
NOT_CONSENTED = {"contact_name": "Trần Văn Kín", "contact_phone": "0977111222", "contact_email": "kin.an@example.vn",
                 "contact_address": "45 Hẻm Kín Đáo"}
DENOUNCER = {"contact_name": "Lê Tố Giác", "contact_phone": "0988000111", "contact_email": "togiac.an@example.vn",
             "contact_address": "99 Hẻm Người Tố"}
COMPLAINANT = {"contact_name": "Phạm Khiếu Nại", "contact_phone": "0909888777", "contact_email": "khieunai@example.vn",
               "contact_address": "7 Phố Khiếu Nại"}
REPRESENTATIVE = "Võ Đại Diện Tố"
ISSUE_ADDRESS = "88 Hẻm Riêng Tư Số Nhà"
SECRET_TITLES = ("Chuyện riêng chưa đồng ý công khai", "Tố cáo cán bộ phường thu tiền")
NEEDLES = [*CONSENTED.values(), *NOT_CONSENTED.values(), *DENOUNCER.values(), *COMPLAINANT.values(),
           REPRESENTATIVE, ISSUE_ADDRESS, "10.7991", "106.6801", "Nội dung tố cáo bí mật", *SECRET_TITLES]


@dataclass
class OpenDataWorld:
    consented: Case  # feedback, consented, answered with the resident's name in the salutation
    complaint: Case  # other ward, consented, answered
    not_consented: Case  # answered, but no consent
    denunciation: Case  # consented (by mistake) and answered: still never published
    anonymous: Case  # anonymous feedback, consented, answered
    unanswered: Case  # consented, no official answer yet


def _submit(*, ward, category, kind="feedback", title, description="Nội dung mô tả của đơn thử nghiệm.", area=None,
            contacts=None, received_on=dt.date(2026, 3, 2), **extra):
    submission = services.Submission(ward=ward, kind=kind, category=category, title=title, description=description,
                                     area=area, notify_by="none", **(contacts or {}), **extra)
    case = services.submit_case(submission=submission, actor=None).case
    Case.objects.filter(pk=case.pk).update(received_on=received_on)
    case.refresh_from_db()
    return case


def answer(case, body, *, on=dt.date(2026, 3, 20), due=dt.date(2026, 3, 25), public=True):
    at = timezone.make_aware(dt.datetime.combine(on, dt.time(9, 30)))
    Message.objects.create(case=case, kind="answer", body=body, is_public=public, created_at=at)
    Case.objects.filter(pk=case.pk).update(state="answered", answered_at=at, answer_due_date=due)
    case.refresh_from_db()
    return case


def build(*, ward, other_ward, category, area) -> OpenDataWorld:
    consented = _submit(
        ward=ward, category=category, area=area, title="Đường Lê Lợi ngập nước sau mưa",
        description=f"Tôi là {CONSENTED['contact_name']}, điện thoại 0912.345.678, nhà ở {ISSUE_ADDRESS}. "
                    "Mỗi lần mưa là ngập.",
        address=ISSUE_ADDRESS, latitude=Decimal("10.799100"), longitude=Decimal("106.680100"), publish_consent=True,
        contacts=CONSENTED, signatory_count=3)
    answer(consented, "Kính gửi bà Lan,\nPhường đã nạo vét cống trên đường Lê Lợi. "
                      f"Mọi thắc mắc xin gửi {CONSENTED['contact_email']} hoặc gọi 0912345678. "
                      "Trân trọng cảm ơn bà Nguyễn Thị Lan.")
    complaint = _submit(
        ward=other_ward, kind="complaint", category=category, title="Khiếu nại quyết định xử phạt vỉa hè",
        description="Tôi không đồng ý với quyết định xử phạt.", publish_consent=True, contacts=COMPLAINANT,
        received_on=dt.date(2026, 5, 10), decision_date=dt.date(2026, 5, 1))
    answer(complaint, "Giữ nguyên quyết định xử phạt.", on=dt.date(2026, 6, 20), due=dt.date(2026, 6, 10))
    not_consented = _submit(ward=ward, category=category, area=area, title=SECRET_TITLES[0],
                            contacts=NOT_CONSENTED, address="45 Hẻm Kín Đáo")
    answer(not_consented, "Trả lời riêng cho ông Kín.")
    denunciation = _submit(
        ward=ward, kind="denunciation", category=category, area=area, title=SECRET_TITLES[1],
        description="Nội dung tố cáo bí mật về cán bộ.", publish_consent=True, contacts=DENOUNCER, signatory_count=6,
        representative_name=REPRESENTATIVE, channel="walk_in", received_on=dt.date(2026, 4, 1))
    answer(denunciation, "Kết luận nội dung tố cáo.")
    anonymous = _submit(ward=ward, category=category, title="Đèn đường tắt cả tuần", publish_consent=True,
                        is_anonymous=True, received_on=dt.date(2026, 1, 15))
    answer(anonymous, "Đã thay bóng đèn.", on=dt.date(2026, 1, 20), due=dt.date(2026, 1, 30))
    unanswered = _submit(ward=ward, category=category, title="Rác chưa được thu gom", publish_consent=True,
                         contacts=CONSENTED, received_on=dt.date(2026, 6, 1))
    return OpenDataWorld(consented=consented, complaint=complaint, not_consented=not_consented,
                         denunciation=denunciation, anonymous=anonymous, unanswered=unanswered)
