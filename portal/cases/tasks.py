from celery import shared_task

from . import services


@shared_task(name="cases.make_attachment_thumbnail")
def make_attachment_thumbnail(attachment_id: int) -> bool:
    return services.make_thumbnail(attachment_id=attachment_id)


@shared_task(name="cases.recompute_deadlines")
def recompute_deadlines(ward_id: int | None, reason: str) -> int:
    return services.recompute_after_calendar_change(ward_id=ward_id, reason=reason)
