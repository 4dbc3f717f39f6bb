"""Every write to dialogues goes through one function here; web forms and the API call the same ones.

Each function checks who may act (portal.dialogues.permissions), validates, writes, and records its audit event in
the same transaction; notifications go out after commit through the outbox (idempotent keys).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.accounts.models import ContactChannel, ResidentProfile
from portal.audit.services import record
from portal.core.errors import DomainError
from portal.core.markdown import render_markdown
from portal.core.timeutil import local_date, local_today, now
from portal.deadlines.calendar import covers as calendar_covers
from portal.deadlines.selectors import calendar_for
from portal.deadlines.services import outside_calendar_message
from portal.media.validation import clean_upload
from portal.notifications.services import enqueue
from portal.wards.models import CaseKind, Department, Ward

from . import permissions, rules, selectors
from .models import (
    ChangeKind,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    DialogueRequest,
    Question,
    QuestionState,
    Registration,
    RegistrationStatus,
    RequestSupport,
    Session,
    SessionChange,
    SessionKind,
    SessionState,
    Vote,
)

MAX_QUESTION_LENGTH = 2000
MAX_QUESTIONS_PER_RESIDENT = 5


# --- checks ---------------------------------------------------------------------------------------------------------

def _require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You may not do this in this ward."))


def _require_resident(actor) -> None:
    if not permissions.is_verified_resident(actor):
        raise PermissionDenied(_("Sign in with your resident account (a one-time code) to take part."))


def _require_public(session: Session) -> None:
    if not session.is_public:
        raise DomainError(_("Residents take part only in public sessions."), code="not_public")


def _require_state(session: Session, *states: str, message: str) -> None:
    if session.state == SessionState.CANCELLED and SessionState.CANCELLED not in states:
        raise DomainError(_("This session is cancelled."), code="cancelled")
    if session.state not in states:
        raise DomainError(message, code="wrong_state")


def _moment_errors(starts_at: dt.datetime | None, ends_at: dt.datetime | None,
                   moment: dt.datetime) -> dict[str, list[str]]:
    """The start is required and in the future, the end after it; both in the years of the working calendar, which
    counts a reception day's notice (a date beyond it used to end in OutOfRange, a 500)."""
    errors: dict[str, list[str]] = {}
    if starts_at is None:
        errors["starts_at"] = [_("This field is required.")]
    elif starts_at <= moment:
        errors["starts_at"] = [_("A session is scheduled in the future.")]
    elif not calendar_covers(local_date(starts_at)):
        errors["starts_at"] = [outside_calendar_message()]
    if ends_at is not None and starts_at is not None and ends_at <= starts_at:
        errors["ends_at"] = [_("The end must be after the start.")]
    elif ends_at is not None and not calendar_covers(local_date(ends_at)):
        errors["ends_at"] = [outside_calendar_message()]
    return errors


def capacity_limit_message() -> str:
    """The refusal of more seats than rules.MAX_CAPACITY: the service, the forms and the API say the same."""
    return _("At most %(limit)s seats.") % {"limit": rules.MAX_CAPACITY}


# For a field's error_messages (the forms' and the API's max_value): translated when shown, in the request's language.
CAPACITY_LIMIT_MESSAGE = lazy(capacity_limit_message, str)()


def _capacity_errors(capacity: int | None) -> dict[str, list[str]]:
    if capacity is not None and capacity < 1:
        return {"capacity": [_("Leave empty for no limit, or give at least one seat.")]}
    if capacity is not None and capacity > rules.MAX_CAPACITY:
        return {"capacity": [capacity_limit_message()]}
    return {}


def _link_errors(online_link: str | None) -> dict[str, list[str]]:
    """Session.online_link holds 200 characters; the forms' and the API's URL fields check none (PostgreSQL refused a
    longer link with an error, a 500)."""
    limit = Session._meta.get_field("online_link").max_length
    if len((online_link or "").strip()) > limit:
        return {"online_link": [_("The online link has at most %(n)s characters.") % {"n": limit}]}
    return {}


def _locked(session: Session) -> Session:
    return Session.objects.select_for_update().get(pk=session.pk)


# --- sessions -------------------------------------------------------------------------------------------------------

def schedule_session(*, ward: Ward, actor, kind: str, title: str, starts_at: dt.datetime, venue: str,
                     ends_at: dt.datetime | None = None, online_link: str = "", agenda: str = "",
                     capacity: int | None = None, case=None, area=None, late_reason: str = "",
                     dialogue_request: DialogueRequest | None = None) -> Session:
    """A leader announces a session. The notice the law asks is checked against today: a late announcement needs a
    recorded reason and stays marked late. A conference may answer residents' request for a dialogue: it is linked to
    it, and the request's page shows it."""
    _require(permissions.can_schedule(actor, ward.pk), _("Only the ward's leaders schedule dialogues."))
    moment = now()
    errors: dict[str, list[str]] = {}
    if kind not in SessionKind.values:
        errors["kind"] = [_("Choose a kind of session.")]
    if not (title or "").strip():
        errors["title"] = [_("This field is required.")]
    if not (venue or "").strip():
        errors["venue"] = [_("This field is required.")]
    errors.update(_moment_errors(starts_at, ends_at, moment))
    errors.update(_capacity_errors(capacity))
    errors.update(_link_errors(online_link))
    if kind == SessionKind.COMPLAINT:
        if case is None:
            errors["case"] = [_("A complaint dialogue is about one complaint: give its tracking code.")]
        elif case.ward_id != ward.pk or case.kind != CaseKind.COMPLAINT:
            errors["case"] = [_("This is not a complaint of this ward.")]
    elif case is not None:
        errors["case"] = [_("Only a complaint dialogue is linked to a case.")]
    if area is not None and area.ward_id != ward.pk:
        errors["area"] = [_("This residential area is not in this ward.")]
    if kind == SessionKind.AREA_CONFERENCE and area is None:
        errors["area"] = [_("Choose the residential area holding its conference.")]
    if dialogue_request is not None:
        problem = _link_problem(dialogue_request, ward_id=ward.pk, kind=kind)
        if problem:
            errors["request"] = [problem]
    late_reason = (late_reason or "").strip()
    late = False
    if not errors:
        announced_on = local_date(moment)
        check = rules.notice(kind=kind, announced_on=announced_on, session_on=local_date(starts_at),
                             calendar=calendar_for(ward))
        late = not check.on_time
        if late and not late_reason:
            errors["late_reason"] = [
                _("The law asks for this announcement by %(date)s. Announce it later only with a recorded reason.")
                % {"date": check.latest_on.strftime("%d/%m/%Y")}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session = Session.objects.create(
            ward=ward, kind=kind, title=title.strip(), starts_at=starts_at, ends_at=ends_at, venue=venue.strip(),
            online_link=(online_link or "").strip(), agenda=(agenda or "").strip(), capacity=capacity, case=case,
            area=area, announced_at=moment, announced_on=local_date(moment), announcement_late=late,
            late_reason=late_reason if late else "", created_by=actor,
        )
        record(action="dialogue.scheduled", obj=session, actor=actor, ward=ward, data={
            "kind": kind, "starts_at": starts_at, "venue": session.venue, "capacity": capacity,
            "late": late, "late_reason": session.late_reason, "case": case.pk if case else None,
            "request": dialogue_request.pk if dialogue_request else None,
        })
        if dialogue_request is not None:
            _link(dialogue_request, session, actor)
        _tell_complainant(session, actor=actor, key=f"dialogue:{session.pk}:scheduled",
                          headline=INVITATION_HEADLINE, body=INVITATION_BODY)
    return session


# What the complainant of a complaint dialogue is told on the case's timeline: a headline, a blank line, the notice,
# and for a change its reason. Registered with portal.cases.timeline_text (DialoguesConfig.ready) so that the case's
# pages show the entry in the reader's language, whichever language it was written in.
INVITATION_HEADLINE = gettext_noop("The ward invites you to a dialogue about your complaint")
INVITATION_BODY = gettext_noop("“%(title)s”: %(when)s, %(venue)s.")
REASON = gettext_noop("Reason: %(reason)s")
CHANGE_SUBJECTS = {
    ChangeKind.EDITED: gettext_noop("Changes to “%(title)s”"),
    ChangeKind.RESCHEDULED: gettext_noop("New date for “%(title)s”"),
    ChangeKind.CANCELLED: gettext_noop("Cancelled: “%(title)s”"),
}


def register_timeline_texts() -> None:
    from portal.cases.models import MessageKind
    from portal.cases.timeline_text import Verbatim, register

    notices = [(INVITATION_HEADLINE, INVITATION_BODY)] + [
        (CHANGE_SUBJECTS[kind], COMPLAINANT_NOTICES[kind]) for kind in CHANGE_SUBJECTS]
    for headline, body in notices:
        # With a reason first: the notice's last value could otherwise take the reason in.
        register(headline, Verbatim("\n\n"), body, Verbatim(" "), REASON, kinds={MessageKind.SYSTEM})
        register(headline, Verbatim("\n\n"), body, kinds={MessageKind.SYSTEM})


def _tell_complainant(session: Session, *, actor, key: str, headline: str, body: str, reason: str = "") -> None:
    """A complaint dialogue concerns one complaint (Law on Complaints Art. 30): its complainant is told on the case's
    timeline and channel, in the case's language. Their session page is not public, so no link: the case has one."""
    if session.case_id is None:
        return
    from portal.cases.services import inform_resident

    case = session.case
    with translation.override(case.language):
        values = {"title": session.title, "when": _when(session), "venue": session.venue, "reason": reason}
        text = _(body) % values
        if reason:
            text += " " + _(REASON) % values
        inform_resident(case=case, actor=actor, headline=_(headline) % values, body=text, key=key)


# --- changes to an announced session --------------------------------------------------------------------------------

EDITABLE = ("title", "venue", "online_link", "agenda", "capacity")


def _may_change(session: Session, actor) -> None:
    _require(permissions.can_schedule(actor, session.ward_id), _("Only the ward's leaders change an announcement."))


def _announced(session: Session, actor) -> Session:
    """A leader changes what was announced, before the session takes place."""
    _may_change(session, actor)
    session = _locked(session)
    _require_state(session, SessionState.PLANNED, SessionState.OPEN,
                   message=_("A session that has taken place cannot be changed."))
    return session


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason: residents see it.")]})
    return reason


def _log_change(session: Session, *, kind: str, actor, reason: str, before: dict, after: dict,
                moment: dt.datetime) -> SessionChange:
    change = SessionChange.objects.create(session=session, kind=kind, reason=reason, before=before, after=after,
                                          actor=actor, created_at=moment)
    record(action=f"dialogue.{kind}", obj=session, actor=actor, ward=session.ward,
           data={"reason": reason, "before": before, "after": after, "change": change.pk})
    return change


def _json(value):
    return value.isoformat() if isinstance(value, dt.date) else value  # dates and datetimes


def edit_session(*, session: Session, actor, reason: str, **changes) -> Session:
    """Change the title, venue, online link, agenda or capacity of an announced session, with a reason; registrants
    are told. More seats move the waiting list up; fewer seats than residents already registered are refused."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    _may_change(session, actor)
    reason = _reason(reason)
    errors: dict[str, list[str]] = {}
    for name in ("title", "venue"):
        if name in changes and not (changes[name] or "").strip():
            errors[name] = [_("This field is required.")]
    errors.update(_capacity_errors(changes.get("capacity")))
    errors.update(_link_errors(changes.get("online_link")))
    if errors:
        raise ValidationError(errors)
    moment = now()
    with transaction.atomic():
        session = _announced(session, actor)
        cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in changes.items()}
        changed = {k: v for k, v in cleaned.items() if getattr(session, k) != v}
        if not changed:
            raise ValidationError(_("Nothing was changed."))
        if changed.get("capacity") is not None:
            confirmed = Registration.objects.filter(session=session, status=RegistrationStatus.CONFIRMED).count()
            if changed["capacity"] < confirmed:
                raise ValidationError({"capacity": [
                    _("%(n)s residents are already registered: give at least as many seats.") % {"n": confirmed}]})
        before = {k: getattr(session, k) for k in changed}
        for name, value in changed.items():
            setattr(session, name, value)
        session.save(update_fields=list(changed))
        change = _log_change(session, kind=ChangeKind.EDITED, actor=actor, reason=reason, before=before,
                             after=changed, moment=moment)
        if "capacity" in changed:
            _promote_waiting(session)
        _tell_registrants(session, change=change, subject=CHANGE_SUBJECTS[ChangeKind.EDITED],
                          body=gettext_noop("The ward changed the announcement of “%(title)s” (%(when)s, %(venue)s). "
                                            "Reason: %(reason)s %(url)s"))
    return session


def reschedule_session(*, session: Session, actor, starts_at: dt.datetime, reason: str,
                       ends_at: dt.datetime | None = None, late_reason: str = "") -> Session:
    """Move an announced session. The new date is announced today: the notice the law asks is checked again, and a
    late one needs a recorded reason. Registrations stay; registrants are told (and reminded before the new date)."""
    _may_change(session, actor)
    reason = _reason(reason)
    moment = now()
    errors: dict[str, list[str]] = {}
    errors.update(_moment_errors(starts_at, ends_at, moment))
    if errors:
        raise ValidationError(errors)
    late_reason = (late_reason or "").strip()
    with transaction.atomic():
        session = _announced(session, actor)
        if starts_at == session.starts_at and ends_at == session.ends_at:
            raise ValidationError({"starts_at": [_("Choose a new date or time.")]})
        check = rules.notice(kind=session.kind, announced_on=local_date(moment), session_on=local_date(starts_at),
                             calendar=calendar_for(session.ward))
        late = not check.on_time
        if late and not late_reason:
            raise ValidationError({"late_reason": [
                _("The law asks for this announcement by %(date)s. Announce it later only with a recorded reason.")
                % {"date": check.latest_on.strftime("%d/%m/%Y")}]})
        before = {"starts_at": session.starts_at, "ends_at": session.ends_at, "announced_on": session.announced_on,
                  "announcement_late": session.announcement_late}
        session.starts_at, session.ends_at = starts_at, ends_at
        session.announced_at, session.announced_on = moment, local_date(moment)
        session.announcement_late, session.late_reason = late, late_reason if late else ""
        session.save(update_fields=["starts_at", "ends_at", "announced_at", "announced_on", "announcement_late",
                                    "late_reason"])
        after = {"starts_at": starts_at, "ends_at": ends_at, "announced_on": session.announced_on,
                 "announcement_late": late, "late_reason": session.late_reason}
        change = _log_change(session, kind=ChangeKind.RESCHEDULED, actor=actor, reason=reason,
                             before={k: _json(v) for k, v in before.items()},
                             after={k: _json(v) for k, v in after.items()}, moment=moment)
        _tell_registrants(session, change=change, subject=CHANGE_SUBJECTS[ChangeKind.RESCHEDULED],
                          body=gettext_noop("“%(title)s” is moved to %(when)s, %(venue)s. Your registration stays. "
                                            "Reason: %(reason)s %(url)s"))
    return session


def cancel_session(*, session: Session, actor, reason: str) -> Session:
    """Call off an announced session, with a public reason. Nothing is deleted: the session stays listed as cancelled
    with its registrations and questions; registrants are told."""
    _may_change(session, actor)
    reason = _reason(reason)
    moment = now()
    with transaction.atomic():
        session = _announced(session, actor)
        before = session.state
        session.state, session.cancelled_at, session.cancel_reason = SessionState.CANCELLED, moment, reason
        session.save(update_fields=["state", "cancelled_at", "cancel_reason"])
        change = _log_change(session, kind=ChangeKind.CANCELLED, actor=actor, reason=reason,
                             before={"state": before}, after={"state": SessionState.CANCELLED}, moment=moment)
        _tell_registrants(session, change=change, subject=CHANGE_SUBJECTS[ChangeKind.CANCELLED],
                          body=gettext_noop("“%(title)s” planned for %(when)s does not take place. "
                                            "Reason: %(reason)s %(url)s"))
    return session


COMPLAINANT_NOTICES = {
    ChangeKind.EDITED: gettext_noop("The ward changed the dialogue about your complaint: “%(title)s”, %(when)s, "
                                    "%(venue)s."),
    ChangeKind.RESCHEDULED: gettext_noop("The dialogue about your complaint is moved to %(when)s, %(venue)s."),
    ChangeKind.CANCELLED: gettext_noop("The dialogue about your complaint planned for %(when)s does not take place."),
}


def _tell_registrants(session: Session, *, change: SessionChange, subject: str, body: str) -> int:
    """Tell every registered and waiting resident, in Vietnamese (the outbox sends once the transaction commits; keys
    name the session, the change and the registration, so a retry sends nothing twice), and the complainant of a
    complaint dialogue."""
    _tell_complainant(session, actor=change.actor, key=f"dialogue:{session.pk}:change:{change.pk}",
                      headline=subject, body=COMPLAINANT_NOTICES[change.kind], reason=change.reason)
    told = 0
    with translation.override("vi"):
        values = {"title": session.title, "when": _when(session), "venue": session.venue, "reason": change.reason,
                  "url": _session_url(session)}
        subject, body = _(subject) % values, _(body) % values
        for registration in selectors.registrants(session):
            profile = getattr(registration.user, "resident", None)
            if profile is None:
                continue
            enqueue(key=f"dialogue:{session.pk}:change:{change.pk}:{registration.pk}",
                    channel="email" if profile.channel == ContactChannel.EMAIL else "sms",
                    recipient=profile.contact, subject=subject, body=body)
            told += 1
    return told


def open_questions(*, session: Session, actor) -> Session:
    _require(permissions.can_run(actor, session.ward_id))
    with transaction.atomic():
        session = _locked(session)
        _require_state(session, SessionState.PLANNED, message=_("Questions can be opened only before the session."))
        session.state = SessionState.OPEN
        session.save(update_fields=["state"])
        record(action="dialogue.questions_opened", obj=session, actor=actor, ward=session.ward)
    return session


def mark_held(*, session: Session, actor) -> Session:
    """The session took place. For a conference the results are then due within 10 days."""
    _require(permissions.can_run(actor, session.ward_id))
    moment = now()
    with transaction.atomic():
        session = _locked(session)
        _require_state(session, SessionState.PLANNED, SessionState.OPEN,
                       message=_("This session is already marked as held."))
        if session.starts_at > moment:
            raise DomainError(_("A session can be marked as held once it has started."), code="not_started")
        session.state = SessionState.HELD
        session.held_at = moment
        session.held_on = local_date(session.starts_at)
        session.results_due = rules.results_due(kind=session.kind, held_on=session.held_on)
        session.save(update_fields=["state", "held_at", "held_on", "results_due"])
        record(action="dialogue.held", obj=session, actor=actor, ward=session.ward,
               data={"held_on": session.held_on, "results_due": session.results_due})
    return session


def render_minutes(text: str) -> str:
    """Markdown to HTML with the portal's one sanitiser (portal.core.markdown)."""
    return render_markdown(text)


def publish_minutes(*, session: Session, actor, minutes: str, scan=None) -> Session:
    """Publish the minutes (biên bản) of a held session, with the signed scan. Every question must have its answer."""
    _require(permissions.can_run(actor, session.ward_id))
    errors: dict[str, list[str]] = {}
    if not (minutes or "").strip():
        errors["minutes"] = [_("This field is required.")]
    clean = None
    if scan is not None:
        try:
            clean = clean_upload(scan)
        except ValidationError as exc:
            errors["scan"] = exc.messages
        else:
            if clean.kind != "pdf" and clean.kind != "image":
                errors["scan"] = [_("Attach the signed minutes as a PDF or a photo.")]
    if errors:
        raise ValidationError(errors)
    moment = now()
    with transaction.atomic():
        session = _locked(session)
        _require_state(session, SessionState.HELD, message=_("Minutes are published once, after the session."))
        unanswered = session.questions.filter(state=QuestionState.VISIBLE, answer="").count()
        if unanswered:
            raise DomainError(_("%(n)s questions still have no answer: answer every question first.")
                              % {"n": unanswered}, code="unanswered")
        session.minutes = minutes.strip()
        session.minutes_html = render_minutes(session.minutes)
        fields = ["minutes", "minutes_html", "state", "minutes_published_at", "minutes_published_on"]
        if clean is not None:
            session.minutes_scan.save(f"bien-ban-{session.pk}.{clean.extension}", ContentFile(clean.content),
                                      save=False)
            session.minutes_scan_type = clean.content_type
            session.minutes_scan_sha256 = clean.sha256
            fields += ["minutes_scan", "minutes_scan_type", "minutes_scan_sha256"]
        session.state = SessionState.PUBLISHED
        session.minutes_published_at = moment
        session.minutes_published_on = local_date(moment)
        session.save(update_fields=fields)
        late = session.results_due is not None and session.minutes_published_on > session.results_due
        record(action="dialogue.minutes_published", obj=session, actor=actor, ward=session.ward, data={
            "minutes_sha256": hashlib.sha256(session.minutes.encode()).hexdigest(),
            "scan_sha256": session.minutes_scan_sha256, "late": late,
        })
    return session


# --- registration ---------------------------------------------------------------------------------------------------

def _session_url(session: Session) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("frontend:dialogues-session", kwargs={"pk": session.pk})


def _notify_resident(user, *, key: str, subject: str, body: str) -> None:
    profile = ResidentProfile.objects.filter(user=user).first()
    if profile is None:
        return
    channel = "email" if profile.channel == ContactChannel.EMAIL else "sms"
    enqueue(key=key, channel=channel, recipient=profile.contact, subject=subject, body=body)


def register(*, session: Session, actor) -> Registration:
    """Take a seat, or a place on the waiting list when the session is full. Registering twice changes nothing."""
    _require_resident(actor)
    _require_public(session)
    moment = now()
    with transaction.atomic():
        session = _locked(session)  # serialises registrations of one session: the capacity holds
        _require_state(session, SessionState.PLANNED, SessionState.OPEN,
                       message=_("Registration is closed for this session."))
        if session.starts_at <= moment:
            raise DomainError(_("Registration is closed for this session."), code="closed")
        current = Registration.objects.filter(session=session, user=actor).first()
        if current is not None and current.status != RegistrationStatus.CANCELLED:
            return current
        confirmed = Registration.objects.filter(session=session, status=RegistrationStatus.CONFIRMED).count()
        waiting = Registration.objects.filter(session=session, status=RegistrationStatus.WAITING).exists()
        full = session.capacity is not None and (confirmed >= session.capacity or waiting)
        status = RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED
        if current is None:
            current = Registration.objects.create(session=session, user=actor, status=status, queued_at=moment)
        else:
            current.status, current.queued_at = status, moment
            current.save(update_fields=["status", "queued_at", "updated_at"])
        record(action="dialogue.registered", obj=current, actor=actor, ward=session.ward,
               data={"session": session.pk, "status": status})
    return current


def cancel_registration(*, session: Session, actor) -> Registration | None:
    """Give up one's seat; the first resident on the waiting list moves up and is told so."""
    _require_resident(actor)
    with transaction.atomic():
        session = _locked(session)
        current = Registration.objects.filter(session=session, user=actor).exclude(
            status=RegistrationStatus.CANCELLED).first()
        if current is None:
            return None
        was = current.status
        current.status = RegistrationStatus.CANCELLED
        current.save(update_fields=["status", "updated_at"])
        record(action="dialogue.registration_cancelled", obj=current, actor=actor, ward=session.ward,
               data={"session": session.pk, "was": was})
        if was == RegistrationStatus.CONFIRMED:
            _promote_waiting(session)
    return current


def _promote_waiting(session: Session) -> None:
    confirmed = Registration.objects.filter(session=session, status=RegistrationStatus.CONFIRMED).count()
    free = None if session.capacity is None else session.capacity - confirmed
    queue = Registration.objects.filter(session=session, status=RegistrationStatus.WAITING).order_by("queued_at", "pk")
    for registration in queue[:free] if free is not None else queue:
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        record(action="dialogue.registration_promoted", obj=registration, actor=None, ward=session.ward,
               data={"session": session.pk})
        with translation.override("vi"):
            _notify_resident(
                registration.user, key=f"dialogue:{session.pk}:promoted:{registration.pk}:{registration.queued_at}",
                subject=_("A seat is free for you"),
                body=_("A seat became free: you are now registered for “%(title)s” on %(when)s. %(url)s") % {
                    "title": session.title, "when": _when(session), "url": _session_url(session)})


def _when(session: Session) -> str:
    return timezone.localtime(session.starts_at).strftime("%H:%M %d/%m/%Y")


# --- questions and votes --------------------------------------------------------------------------------------------

def ask_question(*, session: Session, actor, text: str) -> Question:
    _require_resident(actor)
    _require_public(session)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("This field is required.")]})
    if len(text) > MAX_QUESTION_LENGTH:
        raise ValidationError({"text": [_("Keep the question under %(n)s characters.") % {"n": MAX_QUESTION_LENGTH}]})
    with transaction.atomic():
        session = _locked(session)
        _require_state(session, SessionState.OPEN, message=_("This session does not take questions now."))
        if Question.objects.filter(session=session, author=actor).count() >= MAX_QUESTIONS_PER_RESIDENT:
            raise DomainError(_("You have already asked %(n)s questions for this session.")
                              % {"n": MAX_QUESTIONS_PER_RESIDENT}, code="too_many")
        question = Question.objects.create(session=session, author=actor, text=text)
        record(action="dialogue.question_asked", obj=question, actor=actor, ward=session.ward,
               data={"session": session.pk, "text": text})
    return question


def vote(*, question: Question, actor) -> tuple[Vote, bool]:
    """One vote per verified resident and question. Returns (vote, created): voting twice, even at the same moment
    from two devices, keeps one vote (the unique constraint decides)."""
    _require_resident(actor)
    session = question.session
    _require_public(session)
    _require_state(session, SessionState.OPEN, message=_("Voting is closed for this session."))
    if question.state != QuestionState.VISIBLE:
        raise DomainError(_("This question is not open for votes."), code="not_visible")
    with transaction.atomic():
        try:
            with transaction.atomic():
                ballot = Vote.objects.create(question=question, user=actor)
        except IntegrityError:
            return Vote.objects.get(question=question, user=actor), False
        record(action="dialogue.voted", obj=ballot, actor=actor, ward=session.ward,
               data={"question": question.pk, "session": session.pk})
    return ballot, True


def _moderatable(question: Question, actor) -> Session:
    _require(permissions.can_run(actor, question.session.ward_id))
    return question.session


def hide_question(*, question: Question, actor, reason: str) -> Question:
    _moderatable(question, actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the question is hidden.")]})
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        if question.state != QuestionState.VISIBLE:
            raise DomainError(_("This question is already hidden or merged."), code="wrong_state")
        question.state, question.hidden_reason = QuestionState.HIDDEN, reason[:300]
        question.save(update_fields=["state", "hidden_reason"])
        record(action="dialogue.question_hidden", obj=question, actor=actor, ward=question.session.ward,
               data={"reason": question.hidden_reason})
    return question


def merge_question(*, question: Question, into: Question, actor) -> Question:
    """Merge a question into a similar one of the same session: its voters' votes go to the other question (a resident
    who voted for both keeps one vote)."""
    _moderatable(question, actor)
    if into.session_id != question.session_id or into.pk == question.pk:
        raise ValidationError({"into": [_("Choose another question of the same session.")]})
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        into = Question.objects.select_for_update().get(pk=into.pk)
        if question.state != QuestionState.VISIBLE or into.state != QuestionState.VISIBLE:
            raise DomainError(_("Only visible questions can be merged."), code="wrong_state")
        already = Vote.objects.filter(question=into).values("user_id")
        moved = Vote.objects.filter(question=question).exclude(user_id__in=already).update(question=into)
        question.state, question.merged_into = QuestionState.MERGED, into
        question.save(update_fields=["state", "merged_into"])
        record(action="dialogue.question_merged", obj=question, actor=actor, ward=question.session.ward,
               data={"into": into.pk, "votes_moved": moved})
    return question


def set_topic(*, question: Question, actor, topic: str) -> Question:
    _moderatable(question, actor)
    with transaction.atomic():
        before = question.topic
        question.topic = (topic or "").strip()[:120]
        question.save(update_fields=["topic"])
        record(action="dialogue.question_grouped", obj=question, actor=actor, ward=question.session.ward,
               data={"before": before, "after": question.topic})
    return question


def answer_question(*, question: Question, actor, answer: str) -> Question:
    session = _moderatable(question, actor)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": [_("This field is required.")]})
    if question.state != QuestionState.VISIBLE:
        raise DomainError(_("Hidden and merged questions are answered with the question they were merged into."),
                          code="wrong_state")
    with transaction.atomic():
        # Under the session's lock, as publish_minutes counts unanswered questions: no answer lands after them.
        session = _locked(session)
        _require_state(session, SessionState.OPEN, SessionState.HELD, message=_(
            "Answers are recorded during and after the session, before the minutes are published."))
        before = question.answer
        question.answer, question.answered_at, question.answered_by = answer, now(), actor
        question.save(update_fields=["answer", "answered_at", "answered_by"])
        record(action="dialogue.question_answered", obj=question, actor=actor, ward=session.ward,
               data={"before": before, "after": answer})
    return question


# --- commitments ----------------------------------------------------------------------------------------------------

def add_commitment(*, session: Session, actor, title: str, department: Department, due_date: dt.date,
                   question: Question | None = None) -> Commitment:
    _require(permissions.can_run(actor, session.ward_id))
    errors: dict[str, list[str]] = {}
    if not (title or "").strip():
        errors["title"] = [_("This field is required.")]
    if department is None or department.ward_id != session.ward_id:
        errors["department"] = [_("Choose a department of this ward.")]
    if due_date is None:
        errors["due_date"] = [_("This field is required.")]
    if question is not None and question.session_id != session.pk:
        errors["question"] = [_("Choose a question of this session.")]
    if errors:
        raise ValidationError(errors)
    if not session.is_held:
        raise DomainError(_("Commitments are recorded once the session has been held."), code="wrong_state")
    with transaction.atomic():
        commitment = Commitment.objects.create(session=session, ward_id=session.ward_id, question=question,
                                               title=title.strip(), department=department, due_date=due_date)
        CommitmentUpdate.objects.create(commitment=commitment, status=commitment.status, actor=actor,
                                        created_at=now(), note="")
        record(action="dialogue.commitment_added", obj=commitment, actor=actor, ward=session.ward, data={
            "session": session.pk, "title": commitment.title, "department": department.pk, "due_date": due_date})
    return commitment


ALLOWED_STATUS_CHANGES = {
    CommitmentStatus.PLANNED: {CommitmentStatus.IN_PROGRESS, CommitmentStatus.DONE, CommitmentStatus.DROPPED},
    CommitmentStatus.IN_PROGRESS: {CommitmentStatus.IN_PROGRESS, CommitmentStatus.DONE, CommitmentStatus.DROPPED},
    CommitmentStatus.DONE: set(),
    CommitmentStatus.DROPPED: set(),
}


def update_commitment(*, commitment: Commitment, actor, status: str, note: str = "") -> Commitment:
    """Move a commitment on and log its progress publicly. Done and dropped are final; dropping needs a reason."""
    _require(permissions.can_run(actor, commitment.ward_id))
    note = (note or "").strip()
    if status not in CommitmentStatus.values:
        raise ValidationError({"status": [_("Choose a status.")]})
    if status == CommitmentStatus.DROPPED and not note:
        raise ValidationError({"note": [_("Say why the commitment is dropped.")]})
    if status == CommitmentStatus.IN_PROGRESS and not note and commitment.status == status:
        raise ValidationError({"note": [_("Describe the progress.")]})
    moment = now()
    with transaction.atomic():
        commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
        if status not in ALLOWED_STATUS_CHANGES[commitment.status]:
            raise DomainError(_("This commitment is closed: its status cannot change any more."), code="closed")
        before = commitment.status
        commitment.status = status
        fields = ["status"]
        if status == CommitmentStatus.DONE:
            commitment.done_on = local_date(moment)
            fields.append("done_on")
        if status == CommitmentStatus.DROPPED:
            commitment.status_reason = note
            fields.append("status_reason")
        commitment.save(update_fields=fields)
        CommitmentUpdate.objects.create(commitment=commitment, status=status, note=note, actor=actor,
                                        created_at=moment)
        record(action="dialogue.commitment_updated", obj=commitment, actor=actor, ward=commitment.ward,
               data={"before": before, "after": status, "note": note})
    return commitment


# --- requests for a dialogue ----------------------------------------------------------------------------------------

def start_request(*, ward: Ward, actor, title: str, reason: str) -> DialogueRequest:
    _require_resident(actor)
    errors: dict[str, list[str]] = {}
    if not (title or "").strip():
        errors["title"] = [_("This field is required.")]
    if not (reason or "").strip():
        errors["reason"] = [_("This field is required.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = DialogueRequest.objects.create(ward=ward, title=title.strip()[:200], reason=reason.strip(),
                                                 created_by=actor, created_at=now())
        RequestSupport.objects.create(request=request, user=actor)
        record(action="dialogue.request_started", obj=request, actor=actor, ward=ward, data={"title": request.title})
    return request


def support_request(*, request: DialogueRequest, actor) -> bool:
    """Add one's support (once per verified resident). Returns True when it was added now."""
    _require_resident(actor)
    if _answered(request):
        raise DomainError(_("The ward has already scheduled this dialogue."), code="scheduled")
    with transaction.atomic():
        try:
            with transaction.atomic():
                support = RequestSupport.objects.create(request=request, user=actor)
        except IntegrityError:
            return False
        record(action="dialogue.request_supported", obj=support, actor=actor, ward=request.ward,
               data={"request": request.pk})
    return True


def _answered(request: DialogueRequest) -> bool:
    """Linked to a session that was not cancelled: a cancelled one leaves the request open again (to support, and
    to link to the conference that replaces it)."""
    if request.session_id is None:
        return False
    return not Session.objects.filter(pk=request.session_id, state=SessionState.CANCELLED).exists()


def _link_problem(request: DialogueRequest, *, ward_id: int, kind: str) -> str:
    if request.ward_id != ward_id:
        return _("This request is for another ward.")
    if kind != SessionKind.CONFERENCE:
        return _("A request for a dialogue is answered by a dialogue conference.")
    if _answered(request):
        return _("This request is already linked to a session.")
    return ""


def _link(request: DialogueRequest, session: Session, actor) -> DialogueRequest:
    """Link under a lock of the request, checked again there: two leaders linking at once link it once."""
    request = DialogueRequest.objects.select_for_update().get(pk=request.pk)
    problem = _link_problem(request, ward_id=session.ward_id, kind=session.kind)
    if problem:
        raise ValidationError({"request": [problem]})
    request.session = session
    request.save(update_fields=["session"])
    record(action="dialogue.request_linked", obj=request, actor=actor, ward=session.ward,
           data={"session": session.pk})
    supporters = (ResidentProfile.objects.filter(user__in=request.supports.values("user_id"))
                  .only("channel", "contact", "user_id"))
    with translation.override("vi"):
        for profile in supporters:
            enqueue(key=f"dialogue-request:{request.pk}:scheduled:{profile.user_id}",
                    channel="email" if profile.channel == ContactChannel.EMAIL else "sms", recipient=profile.contact,
                    subject=_("The ward will hold the dialogue you asked for"),
                    body=_("“%(request)s”: the ward scheduled “%(title)s” on %(when)s, %(venue)s. %(url)s") % {
                        "request": request.title, "title": session.title, "when": _when(session),
                        "venue": session.venue, "url": _session_url(session)})
    return request


def link_request(*, request: DialogueRequest, session: Session, actor) -> DialogueRequest:
    """A leader links residents' request for a dialogue to the conference that answers it; supporters are told."""
    _require(permissions.can_schedule(actor, session.ward_id), _("Only the ward's leaders schedule dialogues."))
    with transaction.atomic():
        session = _locked(session)
        if session.is_cancelled:
            raise DomainError(_("This session is cancelled."), code="cancelled")
        return _link(request, session, actor)


# --- reminders ------------------------------------------------------------------------------------------------------

def send_reminders(*, today: dt.date | None = None) -> int:
    """Remind every registered resident the day before their session. Keys name the registration and the session
    day, so running this any number of times sends one reminder (and a moved session gets a new one)."""
    today = today or local_today()
    tomorrow = today + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
    end = start + dt.timedelta(days=1)
    registrations = (Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED, session__starts_at__gte=start, session__starts_at__lt=end,
        session__state__in=[SessionState.PLANNED, SessionState.OPEN])
        .select_related("session", "user__resident"))
    queued = 0
    with translation.override("vi"):
        for registration in registrations:
            session = registration.session
            profile = getattr(registration.user, "resident", None)
            if profile is None:
                continue
            key = f"dialogue:{session.pk}:reminder:{registration.pk}:{tomorrow.isoformat()}"
            with transaction.atomic():
                enqueue(key=key, channel="email" if profile.channel == ContactChannel.EMAIL else "sms",
                        recipient=profile.contact, subject=_("Reminder: %(title)s tomorrow") % {"title": session.title},
                        body=_("Reminder: “%(title)s” is tomorrow at %(when)s, %(venue)s. %(url)s") % {
                            "title": session.title, "when": _when(session), "venue": session.venue,
                            "url": _session_url(session)})
            queued += 1
    return queued

