from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as OTPStaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as OTPTOTPConfig


class SecurityConfig(AppConfig):
    """Staff account security: two-factor policy and devices, login auditing, idle timeouts, security headers."""

    default = True  # the config of "portal.security" in INSTALLED_APPS (this module holds others below)
    name = "portal.security"
    label = "security"
    verbose_name = _("Account security")

    def ready(self):
        from django.contrib import admin

        from . import signals  # noqa: F401  (connects the auth and django-axes signal receivers)
        from .forms import AdminStaffAuthenticationForm

        admin.site.login_form = AdminStaffAuthenticationForm  # the same username check as the portal's login


# django-otp and django-axes name their apps and some models in English only (the admin showed "Otp_Totp",
# "TOTP devices", "Axes"). These configs, named in INSTALLED_APPS instead of the apps themselves, give them names in
# the portal's languages. The model names are set at start: django-otp's are plain strings in its Meta, which no
# catalogue can translate. Migrations read a model's Meta as written (Options.original_attrs), so nothing changes
# there. Axes's model and field names are gettext_lazy and translated in the project's catalogue.

def _rename_model(model, singular, plural) -> None:
    model._meta.verbose_name = singular
    model._meta.verbose_name_plural = plural


class TOTPConfig(OTPTOTPConfig):
    verbose_name = _("Two-step verification: authenticator apps")

    def ready(self):
        super().ready()
        _rename_model(self.get_model("TOTPDevice"), _("authenticator app"), _("authenticator apps"))


class StaticConfig(OTPStaticConfig):
    verbose_name = _("Two-step verification: backup codes")

    def ready(self):
        super().ready()
        _rename_model(self.get_model("StaticDevice"), _("set of backup codes"), _("sets of backup codes"))
        _rename_model(self.get_model("StaticToken"), _("backup code"), _("backup codes"))


class AxesConfig(AxesAppConfig):
    verbose_name = _("Login lockouts")
