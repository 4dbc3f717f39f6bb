"""Admins edit routing rules in the Django admin; validation errors show on the form (SPEC §4)."""

import pytest
from django.conf import settings

from portal.routing.models import RoutingRule

pytestmark = pytest.mark.django_db

URL = "/admin/routing/routingrule/"


def form_data(**overrides):
    data = {"ward": "", "is_active": "on", "kind": "", "category": "", "area": "", "department": "",
            "default_assignee": "", "priority": "0", "note": ""}
    data.update({key: str(value) for key, value in overrides.items()})
    return data


def test_the_list_and_the_add_form_open(admin_client, department, make_rule):
    make_rule(department=department)
    assert admin_client.get(URL).status_code == 200
    assert admin_client.get(URL + "add/").status_code == 200


def test_the_list_filters_by_ward_and_department(admin_client, department, other_department, make_rule):
    mine, theirs = make_rule(department=department), make_rule(department=other_department)
    by_ward = admin_client.get(URL, {"ward__id__exact": mine.ward_id})
    assert list(by_ward.context["cl"].result_list) == [mine]
    by_department = admin_client.get(URL, {"department__id__exact": other_department.pk})
    assert list(by_department.context["cl"].result_list) == [theirs]


def test_department_choices_show_the_ward_because_names_repeat(admin_client, department, other_department):
    page = admin_client.get(URL + "add/").content.decode()
    assert f"{department.ward.code} · {department.name}" in page
    assert f"{other_department.ward.code} · {other_department.name}" in page


def test_assignee_choices_are_officers_and_leaders_only(admin_client, officer, leader, supervisor, resident):
    choices = admin_client.get(URL + "add/").context["adminform"].form.fields["default_assignee"].queryset
    assert set(choices) == {officer, leader}


def test_an_admin_adds_a_rule(admin_client, ward, category, area, department, officer):
    response = admin_client.post(URL + "add/", form_data(
        ward=ward.pk, kind="feedback", category=category.pk, area=area.pk, department=department.pk,
        default_assignee=officer.pk, priority=2, note="Khu phố 1: đường sá do Phòng Đô thị xử lý"))
    assert response.status_code == 302
    rule = RoutingRule.objects.get()
    assert (rule.kind, rule.category, rule.area, rule.department, rule.default_assignee, rule.priority) == (
        "feedback", category, area, department, officer, 2)


def test_another_wards_department_and_area_come_back_as_field_errors(admin_client, ward, other_department,
                                                                     other_area):
    response = admin_client.post(URL + "add/", form_data(ward=ward.pk, area=other_area.pk,
                                                         department=other_department.pk))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["department"] == ["This department belongs to another ward."]
    assert errors["area"] == ["This residential area belongs to another ward."]
    assert not RoutingRule.objects.exists()


def test_an_assignee_without_the_right_membership_comes_back_as_a_field_error(admin_client, ward,
                                                                             social_department, officer):
    response = admin_client.post(URL + "add/", form_data(ward=ward.pk, department=social_department.pk,
                                                         default_assignee=officer.pk))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["default_assignee"] == [
        "This officer does not work in the chosen department."]


def test_a_duplicate_active_rule_comes_back_as_a_form_error(admin_client, ward, department, make_rule):
    make_rule(department=department)
    response = admin_client.post(URL + "add/", form_data(ward=ward.pk, department=department.pk))
    assert response.status_code == 200
    assert "An active rule of this ward already has the same kind" in response.content.decode()
    assert RoutingRule.objects.count() == 1


def test_a_missing_ward_is_a_plain_required_error(admin_client, department):
    response = admin_client.post(URL + "add/", form_data(department=department.pk))
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["ward"]


def test_in_the_portals_default_language_the_errors_are_translated(admin_client, ward, other_department):
    from django.utils import translation

    del admin_client.cookies[settings.LANGUAGE_COOKIE_NAME]
    response = admin_client.post(URL + "add/", form_data(ward=ward.pk, department=other_department.pk))
    with translation.override(settings.LANGUAGE_CODE):
        expected = str(translation.gettext("This department belongs to another ward."))
    assert response.context["adminform"].form.errors["department"] == [expected]
