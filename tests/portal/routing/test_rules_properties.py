"""Properties of routing-rule matching that hold for every set of rules and every case. Pure, no database."""

import random

from hypothesis import assume, given
from hypothesis import strategies as st

from portal.routing.rules import Rule, best_rule, matching_rules

KINDS = ["feedback", "complaint", "denunciation"]
kinds = st.sampled_from(KINDS)
ids_of = st.integers(min_value=1, max_value=4)  # few categories and areas, so rules often collide


@st.composite
def rule_values(draw, rule_id=None):
    return Rule(
        id=draw(st.integers(min_value=1, max_value=10_000)) if rule_id is None else rule_id,
        kind=draw(st.sampled_from(["", *KINDS])),
        category_id=draw(st.none() | ids_of),
        area_id=draw(st.none() | ids_of),
        priority=draw(st.integers(min_value=-3, max_value=3)),
        is_active=draw(st.booleans()),
    )


rule_lists = st.lists(rule_values(), max_size=25, unique_by=lambda r: r.id)
cases = st.fixed_dictionaries({"kind": kinds, "category_id": ids_of, "area_id": st.none() | ids_of})


def fresh_id(rules):
    return max((r.id for r in rules), default=0) + 1


@given(rules=rule_lists, case=cases)
def test_the_winner_is_an_active_matching_rule_that_no_other_matching_rule_beats(rules, case):
    winner = best_rule(rules, **case)
    contenders = [r for r in rules if r.is_active and r.matches(**case)]
    if winner is None:
        assert contenders == []
    else:
        assert winner.is_active and winner.matches(**case)
        assert all(winner.rank <= other.rank for other in contenders)


@given(rules=rule_lists, case=cases)
def test_best_rule_is_the_head_of_matching_rules(rules, case):
    ranked = matching_rules(rules, **case)
    assert best_rule(rules, **case) == (ranked[0] if ranked else None)


@given(rules=rule_lists, case=cases, seed=st.integers())
def test_the_order_the_rules_come_in_does_not_matter(rules, case, seed):
    shuffled = list(rules)
    random.Random(seed).shuffle(shuffled)
    assert best_rule(shuffled, **case) == best_rule(rules, **case)


@given(rules=rule_lists, case=cases, extra=rule_values(), position=st.integers(min_value=0, max_value=25))
def test_adding_a_rule_that_does_not_match_never_changes_the_result(rules, case, extra, position):
    assume(not extra.matches(**case))
    extra = Rule(**{**_fields(extra), "id": fresh_id(rules)})
    assert best_rule([*rules[:position], extra, *rules[position:]], **case) == best_rule(rules, **case)


@given(rules=rule_lists, case=cases, extra=rule_values())
def test_adding_an_inactive_rule_never_changes_the_result(rules, case, extra):
    extra = Rule(**{**_fields(extra), "id": fresh_id(rules), "is_active": False})
    assert best_rule([extra, *rules], **case) == best_rule(rules, **case)


@given(rules=rule_lists, case=cases, use=st.tuples(st.booleans(), st.booleans(), st.booleans()),
       priority=st.integers(min_value=-100, max_value=100), new_id=st.integers(min_value=10_001, max_value=20_000))
def test_a_more_specific_matching_rule_always_wins(rules, case, use, priority, new_id):
    current = best_rule(rules, **case)
    use_kind, use_category, use_area = use
    use_area = use_area and case["area_id"] is not None
    extra = Rule(id=new_id, kind=case["kind"] if use_kind else "",
                 category_id=case["category_id"] if use_category else None,
                 area_id=case["area_id"] if use_area else None, priority=priority)
    assume(current is None or extra.specificity > current.specificity)
    assert best_rule([*rules, extra], **case) == extra


@given(rules=rule_lists, case=cases)
def test_raising_the_winners_priority_keeps_it_the_winner(rules, case):
    winner = best_rule(rules, **case)
    assume(winner is not None)
    promoted = Rule(**{**_fields(winner), "priority": winner.priority + 1})
    assert best_rule([promoted if r.id == winner.id else r for r in rules], **case) == promoted


@given(rules=rule_lists, case=cases)
def test_an_active_catch_all_rule_means_every_case_is_routed(rules, case):
    assert best_rule([*rules, Rule(id=fresh_id(rules))], **case) is not None


@given(rules=rule_lists, case=cases)
def test_deactivating_a_losing_rule_never_changes_the_winner(rules, case):
    winner = best_rule(rules, **case)
    assume(winner is not None)
    others = [r for r in rules if r.id != winner.id and r.is_active]
    assume(others)
    loser = others[0]
    changed = [Rule(**{**_fields(r), "is_active": False}) if r.id == loser.id else r for r in rules]
    assert best_rule(changed, **case) == winner


def _fields(rule: Rule) -> dict:
    return {"id": rule.id, "kind": rule.kind, "category_id": rule.category_id, "area_id": rule.area_id,
            "priority": rule.priority, "is_active": rule.is_active}
