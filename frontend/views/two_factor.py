"""Two-step verification of staff accounts (portal.security): the code at login, setting up an authenticator app,
backup codes, and the account security page where officers and supervisors may turn it on or off."""

import functools
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from portal.core.errors import DomainError
from portal.security import policy, services

from ..forms import SecondFactorCodeForm

SESSION_NEW_CODES = "openward_new_backup_codes"


def _rate(group, request):
    return settings.RATE_LOOKUP


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse("frontend:desk-queue") if policy.is_staff_account(request.user) else reverse("frontend:home")


def _with_next(name: str, request) -> str:
    return reverse(name) + "?" + urlencode({"next": _next(request)})


def staff_only(view):
    """Logged-in staff (ward staff or Django admin users); anonymous visitors go to the staff login page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("frontend:login"))
        if not policy.is_staff_account(request.user):
            return render(request, "frontend/desk/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


def _passed(request, device) -> None:
    """The second factor is passed: bind the device to the session under a new session key."""
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session[policy.SESSION_ENROLLED] = True


@ratelimit(key="ip", rate=_rate, method="POST", block=True)
@staff_only
def verify(request):
    """After the password: a code from the authenticator app, or a backup code."""
    user = request.user
    owed = policy.owed_by(user)
    if owed == policy.VERIFY:
        request.session[policy.SESSION_ENROLLED] = True
    elif not user.is_verified():  # the device was removed meanwhile (an admin reset it)
        request.session[policy.SESSION_ENROLLED] = False
    if owed == policy.SET_UP:
        return redirect(_with_next("frontend:two-factor-setup", request))
    if owed == policy.NOTHING:
        return redirect(_next(request))
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.check_code(user=user, code=form.cleaned_data["code"], request=request)
        except DomainError as exc:
            form.add_error("code", exc.message)
        else:
            _passed(request, device)
            left = services.backup_codes_left(user)
            if left <= 3:
                messages.warning(request, _("You have %(count)d backup codes left. Make new ones on the account "
                                            "security page.") % {"count": left})
            return redirect(_next(request))
    status = 400 if request.method == "POST" else 200
    return render(request, "frontend/accounts/two_factor_verify.html", {"form": form, "next": _next(request)},
                  status=status)


@ratelimit(key="ip", rate=_rate, method="POST", block=True)
@staff_only
def setup(request):
    """Set up an authenticator app: scan the QR code (or type the secret), then type a code to confirm."""
    user = request.user
    try:
        device = services.pending_totp(user=user)
    except DomainError as exc:
        if policy.owed_by(user) == policy.VERIFY:
            return redirect(_with_next("frontend:two-factor-verify", request))
        messages.info(request, exc.message)
        return redirect("frontend:account-security")
    form = SecondFactorCodeForm(request.POST or None, backup_codes=False)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.confirm_totp(user=user, code=form.cleaned_data["code"], request=request)
        except DomainError as exc:
            form.add_error("code", exc.message)
        else:
            _passed(request, device)
            request.session[SESSION_NEW_CODES] = codes
            return redirect(_with_next("frontend:two-factor-backup-codes", request))
    status = 400 if request.method == "POST" else 200
    uri = device.config_url
    return render(request, "frontend/accounts/two_factor_setup.html", {
        "form": form, "next": _next(request), "qr_svg": services.qr_svg(uri), "otpauth_uri": uri,
        "secret": services.secret_text(device), "required": policy.second_factor_required(user),
    }, status=status)


@staff_only
def backup_codes(request):
    """New backup codes, shown once (GET), or made anew (POST: the old ones stop working)."""
    if request.method == "POST":
        try:
            request.session[SESSION_NEW_CODES] = services.renew_backup_codes(user=request.user, request=request)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("frontend:account-security")
        return redirect(_with_next("frontend:two-factor-backup-codes", request))
    codes = request.session.pop(SESSION_NEW_CODES, None)
    if not codes:
        return redirect("frontend:account-security")
    return render(request, "frontend/accounts/two_factor_backup_codes.html",
                  {"codes": codes, "next": _next(request)})


@staff_only
def overview(request):
    user = request.user
    enrolled = policy.has_device(user)
    return render(request, "frontend/accounts/security.html", {
        "enrolled": enrolled, "required": policy.second_factor_required(user),
        "backup_codes_left": services.backup_codes_left(user) if enrolled else 0,
        "idle_minutes": settings.SESSION_IDLE_TIMEOUT // 60,
    })


@require_POST
@staff_only
def disable(request):
    try:
        services.turn_off(user=request.user, request=request)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        request.session[policy.SESSION_ENROLLED] = False
        request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
        messages.success(request, _("Two-step verification is off."))
    return redirect("frontend:account-security")
