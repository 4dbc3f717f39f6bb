"""Routing-rule matching: pure, no database (SPEC §4, ARCHITECTURE rule 8)."""

from portal.routing.rules import Rule, best_rule, decided_by, matching_rules

ROADS, PARKS = 1, 2
KP1, KP2 = 10, 11


def route(rules, kind="feedback", category_id=ROADS, area_id=KP1):
    found = best_rule(rules, kind=kind, category_id=category_id, area_id=area_id)
    return found.id if found else None


def test_no_rules_route_nowhere():
    assert route([]) is None


def test_a_rule_with_every_field_empty_matches_any_case():
    catch_all = Rule(id=1)
    assert route([catch_all]) == 1
    assert route([catch_all], kind="denunciation", category_id=PARKS, area_id=None) == 1


def test_a_rule_of_another_category_does_not_match():
    assert route([Rule(id=1, category_id=PARKS)]) is None


def test_a_rule_of_another_kind_does_not_match():
    assert route([Rule(id=1, kind="complaint")], kind="feedback") is None


def test_a_rule_with_an_area_never_matches_a_case_without_one():
    assert route([Rule(id=1, area_id=KP1)], area_id=None) is None
    assert route([Rule(id=1, area_id=KP1), Rule(id=2, category_id=ROADS)], area_id=None) == 2


def test_the_rule_with_more_fields_set_wins_whatever_the_priority_and_id():
    rules = [Rule(id=1, priority=100), Rule(id=2, category_id=ROADS, priority=50),
             Rule(id=3, category_id=ROADS, area_id=KP1, priority=-5)]
    assert route(rules) == 3
    assert route(rules, area_id=KP2) == 2
    assert route(rules, category_id=PARKS) == 1


def test_kind_counts_as_a_field_like_the_others():
    rules = [Rule(id=1, category_id=ROADS), Rule(id=2, kind="feedback", category_id=ROADS)]
    assert route(rules) == 2
    assert route(rules, kind="complaint") == 1


def test_equally_specific_rules_are_decided_by_the_higher_priority():
    by_category = Rule(id=1, kind="feedback", category_id=ROADS, priority=0)
    by_area = Rule(id=2, category_id=ROADS, area_id=KP1, priority=3)
    assert route([by_category, by_area]) == 2
    assert decided_by(by_area, by_category) == "priority"


def test_equally_specific_rules_with_the_same_priority_go_to_the_lowest_id_in_any_order():
    a, b = Rule(id=7, category_id=ROADS), Rule(id=4, area_id=KP1)
    assert route([a, b]) == 4 and route([b, a]) == 4
    assert decided_by(b, a) == "id"


def test_inactive_rules_are_ignored_even_when_they_would_win():
    rules = [Rule(id=1), Rule(id=2, kind="feedback", category_id=ROADS, area_id=KP1, is_active=False)]
    assert route(rules) == 1
    assert [r.id for r in matching_rules(rules, kind="feedback", category_id=ROADS, area_id=KP1)] == [1]


def test_matching_rules_are_listed_best_first():
    rules = [Rule(id=1), Rule(id=2, area_id=KP1), Rule(id=3, category_id=ROADS, priority=1),
             Rule(id=4, category_id=PARKS), Rule(id=5, kind="feedback", area_id=KP1)]
    ranked = matching_rules(rules, kind="feedback", category_id=ROADS, area_id=KP1)
    assert [r.id for r in ranked] == [5, 3, 2, 1]


def test_specificity_counts_the_fields_set():
    assert Rule(id=1).specificity == 0
    assert Rule(id=1, kind="complaint", area_id=KP1).specificity == 2
    assert Rule(id=1, kind="complaint", category_id=ROADS, area_id=KP1).specificity == 3


def test_decided_by_explains_the_winner():
    assert decided_by(Rule(id=1), None) == "only"
    assert decided_by(Rule(id=2, area_id=KP1), Rule(id=1)) == "specificity"


def test_the_module_imports_nothing_but_the_standard_library():
    # (importing it through the `portal` package pulls in Django via portal/__init__.py, so read its imports)
    import ast
    import sys
    from pathlib import Path

    import portal.routing.rules as module

    tree = ast.parse(Path(module.__file__).read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported and all(name.split(".")[0] in sys.stdlib_module_names for name in imported), imported
