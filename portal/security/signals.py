"""Every password login, logout, failed login and lockout goes into the audit log (Django's auth signals and
django-axes' lockout signal). A session also remembers, from its login, whether it belongs to staff and whether the
user has two-step verification, so that the middleware needs no query for residents."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import policy, services


@receiver(user_logged_in, dispatch_uid="openward-audit-login")
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        policy.remember(request.session, user)
    services.audit_login(user=user, request=request)


@receiver(user_logged_out, dispatch_uid="openward-audit-logout")
def _logged_out(sender, request, user, **kwargs):
    if user is None:
        return
    services.audit_logout(user=user, request=request, reason=getattr(request, "openward_logout_reason", "user"))


@receiver(user_login_failed, dispatch_uid="openward-audit-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    services.audit_login_failed(username=credentials.get("username", ""), request=request)


@receiver(user_locked_out, dispatch_uid="openward-audit-lockout")
def _locked_out(sender, request, username, ip_address, **kwargs):
    services.audit_lockout(username=username, ip_address=ip_address)
