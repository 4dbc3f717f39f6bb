"""Scheduling sessions: who may, the notice the law asks, and the state of a session."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from portal.audit.models import AuditEvent
from portal.core.errors import DomainError
from portal.deadlines.calendar import WorkingCalendar
from portal.deadlines.models import CalendarOverride
from portal.dialogues import rules, services
from portal.dialogues.models import Session, SessionKind, SessionState
from tests.dialogue_fixtures import MONDAY, at, make_session
from tests.factories import CaseKind

pytestmark = pytest.mark.django_db


def schedule(ward, leader, **extra):
    fields = {"kind": SessionKind.CONFERENCE, "title": "Đối thoại về chỉnh trang đô thị",
              "starts_at": at(dt.date(2026, 11, 9)), "venue": "Hội trường UBND phường"}
    fields.update(extra)
    return services.schedule_session(ward=ward, actor=leader, **fields)


# --- the rules, without a database ---------------------------------------------------------------------------------

def test_a_conference_needs_seven_days_notice():
    calendar = WorkingCalendar()
    assert rules.notice(kind="conference", announced_on=dt.date(2026, 11, 2), session_on=dt.date(2026, 11, 9),
                        calendar=calendar).on_time
    late = rules.notice(kind="conference", announced_on=dt.date(2026, 11, 2), session_on=dt.date(2026, 11, 8),
                        calendar=calendar)
    assert not late.on_time and late.latest_on == dt.date(2026, 11, 1)


def test_a_reception_day_needs_five_working_days_notice():
    calendar = WorkingCalendar()
    # Monday 2 → Monday 9 November: Tue, Wed, Thu, Fri, Mon are five working days.
    assert rules.notice(kind="reception", announced_on=dt.date(2026, 11, 2), session_on=dt.date(2026, 11, 9),
                        calendar=calendar).on_time
    late = rules.notice(kind="reception", announced_on=dt.date(2026, 11, 3), session_on=dt.date(2026, 11, 9),
                        calendar=calendar)
    assert not late.on_time and late.latest_on == dt.date(2026, 11, 2)


def test_a_day_off_in_between_does_not_count_as_notice():
    calendar = WorkingCalendar(extra_days_off={dt.date(2026, 11, 4): "Nghỉ bù"})
    assert not rules.notice(kind="reception", announced_on=dt.date(2026, 11, 2), session_on=dt.date(2026, 11, 9),
                            calendar=calendar).on_time


def test_complaint_dialogues_and_area_conferences_have_no_notice_rule():
    for kind in ("complaint", "area_conference"):
        assert rules.notice(kind=kind, announced_on=dt.date(2026, 11, 2), session_on=dt.date(2026, 11, 3),
                            calendar=WorkingCalendar()).on_time


def test_results_are_due_ten_days_after_a_conference_only():
    assert rules.results_due(kind="conference", held_on=dt.date(2026, 11, 9)) == dt.date(2026, 11, 19)
    assert rules.results_due(kind="reception", held_on=dt.date(2026, 11, 9)) is None


def test_ten_percent_of_voters_rounded_up():
    assert rules.voters_threshold(20000) == 2000
    assert rules.voters_threshold(12345) == 1235
    assert rules.voters_threshold(None) is None


# --- scheduling -------------------------------------------------------------------------------------------------------

@time_machine.travel(MONDAY, tick=False)
def test_leader_schedules_a_conference_announced_on_time(ward, leader):
    session = schedule(ward, leader, capacity=120)
    assert session.state == SessionState.PLANNED
    assert not session.announcement_late and session.announced_on == dt.date(2026, 11, 2)
    event = AuditEvent.objects.get(action="dialogue.scheduled")
    assert event.object_id == str(session.pk) and event.actor == leader and event.data["late"] is False


@time_machine.travel(MONDAY, tick=False)
def test_a_late_conference_is_refused_without_a_reason_and_creates_nothing(ward, leader):
    with pytest.raises(ValidationError) as caught:
        schedule(ward, leader, starts_at=at(dt.date(2026, 11, 6)))
    assert "late_reason" in caught.value.message_dict
    assert "01/11/2026" in caught.value.message_dict["late_reason"][0] or "30/10" in str(caught.value)
    assert not Session.objects.exists() and not AuditEvent.objects.filter(action="dialogue.scheduled").exists()


@time_machine.travel(MONDAY, tick=False)
def test_a_late_announcement_with_a_reason_is_kept_and_shows_as_late(ward, leader):
    session = schedule(ward, leader, starts_at=at(dt.date(2026, 11, 6)),
                       late_reason="Đối thoại đột xuất theo đề nghị của 10% cử tri về ngập nước.")
    assert session.announcement_late
    assert "ngập nước" in session.late_reason
    assert AuditEvent.objects.get(action="dialogue.scheduled").data["late"] is True


@time_machine.travel(MONDAY, tick=False)
def test_reception_days_follow_the_wards_own_calendar(ward, leader):
    assert not schedule(ward, leader, kind=SessionKind.RECEPTION, title="Tiếp công dân định kỳ").announcement_late
    CalendarOverride.objects.create(ward=ward, date=dt.date(2026, 11, 4), is_working_day=False,
                                    name="Nghỉ bù của phường", source="Quyết định thử")
    with pytest.raises(ValidationError) as caught:
        schedule(ward, leader, kind=SessionKind.RECEPTION, title="Tiếp công dân định kỳ")
    assert "late_reason" in caught.value.message_dict


@time_machine.travel(MONDAY, tick=False)
@pytest.mark.parametrize("persona", ["officer", "supervisor", "outsider_officer", "resident"])
def test_only_the_wards_leaders_schedule(request, ward, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        schedule(ward, actor)
    assert not Session.objects.exists()


@time_machine.travel(MONDAY, tick=False)
def test_bad_input_is_reported_field_by_field(ward, leader, other_ward):
    from tests.factories import AreaFactory

    with pytest.raises(ValidationError) as caught:
        schedule(ward, leader, title=" ", venue="", starts_at=at(dt.date(2026, 10, 1)), capacity=0)
    assert {"title", "venue", "starts_at", "capacity"} <= set(caught.value.message_dict)
    with pytest.raises(ValidationError) as caught:
        schedule(ward, leader, kind=SessionKind.AREA_CONFERENCE, area=AreaFactory(ward=other_ward))
    assert "area" in caught.value.message_dict


@time_machine.travel(MONDAY, tick=False)
def test_a_complaint_dialogue_is_linked_to_a_complaint_of_the_ward(ward, leader, category):
    from portal.cases import services as case_services

    complaint = case_services.submit_case(submission=case_services.Submission(
        ward=ward, kind=CaseKind.COMPLAINT, category=category, title="Khiếu nại quyết định thu hồi đất",
        description="Tôi không đồng ý với quyết định.", contact_name="Lê Văn Khiếu", contact_address="1 Lê Lợi",
        contact_phone="0901234567", decision_date=dt.date(2026, 10, 20))).case
    with pytest.raises(ValidationError):
        schedule(ward, leader, kind=SessionKind.COMPLAINT)
    session = schedule(ward, leader, kind=SessionKind.COMPLAINT, case=complaint, starts_at=at(dt.date(2026, 11, 3)))
    assert session.case == complaint and not session.is_public and not session.announcement_late


def test_states_run_planned_open_held(ward, leader, officer):
    session = make_session(ward, leader=leader, starts_at=at(dt.date(2026, 11, 9)))
    with time_machine.travel(MONDAY, tick=False):
        services.open_questions(session=session, actor=officer)
        with pytest.raises(DomainError):
            services.mark_held(session=session, actor=officer)  # not started yet
    with time_machine.travel(at(dt.date(2026, 11, 9), 11), tick=False):
        held = services.mark_held(session=session, actor=officer)
    assert held.state == SessionState.HELD and held.held_on == dt.date(2026, 11, 9)
    assert held.results_due == dt.date(2026, 11, 19)
    assert list(AuditEvent.objects.filter(object_type="dialogues.session").values_list("action", flat=True)
                .order_by("pk")) == ["dialogue.questions_opened", "dialogue.held"]


def test_supervisors_cannot_run_a_session(ward, leader, supervisor):
    session = make_session(ward, leader=leader)
    with pytest.raises(PermissionDenied):
        services.open_questions(session=session, actor=supervisor)
    session.refresh_from_db()
    assert session.state == SessionState.PLANNED


@time_machine.travel(MONDAY, tick=False)
def test_the_complainant_is_told_when_their_complaint_dialogue_is_scheduled_moved_and_cancelled(ward, leader,
                                                                                             category):
    from portal.cases import services as case_services
    from portal.cases.models import MessageKind
    from portal.notifications.models import Notification

    complaint = case_services.submit_case(submission=case_services.Submission(
        ward=ward, kind=CaseKind.COMPLAINT, category=category, title="Khiếu nại quyết định thu hồi đất",
        description="Tôi không đồng ý với quyết định.", contact_name="Lê Văn Khiếu", contact_address="1 Lê Lợi",
        contact_email="khieu@example.vn", notify_by="email", decision_date=dt.date(2026, 10, 20))).case
    sent_before = Notification.objects.filter(recipient="khieu@example.vn").count()

    session = schedule(ward, leader, kind=SessionKind.COMPLAINT, case=complaint, title="Đối thoại khiếu nại đất",
                       starts_at=at(dt.date(2026, 11, 3), 9), venue="Phòng tiếp công dân")
    services.reschedule_session(session=session, actor=leader, starts_at=at(dt.date(2026, 11, 5), 14),
                                reason="Người có thẩm quyền bận họp")
    services.cancel_session(session=session, actor=leader, reason="Người khiếu nại đã rút đơn")

    notices = list(Notification.objects.filter(recipient="khieu@example.vn").order_by("id")[sent_before:])
    assert len(notices) == 3
    assert "Phường mời ông/bà tham dự buổi đối thoại về đơn khiếu nại" in notices[0].subject
    assert "Phòng tiếp công dân" in notices[0].body and "09:00 03/11/2026" in notices[0].body
    assert "14:00 05/11/2026" in notices[1].body and "Người có thẩm quyền bận họp" in notices[1].body
    assert "sẽ không diễn ra" in notices[2].body and "Người khiếu nại đã rút đơn" in notices[2].body
    timeline = complaint.messages.filter(kind=MessageKind.SYSTEM, is_public=True).order_by("id")
    assert [m.body.splitlines()[0] for m in timeline][-3:] == [n.subject.split(": ", 1)[1] for n in notices]
    assert AuditEvent.objects.filter(action="case.resident_informed", object_id=str(complaint.pk)).count() == 3


@time_machine.travel(MONDAY, tick=False)
def test_a_public_dialogue_tells_no_case(ward, leader):
    from portal.cases.models import Message

    before = Message.objects.count()
    schedule(ward, leader)
    assert Message.objects.count() == before
