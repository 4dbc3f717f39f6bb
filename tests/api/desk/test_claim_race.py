"""Two officers claim the same case at once: exactly one wins, the other gets 400 "already_claimed"."""

import threading

import pytest
from django.conf import settings
from django.db import connections
from rest_framework.test import APIClient

from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from portal.cases import services
from portal.cases.models import Case


def claim_url(case):
    return f"/api/v1/staff/cases/{case.tracking_code}/claim/"


@pytest.mark.django_db
def test_a_claim_overtaken_between_check_and_update_loses(as_user, officer, officer2, make_case, department,
                                                          monkeypatch):
    """officer2's request has loaded the case (unassigned) and passed the view's checks; just then officer's claim
    commits. officer2's conditional UPDATE finds the case taken."""
    case = make_case(department=department)
    check = services.can_work

    def overtaken(user, checked_case):
        if user == officer2:
            services.claim(case=checked_case, actor=officer)
        return check(user, checked_case)

    monkeypatch.setattr(services, "can_work", overtaken)
    response = as_user(officer2).post(claim_url(case), format="json")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "already_claimed" and response.json()["non_field_errors"]
    assert Case.objects.get(pk=case.pk).assignee == officer
    claims = AuditEvent.objects.filter(action="case.claimed", object_id=str(case.pk))
    assert [e.actor for e in claims] == [officer]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not settings.USING_POSTGRES, reason="needs concurrent transactions (PostgreSQL)")
def test_two_officers_claim_at_once_and_exactly_one_wins(officer, officer2, make_case, department, monkeypatch):
    case = make_case(department=department)
    both_checked = threading.Barrier(2, timeout=30)
    check = services.can_work

    def check_then_wait(user, checked_case):
        allowed = check(user, checked_case)
        both_checked.wait()  # both requests are past every check and about to UPDATE
        return allowed

    monkeypatch.setattr(services, "can_work", check_then_wait)
    responses, errors = {}, []

    def claim_as(user):
        try:
            client = APIClient()
            client.force_authenticate(user)
            responses[user.username] = client.post(claim_url(case), format="json")
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim_as, args=(user,)) for user in (officer, officer2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    statuses = sorted(r.status_code for r in responses.values())
    assert statuses == [200, 400], {u: r.content for u, r in responses.items()}
    [winner] = [u for u, r in responses.items() if r.status_code == 200]
    [loser] = [r for r in responses.values() if r.status_code == 400]
    assert loser.json()["code"] == "already_claimed"
    assert Case.objects.get(pk=case.pk).assignee.username == winner
    claims = AuditEvent.objects.filter(action="case.claimed", object_id=str(case.pk))
    assert [e.actor.username for e in claims] == [winner]
    assert verify_chain().ok
