"""Residents sign in with a one-time code sent to their e-mail or phone; no password to remember."""

from django.conf import settings
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django_ratelimit.decorators import ratelimit

from portal.accounts import services
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
