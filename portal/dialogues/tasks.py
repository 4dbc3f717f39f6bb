from celery import shared_task

from . import services


@shared_task(name="dialogues.send_reminders")
def send_reminders() -> int:
    """Periodic (hourly): remind registrants the day before their session. Idempotent keys: sent once."""
    return services.send_reminders()
