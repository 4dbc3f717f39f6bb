"""Who may see and do what with disclosures (SPEC §1). Pages and the API ask these functions; nothing else decides.

- anyone: posted, ended and withdrawn disclosures (with every version), their answered questions and visible comments;
- officer of the ward: draft, correct, answer questions, moderate, open consultations, publish syntheses;
- leader of the ward: all of that, and publish, end early, withdraw;
- supervisor of the ward: read everything of the ward, drafts included, read-only;
- admin: reference data only.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from portal.cases.permissions import scope_of
from portal.wards.models import Role

from .models import PUBLIC_STATES, Disclosure

STAFF_ROLES = (Role.OFFICER, Role.LEADER, Role.SUPERVISOR)
WORKING_ROLES = (Role.OFFICER, Role.LEADER)


def role_in(user, ward_id: int) -> str | None:
    return scope_of(user).role_in(ward_id)


def staff_ward_ids(user) -> list[int]:
    """Wards whose unpublished disclosures the user may read."""
    return [w for w, role in scope_of(user).roles.items() if role in STAFF_ROLES]


def working_ward_ids(user) -> list[int]:
    return [w for w, role in scope_of(user).roles.items() if role in WORKING_ROLES]


def leader_ward_ids(user) -> list[int]:
    return [w for w, role in scope_of(user).roles.items() if role == Role.LEADER]


def is_disclosure_staff(user) -> bool:
    return bool(staff_ward_ids(user))


def visible_disclosures(user, queryset: QuerySet | None = None) -> QuerySet:
    """Public ones for everybody, and every state of their wards for the ward's staff."""
    queryset = Disclosure.objects.all() if queryset is None else queryset
    wards = staff_ward_ids(user)
    condition = Q(state__in=list(PUBLIC_STATES))
    if wards:
        condition |= Q(ward_id__in=wards)
    return queryset.filter(condition)


def can_read_unpublished(user, disclosure: Disclosure) -> bool:
    return role_in(user, disclosure.ward_id) in STAFF_ROLES


def can_view(user, disclosure: Disclosure) -> bool:
    return disclosure.is_public or can_read_unpublished(user, disclosure)


def can_work(user, disclosure_or_ward_id) -> bool:
    """Draft, correct, answer, moderate, consult: officers and leaders of the ward."""
    ward_id = getattr(disclosure_or_ward_id, "ward_id", disclosure_or_ward_id)
    return role_in(user, ward_id) in WORKING_ROLES


def is_leader(user, disclosure_or_ward_id) -> bool:
    ward_id = getattr(disclosure_or_ward_id, "ward_id", disclosure_or_ward_id)
    return role_in(user, ward_id) == Role.LEADER
