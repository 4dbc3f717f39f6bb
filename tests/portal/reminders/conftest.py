"""Cases made directly in the database, with the fields the deadline sweep reads (intake is tested elsewhere)."""

import datetime as dt
import itertools

import pytest

from portal.cases.models import Case, hash_token
from tests.factories import MembershipFactory, UserFactory

_numbers = itertools.count(1)


@pytest.fixture
def make_case(ward, category):
    def make(*, due_date, assignee=None, state="in_progress", clock_state="running", ward_=None, **extra):
        number = next(_numbers)
        target = ward_ or ward
        values = {
            "ward": target,
            "kind": "feedback",
            "category": category,
            "assignee": assignee,
            "tracking_code": f"{target.code}-2026-{number:06d}",
            "access_token_hash": hash_token(f"t{number}"),
            "title": f"Đèn đường hỏng số {number}",
            "description": "Đèn đường trước nhà số 5 không sáng.",
            "state": state,
            "clock_state": clock_state,
            "due_date": due_date,
            "received_at": dt.datetime(2026, 1, 5, 2, 0, tzinfo=dt.UTC),
            "received_on": dt.date(2026, 1, 5),
        }
        values.update(extra)
        return Case.objects.create(**values)

    return make


@pytest.fixture
def second_leader(ward):
    return MembershipFactory(
        user=UserFactory(username="phochutich", email="phochutich@example.vn", is_staff=True), ward=ward, role="leader"
    ).user


@pytest.fixture
def other_leader(other_ward):
    return MembershipFactory(
        user=UserFactory(username="chutich_khac", email="chutich_khac@example.vn", is_staff=True),
        ward=other_ward,
        role="leader",
    ).user
