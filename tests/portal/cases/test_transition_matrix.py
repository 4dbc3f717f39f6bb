"""Every transition × every role, declared here independently of workflow.TRANSITIONS: a change to who may do
what must change this table too. "Y" allowed, "-" refused (PermissionDenied)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from portal.cases.models import Case
from portal.cases.services import Submission, submit_case
from portal.cases.workflow import TRANSITIONS, transition
from portal.core.errors import DomainError

pytestmark = pytest.mark.django_db

ROLES = ("officer", "leader", "supervisor", "outsider", "resident")
# action: (feedback, complaint) per role in ROLES order
EXPECTED = {
    "accept":          ("YY---", "-Y---"),
    "start_work":      ("YY---", "YY---"),
    "request_info":    ("YY---", "YY---"),
    "provide_info":    ("----Y", "----Y"),
    "resume_handling": ("YY---", "YY---"),
    "suspend":         ("-Y---", "-Y---"),
    "resume":          ("-Y---", "-Y---"),
    "answer":          ("YY---", "-Y---"),
    "close":           ("YY--Y", "YY--Y"),
    "reject":          ("YY---", "-Y---"),
    "transfer":        ("-Y---", "-Y---"),
    "merge":           ("YY---", "YY---"),
    "withdraw":        ("YY--Y", "YY--Y"),
    "reopen":          ("-Y---", "-Y---"),
    "escalate":        ("-----", "----Y"),
    # inspection leads only (anonymous denunciations): tests/portal/cases/test_inspection_leads.py
    "lead_outcome":    ("-----", "-----"),
}


def test_the_table_covers_every_transition():
    assert set(EXPECTED) == set(TRANSITIONS)


@pytest.fixture
def actors(officer, leader, supervisor, outsider_officer):
    return {"officer": officer, "leader": leader, "supervisor": supervisor, "outsider": outsider_officer}


def _source_state(action):
    # An open complaint is escalated only once overdue (portal.cases.escalation): the table asks about an answered one.
    return "answered" if action == "escalate" else sorted(TRANSITIONS[action].sources)[0]


def _case_in_source_state(ward, category, department, kind, action):
    case = submit_case(submission=Submission(
        ward=ward, kind=kind, category=category, title="Đơn thử", description="Nội dung đơn thử nghiệm.",
        contact_name="An", contact_address="1 Lê Lợi", decision_date=dt.date(2026, 11, 1))).case
    state = _source_state(action)
    Case.objects.filter(pk=case.pk).update(state=state, department=department)
    case.refresh_from_db()
    return case


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("kind_index", [0, 1], ids=["feedback", "complaint"])
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_who_may_make_each_transition(ward, category, department, actors, action, kind_index, role_index):
    kind = ("feedback", "complaint")[kind_index]
    role = ROLES[role_index]
    allowed = EXPECTED[action][kind_index][role_index] == "Y"
    case = _case_in_source_state(ward, category, department, kind, action)
    target = _case_in_source_state(ward, category, department, kind, "merge") if action == "merge" else None
    kwargs = {"text": "Lý do", "reason_code": "other", "to_body": "Sở Tài nguyên và Môi trường", "target": target}
    if role == "resident":
        kwargs["resident"] = True
    else:
        kwargs["actor"] = actors[role]
    if allowed:
        try:
            case = transition(case=case, action=action, **kwargs)
        except DomainError as exc:  # a rule of the domain, not a permission: fine for this table
            pytest.fail(f"{role} {action} on {kind}: {exc.message}")
        assert case.state == TRANSITIONS[action].target
    else:
        with pytest.raises(PermissionDenied):
            transition(case=case, action=action, **kwargs)
        assert Case.objects.get(pk=case.pk).state == _source_state(action)
