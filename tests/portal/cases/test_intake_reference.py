"""Intake keeps its reference data per process (portal.cases.reference) and still applies every change of it to the
very next case: routing rules, staff, wards, categories, areas, deadline policies and the calendar."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from portal.cases.models import Case
from portal.cases.services import Submission, submit_case
from portal.core import versions
from portal.deadlines.models import CalendarOverride, DeadlinePolicy
from portal.routing.models import RoutingRule
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

# A Wednesday; the feedback answer period runs over the next two weeks.
TODAY = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def file(ward, category, **extra):
    return submit_case(submission=Submission(ward=ward, kind="feedback", category=category, title="Đèn đường hỏng",
                                             description="Đèn đường trước nhà số 12 hỏng đã hai tuần.",
                                             **extra)).case


def api_file(**overrides):
    body = {"ward": "PN17", "kind": "feedback", "category": "ha-tang", "title": "Đèn đường hỏng",
            "description": "Đèn đường trước nhà số 12 hỏng đã hai tuần.", "is_anonymous": True}
    body.update(overrides)
    return APIClient().post(reverse("api:case-submit"), body, format="json")


@pytest.fixture(autouse=True)
def _token(db):
    """The data set has a token from the start, so the first case keeps what it derived (as in production)."""
    from portal.cases import reference

    reference.changed()


@pytest.fixture
def rule(ward, department):
    return RoutingRule.objects.create(ward=ward, department=department)


def test_a_new_rule_applies_to_the_next_case(ward, category, department):
    assert file(ward, category).department is None
    RoutingRule.objects.create(ward=ward, department=department, category=category)
    assert file(ward, category).department == department


def test_a_deactivated_rule_no_longer_routes(ward, category, rule, department):
    assert file(ward, category).department == department
    rule.is_active = False
    rule.save()
    assert file(ward, category).department is None


def test_a_deactivated_default_assignee_is_dropped_from_the_next_case(ward, category, rule, officer, department):
    rule.default_assignee = officer
    rule.save()
    assert file(ward, category).assignee == officer
    officer.is_active = False
    officer.save()
    case = file(ward, category)
    assert case.department == department and case.assignee is None


def test_an_officer_taken_off_the_department_is_no_longer_the_default_assignee(ward, category, rule, officer,
                                                                              department):
    rule.default_assignee = officer
    rule.save()
    assert file(ward, category).assignee == officer
    officer.memberships.get().departments.remove(department)
    assert file(ward, category).assignee is None


def test_a_login_does_not_renew_the_token(ward, category, officer):
    file(ward, category)
    token = versions.current("intake-reference")
    officer.last_login = TODAY
    officer.save(update_fields=["last_login"])
    UserFactory(username="cudan-moi")  # a resident signing up has no role to change routing
    assert versions.current("intake-reference") == token


def test_a_new_staff_role_renews_the_token(ward, category):
    file(ward, category)
    token = versions.current("intake-reference")
    MembershipFactory(user=UserFactory(username="canbo-moi", is_staff=True), ward=ward, role="leader")
    assert versions.current("intake-reference") != token


@time_machine.travel(TODAY, tick=False)
def test_a_new_day_off_moves_the_due_date_of_the_next_case(ward, category):
    before = file(ward, category).due_date
    CalendarOverride.objects.create(ward=ward, date=dt.date(2026, 11, 27), is_working_day=False, name="Nghỉ bù")
    assert file(ward, category).due_date > before


@time_machine.travel(TODAY, tick=False)
def test_a_wards_own_policy_applies_to_the_next_case(ward, category):
    city = DeadlinePolicy.objects.filter(ward=None, kind="feedback", step="answer").latest("effective_from")
    before = file(ward, category).due_date
    DeadlinePolicy.objects.create(ward=ward, kind="feedback", step="answer", period=city.period + 5, unit=city.unit,
                                  effective_from=dt.date(2026, 1, 1), source="Quy chế của phường")
    assert file(ward, category).due_date > before


def test_the_api_refuses_a_ward_or_category_deactivated_after_a_case_was_filed(ward, category):
    assert api_file().status_code == 201
    category.is_active = False
    category.save()
    response = api_file()
    assert response.status_code == 400 and set(response.json()) == {"category"}
    category.is_active = True
    category.save()
    ward.is_active = False
    ward.save()
    response = api_file()
    assert response.status_code == 400 and set(response.json()) == {"ward"}


def test_the_api_finds_an_area_added_after_a_case_was_filed(ward, category):
    assert api_file(area="KP9").status_code == 400
    ward.areas.create(code="KP9", name="Khu phố 9")
    response = api_file(area="KP9")
    assert response.status_code == 201
    assert Case.objects.get(tracking_code=response.json()["tracking_code"]).area.code == "KP9"


def test_a_case_filed_with_reference_data_changed_by_bulk_update_needs_changed(ward, category, department, rule):
    """Writers that bypass Django's signals renew the token themselves (portal.cases.reference.changed)."""
    from portal.cases import reference

    assert file(ward, category).department == department
    RoutingRule.objects.filter(pk=rule.pk).update(is_active=False)
    reference.changed()
    assert file(ward, category).department is None
