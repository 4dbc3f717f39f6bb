"""The case state machine (SPEC §2): the only way a case's state changes.

Each transition names the states it leaves from, the state it reaches, who may make it, the kinds it applies to,
what it needs, what it does to the deadline clock, and what the resident is told. `transition()` checks all of that,
then in ONE transaction changes the state, writes the timeline entry, the clock event, the audit event, and queues
the resident's notification for after commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from portal.audit.services import record
from portal.core.errors import DomainError
from portal.core.timeutil import now
from portal.wards.models import CaseKind, Role

from . import clock, escalation
from . import timeline_text as texts
from .models import (
    OPEN_STATES,
    AnswerState,
    Attachment,
    Case,
    CaseAnswer,
    CaseState,
    ClockEventKind,
    LeadOutcome,
    Message,
    MessageKind,
    RejectionReason,
    rejection_reasons,
)
from .notify import notify_resident
from .permissions import identity_protected, may_take, role_for_case

S = CaseState
RESIDENT = "resident"
SYSTEM = "system"
STAFF = frozenset({Role.OFFICER, Role.LEADER})
LEADER = frozenset({Role.LEADER})
ALL_KINDS = frozenset(CaseKind.values)

# The step whose clock runs while a case is being handled, after acceptance or reopening.
HANDLING_STEP = {CaseKind.FEEDBACK: "answer", CaseKind.COMPLAINT: "resolve", CaseKind.DENUNCIATION: "resolve"}


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    kinds: frozenset[str] = ALL_KINDS
    needs_text: bool = False
    clock: str = ""  # "", "pause", "resume", "stop", "handling" (start the handling step)
    told: str = ""  # what the resident is told; "" = nothing
    leader_only_for: frozenset[str] = field(default_factory=frozenset)  # kinds where only a leader may do it
    # True: applies to inspection leads only (Case.is_inspection_lead), which no other transition applies to; its
    # timeline entry is internal (the anonymous sender gets no answer).
    leads: bool = False


OPEN_SOURCES = frozenset({S.RECEIVED, S.ACCEPTED, S.IN_PROGRESS, S.NEEDS_INFO, S.SUSPENDED, S.REOPENED})

TRANSITIONS: dict[str, Transition] = {t.action: t for t in [
    Transition("accept", _lazy("Accept for handling"), frozenset({S.RECEIVED, S.REOPENED}), S.ACCEPTED, STAFF,
               clock="handling", told=_lazy("The ward accepted your case for handling."),
               leader_only_for=frozenset({CaseKind.COMPLAINT, CaseKind.DENUNCIATION})),
    Transition("start_work", _lazy("Start working on it"), frozenset({S.ACCEPTED, S.REOPENED}), S.IN_PROGRESS,
               STAFF, told=_lazy("An officer is now working on your case.")),
    Transition("request_info", _lazy("Ask the resident for information"),
               frozenset({S.RECEIVED, S.ACCEPTED, S.IN_PROGRESS, S.REOPENED}), S.NEEDS_INFO, STAFF,
               needs_text=True, clock="pause",
               told=_lazy("The ward needs more information from you. The time limit is paused until you reply.")),
    Transition("provide_info", _lazy("Send the information asked for"), frozenset({S.NEEDS_INFO}), S.IN_PROGRESS,
               frozenset({RESIDENT}), needs_text=True, clock="resume", told=_lazy("We received your information.")),
    Transition("resume_handling", _lazy("Information received: resume"), frozenset({S.NEEDS_INFO}),
               S.IN_PROGRESS, STAFF, clock="resume", told=_lazy("Handling of your case has resumed.")),
    Transition("suspend", _lazy("Suspend handling"), frozenset({S.ACCEPTED, S.IN_PROGRESS}), S.SUSPENDED, LEADER,
               needs_text=True, clock="pause", told=_lazy("Handling of your case is suspended.")),
    Transition("resume", _lazy("Resume handling"), frozenset({S.SUSPENDED}), S.IN_PROGRESS, LEADER,
               clock="resume", told=_lazy("Handling of your case has resumed.")),
    Transition("answer", _lazy("Send the answer"), frozenset({S.ACCEPTED, S.IN_PROGRESS, S.REOPENED, S.RECEIVED}),
               S.ANSWERED, STAFF, needs_text=True, clock="stop", told=_lazy("The ward has answered your case."),
               leader_only_for=frozenset({CaseKind.COMPLAINT, CaseKind.DENUNCIATION})),
    Transition("close", _lazy("Close"), frozenset({S.ANSWERED}), S.CLOSED, STAFF | {RESIDENT, SYSTEM},
               told=_lazy("Your case is closed.")),
    Transition("reject", _lazy("Do not accept"), frozenset({S.RECEIVED, S.REOPENED}), S.REJECTED, STAFF,
               needs_text=True, clock="stop", told=_lazy("The ward did not accept your case."),
               leader_only_for=frozenset({CaseKind.COMPLAINT, CaseKind.DENUNCIATION})),
    Transition("transfer", _lazy("Forward to the competent body"),
               frozenset({S.RECEIVED, S.ACCEPTED, S.IN_PROGRESS}), S.TRANSFERRED, LEADER, needs_text=True,
               clock="stop", told=_lazy("Your case was forwarded to the body competent to handle it.")),
    Transition("merge", _lazy("Merge into another case"),
               frozenset({S.RECEIVED, S.ACCEPTED, S.IN_PROGRESS, S.NEEDS_INFO}), S.MERGED, STAFF, clock="stop",
               told=_lazy("Your case was merged with another case about the same matter; it is handled there.")),
    Transition("withdraw", _lazy("Withdraw"), OPEN_SOURCES, S.WITHDRAWN, STAFF | {RESIDENT}, needs_text=True,
               clock="stop", told=_lazy("Your case was withdrawn at your request.")),
    Transition("reopen", _lazy("Reopen"), frozenset({S.ANSWERED, S.CLOSED}), S.REOPENED, LEADER | {SYSTEM},
               needs_text=True, clock="handling", told=_lazy("Your case was reopened and will be looked at again.")),
    # After the decision (answered, closed), or when the ward missed its time limit to resolve the complaint (open,
    # overdue): Law on Complaints Art. 33, each within its window (escalation.check). Escalating an open complaint
    # ends it here and stops its clock; an answered one's stopped with the answer.
    Transition("escalate", _lazy("Escalate to the next level"),
               escalation.ANSWERED_STATES | escalation.OPEN_SOURCES, S.ESCALATED,
               frozenset({RESIDENT}), kinds=frozenset({CaseKind.COMPLAINT}), needs_text=True, clock="stop",
               told=_lazy("Your complaint was recorded as taken to the next level.")),
    # An inspection lead (an anonymous denunciation, Law on Denunciations Art. 25(2)): a leader records what was done
    # with it (LeadOutcome) and why; it then leaves the list of leads waiting for a decision. Nobody is told: there is
    # no denouncer to answer, and it had no deadline clock.
    Transition("lead_outcome", _lazy("Record what was done with the lead"), frozenset({S.RECEIVED}), S.CLOSED,
               LEADER, kinds=frozenset({CaseKind.DENUNCIATION}), needs_text=True, leads=True),
]}


def available(case: Case, *, role: str | None) -> list[Transition]:
    """The transitions this role could make now (for the buttons on the case page)."""
    return [t for t in TRANSITIONS.values() if _allowed(t, case, role) and case.state in t.sources]


def _allowed(t: Transition, case: Case, role: str | None) -> bool:
    if role is None or role not in t.roles or case.kind not in t.kinds or t.leads != case.is_inspection_lead:
        return False
    return not (case.kind in t.leader_only_for and role == Role.OFFICER)


def resolve_role(case: Case, *, actor, resident: bool, system: bool) -> str | None:
    if system:
        return SYSTEM
    if resident:
        return RESIDENT
    return role_for_case(actor, case)


def transition(*, case: Case, action: str, actor=None, text: str = "", resident: bool = False,
               system: bool = False, reason_code: str = "", to_body: str = "", target: Case | None = None,
               public_body: bool = True, outcome: str = "") -> Case:
    """Move a case. `resident=True` means the edge has checked the resident's token or ownership; `outcome`, an
    inspection lead's LeadOutcome (action "lead_outcome")."""
    t = TRANSITIONS.get(action)
    if t is None:
        raise DomainError(_("Unknown action."), code="unknown_action")
    text = (text or "").strip()
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("ward").get(pk=case.pk)
        role = resolve_role(case, actor=actor, resident=resident, system=system)
        if not _allowed(t, case, role):
            raise PermissionDenied(_("You may not do this on this case."))
        if case.state not in t.sources:
            raise DomainError(_("This case is “%(state)s”: it cannot be “%(action)s” now.") % {
                "state": case.get_state_display(), "action": t.label}, code="invalid_state")
        if t.needs_text and not text:
            raise DomainError(_("Please write the text to go with this action."), code="text_required")
        from_state = case.state
        fields = ["state", "updated_at"]
        extra = _apply_specifics(t, case, text=text, reason_code=reason_code, to_body=to_body, target=target,
                                 actor=actor, outcome=outcome)
        fields += extra
        case.state = t.target
        if from_state in OPEN_STATES and t.target not in OPEN_STATES and action != "answer":
            # Ended without an answer (not accepted, forwarded, merged, withdrawn): a draft still waiting for a
            # leader's approval can no longer be sent. It is returned, so that it does not wait for ever.
            CaseAnswer.objects.filter(case=case, state=AnswerState.PENDING).update(
                state=AnswerState.RETURNED, decided_by=_author(actor), decided_at=now(),
                decision_note=_("The case ended before the answer was approved: %(state)s.") % {
                    "state": case.get_state_display()})
        _clock(t, case, actor=actor, text=text, from_state=from_state)
        clock_fields = clock.refresh(case)[1]
        case.save(update_fields=fields + clock_fields)

        with translation.override(case.language):
            body = _public_body(t, case, text, public_body)
        message = Message.objects.create(
            case=case, kind=MessageKind.ANSWER if action == "answer" else MessageKind.STATE_CHANGE,
            author=actor if getattr(actor, "is_authenticated", False) else None, body=body, is_public=not t.leads,
            from_state=from_state, to_state=case.state, created_at=now(),
        )
        if text and not public_body:
            Message.objects.create(case=case, kind=MessageKind.NOTE, author=message.author, body=text,
                                   is_public=False, created_at=message.created_at)
        data = {"from": from_state, "to": case.state, "due_date": case.due_date,
                "reason_code": reason_code or None, "to_body": to_body or None,
                "target": target.tracking_code if target else None}
        if t.leads:
            data["outcome"] = case.lead_outcome
        record(action=f"case.{action}", obj=case, actor=actor, ward=case.ward,
               actor_label=RESIDENT if resident else (SYSTEM if system else None), data=data)
        if t.told and not resident:
            notify_resident(case, key=f"case:{case.pk}:msg:{message.pk}", headline=t.told, body=body)
        if action == "escalate":
            _tell_leaders_of_escalation(case)
    return case


def _tell_leaders_of_escalation(case: Case) -> None:
    """The ward's leaders learn by e-mail that the complainant took the complaint to the next level (the body there
    will ask the ward for its file): a link to the case, never what the resident wrote, in the portal's language,
    once per case (sent after the commit, through the outbox)."""
    from .services import _tell_leaders  # services imports this module

    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Case %(code)s: the complainant took the complaint to the next level") % {
            "code": case.tracking_code}
        line = _("The complainant recorded on the portal that the complaint is taken to the next level (Law on "
                 "Complaints, Art. 33). The body of the next level may ask the ward for the case's file.")
    _tell_leaders(case, key=f"case:{case.pk}:escalated", subject=subject,
                  body="\n".join([line, f"{settings.SITE_URL}/can-bo/don/{case.tracking_code}/"]))


def _public_body(t: Transition, case: Case, text: str, public_body: bool) -> str:
    if t.action == "reject":
        return f"{case.get_rejection_reason_display()}\n\n{text}"
    if t.action == "transfer":
        return _(texts.FORWARDED) % {"body": case.transferred_to} + f"\n\n{text}"
    if t.action == "merge":
        return _(texts.HANDLED_WITH) % {"code": case.merged_into.tracking_code}
    return text if public_body else ""


def _apply_specifics(t: Transition, case: Case, *, text, reason_code, to_body, target, actor,
                     outcome="") -> list[str]:
    moment = now()
    if t.action == "lead_outcome":
        if outcome not in LeadOutcome.values:
            raise DomainError(_("Choose what was done with the lead."), code="outcome_required")
        case.lead_outcome = outcome
        case.closed_at = moment
        return ["lead_outcome", "closed_at"]
    if t.action == "start_work" and case.assignee_id is None and getattr(actor, "is_authenticated", False) \
            and may_take(actor, case):
        case.assignee = actor
        return ["assignee"]
    if t.action == "answer":
        # A leader answering directly supersedes any draft still waiting for approval.
        CaseAnswer.objects.filter(case=case, state=AnswerState.PENDING).update(
            state=AnswerState.RETURNED, decided_by=_author(actor), decided_at=moment,
            decision_note=_("Superseded by the answer sent."))
        case.answered_at = moment
        case.answer_due_date = case.due_date
        return ["answered_at", "answer_due_date"]
    if t.action == "close":
        case.closed_at = moment
        return ["closed_at"]
    if t.action == "escalate":
        # Law on Complaints Art. 33: 30 days (45 remote) from the decision, or, open, from the missed due date
        escalation.check(case)
        return []
    if t.action == "reject":
        if reason_code not in RejectionReason.values:
            raise DomainError(_("Choose the legal reason for not accepting."), code="reason_required")
        if reason_code not in {value for value, _label in rejection_reasons(case.kind)}:
            raise DomainError(_("This legal reason does not apply to this kind of case."),
                              code="reason_not_for_kind")
        case.rejection_reason = reason_code
        return ["rejection_reason"]
    if t.action == "transfer":
        if not to_body.strip():
            raise DomainError(_("Name the body the case is forwarded to."), code="body_required")
        _check_redacted_copies(case)
        case.transferred_to = to_body.strip()[:300]
        return ["transferred_to"]
    if t.action == "merge":
        if target is None or target.pk == case.pk or target.ward_id != case.ward_id or not target.is_open:
            raise DomainError(_("Choose another open case of the same ward to merge into."), code="bad_target")
        if target.merged_into_id is not None:
            raise DomainError(_("That case was itself merged."), code="bad_target")
        case.merged_into = target
        Message.objects.create(case=target, kind=MessageKind.NOTE, author=actor, is_public=False, created_at=moment,
                               body=_(texts.MERGED_HERE) % {"code": case.tracking_code})
        return ["merged_into"]
    return []


def _check_redacted_copies(case: Case) -> None:
    """A denunciation is forwarded with the redacted copies of its files, never the originals (SPEC §7, Law on
    Denunciations Art. 56: whoever it is forwarded to sees the denouncer masked). The portal records the forward and
    the ward sends the file; until every file has its redacted copy there is nothing the ward may send, so the forward
    is refused with the count, and the case page says so before the leader tries."""
    if not identity_protected(case):
        return
    missing = Attachment.objects.filter(case=case, redacted_copy__isnull=True).count()
    if missing:
        raise DomainError(ngettext(
            "%(n)s file of this denunciation has no redacted copy yet. Upload the copy with the denouncer's identity "
            "blacked out, then forward: only redacted copies may be passed on (Law on Denunciations, Art. 56).",
            "%(n)s files of this denunciation have no redacted copy yet. Upload the copies with the denouncer's "
            "identity blacked out, then forward: only redacted copies may be passed on (Law on Denunciations, "
            "Art. 56).", missing) % {"n": missing}, code="redacted_copies_missing")


def _clock(t: Transition, case: Case, *, actor, text: str, from_state: str) -> None:
    if t.clock == "stop" and from_state not in OPEN_STATES:
        return  # an escalation after the decision: the clock stopped with the answer
    if t.clock == "pause":
        clock.add_event(case, ClockEventKind.PAUSE, reason=text, actor=actor)
    elif t.clock == "resume":
        clock.add_event(case, ClockEventKind.RESUME, actor=actor)
    elif t.clock == "stop":
        clock.add_event(case, ClockEventKind.STOP, actor=actor)
    elif t.clock == "handling":
        step = HANDLING_STEP[case.kind]
        if case.kind == CaseKind.COMPLAINT and case.is_complex:
            step = "resolve_complex"
        if t.action == "accept" and case.kind == CaseKind.FEEDBACK:
            return  # feedback: the answer period already runs from the day it was received
        clock.add_event(case, ClockEventKind.START, step=step, actor=actor)


def _author(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def rating_reopen_window_days() -> int:
    return getattr(settings, "RATING_REOPEN_WINDOW_DAYS", 30)
