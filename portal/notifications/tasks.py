from celery import shared_task

from . import services


@shared_task(name="notifications.send")
def send_notification(notification_id: int) -> bool:
    return services.send(notification_id)


@shared_task(name="notifications.flush_outbox")
def flush_outbox() -> int:
    """Periodic: send whatever is still in the outbox (broker was down, worker died, a send failed)."""
    return sum(1 for pk in services.pending_ids() if services.send(pk))
