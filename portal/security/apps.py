from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Staff account security: two-factor policy and devices, login auditing, idle timeouts, security headers."""

    name = "portal.security"
    label = "security"

    def ready(self):
        from django.contrib import admin

        from . import signals  # noqa: F401  (connects the auth and django-axes signal receivers)
        from .forms import AdminStaffAuthenticationForm

        admin.site.login_form = AdminStaffAuthenticationForm  # the same username check as the portal's login
