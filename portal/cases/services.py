"""Every write to a case goes through one function here. Web forms, the API and Open311 call the same ones."""

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from portal.accounts.services import resident_profile
from portal.audit.services import record
from portal.core import versions
from portal.core.errors import DomainError
from portal.core.paths import kept_path
from portal.core.text import fold
from portal.core.timeutil import local_date, now
from portal.media.validation import CleanUpload, clean_upload, clean_uploads
from portal.notifications.models import NotificationChannel
from portal.notifications.services import enqueue, enqueue_many
from portal.wards.models import Area, CaseKind, Category, Role, Ward

from . import clock, filing_sql, reference
from . import timeline_text as texts
from .models import (
    OPEN_STATES,
    AnswerState,
    Attachment,
    Case,
    CaseAnswer,
    CaseClockEvent,
    CaseSequence,
    CaseState,
    Channel,
    ClockEventKind,
    ClockState,
    Message,
    MessageKind,
    NotifyBy,
    Rating,
    RedactedCopy,
    hash_token,
    new_access_token,
    redacted_copy_of,
)
from .notify import notify_resident, notify_staff
from .permissions import (
    can_work,
    identity_protected,
    is_leader,
    may_redact,
    may_see_attachments,
    may_see_identity,
    may_take,
)
from .presentation import masked_search_text, text_mask
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
    denounced_person: str = ""
    evidence: str = ""
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
    """The path of the case's status page with its secret token (/tra-cuu/<code>/<token>/), as reverse() writes it
    (reverse() took 4 % of a submission's time, issue 7: portal.core.paths keeps its path)."""
    return kept_path("frontend:case-status", {"code": case.tracking_code, "token": token})


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


def _next_tracking_code(ward: Ward, year: int) -> str:
    """The ward's next number of the year, in one statement: the upsert locks the sequence row until the caller's
    transaction ends, so two submissions never get the same number and a rolled-back one gives its number back."""
    table = connection.ops.quote_name(CaseSequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (ward_id, year, last_number) VALUES (%s, %s, 1) "  # noqa: S608 - a model's table
            f"ON CONFLICT (ward_id, year) DO UPDATE SET last_number = {table}.last_number + 1 RETURNING last_number",
            [ward.pk, year],
        )
        number = cursor.fetchone()[0]
    return f"{ward.code}-{year}-{number:06d}"


def submit_case(*, submission: Submission, actor=None, ref: versions.MemoView | None = None) -> SubmittedCase:
    """File a new case. Raises ValidationError (a dict of field messages) and creates nothing if anything is wrong.

    `ref` is the intake reference memo (portal.cases.reference.view()) when the caller has already read it."""
    sub = submission
    received_at = now()
    received_on = local_date(received_at)
    errors = submission_errors(
        kind=sub.kind, is_anonymous=sub.is_anonymous, contact_name=sub.contact_name,
        contact_address=sub.contact_address, contact_phone=sub.contact_phone, contact_email=sub.contact_email,
        notify_by=sub.notify_by, decision_date=sub.decision_date, signatory_count=sub.signatory_count,
        representative_name=sub.representative_name, latitude=sub.latitude, longitude=sub.longitude,
        today=received_on, denounced_person=sub.denounced_person, evidence=sub.evidence,
        attachments=len(sub.files),
    )
    for key, messages in _check_references(sub).items():
        errors.setdefault(key, []).extend(messages)
    cleaned_files: list[CleanUpload] = []
    if "files" not in errors:
        cleaned_files, file_errors = clean_uploads(sub.files)
        if file_errors:
            errors["files"] = file_errors
    if errors:
        raise ValidationError(errors)

    if sub.is_anonymous:
        sub.contact_name = sub.contact_phone = sub.contact_email = sub.contact_address = ""
        sub.notify_by = NotifyBy.NONE
    if sub.kind != CaseKind.DENUNCIATION:
        sub.denounced_person = sub.evidence = ""
    # An anonymous denunciation is an inspection lead (Law on Denunciations Art. 25(2)): not processed as a
    # denunciation, so no department, no assignee and no deadline clock; only the ward's leaders read it. Nothing ties
    # it to the resident who sent it: no owner, and a resident's account is not its audit event's actor.
    lead = sub.kind == CaseKind.DENUNCIATION and sub.is_anonymous
    ref = ref if ref is not None else reference.view()
    if lead:
        department_id = assignee_id = rule_id = None
        step, due_date = "", None
    else:
        routed = reference.route_ids(ref, ward=sub.ward, kind=sub.kind, category=sub.category, area=sub.area)
        department_id, assignee_id, rule_id = routed if routed else (None, None, None)
        step, due_date = reference.first_deadline(ref, ward=sub.ward, kind=sub.kind, received_on=received_on,
                                                  channel=sub.channel)
    token = new_access_token()
    owner = actor if getattr(actor, "is_authenticated", False) and not actor.is_staff and not lead else None
    if lead and getattr(actor, "is_authenticated", False) and not actor.is_staff:
        actor = AnonymousUser()  # recorded as "a resident", like a visitor who is not signed in
    verified = owner is not None and resident_profile(owner) is not None and not sub.is_anonymous

    case = Case(
        ward=sub.ward, kind=sub.kind, category=sub.category, area=sub.area, access_token_hash=hash_token(token),
        title=sub.title.strip(), description=sub.description.strip(), address=sub.address.strip(),
        latitude=sub.latitude, longitude=sub.longitude, is_anonymous=sub.is_anonymous,
        contact_name=sub.contact_name.strip(), contact_phone=sub.contact_phone.strip(),
        contact_email=sub.contact_email.strip(), contact_address=sub.contact_address.strip(),
        notify_by=sub.notify_by, language=sub.language if sub.language in ("vi", "en") else "vi",
        channel=sub.channel, publish_consent=sub.publish_consent, signatory_count=sub.signatory_count,
        representative_name=sub.representative_name.strip(), decision_date=sub.decision_date,
        decision_reference=sub.decision_reference.strip(), denounced_person=sub.denounced_person.strip(),
        evidence=sub.evidence.strip(), clock_state=ClockState.STOPPED if lead else ClockState.RUNNING,
        is_late_filing=is_late_complaint(decision_date=sub.decision_date, received_on=received_on,
                                         window_days=settings.COMPLAINT_FILING_WINDOW_DAYS),
        department_id=department_id, assignee_id=assignee_id,
        owner=owner, identity_verified=verified, received_at=received_at, received_on=received_on,
        due_date=due_date, deadline_step=step, search_text=fold(f"{sub.title} {sub.description} {sub.address}"),
    )
    case.masked_search_text = masked_search_text(case)
    filing = _Filing(case=case, token=token, actor=actor, rule_id=rule_id,
                     clock=None if lead else CaseClockEvent(kind=ClockEventKind.START, step=step, on=received_on),
                     message=Message(kind=MessageKind.SUBMISSION, is_public=True, created_at=received_at,
                                     to_state=case.state, body=""))
    if cleaned_files or connection.vendor != "postgresql" or not filing_sql.file(filing, ref):
        ref.confirm()  # an assumed token (reference.assumed_view()) is checked here, by a query of its own
        with transaction.atomic():
            case.tracking_code = _next_tracking_code(sub.ward, received_on.year)
            case.save(force_insert=True)
            filing.message.case = case
            if filing.clock is not None:
                filing.clock.case = case
                filing.clock.save(force_insert=True)
            attachments = [_store_attachment(case, clean, index, actor) for index, clean in enumerate(cleaned_files, 1)]
            filing.message.save(force_insert=True)
            record(**filing.audit(attachments=[a.sha256 for a in attachments]))
            notice = _received_notice(case, token)
            if notice:
                enqueue(**notice, case=case)
            _after_commit_thumbnails([attachment.pk for attachment in attachments if attachment.kind == "image"])
    return SubmittedCase(case=case, access_token=token)


@dataclass
class _Filing:
    """The rows a submission writes besides the case: what portal.cases.filing_sql writes in one statement."""

    case: Case
    token: str
    actor: object
    rule_id: int | None
    clock: CaseClockEvent | None  # None for an inspection lead: no deadline clock
    message: Message

    def audit(self, attachments: list[str]) -> dict:
        """record()'s arguments for the submission."""
        case = self.case
        if case.is_inspection_lead:
            # The ward's supervisors read its audit log too: a lead's event says what it is and nothing that could
            # narrow down who sent it (its category and residential area, with a small area, could).
            return {"action": "case.submitted", "obj": case, "actor": self.actor, "ward": case.ward, "data": {
                "tracking_code": case.tracking_code, "kind": case.kind, "channel": case.channel,
                "attachments": attachments, "inspection_lead": True}}
        return {"action": "case.submitted", "obj": case, "actor": self.actor, "ward": case.ward, "data": {
            "tracking_code": case.tracking_code, "kind": case.kind, "channel": case.channel,
            "category": case.category_id, "area": case.area_id, "attachments": attachments,
            "due_date": case.due_date, "late_filing": case.is_late_filing,
            # Routing rules change over time: keep which one routed the case (None: the screening queue).
            "routing_rule": self.rule_id, "department": case.department_id,
        }}

    def notice(self) -> dict | None:
        return _received_notice(self.case, self.token)


def _store_attachment(case: Case, clean: CleanUpload, index: int, actor) -> Attachment:
    attachment = Attachment(
        case=case, kind=clean.kind, original_name=clean.original_name, content_type=clean.content_type,
        size=len(clean.content), sha256=clean.sha256, width=clean.width, height=clean.height,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    attachment.file.save(f"{index}-{clean.sha256[:16]}.{clean.extension}", ContentFile(clean.content), save=False)
    attachment.save()
    return attachment


def _after_commit_thumbnails(attachment_ids: list[int]) -> None:
    """One background job for all the photos of a submission (one message to the broker, not one per photo)."""
    from .tasks import make_attachment_thumbnails

    if not attachment_ids:
        return

    def dispatch():
        try:
            make_attachment_thumbnails.delay(attachment_ids)
        except Exception:  # noqa: BLE001 - a broker outage must not fail the submission; pages show the photo
            logger.warning("broker unavailable; thumbnails for attachments %s deferred", attachment_ids,
                           exc_info=True)

    transaction.on_commit(dispatch)


def _received_notice(case: Case, token: str) -> dict | None:
    """enqueue()'s arguments (without the case) for the resident's receipt, or None if they asked for none."""
    if not ((case.notify_by == NotifyBy.EMAIL and case.contact_email)
            or (case.notify_by == NotifyBy.SMS and case.contact_phone)):
        return None
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
    if case.notify_by == NotifyBy.EMAIL:
        return {"key": f"case:{case.pk}:received:email", "channel": NotificationChannel.EMAIL,
                "recipient": case.contact_email, "subject": subject, "body": body}
    return {"key": f"case:{case.pk}:received:sms", "channel": NotificationChannel.SMS,
            "recipient": case.contact_phone, "body": sms_body}


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


# --- the staff desk ---------------------------------------------------------------------------------------------------
# Non-state actions on a case. State changes go through portal.cases.workflow.transition().

def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("ward").get(pk=case.pk)


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied(_("You may not do this on this case."))


def _author(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _person(user) -> str:
    """How the timeline names a member of staff: the full name, else the login."""
    return user.get_full_name() or user.get_username()


def _assignment_text(assignee, department) -> str:
    """The timeline's entry of an assignment; `department` when the assignment moved the case to it."""
    if department is not None:
        if assignee is None:
            return _(texts.MOVED_UNASSIGNED) % {"department": department.name}
        return _(texts.ASSIGNED_AND_MOVED) % {"name": _person(assignee), "department": department.name}
    if assignee is None:
        return _(texts.UNASSIGNED)
    return _(texts.ASSIGNED) % {"name": _person(assignee)}


def claim(*, case: Case, actor) -> Case:
    """An officer takes an unassigned case. Safe when two click at once: one conditional UPDATE wins. A denunciation
    is assigned by a leader (permissions.may_take)."""
    _require(can_work(actor, case))
    if not may_take(actor, case):
        raise DomainError(_("A denunciation is assigned by a leader of the ward: whoever handles it sees the "
                            "denouncer's identity."), code="leader_assigns")
    with transaction.atomic():
        updated = Case.objects.filter(pk=case.pk, assignee__isnull=True, state__in=list(OPEN_STATES)).update(
            assignee=actor, updated_at=now())
        if updated != 1:
            current = Case.objects.select_related("assignee").get(pk=case.pk)
            if not current.is_open:
                raise DomainError(_("This case is closed."), code="closed")
            name = current.assignee.get_full_name() or current.assignee.get_username() if current.assignee else "?"
            raise DomainError(_("This case was already taken by %(name)s.") % {"name": name},
                              code="already_claimed")
        case = _locked(case)
        Message.objects.create(case=case, kind=MessageKind.SYSTEM, author=actor, is_public=False, created_at=now(),
                               body=_(texts.CLAIMED) % {"name": _person(actor)})
        record(action="case.claimed", obj=case, actor=actor, ward=case.ward, data={"assignee": actor.pk})
    return case


def assign(*, case: Case, actor, assignee, department=None) -> Case:
    """A leader assigns (or reassigns) a case to an officer of the ward, optionally moving it to a department.
    Saving the assignment as it stands changes nothing (assignment_unchanged())."""
    from portal.wards.models import Membership

    _require(is_leader(actor, case))
    with transaction.atomic():
        case = _locked(case)
        if department is not None and department.ward_id != case.ward_id:
            raise DomainError(_("This department is not in the case's ward."), code="bad_department")
        if assignee is not None:
            membership = Membership.objects.filter(user=assignee, ward=case.ward,
                                                   role__in=[Role.OFFICER, Role.LEADER]).first()
            if membership is None:
                raise DomainError(_("This person is not an officer of the ward."), code="bad_assignee")
        if assignment_unchanged(case, assignee=assignee, department=department):
            return case  # nothing to record, nobody to tell
        before = {"assignee": case.assignee_id, "department": case.department_id}
        case.assignee = assignee
        if department is not None:
            case.department = department
        case.save(update_fields=["assignee", "department", "updated_at"])
        moved_to = department if case.department_id != before["department"] else None
        Message.objects.create(case=case, kind=MessageKind.SYSTEM, author=actor, is_public=False, created_at=now(),
                               body=_assignment_text(assignee, moved_to))
        record(action="case.assigned", obj=case, actor=actor, ward=case.ward, data={
            "before": before, "after": {"assignee": case.assignee_id, "department": case.department_id}})
    if assignee is not None and assignee != actor:
        notify_staff(assignee, key=f"case:{case.pk}:assigned:{assignee.pk}:{now().timestamp()}",
                     subject=_("Case %(code)s was assigned to you") % {"code": case.tracking_code},
                     body=f"{case.title}\n{settings.SITE_URL}/can-bo/don/{case.tracking_code}/", case=case)
    return case


def assignment_unchanged(case: Case, *, assignee, department=None) -> bool:
    """Whether assign() would leave the case as it is: the same assignee (or still nobody), and the same department
    or none given (which keeps it). assign() then writes nothing: no timeline entry, audit event or e-mail."""
    return ((assignee.pk if assignee is not None else None) == case.assignee_id
            and (department is None or department.pk == case.department_id))


def bulk_assign(*, cases, actor, assignee) -> int:
    """Assign several cases at once: all or nothing."""
    count = 0
    with transaction.atomic():
        for case in cases:
            assign(case=case, actor=actor, assignee=assignee)
            count += 1
    return count


def add_note(*, case: Case, actor, text: str) -> Message:
    _require(can_work(actor, case))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write the note.")]})
    with transaction.atomic():
        message = Message.objects.create(case=case, kind=MessageKind.NOTE, author=actor, body=text,
                                         is_public=False, created_at=now())
        record(action="case.note_added", obj=case, actor=actor, ward=case.ward, data={"message": message.pk})
    return message


def reply(*, case: Case, actor, text: str) -> Message:
    """A message to the resident, shown on their status page and sent on their channel. No state change."""
    _require(can_work(actor, case))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write the reply.")]})
    with transaction.atomic():
        message = Message.objects.create(case=case, kind=MessageKind.REPLY, author=actor, body=text,
                                         is_public=True, created_at=now())
        record(action="case.replied", obj=case, actor=actor, ward=case.ward, data={"message": message.pk})
        notify_resident(case, key=f"case:{case.pk}:msg:{message.pk}",
                        headline=_lazy("New message from the ward"), body=text)
    return message


def inform_resident(*, case: Case, actor, headline, body: str, key: str) -> Message:
    """Something the ward arranged for the case outside the desk (e.g. a complaint dialogue scheduled, moved or
    cancelled): a public timeline entry, told to the resident on their channel. `headline` and `body` come in the
    case's language; `key` makes the notice idempotent;
    the caller has checked the actor's right to arrange it."""
    with transaction.atomic():
        text = f"{headline}\n\n{body}" if body else str(headline)
        message = Message.objects.create(case=case, kind=MessageKind.SYSTEM, author=_author(actor), body=text,
                                         is_public=True, created_at=now())
        record(action="case.resident_informed", obj=case, actor=actor, ward=case.ward,
               data={"message": message.pk, "key": key})
        notify_resident(case, key=f"case:{case.pk}:{key}", headline=headline, body=body)
    return message


def resident_message(*, case: Case, text: str) -> Message:
    """The resident writes to the ward (the edge has checked their token or ownership). The case's assignee is told, or
    the ward's leaders when nobody is assigned or the assignee cannot be told (_tell_staff_of_message)."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write your message.")]})
    if not case.is_open and case.state != CaseState.ANSWERED:
        raise DomainError(_("This case is closed to new messages."), code="closed")
    with transaction.atomic():
        message = Message.objects.create(case=case, kind=MessageKind.RESIDENT, body=text[:5000], is_public=True,
                                         created_at=now())
        record(action="case.resident_message", obj=case, actor_label="resident", ward=case.ward,
               data={"message": message.pk})
    _tell_staff_of_message(case, message)
    return message


def _tell_staff_of_message(case: Case, message: Message) -> None:
    """A link to the case (never the message itself) to its assignee while they may still work it: an active account,
    and can_work (an officer who left the ward, became a supervisor or was deactivated is told nothing of it). Else the
    ward's active leaders are told, as the deadline sweep tells them: asked to assign the case when nobody is assigned
    to it (it would wait in the queue unseen), to assign it again when its assignee may no longer work it, and to tell
    the assignee when they work it but have no e-mail address. In the portal's language, whoever's language the
    resident writes in: staff work in it. The leaders' e-mails are written together (_tell_leaders): a constant number
    of queries, however many leaders the ward has."""
    assignee = case.assignee if case.assignee_id else None
    values = {"code": case.tracking_code}
    link = f"{settings.SITE_URL}/can-bo/don/{case.tracking_code}/"
    key = f"case:{case.pk}:resident-msg:{message.pk}"
    with translation.override(settings.LANGUAGE_CODE):
        if assignee is None:
            subject = _("Case %(code)s: new message from the resident, and it has no assignee") % values
            line = _("No officer is assigned to it yet: please assign it.")
        else:
            name = {"name": assignee.get_full_name() or assignee.get_username()}
            if assignee.is_active and can_work(assignee, case):
                if assignee.email:
                    notify_staff(assignee, key=key, body=link, case=case,
                                 subject=_("Case %(code)s: new message from the resident") % values)
                    return
                # Nobody would be told: the leaders are, as the deadline sweep tells them of such an assignee's
                # reminder.
                subject = _("Case %(code)s: new message from the resident, and its assignee has no e-mail "
                            "address") % values
                line = _("%(name)s, to whom it is assigned, has no e-mail address and could not be told of it: please "
                         "tell them, and add an e-mail address to their account.") % name
            else:
                subject = _("Case %(code)s: new message from the resident, and its assignee no longer works on "
                            "it") % values
                line = _("%(name)s, to whom it is assigned, may no longer work on it (account deactivated, or no "
                         "longer an officer or a leader of the ward): please assign it to another officer.") % name
    _tell_leaders(case, key=key, subject=subject, body="\n".join([line, link]))


def _tell_leaders(case: Case, *, key: str, subject: str, body: str) -> None:
    """One e-mail to each active leader of the case's ward who has an address, keyed `<key>:<leader id>` (once each,
    however often this runs): one query for the leaders and two for their outbox rows (enqueue_many), where
    notify_staff costs three per leader."""
    enqueue_many([{"key": f"{key}:{leader.pk}", "channel": NotificationChannel.EMAIL, "recipient": leader.email,
                   "subject": subject, "body": body, "case": case}
                  for leader in _leaders(case.ward_id) if leader.email])


# The shortest draft answer: a sentence the resident can act on, not a placeholder such as "x" (a resident's own
# description needs 10 characters; frontend.forms.CaseForm). The desk's form says it too (minlength).
ANSWER_MIN_LENGTH = 20


def answer_too_short(text: str) -> str:
    """Why this draft answer (stripped) is too short to send for approval, or "" when it is long enough."""
    if len(text) >= ANSWER_MIN_LENGTH:
        return ""
    return _("The answer is too short: write at least %(min)s characters (now %(count)s).") % {
        "min": ANSWER_MIN_LENGTH, "count": len(text)}


def propose_answer(*, case: Case, actor, text: str) -> CaseAnswer:
    """An officer drafts the answer; for complaints and denunciations a leader must approve it."""
    _require(can_work(actor, case))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write the answer.")]})
    if too_short := answer_too_short(text):
        raise ValidationError({"text": [too_short]})
    if case.state not in (CaseState.ACCEPTED, CaseState.IN_PROGRESS, CaseState.REOPENED, CaseState.RECEIVED):
        raise DomainError(_("This case cannot be answered in its current state."), code="invalid_state")
    pending = DomainError(_("An answer is already waiting for approval."), code="pending_exists")
    with transaction.atomic():
        if CaseAnswer.objects.filter(case=case, state=AnswerState.PENDING).exists():
            raise pending
        try:
            with transaction.atomic():
                answer = CaseAnswer.objects.create(case=case, body=text, author=actor)
        except IntegrityError:  # another officer proposed at the same moment: the constraint allows one
            raise pending from None
        # The officer who drafts the answer of an unassigned case is the one handling it (not of a denunciation,
        # which a leader assigns: permissions.may_take).
        if may_take(actor, case):
            Case.objects.filter(pk=case.pk, assignee__isnull=True).update(assignee=actor, updated_at=now())
        record(action="case.answer_proposed", obj=case, actor=actor, ward=case.ward, data={"answer": answer.pk})
        # Each active leader with an address, once (keys answer:<id>:leader:<leader id>), in a constant number of
        # queries however many leaders the ward has.
        _tell_leaders(case, key=f"answer:{answer.pk}:leader",
                      subject=_("Case %(code)s: an answer waits for your approval") % {"code": case.tracking_code},
                      body=f"{settings.SITE_URL}/can-bo/don/{case.tracking_code}/")
    return answer


def approve_answer(*, answer: CaseAnswer, actor, note: str = "") -> Case:
    from .workflow import transition

    case = answer.case
    _require(is_leader(actor, case))
    with transaction.atomic():
        answer = CaseAnswer.objects.select_for_update().get(pk=answer.pk)
        if answer.state != AnswerState.PENDING:
            raise DomainError(_("This answer was already decided."), code="decided")
        case = transition(case=case, action="answer", actor=actor, text=answer.body)
        answer.state, answer.decided_by, answer.decided_at = AnswerState.APPROVED, actor, now()
        answer.decision_note = note
        answer.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        record(action="case.answer_approved", obj=case, actor=actor, ward=case.ward, data={"answer": answer.pk})
    return case


def return_answer(*, answer: CaseAnswer, actor, note: str) -> CaseAnswer:
    """A leader sends a draft back with a note saying what to change. The note goes by e-mail to the case's assignee
    now, who must rework the draft, and to the draft's author when someone else (_tell_answer_returned): the note
    may name a denouncer whom the author, no longer the assignee, may not see."""
    case = answer.case
    _require(is_leader(actor, case))
    if not (note or "").strip():
        raise ValidationError({"note": [_("Say what should change.")]})
    with transaction.atomic():
        answer = CaseAnswer.objects.select_for_update().get(pk=answer.pk)
        if answer.state != AnswerState.PENDING:
            raise DomainError(_("This answer was already decided."), code="decided")
        case = Case.objects.select_related("ward", "assignee").get(pk=case.pk)  # as it is now: reassigned since?
        answer.state, answer.decided_by, answer.decided_at = AnswerState.RETURNED, actor, now()
        answer.decision_note = note.strip()
        answer.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        Message.objects.create(case=case, kind=MessageKind.NOTE, author=actor, is_public=False, created_at=now(),
                               body=_(texts.ANSWER_RETURNED) % {"note": answer.decision_note})
        record(action="case.answer_returned", obj=case, actor=actor, ward=case.ward, data={"answer": answer.pk})
    _tell_answer_returned(answer, case)
    return answer


def _tell_answer_returned(answer: CaseAnswer, case: Case) -> None:
    """The returned draft's note to the assignee, who reworks it, and to its author, each while they still work the
    case (can_work: an officer moved to another department is told nothing of it), each reading it with a
    denouncer's identity masked if they may not see it (the author of a draft of a case since reassigned)."""
    recipients = {user.pk: user for user in (case.assignee, answer.author) if user is not None}
    for user in recipients.values():
        if not can_work(user, case):
            continue
        if user.pk == answer.author_id:
            key, subject = f"answer:{answer.pk}:returned", _("Case %(code)s: your answer was returned")
        else:
            key, subject = (f"answer:{answer.pk}:returned:{user.pk}",
                            _("Case %(code)s: the draft answer was returned for you to rework"))
        notify_staff(user, key=key, subject=subject % {"code": case.tracking_code},
                     body=text_mask(user, case)(answer.decision_note), case=case)


def extend_deadline(*, case: Case, actor, reason: str) -> Case:
    """A leader extends the current step once more, within the legal limit of its policy, with a reason."""
    _require(is_leader(actor, case))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for the extension.")]})
    with transaction.atomic():
        case = _locked(case)
        refusal = extension_refusal(case, clock.replay(case))
        if refusal is not None:
            raise refusal
        clock.add_event(case, ClockEventKind.EXTEND, reason=reason, actor=actor)
        return _after_deadline_change(case, actor=actor, action="case.deadline_extended", reason=reason)


def extension_refusal(case: Case, state) -> DomainError | None:
    """Why extend_deadline() refuses to extend the current step of this case, whose clock replayed is `state`
    (clock.replay), or None when it may: the case page offers the extension only then."""
    if case.kind == CaseKind.DENUNCIATION and case.deadline_step == "resolve":
        if not case.is_complex:
            return DomainError(_("A denunciation can be extended only when it is marked complex "
                                 "(Law on Denunciations, Art. 30)."), code="not_complex")
        if state.extensions >= 1 and not case.is_especially_complex:
            return DomainError(_("A complex denunciation is extended once; a second extension needs it marked "
                                 "especially complex (Law on Denunciations, Art. 30)."), code="not_especially_complex")
    if not state.can_extend:
        return DomainError(_("The law allows no further extension of this step."), code="no_extension")
    return None


def mark_complex(*, case: Case, actor, reason: str) -> Case:
    """A leader marks a complaint or denunciation complex: the longer period of the law applies. A denunciation
    marked complex already is marked especially complex: it may then be extended twice instead of once (Law on
    Denunciations Art. 30; may_mark_complex)."""
    _require(is_leader(actor, case))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the case is complex.")]})
    if case.kind == CaseKind.FEEDBACK:
        raise DomainError(_("Only complaints and denunciations can be marked complex."), code="not_applicable")
    with transaction.atomic():
        case = _locked(case)
        if not case.is_open:  # no period left to lengthen: the resident would be told of a new due date "-"
            raise DomainError(_("This case is closed."), code="closed")
        if not may_mark_complex(case):
            raise DomainError(_("The case is already marked complex."), code="already_complex")
        if case.is_complex:  # a denunciation
            case.is_especially_complex = True
            case.save(update_fields=["is_especially_complex", "updated_at"])
            return _after_deadline_change(case, actor=actor, action="case.marked_especially_complex", reason=reason)
        case.is_complex = True
        case.save(update_fields=["is_complex", "updated_at"])
        if case.kind == CaseKind.COMPLAINT and case.deadline_step == "resolve":
            clock.add_event(case, ClockEventKind.SWITCH, step="resolve_complex", reason=reason, actor=actor)
        return _after_deadline_change(case, actor=actor, action="case.marked_complex", reason=reason)


def may_mark_complex(case: Case) -> bool:
    """Whether mark_complex() has a level left to mark on this open case: complex for a complaint or a denunciation,
    then especially complex for a denunciation (the Law on Complaints knows no such level)."""
    if case.kind == CaseKind.FEEDBACK or not case.is_open:
        return False
    if not case.is_complex:
        return True
    return case.kind == CaseKind.DENUNCIATION and not case.is_especially_complex


# The internal note of a marking that leaves the due date as it was.
_UNCHANGED_NOTES = {"case.marked_complex": texts.MARKED_COMPLEX,
                    "case.marked_especially_complex": texts.MARKED_ESPECIALLY_COMPLEX}


def _after_deadline_change(case: Case, *, actor, action: str, reason: str) -> Case:
    """Replay the clock after an extension or a marking, and audit the action. Only a due date that really changed
    is a "new due date" on the public timeline and in a notice to the resident: marking a case complex leaves it as it
    was when the step has no longer period (a denunciation; a complaint not accepted yet; especially complex), or while
    the clock is paused before the due date (it has none until it resumes). Such a marking is an internal note, with
    its reason, for the staff who work the case."""
    before = case.due_date
    fields = clock.refresh(case)[1]
    if fields:
        case.save(update_fields=[*fields, "updated_at"])
    record(action=action, obj=case, actor=actor, ward=case.ward,
           data={"before": before, "after": case.due_date, "reason": reason})
    if case.due_date == before:
        if action in _UNCHANGED_NOTES:
            Message.objects.create(case=case, kind=MessageKind.NOTE, author=_author(actor), is_public=False,
                                   created_at=now(), body=_(_UNCHANGED_NOTES[action]) % {"reason": reason})
        return case
    due = case.due_date.strftime("%d/%m/%Y") if case.due_date else "-"
    with translation.override(case.language):
        body = _(texts.NEW_DUE_DATE) % {"due": due, "reason": reason}
    message = Message.objects.create(case=case, kind=MessageKind.DEADLINE, author=_author(actor), body=body,
                                     is_public=True, created_at=now())
    notify_resident(case, key=f"case:{case.pk}:msg:{message.pk}", headline=_lazy("The due date changed"),
                    body=body)
    return case


def recompute_after_calendar_change(*, ward_id: int | None, reason: str) -> int:
    """Replay the clocks of open cases (of one ward, or all wards for a city-wide change); log each change."""
    from portal.deadlines.selectors import calendars_for
    from portal.wards.models import Ward

    wards = Ward.objects.filter(pk=ward_id) if ward_id else Ward.objects.all()
    calendars = calendars_for(wards)
    changed = 0
    open_cases = (Case.objects.filter(ward__in=wards, state__in=list(OPEN_STATES)).select_related("ward")
                  .prefetch_related("clock_events").order_by("pk"))
    for case in open_cases.iterator(chunk_size=500):
        with transaction.atomic():
            before = case.due_date
            fields = clock.refresh(case, calendar=calendars.get(case.ward_id))[1]
            if "due_date" not in fields:
                continue
            case.save(update_fields=[*fields, "updated_at"])
            due = case.due_date.strftime("%d/%m/%Y") if case.due_date else "-"
            with translation.override(case.language):
                body = _(texts.CALENDAR_CHANGED) % {"reason": reason, "due": due}
            Message.objects.create(case=case, kind=MessageKind.DEADLINE, is_public=True, created_at=now(), body=body)
            record(action="case.deadline_recomputed", obj=case, ward=case.ward,
                   data={"before": before, "after": case.due_date, "reason": reason})
            changed += 1
    return changed


def rate_answer(*, case: Case, score: int, comment: str = "") -> Rating:
    """The resident rates the latest answer (1–5). A poor rating (≤ 2) within the window reopens the case."""
    from .workflow import rating_reopen_window_days, transition

    if not 1 <= int(score) <= 5:
        raise ValidationError({"score": [_("Choose a score from 1 to 5.")]})
    with transaction.atomic():
        case = _locked(case)
        answer = case.messages.filter(kind=MessageKind.ANSWER).order_by("-created_at", "-id").first()
        if answer is None or case.state not in (CaseState.ANSWERED, CaseState.CLOSED):
            raise DomainError(_("There is no answer to rate yet."), code="no_answer")
        if Rating.objects.filter(answer_message=answer).exists():
            raise DomainError(_("You have already rated this answer."), code="already_rated")
        rating = Rating.objects.create(case=case, answer_message=answer, score=int(score),
                                       comment=(comment or "").strip()[:2000])
        record(action="case.rated", obj=case, actor_label="resident", ward=case.ward, data={"score": rating.score})
        window = dt.timedelta(days=rating_reopen_window_days())
        if rating.score <= 2 and now() - answer.created_at <= window:
            with translation.override(case.language):
                text = _("Reopened for the leader to review after the resident rated the answer %(score)s/5.") % {
                    "score": rating.score}
            transition(case=case, action="reopen", system=True, text=text)
            for leader in _leaders(case.ward):
                notify_staff(leader, key=f"rating:{rating.pk}:leader:{leader.pk}",
                             subject=_("Case %(code)s reopened after a poor rating") % {"code": case.tracking_code},
                             body=rating.comment, case=case)
    return rating


def contact_of(case: Case) -> dict:
    """The resident's contact as the identity box and the identity endpoint show it. Only for those who may see it
    (permissions.may_see_identity); a denouncer's only after an audited reveal_identity()."""
    return {"name": case.contact_name, "phone": case.contact_phone, "email": case.contact_email,
            "address": case.contact_address}


def reveal_identity(*, case: Case, actor) -> dict:
    """The resident's contact, for those allowed to see it. Every view of a denouncer's identity is audited."""
    _require(may_see_identity(actor, case))
    data = contact_of(case)
    if identity_protected(case):
        with transaction.atomic():
            record(action="case.identity_viewed", obj=case, actor=actor, ward=case.ward, data={})
    return data


def _leaders(ward):
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(memberships__ward=ward, memberships__role=Role.LEADER,
                                                 is_active=True))


# --- redacted copies of a denunciation's files (SPEC §7, Law on Denunciations Art. 56) -----------------------------

def upload_redacted_copy(*, attachment: Attachment, actor, upload) -> RedactedCopy:
    """The assigned officer or a leader uploads the copy of a denunciation's file with the denouncer's identity
    blacked out (bản đã che thông tin người tố cáo), or replaces it. Checked by content like every upload (an image is
    re-encoded, its metadata dropped); audited in the same transaction. Supervisors, officers who are not the
    assignee and whoever the case is forwarded to get this copy instead of the original."""
    case = attachment.case
    if not identity_protected(case):
        raise DomainError(_("Only a denunciation's files get a redacted copy: the files of other cases are not "
                            "withheld from the ward's staff."), code="not_a_denunciation")
    _require(may_redact(actor, case))
    if not upload:
        raise ValidationError({"file": [_("Choose the redacted copy to upload.")]}, code="required")
    try:
        clean = clean_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    with transaction.atomic():
        locked = (Attachment.objects.select_for_update(of=("self",)).select_related("case__ward", "redacted_copy")
                  .get(pk=attachment.pk))
        _require(may_redact(actor, locked.case))  # as the case stands now (its assignee may have changed)
        copy = redacted_copy_of(locked)
        replaced = None
        if copy is None:
            copy = RedactedCopy(attachment=locked)
        else:
            replaced = {"sha256": copy.sha256, "files": [name for name in (copy.file.name, copy.thumbnail.name)
                                                         if name]}
            copy.thumbnail = ""
        copy.kind, copy.content_type, copy.size = clean.kind, clean.content_type, len(clean.content)
        copy.sha256, copy.width, copy.height = clean.sha256, clean.width, clean.height
        copy.uploaded_by, copy.uploaded_at = _author(actor), now()
        copy.file.save(f"{locked.pk}-{clean.sha256[:16]}.{clean.extension}", ContentFile(clean.content), save=False)
        copy.save()
        record(action="case.redacted_copy_replaced" if replaced else "case.redacted_copy_added", obj=locked.case,
               actor=actor, ward=locked.case.ward,
               data={"attachment": locked.pk, "sha256": copy.sha256,
                     "replaced_sha256": replaced["sha256"] if replaced else None})
        if replaced:
            # The same content uploaded again is saved under the same name (it is named by its hash), and a storage
            # that overwrites (S3's, by default) keeps it at the very name the old copy had: never delete that one.
            stale = [name for name in replaced["files"] if name != copy.file.name]
            transaction.on_commit(lambda names=stale: _delete_files(names))
        if copy.kind == "image":
            transaction.on_commit(lambda: _dispatch_redacted_thumbnail(copy.pk, copy.sha256))
    return copy


def record_original_opened(*, attachment: Attachment, actor, thumbnail: bool = False) -> None:
    """An original file of a denunciation opened by the assigned officer or a leader: audited, as every view of the
    denouncer's identity (reveal_identity) is, for the file may show it. Other cases' files: nothing to record."""
    case = attachment.case
    if not identity_protected(case):
        return
    _require(may_see_attachments(actor, case))
    with transaction.atomic():
        record(action="case.original_file_opened", obj=case, actor=actor, ward=case.ward,
               data={"attachment": attachment.pk, "thumbnail": thumbnail})


def make_redacted_thumbnail(*, copy_id: int, sha256: str) -> bool:
    """Background: the thumbnail of a redacted copy that is an image. Safe to run twice, and after the copy was
    replaced (it then does nothing: the new copy's own job makes its thumbnail)."""
    from portal.media.validation import make_thumbnail as render

    copy = (RedactedCopy.objects.select_related("attachment__case")
            .filter(pk=copy_id, kind="image", sha256=sha256).first())
    if copy is None or copy.thumbnail:
        return False
    with copy.file.open("rb") as fh:
        data = fh.read()
    copy.thumbnail.save(f"{copy.attachment_id}-{sha256[:16]}-thumb.jpg", ContentFile(render(data)), save=False)
    done = RedactedCopy.objects.filter(pk=copy.pk, sha256=sha256, thumbnail="").update(thumbnail=copy.thumbnail.name)
    if not done:  # replaced meanwhile, or made by another run
        _delete_files([copy.thumbnail.name])
    return bool(done)


def _dispatch_redacted_thumbnail(copy_id: int, sha256: str) -> None:
    from .tasks import make_redacted_thumbnail as task

    try:
        task.delay(copy_id, sha256)
    except Exception:  # noqa: BLE001 - a broker outage must not fail the upload; pages show the image itself
        logger.warning("broker unavailable; thumbnail of redacted copy %s deferred", copy_id, exc_info=True)


def _delete_files(names: list[str]) -> None:
    """Files no row points to any more (a replaced redacted copy and its thumbnail), after the commit."""
    from django.core.files.storage import default_storage

    for name in names:
        try:
            default_storage.delete(name)
        except Exception:  # noqa: BLE001 - a file left behind is harmless; the upload is done
            logger.warning("could not delete replaced file %s", name, exc_info=True)

