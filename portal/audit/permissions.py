"""Who may read the audit log (SPEC §7: "viewable by leaders and supervisors"): a ward's leaders and supervisors, that
ward's events only. Officers and admins may not (admins keep reference data, not residents' cases); events that
belong to no ward (logins, residents' accounts) are nobody's to read here."""

from portal.cases.permissions import scope_of
from portal.wards.models import Role

LOG_READERS = frozenset({Role.LEADER, Role.SUPERVISOR})


def log_ward_ids(user) -> list[int]:
    """The wards whose audit log the user may read (no query beyond scope_of's, which is cached on the user)."""
    return sorted(ward for ward, role in scope_of(user).roles.items() if role in LOG_READERS)


def may_read_log(user, ward_id: int | None = None) -> bool:
    wards = log_ward_ids(user)
    return bool(wards) if ward_id is None else ward_id in wards
