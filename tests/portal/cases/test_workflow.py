"""The state machine: who may do what, from which state, and what each transition writes and tells."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import translation

from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from portal.cases import escalation, selectors, services
from portal.cases.models import Case, CaseAnswer, Message
from portal.cases.services import Submission, submit_case
from portal.cases.workflow import TRANSITIONS, available, transition
from portal.core.errors import DomainError
from portal.deadlines.models import DeadlinePolicy

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)  # 09:00 in Hà Nội


def file(ward, category, kind="feedback", **extra):
    values = {"contact_name": "Lê Văn Bình", "contact_address": "5 Hoa Sứ", "contact_email": "binh@example.vn",
              "notify_by": "email", "decision_date": dt.date(2026, 11, 1) if kind == "complaint" else None}
    values.update(extra)
    return submit_case(submission=Submission(ward=ward, kind=kind, category=category, title="Tiêu đề đơn",
                                             description="Nội dung đơn thư của cư dân.", **values)).case


@pytest.fixture
def case(ward, category, department):
    c = file(ward, category)
    Case.objects.filter(pk=c.pk).update(department=department)
    c.refresh_from_db()
    return c


def test_every_transition_is_declared_with_its_rules():
    assert set(TRANSITIONS) == {"accept", "start_work", "request_info", "provide_info", "resume_handling", "suspend",
                                "resume", "answer", "close", "reject", "transfer", "merge", "withdraw", "reopen",
                                "escalate", "lead_outcome"}
    for t in TRANSITIONS.values():
        assert t.sources and t.target and t.roles


def test_officer_handles_feedback_from_receipt_to_answer(case, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        transition(case=case, action="accept", actor=officer)
        transition(case=case, action="start_work", actor=officer)
        case = transition(case=case, action="answer", actor=officer, text="Đã sửa đèn đường ngày 20/11.")
    assert case.state == "answered" and case.assignee == officer and case.answered_at
    assert case.clock_state == "stopped" and case.due_date is None
    public = list(case.messages.filter(is_public=True).values_list("kind", flat=True))
    assert public == ["submission", "state_change", "state_change", "answer"]
    actions = list(AuditEvent.objects.filter(object_id=str(case.pk)).values_list("action", flat=True))
    assert actions == ["case.submitted", "case.accept", "case.start_work", "case.answer"]
    assert verify_chain().ok
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 3  # accepted + working + answered (the case was filed before capturing)
    with translation.override("vi"):  # in the resident's language
        assert subjects[-1] == translation.gettext("Case %(code)s: %(headline)s") % {
            "code": case.tracking_code, "headline": str(TRANSITIONS["answer"].told)}
    assert "Đã sửa đèn đường" in mail.outbox[-1].body


@pytest.mark.parametrize("action", ["accept", "reject", "request_info", "merge"])
def test_supervisor_and_outsiders_cannot_change_a_case(case, supervisor, outsider_officer, action):
    for actor in (supervisor, outsider_officer):
        with pytest.raises(PermissionDenied):
            transition(case=case, action=action, actor=actor, text="x", reason_code="other")
    case.refresh_from_db()
    assert case.state == "received"


def test_officer_of_another_department_cannot_see_or_act(case, ward, officer):
    from tests.factories import DepartmentFactory, MembershipFactory, UserFactory

    other_department = DepartmentFactory(ward=ward)
    stranger = MembershipFactory(user=UserFactory(username="canbo_khac_phong", is_staff=True), ward=ward)
    stranger.departments.add(other_department)
    with pytest.raises(PermissionDenied):
        transition(case=case, action="accept", actor=stranger.user)


def test_complaint_must_be_accepted_and_answered_by_a_leader(ward, category, officer, leader):
    case = file(ward, category, kind="complaint")
    assert "accept" not in {t.action for t in available(case, role="officer")}
    with pytest.raises(PermissionDenied):
        transition(case=case, action="accept", actor=officer)
    case = transition(case=case, action="accept", actor=leader)
    assert case.deadline_step == "resolve"
    with pytest.raises(PermissionDenied):
        transition(case=case, action="answer", actor=officer, text="Quyết định giải quyết")


def test_officer_drafts_and_leader_approves_a_complaint_answer(ward, category, officer, leader):
    case = transition(case=file(ward, category, kind="complaint"), action="accept", actor=leader)
    draft = services.propose_answer(case=case, actor=officer, text="Quyết định giải quyết khiếu nại lần đầu.")
    with pytest.raises(DomainError):
        services.propose_answer(case=case, actor=officer, text="Bản khác của quyết định giải quyết.")
    with pytest.raises(PermissionDenied):
        services.approve_answer(answer=draft, actor=officer)
    case = services.approve_answer(answer=draft, actor=leader)
    assert case.state == "answered"
    assert case.messages.get(kind="answer").body == "Quyết định giải quyết khiếu nại lần đầu."
    assert CaseAnswer.objects.get().state == "approved"


def test_a_draft_answer_needs_twenty_characters(case, officer):
    from django.core.exceptions import ValidationError

    for text in ("x", "  " + "a" * 19 + "  "):
        with pytest.raises(ValidationError) as excinfo:
            services.propose_answer(case=case, actor=officer, text=text)
        assert list(excinfo.value.message_dict) == ["text"]
    assert not CaseAnswer.objects.exists()
    assert services.propose_answer(case=case, actor=officer, text=" " + "a" * 20 + " ").body == "a" * 20


def test_leader_returns_a_draft_with_a_note(ward, category, officer, leader):
    case = transition(case=file(ward, category, kind="complaint"), action="accept", actor=leader)
    draft = services.propose_answer(case=case, actor=officer, text="Bản nháp quyết định giải quyết.")
    services.return_answer(answer=draft, actor=leader, note="Cần dẫn chiếu Điều 28")
    case.refresh_from_db()
    assert case.state == "accepted"
    assert services.propose_answer(case=case, actor=officer, text="Bản sửa, dẫn chiếu Điều 28.").state == "pending"


@pytest.mark.parametrize("action", ["withdraw", "transfer", "suspend"])
def test_a_draft_of_a_case_that_ends_without_an_answer_is_returned(ward, category, officer, leader, action):
    """Forwarded, withdrawn (or merged, not accepted): the draft waiting for approval can never be sent, and it
    stayed "waiting for approval" for ever. It is returned, saying why. A suspended case keeps its draft: handling
    resumes."""
    case = transition(case=file(ward, category, kind="complaint"), action="accept", actor=leader)
    draft = services.propose_answer(case=case, actor=officer, text="Bản nháp quyết định giải quyết.")
    with translation.override("vi"):  # the leader's page is in Vietnamese
        transition(case=case, action=action, actor=leader, text="Lý do", to_body="UBND quận Phú Nhuận")
    draft.refresh_from_db()
    if action == "suspend":
        assert draft.state == "pending"
        return
    assert draft.state == "returned" and draft.decided_by == leader and draft.decided_at is not None
    assert draft.decision_note.startswith("Đơn đã kết thúc trước khi trả lời được duyệt")


def test_wrong_state_is_refused_with_a_clear_error(case, officer):
    with pytest.raises(DomainError) as excinfo:
        transition(case=case, action="start_work", actor=officer)
    assert excinfo.value.code == "invalid_state"


def test_text_and_reason_are_required_where_the_law_wants_them(case, officer, leader):
    with pytest.raises(DomainError):
        transition(case=case, action="request_info", actor=officer, text="  ")
    with pytest.raises(DomainError):
        transition(case=case, action="reject", actor=officer, text="Không thuộc thẩm quyền")
    case = transition(case=case, action="reject", actor=officer, text="Không thuộc thẩm quyền",
                      reason_code="not_competent")
    assert case.state == "rejected" and case.rejection_reason == "not_competent"


def test_transfer_names_the_body_and_tells_the_resident(case, leader, django_capture_on_commit_callbacks):
    with pytest.raises(DomainError):
        transition(case=case, action="transfer", actor=leader, text="Chuyển đơn")
    with django_capture_on_commit_callbacks(execute=True):
        case = transition(case=case, action="transfer", actor=leader, text="Thuộc thẩm quyền Sở Xây dựng",
                          to_body="Sở Xây dựng TP.HCM")
    assert case.state == "transferred" and case.transferred_to == "Sở Xây dựng TP.HCM"
    assert "Sở Xây dựng TP.HCM" in mail.outbox[-1].body


def test_merge_into_an_open_case_of_the_same_ward(ward, other_ward, category, case, officer):
    target = file(ward, category)
    foreign = file(other_ward, category)
    with pytest.raises(DomainError):
        transition(case=case, action="merge", actor=officer, target=foreign)
    with pytest.raises(DomainError):
        transition(case=case, action="merge", actor=officer, target=case)
    case = transition(case=case, action="merge", actor=officer, target=target)
    assert case.state == "merged" and case.merged_into == target
    assert target.messages.filter(kind="note", body__contains=case.tracking_code).exists()


def test_resident_provides_information_and_the_clock_resumes(ward, category, officer):
    with time_machine.travel(MONDAY, tick=False):
        case = file(ward, category)
        before = case.due_date
    with time_machine.travel(MONDAY + dt.timedelta(days=1), tick=False):
        case = transition(case=case, action="request_info", actor=officer, text="Xin gửi ảnh hiện trường")
    assert case.state == "needs_info" and case.clock_state == "paused" and case.due_date is None
    with time_machine.travel(MONDAY + dt.timedelta(days=3), tick=False):
        case = transition(case=case, action="provide_info", resident=True, text="Ảnh đã gửi kèm")
    assert case.state == "in_progress" and case.clock_state == "running"
    # 10 working days from Monday 23 November skip Vietnamese Culture Day (24 November, from 2026): 8 December.
    # Paused from Tuesday to Thursday: two working days (25 and 26 November) are given back.
    assert (before, case.due_date) == (dt.date(2026, 12, 8), dt.date(2026, 12, 10))


def test_residents_cannot_make_staff_transitions(case):
    with pytest.raises(PermissionDenied):
        transition(case=case, action="accept", resident=True)


def test_withdraw_by_the_resident(case):
    case = transition(case=case, action="withdraw", resident=True, text="Tôi rút đơn vì đã được giải quyết")
    assert case.state == "withdrawn" and case.clock_state == "stopped"


def test_escalation_is_for_answered_complaints_only(ward, category, case, leader):
    with pytest.raises(PermissionDenied):
        transition(case=case, action="escalate", resident=True, text="x")
    complaint = transition(case=file(ward, category, kind="complaint"), action="accept", actor=leader)
    complaint = transition(case=complaint, action="answer", actor=leader, text="Quyết định")
    complaint = transition(case=complaint, action="escalate", resident=True, text="Khiếu nại lần hai")
    assert complaint.state == "escalated"


def test_the_leaders_are_told_when_the_complainant_escalates(ward, category, leader):
    """The body of the next level will ask the ward for its file: each leader with an address gets a link to the case
    (not what the resident wrote), once, in Vietnamese."""
    from portal.notifications.models import Notification
    from tests.factories import MembershipFactory, UserFactory

    other = MembershipFactory(ward=ward, role="leader", user=UserFactory(username="phochutich")).user
    MembershipFactory(ward=ward, role="leader", user=UserFactory(username="khongthu", email=""))
    complaint = transition(case=file(ward, category, kind="complaint"), action="accept", actor=leader)
    complaint = transition(case=complaint, action="answer", actor=leader, text="Quyết định giải quyết lần đầu")
    assert not Notification.objects.filter(key__endswith=":escalated").exists() and leader.email
    transition(case=complaint, action="escalate", resident=True, text="Tôi không đồng ý, khiếu nại lần hai.")
    sent = Notification.objects.filter(key__startswith=f"case:{complaint.pk}:escalated").order_by("recipient")
    assert sorted(n.recipient for n in sent) == sorted([leader.email, other.email])
    for notice in sent:
        assert notice.subject == f"Đơn {complaint.tracking_code}: người khiếu nại đã khiếu nại lên cấp trên"
        assert f"/can-bo/don/{complaint.tracking_code}/" in notice.body and "không đồng ý" not in notice.body


# --- the escalation window (Law on Complaints Art. 33) --------------------------------------------------------------
# Answered on Monday 23/11/2026: 30 calendar days end on Wednesday 23/12/2026; 45 (remote ward) on Thursday 7/1/2027.
def local(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def answered_complaint(ward, category, leader):
    with time_machine.travel(MONDAY, tick=False):
        complaint = transition(case=file(ward, category, kind="complaint"), action="accept", actor=leader)
        return transition(case=complaint, action="answer", actor=leader, text="Quyết định giải quyết lần đầu")


def offered(case) -> bool:
    case = Case.objects.select_related("ward").get(pk=case.pk)
    case.public_messages = list(case.messages.filter(is_public=True))
    return selectors.resident_options(case)["escalate"]


def test_a_complaint_can_be_escalated_on_the_last_day_of_the_30_day_window(ward, category, leader):
    complaint = answered_complaint(ward, category, leader)
    assert escalation.window(complaint) == escalation.Window(until=dt.date(2026, 12, 23), days=30)
    with time_machine.travel(local(dt.date(2026, 12, 23), 23, 59), tick=False):
        assert offered(complaint)
        complaint = transition(case=complaint, action="escalate", resident=True, text="Khiếu nại lần hai")
    assert complaint.state == "escalated"
    assert AuditEvent.objects.filter(action="case.escalate").count() == 1


def test_the_day_after_the_window_escalation_is_not_offered_and_refused_changing_nothing(ward, category, leader):
    complaint = answered_complaint(ward, category, leader)
    messages, events = Message.objects.count(), AuditEvent.objects.count()
    with time_machine.travel(local(dt.date(2026, 12, 24), 0, 1), tick=False):
        assert not offered(complaint)
        with pytest.raises(DomainError) as refused:
            transition(case=complaint, action="escalate", resident=True, text="Khiếu nại lần hai")
    assert refused.value.code == "escalation_window_passed"
    assert "Art. 33" in str(refused.value.message) and "23/12/2026" in str(refused.value.message)
    assert Case.objects.get(pk=complaint.pk).state == "answered"
    assert Message.objects.count() == messages and AuditEvent.objects.count() == events
    assert not AuditEvent.objects.filter(action="case.escalate").exists()


def test_the_refusal_is_in_vietnamese_for_a_vietnamese_resident(ward, category, leader):
    complaint = answered_complaint(ward, category, leader)
    with (time_machine.travel(local(dt.date(2027, 1, 5)), tick=False), translation.override("vi"),
          pytest.raises(DomainError) as refused):
        transition(case=complaint, action="escalate", resident=True, text="Khiếu nại lần hai")
    assert "Điều 33" in str(refused.value.message) and "30 ngày" in str(refused.value.message)


def test_a_closed_complaint_counts_from_the_answer_not_from_closing(ward, category, leader):
    complaint = answered_complaint(ward, category, leader)
    with time_machine.travel(local(dt.date(2026, 12, 20)), tick=False):
        complaint = transition(case=complaint, action="close", resident=True)
    with time_machine.travel(local(dt.date(2026, 12, 24)), tick=False):
        assert not offered(complaint)
        with pytest.raises(DomainError):
            transition(case=complaint, action="escalate", resident=True, text="Khiếu nại lần hai")


def test_a_remote_ward_gives_45_days(ward, category, leader):
    ward.is_remote = True
    ward.save()
    complaint = answered_complaint(ward, category, leader)
    assert escalation.window(complaint) == escalation.Window(until=dt.date(2027, 1, 7), days=45)
    with time_machine.travel(local(dt.date(2027, 1, 8)), tick=False):
        assert not offered(complaint)
    with time_machine.travel(local(dt.date(2027, 1, 7)), tick=False):
        assert offered(complaint)
        assert transition(case=complaint, action="escalate", resident=True, text="Lần hai").state == "escalated"


def test_a_wards_own_version_of_the_window_wins_and_an_end_on_a_day_off_moves_to_the_next_working_day(
        ward, category, leader):
    DeadlinePolicy.objects.create(ward=ward, kind="complaint", step="escalate", period=33, unit="calendar_days",
                                  effective_from=dt.date(2026, 1, 1), source="Quy định thử của phường")
    complaint = answered_complaint(ward, category, leader)
    # 23/11 + 33 days = Saturday 26/12/2026: the window ends on Monday 28/12
    assert escalation.window(complaint) == escalation.Window(until=dt.date(2026, 12, 28), days=33)


def test_escalation_follows_the_policy_in_force_on_the_day_the_case_was_received(ward, category, leader):
    DeadlinePolicy.objects.create(kind="complaint", step="escalate", period=60, unit="calendar_days",
                                  effective_from=dt.date(2026, 11, 24), source="Luật giả định, Điều 1")
    complaint = answered_complaint(ward, category, leader)  # received on 23/11: the earlier version
    assert escalation.window(complaint).days == 30


# --- escalation when the ward missed its time limit to resolve (Law on Complaints Art. 33, Art. 28) -------------------
# Accepted on Monday 23/11/2026: 30 days to resolve end on Wednesday 23/12/2026; the complainant may then go to the
# next level from Thursday 24/12 for 30 days from the due date, until Friday 22/1/2027.
DUE = dt.date(2026, 12, 23)
UNTIL = dt.date(2027, 1, 22)


def accepted_complaint(ward, category, leader):
    with time_machine.travel(MONDAY, tick=False):
        complaint = transition(case=file(ward, category, kind="complaint"), action="accept", actor=leader)
    assert (complaint.deadline_step, complaint.due_date, complaint.clock_state) == ("resolve", DUE, "running")
    return complaint


def test_an_overdue_complaint_has_a_window_from_the_day_after_its_due_date(ward, category, leader):
    complaint = accepted_complaint(ward, category, leader)
    found = escalation.window(complaint)
    assert found == escalation.Window(until=UNTIL, days=30, missed=DUE)
    assert not found.is_open(DUE) and found.is_open(DUE + dt.timedelta(days=1)) and found.is_open(UNTIL)
    assert not found.is_open(UNTIL + dt.timedelta(days=1))


def test_an_overdue_complaint_is_escalated_by_the_resident_and_its_clock_stops(ward, category, leader):
    complaint = transition(case=accepted_complaint(ward, category, leader), action="start_work", actor=leader)
    with time_machine.travel(local(DUE + dt.timedelta(days=1), 0, 1), tick=False):
        assert offered(complaint)
        complaint = transition(case=complaint, action="escalate", resident=True, text="Phường quá hạn giải quyết")
    assert complaint.state == "escalated"
    assert complaint.clock_state == "stopped" and complaint.due_date is None
    assert list(complaint.clock_events.values_list("kind", flat=True)) == ["start", "start", "stop"]
    event = AuditEvent.objects.get(action="case.escalate")
    assert event.actor_label == "resident" and event.data["from"] == "in_progress"
    assert verify_chain().ok


def test_an_overdue_complaint_may_be_escalated_on_the_last_day_of_the_window_not_the_day_after(
        ward, category, leader):
    complaint = accepted_complaint(ward, category, leader)
    with time_machine.travel(local(UNTIL + dt.timedelta(days=1), 0, 1), tick=False):
        assert not offered(complaint)
        with pytest.raises(DomainError) as refused:
            transition(case=complaint, action="escalate", resident=True, text="Lần hai")
    assert refused.value.code == "escalation_window_passed" and "22/01/2027" in str(refused.value.message)
    assert Case.objects.get(pk=complaint.pk).state == "accepted"
    assert not AuditEvent.objects.filter(action="case.escalate").exists()
    with time_machine.travel(local(UNTIL, 23, 59), tick=False):
        assert offered(complaint)
        assert transition(case=complaint, action="escalate", resident=True, text="Lần hai").state == "escalated"


def test_until_its_due_date_has_passed_a_complaint_is_not_escalated_and_the_resident_is_told_until_when(
        ward, category, leader):
    complaint = accepted_complaint(ward, category, leader)
    messages, events, clock_events = Message.objects.count(), AuditEvent.objects.count(), complaint.clock_events.count()
    with time_machine.travel(local(DUE, 23, 59), tick=False):
        assert not offered(complaint)
        with pytest.raises(DomainError) as refused:
            transition(case=complaint, action="escalate", resident=True, text="Lần hai")
        with translation.override("vi"), pytest.raises(DomainError) as in_vietnamese:
            transition(case=complaint, action="escalate", resident=True, text="Lần hai")
    assert refused.value.code == "escalation_not_overdue"
    assert "until 23/12/2026" in str(refused.value.message) and "Art. 33" in str(refused.value.message)
    assert "đến hết ngày 23/12/2026" in str(in_vietnamese.value.message)
    assert "ông/bà" in str(in_vietnamese.value.message)
    case = Case.objects.get(pk=complaint.pk)
    assert (case.state, case.clock_state, case.due_date) == ("accepted", "running", DUE)
    assert Message.objects.count() == messages and AuditEvent.objects.count() == events
    assert case.clock_events.count() == clock_events


def test_a_complaint_waiting_for_information_is_not_overdue(ward, category, leader):
    complaint = accepted_complaint(ward, category, leader)
    with time_machine.travel(local(dt.date(2026, 12, 20)), tick=False):
        complaint = transition(case=complaint, action="request_info", actor=leader, text="Xin bản sao quyết định")
    assert complaint.clock_state == "paused"
    with time_machine.travel(local(dt.date(2026, 12, 30)), tick=False):  # a week after the due date it had
        assert escalation.window(complaint) is None and not offered(complaint)
        with pytest.raises(DomainError) as refused:
            transition(case=complaint, action="escalate", resident=True, text="Lần hai")
        assert refused.value.code == "escalation_not_overdue" and "paused" in str(refused.value.message)
        # the days waiting are given back: the ward has until later than 23/12
        complaint = transition(case=complaint, action="provide_info", resident=True, text="Bản sao đây")
        assert complaint.due_date > dt.date(2026, 12, 30) and not offered(complaint)
    assert Case.objects.get(pk=complaint.pk).state == "in_progress"
    assert not AuditEvent.objects.filter(action="case.escalate").exists()


@pytest.mark.parametrize(("pause", "resume"), [("request_info", "provide_info"), ("suspend", "resume")])
def test_a_complaint_paused_after_its_due_date_stays_overdue_and_may_be_escalated(ward, category, leader, pause,
                                                                                   resume):
    """Paused once the ward's time limit had already ended, the clock keeps the missed due date: the complaint is
    still overdue while it waits (Law on Complaints Art. 33: the complainant may go to the next level), and the days
    of that pause are not given back when it resumes."""
    complaint = transition(case=accepted_complaint(ward, category, leader), action="start_work", actor=leader)
    with time_machine.travel(local(dt.date(2026, 12, 28)), tick=False):  # five days after the due date (23/12)
        complaint = transition(case=complaint, action=pause, actor=leader, text="Xin bản sao quyết định")
    assert (complaint.clock_state, complaint.due_date) == ("paused", DUE)
    assert Case.objects.filter(pk=complaint.pk, due_date=DUE, clock_state="paused").exists()
    with time_machine.travel(local(dt.date(2027, 1, 4)), tick=False):
        assert escalation.window(complaint) == escalation.Window(until=UNTIL, days=30, missed=DUE)
        assert offered(complaint)
        assert selectors.annotate_deadlines([complaint])[0].deadline_status == "overdue"
        if resume == "provide_info":
            complaint = transition(case=complaint, action=resume, resident=True, text="Bản sao đây")
        else:
            complaint = transition(case=complaint, action=resume, actor=leader)
    assert (complaint.clock_state, complaint.due_date) == ("running", DUE)  # nothing given back
    with time_machine.travel(local(dt.date(2027, 1, 5)), tick=False):
        assert offered(complaint)
        complaint = transition(case=complaint, action="escalate", resident=True, text="Lần hai")
    assert complaint.state == "escalated"


def test_a_remote_ward_resolves_in_45_days_and_its_residents_then_have_45_days(ward, category, leader):
    ward.is_remote = True
    ward.save()
    with time_machine.travel(MONDAY, tick=False):
        complaint = transition(case=file(ward, category, kind="complaint"), action="accept", actor=leader)
    assert complaint.due_date == dt.date(2027, 1, 7)
    # 7/1/2027 + 45 days = Sunday 21/2/2027: the window ends on Monday 22/2
    found = escalation.window(complaint)
    assert found == escalation.Window(until=dt.date(2027, 2, 22), days=45, missed=dt.date(2027, 1, 7))
    with time_machine.travel(local(dt.date(2027, 1, 7)), tick=False):
        assert not offered(complaint)
    with time_machine.travel(local(dt.date(2027, 2, 22), 23, 59), tick=False):
        assert offered(complaint)
        assert transition(case=complaint, action="escalate", resident=True, text="Lần hai").state == "escalated"


def test_escalating_an_overdue_complaint_returns_the_draft_waiting_for_approval(ward, category, leader, officer,
                                                                               department):
    complaint = accepted_complaint(ward, category, leader)
    Case.objects.filter(pk=complaint.pk).update(department=department)
    with time_machine.travel(local(dt.date(2026, 12, 22)), tick=False):
        draft = services.propose_answer(case=complaint, actor=officer,
                                        text="Dự thảo quyết định giải quyết khiếu nại lần đầu")
    assert draft.state == "pending"
    with time_machine.travel(local(dt.date(2026, 12, 28)), tick=False):
        transition(case=complaint, action="escalate", resident=True, text="Lần hai")
    assert CaseAnswer.objects.get(pk=draft.pk).state == "returned"


def test_an_answered_complaint_is_escalated_as_before_without_a_clock_event(ward, category, leader):
    complaint = answered_complaint(ward, category, leader)
    clock_events = list(complaint.clock_events.values_list("kind", flat=True))
    assert complaint.clock_state == "stopped"
    with time_machine.travel(local(dt.date(2026, 12, 1)), tick=False):
        complaint = transition(case=complaint, action="escalate", resident=True, text="Lần hai")
    assert complaint.state == "escalated" and complaint.clock_state == "stopped"
    assert list(complaint.clock_events.values_list("kind", flat=True)) == clock_events


def test_the_sweep_does_not_escalate_to_the_leaders_a_complaint_the_resident_took_to_the_next_level(
        ward, category, leader):
    from portal.cases.reminders import ESCALATION_ACTION, sweep

    taken = accepted_complaint(ward, category, leader)
    left = accepted_complaint(ward, category, leader)
    day_after = DUE + dt.timedelta(days=1)
    with time_machine.travel(local(day_after), tick=False):
        transition(case=taken, action="escalate", resident=True, text="Lần hai")
        report = sweep(today=day_after)
    assert report.escalated == 1  # the other one, still open and overdue
    escalated = AuditEvent.objects.filter(action=ESCALATION_ACTION).values_list("object_id", flat=True)
    assert list(escalated) == [str(left.pk)]
    assert not taken.messages.filter(kind="system").exists()


def test_poor_rating_reopens_for_the_leader(case, officer, leader, django_capture_on_commit_callbacks):
    case = transition(case=case, action="answer", actor=officer, text="Đã xử lý")
    with django_capture_on_commit_callbacks(execute=True):
        services.rate_answer(case=case, score=1, comment="Chưa sửa gì cả")
    case.refresh_from_db()
    assert case.state == "reopened" and case.clock_state == "running" and case.due_date
    assert any("reopened" in m.subject.lower() or "mở lại" in m.subject.lower() for m in mail.outbox)
    with pytest.raises(DomainError):
        services.rate_answer(case=case, score=5)


def test_good_rating_keeps_the_case_answered(case, officer):
    case = transition(case=case, action="answer", actor=officer, text="Đã xử lý")
    rating = services.rate_answer(case=case, score=5, comment="Cảm ơn")
    case.refresh_from_db()
    assert case.state == "answered" and rating.score == 5
    with pytest.raises(DomainError):
        services.rate_answer(case=case, score=4)


def test_claim_is_first_come_first_served(case, officer, ward, department):
    from tests.factories import MembershipFactory, UserFactory

    second = MembershipFactory(user=UserFactory(username="canbo2", is_staff=True), ward=ward)
    second.departments.add(department)
    services.claim(case=case, actor=officer)
    with pytest.raises(DomainError) as excinfo:
        services.claim(case=case, actor=second.user)
    assert "canbo" in excinfo.value.message
    case.refresh_from_db()
    assert case.assignee == officer


def test_only_leaders_assign_and_only_to_ward_officers(case, officer, leader, outsider_officer):
    with pytest.raises(PermissionDenied):
        services.assign(case=case, actor=officer, assignee=officer)
    with pytest.raises(DomainError):
        services.assign(case=case, actor=leader, assignee=outsider_officer)
    assert services.assign(case=case, actor=leader, assignee=officer).assignee == officer


def test_saving_an_assignment_as_it_stands_records_nothing_and_tells_nobody(case, ward, officer, leader):
    from portal.notifications.models import Notification
    from tests.factories import DepartmentFactory

    social = DepartmentFactory(ward=ward, code="vanhoa", name="Phòng Văn hóa - Xã hội")
    services.assign(case=case, actor=leader, assignee=officer, department=social)
    written = (Message.objects.count(), AuditEvent.objects.count(), Notification.objects.count())
    case = Case.objects.get(pk=case.pk)
    assert services.assignment_unchanged(case, assignee=officer, department=social)
    assert services.assignment_unchanged(case, assignee=officer)  # no department given: it is kept
    for department in (social, None):
        assert services.assign(case=case, actor=leader, assignee=officer, department=department).assignee == officer
    assert (Message.objects.count(), AuditEvent.objects.count(), Notification.objects.count()) == written
    case = Case.objects.get(pk=case.pk)
    assert (case.assignee, case.department) == (officer, social)
    # a change of either still counts
    assert not services.assignment_unchanged(case, assignee=leader)
    assert not services.assignment_unchanged(case, assignee=None)
    services.assign(case=case, actor=leader, assignee=officer, department=DepartmentFactory(ward=ward, code="tp"))
    assert AuditEvent.objects.filter(action="case.assigned").count() == 2


def test_unassigning_a_case_nobody_has_records_nothing(case, leader):
    services.assign(case=case, actor=leader, assignee=None)
    assert not AuditEvent.objects.filter(action="case.assigned").exists()
    assert not Message.objects.filter(kind="system").exists()


def test_internal_notes_never_reach_the_resident(case, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.add_note(case=case, actor=officer, text="Ghi chú nội bộ: liên hệ đội trật tự")
        services.reply(case=case, actor=officer, text="Chúng tôi đang kiểm tra hiện trường")
    assert Message.objects.get(kind="note").is_public is False
    bodies = " ".join(m.body for m in mail.outbox)
    assert "Ghi chú nội bộ" not in bodies and "đang kiểm tra hiện trường" in bodies


def test_denouncer_identity_only_for_assignee_and_leader_and_every_view_is_audited(ward, category, department,
                                                                                    officer, leader, supervisor):
    case = file(ward, category, kind="denunciation", contact_phone="0911000111")
    Case.objects.filter(pk=case.pk).update(department=department)
    case.refresh_from_db()
    for actor in (officer, supervisor):
        with pytest.raises(PermissionDenied):
            services.reveal_identity(case=case, actor=actor)
    assert services.reveal_identity(case=case, actor=leader)["phone"] == "0911000111"
    services.assign(case=case, actor=leader, assignee=officer)  # the leader charges the officer with it
    case.refresh_from_db()
    assert services.reveal_identity(case=case, actor=officer)["name"] == "Lê Văn Bình"
    assert AuditEvent.objects.filter(action="case.identity_viewed").count() == 2


def test_an_officer_cannot_pick_themselves_to_handle_a_denunciation(ward, category, department, officer, leader):
    """Its assignee sees the denouncer's identity, so a leader assigns it: an officer of the department claiming it,
    drafting its answer or starting work on it does not make them its assignee (they could read the identity of any
    denunciation of the department that way)."""
    case = file(ward, category, kind="denunciation", contact_phone="0911000111")
    Case.objects.filter(pk=case.pk).update(department=department)
    case.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        services.claim(case=case, actor=officer)
    assert refused.value.code == "leader_assigns"
    case = transition(case=case, action="accept", actor=leader, text="")
    case = transition(case=case, action="start_work", actor=officer, text="")
    services.propose_answer(case=case, actor=officer, text="Bản nháp kết luận nội dung tố cáo, đã xác minh.")
    case.refresh_from_db()
    assert case.assignee_id is None
    with pytest.raises(PermissionDenied):
        services.reveal_identity(case=case, actor=officer)
    assert not AuditEvent.objects.filter(action="case.claimed").exists()
    # A leader may take it, and a feedback is any officer's to take.
    services.claim(case=case, actor=leader)
    assert Case.objects.get(pk=case.pk).assignee == leader
    feedback = file(ward, category)
    Case.objects.filter(pk=feedback.pk).update(department=department)
    services.claim(case=Case.objects.get(pk=feedback.pk), actor=officer)
    assert Case.objects.get(pk=feedback.pk).assignee == officer


def test_answer_keeps_the_due_date_it_was_answered_against(case, officer):
    due = case.due_date
    case = transition(case=case, action="answer", actor=officer, text="Đã xử lý")
    assert case.due_date is None and case.answer_due_date == due


def test_drafting_an_answer_assigns_an_unassigned_case_to_its_author(case, officer):
    services.propose_answer(case=case, actor=officer, text="Bản nháp văn bản trả lời.")
    case.refresh_from_db()
    assert case.assignee == officer
