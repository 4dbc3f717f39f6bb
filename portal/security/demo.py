"""Demo two-step verification for `make run`: the demo leaders and admin get an authenticator with a published
secret and five backup codes (portal.core.demo_data.TWO_FACTOR). Idempotent: an account that has a confirmed
authenticator is left as it is."""

import base64

from django.contrib.auth import get_user_model
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.core.demo_data import TWO_FACTOR

from .services import BACKUP_NAME, TOTP_NAME


def seed(*, wards, today) -> dict:
    created = 0
    users = get_user_model().objects.filter(username__in=list(TWO_FACTOR))
    for user in users:
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            continue
        spec = TWO_FACTOR[user.username]
        key = base64.b32decode(spec["secret"]).hex()
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name=TOTP_NAME, key=key, confirmed=True)
        StaticDevice.objects.filter(user=user).delete()
        backup = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
        for code in spec["backup_codes"]:
            backup.token_set.create(token=code)
        created += 1
    return {"authenticators": created}
