"""Routing-rule matching (SPEC §4). Pure: plain values in, a rule out. No database and no Django models.

A rule names up to three things about a case: its kind, its category and its residential area. A field left empty
matches any case. Among the active rules that match a case, the winner is the most specific one (the one with the most
fields set); between rules equally specific, the higher `priority` wins; a remaining tie goes to the lowest id, so the
answer never depends on the order the rules were loaded in.

A rule with an area never matches a case without one; a rule without an area matches both.
"""

from collections.abc import Iterable
from dataclasses import dataclass

ANY_KIND = ""


@dataclass(frozen=True, slots=True)
class Rule:
    """The parts of a routing rule that matching needs. `kind` is "" for any kind; ids are None for any."""

    id: int
    kind: str = ANY_KIND
    category_id: int | None = None
    area_id: int | None = None
    priority: int = 0
    is_active: bool = True

    @property
    def specificity(self) -> int:
        """How many of the three fields are set (0 to 3)."""
        return (self.kind != ANY_KIND) + (self.category_id is not None) + (self.area_id is not None)

    def matches(self, *, kind: str, category_id: int | None, area_id: int | None) -> bool:
        """Whether this rule applies to a case, whatever its `is_active` says."""
        return (
            (self.kind == ANY_KIND or self.kind == kind)
            and (self.category_id is None or self.category_id == category_id)
            and (self.area_id is None or self.area_id == area_id)
        )

    @property
    def rank(self) -> tuple[int, int, int]:
        """Sort key: smaller is better (more specific, then higher priority, then lower id)."""
        return (-self.specificity, -self.priority, self.id)


def matching_rules(rules: Iterable[Rule], *, kind: str, category_id: int | None,
                   area_id: int | None) -> list[Rule]:
    """The active rules that apply to a case, best first."""
    found = [r for r in rules if r.is_active and r.matches(kind=kind, category_id=category_id, area_id=area_id)]
    found.sort(key=lambda r: r.rank)
    return found


def best_rule(rules: Iterable[Rule], *, kind: str, category_id: int | None, area_id: int | None) -> Rule | None:
    """The rule that routes a case, or None when no active rule applies (the case goes to screening)."""
    best: Rule | None = None
    for rule in rules:
        matches = rule.is_active and rule.matches(kind=kind, category_id=category_id, area_id=area_id)
        if matches and (best is None or rule.rank < best.rank):
            best = rule
    return best


def decided_by(winner: Rule, runner_up: Rule | None) -> str:
    """What separated the winner from the next matching rule: "only" (no other rule matched), "specificity",
    "priority" or "id" (equally specific, same priority: the older rule wins)."""
    if runner_up is None:
        return "only"
    if winner.specificity != runner_up.specificity:
        return "specificity"
    if winner.priority != runner_up.priority:
        return "priority"
    return "id"
