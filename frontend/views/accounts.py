"""Residents sign in with a one-time code sent to their e-mail or phone; no password to remember.
Staff log in with a password (django-axes locks a username out after repeated failures from one address), then
leaders and admins pass a second factor (frontend/views/two_factor.py); a forgotten password is reset by e-mail."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django_ratelimit.decorators import ratelimit

from portal.accounts import services
from portal.cases.permissions import scope_of
from portal.core.errors import DomainError
from portal.security import policy
from portal.security import services as security
from portal.security.forms import StaffAuthenticationForm

from ..forms import OneTimeCodeForm, ResidentSignInForm

SESSION_PENDING = "openward_signin"


def _rate(group, request):
    return settings.RATE_LOOKUP


def _safe_next(request, default="frontend:my-cases"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return redirect(default).url


@ratelimit(key="ip", rate=_rate, method="POST", block=True)
def sign_in(request):
    # "Send a new code" (on the page asking for the code) comes back here: the address the last code went to is filled
    # in, so a new code is one click away.
    pending = request.session.get(SESSION_PENDING) or {}
    initial = {key: pending[key] for key in ("channel", "contact") if pending.get(key)}
    form = ResidentSignInForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_code(channel=form.cleaned_data["channel"], contact=form.cleaned_data["contact"],
                                  language=get_language() or "vi")
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            request.session[SESSION_PENDING] = {"channel": form.cleaned_data["channel"],
                                                "contact": form.cleaned_data["contact"],
                                                "next": _safe_next(request)}
            return redirect("frontend:resident-code")
    status = 400 if request.method == "POST" else 200
    return render(request, "frontend/resident_sign_in.html", {"form": form, "next": _safe_next(request)},
                  status=status)


@ratelimit(key="ip", rate=_rate, method="POST", block=True)
def enter_code(request):
    pending = request.session.get(SESSION_PENDING)
    if not pending:
        return redirect("frontend:resident-sign-in")
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.verify_code(channel=pending["channel"], contact=pending["contact"],
                                        code=form.cleaned_data["code"])
        except DomainError as exc:
            form.add_error("code", exc.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(pending.get("next") or "frontend:my-cases")
    status = 400 if request.method == "POST" else 200
    return render(request, "frontend/resident_code.html", {"form": form, "pending": pending}, status=status)


class StaffLoginView(LoginView):
    """Staff log in with a password; staff of a ward land on their desk, others where they were going. A leader or
    admin (or anyone who turned two-step verification on) goes through the second factor first: set up an
    authenticator at the first login, type its code at every login."""

    template_name = "frontend/login.html"
    authentication_form = StaffAuthenticationForm

    def get_default_redirect_url(self):
        if scope_of(self.request.user).is_staff_member:
            return reverse("frontend:desk-queue")
        return super().get_default_redirect_url()

    def form_valid(self, form):
        response = super().form_valid(form)  # login(): audited, and the session notes what the user owes
        owed = policy.owed_by(self.request.user, enrolled=self.request.session.get(policy.SESSION_ENROLLED, False))
        if owed:
            step = "frontend:two-factor-setup" if owed == policy.SET_UP else "frontend:two-factor-verify"
            return redirect(reverse(step) + "?" + urlencode({"next": self.get_success_url()}))
        return response


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout response (settings.AXES_LOCKOUT_CALLABLE): the same page for every locked username."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "frontend/accounts/locked_out.html",
                  {"minutes": minutes, "failures": settings.AXES_FAILURE_LIMIT}, status=429)


# --- password reset by e-mail (Django's views, our templates; the answer never tells whether an account exists) ---

@method_decorator(ratelimit(key="ip", rate=_rate, method="POST", block=True), name="post")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "frontend/accounts/password_reset_form.html"
    email_template_name = "frontend/accounts/password_reset_email.txt"
    subject_template_name = "frontend/accounts/password_reset_subject.txt"
    success_url = reverse_lazy("frontend:password-reset-done")

    def form_valid(self, form):
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "frontend/accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "frontend/accounts/password_reset_confirm.html"
    success_url = reverse_lazy("frontend:password-reset-complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        security.audit_password_reset(user=form.user, request=self.request)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "frontend/accounts/password_reset_complete.html"
