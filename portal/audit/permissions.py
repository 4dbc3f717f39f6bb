"""Who may read the audit log (SPEC §7: "viewable by leaders and supervisors").

- The wards' log (/can-bo/nhat-ky/): a ward's leaders and supervisors, that ward's events only. Officers and admins
  may not (admins keep reference data, not residents' cases), nor may a superuser without such a role.
- The accounts' log (/can-bo/nhat-ky/tai-khoan/): the events about accounts, which belong to no ward
  (models.ACCOUNT_ACTIONS: what administrators change of an account, and what its owner changes of its security).
  The portal's administrators read it: a superuser every account's; a ward's administrator (role admin) those of the
  accounts that hold a role in that ward now (its staff: leaders, officers, supervisors, administrators), whatever
  was done to them before or elsewhere, and of an account that has left the ward only its staff roles there. The
  staff roles given, changed and taken in a ward (events of that ward, on the wards' log too) are there for that ward's
  administrators (whoever the member is now, and they find a former member's by its username: the ward's history,
  never its roles in another ward nor its account's events) and the superusers; the groups of permissions created,
  changed and deleted (of no ward: groups are the whole portal's, and give powers in every ward) for the superusers
  only.
Other events of no ward (logins, failures, residents' accounts) are nobody's to read on a page.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.cases.permissions import scope_of
from portal.wards.models import Role

LOG_READERS = frozenset({Role.LEADER, Role.SUPERVISOR})


def log_ward_ids(user) -> list[int]:
    """The wards whose audit log the user may read (no query beyond scope_of's, which is cached on the user)."""
    return sorted(ward for ward, role in scope_of(user).roles.items() if role in LOG_READERS)


def may_read_log(user, ward_id: int | None = None) -> bool:
    wards = log_ward_ids(user)
    return bool(wards) if ward_id is None else ward_id in wards


@dataclass(frozen=True)
class AccountLogScope:
    """Whose account events a reader may read: every account's (`everyone`), or those of the staff of `ward_ids`."""

    everyone: bool
    ward_ids: tuple[int, ...] = ()


def account_log_scope(user) -> AccountLogScope | None:
    """What of the accounts' log the user may read, or None (no query beyond scope_of's)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return AccountLogScope(everyone=True)
    wards = tuple(sorted(ward for ward, role in scope_of(user).roles.items() if role == Role.ADMIN))
    return AccountLogScope(everyone=False, ward_ids=wards) if wards else None


def may_read_account_log(user) -> bool:
    return account_log_scope(user) is not None
