"""Telling residents and staff what happened, in their language, on the channel they chose (after commit)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from portal.notifications.models import NotificationChannel
from portal.notifications.services import enqueue

from .models import Case, NotifyBy


def notify_resident(case: Case, *, key: str, headline, body: str = "") -> None:
    """Queue a message to the resident about their case. The secret link is not repeated: they have it already."""
    if case.notify_by == NotifyBy.NONE:
        return
    with translation.override(case.language):
        headline = str(headline)  # lazy texts are rendered here, in the resident's language
        subject = _("Case %(code)s: %(headline)s") % {"code": case.tracking_code, "headline": headline}
        text = "\n\n".join(part for part in (str(headline), body) if part)
        text += "\n\n" + _("Follow your case with its tracking code %(code)s at %(site)s") % {
            "code": case.tracking_code, "site": settings.SITE_URL}
    if case.notify_by == NotifyBy.EMAIL and case.contact_email:
        enqueue(key=f"{key}:email", channel=NotificationChannel.EMAIL, recipient=case.contact_email,
                subject=subject, body=text, case=case)
    elif case.notify_by == NotifyBy.SMS and case.contact_phone:
        with translation.override(case.language):
            sms = f"{case.tracking_code}: {headline}"
        enqueue(key=f"{key}:sms", channel=NotificationChannel.SMS, recipient=case.contact_phone, body=sms, case=case)


def notify_staff(user, *, key: str, subject: str, body: str, case: Case | None = None) -> None:
    if user is None or not user.email:
        return
    enqueue(key=key, channel=NotificationChannel.EMAIL, recipient=user.email, subject=subject, body=body, case=case)
