"""Personas and cases for the staff desk API. Time stands still on a Monday, so due dates are predictable."""

import datetime as dt

import pytest
import time_machine
from rest_framework.test import APIClient

from portal.cases.models import Case
from portal.cases.services import Submission, submit_case
from tests.factories import DepartmentFactory, MembershipFactory, UserFactory

MONDAY = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)  # 09:00 in Hà Nội; no holiday within the next weeks


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(MONDAY, tick=False):
        yield


@pytest.fixture
def api():
    return APIClient()


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def as_user():
    return client_for


@pytest.fixture
def other_department(ward):
    return DepartmentFactory(ward=ward, code="vanhoa", name="Phòng Văn hóa - Xã hội")


@pytest.fixture
def officer2(ward, department):
    membership = MembershipFactory(user=UserFactory(username="canbo2", is_staff=True), ward=ward, role="officer")
    membership.departments.add(department)
    return membership.user


@pytest.fixture
def other_department_officer(ward, other_department):
    membership = MembershipFactory(user=UserFactory(username="canbo_vanhoa", is_staff=True), ward=ward,
                                   role="officer")
    membership.departments.add(other_department)
    return membership.user


@pytest.fixture
def admin_member(ward):
    return MembershipFactory(user=UserFactory(username="quantri", is_staff=True), ward=ward, role="admin").user


CONTACT = {"contact_name": "Lê Văn Bình", "contact_address": "5 Hoa Sứ, Phú Nhuận", "contact_email": "binh@example.vn",
           "contact_phone": "0901234567", "notify_by": "email"}


@pytest.fixture
def make_case(ward, category):
    """File a case through the real intake service, then place it (department, assignee, state …) directly."""

    def make(*, kind="feedback", title="Ổ gà trên đường Lê Lợi", description="Ổ gà lớn trước số 45, xe máy dễ té.",
             on_ward=None, files=(), **placed):
        values = dict(CONTACT)
        if kind == "complaint":
            values["decision_date"] = dt.date(2026, 11, 2)
        submission = Submission(ward=on_ward or ward, kind=kind, category=placed.pop("category", category),
                                title=title, description=description, area=placed.pop("area", None), files=list(files),
                                **values)
        case = submit_case(submission=submission).case
        if placed:
            Case.objects.filter(pk=case.pk).update(**placed)
            case.refresh_from_db()
        return case

    return make
