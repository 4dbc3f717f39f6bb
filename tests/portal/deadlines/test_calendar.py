"""The working calendar: pure arithmetic, no database (Civil Code 2015 Arts. 147-148, SPEC §3)."""

import datetime as dt
from unittest import mock

import holidays
import pytest

from portal.deadlines import calendar as calendar_module
from portal.deadlines.calendar import PLAIN, OutOfRange, WorkingCalendar

D = dt.date

# The seeded 2026 New Year swap (migration 0002), built here without the database.
NEW_YEAR_2026 = WorkingCalendar(
    extra_days_off={D(2026, 1, 2): "Nghỉ Tết Dương lịch"}, extra_working_days={D(2026, 1, 10): "Làm bù"}
)


# --- Tết -------------------------------------------------------------------------------------------------------------
def test_tet_2026_five_working_days_from_thursday_12_february_end_on_thursday_26_february():
    assert PLAIN.add_working_days(D(2026, 2, 12), 5) == D(2026, 2, 26)


def test_tet_2026_weekdays_16_to_20_february_are_days_off_with_their_names():
    for day in range(16, 21):
        assert not PLAIN.is_working_day(D(2026, 2, day))
    assert PLAIN.day_name(D(2026, 2, 17)) == "Tết Nguyên Đán"
    assert PLAIN.day_name(D(2026, 2, 16)) == "Giao thừa Tết Nguyên Đán"
    assert PLAIN.is_working_day(D(2026, 2, 13)) and PLAIN.is_working_day(D(2026, 2, 23))


def test_tet_2025_saturday_holiday_is_compensated_on_the_monday_before():
    # Tết 2025: 28 Jan - 1 Feb (Saturday); the package moves the Saturday's day off to Monday 27 January.
    assert not PLAIN.is_working_day(D(2025, 1, 27))
    assert PLAIN.add_working_days(D(2025, 1, 24), 1) == D(2025, 2, 3)


# --- Hùng Kings' day -------------------------------------------------------------------------------------------------
def test_hung_kings_day_2026_falls_on_sunday_and_is_observed_on_monday_27_april():
    assert D(2026, 4, 26).weekday() == 6
    assert PLAIN.day_name(D(2026, 4, 26)) == "Ngày Giỗ Tổ Hùng Vương"
    assert not PLAIN.is_working_day(D(2026, 4, 27))
    assert PLAIN.day_name(D(2026, 4, 27)) == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"
    assert PLAIN.add_working_days(D(2026, 4, 24), 1) == D(2026, 4, 28)


@pytest.mark.parametrize(("sunday", "observed"), [(D(2019, 4, 14), D(2019, 4, 15)), (D(2022, 4, 10), D(2022, 4, 11))])
def test_hung_kings_day_on_other_sundays_is_observed_the_next_monday(sunday, observed):
    assert sunday.weekday() == 6
    assert not PLAIN.is_working_day(observed)
    assert PLAIN.add_working_days(sunday - dt.timedelta(days=2), 1) == observed + dt.timedelta(days=1)


# --- 30 April - 1 May ------------------------------------------------------------------------------------------------
def test_30_april_and_1_may_2026_thursday_and_friday_are_skipped():
    assert not PLAIN.is_working_day(D(2026, 4, 30))
    assert not PLAIN.is_working_day(D(2026, 5, 1))
    assert PLAIN.add_working_days(D(2026, 4, 29), 1) == D(2026, 5, 4)


def test_2025_package_swap_friday_2_may_off_and_saturday_26_april_worked_is_honoured():
    assert not PLAIN.is_working_day(D(2025, 5, 2))
    assert PLAIN.is_working_day(D(2025, 4, 26))
    assert PLAIN.add_working_days(D(2025, 4, 25), 1) == D(2025, 4, 26)  # the worked Saturday counts
    assert PLAIN.add_working_days(D(2025, 4, 29), 1) == D(2025, 5, 5)  # 30/4, 1/5, 2/5 and the weekend skipped


def test_labour_day_on_saturday_2027_is_observed_on_monday_3_may():
    assert not PLAIN.is_working_day(D(2027, 5, 3))
    assert PLAIN.add_working_days(D(2027, 4, 29), 1) == D(2027, 5, 4)


# --- 2 September -----------------------------------------------------------------------------------------------------
def test_national_day_2025_monday_1_and_tuesday_2_september_are_days_off():
    assert PLAIN.add_working_days(D(2025, 8, 29), 1) == D(2025, 9, 3)


def test_national_day_2026_package_swap_monday_31_august_off_saturday_22_august_worked():
    assert not PLAIN.is_working_day(D(2026, 8, 31))
    assert not PLAIN.is_working_day(D(2026, 9, 1))
    assert not PLAIN.is_working_day(D(2026, 9, 2))
    assert PLAIN.is_working_day(D(2026, 8, 22))
    assert PLAIN.add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 22)
    assert PLAIN.add_working_days(D(2026, 8, 28), 1) == D(2026, 9, 3)


def test_vietnamese_culture_day_24_november_2026_is_a_day_off():
    assert PLAIN.day_name(D(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    assert PLAIN.add_working_days(D(2026, 11, 23), 1) == D(2026, 11, 25)
    assert PLAIN.is_working_day(D(2025, 11, 24))  # not before 2026


# --- overrides ---------------------------------------------------------------------------------------------------
def test_new_year_2026_swap_friday_2_january_off_saturday_10_january_worked():
    assert PLAIN.is_working_day(D(2026, 1, 2))  # the package does not know this swap
    assert not NEW_YEAR_2026.is_working_day(D(2026, 1, 2))
    assert NEW_YEAR_2026.is_working_day(D(2026, 1, 10))
    assert NEW_YEAR_2026.add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 5)
    assert NEW_YEAR_2026.add_working_days(D(2026, 1, 9), 1) == D(2026, 1, 10)
    assert NEW_YEAR_2026.day_name(D(2026, 1, 2)) == "Nghỉ Tết Dương lịch"


def test_an_override_wins_over_the_package_both_ways():
    cal = WorkingCalendar(extra_working_days=[D(2026, 9, 1)], extra_days_off=[D(2025, 4, 26)])
    assert cal.is_working_day(D(2026, 9, 1))
    assert not cal.is_working_day(D(2025, 4, 26))


def test_a_date_both_off_and_worked_is_a_working_day():
    cal = WorkingCalendar(extra_days_off=[D(2026, 3, 3)], extra_working_days=[D(2026, 3, 3)])
    assert cal.is_working_day(D(2026, 3, 3))


def test_a_weekend_workday_from_the_year_before_is_honoured():
    # 2015: Friday 2 January off in exchange for Saturday 27 December 2014 (declared in the package's 2015 data).
    assert PLAIN.is_working_day(D(2014, 12, 27))
    assert not PLAIN.is_working_day(D(2015, 1, 2))


# --- period rules ------------------------------------------------------------------------------------------------
def test_the_event_day_is_not_counted_even_when_it_is_a_day_off():
    # Received on Saturday: the first working day counted is Monday.
    assert PLAIN.add_working_days(D(2026, 3, 7), 1) == D(2026, 3, 9)
    assert PLAIN.add_working_days(D(2026, 3, 9), 1) == D(2026, 3, 10)


def test_zero_working_days_is_the_event_day_rolled_forward_to_a_working_day():
    assert PLAIN.add_working_days(D(2026, 3, 10), 0) == D(2026, 3, 10)
    assert PLAIN.add_working_days(D(2026, 3, 7), 0) == D(2026, 3, 9)
    assert PLAIN.add_working_days(D(2026, 2, 14), 0) == D(2026, 2, 23)


def test_negative_working_days_count_back_from_the_start():
    assert PLAIN.add_working_days(D(2026, 2, 23), -1) == D(2026, 2, 13)
    assert PLAIN.add_working_days(D(2026, 1, 5), -2) == D(2025, 12, 31)


def test_a_working_day_period_across_the_year_end():
    assert PLAIN.add_working_days(D(2026, 12, 30), 5) == D(2027, 1, 7)


def test_a_calendar_day_period_ending_on_a_holiday_rolls_forward_to_the_next_working_day():
    # 30 days from 31 March 2026 is Thursday 30 April: 30/4, 1/5 and the weekend are skipped.
    assert PLAIN.add_calendar_days(D(2026, 3, 31), 30) == D(2026, 5, 4)
    # 30 days from 16 January 2026 is Sunday 15 February, then Tết: Monday 23 February.
    assert PLAIN.add_calendar_days(D(2026, 1, 16), 30) == D(2026, 2, 23)


def test_a_calendar_day_period_ending_on_a_working_day_ends_that_day():
    assert PLAIN.add_calendar_days(D(2026, 3, 2), 30) == D(2026, 4, 1)


def test_a_negative_calendar_day_period_is_refused():
    with pytest.raises(ValueError):
        PLAIN.add_calendar_days(D(2026, 3, 2), -1)


def test_working_days_between_counts_the_end_not_the_start_and_is_negative_backwards():
    assert PLAIN.working_days_between(D(2026, 2, 12), D(2026, 2, 26)) == 5
    assert PLAIN.working_days_between(D(2026, 2, 26), D(2026, 2, 12)) == -5
    assert PLAIN.working_days_between(D(2026, 3, 10), D(2026, 3, 10)) == 0
    assert PLAIN.working_days_between(D(2026, 3, 6), D(2026, 3, 8)) == 0  # Friday to Sunday
    assert PLAIN.working_days_between(D(2025, 12, 1), D(2027, 1, 1)) == sum(
        PLAIN.is_working_day(D(2025, 12, 1) + dt.timedelta(days=i)) for i in range(1, 397)
    )


def test_non_ordinary_days_explain_a_period():
    days = NEW_YEAR_2026.non_ordinary_days_between(D(2025, 12, 31), D(2026, 1, 12))
    by_date = {day.date: day for day in days}
    assert by_date[D(2026, 1, 1)].name == "Tết Dương lịch" and not by_date[D(2026, 1, 1)].is_working_day
    assert by_date[D(2026, 1, 2)].name == "Nghỉ Tết Dương lịch"
    assert by_date[D(2026, 1, 3)].name == "" and not by_date[D(2026, 1, 3)].is_working_day
    assert by_date[D(2026, 1, 10)].is_working_day
    assert D(2026, 1, 5) not in by_date  # an ordinary Monday


# --- range and speed -------------------------------------------------------------------------------------------------
def test_years_the_package_does_not_know_are_refused_not_guessed():
    with pytest.raises(OutOfRange):
        PLAIN.is_working_day(D(2101, 1, 3))
    with pytest.raises(OutOfRange):
        PLAIN.add_working_days(D(2100, 12, 20), 30)


def test_the_package_is_read_once_per_year_and_process():
    calendar_module._package_year.cache_clear()
    with mock.patch.object(holidays, "country_holidays", wraps=holidays.country_holidays) as spy:
        first, second = WorkingCalendar(), WorkingCalendar(extra_days_off=[D(2030, 5, 6)])
        for _ in range(1000):
            first.working_days_between(D(2030, 1, 1), D(2030, 12, 31))
            second.add_working_days(D(2030, 3, 1), 40)
    assert spy.call_count == 1


def test_module_level_functions_use_the_plain_calendar_or_the_one_given():
    assert calendar_module.add_working_days(D(2026, 2, 12), 5) == D(2026, 2, 26)
    assert calendar_module.is_working_day(D(2026, 1, 2))
    assert not calendar_module.is_working_day(D(2026, 1, 2), NEW_YEAR_2026)
    assert calendar_module.add_calendar_days(D(2026, 3, 31), 30) == D(2026, 5, 4)
    assert calendar_module.working_days_between(D(2026, 2, 12), D(2026, 2, 26)) == 5
