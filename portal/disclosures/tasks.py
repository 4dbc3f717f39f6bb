from celery import shared_task

from . import services


@shared_task(name="disclosures.advance_states")
def advance_states() -> dict:
    """Periodic: post scheduled disclosures on their first day, end postings after their last. Idempotent."""
    return services.advance_states()
