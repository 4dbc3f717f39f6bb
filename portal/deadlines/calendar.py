"""Working-day arithmetic for Vietnamese legal periods. Pure: no database, no Django.

Rules (Civil Code 2015, Arts. 147-148):
- the day of the event is not counted: a period starts on the next day;
- a period of N days ends on the Nth day after the event;
- a period (of calendar days too) whose last day is a day off ends on the next working day.

Days off are weekends plus the public holidays the `holidays` package knows for Vietnam (lunar ones included,
its observed/compensatory days and its own substituted days: a weekday off swapped with a Saturday that is
worked), corrected by overrides: extra days off and extra working days announced each year. An override always
wins over the package.

The calendar is built per year, lazily, and cached: a year is a bytearray of working/not-working flags plus the
sorted ordinals of its working days, so `is_working_day` is one index and `add_working_days` / `working_days_between`
are a bisect per year crossed. Package data is cached per process and year (`_package_year`); it never changes
while the process runs because the package version is pinned.
"""

from __future__ import annotations

import datetime as dt
import functools
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import holidays

# The `holidays` package knows Vietnamese (lunar) holidays for these years only; outside them it would silently
# answer "no holidays", so the calendar refuses instead.
FIRST_YEAR = 1901
LAST_YEAR = 2100

_ONE_DAY = dt.timedelta(days=1)
_HOLIDAY_LANGUAGE = "vi"


class OutOfRange(ValueError):
    """The computation needs a year the calendar does not know (see FIRST_YEAR, LAST_YEAR)."""


def covers(day: dt.date) -> bool:
    """Whether the calendar knows the year of `day`: check a date someone typed before counting days from it."""
    return FIRST_YEAR <= day.year <= LAST_YEAR


@dataclass(frozen=True, slots=True)
class PackageYear:
    """What the `holidays` package says about one year: weekday and weekend holidays, and worked weekend days."""

    holidays: Mapping[dt.date, str]  # every date the package lists as a holiday (weekends included), with its name
    weekend_workdays: frozenset[dt.date]  # Saturdays/Sundays worked in exchange for a day off (substituted days)


@functools.cache  # bounded: at most LAST_YEAR - FIRST_YEAR + 1 entries
def _package_year(year: int) -> PackageYear:
    _check_year(year)
    # Substituted days can cross a year boundary (2015's 2 January was swapped with Saturday 27 December 2014),
    # so the neighbouring years are populated too and only this year's dates are kept.
    years = [y for y in (year - 1, year, year + 1) if FIRST_YEAR <= y <= LAST_YEAR]
    vn = holidays.country_holidays("VN", language=_HOLIDAY_LANGUAGE, years=years)
    names = {day: name for day, name in vn.items() if day.year == year}
    workdays = frozenset(day for day in vn.weekend_workdays if day.year == year)
    return PackageYear(holidays=names, weekend_workdays=workdays)


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise OutOfRange(f"the working calendar covers the years {FIRST_YEAR}-{LAST_YEAR}, not {year}")


def _is_weekend(day: dt.date) -> bool:
    return day.weekday() >= 5


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """A day that is not an ordinary weekday: a day off (named when it is a holiday) or a worked weekend day."""

    date: dt.date
    is_working_day: bool
    name: str  # "" for an ordinary weekend day


class _Year:
    __slots__ = ("first_ordinal", "flags", "working", "names")

    def __init__(self, first_ordinal: int, flags: bytearray, working: list[int], names: dict[dt.date, str]):
        self.first_ordinal = first_ordinal
        self.flags = flags  # flags[i] == 1 when day (first_ordinal + i) is a working day
        self.working = working  # sorted ordinals of the working days of the year
        self.names = names  # names of days off and of worked weekend days


def _as_mapping(days: Iterable[dt.date] | Mapping[dt.date, str]) -> dict[dt.date, str]:
    if isinstance(days, Mapping):
        return {day: str(name or "") for day, name in days.items()}
    return {day: "" for day in days}


class WorkingCalendar:
    """Vietnamese working days: weekends and public holidays off, corrected by overrides.

    `extra_days_off` and `extra_working_days` are dates, or mappings of date to name (the name is shown when a
    calculation explains which days it skipped). A date in both is a working day.
    Instances are immutable once built and safe to share between threads and requests.
    """

    def __init__(
        self,
        *,
        extra_days_off: Iterable[dt.date] | Mapping[dt.date, str] = (),
        extra_working_days: Iterable[dt.date] | Mapping[dt.date, str] = (),
    ):
        off = _as_mapping(extra_days_off)
        work = _as_mapping(extra_working_days)
        self._overrides: dict[int, dict[dt.date, tuple[bool, str]]] = {}
        for day, name in off.items():
            self._overrides.setdefault(day.year, {})[day] = (False, name)
        for day, name in work.items():
            self._overrides.setdefault(day.year, {})[day] = (True, name)
        self._years: dict[int, _Year] = {}

    def __repr__(self) -> str:
        count = sum(len(days) for days in self._overrides.values())
        return f"<WorkingCalendar with {count} override(s)>"

    # --- building -------------------------------------------------------------------------------------------
    def _year(self, year: int) -> _Year:
        cached = self._years.get(year)
        if cached is not None:
            return cached
        package = _package_year(year)
        first = dt.date(year, 1, 1)
        length = (dt.date(year + 1, 1, 1) - first).days
        flags = bytearray(length)
        names: dict[dt.date, str] = {}
        overrides = self._overrides.get(year, {})
        day = first
        for i in range(length):
            if day in overrides:
                working, name = overrides[day]
            elif _is_weekend(day):
                working = day in package.weekend_workdays
                name = package.holidays.get(day, "")
            else:
                name = package.holidays.get(day, "")
                working = not name
            flags[i] = working
            if name:
                names[day] = name
            day += _ONE_DAY
        first_ordinal = first.toordinal()
        working_days = [first_ordinal + i for i, flag in enumerate(flags) if flag]
        built = _Year(first_ordinal, flags, working_days, names)
        self._years[year] = built  # a race only builds the same value twice
        return built

    # --- questions about one day -------------------------------------------------------------------------------
    def is_working_day(self, day: dt.date) -> bool:
        year = self._year(day.year)
        return bool(year.flags[day.toordinal() - year.first_ordinal])

    def is_day_off(self, day: dt.date) -> bool:
        return not self.is_working_day(day)

    def day_name(self, day: dt.date) -> str:
        """The name of a holiday or override on that day ("" for an ordinary day or weekend)."""
        return self._year(day.year).names.get(day, "")

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` itself when it is a working day, otherwise the first working day after it (the roll-forward)."""
        return self._nth_working_day(day, 0)

    # --- periods ---------------------------------------------------------------------------------------------
    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The last day of a period of `days` working days counted from the event on `start`.

        `start` itself is never counted (Civil Code Art. 147), whether or not it is a working day.
        days == 0: the period ends on the event day, rolled forward to a working day (`next_working_day`).
        days < 0: the `-days`-th working day before `start` (for "remind N working days before the due date").
        The result is always a working day.
        """
        return self._nth_working_day(start, days)

    def add_calendar_days(self, start: dt.date, days: int) -> dt.date:
        """The last day of a period of `days` calendar days from the event on `start`: start + days, moved to the
        next working day when it is a day off (Civil Code Art. 148(5)). days must be >= 0."""
        if days < 0:
            raise ValueError("a period of calendar days cannot be negative")
        try:
            end = start + dt.timedelta(days=days)
        except OverflowError as exc:
            raise OutOfRange("the period ends after the last date the calendar knows") from exc
        return self.next_working_day(end)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in the half-open interval (start, end] when end >= start; minus the working days in
        (end, start] when end < start. So `working_days_between(today, due)` is the working days left (0 on the due
        day itself, negative once past it) and `working_days_between(d, add_working_days(d, n)) == n` for n >= 1."""
        if end < start:
            return -self.working_days_between(end, start)
        start_ordinal, end_ordinal = start.toordinal(), end.toordinal()
        total = 0
        for year_number in range(start.year, end.year + 1):
            working = self._year(year_number).working
            total += bisect_right(working, end_ordinal) - bisect_right(working, start_ordinal)
        return total

    def non_ordinary_days_between(self, start: dt.date, end: dt.date) -> list[CalendarDay]:
        """The days in (start, end] that are not ordinary working weekdays: days off (weekends and holidays, with
        their names) and worked weekend days. Explains a calculation; `end - start` is a handful of years at most."""
        days: list[CalendarDay] = []
        day = start + _ONE_DAY
        while day <= end:
            working = self.is_working_day(day)
            if not working or _is_weekend(day):
                days.append(CalendarDay(date=day, is_working_day=working, name=self.day_name(day)))
            day += _ONE_DAY
        return days

    # --- the engine --------------------------------------------------------------------------------------------
    def _nth_working_day(self, start: dt.date, n: int) -> dt.date:
        """n > 0: the n-th working day after start; n == 0: the first working day on or after start;
        n < 0: the |n|-th working day before start."""
        ordinal = start.toordinal()
        year_number = start.year
        working = self._year(year_number).working
        if n >= 0:
            index = (bisect_right(working, ordinal) if n > 0 else bisect_left(working, ordinal)) + max(n - 1, 0)
            while index >= len(working):
                index -= len(working)
                year_number += 1
                working = self._year(year_number).working
            return dt.date.fromordinal(working[index])
        index = bisect_left(working, ordinal) + n  # n < 0: move back |n| places
        while index < 0:
            year_number -= 1
            working = self._year(year_number).working
            index += len(working)
        return dt.date.fromordinal(working[index])


# A calendar with no overrides: the package's days only. Shared; for callers that have no ward.
PLAIN = WorkingCalendar()


def is_working_day(day: dt.date, calendar: WorkingCalendar = PLAIN) -> bool:
    return calendar.is_working_day(day)


def add_working_days(start: dt.date, days: int, calendar: WorkingCalendar = PLAIN) -> dt.date:
    return calendar.add_working_days(start, days)


def add_calendar_days(start: dt.date, days: int, calendar: WorkingCalendar = PLAIN) -> dt.date:
    return calendar.add_calendar_days(start, days)


def working_days_between(start: dt.date, end: dt.date, calendar: WorkingCalendar = PLAIN) -> int:
    return calendar.working_days_between(start, end)
