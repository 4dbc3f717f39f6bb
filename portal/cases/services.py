"""Every write to a case goes through one function here. Web forms, the API and Open311 call the same ones."""

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portal.accounts.services import resident_profile
from portal.audit.services import record
from portal.core.timeutil import local_date, now
from portal.deadlines.services import initial_deadline
from portal.media.validation import CleanUpload, clean_upload
from portal.notifications.models import NotificationChannel
from portal.notifications.services import enqueue
from portal.wards.models import Area, Category, Ward

from .models import (
    Attachment,
    Case,
    CaseSequence,
    Channel,
    Message,
    MessageKind,
    NotifyBy,
    hash_token,
    new_access_token,
)
from .rules import is_late_complaint, submission_errors

logger = logging.getLogger(__name__)


@dataclass
class Submission:
    """What a resident (or staff on their behalf) files. Edges parse their input into this."""

    ward: Ward
    kind: str
    category: Category
    title: str
    description: str
    area: Area | None = None
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    is_anonymous: bool = False
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    contact_address: str = ""
    notify_by: str = NotifyBy.NONE
    publish_consent: bool = False
    decision_date: dt.date | None = None
    decision_reference: str = ""
    signatory_count: int = 1
    representative_name: str = ""
    channel: str = Channel.WEB
    language: str = "vi"
    files: list = field(default_factory=list)


@dataclass
class SubmittedCase:
    case: Case
    access_token: str

    @property
    def secret_path(self) -> str:
        return secret_link_path(self.case, self.access_token)


def secret_link_path(case: Case, token: str) -> str:
    return reverse("frontend:case-status", kwargs={"code": case.tracking_code, "token": token})


def _check_references(sub: Submission) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not sub.ward.is_active:
        errors["ward"] = [_("This ward does not accept cases online.")]
    if not sub.category.is_active or not sub.category.applies_to(sub.kind):
        errors["category"] = [_("This category does not apply to the chosen kind of case.")]
    if sub.area is not None and sub.area.ward_id != sub.ward.pk:
        errors["area"] = [_("This residential area is not in the chosen ward.")]
    if len(sub.files) > settings.UPLOAD_MAX_FILES:
        errors["files"] = [_("Attach at most %(n)s files.") % {"n": settings.UPLOAD_MAX_FILES}]
    return errors


def _clean_files(files) -> tuple[list[CleanUpload], list[str]]:
    cleaned, messages = [], []
    for uploaded in files:
        try:
            cleaned.append(clean_upload(uploaded))
        except ValidationError as exc:
            messages.extend(exc.messages)
    return cleaned, messages


def _next_tracking_code(ward: Ward, year: int) -> str:
    CaseSequence.objects.get_or_create(ward=ward, year=year)
    seq = CaseSequence.objects.select_for_update().get(ward=ward, year=year)
    seq.last_number += 1
    seq.save(update_fields=["last_number"])
    return f"{ward.code}-{year}-{seq.last_number:06d}"


def submit_case(*, submission: Submission, actor=None) -> SubmittedCase:
    """File a new case. Raises ValidationError (a dict of field messages) and creates nothing if anything is wrong."""
    sub = submission
    received_at = now()
    received_on = local_date(received_at)
    errors = submission_errors(
        kind=sub.kind, is_anonymous=sub.is_anonymous, contact_name=sub.contact_name,
        contact_address=sub.contact_address, contact_phone=sub.contact_phone, contact_email=sub.contact_email,
        notify_by=sub.notify_by, decision_date=sub.decision_date, signatory_count=sub.signatory_count,
        representative_name=sub.representative_name, latitude=sub.latitude, longitude=sub.longitude,
        today=received_on,
    )
    for key, messages in _check_references(sub).items():
        errors.setdefault(key, []).extend(messages)
    cleaned_files: list[CleanUpload] = []
    if "files" not in errors:
        cleaned_files, file_errors = _clean_files(sub.files)
        if file_errors:
            errors["files"] = file_errors
    if errors:
        raise ValidationError(errors)

    if sub.is_anonymous:
        sub.contact_name = sub.contact_phone = sub.contact_email = sub.contact_address = ""
        sub.notify_by = NotifyBy.NONE
    step, due_date = initial_deadline(ward=sub.ward, kind=sub.kind, received_on=received_on, channel=sub.channel)
    token = new_access_token()
    owner = actor if getattr(actor, "is_authenticated", False) and not actor.is_staff else None
    verified = owner is not None and resident_profile(owner) is not None and not sub.is_anonymous

    with transaction.atomic():
        case = Case.objects.create(
            ward=sub.ward, kind=sub.kind, category=sub.category, area=sub.area,
            tracking_code=_next_tracking_code(sub.ward, received_on.year), access_token_hash=hash_token(token),
            title=sub.title.strip(), description=sub.description.strip(), address=sub.address.strip(),
            latitude=sub.latitude, longitude=sub.longitude, is_anonymous=sub.is_anonymous,
            contact_name=sub.contact_name.strip(), contact_phone=sub.contact_phone.strip(),
            contact_email=sub.contact_email.strip(), contact_address=sub.contact_address.strip(),
            notify_by=sub.notify_by, language=sub.language if sub.language in ("vi", "en") else "vi",
            channel=sub.channel, publish_consent=sub.publish_consent, signatory_count=sub.signatory_count,
            representative_name=sub.representative_name.strip(), decision_date=sub.decision_date,
            decision_reference=sub.decision_reference.strip(),
            is_late_filing=is_late_complaint(decision_date=sub.decision_date, received_on=received_on,
                                             window_days=settings.COMPLAINT_FILING_WINDOW_DAYS),
            owner=owner, identity_verified=verified, received_at=received_at, received_on=received_on, due_date=due_date,
            deadline_step=step,
        )
        attachments = [_store_attachment(case, clean, index, actor) for index, clean in enumerate(cleaned_files, 1)]
        Message.objects.create(case=case, kind=MessageKind.SUBMISSION, is_public=True, created_at=received_at,
                               to_state=case.state, body="")
        record(action="case.submitted", obj=case, actor=actor, ward=case.ward, data={
            "tracking_code": case.tracking_code, "kind": case.kind, "channel": case.channel,
            "category": case.category_id, "area": case.area_id, "attachments": [a.sha256 for a in attachments],
            "due_date": case.due_date, "late_filing": case.is_late_filing,
        })
        _notify_received(case, token)
        for attachment in attachments:
            if attachment.kind == "image":
                _after_commit_thumbnail(attachment.pk)
    return SubmittedCase(case=case, access_token=token)


def _store_attachment(case: Case, clean: CleanUpload, index: int, actor) -> Attachment:
    attachment = Attachment(
        case=case, kind=clean.kind, original_name=clean.original_name, content_type=clean.content_type,
        size=len(clean.content), sha256=clean.sha256, width=clean.width, height=clean.height,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    attachment.file.save(f"{index}-{clean.sha256[:16]}.{clean.extension}", ContentFile(clean.content), save=False)
    attachment.save()
    return attachment


def _after_commit_thumbnail(attachment_id: int) -> None:
    from .tasks import make_attachment_thumbnail

    def dispatch():
        try:
            make_attachment_thumbnail.delay(attachment_id)
        except Exception:  # noqa: BLE001 - a broker outage must not fail the submission; the sweep retries
            logger.warning("broker unavailable; thumbnail for attachment %s deferred", attachment_id, exc_info=True)

    transaction.on_commit(dispatch)


def _notify_received(case: Case, token: str) -> None:
    link = settings.SITE_URL + secret_link_path(case, token)
    with translation.override(case.language):
        subject = _("Your case %(code)s was received") % {"code": case.tracking_code}
        body = _(
            "%(ward)s received your case \"%(title)s\".\nTracking code: %(code)s\n"
            "Follow it at: %(link)s\nKeep this link private: anyone with it can read your case.\n"
            "Expected answer by: %(due)s"
        ) % {"ward": case.ward.name, "title": case.title, "code": case.tracking_code, "link": link,
             "due": case.due_date.strftime("%d/%m/%Y") if case.due_date else "-"}
        sms_body = _("%(ward)s received your case %(code)s. Follow it: %(link)s") % {
            "ward": case.ward.name, "code": case.tracking_code, "link": link}
    if case.notify_by == NotifyBy.EMAIL and case.contact_email:
        enqueue(key=f"case:{case.pk}:received:email", channel=NotificationChannel.EMAIL, recipient=case.contact_email,
                subject=subject, body=body, case=case)
    elif case.notify_by == NotifyBy.SMS and case.contact_phone:
        enqueue(key=f"case:{case.pk}:received:sms", channel=NotificationChannel.SMS, recipient=case.contact_phone,
                body=sms_body, case=case)


def make_thumbnail(*, attachment_id: int) -> bool:
    """Background: create the thumbnail of an image attachment. Safe to run twice."""
    from portal.media.validation import make_thumbnail as render

    attachment = Attachment.objects.select_related("case").filter(pk=attachment_id, kind="image").first()
    if attachment is None or attachment.thumbnail:
        return False
    with attachment.file.open("rb") as fh:
        data = fh.read()
    attachment.thumbnail.save(f"{attachment.pk}-thumb.jpg", ContentFile(render(data)), save=False)
    Attachment.objects.filter(pk=attachment.pk, thumbnail="").update(thumbnail=attachment.thumbnail.name)
    return True
