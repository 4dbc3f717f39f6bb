"""Two workers sweeping at the same moment (PostgreSQL: real row locks and concurrent transactions)."""

import datetime as dt
import threading

import pytest
import time_machine
from django.core import mail
from django.db import connection, connections

from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from portal.cases import reminders
from portal.cases.models import Message
from portal.notifications.models import Notification

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions (PostgreSQL)"),
]


def test_two_sweeps_at_once_send_once_and_write_once(make_case, officer, leader, second_leader, monkeypatch):
    overdue = make_case(due_date=dt.date(2026, 3, 6), assignee=officer)
    due_soon = make_case(due_date=dt.date(2026, 3, 11), assignee=officer)
    unassigned = make_case(due_date=dt.date(2026, 3, 10))
    # Both workers read their chunk and find nothing sent yet before either writes: the worst interleaving.
    both_read = threading.Barrier(2, timeout=30)
    existing_keys, markers = reminders._existing_keys, reminders._escalation_markers

    def keys_then_wait(keys):
        found = existing_keys(keys)
        both_read.wait()
        return found

    def markers_then_wait(cases):
        found = markers(cases)
        both_read.wait()
        return found

    monkeypatch.setattr(reminders, "_existing_keys", keys_then_wait)
    monkeypatch.setattr(reminders, "_escalation_markers", markers_then_wait)
    reports, errors = [], []

    def worker():
        try:
            reports.append(reminders.sweep())
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    with time_machine.travel(dt.datetime(2026, 3, 9, 2, 0, tzinfo=dt.UTC), tick=False):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert not errors, errors
    assert sorted(r.escalated for r in reports) == [0, 1]
    assert Message.objects.filter(case=overdue, kind="system").count() == 1
    assert AuditEvent.objects.filter(action="case.overdue_escalated").count() == 1
    assert verify_chain().ok
    assert Notification.objects.filter(case=overdue).count() == 2
    assert Notification.objects.filter(case=due_soon).count() == 1
    assert Notification.objects.filter(case=unassigned).count() == 2
    assert sorted(address for m in mail.outbox for address in m.to) == [
        "canbo@example.vn",
        "chutich@example.vn",
        "chutich@example.vn",
        "phochutich@example.vn",
        "phochutich@example.vn",
    ]
