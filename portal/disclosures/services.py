"""Every write on disclosures: one function per action, keyword-only arguments, an explicit actor, the audit event in
the same transaction. Nothing here deletes anything (SPEC §5: "nothing published is ever deleted")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from portal.audit.services import record
from portal.core import pagecache
from portal.core.errors import DomainError
from portal.core.text import fold
from portal.core.timeutil import local_today, now
from portal.deadlines.calendar import LAST_YEAR, OutOfRange
from portal.deadlines.calendar import covers as calendar_covers
from portal.deadlines.selectors import calendar_for
from portal.deadlines.services import outside_calendar_message
from portal.media.validation import CleanUpload, clean_upload, clean_uploads

from . import permissions, rules
from .models import (
    Comment,
    Consultation,
    Disclosure,
    DisclosureAttachment,
    DisclosureCategory,
    DisclosureState,
    DisclosureVersion,
    Question,
)
from .rendering import render_markdown

MAX_FILES = 10


@dataclass
class DisclosureInput:
    """What an officer writes: the web form and the API fill the same object."""

    category: DisclosureCategory
    title: str
    body: str
    decision_date: dt.date
    posting_start: dt.date
    posting_end: dt.date | None
    forms: list[str]
    decision_reference: str = ""
    loudspeaker_days: int | None = None
    files: list = field(default_factory=list)
    notice_photo: object | None = None


def _require(allowed: bool, message=None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You may not do this with this disclosure."))


def _clean_files(files, notice_photo) -> tuple[list[CleanUpload], CleanUpload | None]:
    files = [f for f in (files or []) if f]
    if len(files) > MAX_FILES:
        raise ValidationError({"files": [_("At most %(n)d files.") % {"n": MAX_FILES}]})
    cleaned, messages = clean_uploads(files)
    if messages:
        raise ValidationError({"files": messages})
    photo = None
    if notice_photo:
        try:
            photo = clean_upload(notice_photo)
        except ValidationError as exc:
            raise ValidationError({"notice_photo": exc.messages}) from exc
        if photo.kind != "image":
            raise ValidationError({"notice_photo": [_("The photo of the notice must be an image.")]})
    return cleaned, photo


def _store(disclosure: Disclosure, clean: CleanUpload, actor, *, notice_photo: bool = False) -> DisclosureAttachment:
    attachment = DisclosureAttachment(
        disclosure=disclosure, version_number=disclosure.version_number, kind=clean.kind,
        original_name=clean.original_name, content_type=clean.content_type, size=len(clean.content),
        sha256=clean.sha256, is_notice_photo=notice_photo, uploaded_by=actor)
    attachment.file.save(f"v{disclosure.version_number}-{clean.sha256[:16]}.{clean.extension}",
                         ContentFile(clean.content), save=False)
    attachment.save()
    return attachment


def _store_all(disclosure, cleaned, photo, actor) -> list[int]:
    ids = [_store(disclosure, clean, actor).pk for clean in cleaned]
    if photo is not None:
        stored = _store(disclosure, photo, actor, notice_photo=True)
        disclosure.notice_photo = stored
        disclosure.save(update_fields=["notice_photo", "updated_at"])
        ids.append(stored.pk)
    return ids


def _search_text(disclosure: Disclosure) -> str:
    return fold(f"{disclosure.title} {disclosure.body} {disclosure.decision_reference} {disclosure.category.name}")


# The dates of a disclosure, in the order of the form: each must lie in the years the working calendar knows.
DATE_FIELDS = ("decision_date", "posting_start", "posting_end")


def _validate(ward, data: DisclosureInput) -> dt.date:
    """Field → messages for everything wrong with `data` (ValidationError); else the day the ward must disclose by."""
    errors: dict[str, list[str]] = {}
    if not (data.title or "").strip():
        errors["title"] = [_("Give the disclosure a title.")]
    if data.decision_date is None:
        errors["decision_date"] = [_("Give the date of the decision.")]
    # A date the working calendar does not know cannot be counted from (nor a posting of 30 days after 9999-12-20
    # computed): such dates are refused first, and the posting rules only see dates within the calendar's years.
    outside = [name for name in DATE_FIELDS if getattr(data, name) is not None
               and not calendar_covers(getattr(data, name))]
    if outside:
        raise ValidationError({**errors, **{name: [outside_calendar_message()] for name in outside}})
    errors.update(rules.posting_errors(category=data.category, decision_date=data.decision_date,
                                       start=data.posting_start, end=data.posting_end, forms=list(data.forms),
                                       loudspeaker_days=data.loudspeaker_days))
    disclose_by = None
    try:
        if data.decision_date is not None:
            disclose_by = _disclose_by(ward, data.category, data.decision_date)
    except OutOfRange:  # a decision late in the last year: its working days run past the calendar
        errors.setdefault("decision_date", []).append(
            _("The time to disclose this decision runs past %(last)s, beyond the working calendar.")
            % {"last": LAST_YEAR})
    if errors:
        raise ValidationError(errors)
    return disclose_by


def _disclose_by(ward, category: DisclosureCategory, decision_date: dt.date) -> dt.date:
    return calendar_for(ward).add_working_days(decision_date, category.disclose_within_working_days)


def _apply(disclosure: Disclosure, data: DisclosureInput, disclose_by: dt.date) -> None:
    disclosure.category = data.category
    disclosure.title = data.title.strip()
    disclosure.body = data.body or ""
    disclosure.body_html = render_markdown(disclosure.body)
    disclosure.decision_date = data.decision_date
    disclosure.decision_reference = (data.decision_reference or "").strip()
    disclosure.disclose_by = disclose_by
    disclosure.posting_start = data.posting_start
    disclosure.posting_end = data.posting_end
    disclosure.forms = [f for f in rules.DisclosureForm.values if f in data.forms]
    disclosure.loudspeaker_days = data.loudspeaker_days if rules.DisclosureForm.LOUDSPEAKER in data.forms else None
    disclosure.search_text = _search_text(disclosure)


def create_disclosure(*, ward, actor, data: DisclosureInput) -> Disclosure:
    """An officer or leader of the ward drafts a disclosure (version 1, not public yet)."""
    _require(permissions.can_work(actor, ward.pk))
    disclose_by = _validate(ward, data)
    cleaned, photo = _clean_files(data.files, data.notice_photo)
    with transaction.atomic():
        disclosure = Disclosure(ward=ward, created_by=actor)
        _apply(disclosure, data, disclose_by)
        disclosure.save()
        DisclosureVersion.objects.create(disclosure=disclosure, number=1, title=disclosure.title, body=disclosure.body,
                                         body_html=disclosure.body_html, created_by=actor, created_at=now())
        files = _store_all(disclosure, cleaned, photo, actor)
        record(action="disclosure.drafted", obj=disclosure, actor=actor, ward=ward,
               data={"title": disclosure.title, "category": data.category.number, "files": files})
    return disclosure


def update_draft(*, disclosure: Disclosure, actor, data: DisclosureInput) -> Disclosure:
    """A draft is edited in place (nobody outside the ward has seen it); once published, corrections make versions."""
    _require(permissions.can_work(actor, disclosure))
    if disclosure.state != DisclosureState.DRAFT:
        raise DomainError(_("Only a draft can be edited; a published disclosure is corrected with a new version."),
                          code="not_draft")
    disclose_by = _validate(disclosure.ward, data)
    cleaned, photo = _clean_files(data.files, data.notice_photo)
    with transaction.atomic():
        disclosure = Disclosure.objects.select_for_update().select_related("ward").get(pk=disclosure.pk)
        if disclosure.state != DisclosureState.DRAFT:
            raise DomainError(_("Only a draft can be edited."), code="not_draft")
        before = {"title": disclosure.title, "posting_start": disclosure.posting_start,
                  "posting_end": disclosure.posting_end}
        _apply(disclosure, data, disclose_by)
        disclosure.save()
        DisclosureVersion.objects.filter(disclosure=disclosure, number=1).update(
            title=disclosure.title, body=disclosure.body, body_html=disclosure.body_html)
        files = _store_all(disclosure, cleaned, photo, actor)
        record(action="disclosure.draft_edited", obj=disclosure, actor=actor, ward=disclosure.ward,
               data={"before": before, "after": {"title": disclosure.title, "posting_start": disclosure.posting_start,
                                                 "posting_end": disclosure.posting_end}, "files": files})
    return disclosure


def publish_disclosure(*, disclosure: Disclosure, actor, today: dt.date | None = None) -> Disclosure:
    """A leader publishes a draft: posted now when its posting has started, else scheduled for its first day."""
    _require(permissions.is_leader(actor, disclosure), _("Only a leader of the ward publishes disclosures."))
    today = today or local_today()
    with transaction.atomic():
        disclosure = Disclosure.objects.select_for_update().select_related("ward", "category").get(pk=disclosure.pk)
        if disclosure.state != DisclosureState.DRAFT:
            raise DomainError(_("This disclosure is already published."), code="not_draft")
        if disclosure.posting_end is not None and disclosure.posting_end < today:
            raise ValidationError({"posting_end": [_("The posting period is already over: change it first.")]})
        moment = now()
        if disclosure.posting_start <= today:
            disclosure.state, disclosure.posted_on = DisclosureState.POSTED, today
        else:
            disclosure.state = DisclosureState.SCHEDULED
        disclosure.published_by, disclosure.published_at = actor, moment
        disclosure.save(update_fields=["state", "posted_on", "published_by", "published_at", "updated_at"])
        DisclosureVersion.objects.filter(disclosure=disclosure, number=1).update(created_at=moment)
        record(action="disclosure.published", obj=disclosure, actor=actor, ward=disclosure.ward,
               data={"state": disclosure.state, "posted_on": disclosure.posted_on,
                     "disclose_by": disclosure.disclose_by, "late": disclosure.is_late})
    return disclosure


def correct_disclosure(*, disclosure: Disclosure, actor, title: str, body: str, reason: str, files=(),
                       notice_photo=None) -> DisclosureVersion:
    """A correction of a published disclosure: a new version with its reason; every earlier one stays readable."""
    _require(permissions.can_work(actor, disclosure))
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = [_("Say what is corrected and why.")]
    if not (title or "").strip():
        errors["title"] = [_("Give the disclosure a title.")]
    if errors:
        raise ValidationError(errors)
    cleaned, photo = _clean_files(files, notice_photo)
    with transaction.atomic():
        disclosure = Disclosure.objects.select_for_update().select_related("ward", "category").get(pk=disclosure.pk)
        if disclosure.state in (DisclosureState.DRAFT, DisclosureState.WITHDRAWN):
            raise DomainError(_("Only a published disclosure that is not withdrawn can be corrected."),
                              code="not_correctable")
        before = {"version": disclosure.version_number, "title": disclosure.title}
        disclosure.version_number += 1
        disclosure.title, disclosure.body = title.strip(), body or ""
        disclosure.body_html = render_markdown(disclosure.body)
        disclosure.search_text = _search_text(disclosure)
        disclosure.save(update_fields=["version_number", "title", "body", "body_html", "search_text", "updated_at"])
        version = DisclosureVersion.objects.create(
            disclosure=disclosure, number=disclosure.version_number, title=disclosure.title, body=disclosure.body,
            body_html=disclosure.body_html, reason=reason, created_by=actor, created_at=now())
        stored = _store_all(disclosure, cleaned, photo, actor)
        record(action="disclosure.corrected", obj=disclosure, actor=actor, ward=disclosure.ward,
               data={"before": before, "after": {"version": version.number, "title": version.title},
                     "reason": reason, "files": stored})
    return version


def end_early(*, disclosure: Disclosure, actor, reason: str, today: dt.date | None = None) -> Disclosure:
    """A leader takes a posting down before its planned end (or ends a permanent one), with a recorded reason."""
    _require(permissions.is_leader(actor, disclosure), _("Only a leader of the ward may end a posting early."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Record why the posting ends early.")]})
    today = today or local_today()
    with transaction.atomic():
        disclosure = Disclosure.objects.select_for_update().select_related("ward", "category").get(pk=disclosure.pk)
        if disclosure.state != DisclosureState.POSTED:
            raise DomainError(_("Only a disclosure being posted can end early."), code="not_posted")
        minimum = rules.minimum_end(disclosure.category, disclosure.posting_start)
        disclosure.state, disclosure.ended_on = DisclosureState.ENDED, today
        disclosure.early_end_reason, disclosure.ended_by = reason, actor
        disclosure.save(update_fields=["state", "ended_on", "early_end_reason", "ended_by", "updated_at"])
        record(action="disclosure.ended_early", obj=disclosure, actor=actor, ward=disclosure.ward,
               data={"reason": reason, "planned_end": disclosure.posting_end, "ended_on": today,
                     "before_minimum": bool(minimum and today < minimum)})
    return disclosure


def withdraw_disclosure(*, disclosure: Disclosure, actor, reason: str, today: dt.date | None = None) -> Disclosure:
    """A leader withdraws a published disclosure: it stays in the register, marked withdrawn, with the reason."""
    _require(permissions.is_leader(actor, disclosure), _("Only a leader of the ward may withdraw a disclosure."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Record why the disclosure is withdrawn.")]})
    today = today or local_today()
    with transaction.atomic():
        disclosure = Disclosure.objects.select_for_update().select_related("ward").get(pk=disclosure.pk)
        if disclosure.state in (DisclosureState.DRAFT, DisclosureState.WITHDRAWN):
            raise DomainError(_("Only a published disclosure can be withdrawn."), code="not_withdrawable")
        previous = disclosure.state
        disclosure.state, disclosure.withdrawn_reason, disclosure.ended_by = DisclosureState.WITHDRAWN, reason, actor
        disclosure.ended_on = disclosure.ended_on or today
        if disclosure.posted_on is None:  # scheduled: it becomes public now, as withdrawn
            disclosure.posted_on = today
        disclosure.save(update_fields=["state", "withdrawn_reason", "ended_by", "ended_on", "posted_on", "updated_at"])
        record(action="disclosure.withdrawn", obj=disclosure, actor=actor, ward=disclosure.ward,
               data={"reason": reason, "previous_state": previous})
    return disclosure


def advance_states(*, today: dt.date | None = None) -> dict[str, int]:
    """The periodic job: scheduled disclosures whose first day has come are posted, posted ones past their last day
    end. Each row moves under a conditional update, so running twice (or two beats) changes nothing more."""
    today = today or local_today()
    counts = {"posted": 0, "ended": 0}
    due = list(Disclosure.objects.filter(state=DisclosureState.SCHEDULED, posting_start__lte=today)
               .values_list("pk", "ward_id")[:1000])
    for pk, ward_id in due:
        with transaction.atomic():
            if Disclosure.objects.filter(pk=pk, state=DisclosureState.SCHEDULED).update(
                    state=DisclosureState.POSTED, posted_on=today, updated_at=now()) != 1:
                continue
            record(action="disclosure.posted", object_type="disclosures.disclosure", object_id=pk,
                   ward=_ward_ref(ward_id), data={"posted_on": today})
            counts["posted"] += 1
    over = list(Disclosure.objects.filter(state=DisclosureState.POSTED, posting_end__lt=today)
                .values_list("pk", "ward_id", "posting_end")[:1000])
    for pk, ward_id, last_day in over:
        with transaction.atomic():
            if Disclosure.objects.filter(pk=pk, state=DisclosureState.POSTED).update(
                    state=DisclosureState.ENDED, ended_on=last_day, updated_at=now()) != 1:
                continue
            record(action="disclosure.ended", object_type="disclosures.disclosure", object_id=pk,
                   ward=_ward_ref(ward_id), data={"ended_on": last_day})
            counts["ended"] += 1
    if counts["posted"] or counts["ended"]:
        pagecache.bump(pagecache.DISCLOSURES, pagecache.DASHBOARD)  # rows changed without signals
    return counts


def _ward_ref(ward_id: int):
    from portal.wards.models import Ward

    return Ward(pk=ward_id)


# --- consultations ------------------------------------------------------------------------------------------------

def open_consultation(*, disclosure: Disclosure, actor, question: str, opens_on: dt.date, closes_on: dt.date,
                      today: dt.date | None = None) -> Consultation:
    """Open a comment period of at least 20 days on a published disclosure (Arts. 25–28)."""
    _require(permissions.can_work(actor, disclosure))
    today = today or local_today()
    errors = rules.consultation_errors(opens_on=opens_on, closes_on=closes_on, today=today)
    if not (question or "").strip():
        errors["question"] = [_("Say what residents are asked.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        disclosure = Disclosure.objects.select_for_update().select_related("ward").get(pk=disclosure.pk)
        if disclosure.state not in (DisclosureState.SCHEDULED, DisclosureState.POSTED):
            raise DomainError(_("Residents can be consulted only on a disclosure being posted."), code="not_posted")
        if Consultation.objects.filter(disclosure=disclosure).exists():
            raise DomainError(_("This disclosure already has a comment period."), code="already_open")
        consultation = Consultation.objects.create(disclosure=disclosure, question=question.strip(),
                                                   opens_on=opens_on, closes_on=closes_on, opened_by=actor)
        record(action="disclosure.consultation_opened", obj=consultation, actor=actor, ward=disclosure.ward,
               data={"disclosure": disclosure.pk, "opens_on": opens_on, "closes_on": closes_on})
    return consultation


def publish_synthesis(*, consultation: Consultation, actor, synthesis: str, explanation: str,
                      today: dt.date | None = None) -> Consultation:
    """After the comment period: the ward publishes its synthesis and what it took up (Art. 28)."""
    disclosure = consultation.disclosure
    _require(permissions.can_work(actor, disclosure))
    today = today or local_today()
    errors = {}
    if not (synthesis or "").strip():
        errors["synthesis"] = [_("Write the synthesis of the comments.")]
    if not (explanation or "").strip():
        errors["explanation"] = [_("Explain what the ward took up and why not the rest.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if today <= consultation.closes_on:
            raise DomainError(_("The comment period is not over yet."), code="still_open")
        if consultation.synthesis_published_at is not None:
            raise DomainError(_("The synthesis is already published."), code="already_published")
        consultation.synthesis, consultation.explanation = synthesis.strip(), explanation.strip()
        consultation.synthesis_html = render_markdown(consultation.synthesis)
        consultation.explanation_html = render_markdown(consultation.explanation)
        consultation.synthesis_published_at = now()
        consultation.save(update_fields=["synthesis", "explanation", "synthesis_html", "explanation_html",
                                         "synthesis_published_at"])
        record(action="disclosure.synthesis_published", obj=consultation, actor=actor, ward=disclosure.ward,
               data={"disclosure": disclosure.pk, "comments": consultation.comments.count()})
    return consultation


# --- residents' comments and questions ------------------------------------------------------------------------------

def _post_errors(body: str, author_name: str, show_name: bool) -> dict:
    errors = {}
    body = (body or "").strip()
    if len(body) < 5:
        errors["body"] = [_("Write at least a few words.")]
    elif len(body) > 5000:
        errors["body"] = [_("At most 5000 characters.")]
    if show_name and not (author_name or "").strip():
        errors["author_name"] = [_("Give the name to show, or choose not to show it.")]
    return errors


def _author(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def submit_comment(*, consultation: Consultation, actor, body: str, author_name: str = "", show_name: bool = False,
                   contact: str = "", today: dt.date | None = None) -> Comment:
    today = today or local_today()
    errors = _post_errors(body, author_name, show_name)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consultation = Consultation.objects.select_related("disclosure__ward").get(pk=consultation.pk)
        if not consultation.is_open_on(today):
            raise DomainError(_("The comment period is not open."), code="closed")
        comment = Comment.objects.create(consultation=consultation, body=body.strip(),
                                         author_name=(author_name or "").strip()[:120], show_name=show_name,
                                         contact=(contact or "").strip()[:200], author=_author(actor),
                                         created_at=now())
        record(action="disclosure.comment_submitted", obj=comment, actor=actor,
               ward=consultation.disclosure.ward, data={"disclosure": consultation.disclosure_id})
    return comment


def ask_question(*, disclosure: Disclosure, actor, body: str, author_name: str = "", show_name: bool = False,
                 contact: str = "") -> Question:
    errors = _post_errors(body, author_name, show_name)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        disclosure = Disclosure.objects.select_related("ward").get(pk=disclosure.pk)
        if disclosure.state not in (DisclosureState.POSTED, DisclosureState.ENDED):
            raise DomainError(_("Questions can be asked only on a posted disclosure."), code="not_posted")
        question = Question.objects.create(disclosure=disclosure, body=body.strip(),
                                           author_name=(author_name or "").strip()[:120], show_name=show_name,
                                           contact=(contact or "").strip()[:200], author=_author(actor),
                                           created_at=now())
        record(action="disclosure.question_asked", obj=question, actor=actor, ward=disclosure.ward,
               data={"disclosure": disclosure.pk})
    return question


def answer_question(*, question: Question, actor, answer: str) -> Question:
    """The ward answers publicly."""
    _require(permissions.can_work(actor, question.disclosure))
    answer = (answer or "").strip()
    if len(answer) < 2:
        raise ValidationError({"answer": [_("Write the answer.")]})
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        if question.is_hidden:
            raise DomainError(_("This question is hidden."), code="hidden")
        before = question.answer
        question.answer, question.answered_by, question.answered_at = answer, actor, now()
        question.save(update_fields=["answer", "answered_by", "answered_at"])
        record(action="disclosure.question_answered", obj=question, actor=actor,
               ward=question.disclosure.ward, data={"disclosure": question.disclosure_id, "before": before,
                                                    "after": answer})
    return question


def hide_post(*, post: Comment | Question, actor, reason: str) -> Comment | Question:
    """Moderation: hide abuse or personal data, with a recorded reason. The text is kept (never deleted)."""
    disclosure = post.consultation.disclosure if isinstance(post, Comment) else post.disclosure
    _require(permissions.can_work(actor, disclosure))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Record why it is hidden.")]})
    with transaction.atomic():
        post = type(post).objects.select_for_update().get(pk=post.pk)
        if post.is_hidden:
            raise DomainError(_("It is already hidden."), code="already_hidden")
        post.is_hidden, post.hidden_reason, post.hidden_by, post.hidden_at = True, reason, actor, now()
        post.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
        record(action=f"disclosure.{type(post).__name__.lower()}_hidden", obj=post, actor=actor,
               ward=disclosure.ward, data={"disclosure": disclosure.pk, "reason": reason})
    return post
