"""portal.cases.permissions.queue_departments(): the departments in which a staff user can find cases — what the
queue's department filter offers. Every department it names holds cases the user may see (visible_cases()), and it
costs at most one query whatever the number of cases."""

import pytest

from portal.cases.models import Case
from portal.cases.permissions import queue_departments, scope_of, visible_cases
from portal.cases.services import Submission, submit_case
from tests.factories import DepartmentFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def file(ward, category, *, department, assignee=None) -> Case:
    case = submit_case(submission=Submission(ward=ward, kind="feedback", category=category, title="Đèn đường hỏng",
                                             description="Đèn đường trước nhà số 12 hỏng đã hai tuần.")).case
    Case.objects.filter(pk=case.pk).update(department=department, assignee=assignee)
    return case


def test_an_officer_finds_cases_in_his_departments_and_those_of_the_cases_assigned_to_him(
        ward, other_ward, category, department, officer, leader, django_assert_num_queries):
    assigned = DepartmentFactory(ward=ward, code="vanhoa")
    unassigned = DepartmentFactory(ward=ward, code="noivu")
    foreign = DepartmentFactory(ward=other_ward, code="dothi")
    file(ward, category, department=department)
    for _ in range(3):
        file(ward, category, department=assigned, assignee=officer)
    file(ward, category, department=unassigned, assignee=leader)
    file(other_ward, category, department=foreign, assignee=officer)  # he is no staff of that ward
    scope_of(officer)  # the memberships, read once per request anyway
    with django_assert_num_queries(1):
        found = queue_departments(officer)
    assert found == {ward.pk: frozenset({department.pk, assigned.pk})}
    seen = set(visible_cases(officer).exclude(department=None).values_list("department_id", flat=True))
    assert seen == {department.pk, assigned.pk}


def test_leaders_and_supervisors_find_every_department_of_their_ward_without_a_query(
        ward, leader, supervisor, django_assert_num_queries):
    for user in (leader, supervisor):
        scope_of(user)
        with django_assert_num_queries(0):
            assert queue_departments(user) == {ward.pk: None}


def test_a_leader_of_one_ward_and_officer_of_another(ward, other_ward, category):
    user = UserFactory(username="hai_vai")
    MembershipFactory(user=user, ward=ward, role="leader")
    mine = DepartmentFactory(ward=other_ward, code="dothi")
    DepartmentFactory(ward=other_ward, code="vanhoa")
    MembershipFactory(user=user, ward=other_ward, role="officer").departments.add(mine)
    assert queue_departments(user) == {ward.pk: None, other_ward.pk: frozenset({mine.pk})}


def test_an_admin_and_an_officer_of_no_department_find_none(ward, category):
    admin = MembershipFactory(user=UserFactory(username="quantri"), ward=ward, role="admin").user
    bare = MembershipFactory(user=UserFactory(username="moi_vao"), ward=ward, role="officer").user
    assert queue_departments(admin) == {}
    assert queue_departments(bare) == {ward.pk: frozenset()}
