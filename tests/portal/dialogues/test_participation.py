"""Residents register, ask and vote; staff moderate, answer, publish minutes and keep commitments."""

import datetime as dt
import threading

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections  # noqa: F401 - connection: the skipif condition

from portal.audit.models import AuditEvent
from portal.core.errors import DomainError
from portal.dialogues import services
from portal.dialogues.models import (
    Commitment,
    CommitmentStatus,
    QuestionState,
    Registration,
    RegistrationStatus,
    SessionState,
    Vote,
)
from portal.notifications.models import Notification
from tests.dialogue_fixtures import MONDAY, at, make_session, verified
from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(ward, leader):
    return make_session(ward, leader=leader, state=SessionState.OPEN, capacity=2)


# --- registration -------------------------------------------------------------------------------------------------

@time_machine.travel(MONDAY, tick=False)
def test_registration_fills_the_seats_then_the_waiting_list(session, citizens):
    statuses = [services.register(session=session, actor=c).status for c in citizens]
    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]
    assert AuditEvent.objects.filter(action="dialogue.registered").count() == 4


@time_machine.travel(MONDAY, tick=False)
def test_registering_twice_keeps_one_registration(session, citizen):
    first = services.register(session=session, actor=citizen)
    again = services.register(session=session, actor=citizen)
    assert first.pk == again.pk and Registration.objects.count() == 1


@time_machine.travel(MONDAY, tick=False)
def test_a_cancelled_seat_goes_to_the_first_on_the_waiting_list_who_is_told(session, citizens):
    for c in citizens:
        services.register(session=session, actor=c)
    services.cancel_registration(session=session, actor=citizens[0])
    status = dict(Registration.objects.values_list("user_id", "status"))
    assert status == {citizens[0].pk: "cancelled", citizens[1].pk: "confirmed", citizens[2].pk: "confirmed",
                      citizens[3].pk: "waiting"}
    promoted = Notification.objects.get(recipient=citizens[2].email)
    assert session.title in promoted.body
    assert AuditEvent.objects.filter(action="dialogue.registration_promoted").count() == 1


@time_machine.travel(MONDAY, tick=False)
def test_cancelling_from_the_waiting_list_moves_nobody_up(session, citizens):
    for c in citizens[:3]:
        services.register(session=session, actor=c)
    services.cancel_registration(session=session, actor=citizens[2])
    assert Registration.objects.filter(status=RegistrationStatus.CONFIRMED).count() == 2


@time_machine.travel(MONDAY, tick=False)
def test_re_registering_after_a_cancel_queues_at_the_end(session, citizens):
    for c in citizens[:3]:
        services.register(session=session, actor=c)
    services.cancel_registration(session=session, actor=citizens[1])  # citizens[2] moves up
    again = services.register(session=session, actor=citizens[1])
    assert again.status == RegistrationStatus.WAITING


def test_registration_needs_a_verified_resident_account(session, resident, officer):
    with time_machine.travel(MONDAY, tick=False):
        for actor in (resident, officer):  # signed in, but never verified by a one-time code
            with pytest.raises(PermissionDenied):
                services.register(session=session, actor=actor)
    assert not Registration.objects.exists()


def test_registration_closes_when_the_session_starts(session, citizen):
    with time_machine.travel(session.starts_at + dt.timedelta(minutes=1), tick=False), pytest.raises(DomainError):
        services.register(session=session, actor=citizen)


# --- questions and votes ---------------------------------------------------------------------------------------------

def test_residents_ask_only_while_questions_are_open(ward, leader, citizen):
    planned = make_session(ward, leader=leader)
    with pytest.raises(DomainError):
        services.ask_question(session=planned, actor=citizen, text="Khi nào sửa đường?")
    with pytest.raises(ValidationError):
        services.ask_question(session=planned, actor=citizen, text="   ")


def test_one_vote_per_verified_resident(session, citizen, citizen2):
    question = services.ask_question(session=session, actor=citizen, text="Khi nào nạo vét cống đường Phan Xích Long?")
    assert services.vote(question=question, actor=citizen)[1] is True
    assert services.vote(question=question, actor=citizen)[1] is False
    assert services.vote(question=question, actor=citizen2)[1] is True
    assert Vote.objects.filter(question=question).count() == 2
    assert AuditEvent.objects.filter(action="dialogue.voted").count() == 2


def test_unverified_accounts_cannot_vote(session, citizen, other_resident):
    question = services.ask_question(session=session, actor=citizen, text="Xin hỏi về an ninh trật tự?")
    with pytest.raises(PermissionDenied):
        services.vote(question=question, actor=other_resident)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="needs two real database connections")
def test_two_votes_arriving_at_once_count_once(ward, leader):
    citizen = verified(UserFactory(username="cudan_dongthoi", email="dongthoi@example.vn"))
    session = make_session(ward, leader=leader, state=SessionState.OPEN)
    question = services.ask_question(session=session, actor=citizen, text="Câu hỏi bỏ phiếu cùng lúc?")
    barrier = threading.Barrier(2)
    results, errors = [], []

    def cast():
        try:
            barrier.wait(timeout=10)
            results.append(services.vote(question=question, actor=citizen)[1])
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cast) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(results) == [False, True]
    assert Vote.objects.filter(question=question).count() == 1
    assert AuditEvent.objects.filter(action="dialogue.voted").count() == 1


def test_the_unique_constraint_itself_refuses_a_second_vote(session, citizen):
    from django.db import IntegrityError, transaction

    question = services.ask_question(session=session, actor=citizen, text="Có lắp thêm camera không?")
    Vote.objects.create(question=question, user=citizen)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(question=question, user=citizen)


# --- moderation -------------------------------------------------------------------------------------------------------

def test_staff_hide_abuse_with_a_reason_and_the_text_is_kept(session, citizen, officer):
    question = services.ask_question(session=session, actor=citizen, text="Lời lẽ xúc phạm cán bộ")
    with pytest.raises(ValidationError):
        services.hide_question(question=question, actor=officer, reason="")
    hidden = services.hide_question(question=question, actor=officer, reason="Xúc phạm, vi phạm nội quy")
    assert hidden.state == QuestionState.HIDDEN and hidden.text == "Lời lẽ xúc phạm cán bộ"
    with pytest.raises(DomainError):
        services.vote(question=hidden, actor=citizen)
    assert AuditEvent.objects.get(action="dialogue.question_hidden").data["reason"] == "Xúc phạm, vi phạm nội quy"


def test_merging_moves_the_votes_without_counting_anyone_twice(session, citizens, officer):
    a, b, c = citizens[:3]
    first = services.ask_question(session=session, actor=a, text="Bao giờ sửa đường Hoàng Văn Thụ?")
    same = services.ask_question(session=session, actor=b, text="Đường Hoàng Văn Thụ hư hỏng, khi nào sửa?")
    for voter in (a, b):
        services.vote(question=first, actor=voter)
    for voter in (b, c):
        services.vote(question=same, actor=voter)
    services.merge_question(question=same, into=first, actor=officer)
    assert sorted(Vote.objects.filter(question=first).values_list("user_id", flat=True)) == sorted(
        [a.pk, b.pk, c.pk])
    same.refresh_from_db()
    assert same.state == QuestionState.MERGED and same.merged_into == first


def test_supervisors_and_other_wards_do_not_moderate(session, citizen, supervisor, outsider_officer):
    question = services.ask_question(session=session, actor=citizen, text="Câu hỏi?")
    for actor in (supervisor, outsider_officer):
        with pytest.raises(PermissionDenied):
            services.hide_question(question=question, actor=actor, reason="lý do")
        with pytest.raises(PermissionDenied):
            services.answer_question(question=question, actor=actor, answer="Trả lời")


# --- minutes, answers and commitments ------------------------------------------------------------------------------

def _held(session, officer):
    with time_machine.travel(session.starts_at + dt.timedelta(hours=2), tick=False):
        return services.mark_held(session=session, actor=officer)


def test_minutes_wait_until_every_question_has_its_answer(session, citizen, officer, make_upload):
    question = services.ask_question(session=session, actor=citizen, text="Khi nào có công viên cho trẻ em?")
    spam = services.ask_question(session=session, actor=citizen, text="quảng cáo")
    services.hide_question(question=spam, actor=officer, reason="Quảng cáo")
    session = _held(session, officer)
    with pytest.raises(DomainError) as caught:
        services.publish_minutes(session=session, actor=officer, minutes="# Biên bản")
    assert caught.value.code == "unanswered"
    services.answer_question(question=question, actor=officer, answer="Quý I/2027 khởi công.")
    scan = make_upload("bien-ban.pdf", _pdf_bytes(), "application/pdf")
    published = services.publish_minutes(
        session=session, actor=officer, scan=scan,
        minutes="# Biên bản\n\n**Chủ trì:** Chủ tịch UBND\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))")
    assert published.state == SessionState.PUBLISHED
    assert "<strong>Chủ trì:</strong>" in published.minutes_html
    assert "<script" not in published.minutes_html and "javascript:" not in published.minutes_html
    assert published.minutes_scan_type == "application/pdf" and published.minutes_scan_sha256
    event = AuditEvent.objects.get(action="dialogue.minutes_published")
    assert event.data["scan_sha256"] == published.minutes_scan_sha256


def test_a_scan_that_is_not_a_pdf_or_photo_is_refused(session, officer, make_upload):
    session = _held(session, officer)
    with pytest.raises(ValidationError) as caught:
        services.publish_minutes(session=session, actor=officer, minutes="Biên bản",
                                 scan=make_upload("bien-ban.pdf", b"<html>not a pdf</html>"))
    assert "scan" in caught.value.message_dict
    session.refresh_from_db()
    assert session.state == SessionState.HELD


def _pdf_bytes() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_commitment_lifecycle_with_a_public_progress_log(session, officer, department, other_ward):
    session = _held(session, officer)
    with pytest.raises(ValidationError):
        services.add_commitment(session=session, actor=officer, title="Lắp đèn",
                                department=DepartmentFactory(ward=other_ward), due_date=dt.date(2026, 12, 31))
    commitment = services.add_commitment(session=session, actor=officer, title="Lắp 20 đèn LED hẻm 47",
                                         department=department, due_date=dt.date(2026, 12, 31))
    services.update_commitment(commitment=commitment, actor=officer, status="in_progress", note="Đã khảo sát")
    with time_machine.travel(dt.datetime(2026, 12, 20, 10, tzinfo=dt.UTC), tick=False):
        done = services.update_commitment(commitment=commitment, actor=officer, status="done", note="Đã lắp xong")
    assert done.status == CommitmentStatus.DONE and done.done_on == dt.date(2026, 12, 20) and done.done_on_time
    assert [u.status for u in done.updates.all()] == ["planned", "in_progress", "done"]
    with pytest.raises(DomainError):
        services.update_commitment(commitment=done, actor=officer, status="in_progress", note="mở lại")
    assert AuditEvent.objects.filter(action="dialogue.commitment_updated").count() == 2


def test_dropping_a_commitment_needs_a_reason(session, officer, department):
    session = _held(session, officer)
    commitment = services.add_commitment(session=session, actor=officer, title="Xây nhà văn hóa",
                                         department=department, due_date=dt.date(2027, 6, 30))
    with pytest.raises(ValidationError):
        services.update_commitment(commitment=commitment, actor=officer, status="dropped")
    dropped = services.update_commitment(commitment=commitment, actor=officer, status="dropped",
                                         note="Không còn quỹ đất sau khi sáp nhập phường")
    assert dropped.status_reason.startswith("Không còn quỹ đất")
    assert Commitment.objects.count() == 1  # nothing public is deleted


def test_commitments_wait_for_the_session_to_be_held(session, officer, department):
    with pytest.raises(DomainError):
        services.add_commitment(session=session, actor=officer, title="Cam kết", department=department,
                                due_date=dt.date(2026, 12, 31))


# --- requests for a dialogue -----------------------------------------------------------------------------------------

def test_residents_start_and_support_a_request_once_each(ward, citizen, citizen2):
    request = services.start_request(ward=ward, actor=citizen, title="Đối thoại về ngập nước",
                                     reason="Mưa là ngập, cần phường trả lời.")
    assert services.support_request(request=request, actor=citizen) is False  # the starter already supports it
    assert services.support_request(request=request, actor=citizen2) is True
    assert request.supports.count() == 2


# --- reminders ----------------------------------------------------------------------------------------------------

def test_registrants_are_reminded_once_the_day_before(ward, leader, citizens, django_capture_on_commit_callbacks):
    session = make_session(ward, leader=leader, starts_at=at(dt.date(2026, 11, 10), 8), capacity=3)
    with time_machine.travel(MONDAY, tick=False):
        for c in citizens:
            services.register(session=session, actor=c)
    with time_machine.travel(at(dt.date(2026, 11, 9), 7), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.send_reminders() == 3
            services.send_reminders()
        from portal.dialogues.tasks import send_reminders

        send_reminders.delay()
    reminders = Notification.objects.filter(key__contains=":reminder:")
    assert reminders.count() == 3  # the waiting-list resident gets none; three runs send once
    assert {n.recipient for n in reminders} == {c.email for c in citizens[:3]}
    assert all(n.state == "sent" for n in reminders)
    assert "08:00 10/11/2026" in reminders.first().body
    with time_machine.travel(at(dt.date(2026, 11, 8), 7), tick=False):
        assert services.send_reminders() == 0  # two days before: nothing yet


def test_the_reminder_job_is_in_the_beat_schedule():
    from django.conf import settings

    assert any(e["task"] == "dialogues.send_reminders" for e in settings.CELERY_BEAT_SCHEDULE.values())

