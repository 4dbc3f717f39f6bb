from celery import shared_task

from . import services


@shared_task(name="notifications.send")
def send_notification(notification_id: int) -> bool:
    return services.send(notification_id)


@shared_task(name="notifications.send_many")
def send_notifications(notification_ids: list[int]) -> int:
    """Send a batch queued together (portal.notifications.services.enqueue_many); each is claimed on its own, so one
    already sent, or claimed by another worker, is skipped."""
    return sum(1 for pk in notification_ids if services.send(pk))


@shared_task(name="notifications.flush_outbox")
def flush_outbox() -> int:
    """Periodic: send whatever is still in the outbox (broker was down, worker died, a send failed)."""
    return sum(1 for pk in services.pending_ids() if services.send(pk))
