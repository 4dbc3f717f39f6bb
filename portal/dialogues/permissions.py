"""Who may do what with dialogues (SPEC §1, §6). Pages and the API ask these functions; nothing else decides.

- leaders of the ward schedule sessions (and may do everything officers do);
- officers of the ward help run them: open questions, moderate, record answers, mark held, publish minutes,
  record commitments and their progress;
- supervisors of the ward read everything of its dialogues (complaint dialogues included), change nothing;
- residents with a verified account (one-time code) register, ask, vote and support requests;
- everyone reads the public sessions (complaint dialogues are never public).
"""

from __future__ import annotations

from portal.accounts.models import ResidentProfile
from portal.cases.permissions import scope_of
from portal.wards.models import Role

RUNNING_ROLES = (Role.OFFICER, Role.LEADER)
READING_ROLES = (Role.OFFICER, Role.LEADER, Role.SUPERVISOR)


def role_in(user, ward_id: int) -> str | None:
    return scope_of(user).role_in(ward_id)


def can_schedule(user, ward_id: int) -> bool:
    return role_in(user, ward_id) == Role.LEADER


def can_run(user, ward_id: int) -> bool:
    return role_in(user, ward_id) in RUNNING_ROLES


def can_read_staff(user, ward_id: int) -> bool:
    return role_in(user, ward_id) in READING_ROLES


def staff_ward_ids(user) -> list[int]:
    return [w for w, role in scope_of(user).roles.items() if role in READING_ROLES]


def leader_ward_ids(user) -> list[int]:
    return [w for w, role in scope_of(user).roles.items() if role == Role.LEADER]


def can_see_session(user, session) -> bool:
    return session.is_public or can_read_staff(user, session.ward_id)


def is_verified_resident(user) -> bool:
    """A signed-in account verified by a one-time code (portal.accounts)."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_openward_resident", None)
    if cached is None:
        cached = ResidentProfile.objects.filter(user=user).exists()
        user._openward_resident = cached
    return cached
