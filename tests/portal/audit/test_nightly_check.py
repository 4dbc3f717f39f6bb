"""The nightly verification of the audit chain (portal.audit.tasks.verify_chain_nightly): its result is kept for the
log page, and a broken chain alerts the administrators by e-mail through the outbox, after commit."""

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.db import transaction

from portal.audit import services
from portal.audit.models import AuditChainCheck, AuditEvent
from portal.audit.services import record, verify_chain
from portal.audit.tasks import verify_chain_nightly
from portal.notifications.models import Notification
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _append(n, ward=None):
    for i in range(n):
        with transaction.atomic():
            record(action="test.event", object_type="thing", object_id=i, ward=ward, data={"i": i, "text": "Đường"})


@pytest.fixture
def admins(ward, admin_user):
    """Who must hear of a broken chain: the Django superuser and a ward administrator. Not: a leader, a superuser
    whose account is closed, a ward administrator without an e-mail address."""
    ward_admin = MembershipFactory(user=UserFactory(username="quantri", is_staff=True), ward=ward, role="admin").user
    MembershipFactory(user=UserFactory(username="chutich", is_staff=True), ward=ward, role="leader")
    UserFactory(username="cu_admin", is_superuser=True, is_staff=True, is_active=False)
    MembershipFactory(user=UserFactory(username="quantri2", is_staff=True, email=""), ward=ward, role="admin")
    return [admin_user, ward_admin]


def test_the_job_runs_every_night_at_two():
    [entry] = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "audit.verify_chain"]
    assert entry["schedule"] == crontab(hour=2, minute=0)
    assert entry["options"]["expires"] <= 24 * 3600  # a missed night is not run late as a backlog


def test_the_job_records_an_intact_chain(ward, admins, django_capture_on_commit_callbacks):
    _append(5, ward)
    with django_capture_on_commit_callbacks(execute=True):
        result = verify_chain_nightly.delay().get()
    check = AuditChainCheck.objects.get()
    assert (check.ok, check.checked, check.first_broken_id, check.reason) == (True, 5, None, "")
    assert check.started_at <= check.finished_at
    assert result == {"ok": True, "checked": 5, "first_broken_id": None, "reason": ""}
    assert not Notification.objects.exists() and not mail.outbox


def test_a_tampered_event_is_recorded_and_the_admins_are_alerted_once(ward, admins,
                                                                     django_capture_on_commit_callbacks):
    _append(5, ward)
    target = AuditEvent.objects.order_by("id")[3]
    AuditEvent.objects.filter(pk=target.pk).update(data={"i": 99, "text": "Đường"})
    with django_capture_on_commit_callbacks(execute=True):
        verify_chain_nightly.delay()
    check = AuditChainCheck.objects.get()
    assert (check.ok, check.checked, check.first_broken_id, check.reason) == (False, 3, target.pk, "content")

    # One e-mail to each administrator, in Vietnamese, naming the broken entry; sent through the outbox after commit.
    assert sorted(n.recipient for n in Notification.objects.all()) == sorted(a.email for a in admins)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.email for a in admins)
    message = mail.outbox[0]
    assert message.subject == "OpenWard: chuỗi nhật ký kiểm tra đã bị phá vỡ"
    assert f"mục số {target.pk} đã bị sửa sau khi ghi" in message.body and "verify_audit" in message.body

    # The next night finds the same break: a new result for the page, no second e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        verify_chain_nightly.delay()
    assert AuditChainCheck.objects.count() == 2 and not AuditChainCheck.objects.first().ok
    assert len(mail.outbox) == len(admins) and Notification.objects.count() == len(admins)


def test_a_deleted_event_and_missing_newest_events_are_named(ward, admins):
    _append(4, ward)
    first, second, third, fourth = AuditEvent.objects.order_by("id")
    AuditEvent.objects.filter(pk=second.pk)._raw_delete(AuditEvent.objects.db)
    check = services.check_chain()
    assert (check.ok, check.first_broken_id, check.reason) == (False, third.pk, "previous")

    AuditEvent.objects.filter(pk__gte=third.pk)._raw_delete(AuditEvent.objects.db)  # only the first is left
    check = services.check_chain()
    assert (check.ok, check.checked, check.first_broken_id, check.reason) == (False, 1, None, "head")
    assert Notification.objects.filter(body__contains="các mục mới nhất của nhật ký đã bị mất").count() == len(admins)


def test_events_appended_during_the_walk_are_left_to_the_next_check(ward, monkeypatch):
    """The log grows while the night's check walks it: the check ends at the head it started from, and does not
    mistake the new events (or a head that moved on) for a broken chain."""
    _append(4, ward)
    digest = services._digest
    appended = []

    def digest_while_appending(**kwargs):
        if not appended:
            appended.append(True)
            _append(2, ward)
        return digest(**kwargs)

    monkeypatch.setattr(services, "_digest", digest_while_appending)
    check = services.check_chain(batch_size=2)
    assert (check.ok, check.checked) == (True, 4)
    monkeypatch.setattr(services, "_digest", digest)
    assert services.check_chain().checked == 6


def test_the_walk_reads_the_log_in_batches(ward, django_assert_max_num_queries):
    _append(7, ward)
    with django_assert_max_num_queries(5) as queries:  # the head, then 3 + 3 + 1 events, then an empty batch
        report = verify_chain(batch_size=3)
    assert report.ok and report.checked == 7
    walks = [q["sql"] for q in queries.captured_queries if "audit_auditevent" in q["sql"]]
    assert len(walks) == 4 and all("LIMIT 3" in sql for sql in walks)


def test_an_empty_log_is_intact():
    check = services.check_chain()
    assert check.ok and check.checked == 0
