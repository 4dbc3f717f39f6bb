"""Anonymous denunciations kept as internal inspection leads (SPEC §2, Law on Denunciations Art. 25(2)): filed only
when they name the violator and give evidence, without a deadline clock or routing, read and decided by the ward's
leaders only, and left out of every public output."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from portal.cases import leads, selectors
from portal.cases.models import Case, CaseClockEvent, CaseState, ClockState, Message
from portal.cases.permissions import can_view, role_for_case, visible_cases
from portal.cases.selectors import QueueFilters, case_for_staff, queue
from portal.cases.services import Submission, submit_case
from portal.cases.workflow import TRANSITIONS, available, transition
from portal.core.errors import DomainError
from portal.notifications.models import Notification
from portal.routing.models import RoutingRule
from portal.transparency import exports, rollups
from portal.transparency.models import Dimension, MonthlyStat
from portal.transparency.rollups import month_start
from tests.factories import MembershipFactory, UserFactory, image_bytes

pytestmark = pytest.mark.django_db

DENOUNCED = "Ông Trần Văn Bình, công chức địa chính - xây dựng"
EVIDENCE = "Ảnh chụp tin nhắn hẹn gặp và sổ ghi chép của người nộp hồ sơ; hai người chứng kiến."


def lead(ward, category, **overrides):
    values = {"ward": ward, "kind": "denunciation", "category": category, "title": "Cán bộ địa chính nhận tiền",
              "description": "Ngày 10/11 cán bộ địa chính nhận 5 triệu đồng để ký hồ sơ cấp phép xây dựng.",
              "is_anonymous": True, "denounced_person": DENOUNCED, "evidence": EVIDENCE}
    values.update(overrides)
    return Submission(**values)


def named(ward, category, **overrides):
    values = {"is_anonymous": False, "contact_name": "Nguyễn Thị Hoa", "contact_address": "5 Lê Lợi",
              "contact_phone": "0901234567"}
    values.update(overrides)
    return lead(ward, category, **values)


@pytest.fixture
def other_leader(other_ward):
    return MembershipFactory(user=UserFactory(username="chutich_khac", is_staff=True), ward=other_ward,
                             role="leader").user


def test_an_anonymous_denunciation_naming_the_official_with_evidence_is_an_inspection_lead(
        ward, category, department, officer, resident):
    RoutingRule.objects.create(ward=ward, department=department, category=category, default_assignee=officer)
    case = submit_case(submission=lead(ward, category, contact_name="Tên không lưu", contact_email="a@example.vn",
                                       notify_by="none"), actor=resident).case
    case.refresh_from_db()
    assert case.is_inspection_lead and case.state == CaseState.RECEIVED
    # No statutory clock, no department or assignee (officers never see it), nothing ties it to the sender.
    assert case.clock_state == ClockState.STOPPED and case.due_date is None and case.deadline_step == ""
    assert case.department is None and case.assignee is None and case.owner is None
    assert case.contact_name == "" and case.contact_email == "" and not case.identity_verified
    assert case.denounced_person == DENOUNCED and case.evidence == EVIDENCE
    assert not CaseClockEvent.objects.filter(case=case).exists()
    assert Notification.objects.count() == 0
    event = AuditEvent.objects.get(object_id=str(case.pk))
    assert event.action == "case.submitted" and event.data["inspection_lead"] is True
    # Supervisors read the ward's audit log: nothing in the event narrows down who sent it.
    assert not {"category", "area", "department", "routing_rule"} & set(event.data)
    assert event.actor is None and event.actor_label == "resident"  # not the signed-in resident's account
    assert verify_chain().ok


def test_the_evidence_may_be_an_attached_file_instead_of_a_description(ward, category, make_upload):
    photo = make_upload("bien-lai.jpg", image_bytes(), "image/jpeg")
    case = submit_case(submission=lead(ward, category, evidence="", files=[photo])).case
    assert case.is_inspection_lead and case.attachments.count() == 1
    assert case.attachments.get().uploaded_by is None


@pytest.mark.parametrize(("overrides", "field"), [
    ({"denounced_person": ""}, "denounced_person"),
    ({"denounced_person": "   "}, "denounced_person"),
    ({"evidence": ""}, "evidence"),
    ({"evidence": "có ảnh"}, "evidence"),  # too short to be a description of evidence
    ({"notify_by": "email", "contact_email": "a@example.vn"}, "notify_by"),
])
def test_an_anonymous_denunciation_without_what_a_lead_needs_is_refused(ward, category, overrides, field):
    with pytest.raises(ValidationError) as excinfo:
        submit_case(submission=lead(ward, category, **overrides))
    assert field in excinfo.value.message_dict
    assert "is_anonymous" not in excinfo.value.message_dict
    assert Case.objects.count() == 0 and AuditEvent.objects.count() == 0


def test_an_anonymous_complaint_is_still_refused(ward, category):
    with pytest.raises(ValidationError) as excinfo:
        submit_case(submission=lead(ward, category, kind="complaint"))
    assert "is_anonymous" in excinfo.value.message_dict


def test_a_named_denunciation_is_processed_as_before_and_keeps_who_it_denounces(ward, category):
    case = submit_case(submission=named(ward, category)).case
    assert not case.is_inspection_lead and case.due_date is not None and case.clock_state == ClockState.RUNNING
    assert case.denounced_person == DENOUNCED
    with pytest.raises(ValidationError) as excinfo:  # a named one still needs the denouncer's contact
        submit_case(submission=named(ward, category, contact_phone=""))
    assert "contact_phone" in excinfo.value.message_dict


def test_feedback_does_not_keep_denunciation_fields(ward, category):
    case = submit_case(submission=lead(ward, category, kind="feedback")).case
    assert case.denounced_person == "" and case.evidence == "" and not case.is_inspection_lead


def test_only_the_wards_leaders_reach_a_lead(ward, category, officer, leader, supervisor, outsider_officer,
                                              other_leader):
    case = submit_case(submission=lead(ward, category)).case
    ordinary = submit_case(submission=named(ward, category)).case
    for user in (officer, supervisor, outsider_officer, other_leader):
        assert role_for_case(user, case) is None and not can_view(user, case)
        assert leads.lead_for(user, case.tracking_code) is None
        assert list(leads.leads_of(user)) == []
    assert role_for_case(leader, case) == "leader"
    assert leads.lead_for(leader, case.tracking_code).pk == case.pk
    assert [c.pk for c in leads.leads_of(leader)] == [case.pk]
    # Not a case of the queue, the case page or the staff API for anyone, a leader included.
    for user in (officer, leader, supervisor):
        assert case.pk not in set(visible_cases(user).values_list("pk", flat=True))
        assert case.pk not in {c.pk for c in queue(user, QueueFilters(open_only=False))}
        assert case_for_staff(user, case.tracking_code) is None
    assert case_for_staff(leader, ordinary.tracking_code) is not None
    assert leads.lead_for(leader, ordinary.tracking_code) is None  # an ordinary denunciation is no lead


def test_no_ordinary_transition_applies_to_a_lead(ward, category, leader):
    case = submit_case(submission=lead(ward, category)).case
    assert [t.action for t in available(case, role="leader")] == ["lead_outcome"]
    for action in TRANSITIONS:
        if action == "lead_outcome":
            continue
        with pytest.raises(PermissionDenied):
            transition(case=case, action=action, actor=leader, text="Lý do", reason_code="other", to_body="Sở X")
    with pytest.raises(PermissionDenied):  # nor can its sender withdraw it or write to the ward
        transition(case=case, action="withdraw", resident=True, text="Rút đơn")
    assert Case.objects.get(pk=case.pk).state == CaseState.RECEIVED


@pytest.mark.parametrize("who", ["officer", "supervisor", "outsider", "other_leader", "resident"])
def test_only_a_leader_of_the_ward_records_what_was_done(ward, category, officer, supervisor, outsider_officer,
                                                          other_leader, who):
    case = submit_case(submission=lead(ward, category)).case
    actor = {"officer": officer, "supervisor": supervisor, "outsider": outsider_officer,
             "other_leader": other_leader}.get(who)
    kwargs = {"resident": True} if who == "resident" else {"actor": actor}
    with pytest.raises(PermissionDenied):
        transition(case=case, action="lead_outcome", text="Lưu", outcome="filed", **kwargs)
    assert Case.objects.get(pk=case.pk).lead_outcome == ""


def test_a_leader_records_the_outcome_with_a_note_and_an_audit_event(ward, category, leader):
    case = submit_case(submission=lead(ward, category)).case
    with pytest.raises(DomainError) as excinfo:
        transition(case=case, action="lead_outcome", actor=leader, text="Giao Thanh tra", outcome="")
    assert excinfo.value.code == "outcome_required"
    with pytest.raises(DomainError) as excinfo:
        transition(case=case, action="lead_outcome", actor=leader, text="", outcome="inspect")
    assert excinfo.value.code == "text_required"

    case = transition(case=case, action="lead_outcome", actor=leader, text="Giao Thanh tra phường kiểm tra.",
                      outcome="inspect")
    assert case.state == CaseState.CLOSED and case.lead_outcome == "inspect" and case.closed_at is not None
    entry = Message.objects.filter(case=case).last()
    assert entry.body == "Giao Thanh tra phường kiểm tra." and not entry.is_public and entry.author == leader
    event = AuditEvent.objects.filter(object_id=str(case.pk)).last()
    assert event.action == "case.lead_outcome" and event.actor == leader
    assert event.data["outcome"] == "inspect" and event.data["to"] == "closed"
    assert Notification.objects.count() == 0  # nobody to tell
    with pytest.raises(DomainError):  # once
        transition(case=case, action="lead_outcome", actor=leader, text="Lại", outcome="filed")
    assert verify_chain().ok


def test_its_sender_is_offered_nothing_and_told_it_was_only_received(ward, category, leader):
    submitted = submit_case(submission=lead(ward, category))
    transition(case=submitted.case, action="lead_outcome", actor=leader, text="Lưu đơn.", outcome="filed")
    case = selectors.case_for_resident(code=submitted.case.tracking_code, token=submitted.access_token)
    assert not any(selectors.resident_options(case).values())
    assert [m.kind for m in case.public_messages] == ["submission"]  # the decision is internal


def test_leads_are_left_out_of_statistics_and_open_data(ward, category, leader):
    ordinary = submit_case(submission=named(ward, category)).case
    for outcome in ("inspect", "filed"):
        case = submit_case(submission=lead(ward, category)).case
        transition(case=case, action="lead_outcome", actor=leader, text="Ghi chú.", outcome=outcome)
    submit_case(submission=lead(ward, category))  # one waiting
    rollups.refresh(months=[month_start(ordinary.received_on)])
    total = MonthlyStat.objects.get(ward=ward, month=month_start(ordinary.received_on), dimension=Dimension.TOTAL)
    by_kind = MonthlyStat.objects.get(ward=ward, month=month_start(ordinary.received_on),
                                      dimension=Dimension.KIND, key="denunciation")
    assert (total.received, total.answered, total.overdue_open) == (1, 0, 0)
    assert by_kind.received == 1
    records = list(exports.case_records())
    assert len(records) == 1 and records[0]["kind"] == "denunciation"
