"""API keys that admins issue to Open311 integrations (GeoReport v2 `api_key`). Only a hash of each key is stored."""

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def hash_key(raw: str) -> str:
    """Keys are 256-bit random strings, so a plain SHA-256 is a safe one-way store."""
    return hashlib.sha256(raw.encode("utf-8", "ignore")).hexdigest()


def new_key() -> str:
    return secrets.token_urlsafe(32)


class ApiKey(models.Model):
    name = models.CharField(_("name"), max_length=200, help_text=_("Who uses this key, e.g. the city's 1022 app"))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("key starts with"), max_length=8, editable=False,
                              help_text=_("The first characters of the key, to recognise it"))
    ward = models.ForeignKey("wards.Ward", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("ward"), help_text=_("Leave empty to let the key file cases in any ward"))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
