"""Admins edit the holiday calendar and the deadline policies in the Django admin (SPEC §1, admin role)."""

import datetime as dt

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from portal.deadlines.models import CalendarOverride, DeadlinePolicy

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["calendaroverride", "deadlinepolicy"])
def test_admin_lists_and_add_forms_open(admin_client, model):
    assert admin_client.get(f"/admin/deadlines/{model}/").status_code == 200
    assert admin_client.get(f"/admin/deadlines/{model}/add/").status_code == 200


def test_an_admin_adds_a_city_wide_day_off(admin_client):
    response = admin_client.post("/admin/deadlines/calendaroverride/add/", {
        "ward": "", "date": "2026-12-31", "is_working_day": "", "name": "Nghỉ bù",
        "source": "Thông báo của Bộ Nội vụ",
    })
    assert response.status_code == 302
    override = CalendarOverride.objects.get(date=dt.date(2026, 12, 31))
    assert override.ward is None and override.is_working_day is False


def test_a_duplicate_city_wide_date_is_refused_with_a_message(admin_client):
    response = admin_client.post("/admin/deadlines/calendaroverride/add/", {
        "ward": "", "date": "2026-01-02", "is_working_day": "on", "name": "x", "source": "y",
    })
    assert response.status_code == 200
    with translation.override("vi"):  # the admin speaks Vietnamese by default
        message = str(_("The whole city already has an override on this date."))
    assert message in response.content.decode()


def test_an_admin_adds_a_new_version_of_a_policy(admin_client):
    response = admin_client.post("/admin/deadlines/deadlinepolicy/add/", {
        "ward": "", "kind": "feedback", "step": "answer", "period": "7", "unit": "working_days",
        "remote_area_period": "", "max_extensions": "0", "extension_period": "", "effective_from": "2027-01-01",
        "source": "Quyết định của UBND Thành phố",
    })
    assert response.status_code == 302
    assert DeadlinePolicy.objects.filter(kind="feedback", step="answer", effective_from=dt.date(2027, 1, 1)).exists()
