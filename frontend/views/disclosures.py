"""Public disclosures (SPEC §5): the public register, a disclosure's page with its versions, questions and comment
period, the quarterly list, feeds; and the staff's pages under /can-bo/cong-khai/.

Thin: each view parses its input, asks portal.disclosures.permissions, calls ONE service and redirects with a message.
A refusal from the domain re-renders the form with the typed input kept, as HTTP 400 (or 403 for permissions).
"""

from __future__ import annotations

import datetime as dt
import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.core import pagecache
from portal.core.errors import DomainError
from portal.core.timeutil import local_today
from portal.disclosures import permissions, selectors, services
from portal.disclosures.models import Comment, Consultation, Disclosure, DisclosureState, Question
from portal.wards.models import Ward

from .. import disclosure_forms as f
from .form_limits import limit_posts
from .refusals import put_refusal, refusal_text


def _post_rate(group, request):
    return settings.RATE_SUBMIT


def _error_text(exc) -> str:
    return refusal_text(exc, _("You may not do this with this disclosure."))


def _put_error(form, exc) -> None:
    put_refusal(form, exc, _("You may not do this with this disclosure."))


def _url(disclosure) -> str:
    return reverse("frontend:disclosures-detail", kwargs={"pk": disclosure.pk})


# --- the public register ----------------------------------------------------------------------------------------

# Register queries a visitor's page may be cached for (portal.core.pagecache): the plain filters and the first pages.
# A free-text search or a date range is built every time, so random input can neither fill the cache nor skip it.
_CACHED_REGISTER_PARAMS = frozenset({"ward", "category", "state", "page"})
_CACHED_REGISTER_PAGES = 20


@require_safe
def register(request):
    is_staff = permissions.is_disclosure_staff(request.user)
    params = None if is_staff else _cacheable_register_params(request)
    if params is None:
        parts = _register_parts(request)
    else:
        parts = pagecache.fragment(pagecache.DISCLOSURES, "register", params, lambda: _register_parts(request))
    return render(request, "frontend/disclosures/register.html", {**parts, "is_staff": is_staff})


def _cacheable_register_params(request) -> tuple | None:
    """The key of a visitor's register page, or None when it must be built for this request alone."""
    query = request.GET
    if not set(query) <= _CACHED_REGISTER_PARAMS or any(len(query.getlist(k)) > 1 for k in query):
        return None
    page = query.get("page", "1")
    if not page.isascii() or not page.isdigit() or not 1 <= int(page) <= _CACHED_REGISTER_PAGES:
        return None
    if any(len(query[k]) > 40 for k in query):
        return None
    return tuple(sorted(query.items())) + (selectors.quarter_of(local_today()),)


def _register_parts(request) -> dict[str, str]:
    """The register's list with its filters (body) and its feed links (feeds), rendered; nothing of the visitor."""
    form = f.RegisterFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.RegisterFilters(
        ward=data["ward"].pk if data.get("ward") else None,
        category=data["category"].pk if data.get("category") else None,
        state=data.get("state") or "", posted_from=data.get("posted_from"), posted_to=data.get("posted_to"),
        q=data.get("q") or "")
    page = Paginator(selectors.register(request.user, filters), selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    ward = data.get("ward")
    category = data.get("category")
    year, quarter = selectors.quarter_of(local_today())
    context = {"form": form, "page": page, "rows": list(page.object_list), "ward": ward, "category": category,
               "year": year, "quarter": quarter, "wards": Ward.objects.filter(is_active=True).only("code", "name")}
    return {"feeds": render_to_string("frontend/disclosures/_register_feeds.html", context),
            "body": render_to_string("frontend/disclosures/_register_body.html", context, request=request)}


def _detail_context(request, disclosure, **extra):
    user = request.user
    consultation = disclosure.consultation_or_none
    today = local_today()
    context = {
        "d": disclosure, "today": today, "consultation": consultation,
        "consultation_open": bool(consultation and consultation.is_open_on(today)),
        "may_ask": disclosure.state in (DisclosureState.POSTED, DisclosureState.ENDED),
        "question_form": f.ResidentPostForm(prefix="q"), "comment_form": f.ResidentPostForm(prefix="c"),
        "may_work": permissions.can_work(user, disclosure), "is_leader": permissions.is_leader(user, disclosure),
        "staff_view": disclosure.is_staff_view,
    }
    if context["may_work"]:
        context.update(reason_form=f.ReasonForm(), answer_form=f.AnswerForm(),
                       consultation_form=f.ConsultationForm(initial={
                           "opens_on": today, "closes_on": today + dt.timedelta(days=29)}),
                       synthesis_form=f.SynthesisForm(),
                       synthesis_due=bool(consultation and consultation.is_closed_on(today)
                                          and not consultation.synthesis_published_at))
    context.update(extra)
    return context


def _page_or_404(request, pk):
    disclosure = selectors.disclosure_page(request.user, pk)
    if disclosure is None:
        raise Http404
    return disclosure


@require_safe
def detail(request, pk):
    disclosure = _page_or_404(request, pk)
    response = render(request, "frontend/disclosures/detail.html", _detail_context(request, disclosure))
    if disclosure.is_staff_view:
        response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def version(request, pk, number):
    found = selectors.version_of(request.user, pk, number)
    if found is None:
        raise Http404
    disclosure, shown = found
    return render(request, "frontend/disclosures/version.html", {"d": disclosure, "version": shown})


@require_safe
def attachment(request, pk, attachment_id):
    item = selectors.attachment_for(request.user, pk, attachment_id)
    if item is None:
        raise Http404
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    response["Content-Disposition"] = "inline" if item.kind == "image" else (
        f'attachment; filename="disclosure-{pk}-{item.pk}.pdf"')
    return response


def _refused_post(prefix: str, context_key: str):
    """A question or a comment refused by the rate limit: the disclosure's page with the form as it was sent."""

    def refused(request, refusal, pk):
        disclosure = _page_or_404(request, pk)
        if context_key == "comment_form" and disclosure.consultation_or_none is None:
            raise Http404
        form = f.ResidentPostForm(request.POST, prefix=prefix)
        form.add_error(None, refusal.text)
        return render(request, "frontend/disclosures/detail.html",
                      _detail_context(request, disclosure, **{context_key: form}))

    return refused


@limit_posts(rate=_post_rate, refused=_refused_post("q", "question_form"))
@require_POST
def ask(request, pk):
    disclosure = _page_or_404(request, pk)
    form = f.ResidentPostForm(request.POST, prefix="q")
    if form.is_valid():
        if form.is_spam():  # a bot: look successful, keep nothing
            messages.success(request, _("Thank you. Your question is published; the ward will answer it here."))
            return redirect(_url(disclosure) + "#questions")
        try:
            services.ask_question(disclosure=disclosure, actor=request.user, **_post_fields(form))
        except (ValidationError, DomainError) as exc:
            _put_error(form, exc)
        else:
            messages.success(request, _("Thank you. Your question is published; the ward will answer it here."))
            return redirect(_url(disclosure) + "#questions")
    return render(request, "frontend/disclosures/detail.html",
                  _detail_context(request, disclosure, question_form=form), status=400)


@limit_posts(rate=_post_rate, refused=_refused_post("c", "comment_form"))
@require_POST
def comment(request, pk):
    disclosure = _page_or_404(request, pk)
    consultation = disclosure.consultation_or_none
    if consultation is None:
        raise Http404
    form = f.ResidentPostForm(request.POST, prefix="c")
    if form.is_valid():
        if form.is_spam():
            messages.success(request, _("Thank you. Your comment is recorded."))
            return redirect(_url(disclosure) + "#consultation")
        try:
            services.submit_comment(consultation=consultation, actor=request.user, **_post_fields(form))
        except (ValidationError, DomainError) as exc:
            _put_error(form, exc)
        else:
            messages.success(request, _("Thank you. Your comment is recorded."))
            return redirect(_url(disclosure) + "#consultation")
    return render(request, "frontend/disclosures/detail.html",
                  _detail_context(request, disclosure, comment_form=form), status=400)


def _post_fields(form) -> dict:
    data = form.cleaned_data
    return {"body": data["body"], "author_name": data["author_name"], "show_name": data["show_name"],
            "contact": data["contact"]}


# --- the quarterly list (Art. 13(2)) ------------------------------------------------------------------------------

def _quarterly_context(ward_code, year, quarter):
    ward = get_object_or_404(Ward, code=ward_code, is_active=True)
    if not (1 <= quarter <= 4 and 2000 <= year <= 2100):
        raise Http404
    first, last = selectors.quarter_bounds(year, quarter)
    previous = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    following = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    return {"ward": ward, "year": year, "quarter": quarter, "first": first, "last": last,
            "rows": selectors.quarterly_list(ward, year, quarter), "previous": previous, "following": following}


@require_safe
def quarterly(request, ward_code, year, quarter):
    return render(request, "frontend/disclosures/quarterly.html", _quarterly_context(ward_code, year, quarter))


@require_safe
def quarterly_print(request, ward_code, year, quarter):
    context = _quarterly_context(ward_code, year, quarter)
    context["printed_on"] = local_today()
    return render(request, "frontend/disclosures/quarterly_print.html", context)


# --- staff pages ------------------------------------------------------------------------------------------------

def staff_required(view):
    """Officers, leaders and supervisors of some ward; anonymous visitors log in first; others get 403."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            back = request.get_full_path() if request.method in ("GET", "HEAD") else reverse(
                "frontend:disclosures-staff")
            return redirect_to_login(back, reverse("frontend:login"))
        if not permissions.is_disclosure_staff(request.user):
            return render(request, "frontend/desk/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


def _forbidden(request):
    return render(request, "frontend/desk/forbidden.html", status=403)


@staff_required
@require_safe
def staff_overview(request):
    overview = selectors.staff_overview(request.user)
    return render(request, "frontend/disclosures/staff.html", {
        **overview, "may_draft": bool(permissions.working_ward_ids(request.user))})


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_new(request):
    wards = Ward.objects.filter(pk__in=permissions.working_ward_ids(request.user))
    if not wards:
        return _forbidden(request)
    ward_choices = list(wards)
    if request.method == "POST":
        form = f.DisclosureEditForm(request.POST, request.FILES)
        ward = next((w for w in ward_choices if w.code == request.POST.get("ward")), None) or (
            ward_choices[0] if len(ward_choices) == 1 else None)
        if ward is None:
            form.add_error(None, _("Choose the ward."))
        if form.is_valid() and ward is not None:
            try:
                disclosure = services.create_disclosure(ward=ward, actor=request.user, data=form.to_input())
            except ValidationError as exc:
                _put_error(form, exc)
            else:
                messages.success(request, _("The draft is saved. A leader of the ward publishes it."))
                return redirect(_url(disclosure))
        status = 400
    else:
        form = f.DisclosureEditForm(initial={"posting_start": local_today(), "decision_date": local_today()})
        status = 200
    return render(request, "frontend/disclosures/edit.html",
                  {"form": form, "wards": ward_choices, "creating": True}, status=status)


def _disclosure_for_staff(request, pk) -> Disclosure:
    disclosure = permissions.visible_disclosures(request.user).select_related("ward", "category").filter(
        pk=pk).first()
    if disclosure is None:
        raise Http404
    return disclosure


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_edit(request, pk):
    disclosure = _disclosure_for_staff(request, pk)
    if not permissions.can_work(request.user, disclosure):
        return _forbidden(request)
    draft = disclosure.state == DisclosureState.DRAFT
    if request.method == "POST":
        if draft:
            form = f.DisclosureEditForm(request.POST, request.FILES)
        else:
            form = f.CorrectionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                if draft:
                    services.update_draft(disclosure=disclosure, actor=request.user, data=form.to_input())
                    messages.success(request, _("The draft is saved."))
                else:
                    data = form.cleaned_data
                    version = services.correct_disclosure(
                        disclosure=disclosure, actor=request.user, title=data["title"], body=data["body"],
                        reason=data["reason"], files=data["files"], notice_photo=data["notice_photo"])
                    messages.success(request, _("Version %(n)d is published; earlier versions stay readable.")
                                     % {"n": version.number})
            except (ValidationError, DomainError) as exc:
                _put_error(form, exc)
            else:
                return redirect(_url(disclosure))
        status = 400
    else:
        if draft:
            form = f.DisclosureEditForm(initial={
                "category": disclosure.category, "title": disclosure.title, "body": disclosure.body,
                "decision_date": disclosure.decision_date, "decision_reference": disclosure.decision_reference,
                "posting_start": disclosure.posting_start, "posting_end": disclosure.posting_end,
                "forms": disclosure.forms, "loudspeaker_days": disclosure.loudspeaker_days})
        else:
            form = f.CorrectionForm(initial={"title": disclosure.title, "body": disclosure.body})
        status = 200
    return render(request, "frontend/disclosures/edit.html",
                  {"form": form, "d": disclosure, "draft": draft, "creating": False}, status=status)


ACTIONS = {
    # action: (form class or None, who may, service call)
    "publish": (None, permissions.is_leader,
                lambda d, user, data: services.publish_disclosure(disclosure=d, actor=user),
                _("The disclosure is published.")),
    "end-early": (f.ReasonForm, permissions.is_leader,
                  lambda d, user, data: services.end_early(disclosure=d, actor=user, reason=data["reason"]),
                  _("The posting has ended; the reason is recorded.")),
    "withdraw": (f.ReasonForm, permissions.is_leader,
                 lambda d, user, data: services.withdraw_disclosure(disclosure=d, actor=user, reason=data["reason"]),
                 _("The disclosure is withdrawn; it stays in the register with the reason.")),
    "consult": (f.ConsultationForm, permissions.can_work,
                lambda d, user, data: services.open_consultation(disclosure=d, actor=user, **data),
                _("The comment period is open.")),
    "synthesis": (f.SynthesisForm, permissions.can_work,
                  lambda d, user, data: services.publish_synthesis(
                      consultation=Consultation.objects.get(disclosure=d), actor=user, **data),
                  _("The synthesis is published.")),
}
FORM_NAMES = {"end-early": "reason_form", "withdraw": "reason_form", "consult": "consultation_form",
              "synthesis": "synthesis_form"}


@staff_required
@require_POST
def staff_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    form_class, allowed, call, done = ACTIONS[action]
    disclosure = _disclosure_for_staff(request, pk)
    if not allowed(request.user, disclosure):
        return _forbidden(request)
    form = form_class(request.POST) if form_class else None
    if form is None or form.is_valid():
        try:
            call(disclosure, request.user, form.cleaned_data if form else {})
        except Consultation.DoesNotExist:
            raise Http404 from None
        except (ValidationError, DomainError, PermissionDenied) as exc:
            if form is None:
                messages.error(request, _error_text(exc))
                return redirect(_url(disclosure))
            _put_error(form, exc)
        else:
            messages.success(request, done)
            return redirect(_url(disclosure))
    page = _page_or_404(request, pk)
    extra = {FORM_NAMES[action]: form, "failed_action": action}
    return render(request, "frontend/disclosures/detail.html", _detail_context(request, page, **extra), status=400)


@staff_required
@require_POST
def staff_answer(request, pk, question_id):
    disclosure = _disclosure_for_staff(request, pk)
    question = Question.objects.filter(disclosure=disclosure, pk=question_id).first()
    if question is None:
        raise Http404
    if not permissions.can_work(request.user, disclosure):
        return _forbidden(request)
    form = f.AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_question(question=question, actor=request.user, answer=form.cleaned_data["answer"])
        except (ValidationError, DomainError) as exc:
            _put_error(form, exc)
        else:
            messages.success(request, _("The answer is published."))
            return redirect(_url(disclosure) + f"#question-{question.pk}")
    page = _page_or_404(request, pk)
    return render(request, "frontend/disclosures/detail.html",
                  _detail_context(request, page, answer_form=form, failed_question=question.pk), status=400)


@staff_required
@require_POST
def staff_hide(request, pk, kind, post_id):
    disclosure = _disclosure_for_staff(request, pk)
    if kind == "cau-hoi":
        post = Question.objects.filter(disclosure=disclosure, pk=post_id).first()
    elif kind == "gop-y":
        post = Comment.objects.filter(consultation__disclosure=disclosure, pk=post_id).first()
    else:
        post = None
    if post is None:
        raise Http404
    if not permissions.can_work(request.user, disclosure):
        return _forbidden(request)
    form = f.ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.hide_post(post=post, actor=request.user, reason=form.cleaned_data["reason"])
        except (ValidationError, DomainError) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Hidden; the reason is recorded."))
    else:
        messages.error(request, _("Record why it is hidden."))
    return redirect(_url(disclosure))
