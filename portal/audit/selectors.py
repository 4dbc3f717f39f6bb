"""Reading the audit log a page at a time (the log page of leaders and supervisors, SPEC §7, and the accounts' log of
the administrators).

Newest first by (created_at, id), with a cursor instead of page numbers: a page costs the same at the millionth event
as at the first (no OFFSET, no COUNT). audit_ward_time_idx (ward, created_at, id) serves a ward's events, their date
ranges and the cursor; audit_object_idx serves one case's events. Several wards at once (a leader of two wards): on
PostgreSQL each ward's newest rows are read from the index and merged (UNION ALL), then the page's rows are read by
id, so the database never sorts all the wards' events. A filter the index cannot serve (an action, a kind of object,
who did it) looks through a bounded window of events per page (SCAN_LIMIT), so a rare match costs the same as a
common one. The accounts' log (LogFilters.accounts) reads the events about accounts, groups of permissions and staff
roles from their own partial index, audit_account_time_idx: they are few, so its filters need no window.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from .models import ACCOUNT_ACTIONS, ACCOUNT_LOG_ACTIONS, STAFF_ROLE_ACTIONS, AuditChainCheck, AuditEvent

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_CURSOR = re.compile(r"\A([0-9]{1,17})\.([0-9]{1,18})\Z")
_MAX_ID = 2**63 - 1
# Microseconds since 1970 of the last moment a cursor may name (the year 9999 ends before datetime does).
_MAX_MICROS = (dt.datetime(9999, 12, 31, tzinfo=dt.UTC) - EPOCH) // dt.timedelta(microseconds=1)

SYSTEM = "system"
RESIDENT = "resident"


@dataclass(frozen=True)
class Cursor:
    """A position in the log: the event (created_at, id) a page starts after. Written "<µs since 1970>.<id>"."""

    at: dt.datetime
    id: int

    @classmethod
    def of(cls, event: AuditEvent) -> Cursor:
        return cls(event.created_at, event.pk)

    @classmethod
    def parse(cls, text: str) -> Cursor | None:
        """The cursor written in `text`, or None when it is not one (a tampered URL is not an error of ours)."""
        match = _CURSOR.match(text or "")
        if match is None:
            return None
        micros, pk = int(match[1]), int(match[2])
        if micros > _MAX_MICROS or not 0 < pk <= _MAX_ID:
            return None
        return cls(EPOCH + dt.timedelta(microseconds=micros), pk)

    def __str__(self) -> str:
        return f"{(self.at - EPOCH) // dt.timedelta(microseconds=1)}.{self.id}"


@dataclass(frozen=True)
class LogFilters:
    """What to list. `ward_ids` are the wards the reader may read, already narrowed by the page's ward filter; never
    empty for a reader of the wards' log. `actor`: "" (anyone), SYSTEM, RESIDENT or a user id. `since` inclusive,
    `until` exclusive.

    `accounts`: the accounts' log instead (ACCOUNT_LOG_ACTIONS). `account_ids` None: everything in it (every account,
    every group of permissions, the staff roles of every ward). Else the events about the accounts `account_ids`
    (ACCOUNT_ACTIONS) and the staff roles given, changed and taken in the wards `ward_ids` (STAFF_ROLE_ACTIONS), and
    no group's. `account_id` narrows either to one account: the events about it and its staff roles."""

    ward_ids: tuple[int, ...] = ()
    action: str = ""
    object_type: str = ""
    actor: str | int = ""
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    case_id: int | None = None
    accounts: bool = False
    account_ids: tuple[int, ...] | None = None
    account_id: int | None = None


@dataclass
class LogPage:
    events: list[AuditEvent]
    older: Cursor | None  # the next page's cursor (older events), None at the oldest
    newer: Cursor | None  # the previous page's cursor (newer events), None on the newest page
    # The page is short because its scan window (SCAN_LIMIT events) ended: its links go on past the window.
    window_ended: bool = False


# A case filed by nobody signed in (a resident on the web form or the API) is recorded with record()'s default label,
# "system": it was a resident's doing. (Open311 filings say which key filed them in their own event.)
_ANONYMOUS_FILING = Q(action="case.submitted", actor__isnull=True, actor_label=SYSTEM)


def by_resident() -> Q:
    """Events done by a resident: without an account ("resident", or an anonymous filing), or with one (a resident's
    account, or any account that is not staff: no staff flag and no role in a ward). The log page shows these as
    "a resident", never by account name."""
    from portal.accounts.models import ResidentProfile
    from portal.wards.models import Membership

    staff = (Q(actor__is_staff=True) | Q(actor__is_superuser=True)
             | Exists(Membership.objects.filter(user_id=OuterRef("actor_id"))))
    account = Exists(ResidentProfile.objects.filter(user_id=OuterRef("actor_id")))
    return Q(actor_label=RESIDENT) | _ANONYMOUS_FILING | (Q(actor__isnull=False) & (account | ~staff))


def by_system() -> Q:
    """Events of the periodic jobs and other work nobody did by hand."""
    return Q(actor__isnull=True, actor_label=SYSTEM) & ~_ANONYMOUS_FILING


def _accounts(filters: LogFilters) -> QuerySet:
    """The accounts' log as the reader may read it: audit_account_time_idx, whose condition is the query's; what the
    reader may read of it is checked row by row on its few events. (The account events are all of no ward and about an
    "auth.user": saying so here instead of naming their actions led PostgreSQL to walk audit_object_idx through every
    login.)"""
    events = AuditEvent.objects.filter(action__in=ACCOUNT_LOG_ACTIONS)
    if filters.account_ids is not None:
        events = events.filter(Q(action__in=ACCOUNT_ACTIONS, object_id__in=[str(pk) for pk in filters.account_ids])
                               | Q(action__in=STAFF_ROLE_ACTIONS, ward_id__in=filters.ward_ids))
    return events


def _about_account(account_id: int) -> Q:
    """The accounts' log's events about one account: its own, and its staff roles'."""
    return (Q(action__in=ACCOUNT_ACTIONS, object_id=str(account_id))
            | Q(action__in=STAFF_ROLE_ACTIONS, data__member=account_id))


def former_member(username: str, ward_ids: tuple[int, ...]) -> int | None:
    """The id of the account `username` when the accounts' log holds a staff role of it given, changed or taken in one
    of `ward_ids` (STAFF_ROLE_ACTIONS, events of that ward): a member who has left those wards, whose roles there stay
    the ward's history and findable by its administrators; else None (no such account, or never staff there as far as
    the log knows). Two queries: the account by its username, then the wards of its staff roles, read from
    audit_account_time_idx's few rows and compared here: asked for the ward in SQL, PostgreSQL may walk the ward's
    index (audit_ward_time_idx) through every event of the ward, a case's notes and all, to find none."""
    from django.contrib.auth import get_user_model

    pk = get_user_model().objects.filter(username=username).values_list("pk", flat=True).first()
    if pk is None or not ward_ids:
        return None
    roles = (AuditEvent.objects.filter(action__in=ACCOUNT_LOG_ACTIONS)
             .filter(action__in=STAFF_ROLE_ACTIONS, data__member=pk).order_by().values_list("ward_id", flat=True))
    return pk if set(roles) & set(ward_ids) else None


def _dated(filters: LogFilters) -> QuerySet:
    """The wards' events (or the accounts') within the dates: what audit_ward_time_idx (audit_account_time_idx) serves
    by itself."""
    events = _accounts(filters) if filters.accounts else AuditEvent.objects.filter(ward_id__in=filters.ward_ids)
    if filters.since is not None:
        events = events.filter(created_at__gte=filters.since)
    if filters.until is not None:
        events = events.filter(created_at__lt=filters.until)
    return events


def _narrowed(events: QuerySet, filters: LogFilters) -> QuerySet:
    """The other filters: one case (audit_object_idx), an action, a kind of object, who did it (checked row by row,
    hence the scan window)."""
    if filters.case_id is not None:
        events = events.filter(object_type="cases.case", object_id=str(filters.case_id))
    if filters.account_id is not None:
        events = events.filter(_about_account(filters.account_id))
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.actor == SYSTEM:
        events = events.filter(by_system())
    elif filters.actor == RESIDENT:
        events = events.filter(by_resident())
    elif filters.actor:
        events = events.filter(actor_id=int(filters.actor))
    return events


def _older_than(events: QuerySet, cursor: Cursor) -> QuerySet:
    # created_at <= at bounds the index scan; the OR only drops the few rows of that very moment.
    return events.filter(Q(created_at__lt=cursor.at) | Q(created_at=cursor.at, id__lt=cursor.id),
                         created_at__lte=cursor.at)


def _newer_than(events: QuerySet, cursor: Cursor) -> QuerySet:
    return events.filter(Q(created_at__gt=cursor.at) | Q(created_at=cursor.at, id__gt=cursor.id),
                         created_at__gte=cursor.at)


NEWEST_FIRST = ("-created_at", "-id")
OLDEST_FIRST = ("created_at", "id")

# A page filtered by what the index cannot find (an action, a kind of object, who did it) looks through at most this
# many of the wards' events past its cursor; when they hold less than a page, it shows what it found and its "older"
# link goes on from there. So a rare action in a large ward costs ~20 ms a page, not a walk through the ward's whole
# history (0.7-1 s at 150,000 events of a ward; several seconds at a million).
SCAN_LIMIT = 20_000


def _compound(ward_ids) -> bool:
    """Several wards on PostgreSQL: each ward's part read from its own stretch of the index, then merged."""
    return len(ward_ids) > 1 and connection.features.supports_slicing_ordering_in_compound


def _window_end(events: QuerySet, ward_ids: tuple[int, ...], order: tuple[str, str]) -> Cursor | None:
    """The last event of the scan window: the SCAN_LIMIT-th of `events` in `order` (of the ward where it comes first,
    for several wards), or None when there are fewer. Read from the index alone (one query)."""
    at = SCAN_LIMIT - 1
    if _compound(ward_ids):
        parts = [events.filter(ward_id=ward).order_by(*order).values_list("created_at", "id")[at:at + 1]
                 for ward in ward_ids]
        found = list(parts[0].union(*parts[1:], all=True))
    else:
        found = list(events.order_by(*order).values_list("created_at", "id")[at:at + 1])
    if not found:
        return None
    return Cursor(*(max(found) if order == NEWEST_FIRST else min(found)))


def _within(events: QuerySet, end: Cursor | None, order: tuple[str, str]) -> QuerySet:
    """`events` up to and including `end` in `order`."""
    if end is None:
        return events
    if order == NEWEST_FIRST:
        return events.filter(Q(created_at__gt=end.at) | Q(created_at=end.at, id__gte=end.id),
                             created_at__gte=end.at)
    return events.filter(Q(created_at__lt=end.at) | Q(created_at=end.at, id__lte=end.id), created_at__lte=end.at)


def _slice(events: QuerySet, ward_ids: tuple[int, ...], order: tuple[str, str], limit: int) -> list[AuditEvent]:
    """The first `limit` events in `order`, with their actors and whether a resident did it (`by_resident`): one
    query, or two for several wards on PostgreSQL (the ids merged from each ward's index, then their rows)."""
    if _compound(ward_ids):
        parts = [events.filter(ward_id=ward).order_by(*order).values("id", "created_at")[:limit]
                 for ward in ward_ids]
        merged = parts[0].union(*parts[1:], all=True).order_by(*order)[:limit]
        ids = [row["id"] for row in merged]
        if not ids:
            return []
        events = AuditEvent.objects.filter(id__in=ids)
    events = events.select_related("actor").annotate(
        by_resident=ExpressionWrapper(by_resident(), output_field=BooleanField()))
    return list(events.order_by(*order)[:limit])


def log_page(filters: LogFilters, *, older_than: Cursor | None = None, newer_than: Cursor | None = None,
             size: int = 50) -> LogPage:
    """One page of the log, newest first: the newest events, or those just older than `older_than`, or those just
    newer than `newer_than` (back towards the newest; a short page there becomes the newest page). A filter the index
    cannot serve looks through a window of SCAN_LIMIT events (LogPage.window_ended says when it ended before a page was
    full). A constant number of queries whatever the page size: one; one more for the window; one more for several
    wards on PostgreSQL; at most twice that going back."""
    wards = () if filters.accounts else filters.ward_ids  # the accounts' log: one index, whatever the wards
    dated = _dated(filters)
    windowed = (not filters.accounts and filters.case_id is None
                and bool(filters.action or filters.object_type or filters.actor))
    if newer_than is not None:
        stretch = _newer_than(dated, newer_than)
        end = _window_end(stretch, wards, OLDEST_FIRST) if windowed else None
        rows = _slice(_narrowed(_within(stretch, end, OLDEST_FIRST), filters), wards, OLDEST_FIRST, size + 1)
        if len(rows) > size:
            rows = rows[:size][::-1]
            return LogPage(rows, older=Cursor.of(rows[-1]), newer=Cursor.of(rows[0]))
        if end is not None:  # the window ended first: what it held, and newer events lie beyond it
            rows = rows[::-1]
            return LogPage(rows, older=Cursor.of(rows[-1]) if rows else newer_than, newer=end, window_ended=True)
        older_than = None  # back at the newest events: show a full newest page
    stretch = _older_than(dated, older_than) if older_than is not None else dated
    end = _window_end(stretch, wards, NEWEST_FIRST) if windowed else None
    rows = _slice(_narrowed(_within(stretch, end, NEWEST_FIRST), filters), wards, NEWEST_FIRST, size + 1)
    more = len(rows) > size
    rows = rows[:size]
    newer = None
    if older_than is not None:
        newer = Cursor.of(rows[0]) if rows else older_than
    if more:
        return LogPage(rows, older=Cursor.of(rows[-1]), newer=newer)
    return LogPage(rows, older=end, newer=newer, window_ended=end is not None)


def latest_chain_check() -> AuditChainCheck | None:
    """The latest verification of the chain (the nightly job's), for the top of the log page: one query by the primary
    key."""
    return AuditChainCheck.objects.order_by("-id").first()
