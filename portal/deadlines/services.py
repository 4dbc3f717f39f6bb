"""Deadlines of cases: the first step's due date at intake, the status of a due date, and the public calculator."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .calendar import FIRST_YEAR, LAST_YEAR, CalendarDay, OutOfRange, WorkingCalendar
from .models import DeadlinePolicy, DeadlineStatus, PeriodUnit, PolicyKind, PolicyStep
from .selectors import calendar_for, policy_in_force

# The first step of each kind of case, whose clock starts at intake (SPEC §3). A case that comes in through
# citizen reception (channel "walk_in") starts on its kind's first step too.
FIRST_STEP = {
    PolicyKind.FEEDBACK: PolicyStep.ANSWER,
    PolicyKind.COMPLAINT: PolicyStep.ACCEPT,
    PolicyKind.DENUNCIATION: PolicyStep.ACCEPT,
}

# "Due soon" when this many working days or fewer are left (settings.DEADLINE_DUE_SOON_WORKING_DAYS overrides).
DUE_SOON_WORKING_DAYS = 2

# The public calculator accepts periods of up to ten years.
MAX_CALCULATOR_DAYS = 3650


def compute_due_date(
    policy: DeadlinePolicy, start: dt.date, calendar: WorkingCalendar, *, remote: bool = False, extensions: int = 0
) -> dt.date:
    """The last day of the policy's period for an event on `start` (the event day is not counted), with
    `extensions` extensions of the policy's extension period added. Always a working day."""
    if extensions < 0 or extensions > policy.max_extensions:
        raise ValueError(f"{extensions} extension(s) asked, at most {policy.max_extensions} allowed")
    days = policy.period_for(remote=remote) + extensions * (policy.extension_period or 0)
    if policy.unit == PeriodUnit.WORKING_DAYS:
        return calendar.add_working_days(start, days)
    return calendar.add_calendar_days(start, days)


def initial_deadline(*, ward, kind: str, received_on: dt.date, channel: str) -> tuple[str, dt.date]:
    """The first step of a new case and its due date, under the policy in force on the day it was received and
    the ward's calendar. Two queries: the policy and the calendar overrides."""
    try:
        step = FIRST_STEP[kind]
    except KeyError:
        raise ValueError(f"unknown kind of case: {kind!r}") from None
    policy = policy_in_force(kind, step, received_on, ward=ward)
    calendar = calendar_for(ward)
    remote = bool(getattr(ward, "is_remote", False))
    return str(step), compute_due_date(policy, received_on, calendar, remote=remote)


def working_days_left(due_date: dt.date, today: dt.date, *, calendar: WorkingCalendar | None = None) -> int:
    """Working days from today to the due date: 0 on the due day, 1 the working day before, and negative once it
    has passed (-1 from the day after the due date until the end of the next working day, then -2, ...).

    Pass the ward's calendar (selectors.calendar_for) when working through many cases; without it the city-wide
    calendar is read (one query).
    """
    calendar = calendar if calendar is not None else calendar_for(None)
    left = calendar.working_days_between(today, due_date)
    if today > due_date:
        # (due, today] may hold no working day (a weekend right after a Friday due date): still overdue.
        return min(left, -1)
    return left


def deadline_status(
    due_date: dt.date,
    today: dt.date,
    *,
    calendar: WorkingCalendar | None = None,
    due_soon_days: int | None = None,
) -> str:
    """"overdue" after the due date, "due_soon" when `due_soon_days` working days or fewer are left (default 2,
    settings.DEADLINE_DUE_SOON_WORKING_DAYS), otherwise "on_track"."""
    if today > due_date:
        return DeadlineStatus.OVERDUE.value
    if due_soon_days is None:
        due_soon_days = getattr(settings, "DEADLINE_DUE_SOON_WORKING_DAYS", DUE_SOON_WORKING_DAYS)
    if working_days_left(due_date, today, calendar=calendar) <= due_soon_days:
        return DeadlineStatus.DUE_SOON.value
    return DeadlineStatus.ON_TRACK.value


@dataclass(frozen=True)
class WorkingDaysCalculation:
    start: dt.date
    days: int
    date: dt.date
    # Days between start (excluded) and date (included) that were not ordinary weekdays: holidays, weekends and
    # overrides skipped, and weekend days worked (counted).
    unusual_days: list[CalendarDay]

    @property
    def named_days_off(self) -> list[CalendarDay]:
        return [day for day in self.unusual_days if not day.is_working_day and day.name]

    @property
    def weekend_days_off(self) -> list[CalendarDay]:
        return [day for day in self.unusual_days if not day.is_working_day and not day.name]

    @property
    def worked_weekend_days(self) -> list[CalendarDay]:
        return [day for day in self.unusual_days if day.is_working_day]


def outside_calendar_message() -> str:
    """The field message for a date in a year the working calendar does not know (calendar.covers is False)."""
    return _("Choose a date in the years %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}


def calculate_working_days(*, start: dt.date, days: int, ward=None) -> WorkingDaysCalculation:
    """The public calculator: the day a period of `days` working days from `start` ends, in the ward's calendar
    (the city's when ward is None), and the days off it skipped. Raises ValidationError with field messages."""
    if not 0 <= days <= MAX_CALCULATOR_DAYS:
        raise ValidationError(
            {"days": [_("Enter a number of days from 0 to %(max)s.") % {"max": MAX_CALCULATOR_DAYS}]}
        )
    calendar = calendar_for(ward)
    try:
        end = calendar.add_working_days(start, days)
    except OutOfRange:
        message = _("The calendar covers the years %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        raise ValidationError({"start": [message]}) from None
    return WorkingDaysCalculation(
        start=start, days=days, date=end, unusual_days=calendar.non_ordinary_days_between(start, end)
    )
