"""Reads of deadline data: the calendar of a ward and the policy in force on a day."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from django.db.models import F, Q
from django.utils.translation import gettext as _

from portal.core.errors import DomainError

from .calendar import WorkingCalendar
from .models import CalendarOverride, DeadlinePolicy

# (ward_id or None, date, is_working_day, name)
_Row = tuple[int | None, dt.date, bool, str]


def _ward_id(ward) -> int | None:
    if ward is None:
        return None
    return ward if isinstance(ward, int) else ward.pk


@functools.lru_cache(maxsize=512)
def _calendar_from_rows(rows: tuple[_Row, ...]) -> WorkingCalendar:
    """One calendar per distinct set of overrides, shared between requests: it keeps its per-year tables warm.

    The key is the overrides themselves (read from the database on every call), so an admin's edit is seen by the
    next call in every process; only identical inputs share a calendar.
    """
    days: dict[dt.date, tuple[bool, str]] = {}
    # City-wide rows first, then the ward's, so the ward's own override of a date wins.
    for _ward, day, working, name in sorted(rows, key=lambda row: row[0] is not None):
        days[day] = (working, name)
    return WorkingCalendar(
        extra_days_off={day: name for day, (working, name) in days.items() if not working},
        extra_working_days={day: name for day, (working, name) in days.items() if working},
    )


def _override_rows(ward_ids: Iterable[int]) -> list[_Row]:
    ward_ids = list(ward_ids)
    condition = Q(ward__isnull=True)
    if ward_ids:
        condition |= Q(ward_id__in=ward_ids)
    return list(
        CalendarOverride.objects.filter(condition)
        .order_by("date", "pk")
        .values_list("ward_id", "date", "is_working_day", "name")
    )


def calendar_for(ward=None) -> WorkingCalendar:
    """The working calendar of a ward (a Ward, its pk, or None for the city-wide calendar). One query."""
    ward_id = _ward_id(ward)
    rows = _override_rows([ward_id] if ward_id is not None else [])
    return _calendar_from_rows(tuple(rows))


def calendars_for(wards: Iterable) -> dict[int, WorkingCalendar]:
    """Calendars of many wards at once, keyed by ward pk, in one query (for sweeps over many cases)."""
    ward_ids = sorted({_ward_id(ward) for ward in wards} - {None})
    rows = _override_rows(ward_ids)
    city = tuple(row for row in rows if row[0] is None)
    own: dict[int, list[_Row]] = {ward_id: [] for ward_id in ward_ids}
    for row in rows:
        if row[0] is not None:
            own[row[0]].append(row)
    return {ward_id: _calendar_from_rows(city + tuple(own[ward_id])) for ward_id in ward_ids}


class NoPolicy(DomainError):
    pass


def policy_in_force(kind: str, step: str, on_date: dt.date, *, ward=None, policies=None) -> DeadlinePolicy:
    """The version of the (kind, step) policy in force on `on_date`: the one with the latest `effective_from` not
    after it. A ward's own version, when one is in force, wins over the city-wide one. Raises NoPolicy if none.
    `policies`: every DeadlinePolicy row, already read (portal.cases.reference.policies), to choose among without a
    query."""
    ward_id = _ward_id(ward)
    if policies is not None:
        candidates = [p for p in policies if p.kind == kind and p.step == step and p.effective_from <= on_date
                      and (p.ward_id is None or p.ward_id == ward_id)]
        # the ward's own rows first, then the newest version (the order of the query below)
        policy = min(candidates, key=lambda p: (p.ward_id is None, -p.effective_from.toordinal()), default=None)
    else:
        scope = Q(ward__isnull=True) if ward_id is None else Q(ward__isnull=True) | Q(ward_id=ward_id)
        policy = (
            DeadlinePolicy.objects.filter(scope, kind=kind, step=step, effective_from__lte=on_date)
            # the ward's own rows first (city-wide rows have ward NULL), then the newest version
            .order_by(F("ward").asc(nulls_last=True), "-effective_from")
            .first()
        )
    if policy is None:
        raise NoPolicy(
            _("No deadline policy for %(kind)s / %(step)s is in force on %(date)s.")
            % {"kind": kind, "step": step, "date": on_date.isoformat()},
            code="no_policy",
        )
    return policy
