"""Deadline policies: seeded from the law, versioned by date, applied at intake (SPEC §3)."""

import datetime as dt

import pytest

from portal.deadlines.calendar import PLAIN
from portal.deadlines.models import DeadlinePolicy, PeriodUnit
from portal.deadlines.selectors import NoPolicy, policy_in_force
from portal.deadlines.services import compute_due_date, initial_deadline

D = dt.date
W, C = PeriodUnit.WORKING_DAYS, PeriodUnit.CALENDAR_DAYS

pytestmark = pytest.mark.django_db


# --- the seeded table ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "step", "on", "period", "unit", "remote", "max_ext", "article"),
    [
        ("complaint", "accept", D(2026, 6, 30), 10, W, None, 0, "Điều 27"),
        ("complaint", "accept", D(2026, 7, 1), 7, W, None, 0, "155/2026"),
        ("complaint", "resolve", D(2026, 7, 1), 30, C, 45, 0, "Điều 28"),
        ("complaint", "resolve_complex", D(2026, 7, 1), 45, C, 60, 0, "Điều 28"),
        ("complaint", "send_decision", D(2026, 7, 1), 3, W, None, 0, "Điều 32"),
        ("denunciation", "accept", D(2026, 7, 1), 7, W, None, 1, "Điều 24"),
        ("denunciation", "forward", D(2026, 7, 1), 5, W, None, 0, "Điều 24"),
        ("denunciation", "resolve", D(2026, 7, 1), 30, C, None, 2, "Điều 30"),
        ("feedback", "forward", D(2026, 7, 1), 5, W, None, 0, "20/2008"),
        ("feedback", "answer", D(2026, 7, 1), 10, W, None, 0, "phường"),
        ("feedback", "reception_notice", D(2026, 7, 1), 10, W, None, 0, "Tiếp công dân"),
        ("complaint", "reception_notice", D(2026, 7, 1), 10, W, None, 0, "Điều 28"),
        ("denunciation", "reception_notice", D(2026, 7, 1), 10, W, None, 0, "Điều 28"),
        ("recommendation", "answer", D(2026, 7, 1), 15, C, None, 0, "Điều 40"),
        # the complainant's own window to complain to the next level (portal.cases.escalation)
        ("complaint", "escalate", D(2026, 7, 1), 30, C, 45, 0, "Luật Khiếu nại số 02/2011/QH13, Điều 33"),
    ],
)
def test_the_seeded_policy_in_force_carries_its_period_and_article(kind, step, on, period, unit, remote, max_ext,
                                                                   article):
    policy = policy_in_force(kind, step, on)
    assert (policy.period, policy.unit, policy.remote_area_period, policy.max_extensions) == (
        period, unit, remote, max_ext)
    assert article in policy.source


def test_denunciation_acceptance_may_grow_from_7_to_10_working_days_and_resolution_to_90_days():
    accept = policy_in_force("denunciation", "accept", D(2026, 3, 2))
    assert accept.period + accept.max_extensions * accept.extension_period == 10
    resolve = policy_in_force("denunciation", "resolve", D(2026, 3, 2))
    assert resolve.period + resolve.max_extensions * resolve.extension_period == 90


# --- versioning --------------------------------------------------------------------------------------------------
def test_complaint_acceptance_is_10_working_days_until_30_june_2026_and_7_from_1_july():
    assert policy_in_force("complaint", "accept", D(2026, 6, 30)).period == 10
    assert policy_in_force("complaint", "accept", D(2026, 7, 1)).period == 7


def test_a_complaint_received_30_june_2026_follows_the_old_rule_and_one_received_1_july_the_new(ward):
    assert initial_deadline(ward=ward, kind="complaint", received_on=D(2026, 6, 30), channel="web") == (
        "accept", D(2026, 7, 14))
    assert initial_deadline(ward=ward, kind="complaint", received_on=D(2026, 7, 1), channel="web") == (
        "accept", D(2026, 7, 10))


def test_no_policy_before_the_law_came_into_force():
    with pytest.raises(NoPolicy):
        policy_in_force("denunciation", "accept", D(2018, 12, 31))


def test_a_wards_own_version_wins_over_the_city_wide_one(ward, other_ward):
    DeadlinePolicy.objects.create(ward=ward, kind="feedback", step="answer", period=7, unit=W,
                                  effective_from=D(2026, 1, 1), source="Quyết định của UBND phường")
    assert policy_in_force("feedback", "answer", D(2026, 3, 2), ward=ward).period == 7
    assert policy_in_force("feedback", "answer", D(2025, 12, 31), ward=ward).period == 10
    assert policy_in_force("feedback", "answer", D(2026, 3, 2), ward=other_ward).period == 10
    assert policy_in_force("feedback", "answer", D(2026, 3, 2)).period == 10


# --- intake ------------------------------------------------------------------------------------------------------
def test_feedback_starts_on_answer_within_10_working_days_of_the_wards_calendar(ward):
    # Received Wednesday 31 December 2025: 1 January and the seeded 2 January are skipped, Saturday 10 January counts.
    assert initial_deadline(ward=ward, kind="feedback", received_on=D(2025, 12, 31), channel="web") == (
        "answer", D(2026, 1, 15))


def test_denunciation_starts_on_accept_within_7_working_days_across_tet(ward):
    assert initial_deadline(ward=ward, kind="denunciation", received_on=D(2026, 2, 12), channel="web") == (
        "accept", D(2026, 3, 2))


def test_a_walk_in_case_starts_on_its_kinds_first_step(ward):
    web = initial_deadline(ward=ward, kind="complaint", received_on=D(2026, 3, 2), channel="web")
    walk_in = initial_deadline(ward=ward, kind="complaint", received_on=D(2026, 3, 2), channel="walk_in")
    assert walk_in == web == ("accept", D(2026, 3, 16))


def test_intake_reads_the_policy_and_the_calendar_in_two_queries(ward, django_assert_num_queries):
    with django_assert_num_queries(2):
        initial_deadline(ward=ward, kind="feedback", received_on=D(2026, 3, 2), channel="web")


def test_an_unknown_kind_is_refused(ward):
    with pytest.raises(ValueError):
        initial_deadline(ward=ward, kind="gossip", received_on=D(2026, 3, 2), channel="web")


# --- computing due dates from a policy ----------------------------------------------------------------------------
def test_a_complaint_in_a_remote_ward_gets_45_days_rolled_forward_to_a_working_day():
    policy = policy_in_force("complaint", "resolve", D(2026, 3, 16))
    assert compute_due_date(policy, D(2026, 3, 16), PLAIN) == D(2026, 4, 15)
    # 45 days from 16 March 2026 is Thursday 30 April: rolled forward past 1 May and the weekend.
    assert compute_due_date(policy, D(2026, 3, 16), PLAIN, remote=True) == D(2026, 5, 4)


def test_extensions_are_added_within_the_legal_limit():
    policy = policy_in_force("denunciation", "resolve", D(2026, 3, 2))
    assert compute_due_date(policy, D(2026, 3, 2), PLAIN, extensions=2) == PLAIN.add_calendar_days(D(2026, 3, 2), 90)
    with pytest.raises(ValueError):
        compute_due_date(policy, D(2026, 3, 2), PLAIN, extensions=3)


def test_choosing_among_policies_already_read_gives_the_policy_the_query_gives(ward, other_ward,
                                                                              django_assert_num_queries):
    """The case page picks its clock's policies from the reference memo (portal.cases.reference.policies): the same
    version as the query for every kind, step and day, city-wide and with a ward's own versions."""
    DeadlinePolicy.objects.create(ward=ward, kind="feedback", step="answer", period=7, unit=W,
                                  effective_from=D(2026, 1, 1), source="Quyết định của UBND phường")
    DeadlinePolicy.objects.create(ward=ward, kind="feedback", step="answer", period=5, unit=W,
                                  effective_from=D(2026, 6, 1), source="Quyết định sau của UBND phường")
    everything = tuple(DeadlinePolicy.objects.all())
    pairs = sorted({(p.kind, p.step) for p in everything})
    days = [D(2018, 12, 31), D(2019, 7, 1), D(2025, 12, 31), D(2026, 1, 1), D(2026, 5, 31), D(2026, 6, 1),
            D(2026, 6, 30), D(2026, 7, 1), D(2027, 1, 1)]
    for kind, step in pairs:
        for day in days:
            for where in (None, ward, other_ward):
                try:
                    expected = policy_in_force(kind, step, day, ward=where)
                except NoPolicy:
                    expected = None
                with django_assert_num_queries(0):
                    try:
                        chosen = policy_in_force(kind, step, day, ward=where, policies=everything)
                    except NoPolicy:
                        chosen = None
                assert chosen == expected, (kind, step, day, where)
    assert policy_in_force("feedback", "answer", D(2026, 7, 1), ward=ward, policies=everything).period == 5
