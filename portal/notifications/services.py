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


def send_after_commit(notification_id: int) -> None:
    """Send an outbox row written by other means (portal.cases.filing_sql) once the transaction commits."""
    from .tasks import send_notification

    transaction.on_commit(lambda: _dispatch(send_notification, notification_id))


def _dispatch(task, notification_id) -> None:
    """Hand the job to Celery. If the broker is down the row stays pending and the outbox sweep sends it later."""
    try:
        task.delay(notification_id)
    except Exception:  # noqa: BLE001 - a broker outage must never lose or fail the user's action
        logger.warning("broker unavailable; notification %s stays in the outbox", notification_id, exc_info=True)


# Rows per INSERT of enqueue_many (8 parameters each: well below SQLite's limit on bound parameters), and
# notifications per Celery task that sends them.
_INSERT_ROWS = 100
SEND_BATCH = 50


def enqueue_many(items: list[dict]) -> set[str]:
    """Add many notifications to the outbox at once (each a dict of enqueue()'s arguments, `case` as an object or
    `case_id`), once per key like enqueue(), and send them after the surrounding transaction commits, SEND_BATCH to
    a task. For sweeps: a few statements per hundred e-mails where enqueue() costs three each (savepoint, INSERT,
    release). Returns the keys this call added; a key that exists already, or that a concurrent transaction adds
    first, is left alone (INSERT … ON CONFLICT DO NOTHING)."""
    rows: dict[str, dict] = {}
    for item in items:
        rows.setdefault(item["key"], item)
    if not rows:
        return set()
    existing: set[str] = set()
    keys = list(rows)
    for start in range(0, len(keys), 900):
        existing.update(Notification.objects.filter(key__in=keys[start : start + 900]).values_list("key", flat=True))
    fresh = [item for key, item in rows.items() if key not in existing]
    conn = transaction.get_connection()
    quote = conn.ops.quote_name
    columns = ["key", "channel", "recipient", "subject", "body", "case_id", "state", "attempts", "last_error",
               "created_at"]
    moment = conn.ops.adapt_datetimefield_value(now())
    # Only the model's own table and column names, quoted; every value is a parameter.
    head = f"INSERT INTO {quote(Notification._meta.db_table)} ({', '.join(quote(c) for c in columns)}) VALUES "  # noqa: S608
    tail = f" ON CONFLICT ({quote('key')}) DO NOTHING RETURNING {quote('id')}, {quote('key')}"
    added: list[tuple[int, str]] = []
    with conn.cursor() as cursor:
        for start in range(0, len(fresh), _INSERT_ROWS):
            part = fresh[start : start + _INSERT_ROWS]
            params: list = []
            for item in part:
                case = item.get("case")
                params += [item["key"], item["channel"], item["recipient"], item.get("subject", ""), item["body"],
                           case.pk if case is not None else item.get("case_id"), NotificationState.PENDING, 0, "",
                           moment]
            placeholders = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(part))
            cursor.execute(head + placeholders + tail, params)
            added += cursor.fetchall()
    if added:
        from .tasks import send_notifications

        ids = sorted(pk for pk, _key in added)
        batches = [ids[start : start + SEND_BATCH] for start in range(0, len(ids), SEND_BATCH)]
        transaction.on_commit(lambda: [_dispatch(send_notifications, batch) for batch in batches])
    return {key for _pk, key in added}


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
