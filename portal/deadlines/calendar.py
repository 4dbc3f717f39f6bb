"""Working-day arithmetic (pure: no database). Extended by the deadlines work; see tests/portal/deadlines."""

import datetime as dt
from collections.abc import Iterable

import holidays


class WorkingCalendar:
    def __init__(self, *, extra_days_off: Iterable[dt.date] = (), extra_working_days: Iterable[dt.date] = ()):
        self._off = set(extra_days_off)
        self._work = set(extra_working_days)
        self._holidays = holidays.country_holidays("VN", language="vi")

    def is_working_day(self, day: dt.date) -> bool:
        if day in self._work:
            return True
        if day in self._off:
            return False
        return day.weekday() < 5 and day not in self._holidays

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        current = start
        remaining = days
        while remaining > 0:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current
