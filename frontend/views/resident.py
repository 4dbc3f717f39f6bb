"""Resident pages: file a case, see the receipt, follow the case."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from portal.accounts.services import resident_profile
from portal.cases import escalation, selectors, services
from portal.cases.models import CaseState, Channel
from portal.cases.presentation import LEAD_EXPLANATION, resident_state, state_explanation
from portal.cases.workflow import rating_reopen_window_days, transition
from portal.core.errors import DomainError
from portal.wards.models import Ward

from ..forms import CaseForm, EscalateForm, LookupForm, RatingForm, ResidentMessageForm, WithdrawForm
from ..page_memo import PageMemo
from .errors import ratelimited
from .form_limits import limit_posts

SESSION_RECEIPT = "openward_receipt"
# How long after filing the receipt (with the case's secret link) can be opened again from the browser's session: long
# enough to reload it, print it or copy the link, short enough that the next person at a shared computer (a library,
# the ward's own kiosk) does not find it. The session itself lives for hours.
RECEIPT_SECONDS = 30 * 60


def _submit_rate(group, request):
    return settings.RATE_SUBMIT


def _lookup_rate(group, request):
    return settings.RATE_LOOKUP


def choose_ward(request):
    wards = Ward.objects.filter(is_active=True).only("code", "name", "city")
    code = request.GET.get("ward")
    if code and any(w.code == code for w in wards):
        return redirect("frontend:case-new", ward=code)
    # No ward is chosen for the resident: the list starts with "— choose the ward —", and a form sent without a ward
    # (or with one that no longer takes cases) says so.
    missing = code is not None
    return render(request, "frontend/choose_ward.html", {"wards": wards, "missing": missing},
                  status=400 if missing else 200)


def _refused_case_form(request, refusal, ward):
    """The case form as it was sent, refused by the rate limit: everything typed is there again (files cannot be)."""
    ward = get_object_or_404(Ward, code=ward, is_active=True)
    form = CaseForm(request.POST, ward=ward)
    return render(request, "frontend/case_form.html", {"form": form, "ward": ward, "refusal": refusal})


@limit_posts(rate=_submit_rate, refused=_refused_case_form, files=True)
def submit_case(request, ward):
    ward = get_object_or_404(Ward, code=ward, is_active=True)
    if request.method == "POST":
        form = CaseForm(request.POST, request.FILES, ward=ward)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k in _SUBMISSION_FIELDS}
            try:
                submitted = services.submit_case(
                    submission=services.Submission(ward=ward, channel=Channel.WEB,
                                                   language=get_language() or "vi", **data),
                    actor=request.user,
                )
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
            else:
                request.session[SESSION_RECEIPT] = {"code": submitted.case.tracking_code,
                                                    "token": submitted.access_token, "at": int(time.time())}
                return redirect("frontend:case-submitted")
        status = 400
    else:
        form = CaseForm(ward=ward, initial=_contact_initial(request.user))
        status = 200
    had_files = any(getattr(f, "name", "") for f in request.FILES.getlist("files"))
    return render(request, "frontend/case_form.html", {"form": form, "ward": ward, "had_files": had_files},
                  status=status)


def _contact_initial(user) -> dict:
    profile = resident_profile(user)
    if profile is None:
        return {}
    if profile.channel == "email":
        return {"contact_email": profile.contact, "notify_by": "email", "contact_name": profile.display_name}
    return {"contact_phone": profile.contact, "notify_by": "sms", "contact_name": profile.display_name}


_SUBMISSION_FIELDS = {
    "kind", "category", "area", "title", "description", "address", "latitude", "longitude", "decision_date",
    "decision_reference", "denounced_person", "evidence", "files", "is_anonymous", "contact_name", "contact_phone",
    "contact_email",
    "contact_address", "notify_by", "signatory_count", "representative_name", "publish_consent",
}


def submitted(request):
    receipt = request.session.get(SESSION_RECEIPT)
    if receipt and not 0 <= time.time() - receipt.get("at", 0) <= RECEIPT_SECONDS:
        del request.session[SESSION_RECEIPT]  # too old to show again: it holds the case's secret link
        receipt = None
    if not receipt:
        return redirect("frontend:case-lookup")
    case = selectors.case_for_resident(code=receipt["code"], token=receipt["token"])
    if case is None:
        raise Http404
    link = request.build_absolute_uri(services.secret_link_path(case, receipt["token"]))
    response = render(request, "frontend/case_submitted.html",
                      {"case": case, "token": receipt["token"], "secret_link": link,
                       "lead_explanation": LEAD_EXPLANATION})
    response["Cache-Control"] = "private, no-store"  # the secret link: not for the browser's cache
    return response


@ratelimit(key="ip", rate=_lookup_rate, block=True)
def lookup(request):
    form = LookupForm(request.GET or None)
    if form.is_valid():
        code = form.cleaned_data["code"].strip().upper()
        token = form.cleaned_data["token"].strip()
        if "/" in token:  # a whole secret link pasted into the field
            token = token.rstrip("/").rsplit("/", 1)[-1]
        if selectors.case_for_resident(code=code, token=token) is not None:
            return redirect("frontend:case-status", code=code, token=token)
        return _not_found(request, form)
    return render(request, "frontend/case_lookup.html", {"form": form})


def _not_found(request, form):
    """A wrong code and a wrong secret get the same answer."""
    return render(request, "frontend/case_lookup.html", {"form": form, "not_found": True}, status=404)


# Status pages of anonymous visitors, per process: one query finds the case and tells whether its page changed.
STATUS_PAGES = PageMemo(max_entries=512)


@ratelimit(key="ip", rate=_lookup_rate, block=True)
def status(request, code, token):
    usable = STATUS_PAGES.usable_for(request)
    label = (request.path, get_language())
    if usable:
        # The same link, confirmed by the database in this process less than STATUS_PAGE_RECHECK_MS ago (a link
        # many people open at once). The resident's own action shows at once, and on every reload for a moment
        # after: its redirect carries a flash message and the FRESH_COOKIE (PageMemo.acted()).
        page = STATUS_PAGES.recent(label, settings.STATUS_PAGE_RECHECK_MS / 1000)
        if page is not None:
            return STATUS_PAGES.respond(request, page)
    asked_at = STATUS_PAGES.now()
    summary = selectors.status_summary(code=code, token=token)
    if summary is None:
        return _not_found(request, LookupForm(initial={"code": code}))
    if not usable:
        return render(request, "frontend/case_status.html", _page_context(summary.case(), token=token))
    # Everything the page is made of: the case's shown fields, the names next to them, the sizes of its public
    # timeline, attachments, thumbnails and ratings (timeline entries and ratings are only ever added), the
    # language and the link as typed; for an answered complaint, or an open one whose clock runs on its resolution,
    # its escalation window and whether it is open (a page kept on the window's last day is not served the day after,
    # nor one kept on an open complaint's due date: escalation is offered from the day after).
    window = escalation.window(summary.case()) if selectors.may_escalate(summary.case()) else None
    key = (summary.key, get_language(), request.path, window, window is not None and window.is_open())
    page = STATUS_PAGES.get(key)
    if page is None:
        html = render_to_string("frontend/case_status.html",
                                _page_context(summary.case(), token=token, window=window), request)
        page = STATUS_PAGES.keep(key, html)
    STATUS_PAGES.checked(label, key, asked_at)
    return STATUS_PAGES.respond(request, page)


def _page_context(case, *, token, window=None):
    timeline, attachments, ratings = selectors.case_page_parts(case)
    return _status_context(case, token=token, timeline=timeline, attachments=attachments, ratings=ratings,
                           window=window)


def _status_context(case, *, token=None, forms=None, timeline=None, attachments=None, ratings=None, window=None,
                    refusal=None):
    """The status page's context; the timeline, attachments and ratings come prefetched on the case unless given.
    `forms` holds a bound form per action that was refused (shown with its errors). `window`: the escalation window
    of a complaint (answered, or open and overdue: portal.cases.escalation), read here unless given. `refusal`: the
    rate limit refused the form (form_limits.Refusal)."""
    timeline = case.public_messages if timeline is None else timeline
    attachments = list(case.attachments.all()) if attachments is None else attachments
    ratings = list(case.ratings.all()) if ratings is None else ratings
    if window is None and selectors.may_escalate(case):
        window = escalation.window(case)
    options = selectors.options_for(case, timeline=timeline, ratings=ratings, window=window)
    forms = forms or {}
    return {"case": case, "token": token,
            # the last day the complaint may be taken to the next level (Law on Complaints Art. 33)
            "escalation_window": window,
            "explanation": state_explanation(case.state, may_rate=options["rate"], lead=case.is_inspection_lead),
            # an inspection lead's sender is told only that it was received (presentation.resident_state)
            "shown_state": (shown := resident_state(case)), "shown_state_label": CaseState(shown).label,
            "timeline": timeline, "attachments": attachments, "options": options,
            "ratings": {r.answer_message_id: r for r in ratings},
            "fields": {action: _form_fields(action, forms.get(action)) for action, shown in options.items()
                       if shown or action in forms},
            "refused": {action for action, form in forms.items() if form.errors},
            "refused_section": next((_SECTIONS.get(action, action) for action, form in forms.items() if form.errors),
                                    ""),
            # A poor rating reopens the case only this long after the answer (services.rate_answer): the page says so.
            "reopen_days": rating_reopen_window_days(), "refusal": refusal}


# The id of each action's part of the status page, where a refused form is shown with its errors.
_SECTIONS = {"provide_info": "provide-info"}
RESIDENT_ACTIONS = {"message": ResidentMessageForm, "provide_info": ResidentMessageForm, "rate": RatingForm,
                    "withdraw": WithdrawForm, "escalate": EscalateForm}
_FIELDS_TEMPLATE = {"message": "text", "provide_info": "text", "escalate": "text", "rate": "rate",
                    "withdraw": "withdraw"}
# The fields of each empty action form, rendered once per language in this process: they depend on nothing else.
_EMPTY_FIELDS: dict[tuple[str, str], str] = {}


def _action_form(action: str, data=None):
    """The form of one action. Several are on the status page at once and most have a field named "text": the ids
    carry the action's name, so that each label names its own field (id_withdraw_text, not a second id_text)."""
    return RESIDENT_ACTIONS[action](data, auto_id=f"id_{action}_%s")


def _form_fields(action: str, form=None) -> str:
    """The fields of an action's form (with its errors when `form` is a refused, bound one)."""
    template = f"frontend/includes/resident_forms/{_FIELDS_TEMPLATE[action]}.html"
    if form is not None:
        return render_to_string(template, {"form": form})
    key = (action, get_language())
    html = _EMPTY_FIELDS.get(key)
    if html is None:
        html = _EMPTY_FIELDS[key] = render_to_string(template, {"form": _action_form(action)})
    return html


def _refused_action(request, refusal, code, action, token=None):
    """A resident's action refused by the rate limit: the case's page with that form as it was sent, saying when it
    may be sent again. A case the visitor may not see (or an action not offered) gets the plain refusal page, as
    every other refused request: the answer to a wrong link is the same 429."""
    case = _acting_on(request, code, action, token)
    if case is None:
        return ratelimited(request)
    form = _action_form(action, request.POST)
    form.add_error(None, refusal.text)
    return render(request, "frontend/case_status.html",
                  _status_context(case, token=token, forms={action: form}, refusal=refusal))


def _acting_on(request, code, action, token):
    """The case a resident acts on (by its secret link, or their own account's), None when they may not, or when the
    action is not one they may try on it."""
    if token is not None:
        case = selectors.case_for_resident(code=code, token=token)
    else:
        case = selectors.case_of_owner(user=request.user, code=code) if request.user.is_authenticated else None
    if case is None or action not in RESIDENT_ACTIONS:
        return None
    return case if selectors.may_try(case, action, selectors.resident_options(case)) else None


@limit_posts(rate=_submit_rate, refused=_refused_action)
@require_http_methods(["GET", "HEAD", "POST"])
def resident_action(request, code, action, token=None):
    """The resident acts on their case: message, send information, rate, withdraw, escalate.

    A refused action's page is shown at the action's address: opened again from there (the language switch, a
    bookmark, a link copied from the address bar), that address leads back to the case's page."""
    if request.method != "POST":
        if token is not None:
            return redirect("frontend:case-status", code=code, token=token)
        return redirect("frontend:my-case", code=code)
    case = _acting_on(request, code, action, token)
    if case is None:
        raise Http404
    form = _action_form(action, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "message":
                services.resident_message(case=case, text=data["text"])
            elif action == "rate":
                services.rate_answer(case=case, score=data["score"], comment=data["comment"])
            else:
                transition(case=case, action=action, resident=True, text=data["text"])
        except (ValidationError, DomainError, PermissionDenied) as exc:
            form.add_error(None, getattr(exc, "message", None) or "; ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Thank you. The ward has been informed."))
            response = redirect(_status_url(case, token))
            STATUS_PAGES.acted(response, settings.STATUS_PAGE_RECHECK_MS / 1000)
            return response
    case = (selectors.case_for_resident(code=code, token=token) if token is not None
            else selectors.case_of_owner(user=request.user, code=code))
    return render(request, "frontend/case_status.html", _status_context(case, token=token, forms={action: form}),
                  status=400)


def _status_url(case, token):
    if token is not None:
        return services.secret_link_path(case, token)
    return reverse("frontend:my-case", kwargs={"code": case.tracking_code})


@ratelimit(key="ip", rate=_lookup_rate, block=True)
def attachment(request, code, token, attachment_id):
    case = selectors.case_for_resident(code=code, token=token)
    if case is None:
        raise Http404
    return _serve_attachment(case, attachment_id, thumb=request.GET.get("thumb") == "1")


def _serve_attachment(case, attachment_id, *, thumb=False):
    item = next((a for a in case.attachments.all() if a.pk == attachment_id), None)
    if item is None:
        raise Http404
    stored = item.thumbnail if thumb and item.thumbnail else item.file
    response = FileResponse(stored.open("rb"), content_type="image/jpeg" if stored is item.thumbnail
                            else item.content_type)
    response["Content-Disposition"] = "inline" if item.kind == "image" else "attachment"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def my_cases(request):
    return render(request, "frontend/my_cases.html", {"cases": selectors.cases_of_owner(request.user)[:200]})


@login_required
def my_case(request, code):
    case = selectors.case_of_owner(user=request.user, code=code)
    if case is None:
        raise Http404
    return render(request, "frontend/case_status.html", _status_context(case))


@login_required
def my_case_attachment(request, code, attachment_id):
    case = selectors.case_of_owner(user=request.user, code=code)
    if case is None:
        raise Http404
    return _serve_attachment(case, attachment_id, thumb=request.GET.get("thumb") == "1")



