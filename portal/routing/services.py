"""Applying routing rules to a new case (SPEC §4). Reads only: intake (portal.cases.services) writes the result.

`route()` returns the department and optional assignee for a case, or None when no rule applies; the case then stays
without a department and lands in the ward's screening queue.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.wards.models import Department

from . import rules
from .models import RoutingRule, qualifying_memberships


@dataclass(frozen=True)
class RouteResult:
    department: Department
    assignee: AbstractBaseUser | None
    rule_id: int


@dataclass(frozen=True)
class RouteExplanation:
    """Which rule routes a case and why, for the staff case page.

    `candidates` are all active rules of the ward that match, best first (the first is `rule`). `decided_by` is
    "none" (no rule matched), "only", "specificity", "priority" or "id" (see portal.routing.rules.decided_by).
    `assignee_dropped` is true when the rule names a default assignee who no longer qualifies (left the ward or the
    department, or was deactivated), so the case goes to the department unassigned.
    """

    result: RouteResult | None
    rule: RoutingRule | None
    candidates: tuple[RoutingRule, ...]
    decided_by: str
    assignee_dropped: bool

    @property
    def reason(self) -> str:
        if self.rule is None:
            return _("No active routing rule matches this case, so it goes to the ward's screening queue.")
        winner = self.rule
        runner_up = self.candidates[1] if len(self.candidates) > 1 else None
        fields = winner.as_rule().specificity
        values = {"id": winner.pk, "other": runner_up.pk if runner_up else "", "n": fields,
                  "priority": winner.priority, "other_priority": runner_up.priority if runner_up else ""}
        if self.decided_by == "only":
            text = _("Routing rule %(id)s is the only active rule that matches this case.") % values
        elif self.decided_by == "specificity":
            text = ngettext(
                "Routing rule %(id)s matches on %(n)s field, more than any other matching rule.",
                "Routing rule %(id)s matches on %(n)s fields, more than any other matching rule.",
                fields,
            ) % values
        elif self.decided_by == "priority":
            text = _("Routing rules %(id)s and %(other)s match on as many fields; rule %(id)s has the higher "
                     "priority (%(priority)s against %(other_priority)s).") % values
        else:
            text = _("Routing rules %(id)s and %(other)s match on as many fields and have the same priority; the "
                     "older rule, %(id)s, wins.") % values
        if self.assignee_dropped:
            text += " " + _("Its default assignee no longer qualifies, so the case goes to the department "
                            "unassigned.")
        return text


def _pk(value):
    return getattr(value, "pk", value)


def _matching_candidates(*, ward, kind: str, category, area, related=("department", "default_assignee")):
    """One query: the ward's active rules that can match, with what route() needs joined in.

    The WHERE clause only narrows the rows loaded; portal.routing.rules decides which rule wins. Rules whose
    department is not of the rule's ward (possible only by bypassing clean()) are never applied.
    """
    category_id, area_id = _pk(category), _pk(area)
    return (
        RoutingRule.objects.active_for(ward)
        .filter(Q(kind=rules.ANY_KIND) | Q(kind=kind))
        .filter(Q(category__isnull=True) | Q(category=category_id) if category_id is not None
                else Q(category__isnull=True))
        .filter(Q(area__isnull=True) | Q(area=area_id) if area_id is not None else Q(area__isnull=True))
        .filter(department__ward=F("ward"))
        .select_related(*related)
        .annotate(assignee_qualifies=Exists(
            qualifying_memberships(ward=OuterRef("ward"), department=OuterRef("department"))
            .filter(user=OuterRef("default_assignee"))
        ))
        .order_by()  # portal.routing.rules ranks them; skip the join that Meta.ordering's "ward" would add
    )


def _result(rule: RoutingRule) -> tuple[RouteResult, bool]:
    assignee = rule.default_assignee if rule.default_assignee_id and rule.assignee_qualifies else None
    dropped = rule.default_assignee_id is not None and assignee is None
    return RouteResult(department=rule.department, assignee=assignee, rule_id=rule.pk), dropped


def explain_route(*, ward, kind: str, category, area) -> RouteExplanation:
    """route() with its reasons: the matching rules best first and what decided between the first two."""
    candidates_qs = _matching_candidates(ward=ward, kind=kind, category=category, area=area,
                                         related=("department", "default_assignee", "category", "area"))
    rows = {row.pk: row for row in candidates_qs}
    ranked = rules.matching_rules((row.as_rule() for row in rows.values()), kind=kind, category_id=_pk(category),
                                  area_id=_pk(area))
    candidates = tuple(rows[r.id] for r in ranked)
    if not candidates:
        return RouteExplanation(result=None, rule=None, candidates=(), decided_by="none", assignee_dropped=False)
    result, dropped = _result(candidates[0])
    return RouteExplanation(
        result=result, rule=candidates[0], candidates=candidates,
        decided_by=rules.decided_by(ranked[0], ranked[1] if len(ranked) > 1 else None), assignee_dropped=dropped,
    )


def route(*, ward, kind: str, category, area) -> RouteResult | None:
    """The department and optional assignee for a new case, or None when no active rule of the ward matches.

    `category` and `area` are instances (or ids); `area` may be None. The default assignee is dropped (the case goes
    to the department unassigned) when they no longer hold a qualifying role; see qualifying_memberships().
    """
    rows = {row.pk: row for row in _matching_candidates(ward=ward, kind=kind, category=category, area=area)}
    best = rules.best_rule((row.as_rule() for row in rows.values()), kind=kind, category_id=_pk(category),
                           area_id=_pk(area))
    if best is None:
        return None
    return _result(rows[best.id])[0]
