from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Staff account security: two-factor policy and devices, login auditing, idle timeouts, security headers."""

    name = "portal.security"
    label = "security"

    def ready(self):
        from . import signals  # noqa: F401  (connects the auth and django-axes signal receivers)
