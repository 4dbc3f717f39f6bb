"""Who must use a second factor, and what a session still owes (the one place these rules are written).

- Leaders and admins of any ward, and Django superusers, MUST pass a TOTP code (or a backup code) after the
  password; without a confirmed device they are sent to set one up first.
- Officers and supervisors MAY turn it on; once they have a confirmed device, their logins need it too.
- Residents sign in with one-time codes sent to them (portal.accounts) and have no password or device.
"""

import time

from django_otp import user_has_device

from portal.cases.permissions import scope_of
from portal.wards.models import Role

MANDATORY_ROLES = frozenset({Role.LEADER, Role.ADMIN})

# What a session owes: nothing, the set-up of a device (mandatory users without one), or a code.
NOTHING = ""
SET_UP = "set_up"
VERIFY = "verify"


def is_staff_account(user) -> bool:
    """Ward staff or a Django admin user: password logins, idle timeout, two-factor offered."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or user.is_superuser or scope_of(user).roles)


def second_factor_required(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or MANDATORY_ROLES & set(scope_of(user).roles.values()))


def has_device(user) -> bool:
    """A confirmed TOTP device or a set of backup codes."""
    return user_has_device(user, confirmed=True)


SESSION_STAFF = "openward_staff"
SESSION_ENROLLED = "openward_2fa_enrolled"
SESSION_LAST_SEEN = "openward_last_seen"


def remember(session, user) -> None:
    """Called at login (and by enable/disable): what the middleware needs to know without a query per request."""
    staff = is_staff_account(user)
    session[SESSION_STAFF] = staff
    session[SESSION_ENROLLED] = staff and has_device(user)
    session[SESSION_LAST_SEEN] = int(time.time())


def owed_by(user, *, enrolled: bool | None = None) -> str:
    """What the user's session must still do before using the portal (NOTHING once verified). `enrolled` may carry
    a known answer to has_device() and spare the query."""
    if not getattr(user, "is_authenticated", False):
        return NOTHING
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return NOTHING
    required = second_factor_required(user)
    if enrolled is None:
        if not (required or is_staff_account(user)):
            return NOTHING
        enrolled = has_device(user)
    if enrolled:
        return VERIFY
    return SET_UP if required else NOTHING
