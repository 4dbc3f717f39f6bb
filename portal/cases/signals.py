"""When an admin changes the working calendar, open cases' due dates are replayed (in the background)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from portal.deadlines.models import CalendarOverride


@receiver([post_save, post_delete], sender=CalendarOverride, dispatch_uid="cases.recompute_on_calendar_change")
def calendar_changed(sender, instance: CalendarOverride, **kwargs):
    from .tasks import recompute_deadlines

    reason = f"{instance.date:%d/%m/%Y}: {instance.name}"
    ward_id = instance.ward_id
    transaction.on_commit(lambda: recompute_deadlines.delay(ward_id, reason))
