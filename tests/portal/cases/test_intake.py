"""Filing a case through the one intake service: rules per kind, attachments, audit, notifications."""

import datetime as dt
import threading

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connections
from PIL import Image

from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from portal.cases.models import Attachment, Case, Message
from portal.cases.services import Submission, submit_case
from portal.notifications.models import Notification
from tests.factories import AreaFactory, CategoryFactory, image_bytes

pytestmark = pytest.mark.django_db


def feedback(ward, category, **overrides):
    values = {"ward": ward, "kind": "feedback", "category": category, "title": "Đèn đường hỏng",
              "description": "Đèn đường trước nhà số 12 hỏng đã hai tuần, buổi tối rất tối."}
    values.update(overrides)
    return Submission(**values)


def complaint(ward, category, **overrides):
    values = {"kind": "complaint", "contact_name": "Nguyễn Văn An", "contact_address": "12 Lê Lợi, Khu phố 1",
              "decision_date": dt.date(2026, 11, 1), "title": "Khiếu nại quyết định xử phạt",
              "description": "Tôi không đồng ý với quyết định xử phạt vi phạm hành chính số 15/QĐ-XPVPHC."}
    values.update(overrides)
    return feedback(ward, category, **values)


@time_machine.travel(dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC), tick=False)
def test_anonymous_feedback_is_filed_with_tracking_code_due_date_and_timeline(ward, category, area):
    submitted = submit_case(submission=feedback(ward, category, area=area, is_anonymous=True,
                                                contact_name="should be dropped"))
    case = submitted.case
    assert case.tracking_code == "PN17-2026-000001"
    assert case.state == "received"
    assert case.contact_name == ""
    assert case.received_on == dt.date(2026, 11, 25)
    assert case.due_date is not None and case.due_date > case.received_on
    assert case.check_token(submitted.access_token)
    assert submitted.access_token not in case.access_token_hash
    assert list(case.messages.values_list("kind", "is_public")) == [("submission", True)]


def test_tracking_codes_count_up_per_ward_and_year(ward, other_ward, category):
    codes = [submit_case(submission=feedback(w, category)).case.tracking_code for w in (ward, ward, other_ward)]
    year = Case.objects.first().received_on.year
    assert codes == [f"PN17-{year}-000001", f"PN17-{year}-000002", f"BT01-{year}-000001"]


@pytest.mark.parametrize(
    ("kind", "overrides", "field"),
    [
        ("complaint", {"contact_name": ""}, "contact_name"),
        ("complaint", {"contact_address": ""}, "contact_address"),
        ("complaint", {"decision_date": None}, "decision_date"),
        ("complaint", {"is_anonymous": True}, "is_anonymous"),
        ("denunciation", {"contact_phone": "", "contact_email": ""}, "contact_phone"),
        ("denunciation", {"is_anonymous": True}, "denounced_person"),
        ("feedback", {"notify_by": "email", "contact_email": ""}, "contact_email"),
        ("feedback", {"notify_by": "sms", "contact_phone": ""}, "contact_phone"),
        ("feedback", {"signatory_count": 6, "representative_name": ""}, "representative_name"),
        ("feedback", {"latitude": 10.8}, "latitude"),
    ],
)
def test_kind_rules_refuse_with_a_field_message_and_create_nothing(ward, category, kind, overrides, field):
    base = complaint(ward, category) if kind != "feedback" else feedback(ward, category)
    base.kind = kind
    for key, value in overrides.items():
        setattr(base, key, value)
    with pytest.raises(ValidationError) as excinfo:
        submit_case(submission=base)
    assert field in excinfo.value.message_dict
    assert all(excinfo.value.message_dict[field])
    assert Case.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_category_must_apply_to_the_kind_and_area_to_the_ward(ward, other_ward):
    only_feedback = CategoryFactory(code="den-duong", kinds=["feedback"])
    with pytest.raises(ValidationError) as excinfo:
        submit_case(submission=complaint(ward, only_feedback, area=AreaFactory(ward=other_ward)))
    assert set(excinfo.value.message_dict) >= {"category", "area"}


@time_machine.travel(dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC), tick=False)
def test_complaint_older_than_90_days_is_flagged_not_refused(ward, category):
    late = submit_case(submission=complaint(ward, category, decision_date=dt.date(2026, 8, 1))).case
    on_time = submit_case(submission=complaint(ward, category, decision_date=dt.date(2026, 8, 27))).case
    assert late.is_late_filing is True
    assert on_time.is_late_filing is False


def test_denunciation_with_identity_is_accepted(ward, category):
    case = submit_case(submission=complaint(ward, category, kind="denunciation", contact_phone="0903123456",
                                            decision_date=None)).case
    assert case.kind == "denunciation" and case.contact_phone == "0903123456"


def test_email_confirmation_is_queued_and_sent_once_after_commit(ward, category, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit_case(submission=feedback(ward, category, contact_email="an@example.vn",
                                                    notify_by="email", contact_name="An"))
    notification = Notification.objects.get()
    assert notification.state == "sent"
    assert len(mail.outbox) == 1
    assert submitted.case.tracking_code in mail.outbox[0].subject
    assert submitted.access_token in mail.outbox[0].body
    assert "Mã theo dõi" in mail.outbox[0].body or "Tracking code" in mail.outbox[0].body


def test_sms_confirmation_goes_to_the_phone(ward, category, sms_outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit_case(submission=feedback(ward, category, contact_phone="0903 123 456", notify_by="sms"))
    assert [m["to"] for m in sms_outbox] == ["0903 123 456"]
    assert mail.outbox == []


def test_no_notification_is_sent_before_commit(ward, category, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit_case(submission=feedback(ward, category, contact_email="an@example.vn", notify_by="email"))
    assert mail.outbox == []
    assert len(callbacks) == 1


def _exif_with_gps():
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {1: "N", 2: (10.0, 48.0, 0.0), 3: "E", 4: (106.0, 41.0, 0.0)}  # GPS IFD
    return exif


def test_photo_is_stored_without_exif_or_gps_and_gets_a_thumbnail(ward, category, make_upload,
                                                                  django_capture_on_commit_callbacks):
    photo = make_upload("anh.jpg", image_bytes(exif=_exif_with_gps()), "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        case = submit_case(submission=feedback(ward, category, files=[photo])).case
    attachment = Attachment.objects.get(case=case)
    with attachment.file.open("rb") as fh, Image.open(fh) as img:
        assert not img.getexif()
        assert "exif" not in img.info
    assert b"SecretCam" not in attachment.file.open("rb").read()
    attachment.refresh_from_db()
    assert attachment.thumbnail, "thumbnail made by the Celery task after commit"
    assert attachment.sha256 and attachment.content_type == "image/jpeg"


def test_fake_image_refuses_the_whole_case(ward, category, make_upload):
    fake = make_upload("anh.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
    with pytest.raises(ValidationError) as excinfo:
        submit_case(submission=feedback(ward, category, files=[fake]))
    assert "files" in excinfo.value.message_dict
    assert Case.objects.count() == Attachment.objects.count() == Message.objects.count() == 0


def test_more_than_five_files_are_refused(ward, category, make_upload):
    files = [make_upload(f"{i}.png", image_bytes("PNG"), "image/png") for i in range(6)]
    with pytest.raises(ValidationError) as excinfo:
        submit_case(submission=feedback(ward, category, files=files))
    assert "files" in excinfo.value.message_dict


def test_submission_writes_an_audit_event_without_personal_data_and_the_chain_verifies(ward, category):
    submit_case(submission=complaint(ward, category, contact_phone="0903999888"))
    submit_case(submission=feedback(ward, category))
    events = list(AuditEvent.objects.all())
    assert [e.action for e in events] == ["case.submitted", "case.submitted"]
    assert "Nguyễn Văn An" not in str(events[0].data) and "0903999888" not in str(events[0].data)
    assert verify_chain().ok


def test_a_signed_in_resident_owns_the_case_but_staff_filing_does_not(ward, category, resident, officer):
    assert submit_case(submission=feedback(ward, category), actor=resident).case.owner == resident
    assert submit_case(submission=feedback(ward, category), actor=officer).case.owner is None


def test_a_submission_that_fails_after_taking_a_number_gives_it_back(ward, category, monkeypatch):
    from portal.cases import services

    def broken(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services, "record", broken)
    # The transaction's path (files, SQLite); the one statement of PostgreSQL: tests/portal/cases/test_filing_sql.py
    monkeypatch.setattr(services.filing_sql, "file", lambda filing, ref=None: False)
    with pytest.raises(RuntimeError):
        submit_case(submission=feedback(ward, category))
    monkeypatch.undo()
    assert Case.objects.count() == 0
    assert submit_case(submission=feedback(ward, category)).case.tracking_code.endswith("-000001")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not settings.USING_POSTGRES, reason="needs concurrent transactions (PostgreSQL)")
def test_simultaneous_submissions_to_one_ward_get_consecutive_numbers_and_one_audit_chain(ward, category):
    start = threading.Barrier(6, timeout=30)
    codes, errors = [], []

    def file():
        try:
            start.wait()
            codes.append(submit_case(submission=feedback(ward, category)).case.tracking_code)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=file) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert sorted(int(code.rsplit("-", 1)[1]) for code in codes) == [1, 2, 3, 4, 5, 6]
    assert AuditEvent.objects.filter(action="case.submitted").count() == 6
    assert verify_chain().ok
