"""Changing an announced session: edit, reschedule, cancel (leaders, with a reason, registrants told, audited, nothing
deleted); the registrants list; linking a request for a dialogue to the session that answers it."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from portal.audit.models import AuditEvent
from portal.core.errors import DomainError
from portal.dialogues import selectors, services
from portal.dialogues.models import (
    ChangeKind,
    DialogueRequest,
    Registration,
    RegistrationStatus,
    Session,
    SessionChange,
    SessionKind,
    SessionState,
)
from portal.notifications.models import Notification
from tests.dialogue_fixtures import MONDAY, at, make_session
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(ward, leader):
    return make_session(ward, leader=leader, state=SessionState.OPEN, capacity=2, starts_at=at(dt.date(2026, 11, 20)))


@pytest.fixture
def registered(session, citizens):
    with time_machine.travel(MONDAY, tick=False):
        for c in citizens[:3]:
            services.register(session=session, actor=c)
    return citizens[:3]


def told(change_kind=None) -> list[Notification]:
    return list(Notification.objects.filter(key__contains=":change:").order_by("pk"))


# --- edit -----------------------------------------------------------------------------------------------------------

@time_machine.travel(MONDAY, tick=False)
def test_a_leader_edits_the_venue_with_a_reason_and_registrants_are_told_in_vietnamese(session, leader, registered):
    services.edit_session(session=session, actor=leader, reason="Hội trường đang sửa mái",
                          venue="Nhà văn hóa khu phố 3", agenda="1. Báo cáo")
    session.refresh_from_db()
    assert session.venue == "Nhà văn hóa khu phố 3"
    change = SessionChange.objects.get()
    assert change.kind == ChangeKind.EDITED and change.reason == "Hội trường đang sửa mái"
    assert change.before["venue"] == "Hội trường UBND phường, 159 Nguyễn Văn Trỗi"
    assert change.after == {"venue": "Nhà văn hóa khu phố 3", "agenda": "1. Báo cáo"}
    event = AuditEvent.objects.get(action="dialogue.edited")
    assert event.actor == leader and event.data["reason"] == "Hội trường đang sửa mái"
    notes = told()
    assert {n.recipient for n in notes} == {c.email for c in registered}  # the waiting one too
    assert "Nhà văn hóa khu phố 3" in notes[0].body and "Lý do: Hội trường đang sửa mái" in notes[0].body


@time_machine.travel(MONDAY, tick=False)
def test_more_seats_move_the_waiting_list_up_and_fewer_than_registered_are_refused(session, leader, registered):
    with pytest.raises(ValidationError) as caught:
        services.edit_session(session=session, actor=leader, reason="Phòng nhỏ hơn", capacity=1)
    assert "capacity" in caught.value.message_dict
    services.edit_session(session=session, actor=leader, reason="Thêm ghế", capacity=3)
    assert set(Registration.objects.values_list("status", flat=True)) == {RegistrationStatus.CONFIRMED}
    assert AuditEvent.objects.filter(action="dialogue.registration_promoted").count() == 1


@time_machine.travel(MONDAY, tick=False)
@pytest.mark.parametrize(("reason", "changes", "field"), [
    ("", {"venue": "Nơi khác"}, "reason"),
    ("Lý do", {"venue": " "}, "venue"),
    ("Lý do", {"title": ""}, "title"),
    ("Lý do", {"capacity": 0}, "capacity"),
])
def test_a_bad_edit_is_refused_on_its_field_and_changes_nothing(session, leader, reason, changes, field):
    with pytest.raises(ValidationError) as caught:
        services.edit_session(session=session, actor=leader, reason=reason, **changes)
    assert field in caught.value.message_dict
    assert SessionChange.objects.count() == 0 and not AuditEvent.objects.filter(action="dialogue.edited").exists()


@time_machine.travel(MONDAY, tick=False)
def test_an_edit_that_changes_nothing_is_refused(session, leader):
    with pytest.raises(ValidationError):
        services.edit_session(session=session, actor=leader, reason="Lý do", venue=session.venue)
    assert SessionChange.objects.count() == 0


@time_machine.travel(MONDAY, tick=False)
def test_only_the_wards_leaders_change_an_announcement(session, officer, supervisor, citizen, other_ward):
    elsewhere = MembershipFactory(user=UserFactory(username="chutich_khac"), ward=other_ward, role="leader").user
    for user in (officer, supervisor, citizen, elsewhere):
        with pytest.raises(PermissionDenied):
            services.edit_session(session=session, actor=user, reason="Lý do", venue="Nơi khác")
        with pytest.raises(PermissionDenied):
            services.reschedule_session(session=session, actor=user, reason="Lý do",
                                        starts_at=at(dt.date(2026, 11, 27)))
        with pytest.raises(PermissionDenied):
            services.cancel_session(session=session, actor=user, reason="Lý do")
    session.refresh_from_db()
    assert session.state == SessionState.OPEN and SessionChange.objects.count() == 0


# --- reschedule -----------------------------------------------------------------------------------------------------

@time_machine.travel(MONDAY, tick=False)
def test_rescheduling_with_enough_notice_keeps_the_registrations_and_tells_them(session, leader, registered):
    new = at(dt.date(2026, 11, 27), 14)
    services.reschedule_session(session=session, actor=leader, starts_at=new, reason="Trùng lịch họp Quận ủy")
    session.refresh_from_db()
    assert session.starts_at == new and session.state == SessionState.OPEN and not session.announcement_late
    assert session.announced_on == MONDAY.date()
    assert Registration.objects.exclude(status=RegistrationStatus.CANCELLED).count() == 3
    change = SessionChange.objects.get(kind=ChangeKind.RESCHEDULED)
    assert change.before["starts_at"].startswith("2026-11-20") and change.after["starts_at"].startswith("2026-11-27")
    assert len(told()) == 3 and "14:00 27/11/2026" in told()[0].body
    assert AuditEvent.objects.filter(action="dialogue.rescheduled").count() == 1


@time_machine.travel(MONDAY, tick=False)
def test_a_rescheduled_session_checks_the_notice_again(session, leader):
    soon = at(dt.date(2026, 11, 5))  # three days' notice for a conference
    with pytest.raises(ValidationError) as caught:
        services.reschedule_session(session=session, actor=leader, starts_at=soon, reason="Dời sớm")
    assert "late_reason" in caught.value.message_dict
    session.refresh_from_db()
    assert session.starts_at == at(dt.date(2026, 11, 20)) and SessionChange.objects.count() == 0
    services.reschedule_session(session=session, actor=leader, starts_at=soon, reason="Dời sớm",
                                late_reason="Cần đối thoại gấp về ngập sau bão")
    session.refresh_from_db()
    assert session.announcement_late and session.late_reason == "Cần đối thoại gấp về ngập sau bão"


@time_machine.travel(MONDAY, tick=False)
@pytest.mark.parametrize(("starts_at", "ends_at", "field"), [
    (at(dt.date(2026, 10, 30)), None, "starts_at"),
    (at(dt.date(2026, 11, 27), 10), at(dt.date(2026, 11, 27), 9), "ends_at"),
    (at(dt.date(2026, 11, 20)), None, "starts_at"),  # the same moment: nothing moves
])
def test_a_bad_new_date_is_refused_on_its_field(session, leader, starts_at, ends_at, field):
    with pytest.raises(ValidationError) as caught:
        services.reschedule_session(session=session, actor=leader, starts_at=starts_at, ends_at=ends_at,
                                    reason="Lý do")
    assert field in caught.value.message_dict and SessionChange.objects.count() == 0


def test_a_reminder_goes_out_before_the_new_date_not_the_old_one(session, leader, registered):
    with time_machine.travel(MONDAY, tick=False):
        services.reschedule_session(session=session, actor=leader, starts_at=at(dt.date(2026, 11, 27)),
                                    reason="Trùng lịch")
    with time_machine.travel(at(dt.date(2026, 11, 19), 7), tick=False):
        assert services.send_reminders() == 0
    with time_machine.travel(at(dt.date(2026, 11, 26), 7), tick=False):
        assert services.send_reminders() == 2


# --- cancel ---------------------------------------------------------------------------------------------------------

@time_machine.travel(MONDAY, tick=False)
def test_a_cancelled_session_stays_listed_with_its_reason_and_nothing_is_deleted(session, leader, registered):
    services.cancel_session(session=session, actor=leader, reason="Bão số 10 đổ bộ")
    session.refresh_from_db()
    assert session.state == SessionState.CANCELLED and session.cancel_reason == "Bão số 10 đổ bộ"
    assert session.cancelled_at is not None
    assert Registration.objects.filter(session=session).count() == 3
    assert session in selectors.calendar_sessions()
    assert len(told()) == 3 and "Bão số 10 đổ bộ" in told()[0].body
    assert AuditEvent.objects.filter(action="dialogue.cancelled").count() == 1


@time_machine.travel(MONDAY, tick=False)
def test_nothing_happens_any_more_in_a_cancelled_session(session, leader, officer, citizens, registered):
    services.cancel_session(session=session, actor=leader, reason="Bão")
    for action in (lambda: services.register(session=session, actor=citizens[3]),
                   lambda: services.ask_question(session=session, actor=citizens[0], text="Còn họp không?"),
                   lambda: services.open_questions(session=session, actor=officer),
                   lambda: services.cancel_session(session=session, actor=leader, reason="Lần nữa"),
                   lambda: services.reschedule_session(session=session, actor=leader, reason="Họp lại",
                                                       starts_at=at(dt.date(2026, 12, 1)))):
        with pytest.raises(DomainError) as caught:
            action()
        assert caught.value.code == "cancelled"
    with time_machine.travel(at(dt.date(2026, 11, 19), 7), tick=False):
        assert services.send_reminders() == 0


@time_machine.travel(MONDAY, tick=False)
def test_a_cancel_needs_a_reason_and_a_held_session_cannot_be_cancelled(ward, leader, session):
    with pytest.raises(ValidationError) as caught:
        services.cancel_session(session=session, actor=leader, reason="  ")
    assert "reason" in caught.value.message_dict
    held = make_session(ward, leader=leader, state=SessionState.HELD, starts_at=at(dt.date(2026, 10, 20)))
    with pytest.raises(DomainError):
        services.cancel_session(session=held, actor=leader, reason="Muộn rồi")


@time_machine.travel(MONDAY, tick=False)
def test_a_cancelled_conference_does_not_count_as_an_announcement(ward, leader, session):
    services.cancel_session(session=session, actor=leader, reason="Bão")
    report = selectors.compliance(ward=ward, year=2026, today=MONDAY.date())
    assert report.announcements.total == 0


# --- registrants ----------------------------------------------------------------------------------------------------

@time_machine.travel(MONDAY, tick=False)
def test_registrants_are_listed_in_order_with_the_waiting_list_numbered(session, citizens,
                                                                         django_assert_max_num_queries):
    for c in citizens:
        services.register(session=session, actor=c)
    services.cancel_registration(session=session, actor=citizens[1])
    with django_assert_max_num_queries(1):
        rows = selectors.registrants(session)
        contacts = [r.user.resident.contact for r in rows]
    assert contacts == [citizens[0].email, citizens[2].email, citizens[3].email]
    assert [(r.status, r.position) for r in rows] == [("confirmed", None), ("confirmed", None), ("waiting", 1)]


# --- requests for a dialogue ----------------------------------------------------------------------------------------

@pytest.fixture
def request_(ward, citizen, citizen2):
    item = services.start_request(ward=ward, actor=citizen, title="Đối thoại về dự án chợ Phú Nhuận",
                                  reason="Tiểu thương chưa được lấy ý kiến.")
    services.support_request(request=item, actor=citizen2)
    return item


@time_machine.travel(MONDAY, tick=False)
def test_a_conference_scheduled_for_a_request_is_linked_and_supporters_are_told(ward, leader, request_, citizen2):
    session = services.schedule_session(ward=ward, actor=leader, kind=SessionKind.CONFERENCE,
                                        title="Đối thoại về dự án chợ", starts_at=at(dt.date(2026, 11, 12)),
                                        venue="Chợ Phú Nhuận", dialogue_request=request_)
    request_.refresh_from_db()
    assert request_.session == session
    assert AuditEvent.objects.get(action="dialogue.request_linked").data["session"] == session.pk
    notes = Notification.objects.filter(key__startswith=f"dialogue-request:{request_.pk}:")
    assert {n.recipient for n in notes} == {"cudan@example.vn", citizen2.email}
    with pytest.raises(DomainError):
        services.support_request(request=request_, actor=citizen2)


@time_machine.travel(MONDAY, tick=False)
def test_a_request_is_linked_only_once_to_a_conference_of_its_ward(ward, other_ward, leader, request_):
    reception = make_session(ward, leader=leader, kind=SessionKind.RECEPTION)
    with pytest.raises(ValidationError) as caught:
        services.link_request(request=request_, session=reception, actor=leader)
    assert "request" in caught.value.message_dict
    other = MembershipFactory(user=UserFactory(username="chutich_khac"), ward=other_ward, role="leader").user
    elsewhere = make_session(other_ward, leader=other)
    with pytest.raises(ValidationError):
        services.link_request(request=request_, session=elsewhere, actor=other)
    conference = make_session(ward, leader=leader)
    services.link_request(request=request_, session=conference, actor=leader)
    second = make_session(ward, leader=leader, title="Hội nghị khác")
    with pytest.raises(ValidationError):
        services.link_request(request=request_, session=second, actor=leader)
    assert DialogueRequest.objects.get(pk=request_.pk).session == conference
    with pytest.raises(ValidationError) as caught:  # scheduling with an already linked request
        services.schedule_session(ward=ward, actor=leader, kind=SessionKind.CONFERENCE, title="Lần hai",
                                  starts_at=at(dt.date(2026, 11, 12)), venue="Hội trường", dialogue_request=request_)
    assert "request" in caught.value.message_dict and Session.objects.filter(title="Lần hai").count() == 0


@time_machine.travel(MONDAY, tick=False)
def test_only_leaders_link_requests(ward, officer, request_, leader):
    conference = make_session(ward, leader=leader)
    with pytest.raises(PermissionDenied):
        services.link_request(request=request_, session=conference, actor=officer)
    assert DialogueRequest.objects.get(pk=request_.pk).session is None
