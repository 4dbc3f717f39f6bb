from celery import shared_task

from . import services


@shared_task(name="cases.make_attachment_thumbnail")
def make_attachment_thumbnail(attachment_id: int) -> bool:
    return services.make_thumbnail(attachment_id=attachment_id)
