"""Reads of disclosures: the public register, a disclosure's page, the quarterly list, the staff's watch list and the
dashboard figures. Every list costs a constant number of queries whatever its length."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet

from portal.core.search import words_condition
from portal.core.timeutil import local_today

from . import permissions, rules
from .models import (
    PUBLIC_STATES,
    Comment,
    Consultation,
    Disclosure,
    DisclosureAttachment,
    DisclosureState,
    DisclosureVersion,
    Question,
)

PAGE_SIZE = 20
RUNNING_OUT_DAYS = 7  # the staff page warns this many days before a posting's planned end


@dataclass(frozen=True)
class RegisterFilters:
    ward: int | None = None
    category: int | None = None
    state: str = ""
    posted_from: dt.date | None = None
    posted_to: dt.date | None = None
    q: str = ""


def search_condition(q: str) -> Q:
    """As the case queue (portal.core.search): every word must appear in the title, body, decision number or category
    name; a word typed without diacritics in any accent, one typed with them as typed, case aside."""
    return words_condition(q, folded="search_text",
                           original=["title", "body", "decision_reference", "category__name"])


def register(user, filters: RegisterFilters, *, include_unpublished: bool = False) -> QuerySet:
    """The register: public disclosures (and, for the ward's staff asking for them, drafts and scheduled ones)."""
    qs = (permissions.visible_disclosures(user) if include_unpublished
          else Disclosure.objects.filter(state__in=list(PUBLIC_STATES)))
    qs = qs.select_related("ward", "category")
    if filters.ward:
        qs = qs.filter(ward_id=filters.ward)
    if filters.category:
        qs = qs.filter(category_id=filters.category)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.posted_from:
        qs = qs.filter(posted_on__gte=filters.posted_from)
    if filters.posted_to:
        qs = qs.filter(posted_on__lte=filters.posted_to)
    if filters.q:
        qs = qs.filter(search_condition(filters.q))
    return qs.order_by(F("posted_on").desc(nulls_first=True), "-id")


def disclosure_page(user, pk: int) -> Disclosure | None:
    """One disclosure with its versions, files, questions and consultation, or None when the user may not see it.
    Hidden questions and comments stay listed with the moderators' reason; their text is for the ward's staff only
    (templates and serializers leave it out for everyone else)."""
    disclosure = (permissions.visible_disclosures(user).select_related("ward", "category", "notice_photo")
                  .filter(pk=pk).first())
    if disclosure is None:
        return None
    staff = permissions.can_read_unpublished(user, disclosure)
    disclosure.versions_list = list(DisclosureVersion.objects.filter(disclosure=disclosure).order_by("number"))
    _version_dates(disclosure.versions_list)
    disclosure.files = list(DisclosureAttachment.objects.filter(disclosure=disclosure, is_notice_photo=False))
    disclosure.questions_list = list(Question.objects.filter(disclosure=disclosure).order_by("created_at", "id"))
    consultation = Consultation.objects.filter(disclosure=disclosure).prefetch_related(
        Prefetch("comments", queryset=Comment.objects.order_by("created_at", "id"), to_attr="comments_list")).first()
    disclosure.consultation_or_none = consultation
    disclosure.is_staff_view = staff
    return disclosure


def _version_dates(versions: list[DisclosureVersion]) -> None:
    """Each version is valid from its creation until the next one's."""
    for index, version in enumerate(versions):
        version.valid_until = versions[index + 1].created_at if index + 1 < len(versions) else None


def version_of(user, pk: int, number: int) -> tuple[Disclosure, DisclosureVersion] | None:
    disclosure = permissions.visible_disclosures(user).select_related("ward", "category").filter(pk=pk).first()
    if disclosure is None:
        return None
    versions = list(DisclosureVersion.objects.filter(disclosure=disclosure).order_by("number"))
    _version_dates(versions)
    for version in versions:
        if version.number == number:
            return disclosure, version
    return None


def attachment_for(user, pk: int, attachment_id: int) -> DisclosureAttachment | None:
    disclosure = permissions.visible_disclosures(user).filter(pk=pk).first()
    if disclosure is None:
        return None
    return DisclosureAttachment.objects.filter(disclosure=disclosure, pk=attachment_id).first()


# --- the quarterly list (Art. 13(2)) ----------------------------------------------------------------------------------

def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, 3 * (quarter - 1) + 1, 1)
    last = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return first, last - dt.timedelta(days=1)


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarterly_list(ward, year: int, quarter: int) -> list[Disclosure]:
    """Everything the ward had on public display at some time in the quarter, by category then date. One query."""
    first, last = quarter_bounds(year, quarter)
    return list(Disclosure.objects.filter(ward=ward, state__in=list(PUBLIC_STATES), posted_on__lte=last)
                .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
                .select_related("category").order_by("category__number", "posted_on", "id"))


# --- the staff's watch list --------------------------------------------------------------------------------------

def staff_overview(user, *, today: dt.date | None = None) -> dict[str, list[Disclosure]]:
    """For the ward's staff: drafts and scheduled ones, disclosures posted late against the 5-working-day rule, and
    postings about to run out (planned end within a week) or ended before the category's minimum."""
    today = today or local_today()
    wards = permissions.staff_ward_ids(user)
    base = Disclosure.objects.filter(ward_id__in=wards).select_related("ward", "category")
    pending = list(base.filter(state__in=[DisclosureState.DRAFT, DisclosureState.SCHEDULED])
                   .order_by("posting_start", "id")[:200])
    late = list(base.filter(posted_on__isnull=False, posted_on__gt=F("disclose_by"))
                .order_by("-posted_on", "-id")[:200])
    horizon = today + dt.timedelta(days=RUNNING_OUT_DAYS)
    running_out = list(base.filter(state=DisclosureState.POSTED, posting_end__isnull=False,
                                   posting_end__lte=horizon).order_by("posting_end", "id")[:200])
    ended_early = [d for d in base.filter(state__in=[DisclosureState.ENDED, DisclosureState.WITHDRAWN])
                   .exclude(early_end_reason="", withdrawn_reason="").order_by("-ended_on", "-id")[:200]
                   if _before_minimum(d)]
    for disclosure in running_out:
        disclosure.days_left = (disclosure.posting_end - today).days
    return {"pending": pending, "late": late, "running_out": running_out, "ended_early": ended_early}


def _before_minimum(disclosure: Disclosure) -> bool:
    minimum = rules.minimum_end(disclosure.category, disclosure.posting_start)
    return bool(minimum and disclosure.ended_on and disclosure.ended_on < minimum)


# --- the public dashboard ---------------------------------------------------------------------------------------------

def dashboard_figures(*, ward_ids: list[int] | None, first: dt.date, last: dt.date) -> dict[int, dict]:
    """Per ward id: disclosures posted between first and last (inclusive), how many on time against the
    5-working-day rule of Art. 12(3) and how many late. One query, whatever the number of wards."""
    qs = Disclosure.objects.filter(posted_on__gte=first, posted_on__lte=last, state__in=list(PUBLIC_STATES))
    if ward_ids is not None:
        qs = qs.filter(ward_id__in=list(ward_ids))
    rows = (qs.values("ward_id").order_by("ward_id")
            .annotate(posted=Count("id"), posted_on_time=Count("id", filter=Q(posted_on__lte=F("disclose_by"))),
                      late=Count("id", filter=Q(posted_on__gt=F("disclose_by")))))
    return {row["ward_id"]: {"posted": row["posted"], "posted_on_time": row["posted_on_time"], "late": row["late"]}
            for row in rows}
