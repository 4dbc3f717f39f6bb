"""The public calculator page /lich/tinh-han/: a GET form that works without JavaScript."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from portal.deadlines.models import CalendarOverride

pytestmark = pytest.mark.django_db

URL = "/lich/tinh-han/"


def test_the_url_is_named():
    assert reverse("frontend:calendar") == URL


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))), tick=False)
def test_the_empty_page_shows_a_get_form_starting_today(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="get"' in html
    assert 'name="start"' in html and 'value="2026-03-02"' in html
    assert 'name="days"' in html and 'name="ward"' in html
    assert 'data-testid="calculator-result"' not in html
    assert "<script" not in html.split("</footer>")[0].split("<main")[1]


def test_tet_2026_shows_the_result_and_the_named_days_off_skipped(client):
    response = client.get(URL, {"start": "2026-02-12", "days": "5"})
    assert response.status_code == 200
    assert response.context["result"].date == dt.date(2026, 2, 26)
    html = response.content.decode()
    assert 'datetime="2026-02-26"' in html
    assert "26/02/2026" in html
    for name in ("Giao thừa Tết Nguyên Đán", "Tết Nguyên Đán", "Mùng hai Tết Nguyên Đán", "Mùng ba Tết Nguyên Đán",
                 "Mùng bốn Tết Nguyên Đán"):
        assert name in html
    named = [day.date for day in response.context["result"].named_days_off]
    assert named == [dt.date(2026, 2, day) for day in range(16, 21)]
    assert len(response.context["result"].weekend_days_off) == 4


def test_a_worked_saturday_is_listed_as_counted(client):
    response = client.get(URL, {"start": "2026-01-08", "days": "2"})
    assert response.context["result"].date == dt.date(2026, 1, 10)
    html = response.content.decode()
    assert 'data-testid="worked-days"' in html
    assert "Làm bù cho thứ Sáu 02/01/2026" in html


def test_a_wards_own_day_off_is_skipped_when_the_ward_is_chosen(client, ward):
    CalendarOverride.objects.create(ward=ward, date=dt.date(2026, 3, 10), is_working_day=False,
                                    name="Ngày hội của phường", source="Quyết định của UBND phường")
    response = client.get(URL, {"start": "2026-03-09", "days": "1", "ward": ward.code})
    assert response.status_code == 200
    assert response.context["result"].date == dt.date(2026, 3, 11)
    assert "Ngày hội của phường" in response.content.decode()
    response = client.get(URL, {"start": "2026-03-09", "days": "1", "ward": ""})
    assert response.context["result"].date == dt.date(2026, 3, 10)


def test_the_day_month_year_format_is_accepted_too(client):
    response = client.get(URL, {"start": "12/02/2026", "days": "5"})
    assert response.context["result"].date == dt.date(2026, 2, 26)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2026-02-30", "days": "5"}, "start"),
        ({"start": "2026-02-12", "days": "-1"}, "days"),
        ({"start": "2026-02-12", "days": "3651"}, "days"),
        ({"start": "2026-02-12"}, "days"),
        ({"start": "2026-02-12", "days": "5", "ward": "NOPE"}, "ward"),
        ({"start": "2099-06-01", "days": "3650"}, "start"),
    ],
)
def test_bad_input_shows_the_form_again_with_the_error(client, params, field):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'data-testid="calculator-result"' not in html
