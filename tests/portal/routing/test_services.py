"""route() and explain_route() with real rules in the database (SPEC §4)."""

import pytest

from portal.routing.models import RoutingRule
from portal.routing.services import RouteResult, explain_route, route
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_ward_without_rules_routes_nothing(ward, category, area):
    assert route(ward=ward, kind="feedback", category=category, area=area) is None


def test_a_catch_all_rule_routes_every_case_to_its_department_unassigned(ward, category, area, department, make_rule):
    rule = make_rule(department=department)
    assert route(ward=ward, kind="complaint", category=category, area=None) == RouteResult(
        department=department, assignee=None, rule_id=rule.pk)


def test_the_most_specific_rule_wins_over_priority(ward, category, area, area2, department, social_department,
                                                   make_rule):
    make_rule(department=social_department, priority=50)
    by_category = make_rule(department=department, category=category, priority=10)
    by_category_and_area = make_rule(department=social_department, category=category, area=area, priority=-1)

    assert route(ward=ward, kind="feedback", category=category, area=area).rule_id == by_category_and_area.pk
    assert route(ward=ward, kind="feedback", category=category, area=area2).rule_id == by_category.pk


def test_equally_specific_rules_are_decided_by_priority_then_by_the_older_rule(
        ward, category, area, department, social_department, make_rule):
    by_kind = make_rule(department=department, kind="complaint")
    by_area = make_rule(department=social_department, area=area)
    assert route(ward=ward, kind="complaint", category=category, area=area).rule_id == by_kind.pk

    by_area.priority = 1
    by_area.save()
    assert route(ward=ward, kind="complaint", category=category, area=area).department == social_department


def test_a_rule_with_an_area_does_not_route_a_case_without_one(ward, category, area, department, make_rule):
    make_rule(department=department, area=area)
    assert route(ward=ward, kind="feedback", category=category, area=None) is None


def test_a_rule_of_another_kind_or_category_does_not_apply(ward, category, other_category, department, make_rule):
    make_rule(department=department, kind="denunciation")
    make_rule(department=department, category=other_category)
    assert route(ward=ward, kind="feedback", category=category, area=None) is None


def test_a_rule_of_another_ward_never_applies(ward, other_ward, category, other_department, make_rule):
    make_rule(department=other_department)
    make_rule(department=other_department, kind="feedback", category=category)
    assert route(ward=ward, kind="feedback", category=category, area=None) is None
    assert route(ward=other_ward, kind="feedback", category=category, area=None).department == other_department


def test_a_rule_saved_with_another_wards_department_behind_the_admins_back_is_never_applied(
        ward, category, other_department):
    RoutingRule.objects.create(ward=ward, department=other_department)  # no full_clean: bypasses validation
    assert route(ward=ward, kind="feedback", category=category, area=None) is None


def test_inactive_rules_are_ignored(ward, category, area, department, social_department, make_rule):
    make_rule(department=department)
    make_rule(department=social_department, kind="feedback", category=category, area=area, is_active=False)
    assert route(ward=ward, kind="feedback", category=category, area=area).department == department


def test_the_default_assignee_comes_with_the_department(ward, category, department, officer, make_rule):
    rule = make_rule(department=department, category=category, default_assignee=officer)
    assert route(ward=ward, kind="feedback", category=category, area=None) == RouteResult(
        department=department, assignee=officer, rule_id=rule.pk)


def test_a_leader_of_the_ward_can_be_the_default_assignee_of_any_department(ward, category, social_department,
                                                                             leader, make_rule):
    make_rule(department=social_department, default_assignee=leader)
    assert route(ward=ward, kind="feedback", category=category, area=None).assignee == leader


def test_an_assignee_who_left_the_department_is_dropped_but_the_department_stays(
        ward, category, department, officer, make_rule):
    make_rule(department=department, default_assignee=officer)
    officer.memberships.get(ward=ward).departments.clear()
    result = route(ward=ward, kind="feedback", category=category, area=None)
    assert result.department == department and result.assignee is None


@pytest.mark.parametrize("change", ["deactivated", "left_the_ward", "became_supervisor"])
def test_an_assignee_who_no_longer_qualifies_is_dropped(ward, category, department, officer, make_rule, change):
    make_rule(department=department, default_assignee=officer)
    membership = officer.memberships.get(ward=ward)
    if change == "deactivated":
        officer.is_active = False
        officer.save()
    elif change == "left_the_ward":
        membership.delete()
    else:
        membership.role = "supervisor"
        membership.save()
    assert route(ward=ward, kind="feedback", category=category, area=None).assignee is None


def test_an_officer_of_the_same_department_code_in_another_ward_does_not_qualify(
        ward, other_ward, category, department, other_department, make_rule):
    # a valid rule, then the assignee's only membership moves to the other ward's namesake department
    user = UserFactory(username="canbo_chuyen", is_staff=True)
    membership = MembershipFactory(user=user, ward=ward, role="officer")
    membership.departments.add(department)
    make_rule(department=department, default_assignee=user)
    membership.delete()
    MembershipFactory(user=user, ward=other_ward, role="officer").departments.add(other_department)
    assert route(ward=ward, kind="feedback", category=category, area=None).assignee is None


def test_route_takes_ids_as_well_as_instances(ward, category, area, department, make_rule):
    rule = make_rule(department=department, category=category, area=area)
    assert route(ward=ward.pk, kind="feedback", category=category.pk, area=area.pk).rule_id == rule.pk


def test_route_is_one_query_including_department_and_assignee(
        ward, category, other_category, area, area2, department, social_department, officer, leader, make_rule,
        django_assert_num_queries):
    make_rule(department=social_department)
    make_rule(department=social_department, area=area2)
    make_rule(department=social_department, category=other_category)
    make_rule(department=department, category=category, default_assignee=officer)
    make_rule(department=department, category=category, area=area, default_assignee=leader, is_active=False)
    with django_assert_num_queries(1):
        result = route(ward=ward, kind="feedback", category=category, area=area)
        assert result.department.name == department.name
        assert result.assignee.username == officer.username
    with django_assert_num_queries(1):
        assert route(ward=ward, kind="feedback", category=other_category, area=None).department == social_department


def test_route_is_one_query_when_nothing_matches(ward, category, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert route(ward=ward, kind="feedback", category=category, area=None) is None


# --- explain_route --------------------------------------------------------------------------------------------------
def test_explain_without_a_match_points_to_screening(ward, category, django_assert_num_queries):
    with django_assert_num_queries(1):
        explanation = explain_route(ward=ward, kind="feedback", category=category, area=None)
    assert explanation.result is None and explanation.rule is None and explanation.candidates == ()
    assert explanation.decided_by == "none"
    assert "screening queue" in explanation.reason


def test_explain_lists_the_matching_rules_best_first_and_why_the_first_won(
        ward, category, area, department, social_department, make_rule, django_assert_num_queries):
    catch_all = make_rule(department=social_department, priority=9)
    by_category = make_rule(department=department, category=category)
    by_both = make_rule(department=department, category=category, area=area)
    with django_assert_num_queries(1):
        explanation = explain_route(ward=ward, kind="feedback", category=category, area=area)
        assert [r.category.name for r in explanation.candidates if r.category] == [category.name] * 2
    assert explanation.rule == by_both
    assert explanation.candidates == (by_both, by_category, catch_all)
    assert explanation.result == route(ward=ward, kind="feedback", category=category, area=area)
    assert explanation.decided_by == "specificity"
    assert explanation.reason == (f"Routing rule {by_both.pk} matches on 2 fields, more than any other matching "
                                  "rule.")


def test_explain_names_priority_and_age_as_tie_breakers(ward, category, area, department, social_department,
                                                         make_rule):
    first = make_rule(department=department, kind="feedback")
    second = make_rule(department=social_department, area=area)
    explanation = explain_route(ward=ward, kind="feedback", category=category, area=area)
    assert explanation.rule == first and explanation.decided_by == "id"
    assert f"the older rule, {first.pk}, wins" in explanation.reason

    second.priority = 2
    second.save()
    explanation = explain_route(ward=ward, kind="feedback", category=category, area=area)
    assert explanation.rule == second and explanation.decided_by == "priority"
    assert "(2 against 0)" in explanation.reason


def test_explain_says_when_the_only_rule_matched_and_when_its_assignee_was_dropped(
        ward, category, department, officer, make_rule):
    rule = make_rule(department=department, default_assignee=officer)
    officer.memberships.get(ward=ward).departments.clear()
    explanation = explain_route(ward=ward, kind="feedback", category=category, area=None)
    assert explanation.decided_by == "only" and explanation.assignee_dropped
    assert explanation.reason == (f"Routing rule {rule.pk} is the only active rule that matches this case. Its "
                                  "default assignee no longer qualifies, so the case goes to the department "
                                  "unassigned.")

