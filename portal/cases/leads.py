"""Inspection leads: anonymous denunciations (SPEC §2; Law on Denunciations Art. 25(2)).

An anonymous denunciation is not processed as a denunciation. When it names the official or body it denounces and
gives evidence (rules.submission_errors), it is filed as a case of kind "denunciation" with `is_anonymous` — an
inspection lead (Case.is_inspection_lead): no department, no assignee, no deadline clock, no answer and no
notification, left out of the staff queue, the public statistics, open data and Open311. Only the ward's leaders read
it (permissions.lead_ward_ids), here; each list, page and file they open is an audit event written in the same
transaction as the read. A leader records what was done with it through the workflow ("lead_outcome").
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _lazy

from portal.audit.services import record, record_many
from portal.wards.models import Ward

from .models import Attachment, Case, CaseState, Message, MessageKind, inspection_leads
from .permissions import lead_ward_ids
from .workflow import transition

LEAD_LIST_FIELDS = ("tracking_code", "title", "denounced_person", "state", "lead_outcome", "received_at", "ward",
                    "category", "kind", "is_anonymous")
PAGE_SIZE = 25
NOTE_MAX = 10000
# The outcome form's messages, the desk's and the API's.
OUTCOME_REQUIRED = _lazy("Choose what was done with the lead.")
NOTE_REQUIRED = _lazy("Write a note on what was done and why.")


def leads_of(user, *, pending: bool = False) -> QuerySet:
    """The inspection leads of the wards `user` leads (none for anyone else), newest first. `pending`: only those
    no leader has decided on yet."""
    qs = Case.objects.filter(inspection_leads(), ward_id__in=lead_ward_ids(user))
    if pending:
        qs = qs.filter(state=CaseState.RECEIVED)
    return (qs.select_related("ward", "category").only(*LEAD_LIST_FIELDS, "ward__code", "ward__name",
                                                       "category__code", "category__name", "category__name_en")
            .annotate(attachment_count=Count("attachments")).order_by("-received_at", "-id"))


def record_list_view(*, actor, leads: list[Case]) -> None:
    """The audit events of a leader's look at the list: one per ward they lead, naming the leads shown of it. Call
    inside the transaction that read the list."""
    shown: dict[int, list[str]] = {ward_id: [] for ward_id in lead_ward_ids(actor)}
    for lead in leads:
        shown.setdefault(lead.ward_id, []).append(lead.tracking_code)
    record_many([{"action": "case.leads_listed", "actor": actor, "ward": Ward(pk=ward_id), "data": {"shown": codes}}
                 for ward_id, codes in shown.items()])


def read_list(*, actor, pending: bool, page: str | int | None) -> Page:
    """One page of leads_of(actor) (a number out of range gives the last page, anything else the first), and the
    audit events of the look at it, in one transaction. The caller checks that `actor` leads a ward first."""
    with transaction.atomic():
        result = Paginator(leads_of(actor, pending=pending), PAGE_SIZE).get_page(page)
        result.object_list = list(result.object_list)
        record_list_view(actor=actor, leads=result.object_list)
    return result


def lead_for(user, code: str) -> Case | None:
    """One inspection lead of a ward `user` leads, with its attachments and timeline (the internal notes included),
    or None (another ward's, an ordinary case, no such code, or `user` leads no ward)."""
    code = (code or "").strip().upper()
    wards = lead_ward_ids(user)
    if not code or not wards:
        return None
    return (Case.objects.filter(inspection_leads(), ward_id__in=wards, tracking_code=code)
            .select_related("ward", "category", "area")
            .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("id")),
                              Prefetch("messages", queryset=Message.objects.select_related("author")
                                       .order_by("created_at", "id")))
            .first())


def read_lead(*, actor, code: str) -> Case | None:
    """lead_for(), and the audit event of the leader's view of it in the same transaction."""
    with transaction.atomic():
        lead = lead_for(actor, code)
        if lead is not None:
            record(action="case.lead_viewed", obj=lead, actor=actor, ward=lead.ward,
                   data={"tracking_code": lead.tracking_code})
    return lead


def read_attachment(*, actor, code: str, attachment_id: int) -> Attachment | None:
    """An attachment of an inspection lead `actor` may read, and the audit event of opening it (same transaction);
    None when there is no such lead or file for them."""
    with transaction.atomic():
        lead = (Case.objects.filter(inspection_leads(), ward_id__in=lead_ward_ids(actor),
                                    tracking_code=(code or "").strip().upper()).select_related("ward").first())
        item = lead.attachments.filter(pk=attachment_id).first() if lead is not None else None
        if item is None:
            return None
        record(action="case.lead_attachment_viewed", obj=lead, actor=actor, ward=lead.ward,
               data={"tracking_code": lead.tracking_code, "attachment": item.pk, "sha256": item.sha256})
    return item


def decision_of(lead: Case) -> Message | None:
    """The timeline entry of the leader's decision on `lead` (its note), from the prefetched timeline; None while
    undecided."""
    return next((m for m in reversed(list(lead.messages.all())) if m.kind == MessageKind.STATE_CHANGE
                 and m.to_state == CaseState.CLOSED), None)


def record_outcome(*, actor, lead: Case, outcome: str, note: str) -> Case:
    """What a leader did with `lead`, through the workflow ("lead_outcome"; audited there). DomainError when it was
    already decided, PermissionDenied when `actor` may not."""
    return transition(case=lead, action="lead_outcome", actor=actor, text=note, outcome=outcome)
