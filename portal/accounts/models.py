"""Resident accounts verified by a one-time code sent to an e-mail address or a phone (SPEC §1)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Phone (SMS)")


class ResidentProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resident")
    channel = models.CharField(max_length=8, choices=ContactChannel.choices)
    # The normalised e-mail address or phone number that was verified; one account per contact.
    contact = models.CharField(max_length=254)
    verified_at = models.DateTimeField()
    display_name = models.CharField(_("full name"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "contact"], name="resident_unique_contact"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()}: {self.contact}"


class OneTimeCode(models.Model):
    channel = models.CharField(max_length=8, choices=ContactChannel.choices)
    contact = models.CharField(max_length=254)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # the latest code for a contact, and the per-contact send throttle
            models.Index(fields=["channel", "contact", "-created_at"], name="otp_contact_idx"),
        ]

    def __str__(self):
        return f"code for {self.channel}:{self.contact}"
