"""Staff account security: setting up, using and turning off the second factor; auditing logins.

Each action is one function with keyword-only arguments and an explicit actor; its audit event is written in the same
transaction. Web views (frontend/views/two_factor.py) only parse input and call these.
"""

import base64
import re
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.audit.services import record
from portal.core.errors import DomainError
from portal.core.text import mask_recipient
from portal.core.timeutil import now
from portal.notifications.models import NotificationChannel
from portal.notifications.services import enqueue
from portal.wards.services import membership_deleted

from . import policy

TOTP_NAME = "authenticator"
BACKUP_NAME = "backup"
_SPACES = re.compile(r"[\s-]+")


def _normalise(code: str) -> str:
    return _SPACES.sub("", code or "").lower()


def _audit(*, action: str, user, actor=None, request=None, **data) -> None:
    if request is not None:
        data.setdefault("ip", request.META.get("REMOTE_ADDR", ""))
    with transaction.atomic():
        record(action=action, actor=actor if actor is not None else user, object_type="auth.user",
               object_id=user.pk if user is not None else "", data=data)


# --- setting up -------------------------------------------------------------------------------------------------

def pending_totp(*, user) -> TOTPDevice:
    """The authenticator being set up: created once, then the same secret until it is confirmed (a reload of the
    set-up page shows the same QR code). Refused when the user already has a confirmed authenticator."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise DomainError(_("Two-step verification is already on for this account."), code="already_enabled")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def confirm_totp(*, user, code: str, request=None) -> tuple[TOTPDevice, list[str]]:
    """The user typed a code from their new authenticator: turn two-step verification on and issue backup codes.
    Returns the confirmed device and the backup codes (shown once)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            raise DomainError(_("Start the set-up again: no authenticator is waiting for confirmation."),
                              code="no_pending_device")
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            raise DomainError(_("Too many wrong codes. Wait a minute, then try again."), code="throttled")
        if not device.verify_token(_normalise(code)):
            raise DomainError(_("This code is not right. Check the time on your phone and type the current code."),
                              code="wrong_code")
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        codes = _issue_backup_codes(user)
        _audit(action="auth.two_factor_enabled", user=user, request=request, device="totp")
    return device, codes


def _issue_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(settings.OTP_BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def renew_backup_codes(*, user, request=None) -> list[str]:
    """New backup codes replace the old ones (all of them stop working)."""
    with transaction.atomic():
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise DomainError(_("Turn on two-step verification first."), code="not_enabled")
        codes = _issue_backup_codes(user)
        _audit(action="auth.backup_codes_renewed", user=user, request=request, count=len(codes))
    return codes


def turn_off(*, user, request=None) -> None:
    """Officers and supervisors may turn two-step verification off again; leaders and admins may not (an admin
    resets it in /admin/ with reset_two_factor, and the leader sets up a new one at the next login)."""
    with transaction.atomic():
        if policy.second_factor_required(user):
            raise DomainError(_("Two-step verification is required for leaders and administrators."),
                              code="required")
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        _audit(action="auth.two_factor_disabled", user=user, request=request)


# --- what an administrator does (Django admin, portal/security/admin.py) --------------------------------------------

def reset_two_factor(*, user, actor, request=None) -> dict[str, int]:
    """An administrator removes ALL of the user's second-factor devices (the authenticator app, confirmed or being set
    up, and the backup codes): for a lost phone or used-up backup codes. A leader or admin then sets up a new app at the
    next login (policy.owed_by: SET_UP); a session bound to a removed device is no longer verified and is sent there too
    (frontend/views/two_factor.verify). Audited with the administrator as actor; the user is told by e-mail.
    Returns how many authenticators and backup codes were removed."""
    with transaction.atomic():
        _total, removed = TOTPDevice.objects.filter(user=user).delete()
        authenticators = removed.get(TOTPDevice._meta.label, 0)
        _total, removed = StaticDevice.objects.filter(user=user).delete()
        counts = {"authenticators": authenticators, "backup_codes": removed.get(StaticToken._meta.label, 0)}
        _audit(action="auth.two_factor_reset", user=user, actor=actor, request=request, **counts)
        if counts["authenticators"] or counts["backup_codes"]:
            _tell_user(user, key="two-factor-reset", actor=actor,
                       subject=_("The two-step verification of your OpenWard account was reset"),
                       body=_("An administrator (%(admin)s) reset the two-step verification of your account "
                              "%(username)s on %(when)s: your authenticator app and your backup codes no longer work. "
                              "At your next login you will set up a new authenticator app.\n\nIf you did not ask "
                              "for this, report it to the leadership of your ward at once."))
    return counts


def password_set_by_admin(*, user, actor, request=None) -> None:
    """An administrator set (or removed) the user's password in the Django admin. Called in the transaction that
    saved it: audited with the administrator as actor, and the user is told by e-mail (the old password, and with it
    every other session of the user, no longer works)."""
    staff = policy.is_staff_account(user)
    with transaction.atomic():
        _audit(action="auth.password_set_by_admin", user=user, actor=actor, request=request, staff=staff,
               usable=user.has_usable_password())
        _tell_user(user, key="password-set", actor=actor,
                   subject=_("The password of your OpenWard account was changed"),
                   body=_("An administrator (%(admin)s) changed the password of your account %(username)s on "
                          "%(when)s.\n\nIf you did not ask for this, report it to the leadership of your ward at "
                          "once."))


# What of an account an administrator may change in the admin that decides who can get in and with what powers: the
# name it logs in with, the address the account's e-mails (a password reset link among them) go to, whether it may log
# in, its powers (staff, superuser), and the groups and permissions that give it powers in the admin.
ACCOUNT_FIELDS = ("username", "email", "is_active", "is_staff", "is_superuser", "groups", "user_permissions")
# The fields' names in the events' data: the username is "account", as in the staff roles' events (the log page hides
# any "username" value: a failed login records what was typed).
_DATA_KEYS = {"username": "account", "user_permissions": "permissions"}


def account_state(user_id: int) -> dict:
    """The account's ACCOUNT_FIELDS as saved (row locked until commit), or {} when there is none: groups by name,
    permissions as "app_label.codename", both sorted. Read before the admin's form is saved over them, and after."""
    user_model = get_user_model()
    row = (user_model.objects.select_for_update().filter(pk=user_id)
           .values(*[field for field in ACCOUNT_FIELDS if field not in ("groups", "user_permissions")]).first())
    if row is None:
        return {}
    row["groups"] = sorted(Group.objects.filter(user=user_id).values_list("name", flat=True))
    row["user_permissions"] = sorted(
        f"{app}.{codename}" for app, codename in
        Permission.objects.filter(user=user_id).values_list("content_type__app_label", "codename"))
    return row


def _recorded(state: dict, fields) -> dict:
    """The fields of an account's state as an event's data: e-mail addresses masked ("k•••@example.vn": the log keeps
    them for ever)."""
    return {_DATA_KEYS.get(field, field): mask_recipient(state[field]) if field == "email" and state[field]
            else state[field] for field in fields}


def account_created_by_admin(*, user, actor, request=None) -> None:
    """An administrator created the account in the Django admin: called in the transaction that saved it. Audited
    (auth.account_created) with what the account is: its username, address (masked), flags, groups, permissions and
    whether it has a password to log in with."""
    state = account_state(user.pk)
    with transaction.atomic():
        _audit(action="auth.account_created", user=user, actor=actor, request=request,
               **_recorded(state, ACCOUNT_FIELDS), usable_password=user.has_usable_password())


def account_changed_by_admin(*, user, before: dict, actor, request=None) -> bool:
    """An administrator saved the user's account in the Django admin: called in the transaction that saved it (its
    groups and permissions too), with the account's state before (account_state). What changed of ACCOUNT_FIELDS is
    audited (auth.account_changed) with the administrator as actor; nothing is recorded when none of them changed.
    When the address changed, the OLD address is told, so a hijacked account is noticed by its owner. Returns whether
    anything was recorded."""
    after = account_state(user.pk)
    changed = [field for field in ACCOUNT_FIELDS if field in before and before[field] != after[field]]
    if not changed:
        return False
    old_email = before.get("email") or ""
    with transaction.atomic():
        _audit(action="auth.account_changed", user=user, actor=actor, request=request,
               before=_recorded(before, changed), after=_recorded(after, changed))
        if "email" in changed and old_email:
            body = (_("An administrator (%(admin)s) changed the e-mail address of your account %(username)s on "
                      "%(when)s to %(new)s: the account's e-mails, a password reset among them, no longer come to "
                      "this address.\n\nIf you did not ask for this, report it to the leadership of your ward at once.")
                    if user.email else
                    _("An administrator (%(admin)s) removed the e-mail address of your account %(username)s on "
                      "%(when)s: the account's e-mails, a password reset among them, no longer come to this "
                      "address.\n\nIf you did not ask for this, report it to the leadership of your ward at once."))
            _tell_user(user, key="email-changed", actor=actor, recipient=old_email,
                       subject=_("The e-mail address of your OpenWard account was changed"), body=body,
                       new=mask_recipient(user.email))
    return True


def account_deleted_by_admin(*, user_id: int, before: dict, roles: list[tuple[int, dict]], actor,
                             request=None) -> None:
    """An administrator deleted the account (its state `before`, account_state) in the Django admin: called in the
    transaction that deleted it. Audited (auth.account_deleted) with what the account was; its staff roles, deleted
    with it, are each taken away in its ward's log (`roles`: portal.wards.services.memberships_of, read before)."""
    if not before:
        return
    data = _recorded(before, ACCOUNT_FIELDS)
    if request is not None:
        data["ip"] = request.META.get("REMOTE_ADDR", "")
    with transaction.atomic():
        record(action="auth.account_deleted", actor=actor, object_type="auth.user", object_id=user_id, data=data)
        for membership_id, state in roles:
            membership_deleted(membership_id=membership_id, before=state, actor=actor)


# --- groups of permissions (the Django admin's groups, portal/security/admin.py) -----------------------------------

def group_state(group_id: int) -> dict:
    """The group as saved (row locked until commit), or {} when there is none: its name ("group") and its permissions
    as sorted "app_label.codename" (ids would mean nothing later). Read before the admin's form is saved over it, and
    after."""
    name = Group.objects.select_for_update().filter(pk=group_id).values_list("name", flat=True).first()
    if name is None:
        return {}
    return {"group": name, "permissions": sorted(
        f"{app}.{codename}" for app, codename in
        Permission.objects.filter(group=group_id).values_list("content_type__app_label", "codename"))}


def _audit_group(*, action: str, group_id: int, actor, request=None, **data) -> None:
    if request is not None:
        data["ip"] = request.META.get("REMOTE_ADDR", "")
    with transaction.atomic():
        record(action=action, actor=actor, object_type="auth.group", object_id=group_id, data=data)


def group_saved_by_admin(*, group, before: dict | None, actor, request=None) -> bool:
    """An administrator saved a group of permissions in the Django admin (its permissions too): called in the
    transaction that saved it, with its state before (group_state; None for a new group). Every member of a group has
    its permissions, so these are audited with the administrator as actor: a new group (auth.group_created) with its
    name and permissions; a renamed one or one given or taken permissions (auth.group_changed) with what changed before
    and after, and its name. Nothing is recorded when neither changed. Returns whether anything was recorded."""
    after = group_state(group.pk)
    if before is None:
        _audit_group(action="auth.group_created", group_id=group.pk, actor=actor, request=request, **after)
        return True
    changed = [key for key in ("group", "permissions") if before.get(key) != after[key]]
    if not changed:
        return False
    _audit_group(action="auth.group_changed", group_id=group.pk, actor=actor, request=request, group=after["group"],
                 before={key: before.get(key) for key in changed}, after={key: after[key] for key in changed})
    return True


def group_deleted_by_admin(*, group_id: int, before: dict, members: int, actor, request=None) -> None:
    """An administrator deleted a group of permissions (its state `before`, group_state; `members`: how many accounts
    it had, who lose its permissions) in the Django admin: called in the transaction that deleted it."""
    if before:
        _audit_group(action="auth.group_deleted", group_id=group_id, actor=actor, request=request, **before,
                     members=members)


def revoke_api_token(*, token, actor, request=None) -> None:
    """An administrator revokes a user's API token (Django REST framework's): audited with the administrator as actor.
    The key itself is never written anywhere."""
    with transaction.atomic():
        user = token.user
        token.delete()
        _audit(action="auth.api_token_revoked", user=user, actor=actor, request=request)


def _tell_user(user, *, key: str, actor, subject, body, recipient: str | None = None, **values) -> None:
    """An e-mail to the user about a change an administrator made to their account, in the portal's language (staff
    accounts have no language of their own), sent after commit through the outbox: to the account's address, or to
    `recipient` (the old address, when the address itself changed). `values` fill the body's other placeholders."""
    recipient = user.email if recipient is None else recipient
    if not recipient:
        return
    moment = now()
    with translation.override(settings.LANGUAGE_CODE):
        text = str(body) % {"admin": actor.get_username(), "username": user.get_username(),
                            "when": formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT"), **values}
        enqueue(key=f"account:{user.pk}:{key}:{moment.timestamp()}", channel=NotificationChannel.EMAIL,
                recipient=recipient, subject=str(subject), body=text)


# --- using ------------------------------------------------------------------------------------------------------

def check_code(*, user, code: str, request=None):
    """A code at login: six digits from the authenticator, or one of the backup codes (each works once). Returns
    the device that accepted it; every success and failure is audited."""
    code = _normalise(code)
    is_totp = code.isdigit() and len(code) == 6
    model = TOTPDevice if is_totp else StaticDevice
    with transaction.atomic():
        devices = list(model.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk"))
        throttled = False
        for device in devices:
            allowed, _info = device.verify_is_allowed()
            if not allowed:
                throttled = True
                continue
            if device.verify_token(code):
                remaining = None if is_totp else device.token_set.count()
                _audit(action="auth.second_factor_passed", user=user, request=request,
                       device="totp" if is_totp else "backup_code",
                       **({} if remaining is None else {"backup_codes_left": remaining}))
                return device
    _audit(action="auth.second_factor_failed", user=user, request=request, throttled=throttled)
    if throttled:
        raise DomainError(_("Too many wrong codes. Wait a minute, then try again."), code="throttled")
    raise DomainError(_("This code is not right or was already used."), code="wrong_code")


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- showing the secret -----------------------------------------------------------------------------------------

def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an authenticator app by hand."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_svg(text: str) -> str:
    """An SVG QR code (paths only: no script, no style attribute), to embed in the page."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    out = BytesIO()
    image.save(out)
    svg = out.getvalue().decode("utf-8")
    return svg[svg.index("<svg"):]


# --- logins (called by the signal receivers in signals.py) ------------------------------------------------------

def audit_login(*, user, request) -> None:
    _audit(action="auth.login", user=user, request=request, staff=policy.is_staff_account(user))


def audit_logout(*, user, request, reason: str) -> None:
    _audit(action="auth.logout", user=user, request=request, reason=reason)


def audit_login_failed(*, username: str, request) -> None:
    data = {"username": (username or "")[:150]}
    if request is not None:
        data["ip"] = request.META.get("REMOTE_ADDR", "")
    with transaction.atomic():
        record(action="auth.login_failed", actor=None, actor_label="anonymous", object_type="auth.user",
               object_id="", data=data)


def audit_lockout(*, username: str, ip_address: str) -> None:
    with transaction.atomic():
        record(action="auth.locked_out", actor=None, actor_label="anonymous", object_type="auth.user", object_id="",
               data={"username": (username or "")[:150], "ip": ip_address or "",
                     "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)})


def audit_password_reset(*, user, request) -> None:
    _audit(action="auth.password_reset", user=user, request=request)
