"""What the holidays package (0.109) knows, what the migrations seed, and the ward calendars built from both."""

import datetime as dt

import holidays
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from portal.deadlines.calendar import PLAIN
from portal.deadlines.models import CalendarOverride
from portal.deadlines.selectors import calendar_for, calendars_for

D = dt.date


# --- the package, checked so an upgrade that changes it fails here first ---------------------------------------------
def test_the_package_version_is_the_pinned_one():
    assert holidays.__version__ == "0.109"


def test_the_package_knows_the_2025_swap_and_culture_day_so_they_are_not_seeded():
    vn = holidays.country_holidays("VN", language="vi", years=[2025, 2026])
    assert D(2025, 5, 2) in vn and D(2025, 4, 26) in vn.weekend_workdays
    assert vn.get(D(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"


def test_the_package_lacks_the_2026_new_year_swap_so_it_is_seeded():
    vn = holidays.country_holidays("VN", language="vi", years=2026)
    assert D(2026, 1, 2) not in vn and D(2026, 1, 10) not in vn.weekend_workdays


# --- the seeded overrides ----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_2026_new_year_swap_is_seeded_city_wide_with_its_source():
    off = CalendarOverride.objects.get(ward=None, date=D(2026, 1, 2))
    worked = CalendarOverride.objects.get(ward=None, date=D(2026, 1, 10))
    assert off.is_working_day is False and worked.is_working_day is True
    assert "12729/VPCP-KGVX" in off.source and "12729/VPCP-KGVX" in worked.source


@pytest.mark.django_db
def test_every_seeded_override_changes_what_the_package_says():
    for override in CalendarOverride.objects.filter(ward=None):
        assert PLAIN.is_working_day(override.date) != override.is_working_day, override


@pytest.mark.django_db
def test_the_city_calendar_has_2_january_2026_off_and_10_january_2026_worked():
    cal = calendar_for(None)
    assert not cal.is_working_day(D(2026, 1, 2))
    assert cal.is_working_day(D(2026, 1, 10))
    assert cal.add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 5)
    assert cal.add_working_days(D(2026, 1, 9), 1) == D(2026, 1, 10)


# --- ward calendars ------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_ward_calendar_is_the_city_calendar_plus_the_wards_own_overrides_in_one_query(
    ward, other_ward, django_assert_num_queries
):
    CalendarOverride.objects.create(ward=ward, date=D(2026, 3, 10), is_working_day=False,
                                    name="Ngày hội của phường", source="Quyết định của UBND phường")
    with django_assert_num_queries(1):
        cal = calendar_for(ward)
    assert not cal.is_working_day(D(2026, 3, 10))
    assert cal.day_name(D(2026, 3, 10)) == "Ngày hội của phường"
    assert not cal.is_working_day(D(2026, 1, 2))  # the city's swap still applies
    assert calendar_for(other_ward).is_working_day(D(2026, 3, 10))
    assert calendar_for(ward.pk).is_working_day(D(2026, 3, 10)) is False


@pytest.mark.django_db
def test_a_wards_own_override_wins_over_the_citys_on_the_same_date(ward):
    CalendarOverride.objects.create(ward=ward, date=D(2026, 1, 2), is_working_day=True,
                                    name="Phường trực làm việc", source="Quyết định của UBND phường")
    assert calendar_for(ward).is_working_day(D(2026, 1, 2))
    assert not calendar_for(None).is_working_day(D(2026, 1, 2))


@pytest.mark.django_db
def test_an_admins_edit_is_seen_by_the_next_calendar(ward):
    assert calendar_for(ward).is_working_day(D(2026, 6, 15))
    override = CalendarOverride.objects.create(ward=None, date=D(2026, 6, 15), is_working_day=False,
                                               name="Nghỉ đột xuất", source="Thông báo")
    assert not calendar_for(ward).is_working_day(D(2026, 6, 15))
    override.delete()
    assert calendar_for(ward).is_working_day(D(2026, 6, 15))


@pytest.mark.django_db
def test_calendars_for_many_wards_take_one_query(ward, other_ward, django_assert_num_queries):
    CalendarOverride.objects.create(ward=other_ward, date=D(2026, 3, 11), is_working_day=False, name="Nghỉ",
                                    source="Quyết định")
    with django_assert_num_queries(1):
        cals = calendars_for([ward, other_ward])
    assert cals[ward.pk].is_working_day(D(2026, 3, 11))
    assert not cals[other_ward.pk].is_working_day(D(2026, 3, 11))
    assert not cals[ward.pk].is_working_day(D(2026, 1, 2))


@pytest.mark.django_db
def test_the_same_overrides_share_one_calendar_between_calls(ward):
    assert calendar_for(ward) is calendar_for(ward)


# --- constraints ---------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_one_city_wide_override_per_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarOverride.objects.create(ward=None, date=D(2026, 1, 2), is_working_day=True, name="x", source="y")


@pytest.mark.django_db
def test_one_override_per_ward_and_date_reported_as_a_validation_error(ward):
    CalendarOverride.objects.create(ward=ward, date=D(2026, 5, 5), is_working_day=False, name="x", source="y")
    duplicate = CalendarOverride(ward=ward, date=D(2026, 5, 5), is_working_day=True, name="z", source="y")
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "This ward already has an override on this date." in str(excinfo.value)
    # a ward override may share the date of a city-wide one
    CalendarOverride(ward=ward, date=D(2026, 1, 2), is_working_day=True, name="z", source="y").full_clean()
