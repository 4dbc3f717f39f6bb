import datetime as dt

import pytest

from portal.dialogues import demo
from portal.dialogues.models import Commitment, Session
from tests.factories import MembershipFactory, UserFactory


@pytest.mark.django_db
def test_demo_seed_is_idempotent(ward, department):
    MembershipFactory(user=UserFactory(username="chutich_demo"), ward=ward, role="leader")
    first = demo.seed(wards={"PN17": ward}, today=dt.date(2026, 11, 27))
    assert first == {"dialogue sessions": 5, "dialogue commitments": 3}
    assert demo.seed(wards={"PN17": ward}, today=dt.date(2026, 11, 27)) == {}
    assert Session.objects.count() == 5 and Commitment.objects.count() == 3
