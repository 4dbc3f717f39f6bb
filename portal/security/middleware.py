"""Request-level guards of staff sessions, and the Permissions-Policy header.

URLs are named, not imported: this module knows the names of the login and two-step pages of the web frontend,
never their views.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import policy

SESSION_LAST_SEEN = policy.SESSION_LAST_SEEN
TOUCH_EVERY = 60  # seconds: the session is written at most once a minute just to note activity

# Pages an unverified session may still use: logging in and out, the two-step pages, password reset, language.
EXEMPT_VIEWS = frozenset({
    "frontend:login", "frontend:logout", "frontend:two-factor-verify", "frontend:two-factor-setup",
    "frontend:password-reset", "frontend:password-reset-done", "frontend:password-reset-confirm",
    "frontend:password-reset-complete", "set_language", "admin:logout",
})
API_PREFIXES = ("/api/", "/open311/")


class StaffIdleTimeoutMiddleware:
    """Logs a staff session out after SESSION_IDLE_TIMEOUT seconds without a request (0 turns it off). The request
    then goes on as an anonymous one: the desk sends it to the login page (with a message), the API answers 401."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        timeout = settings.SESSION_IDLE_TIMEOUT
        if session is not None and timeout and session.get(policy.SESSION_STAFF) and request.user.is_authenticated:
            now = int(time.time())
            last = session.get(SESSION_LAST_SEEN)
            if last is not None and now - last > timeout:
                request.openward_logout_reason = "idle"
                logout(request)
                if not request.path.startswith(API_PREFIXES):
                    messages.warning(request, _("You were logged out after %(minutes)d minutes without activity. "
                                                "Please log in again.") % {"minutes": timeout // 60})
            elif last is None or now - last >= TOUCH_EVERY:
                session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """A leader's or admin's session (or that of anyone who turned two-step verification on) that has passed the
    password but not the second factor may only use the login and two-step pages: web pages redirect there, the API
    answers 403. Django admin is covered too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        session = request.session
        if policy.SESSION_STAFF not in session:  # a session from before this rule: find out once
            policy.remember(session, user)
        if not session[policy.SESSION_STAFF]:
            # No staff account at login; it may have become one since (an administrator gives a new account its
            # role while its owner is logged in, or makes a resident's account staff). Asked on every request, or
            # that session would work as a leader without ever passing the second step, and without the idle
            # timeout. One query for a signed-in resident (the user's roles: scope_of, kept for the request).
            if not policy.is_staff_account(user):
                return None
            policy.remember(session, user)
        owed = policy.owed_by(user, enrolled=session.get(policy.SESSION_ENROLLED, False))
        if not owed:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_VIEWS:
            return None
        if request.path.startswith(API_PREFIXES):
            return JsonResponse({"detail": _("Two-step verification is required: finish logging in on the web "
                                             "first.")}, status=403)
        target = reverse("frontend:two-factor-setup" if owed == policy.SET_UP else "frontend:two-factor-verify")
        if request.method in ("GET", "HEAD"):
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)


class PermissionsPolicyMiddleware:
    """Permissions-Policy: turns off browser features that no page uses (settings.PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
