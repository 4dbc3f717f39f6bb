"""Residents sign in with a one-time code sent to their e-mail or phone; no password to remember."""

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django_ratelimit.decorators import ratelimit

from portal.accounts import services
from portal.cases.permissions import scope_of
from portal.core.errors import DomainError

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
    form = ResidentSignInForm(request.POST or None)
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
    """Staff log in with a password; staff of a ward land on their desk, others where they were going."""

    template_name = "frontend/login.html"

    def get_default_redirect_url(self):
        if scope_of(self.request.user).is_staff_member:
            return reverse("frontend:desk-queue")
        return super().get_default_redirect_url()
