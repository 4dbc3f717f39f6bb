"""GET /api/v1/calendar/add-working-days: public, checkable arithmetic (SPEC §3)."""

import datetime as dt

import pytest
from django.urls import reverse

from portal.deadlines.models import CalendarOverride

pytestmark = pytest.mark.django_db

URL = "/api/v1/calendar/add-working-days"


def test_the_url_is_named():
    assert reverse("api:calendar-add-working-days") == URL


def test_tet_2026_anyone_can_check_five_working_days_from_12_february(client):
    response = client.get(URL, {"start": "2026-02-12", "days": "5"})
    assert response.status_code == 200
    assert response.json() == {"start": "2026-02-12", "days": 5, "date": "2026-02-26"}


def test_the_seeded_new_year_swap_applies(client):
    response = client.get(URL, {"start": "2025-12-31", "days": "1"})
    assert response.json()["date"] == "2026-01-05"
    response = client.get(URL, {"start": "2026-01-09", "days": "1"})
    assert response.json()["date"] == "2026-01-10"


def test_zero_days_on_a_day_off_gives_the_next_working_day(client):
    response = client.get(URL, {"start": "2026-02-14", "days": "0"})
    assert response.json() == {"start": "2026-02-14", "days": 0, "date": "2026-02-23"}


def test_a_wards_own_days_off_apply_when_it_is_named(client, ward):
    CalendarOverride.objects.create(ward=ward, date=dt.date(2026, 3, 10), is_working_day=False,
                                    name="Ngày hội của phường", source="Quyết định của UBND phường")
    assert client.get(URL, {"start": "2026-03-09", "days": "1"}).json()["date"] == "2026-03-10"
    response = client.get(URL, {"start": "2026-03-09", "days": "1", "ward": "PN17"})
    assert response.status_code == 200
    assert response.json()["date"] == "2026-03-11"


def test_a_logged_in_user_gets_the_same_answer(client, resident):
    client.force_login(resident)
    assert client.get(URL, {"start": "2026-02-12", "days": "5"}).json()["date"] == "2026-02-26"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"days": "5"}, "start"),
        ({"start": "2026-02-12"}, "days"),
        ({"start": "12/02/2026", "days": "5"}, "start"),
        ({"start": "2026-02-30", "days": "5"}, "start"),
        ({"start": "2026-02-12T00:00:00", "days": "5"}, "start"),
        ({"start": "2026-02-12", "days": "-1"}, "days"),
        ({"start": "2026-02-12", "days": "3651"}, "days"),
        ({"start": "2026-02-12", "days": "five"}, "days"),
        ({"start": "2026-02-12", "days": "5", "ward": "NOPE"}, "ward"),
        ({"start": "1899-12-31", "days": "5"}, "start"),
        ({"start": "2099-06-01", "days": "3650"}, "start"),
    ],
)
def test_bad_input_is_a_400_with_a_message_on_the_field(client, params, field):
    response = client.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert field in body
    assert isinstance(body[field], list) and body[field]


def test_the_largest_period_is_accepted(client):
    response = client.get(URL, {"start": "2026-01-01", "days": "3650"})
    assert response.status_code == 200
    assert response.json()["date"] > "2039-01-01"


def test_the_endpoint_is_documented_in_the_openapi_schema(client):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    operation = response.json()["paths"][URL]["get"]
    assert operation["operationId"] == "calendar_add_working_days"
    names = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert names["start"]["required"] and names["days"]["required"] and not names["ward"].get("required")
    assert operation["security"] == [{}]  # no authentication needed
    assert "400" in operation["responses"]
    assert "200" in operation["responses"]
