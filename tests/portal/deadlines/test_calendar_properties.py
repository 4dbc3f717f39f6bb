"""Properties of the working calendar that hold for every start date, period and set of overrides.

Rules for zero (defined in portal.deadlines.calendar): add_working_days(d, 0) is d when d is a working day, otherwise
the next working day, i.e. add_working_days(d, 1). Negative periods count back from d.
"""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.deadlines.calendar import PLAIN, WorkingCalendar

starts = st.dates(min_value=dt.date(1996, 1, 1), max_value=dt.date(2090, 12, 31))
periods = st.integers(min_value=0, max_value=400)
positive = st.integers(min_value=1, max_value=400)
override_days = st.sets(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2028, 12, 31)), max_size=40)


@st.composite
def calendars(draw):
    if draw(st.booleans()):
        return PLAIN
    return WorkingCalendar(extra_days_off=draw(override_days), extra_working_days=draw(override_days))


@given(start=starts, days=st.integers(min_value=-400, max_value=400), cal=calendars())
def test_the_result_is_never_a_day_off(start, days, cal):
    assert cal.is_working_day(cal.add_working_days(start, days))


@given(start=st.dates(min_value=dt.date(1996, 1, 1), max_value=dt.date(2080, 12, 31)),
       days=st.integers(min_value=0, max_value=3650), cal=calendars())
def test_a_calendar_day_period_ends_on_a_working_day_no_earlier_than_start_plus_days(start, days, cal):
    end = cal.add_calendar_days(start, days)
    assert cal.is_working_day(end)
    assert end >= start + dt.timedelta(days=days)
    assert cal.working_days_between(start + dt.timedelta(days=days), end) <= 1
    if cal.is_working_day(start + dt.timedelta(days=days)):
        assert end == start + dt.timedelta(days=days)


@given(start=starts, a=periods, b=periods, cal=calendars())
def test_monotonic_in_the_number_of_days(start, a, b, cal):
    low, high = sorted((a, b))
    assert cal.add_working_days(start, low) <= cal.add_working_days(start, high)
    if 1 <= low < high:
        assert cal.add_working_days(start, low) < cal.add_working_days(start, high)


@given(start=starts, days=positive, cal=calendars())
def test_a_positive_period_ends_after_the_start_with_exactly_that_many_working_days(start, days, cal):
    end = cal.add_working_days(start, days)
    assert end > start
    assert cal.working_days_between(start, end) == days
    assert cal.working_days_between(end, start) == -days


@given(start=starts, cal=calendars())
def test_zero_days_is_the_start_rolled_forward(start, cal):
    zero = cal.add_working_days(start, 0)
    if cal.is_working_day(start):
        assert zero == start
    else:
        assert zero == cal.add_working_days(start, 1) > start
    assert cal.next_working_day(start) == zero


@given(start=starts, a=positive, b=positive, cal=calendars())
def test_periods_add_up(start, a, b, cal):
    assert cal.add_working_days(cal.add_working_days(start, a), b) == cal.add_working_days(start, a + b)


@given(start=starts, days=positive, cal=calendars())
def test_counting_back_then_forward_returns_to_the_start_rolled_forward(start, days, cal):
    back = cal.add_working_days(start, -days)
    assert back < start
    assert cal.add_working_days(back, days) == cal.add_working_days(start, 0)


@given(a=starts, b=starts, cal=calendars())
def test_working_days_between_is_antisymmetric_and_matches_a_day_by_day_count(a, b, cal):
    assert cal.working_days_between(a, b) == -cal.working_days_between(b, a)
    low, high = sorted((a, b))
    if (high - low).days <= 800:
        expected = sum(cal.is_working_day(low + dt.timedelta(days=i)) for i in range(1, (high - low).days + 1))
        assert cal.working_days_between(low, high) == expected


@settings(max_examples=50)
@given(work=override_days, off=override_days)
def test_overrides_are_honoured_and_extra_working_days_win(work, off):
    cal = WorkingCalendar(extra_days_off=off, extra_working_days=work)
    for day in off - work:
        assert not cal.is_working_day(day)
    for day in work:
        assert cal.is_working_day(day)


@given(start=starts, days=positive)
def test_the_result_matches_a_naive_day_by_day_walk(start, days):
    current, left = start, days
    while left:
        current += dt.timedelta(days=1)
        left -= PLAIN.is_working_day(current)
    assert PLAIN.add_working_days(start, days) == current
