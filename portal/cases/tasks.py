from celery import shared_task

from . import services


@shared_task(name="cases.make_attachment_thumbnail")
def make_attachment_thumbnail(attachment_id: int) -> bool:
    return services.make_thumbnail(attachment_id=attachment_id)


@shared_task(name="cases.make_attachment_thumbnails")
def make_attachment_thumbnails(attachment_ids: list[int]) -> int:
    """The thumbnails of a submission's photos; each is skipped when already made, so a retry is safe."""
    return sum(services.make_thumbnail(attachment_id=attachment_id) for attachment_id in attachment_ids)


@shared_task(name="cases.make_redacted_thumbnail")
def make_redacted_thumbnail(copy_id: int, sha256: str) -> bool:
    """The thumbnail of a denunciation file's redacted copy (an image); skipped when made or replaced since."""
    return services.make_redacted_thumbnail(copy_id=copy_id, sha256=sha256)


@shared_task(name="cases.recompute_deadlines")
def recompute_deadlines(ward_id: int | None, reason: str) -> int:
    return services.recompute_after_calendar_change(ward_id=ward_id, reason=reason)


@shared_task(name="cases.deadline_sweep")
def deadline_sweep() -> dict:
    """Periodic (hourly): remind before due dates, escalate overdue cases. Idempotent, so a late or doubled run
    sends nothing twice."""
    from .reminders import sweep

    return sweep().as_dict()
