"""How a case reads: to a resident, its state in plain words; to staff, its texts with a denouncer's identity masked
for those who may not see it.

A denouncer's identity is visible only to the assigned officer and the ward's leaders (SPEC §7, Law on Denunciations
Arts. 9, 47, 56). The contact box is masked for everyone else, but officers write the denouncer's name into answers,
notes and replies ("Kính gửi ông …"): every free text of the case that such a viewer reads goes through text_mask(),
the redaction of the published answer pages (portal.transparency.redaction) applied to this case's identity. The case
page and GET /api/v1/staff/cases/{code}/ mask the case they show with mask_case(); the queue's rows (desk page and
API list), the timeline rows and the merge suggestions are masked by their selectors, which take the viewer; the
People's Inspection Board's recommendations about a case and their answers (page and e-mail) by
recommendations.reading_mask().
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from portal.core.search import both_forms
from portal.transparency.redaction import Redactor

from .models import CaseState
from .permissions import identity_protected, may_see_identity

STATE_EXPLANATIONS = {
    CaseState.RECEIVED: _("The ward has received your case and will decide whether to accept it for handling."),
    CaseState.ACCEPTED: _("The ward has accepted your case and will handle it within the legal time limit."),
    CaseState.IN_PROGRESS: _("An officer is working on your case."),
    CaseState.NEEDS_INFO: _("The ward needs more information from you. The time limit is paused until you reply."),
    CaseState.SUSPENDED: _("Handling is suspended for a legal reason. The time limit restarts when it resumes."),
    CaseState.ANSWERED: _("The ward has answered. Please read the answer and rate it."),
    CaseState.CLOSED: _("The case is closed."),
    CaseState.REJECTED: _("The ward did not accept the case. The reason is given in the timeline."),
    CaseState.TRANSFERRED: _("The case was forwarded to the body competent to handle it."),
    CaseState.MERGED: _("The case was merged with another case about the same matter."),
    CaseState.WITHDRAWN: _("You withdrew the case."),
    CaseState.REOPENED: _("The case was reopened and will be looked at again."),
    CaseState.ESCALATED: _("The complaint was taken to the next level."),
}


ANSWERED_NOT_TO_RATE = _("The ward has answered. The answer is in the timeline below.")

# What the sender of an anonymous denunciation is told, on the receipt, the status page and the tracking API.
LEAD_EXPLANATION = _("This anonymous denunciation is not processed or answered as a denunciation (Law on "
                     "Denunciations, Art. 25). It has been passed to the ward's leaders as an internal inspection "
                     "lead. The tracking code only confirms that it was received: there will be no answer and no "
                     "notifications.")


def resident_state(case) -> str:
    """The state the resident is shown. An inspection lead stays "received" whatever a leader did with it: its
    sender is told only that it arrived (what the ward did with it is internal)."""
    return CaseState.RECEIVED if case.is_inspection_lead else case.state


def state_explanation(state: str, *, may_rate: bool = True, lead: bool = False):
    """What the state means for the resident. `may_rate=False` when the page offers no rating (the latest answer is
    rated already): an answered case then does not ask for one. `lead`: the case is an inspection lead."""
    if lead:
        return LEAD_EXPLANATION
    if not may_rate and state == CaseState.ANSWERED:
        return ANSWERED_NOT_TO_RATE
    return STATE_EXPLANATIONS.get(state, "")


# --- a denouncer's identity in the texts staff read -------------------------------------------------------------

# The resident's identity. Not the address of the issue (Case.address): it is a fact of the case that the page
# shows every viewer, so redacting it in the texts would hide nothing and only garble them.
IDENTITY_FIELDS = ("contact_name", "contact_phone", "contact_email", "contact_address", "representative_name")
# What text_mask() reads of a case: who may see its identity (permissions.may_see_identity, which asks whether it is
# an inspection lead: its kind and anonymity) and the identity.
# Selectors that read only some columns of a case (the queue's rows, the merge suggestions) read these too.
MASK_FIELDS = ("kind", "is_anonymous", "ward", "department", "assignee", *IDENTITY_FIELDS)
# The free texts of a case itself that staff pages show (the title, what the resident wrote, where it was sent).
CASE_TEXT_FIELDS = ("title", "description", "decision_reference", "transferred_to")

Mask = Callable[[str], str]


def as_written(text: str) -> str:
    return text


def text_mask(user, case) -> Mask:
    """How `user` reads the free texts of `case`: as written when they may see the resident's identity
    (permissions.may_see_identity: any ward staff for a feedback or a complaint; for a denunciation the assigned
    officer and the leaders), otherwise with the contact's name, phone, e-mail, address and the representative's
    name — and any e-mail address or phone number — replaced by "[***]" (portal.transparency.redaction)."""
    if may_see_identity(user, case):
        return as_written
    return identity_mask(case)


def identity_mask(case) -> Mask:
    """The case's texts with its contact's name, phone, e-mail, address and its representative's name — and any
    e-mail address or phone number — replaced by "[***]": text_mask() for whoever may not see the identity."""
    return Redactor({field: getattr(case, field) or "" for field in IDENTITY_FIELDS})


def masked_search_text(case) -> str:
    """What the staff queue's search looks in when the viewer may not see a denunciation's identity
    (Case.masked_search_text; selectors.search_condition): its title and description as such a viewer reads them
    (identity_mask()) and the address of the issue, which every viewer reads as written — in both forms of
    portal.core.search.both_forms(). Searching the texts as written would tell, by which denunciations a name or a
    phone number finds, who filed them, though the rows show "[***]"; searching these finds a denunciation by
    exactly the words its masked rows and page show. Empty for the other kinds, whose texts staff read as written.
    `case`: anything with the case's fields as attributes (bench/generate.py passes its rows)."""
    if not identity_protected(case):
        return ""
    mask = identity_mask(case)
    return both_forms(f"{mask(case.title or '')} {mask(case.description or '')} {case.address or ''}")


def mask_case(user, case) -> Mask:
    """Mask, in place, every free text of a case read for display (selectors.case_for_staff()) that `user` may not
    read as written: the case's own texts (CASE_TEXT_FIELDS), its answers (drafts and sent, with the leader's
    approval or return note), its timeline when prefetched, and the reasons of its clock events (the due date's
    explanation). The instance is for display only from here on: never give it to a service. Returns the mask,
    for texts read apart from the case (selectors.timeline_rows takes the viewer and masks its rows itself).
    No query when the answers and clock events are prefetched (case_for_staff() does)."""
    mask = text_mask(user, case)
    if mask is as_written or getattr(case, "_texts_masked", False):
        return mask
    for field in CASE_TEXT_FIELDS:
        setattr(case, field, mask(getattr(case, field) or ""))
    cached = getattr(case, "_prefetched_objects_cache", {})
    # Read later through case.answers.all() / case.clock_events.all(): those must find the masked rows.
    missing = [name for name in ("answers", "clock_events") if name not in cached]
    if missing:
        prefetch_related_objects([case], *missing)
    for answer in case.answers.all():
        answer.body = mask(answer.body or "")
        answer.decision_note = mask(answer.decision_note or "")
    if "messages" in case._prefetched_objects_cache:
        for message in case.messages.all():
            message.body = mask(message.body or "")
    for event in case.clock_events.all():
        event.reason = mask(event.reason or "")
    case._texts_masked = True
    return mask


def mask_titles(user, cases: Iterable) -> None:
    """Mask, in place, the titles of cases listed to `user` (queue rows, merge suggestions): each case read with
    MASK_FIELDS."""
    for case in cases:
        mask = text_mask(user, case)
        if mask is not as_written:
            case.title = mask(case.title or "")
