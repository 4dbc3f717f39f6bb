"""`manage.py demo_totp [username]`: the current two-step code of the demo leaders and admin (their secrets are
published in README.md), so that the demo can be tried without an authenticator app. Refused in production."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.core.demo_data import TWO_FACTOR


class Command(BaseCommand):
    help = "Print the current two-step verification code of the demo accounts (development only)."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="one demo account (default: all of them)")

    def handle(self, *args, username=None, **options):
        if settings.PRODUCTION:
            raise CommandError("demo_totp is for the demo only; refusing in production.")
        names = [username] if username else list(TWO_FACTOR)
        unknown = [name for name in names if name not in TWO_FACTOR]
        if unknown:
            raise CommandError(f"not a demo account with two-step verification: {', '.join(unknown)}")
        for device in TOTPDevice.objects.filter(user__username__in=names, confirmed=True).select_related("user"):
            totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
            self.stdout.write(f"{device.user.username}: {totp.token():0{device.digits}d}")
