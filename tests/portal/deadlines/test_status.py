"""Working days left and the deadline status of an open case: on track, due soon, overdue."""

import datetime as dt

import pytest

from portal.deadlines.calendar import PLAIN, WorkingCalendar
from portal.deadlines.models import DeadlineStatus
from portal.deadlines.services import deadline_status, working_days_left

D = dt.date
DUE = D(2026, 3, 13)  # a Friday


@pytest.mark.parametrize(
    ("today", "left", "status"),
    [
        (D(2026, 3, 6), 5, "on_track"),  # the Friday before
        (D(2026, 3, 10), 3, "on_track"),
        (D(2026, 3, 11), 2, "due_soon"),
        (D(2026, 3, 12), 1, "due_soon"),
        (DUE, 0, "due_soon"),  # due today
        (D(2026, 3, 14), -1, "overdue"),  # Saturday after: no working day lost yet, but late
        (D(2026, 3, 16), -1, "overdue"),  # Monday after
        (D(2026, 3, 17), -2, "overdue"),
    ],
)
def test_working_days_left_and_status_around_a_friday_due_date(today, left, status):
    assert working_days_left(DUE, today, calendar=PLAIN) == left
    assert deadline_status(DUE, today, calendar=PLAIN) == status


def test_days_off_do_not_count_as_days_left():
    # Due Monday 23 February 2026, seen on Thursday 12 February: only Friday 13 and Monday 23 are left.
    assert working_days_left(D(2026, 2, 23), D(2026, 2, 12), calendar=PLAIN) == 2
    assert deadline_status(D(2026, 2, 23), D(2026, 2, 12), calendar=PLAIN) == DeadlineStatus.DUE_SOON


def test_due_soon_threshold_is_configurable(settings):
    assert deadline_status(DUE, D(2026, 3, 10), calendar=PLAIN, due_soon_days=3) == "due_soon"
    settings.DEADLINE_DUE_SOON_WORKING_DAYS = 0
    assert deadline_status(DUE, D(2026, 3, 12), calendar=PLAIN) == "on_track"
    assert deadline_status(DUE, DUE, calendar=PLAIN) == "due_soon"


def test_the_wards_calendar_is_used_when_given():
    cal = WorkingCalendar(extra_days_off=[D(2026, 3, 11), D(2026, 3, 12)])
    assert working_days_left(DUE, D(2026, 3, 9), calendar=cal) == 2
    assert working_days_left(DUE, D(2026, 3, 9), calendar=PLAIN) == 4


@pytest.mark.django_db
def test_without_a_calendar_the_city_calendar_is_read():
    # Seeded: Friday 2 January 2026 off, Saturday 10 January worked.
    assert working_days_left(D(2026, 1, 12), D(2025, 12, 31)) == 7
    assert deadline_status(D(2026, 1, 12), D(2025, 12, 31)) == "on_track"
