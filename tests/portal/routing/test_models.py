"""RoutingRule validation: what clean() and the constraints refuse (SPEC §4)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from portal.routing.models import RoutingRule
from tests.factories import CategoryFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def errors_of(rule) -> dict:
    with pytest.raises(ValidationError) as caught:
        rule.full_clean()
    return caught.value.message_dict


def test_a_rule_of_the_wards_own_area_department_and_officer_is_valid(ward, category, area, department, officer):
    RoutingRule(ward=ward, kind="feedback", category=category, area=area, department=department,
                default_assignee=officer).full_clean()


def test_every_condition_may_be_left_empty(ward, department):
    RoutingRule(ward=ward, department=department).full_clean()


def test_the_department_is_required(ward):
    assert "department" in errors_of(RoutingRule(ward=ward))


def test_an_area_of_another_ward_is_refused(ward, department, other_area):
    assert errors_of(RoutingRule(ward=ward, area=other_area, department=department)) == {
        "area": ["This residential area belongs to another ward."]}


def test_a_department_of_another_ward_is_refused(ward, other_department):
    assert errors_of(RoutingRule(ward=ward, department=other_department)) == {
        "department": ["This department belongs to another ward."]}


def test_a_category_that_does_not_apply_to_the_kind_is_refused(ward, department):
    feedback_only = CategoryFactory(code="giao-thong", kinds=["feedback"])
    RoutingRule(ward=ward, kind="feedback", category=feedback_only, department=department).full_clean()
    RoutingRule(ward=ward, category=feedback_only, department=department).full_clean()
    assert list(errors_of(RoutingRule(ward=ward, kind="complaint", category=feedback_only,
                                      department=department))) == ["category"]


def test_an_assignee_without_a_role_in_the_ward_is_refused(ward, department, resident, outsider_officer):
    for user in (resident, outsider_officer):
        assert errors_of(RoutingRule(ward=ward, department=department, default_assignee=user)) == {
            "default_assignee": ["This person has no staff role in this ward."]}


def test_a_supervisor_cannot_be_the_default_assignee(ward, department, supervisor):
    assert errors_of(RoutingRule(ward=ward, department=department, default_assignee=supervisor)) == {
        "default_assignee": ["Only an officer or a leader of the ward can be the default assignee."]}


def test_an_officer_of_another_department_is_refused(ward, social_department, officer):
    assert errors_of(RoutingRule(ward=ward, department=social_department, default_assignee=officer)) == {
        "default_assignee": ["This officer does not work in the chosen department."]}


def test_a_leader_may_be_the_default_assignee_of_any_department(ward, social_department, leader):
    RoutingRule(ward=ward, department=social_department, default_assignee=leader).full_clean()


def test_a_deactivated_account_is_refused(ward, department, officer):
    officer.is_active = False
    officer.save()
    assert errors_of(RoutingRule(ward=ward, department=department, default_assignee=officer)) == {
        "default_assignee": ["This account is deactivated."]}


def test_an_officer_is_checked_against_their_membership_in_the_rules_ward_only(
        ward, other_ward, department, other_department):
    user = UserFactory(username="canbo_hai_phuong", is_staff=True)
    MembershipFactory(user=user, ward=other_ward, role="officer").departments.add(other_department)
    MembershipFactory(user=user, ward=ward, role="officer")  # no department here
    assert errors_of(RoutingRule(ward=ward, department=department, default_assignee=user)) == {
        "default_assignee": ["This officer does not work in the chosen department."]}


def test_all_mismatches_are_reported_at_once(ward, other_area, other_department, resident):
    errors = errors_of(RoutingRule(ward=ward, area=other_area, department=other_department, default_assignee=resident))
    assert set(errors) == {"area", "department", "default_assignee"}


# --- one active rule per set of conditions --------------------------------------------------------------------------
DUPLICATE = ("An active rule of this ward already has the same kind, category and residential area. Edit that rule or "
             "deactivate it first.")


def test_a_second_active_rule_with_the_same_conditions_is_refused(ward, category, department, social_department,
                                                                  make_rule):
    make_rule(department=department, kind="feedback", category=category)
    assert errors_of(RoutingRule(ward=ward, kind="feedback", category=category,
                                 department=social_department)) == {"__all__": [DUPLICATE]}


def test_empty_conditions_count_as_the_same_condition(ward, department, social_department, make_rule):
    make_rule(department=department)
    assert errors_of(RoutingRule(ward=ward, department=social_department)) == {"__all__": [DUPLICATE]}
    with pytest.raises(IntegrityError), transaction.atomic():
        RoutingRule.objects.create(ward=ward, department=social_department)


def test_an_inactive_duplicate_or_another_wards_rule_is_allowed(ward, category, department, other_department,
                                                               make_rule):
    make_rule(department=department, category=category)
    make_rule(department=department, category=category, is_active=False)
    make_rule(department=other_department, category=category)
    assert RoutingRule.objects.count() == 3


def test_editing_a_rule_does_not_collide_with_itself(department, make_rule):
    rule = make_rule(department=department)
    rule.priority = 3
    rule.full_clean()
    rule.save()


# --- deletions --------------------------------------------------------------------------------------------------------
def test_a_category_or_area_used_by_a_rule_cannot_be_deleted(category, area, department, make_rule):
    # emptying them instead would silently turn the rule into a rule for "any"
    make_rule(department=department, category=category, area=area)
    with pytest.raises(ProtectedError):
        category.delete()
    with pytest.raises(ProtectedError):
        area.delete()


def test_deleting_the_default_assignee_keeps_the_rule_without_one(department, officer, make_rule):
    rule = make_rule(department=department, default_assignee=officer)
    officer.delete()
    rule.refresh_from_db()
    assert rule.default_assignee is None


def test_the_query_for_a_wards_active_rules_has_an_index():
    index = next(i for i in RoutingRule._meta.indexes if i.name == "routing_rule_active_idx")
    assert index.fields == ["ward"] and str(index.condition) == "(AND: ('is_active', True))"
