"""Passwordless sign-in for residents: a 6-digit code, valid 10 minutes, 5 tries, 3 codes per 15 minutes."""

import datetime as dt
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from portal.audit.services import record
from portal.core.errors import DomainError
from portal.core.timeutil import now
from portal.notifications.services import enqueue

from .models import ContactChannel, OneTimeCode, ResidentProfile

CODE_TTL = dt.timedelta(minutes=10)
MAX_ATTEMPTS = 5
SEND_WINDOW = dt.timedelta(minutes=15)
MAX_SENDS_PER_WINDOW = 3
_PHONE = re.compile(r"^\+?[0-9]{8,15}$")


def normalise_contact(channel: str, raw: str) -> str:
    """E-mail addresses lower-cased; Vietnamese phone numbers as +84… . Raises ValidationError when malformed."""
    value = (raw or "").strip()
    if channel == ContactChannel.EMAIL:
        validate_email(value)
        return value.lower()
    if channel == ContactChannel.SMS:
        digits = re.sub(r"[\s.\-()]", "", value)
        if digits.startswith("0"):
            digits = "+84" + digits[1:]
        elif digits.startswith("84"):
            digits = "+" + digits
        if not _PHONE.match(digits):
            raise ValidationError(_("Enter a valid phone number."), code="invalid")
        return digits
    raise ValidationError(_("Choose e-mail or phone."), code="invalid")


def _hash(code: str, contact: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{contact}:{code}".encode(), hashlib.sha256).hexdigest()


def request_code(*, channel: str, contact: str, language: str = "vi") -> OneTimeCode:
    """Send a one-time code to an e-mail address or phone. At most 3 codes per contact every 15 minutes."""
    contact = normalise_contact(channel, contact)
    moment = now()
    recent = OneTimeCode.objects.filter(channel=channel, contact=contact, created_at__gte=moment - SEND_WINDOW)
    if recent.count() >= MAX_SENDS_PER_WINDOW:
        raise DomainError(_("Too many codes were sent to this contact. Please wait 15 minutes."), code="throttled")
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        OneTimeCode.objects.filter(channel=channel, contact=contact, used_at__isnull=True).update(used_at=moment)
        otp = OneTimeCode.objects.create(channel=channel, contact=contact, code_hash=_hash(code, contact),
                                         created_at=moment, expires_at=moment + CODE_TTL)
        with translation.override(language if language in ("vi", "en") else "vi"):
            body = _("Your OpenWard code is %(code)s. It expires in 10 minutes. Never share it.") % {"code": code}
            subject = _("Your OpenWard sign-in code")
        enqueue(key=f"otp:{otp.pk}", channel="email" if channel == ContactChannel.EMAIL else "sms",
                recipient=contact, subject=subject, body=body)
    return otp


def verify_code(*, channel: str, contact: str, code: str):
    """Check a code; on success return the resident's user (created on first sign-in). Wrong codes count tries."""
    contact = normalise_contact(channel, contact)
    code = (code or "").strip()
    moment = now()
    with transaction.atomic():
        otp = (OneTimeCode.objects.select_for_update()
               .filter(channel=channel, contact=contact, used_at__isnull=True, expires_at__gt=moment)
               .order_by("-created_at").first())
        if otp is None or otp.attempts >= MAX_ATTEMPTS:
            error = DomainError(_("This code has expired. Ask for a new one."), code="expired")
        elif not hmac.compare_digest(otp.code_hash, _hash(code, contact)):
            # Count the try and commit it: raising inside this block would roll the count back.
            otp.attempts += 1
            otp.save(update_fields=["attempts"])
            error = DomainError(_("The code is not correct."), code="wrong_code")
        else:
            error = None
            user = _sign_in(otp, channel=channel, contact=contact, moment=moment)
    if error is not None:
        raise error
    return user


def _sign_in(otp, *, channel, contact, moment):
    otp.used_at = moment
    otp.save(update_fields=["used_at"])
    profile = ResidentProfile.objects.select_related("user").filter(channel=channel, contact=contact).first()
    if profile is None:
        user = get_user_model().objects.create_user(
            username=f"resident-{secrets.token_hex(8)}",
            email=contact if channel == ContactChannel.EMAIL else "",
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        profile = ResidentProfile.objects.create(user=user, channel=channel, contact=contact, verified_at=moment)
        record(action="resident.registered", obj=profile, actor=user, data={"channel": channel})
    else:
        profile.verified_at = moment
        profile.save(update_fields=["verified_at"])
    return profile.user


def resident_profile(user) -> ResidentProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return ResidentProfile.objects.filter(user=user).first()
