"""The deadline sweep: reminders before the due date, escalation to the leaders after it, each sent once."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from portal.cases import reminders
from portal.cases.models import Case, Message
from portal.cases.reminders import sweep
from portal.deadlines.models import CalendarOverride
from portal.notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Monday 9 March 2026, 09:00 in Hà Nội: an ordinary week, no holiday within a fortnight.
MONDAY = dt.datetime(2026, 3, 9, 2, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 9)
IN_TWO_WORKING_DAYS = dt.date(2026, 3, 11)  # Wednesday
IN_THREE_WORKING_DAYS = dt.date(2026, 3, 12)  # Thursday
IN_FIVE_WORKING_DAYS = dt.date(2026, 3, 16)  # next Monday
LAST_FRIDAY = dt.date(2026, 3, 6)  # overdue by one working day


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(MONDAY, tick=False):
        yield


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def escalations(case):
    return AuditEvent.objects.filter(action="case.overdue_escalated", object_id=str(case.pk))


def system_messages(case):
    return Message.objects.filter(case=case, kind="system")


# --- reminders -------------------------------------------------------------------------------------------------------


def test_case_due_in_two_working_days_reminds_its_assignee_once_even_when_swept_twice(
    make_case, officer, django_capture_on_commit_callbacks
):
    case = make_case(due_date=IN_TWO_WORKING_DAYS, assignee=officer)
    with django_capture_on_commit_callbacks(execute=True):
        first = sweep()
    with django_capture_on_commit_callbacks(execute=True):
        second = sweep()
    assert (first.scanned, first.reminded, first.escalated, first.notifications) == (1, 1, 0, 1)
    assert (second.reminded, second.notifications) == (0, 0)
    assert recipients() == ["canbo@example.vn"]
    assert case.tracking_code in mail.outbox[0].subject
    assert "/can-bo/don/" + case.tracking_code in mail.outbox[0].body
    assert list(Notification.objects.values_list("key", flat=True)) == [f"reminder:{case.pk}:2026-03-11"]
    assert not system_messages(case).exists()  # a reminder is an e-mail, not a timeline entry


def test_reminder_goes_out_in_vietnamese_whatever_language_the_sweep_runs_in(
    make_case, officer, django_capture_on_commit_callbacks
):
    case = make_case(due_date=IN_TWO_WORKING_DAYS, assignee=officer)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        sweep()
    with translation.override("vi"):
        subject = _("Case %(code)s is due on %(due)s") % {"code": case.tracking_code, "due": "11/03/2026"}
        left = ngettext("%(count)s working day left.", "%(count)s working days left.", 2) % {"count": 2}
    assert mail.outbox[0].subject == subject
    assert left in mail.outbox[0].body


def test_case_due_today_is_reminded(make_case, officer, django_capture_on_commit_callbacks):
    make_case(due_date=TODAY, assignee=officer)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep().reminded == 1
    assert recipients() == ["canbo@example.vn"]


def test_case_due_in_three_or_five_working_days_is_left_alone(
    make_case, officer, leader, django_capture_on_commit_callbacks
):
    make_case(due_date=IN_THREE_WORKING_DAYS, assignee=officer)
    make_case(due_date=IN_FIVE_WORKING_DAYS, assignee=officer)
    make_case(due_date=IN_FIVE_WORKING_DAYS)
    with django_capture_on_commit_callbacks(execute=True):
        report = sweep()
    assert (report.reminded, report.escalated, report.notifications) == (0, 0, 0)
    assert mail.outbox == [] and not Notification.objects.exists()


def test_reminder_threshold_is_a_setting(make_case, officer, settings, django_capture_on_commit_callbacks):
    settings.REMINDER_WORKING_DAYS = 5
    make_case(due_date=IN_FIVE_WORKING_DAYS, assignee=officer)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep().reminded == 1


def test_a_new_due_date_is_reminded_again(make_case, officer, django_capture_on_commit_callbacks):
    case = make_case(due_date=TODAY, assignee=officer)
    with django_capture_on_commit_callbacks(execute=True):
        sweep()
    Case.objects.filter(pk=case.pk).update(due_date=IN_TWO_WORKING_DAYS)  # e.g. a leader extended the deadline
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep().reminded == 1
        assert sweep().reminded == 0
    assert recipients() == ["canbo@example.vn", "canbo@example.vn"]
    assert "11/03/2026" in mail.outbox[1].subject
    assert set(Notification.objects.values_list("key", flat=True)) == {
        f"reminder:{case.pk}:2026-03-09",
        f"reminder:{case.pk}:2026-03-11",
    }


def test_unassigned_case_due_soon_reminds_the_ward_leaders(
    make_case, leader, second_leader, other_leader, supervisor, officer, django_capture_on_commit_callbacks
):
    case = make_case(due_date=IN_TWO_WORKING_DAYS)
    with django_capture_on_commit_callbacks(execute=True):
        first = sweep()
        second = sweep()
    assert (first.reminded, first.notifications, second.notifications) == (1, 2, 0)
    assert recipients() == ["chutich@example.vn", "phochutich@example.vn"]
    assert set(Notification.objects.values_list("key", flat=True)) == {
        f"reminder:{case.pk}:2026-03-11:{leader.pk}",
        f"reminder:{case.pk}:2026-03-11:{second_leader.pk}",
    }
    with translation.override("vi"):
        assert _("No officer is assigned to it yet: please assign it.") in mail.outbox[0].body


def test_case_of_an_officer_who_left_reminds_the_leaders(
    make_case, officer, leader, django_capture_on_commit_callbacks
):
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    make_case(due_date=IN_TWO_WORKING_DAYS, assignee=officer)
    with django_capture_on_commit_callbacks(execute=True):
        sweep()
    assert recipients() == ["chutich@example.vn"]


# An assignee who may no longer work the case (permissions.can_work) is not reminded of it: the ward's leaders are,
# and asked to assign it again. The desk's own rule, read from the memberships of all staff once per sweep.


def gone_reminder_lines(case, officer):
    with translation.override("vi"):
        subject = _("Case %(code)s is due on %(due)s and its assignee no longer works on it") % {
            "code": case.tracking_code, "due": "11/03/2026"}
        line = _("%(name)s, to whom it is assigned, may no longer work on it (account deactivated, or no longer an "
                 "officer or a leader of the ward): please assign it to another officer.") % {"name": officer.username}
    return subject, line


def test_a_deactivated_assignee_gets_nothing_and_the_leaders_are_asked_to_assign_the_case_again(
    make_case, department, officer, leader, second_leader, django_capture_on_commit_callbacks
):
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    case = make_case(due_date=IN_TWO_WORKING_DAYS, assignee=officer, department=department)
    with django_capture_on_commit_callbacks(execute=True):
        report = sweep()
    assert (report.reminded, report.notifications) == (1, 2)
    assert recipients() == ["chutich@example.vn", "phochutich@example.vn"]
    subject, line = gone_reminder_lines(case, officer)
    assert [m.subject for m in mail.outbox] == [subject, subject]
    assert line in mail.outbox[0].body and case.tracking_code in mail.outbox[0].body
    assert "tài khoản đã bị khóa" in line  # in Vietnamese, as the other reminders


def test_an_assignee_without_an_e_mail_address_is_named_to_the_leaders_not_called_missing(
    make_case, department, officer, leader, second_leader, django_capture_on_commit_callbacks
):
    """The assignee still works the case but cannot be reminded: the leaders are told so, not that the case has no
    assignee nor that the assignee left."""
    officer.email = ""
    officer.save(update_fields=["email"])
    case = make_case(due_date=IN_TWO_WORKING_DAYS, assignee=officer, department=department)
    with django_capture_on_commit_callbacks(execute=True):
        report = sweep()
        assert sweep().notifications == 0
    assert (report.reminded, report.notifications) == (1, 2)
    assert recipients() == ["chutich@example.vn", "phochutich@example.vn"]
    with translation.override("vi"):
        subject = _("Case %(code)s is due on %(due)s and its assignee has no e-mail address") % {
            "code": case.tracking_code, "due": "11/03/2026"}
        line = _("%(name)s, to whom it is assigned, has no e-mail address and could not be reminded: please tell "
                 "them, and add an e-mail address to their account.") % {"name": officer.username}
        unassigned = _("No officer is assigned to it yet: please assign it.")
    assert subject == f"Đơn {case.tracking_code} có hạn xử lý ngày 11/03/2026, cán bộ được giao chưa có địa chỉ e-mail"
    assert [m.subject for m in mail.outbox] == [subject, subject]
    body = mail.outbox[0].body
    assert line in body and "chưa có địa chỉ e-mail" in line
    assert unassigned not in body and gone_reminder_lines(case, officer)[1] not in body
    assert "/can-bo/don/" + case.tracking_code in body
    assert set(Notification.objects.values_list("key", flat=True)) == {
        f"reminder:{case.pk}:2026-03-11:{leader.pk}", f"reminder:{case.pk}:2026-03-11:{second_leader.pk}"}


def test_an_unassigned_case_still_says_it_has_no_assignee(make_case, leader, django_capture_on_commit_callbacks):
    case = make_case(due_date=IN_TWO_WORKING_DAYS)
    with django_capture_on_commit_callbacks(execute=True):
        sweep()
    with translation.override("vi"):
        assert mail.outbox[0].subject == _("Case %(code)s has no assignee and is due on %(due)s") % {
            "code": case.tracking_code, "due": "11/03/2026"}


@pytest.mark.parametrize("change", ["membership_removed", "now_a_supervisor", "in_another_ward"])
def test_an_assignee_who_no_longer_works_the_ward_gets_nothing(
    change, make_case, ward, other_ward, department, officer, leader, django_capture_on_commit_callbacks
):
    from portal.wards.models import Membership

    membership = Membership.objects.get(user=officer, ward=ward)
    if change == "membership_removed":
        membership.delete()
    elif change == "now_a_supervisor":
        membership.role = "supervisor"
        membership.save(update_fields=["role"])
    else:  # moved to another ward: an officer there, no longer here
        membership.delete()
        Membership.objects.create(user=officer, ward=other_ward, role="officer")
    case = make_case(due_date=IN_TWO_WORKING_DAYS, assignee=officer, department=department)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep().reminded == 1
    assert recipients() == ["chutich@example.vn"]
    assert mail.outbox[0].subject == gone_reminder_lines(case, officer)[0]
    assert list(Notification.objects.values_list("key", flat=True)) == [f"reminder:{case.pk}:2026-03-11:{leader.pk}"]


def test_an_assignee_who_still_works_the_case_is_reminded_though_moved_to_another_department(
    make_case, ward, department, officer, leader, django_capture_on_commit_callbacks
):
    """An officer works the cases assigned to them as well as their departments' (permissions.role_for_case): moved
    to another department of the ward, they still have theirs on the desk, so they are still reminded of it."""
    from portal.wards.models import Membership
    from tests.factories import DepartmentFactory

    Membership.objects.get(user=officer, ward=ward).departments.set([DepartmentFactory(ward=ward)])
    case = make_case(due_date=IN_TWO_WORKING_DAYS, assignee=officer, department=department)
    leader_case = make_case(due_date=IN_TWO_WORKING_DAYS, assignee=leader, department=department)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep().reminded == 2
    assert recipients() == ["canbo@example.vn", "chutich@example.vn"]
    assert set(Notification.objects.values_list("key", flat=True)) == {
        f"reminder:{case.pk}:2026-03-11", f"reminder:{leader_case.pk}:2026-03-11"}


def test_once_reassigned_to_a_current_officer_the_case_is_reminded_to_them(
    make_case, ward, department, officer, leader, django_capture_on_commit_callbacks
):
    from portal.wards.models import Membership

    Membership.objects.filter(user=officer, ward=ward).delete()
    case = make_case(due_date=IN_TWO_WORKING_DAYS, assignee=officer, department=department)
    with django_capture_on_commit_callbacks(execute=True):
        sweep()
    newcomer = Membership.objects.create(user=UserFactory(username="canbo_moi", is_staff=True), ward=ward,
                                         role="officer")
    newcomer.departments.add(department)
    Case.objects.filter(pk=case.pk).update(assignee=newcomer.user)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep().reminded == 1
        assert sweep().reminded == 0
    assert recipients() == ["canbo_moi@example.vn", "chutich@example.vn"]


def test_paused_and_closed_cases_are_skipped(make_case, officer, leader, django_capture_on_commit_callbacks):
    # paused before the due date: the time limit is stopped, the case has no due date while it waits
    make_case(due_date=None, state="needs_info", clock_state="paused", assignee=officer)
    make_case(due_date=None, state="suspended", clock_state="paused", assignee=officer)
    for state in ("answered", "closed", "rejected", "transferred", "merged", "withdrawn", "escalated"):
        make_case(due_date=LAST_FRIDAY, state=state, clock_state="stopped", assignee=officer)
        make_case(due_date=IN_TWO_WORKING_DAYS, state=state, clock_state="stopped", assignee=officer)
    with django_capture_on_commit_callbacks(execute=True):
        report = sweep()
    assert (report.scanned, report.reminded, report.escalated) == (0, 0, 0)
    assert mail.outbox == [] and not AuditEvent.objects.exists() and not Message.objects.exists()


@pytest.mark.parametrize("state", ["needs_info", "suspended"])
def test_a_case_paused_after_its_due_date_had_passed_is_escalated_once(
    make_case, officer, leader, state, django_capture_on_commit_callbacks
):
    """Paused after its due date, a clock keeps that due date (portal.deadlines.clock): the case was late already, and
    its leaders hear of it as of any overdue case, once for that due date."""
    case = make_case(due_date=LAST_FRIDAY, state=state, clock_state="paused", assignee=officer)
    with django_capture_on_commit_callbacks(execute=True):
        first = sweep()
    with django_capture_on_commit_callbacks(execute=True):
        second = sweep()
    assert (first.scanned, first.escalated, first.reminded) == (1, 1, 0)
    assert (second.escalated, second.notifications) == (0, 0)
    assert recipients() == ["chutich@example.vn"]
    assert escalations(case).get().data["due_date"] == "2026-03-06"


def test_each_ward_counts_with_its_own_calendar(
    make_case, ward, other_ward, officer, outsider_officer, django_capture_on_commit_callbacks
):
    # The ward gives Tuesday off (say, a local festival): Thursday is two working days away there, three elsewhere.
    CalendarOverride.objects.create(
        ward=ward, date=dt.date(2026, 3, 10), is_working_day=False, name="Lễ hội", source="Quyết định của UBND phường"
    )
    make_case(due_date=IN_THREE_WORKING_DAYS, assignee=officer)
    make_case(due_date=IN_THREE_WORKING_DAYS, assignee=outsider_officer, ward_=other_ward)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep().reminded == 1
    assert recipients() == ["canbo@example.vn"]


def test_working_days_are_counted_across_tet(make_case, officer, django_capture_on_commit_callbacks):
    # Friday 13 February 2026, the last working day before Tết (Sat 14 to Sun 22 off): Tue 24 Feb is two working
    # days away although eleven calendar days are; Wed 25 Feb is three.
    reminded = make_case(due_date=dt.date(2026, 2, 24), assignee=officer)
    make_case(due_date=dt.date(2026, 2, 25), assignee=officer)
    with (
        time_machine.travel(dt.datetime(2026, 2, 13, 2, 0, tzinfo=dt.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        report = sweep()
    assert (report.reminded, report.escalated) == (1, 0)
    assert len(mail.outbox) == 1
    assert reminded.tracking_code in mail.outbox[0].subject
    # On the first day of Tết nothing is overdue yet and nothing new is due: the same reminder is not sent again.
    with (
        time_machine.travel(dt.datetime(2026, 2, 17, 2, 0, tzinfo=dt.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert sweep().notifications == 0


def test_a_friday_due_date_is_overdue_over_the_weekend(make_case, leader, officer, django_capture_on_commit_callbacks):
    case = make_case(due_date=dt.date(2026, 3, 13), assignee=officer)  # Friday
    with (
        time_machine.travel(dt.datetime(2026, 3, 14, 2, 0, tzinfo=dt.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert sweep().escalated == 1
    assert escalations(case).get().data["working_days_late"] == 1


# --- escalation ------------------------------------------------------------------------------------------------------


def test_overdue_case_is_escalated_once_to_every_leader_of_its_ward(
    make_case, officer, leader, second_leader, other_leader, supervisor, django_capture_on_commit_callbacks
):
    case = make_case(due_date=LAST_FRIDAY, assignee=officer)
    with django_capture_on_commit_callbacks(execute=True):
        first = sweep()
    with django_capture_on_commit_callbacks(execute=True):
        second = sweep()
    assert (first.escalated, first.notifications, first.reminded) == (1, 2, 0)
    assert (second.escalated, second.notifications) == (0, 0)
    assert recipients() == ["chutich@example.vn", "phochutich@example.vn"]  # not the other ward's, nor supervisors
    assert set(Notification.objects.values_list("key", flat=True)) == {
        f"overdue:{case.pk}:2026-03-06:{leader.pk}",
        f"overdue:{case.pk}:2026-03-06:{second_leader.pk}",
    }

    note = system_messages(case).get()
    assert note.is_public is False and note.author is None and "06/03/2026" in note.body
    event = escalations(case).get()
    assert event.actor_label == "system" and event.ward == case.ward
    assert event.data == {"due_date": "2026-03-06", "working_days_late": 1, "leaders": [leader.pk, second_leader.pk]}
    assert verify_chain().ok


def test_escalation_is_written_in_vietnamese(make_case, leader, django_capture_on_commit_callbacks):
    case = make_case(due_date=LAST_FRIDAY)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        sweep()
    with translation.override("vi"):
        subject = _("Overdue: case %(code)s was due on %(due)s") % {"code": case.tracking_code, "due": "06/03/2026"}
        note = _("Overdue since %(due)s: escalated to the ward's leaders (%(names)s).") % {
            "due": "06/03/2026",
            "names": "chutich",
        }
    assert mail.outbox[0].subject == subject
    assert system_messages(case).get().body == note


def test_overdue_case_is_escalated_again_for_a_new_due_date(make_case, leader, django_capture_on_commit_callbacks):
    case = make_case(due_date=dt.date(2026, 3, 2))
    with django_capture_on_commit_callbacks(execute=True):
        sweep()
    Case.objects.filter(pk=case.pk).update(due_date=LAST_FRIDAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep().escalated == 1
        assert sweep().escalated == 0
    assert len(mail.outbox) == 2
    assert sorted(e.data["due_date"] for e in escalations(case)) == ["2026-03-02", "2026-03-06"]
    assert system_messages(case).count() == 2


def test_overdue_case_in_a_ward_without_leaders_is_still_recorded_once(
    make_case, officer, django_capture_on_commit_callbacks
):
    case = make_case(due_date=LAST_FRIDAY, assignee=officer)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep().escalated == 1
        assert sweep().escalated == 0
    assert mail.outbox == []
    assert system_messages(case).count() == 1 and escalations(case).count() == 1


def test_a_run_that_read_before_another_committed_still_writes_once(
    make_case, leader, monkeypatch, django_capture_on_commit_callbacks
):
    """Two workers at once: the second read its chunk before the first committed, so its batch check found nothing.
    The check under the row lock and the outbox keys still stop it."""
    case = make_case(due_date=LAST_FRIDAY)
    due_soon = make_case(due_date=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        sweep()
    monkeypatch.setattr(reminders, "_escalation_markers", lambda cases: set())
    monkeypatch.setattr(reminders, "_existing_keys", lambda keys: set())
    with django_capture_on_commit_callbacks(execute=True):
        report = sweep()
    assert report.escalated == 0
    assert system_messages(case).count() == 1 and escalations(case).count() == 1
    assert Notification.objects.filter(case=due_soon).count() == 1
    assert len(mail.outbox) == 2  # one escalation, one reminder to the leader


def test_a_case_answered_after_it_was_read_is_not_escalated(make_case, leader, monkeypatch):
    case = make_case(due_date=LAST_FRIDAY)
    original = reminders._escalation_markers

    def answer_meanwhile(cases):
        Case.objects.filter(pk=case.pk).update(state="answered", clock_state="stopped", due_date=None)
        return original(cases)

    monkeypatch.setattr(reminders, "_escalation_markers", answer_meanwhile)
    assert sweep().escalated == 0
    assert not escalations(case).exists() and not Notification.objects.exists()


# --- cost ----------------------------------------------------------------------------------------------------------


def _steady_ward(make_case, officer, count):
    """`count` open cases, a third on track, a third due soon, a third overdue; all already reminded/escalated."""
    for i in range(count):
        due = (IN_FIVE_WORKING_DAYS, IN_TWO_WORKING_DAYS, LAST_FRIDAY)[i % 3]
        make_case(due_date=due, assignee=officer if i % 2 else None)
    sweep()


@pytest.mark.parametrize("count", [10, 50])
def test_a_sweep_with_nothing_to_send_costs_a_constant_number_of_queries(
    count, make_case, officer, leader, other_leader, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    _steady_ward(make_case, officer, count)
    # wards, calendar overrides, leaders, staff memberships; then per chunk: the cases, the outbox keys, the
    # escalation markers
    with django_assert_max_num_queries(7):
        report = sweep()
    on_track = len(range(0, count, 3))
    assert (report.scanned, report.reminded, report.escalated, report.notifications) == (count - on_track, 0, 0, 0)


@pytest.mark.parametrize("count", [10, 50])
def test_whether_each_assignee_still_works_the_case_costs_no_query(
    count, make_case, ward, department, officer, leader, django_assert_max_num_queries,
    django_capture_on_commit_callbacks
):
    """Cases due soon of current officers, of officers who left the ward and of deactivated ones, each with an
    assignee of their own: the memberships are read once per sweep, not once per case or per assignee."""
    from portal.wards.models import Membership

    expected = set()
    for i in range(count):
        user = UserFactory(username=f"canbo{i}", is_staff=True, is_active=i % 3 != 2)
        if i % 3 == 0:
            Membership.objects.create(user=user, ward=ward, role="officer").departments.add(department)
        make_case(due_date=IN_TWO_WORKING_DAYS, assignee=user, department=department)
        expected.add(user.email if i % 3 == 0 else leader.email)
    # wards, overrides, leaders, memberships, the cases, the outbox keys; savepoint, existing keys, INSERT, release
    with django_capture_on_commit_callbacks(execute=True), django_assert_max_num_queries(10):
        report = sweep()
    assert report.reminded == count
    assert set(recipients()) == expected
    assert len(mail.outbox) == count


@pytest.mark.parametrize("count", [12, 60])
def test_a_backlog_of_overdue_cases_is_escalated_in_a_few_statements_whatever_its_size(
    count, make_case, officer, leader, second_leader, monkeypatch, django_assert_max_num_queries,
    django_capture_on_commit_callbacks
):
    """The first sweep after an outage (or over imported data) escalates every overdue case at once: bulk writes,
    ESCALATION_BATCH cases to a transaction, never a dozen statements per case."""
    monkeypatch.setattr(reminders, "ESCALATION_BATCH", 25)
    cases = [make_case(due_date=LAST_FRIDAY, assignee=officer if i % 2 else None) for i in range(count)]
    batches = -(-count // 25)
    # wards, overrides, leaders, memberships, the cases, the markers; per batch: savepoint, lock, markers again,
    # notes, audit head lock + events + head write, existing keys, one INSERT a hundred e-mails, release (and 4 to
    # create the audit chain's head, the first event ever)
    with django_capture_on_commit_callbacks(execute=True), django_assert_max_num_queries(4 + 7 + 11 * batches):
        report = sweep()
    assert (report.escalated, report.notifications, report.reminded) == (count, 2 * count, 0)
    assert Message.objects.filter(kind="system").count() == count
    assert AuditEvent.objects.filter(action="case.overdue_escalated").count() == count
    assert verify_chain().ok
    assert len(mail.outbox) == 2 * count
    first = cases[0]
    assert set(Notification.objects.filter(case=first).values_list("key", flat=True)) == {
        f"overdue:{first.pk}:2026-03-06:{leader.pk}", f"overdue:{first.pk}:2026-03-06:{second_leader.pk}"}
    assert escalations(first).get().data == {"due_date": "2026-03-06", "working_days_late": 1,
                                              "leaders": [leader.pk, second_leader.pk]}
    assert sweep().escalated == 0


def test_chunks_cover_every_case_once(make_case, officer, leader, django_capture_on_commit_callbacks):
    cases = [make_case(due_date=IN_TWO_WORKING_DAYS, assignee=officer) for _ in range(7)]
    with django_capture_on_commit_callbacks(execute=True):
        report = sweep(chunk_size=3)
    assert (report.scanned, report.reminded) == (7, 7)
    assert set(Notification.objects.values_list("case_id", flat=True)) == {c.pk for c in cases}


def test_cases_due_far_ahead_are_not_read(make_case, other_ward, officer, outsider_officer):
    make_case(due_date=dt.date(2026, 6, 1), assignee=officer)
    make_case(due_date=IN_TWO_WORKING_DAYS, assignee=outsider_officer, ward_=other_ward)
    assert sweep().scanned == 1


# --- the Celery task and its schedule ------------------------------------------------------------------------------


def test_the_celery_task_runs_the_sweep(make_case, officer, leader, django_capture_on_commit_callbacks):
    from portal.cases.tasks import deadline_sweep

    make_case(due_date=IN_TWO_WORKING_DAYS, assignee=officer)
    make_case(due_date=LAST_FRIDAY, assignee=officer)
    with django_capture_on_commit_callbacks(execute=True):
        result = deadline_sweep.delay().get()  # eager in tests
    assert {k: result[k] for k in ("scanned", "reminded", "escalated", "notifications")} == {
        "scanned": 2,
        "reminded": 1,
        "escalated": 1,
        "notifications": 2,
    }
    assert recipients() == ["canbo@example.vn", "chutich@example.vn"]


def test_beat_runs_the_sweep_every_hour_and_still_flushes_the_outbox_every_minute(settings):
    by_task = {entry["task"]: entry for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert float(by_task["cases.deadline_sweep"]["schedule"]) == 3600
    assert 0 < by_task["cases.deadline_sweep"]["options"]["expires"] <= 3600
    assert float(by_task["notifications.flush_outbox"]["schedule"]) == 60
