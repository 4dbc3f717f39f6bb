"""Disclosures through their services: publication and the 5-working-day rule, the state job on its dates, versions,
early end and withdrawal keeping history, consultations, questions and moderation, attachments, audit rows."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.utils import translation
from PIL import Image

from portal.audit.models import AuditEvent
from portal.core.errors import DomainError
from portal.disclosures import selectors, services
from portal.disclosures.models import Comment, Disclosure, DisclosureState, DisclosureVersion, Question
from portal.disclosures.tasks import advance_states
from tests.disclosure_data import disclosure_input, draft, pdf_bytes, posted
from tests.factories import image_bytes

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 2)


def at(day: dt.date):
    """Freeze the clock at 09:00 in Hà Nội on `day`."""
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 2, 0, tzinfo=dt.UTC), tick=False)


def actions(disclosure):
    return list(AuditEvent.objects.filter(object_type="disclosures.disclosure", object_id=str(disclosure.pk))
                .order_by("id").values_list("action", flat=True))


def test_an_officer_drafts_and_a_leader_publishes_within_five_working_days(ward, officer, leader):
    with at(MONDAY):
        disclosure = draft(ward, officer, decision_date=MONDAY, start=MONDAY)
        assert disclosure.state == DisclosureState.DRAFT and disclosure.disclose_by == dt.date(2026, 3, 9)
        with pytest.raises(PermissionDenied):
            services.publish_disclosure(disclosure=disclosure, actor=officer)
        services.publish_disclosure(disclosure=disclosure, actor=leader)
    disclosure.refresh_from_db()
    assert disclosure.state == DisclosureState.POSTED and disclosure.posted_on == MONDAY
    assert not disclosure.is_late
    assert actions(disclosure) == ["disclosure.drafted", "disclosure.published"]
    event = AuditEvent.objects.get(action="disclosure.published")
    assert event.actor == leader and event.ward == ward and event.data["late"] is False


def test_the_five_working_days_skip_weekends_and_the_wards_days_off(ward, officer, leader):
    from portal.deadlines.models import CalendarOverride

    CalendarOverride.objects.create(ward=ward, date=dt.date(2026, 3, 4), is_working_day=False, name="Nghỉ bù")
    disclosure = draft(ward, officer, decision_date=MONDAY, start=MONDAY, today=MONDAY)
    assert disclosure.disclose_by == dt.date(2026, 3, 10)


def test_a_disclosure_posted_after_five_working_days_is_late(ward, officer, leader):
    decision = MONDAY - dt.timedelta(days=14)
    with at(MONDAY):
        disclosure = posted(ward, officer, leader, decision_date=decision, start=MONDAY)
    assert disclosure.is_late
    assert list(selectors.staff_overview(officer, today=MONDAY)["late"]) == [disclosure]
    figures = selectors.dashboard_figures(ward_ids=[ward.pk], first=MONDAY, last=MONDAY)
    assert figures == {ward.pk: {"posted": 1, "posted_on_time": 0, "late": 1}}


def test_the_state_job_posts_on_the_first_day_and_ends_after_the_last(ward, officer, leader):
    start = MONDAY + dt.timedelta(days=3)
    with at(MONDAY):
        disclosure = posted(ward, officer, leader, decision_date=MONDAY, start=start)
    assert disclosure.state == DisclosureState.SCHEDULED and disclosure.posted_on is None
    with at(start - dt.timedelta(days=1)):
        assert advance_states.delay().get() == {"posted": 0, "ended": 0}
    with at(start):
        assert advance_states.delay().get() == {"posted": 1, "ended": 0}
        assert advance_states.delay().get() == {"posted": 0, "ended": 0}  # idempotent
    disclosure.refresh_from_db()
    assert disclosure.state == DisclosureState.POSTED and disclosure.posted_on == start
    last = disclosure.posting_end
    with at(last):
        assert advance_states.delay().get() == {"posted": 0, "ended": 0}  # still on its last day
    with at(last + dt.timedelta(days=1)):
        assert advance_states.delay().get() == {"posted": 0, "ended": 1}
        assert advance_states.delay().get() == {"posted": 0, "ended": 0}
    disclosure.refresh_from_db()
    assert disclosure.state == DisclosureState.ENDED and disclosure.ended_on == last
    assert actions(disclosure)[-2:] == ["disclosure.posted", "disclosure.ended"]


def test_a_permanent_posting_never_ends_by_itself(ward, officer, leader):
    with at(MONDAY):
        disclosure = posted(ward, officer, leader, number=13, title="Thủ tục hành chính cấp phường")
    assert disclosure.posting_end is None
    with at(MONDAY + dt.timedelta(days=3650)):
        advance_states()
    disclosure.refresh_from_db()
    assert disclosure.state == DisclosureState.POSTED


def test_the_job_is_in_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["disclosure-states"]
    assert entry["task"] == "disclosures.advance_states"


def test_a_correction_makes_a_new_version_and_keeps_the_old_one(ward, officer, leader):
    with at(MONDAY):
        disclosure = posted(ward, officer, leader, decision_date=MONDAY)
    with pytest.raises(ValidationError):
        services.correct_disclosure(disclosure=disclosure, actor=officer, title="Sửa", body="x", reason="")
    with at(MONDAY + dt.timedelta(days=1)):
        version = services.correct_disclosure(disclosure=disclosure, actor=officer, title="Dự toán (đã sửa)",
                                              body="Tổng thu **13 tỷ đồng**.", reason="Sửa số liệu tổng thu")
    disclosure.refresh_from_db()
    assert version.number == 2 and disclosure.version_number == 2 and disclosure.title == "Dự toán (đã sửa)"
    versions = list(DisclosureVersion.objects.filter(disclosure=disclosure).order_by("number"))
    assert [v.title for v in versions] == ["Dự toán ngân sách phường năm 2027", "Dự toán (đã sửa)"]
    assert "12 tỷ" in versions[0].body_html and versions[1].reason == "Sửa số liệu tổng thu"
    found = selectors.version_of(None, disclosure.pk, 1)
    assert found is not None and found[1].valid_until == versions[1].created_at
    event = AuditEvent.objects.get(action="disclosure.corrected")
    assert event.data["reason"] == "Sửa số liệu tổng thu" and event.data["before"]["version"] == 1


def test_withdrawal_keeps_the_disclosure_listed_with_its_reason(ward, officer, leader):
    with at(MONDAY):
        disclosure = posted(ward, officer, leader)
        with pytest.raises(PermissionDenied):
            services.withdraw_disclosure(disclosure=disclosure, actor=officer, reason="Nhầm")
        with pytest.raises(ValidationError):
            services.withdraw_disclosure(disclosure=disclosure, actor=leader, reason=" ")
        services.withdraw_disclosure(disclosure=disclosure, actor=leader, reason="Quyết định bị thay thế")
    disclosure.refresh_from_db()
    assert disclosure.state == DisclosureState.WITHDRAWN and disclosure.withdrawn_reason == "Quyết định bị thay thế"
    assert list(selectors.register(None, selectors.RegisterFilters())) == [disclosure]
    with pytest.raises(DomainError):
        services.correct_disclosure(disclosure=disclosure, actor=leader, title="x", body="", reason="y")


def test_an_early_end_needs_a_leader_and_a_reason_and_is_flagged_before_the_minimum(ward, officer, leader):
    with at(MONDAY):
        disclosure = posted(ward, officer, leader)
    with at(MONDAY + dt.timedelta(days=5)):
        with pytest.raises(PermissionDenied):
            services.end_early(disclosure=disclosure, actor=officer, reason="Hết hiệu lực")
        with pytest.raises(ValidationError):
            services.end_early(disclosure=disclosure, actor=leader, reason="")
        services.end_early(disclosure=disclosure, actor=leader, reason="Quyết định hết hiệu lực")
    disclosure.refresh_from_db()
    assert disclosure.state == DisclosureState.ENDED and disclosure.ended_on == MONDAY + dt.timedelta(days=5)
    assert AuditEvent.objects.get(action="disclosure.ended_early").data["before_minimum"] is True
    assert selectors.staff_overview(leader, today=MONDAY + dt.timedelta(days=5))["ended_early"] == [disclosure]


def test_nothing_can_be_deleted(ward, officer, leader):
    with at(MONDAY):
        disclosure = posted(ward, officer, leader)
        services.ask_question(disclosure=disclosure, actor=None, body="Xin hỏi chi tiết khoản chi?")
    with pytest.raises(ProtectedError):
        disclosure.ward.delete()
    with pytest.raises(ProtectedError):
        disclosure.delete()  # its versions and questions protect it
    assert not hasattr(services, "delete_disclosure")
    assert Disclosure.objects.count() == 1


def test_attachments_are_checked_by_content_hashed_and_images_lose_their_metadata(ward, officer):
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh của cán bộ"
    photo = SimpleUploadedFile("bang-tin.jpg", image_bytes(exif=exif), content_type="image/jpeg")
    pdf = SimpleUploadedFile("du-toan.pdf", pdf_bytes(), content_type="application/pdf")
    disclosure = draft(ward, officer, files=[pdf], notice_photo=photo)
    files = list(disclosure.attachments.order_by("id"))
    assert [a.kind for a in files] == ["pdf", "image"] and files[1].is_notice_photo
    import hashlib

    assert files[0].sha256 == hashlib.sha256(files[0].file.open("rb").read()).hexdigest()
    assert b"M\xc3\xa1y" not in files[1].file.open("rb").read()
    assert disclosure.notice_photo == files[1]
    fake = SimpleUploadedFile("du-toan.pdf", b"<script>alert(1)</script>", content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        draft(ward, officer, files=[fake])
    assert "files" in caught.value.message_dict
    not_image = SimpleUploadedFile("anh.jpg", pdf_bytes(), content_type="image/jpeg")
    with pytest.raises(ValidationError) as caught:
        draft(ward, officer, notice_photo=not_image)
    assert "notice_photo" in caught.value.message_dict


def test_a_draft_is_edited_in_place_but_not_after_publication(ward, officer, leader):
    disclosure = draft(ward, officer)
    services.update_draft(disclosure=disclosure, actor=officer, data=disclosure_input(title="Tiêu đề mới"))
    assert DisclosureVersion.objects.get(disclosure=disclosure).title == "Tiêu đề mới"
    services.publish_disclosure(disclosure=disclosure, actor=leader)
    with pytest.raises(DomainError):
        services.update_draft(disclosure=disclosure, actor=officer, data=disclosure_input())


YEARS = "Chọn một ngày trong các năm từ 1901 đến 2100."


@pytest.fixture
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.mark.parametrize("day", [dt.date(1, 1, 1), dt.date(1900, 12, 31), dt.date(2101, 1, 1), dt.date(9999, 12, 31)])
def test_dates_outside_the_working_calendar_are_field_errors(ward, officer, day, vietnamese):
    # The five working days to disclose are counted from the decision in the ward's calendar (1901–2100): a date
    # outside it used to end in OutOfRange (500), and 9999-12-20 + 30 days of posting in OverflowError.
    with pytest.raises(ValidationError) as caught:
        draft(ward, officer, decision_date=day, start=day, end=day if day.year > 2100 else None)
    errors = caught.value.message_dict
    assert errors["decision_date"] == [YEARS] and errors["posting_start"] == [YEARS]
    assert not Disclosure.objects.exists()


def test_a_posting_end_outside_the_calendar_is_refused_on_create_and_on_edit(ward, officer, vietnamese):
    start = dt.date(9999, 12, 20)
    with pytest.raises(ValidationError) as caught:
        draft(ward, officer, number=2, start=start, end=dt.date(9999, 12, 31), title="")
    assert caught.value.message_dict == {"title": ["Hãy nhập tiêu đề."],
                                         "decision_date": [YEARS], "posting_start": [YEARS], "posting_end": [YEARS]}
    disclosure = draft(ward, officer, number=2)
    with pytest.raises(ValidationError) as caught:
        services.update_draft(disclosure=disclosure, actor=officer,
                              data=disclosure_input(number=2, start=disclosure.posting_start, end=dt.date(2200, 1, 1)))
    assert caught.value.message_dict == {"posting_end": [YEARS]}


def test_a_decision_whose_time_to_disclose_runs_past_the_calendar_is_refused(ward, officer, vietnamese):
    last = dt.date(2100, 12, 29)  # the five working days after it fall in 2101
    with pytest.raises(ValidationError) as caught:
        draft(ward, officer, number=4, decision_date=last, start=last)
    assert caught.value.message_dict == {"decision_date": [
        "Thời hạn công khai quyết định này kéo dài quá năm 2100, ngoài phạm vi lịch làm việc."]}
    assert draft(ward, officer, number=4, decision_date=dt.date(2100, 12, 1), start=dt.date(2100, 12, 1)).pk


def test_supervisors_and_other_wards_cannot_write(ward, officer, supervisor, outsider_officer):
    with pytest.raises(PermissionDenied):
        draft(ward, supervisor)
    with pytest.raises(PermissionDenied):
        draft(ward, outsider_officer)


def test_a_comment_period_opens_takes_comments_and_closes_with_a_synthesis(ward, officer, leader):
    with at(MONDAY):
        disclosure = posted(ward, officer, leader, number=11)
        with pytest.raises(ValidationError):
            services.open_consultation(disclosure=disclosure, actor=officer, question="Ý kiến?",
                                       opens_on=MONDAY, closes_on=MONDAY + dt.timedelta(days=10))
        consultation = services.open_consultation(
            disclosure=disclosure, actor=officer, question="Ý kiến về phương án chỉnh trang hẻm?",
            opens_on=MONDAY + dt.timedelta(days=1), closes_on=MONDAY + dt.timedelta(days=20))
        with pytest.raises(DomainError):  # not open yet
            services.submit_comment(consultation=consultation, actor=None, body="Tôi đồng ý với phương án.")
    with at(MONDAY + dt.timedelta(days=20)):
        comment = services.submit_comment(consultation=consultation, actor=None, body="Tôi đồng ý với phương án.",
                                          author_name="Lê Văn Tám", show_name=False, contact="0909000111")
        assert comment.public_name == ""
        with pytest.raises(DomainError):
            services.publish_synthesis(consultation=consultation, actor=officer, synthesis="a", explanation="b")
    with at(MONDAY + dt.timedelta(days=21)):
        with pytest.raises(DomainError):  # closed
            services.submit_comment(consultation=consultation, actor=None, body="Góp ý trễ hạn ạ.")
        services.publish_synthesis(consultation=consultation, actor=officer, synthesis="1 ý kiến đồng ý.",
                                   explanation="Phường giữ nguyên phương án.")
    consultation.refresh_from_db()
    assert consultation.synthesis_published_at is not None and "đồng ý" in consultation.synthesis_html
    assert AuditEvent.objects.filter(action__startswith="disclosure.").filter(
        action__in=["disclosure.consultation_opened", "disclosure.comment_submitted",
                    "disclosure.synthesis_published"]).count() == 3


def test_questions_are_answered_publicly_and_moderators_hide_abuse_with_a_reason(ward, officer, leader):
    with at(MONDAY):
        disclosure = posted(ward, officer, leader)
        draft_one = draft(ward, officer)
    with pytest.raises(DomainError):
        services.ask_question(disclosure=draft_one, actor=None, body="Câu hỏi vào bản nháp?")
    with pytest.raises(ValidationError):
        services.ask_question(disclosure=disclosure, actor=None, body="Câu hỏi", show_name=True, author_name="")
    question = services.ask_question(disclosure=disclosure, actor=None, body="Khoản chi 2 tỷ dùng vào việc gì?",
                                     author_name="Trần Thị Mai", show_name=True, contact="mai@example.vn")
    abuse = services.ask_question(disclosure=disclosure, actor=None, body="Lời lẽ xúc phạm cán bộ phường.")
    services.answer_question(question=question, actor=officer, answer="Khoản chi dùng để nâng cấp hẻm 12.")
    with pytest.raises(ValidationError):
        services.hide_post(post=abuse, actor=officer, reason="")
    services.hide_post(post=abuse, actor=officer, reason="Lời lẽ xúc phạm")
    abuse.refresh_from_db()
    assert abuse.is_hidden and abuse.hidden_reason == "Lời lẽ xúc phạm" and abuse.hidden_by == officer
    assert abuse.body == "Lời lẽ xúc phạm cán bộ phường."  # kept, only hidden
    public = selectors.disclosure_page(None, disclosure.pk)
    assert [(q.pk, q.is_hidden) for q in public.questions_list] == [(question.pk, False), (abuse.pk, True)]
    assert not public.is_staff_view and selectors.disclosure_page(officer, disclosure.pk).is_staff_view
    assert AuditEvent.objects.filter(action="disclosure.question_hidden", data__reason="Lời lẽ xúc phạm").exists()
    assert Question.objects.count() == 2 and Comment.objects.count() == 0


def test_dashboard_figures_in_one_query(ward, other_ward, officer, leader, django_assert_num_queries):
    from tests.factories import MembershipFactory, UserFactory

    other_leader = MembershipFactory(user=UserFactory(username="chutich_bt", is_staff=True), ward=other_ward,
                                     role="leader").user
    with at(MONDAY):
        posted(ward, officer, leader, decision_date=MONDAY)
        posted(ward, officer, leader, decision_date=MONDAY - dt.timedelta(days=20))
        posted(other_ward, other_leader, other_leader, decision_date=MONDAY)
        draft(ward, officer)
    with django_assert_num_queries(1):
        figures = selectors.dashboard_figures(ward_ids=None, first=MONDAY, last=MONDAY)
    assert figures == {ward.pk: {"posted": 2, "posted_on_time": 1, "late": 1},
                       other_ward.pk: {"posted": 1, "posted_on_time": 1, "late": 0}}
    assert selectors.dashboard_figures(ward_ids=[other_ward.pk], first=MONDAY, last=MONDAY).keys() == {other_ward.pk}
    assert selectors.dashboard_figures(ward_ids=None, first=MONDAY + dt.timedelta(days=1),
                                       last=MONDAY + dt.timedelta(days=9)) == {}
