"""Queueing and sending notifications through the outbox."""

import datetime as dt
import logging

from django.db import IntegrityError, transaction

from portal.core.timeutil import now

from .channels import email, sms
from .models import Notification, NotificationChannel, NotificationState

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A claim older than this belongs to a worker that died mid-send (killed, OOM, host lost): the sweep puts the row back.
# Sends are bounded well below it (EMAIL_TIMEOUT, 30 s by default), so a live sender is never overtaken and a message
# is not sent twice; bench/drill.py kills the worker mid-run and counts every e-mail exactly once.
STALE_CLAIM = dt.timedelta(minutes=2)


def enqueue(*, key: str, channel: str, recipient: str, body: str, subject: str = "", case=None) -> Notification:
    """Add a notification to the outbox (once per key) and send it after the surrounding transaction commits."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                key=key, channel=channel, recipient=recipient, subject=subject, body=body, case=case
            )
    except IntegrityError:
        return Notification.objects.get(key=key)
    from .tasks import send_notification

    transaction.on_commit(lambda: _dispatch(send_notification, notification.pk))
    return notification


def _dispatch(task, notification_id: int) -> None:
    """Hand the job to Celery. If the broker is down the row stays pending and the outbox sweep sends it later."""
    try:
        task.delay(notification_id)
    except Exception:  # noqa: BLE001 - a broker outage must never lose or fail the user's action
        logger.warning("broker unavailable; notification %s stays in the outbox", notification_id, exc_info=True)


def send(notification_id: int) -> bool:
    """Claim one pending notification with a conditional UPDATE and send it. Returns True if this call sent it."""
    claimed = Notification.objects.filter(
        pk=notification_id, state__in=[NotificationState.PENDING, NotificationState.FAILED],
        attempts__lt=MAX_ATTEMPTS,
    ).update(state=NotificationState.SENDING, claimed_at=now())
    if claimed != 1:
        return False
    notification = Notification.objects.get(pk=notification_id)
    try:
        if notification.channel == NotificationChannel.EMAIL:
            email.send(to=notification.recipient, subject=notification.subject, body=notification.body)
        else:
            sms.get_backend().send(to=notification.recipient, body=notification.body)
    except Exception as exc:  # noqa: BLE001 - recorded on the row and retried by the sweep
        Notification.objects.filter(pk=notification_id).update(
            state=NotificationState.FAILED, attempts=notification.attempts + 1, last_error=str(exc)[:2000]
        )
        logger.warning("notification %s failed: %s", notification_id, exc)
        return False
    Notification.objects.filter(pk=notification_id).update(
        state=NotificationState.SENT, attempts=notification.attempts + 1, sent_at=now()
    )
    return True


def pending_ids(limit: int = 500) -> list[int]:
    """Notifications to (re)send: pending, failed below the attempt limit, or claimed by a worker that died."""
    stale = now() - STALE_CLAIM
    Notification.objects.filter(state=NotificationState.SENDING, claimed_at__lt=stale).update(
        state=NotificationState.PENDING
    )
    return list(
        Notification.objects.filter(
            state__in=[NotificationState.PENDING, NotificationState.FAILED], attempts__lt=MAX_ATTEMPTS
        ).order_by("created_at").values_list("pk", flat=True)[:limit]
    )
