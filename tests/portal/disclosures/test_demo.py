"""The demo seeder of disclosures: realistic records through the services, idempotent."""

import pytest
from django.core.management import call_command

from portal.disclosures.models import Comment, Disclosure, DisclosureState, Question

pytestmark = pytest.mark.django_db


def test_the_demo_has_disclosures_in_every_state_and_runs_twice_without_duplicates():
    call_command("seed_demo", verbosity=0)
    states = set(Disclosure.objects.values_list("state", flat=True))
    assert {DisclosureState.DRAFT, DisclosureState.POSTED, DisclosureState.ENDED, DisclosureState.WITHDRAWN} <= states
    assert Disclosure.objects.filter(ward__code="BT03").count() == 2
    assert Disclosure.objects.filter(version_number=2).exists()
    assert any(d.is_late for d in Disclosure.objects.all())
    assert Question.objects.exclude(answer="").exists() and Comment.objects.exists()
    before = Disclosure.objects.count()
    call_command("seed_demo", verbosity=0)
    assert Disclosure.objects.count() == before
