"""The outbox sends each notification exactly once, survives a broker outage and retries failures."""

import pytest
from django.core import mail
from django.db import transaction

from portal.notifications import services
from portal.notifications.models import Notification
from portal.notifications.tasks import flush_outbox

pytestmark = pytest.mark.django_db


def _enqueue(key="k1", channel="email"):
    return services.enqueue(key=key, channel=channel, recipient="an@example.vn" if channel == "email" else "0903",
                            subject="Tiêu đề", body="Nội dung")


def test_same_key_queues_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _enqueue()
        second = _enqueue()
    assert first.pk == second.pk
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_sending_twice_sends_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        notification = _enqueue()
    assert services.send(notification.pk) is True
    assert services.send(notification.pk) is False
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.state == "sent" and notification.attempts == 1 and notification.sent_at


def test_broker_outage_keeps_the_row_and_the_sweep_sends_it(monkeypatch, django_capture_on_commit_callbacks):
    from portal.notifications import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(tasks.send_notification, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        notification = _enqueue()
    notification.refresh_from_db()
    assert notification.state == "pending" and mail.outbox == []
    assert flush_outbox() == 1
    assert flush_outbox() == 0
    assert len(mail.outbox) == 1


def test_a_failed_send_is_recorded_and_retried(monkeypatch, sms_outbox, django_capture_on_commit_callbacks):
    from portal.notifications.channels import sms

    class Flaky:
        calls = 0

        def send(self, *, to, body):
            Flaky.calls += 1
            if Flaky.calls == 1:
                raise OSError("gateway timeout")
            sms_outbox.append({"to": to, "body": body})

    monkeypatch.setattr(sms, "get_backend", Flaky)
    with django_capture_on_commit_callbacks(execute=True):
        notification = _enqueue(channel="sms")
    notification.refresh_from_db()
    assert notification.state == "failed" and "gateway timeout" in notification.last_error
    assert flush_outbox() == 1
    notification.refresh_from_db()
    assert notification.state == "sent" and notification.attempts == 2
    assert len(sms_outbox) == 1


def test_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                _enqueue()
                raise RuntimeError("the service failed")
        except RuntimeError:
            pass
    assert Notification.objects.count() == 0 and mail.outbox == []


def test_a_claim_left_by_a_killed_worker_is_sent_once_by_the_sweep_after_two_minutes(
        django_capture_on_commit_callbacks):
    import datetime as dt

    import time_machine

    with django_capture_on_commit_callbacks(execute=False):
        abandoned, fresh = _enqueue("dead-worker"), _enqueue("live-worker")
    start = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        Notification.objects.filter(pk=abandoned.pk).update(state="sending", claimed_at=start)
    with time_machine.travel(start + dt.timedelta(seconds=90), tick=False):
        Notification.objects.filter(pk=fresh.pk).update(state="sending", claimed_at=start + dt.timedelta(seconds=90))
        assert flush_outbox() == 0  # 90 s: the first sender may still be working
    with time_machine.travel(start + dt.timedelta(seconds=150), tick=False):
        assert flush_outbox() == 1  # the dead worker's claim is taken back; the live one's is not
    assert [m.to for m in mail.outbox] == [["an@example.vn"]]
    assert Notification.objects.get(pk=abandoned.pk).state == "sent"
    assert Notification.objects.get(pk=fresh.pk).state == "sending"


def _many(keys):
    return [{"key": key, "channel": "email", "recipient": f"{key}@example.vn", "subject": "Tiêu đề",
             "body": "Nội dung"} for key in keys]


def test_many_are_queued_once_per_key_and_sent_after_commit_in_batches(monkeypatch,
                                                                        django_capture_on_commit_callbacks,
                                                                        django_assert_max_num_queries):
    from portal.notifications import tasks

    monkeypatch.setattr(services, "SEND_BATCH", 4)
    batches = []
    monkeypatch.setattr(tasks.send_notifications, "delay", lambda ids: batches.append(ids))
    with django_capture_on_commit_callbacks(execute=False):
        _enqueue(key="k3")
    with django_capture_on_commit_callbacks(execute=True):
        with django_assert_max_num_queries(3):  # the keys that exist; one INSERT of up to a hundred rows
            added = services.enqueue_many(_many([f"k{i}" for i in range(10)] + ["k1"]))
        assert batches == []  # nothing leaves before the commit
    assert added == {f"k{i}" for i in range(10)} - {"k3"}
    assert Notification.objects.count() == 10
    assert [len(b) for b in batches] == [4, 4, 1]
    assert sorted(pk for b in batches for pk in b) == sorted(
        Notification.objects.exclude(key="k3").values_list("pk", flat=True))
    assert services.enqueue_many(_many(["k1", "k2"])) == set()


def test_a_batch_is_sent_by_one_task_and_each_notification_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.enqueue_many(_many(["a", "b", "c"]))
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.vn", "b@example.vn", "c@example.vn"]
    from portal.notifications.tasks import send_notifications

    assert send_notifications(list(Notification.objects.values_list("pk", flat=True))) == 0
    assert len(mail.outbox) == 3


def test_many_survive_a_broker_outage(monkeypatch, django_capture_on_commit_callbacks):
    from portal.notifications import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(tasks.send_notifications, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        services.enqueue_many(_many(["a", "b"]))
    assert mail.outbox == [] and set(Notification.objects.values_list("state", flat=True)) == {"pending"}
    assert flush_outbox() == 2
    assert len(mail.outbox) == 2
