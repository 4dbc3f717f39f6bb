"""Dialogues, citizen-reception days and commitments (SPEC §6): public pages, residents' actions and the staff pages.

Thin: each view parses its input, asks portal.dialogues.permissions, calls ONE service and redirects with a message.
A refusal (ValidationError, DomainError) re-renders the page with what was typed and the reason, as HTTP 400;
PermissionDenied is a 403. Complaint dialogues are never public: their pages are 404 for anyone but the ward's staff.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.cases.models import Case, CaseKind
from portal.core import pagecache
from portal.core.errors import DomainError
from portal.core.timeutil import local_today, now
from portal.dialogues import ical, permissions, selectors, services
from portal.dialogues.models import (
    Commitment,
    Question,
    RegistrationStatus,
    Session,
    SessionKind,
    SessionState,
)
from portal.wards.models import Ward

from .. import dialogues_forms as f
from . import dialogue_cards as cards
from .refusals import put_refusal, refusal_text

LIST_LIMIT = 200


# --- helpers ----------------------------------------------------------------------------------------------------------

_error_text = refusal_text
_put_error = put_refusal


def _on_moment_fields(exc):
    """A service's refusal of starts_at / ends_at, moved to the form's date / end fields (the form splits a moment
    into a date and times)."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return ValidationError({("date" if k == "starts_at" else "end" if k == "ends_at" else k): v
                                for k, v in exc.error_dict.items()})
    return exc


def resident_required(view):
    """Residents' actions: signed out → the resident sign-in page; signed in without a verified resident account →
    403 (the one-time code proves a real contact, which "one vote per resident" rests on)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            back = request.META.get("HTTP_REFERER") or reverse("frontend:dialogues-calendar")
            return redirect_to_login(back if back.startswith("/") else reverse("frontend:dialogues-calendar"),
                                     reverse("frontend:resident-sign-in"))
        if not permissions.is_verified_resident(request.user):
            raise PermissionDenied(_("Sign in with your resident account (a one-time code) to take part."))
        return view(request, *args, **kwargs)

    return wrapper


def staff_required(view):
    """Ward staff pages: signed out → staff login; without an officer, leader or supervisor role → 403."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            back = request.get_full_path() if request.method in ("GET", "HEAD") else reverse("frontend:dialogues-staff")
            return redirect_to_login(back, reverse("frontend:login"))
        if not permissions.staff_ward_ids(request.user):
            raise PermissionDenied(_("This is for ward staff only."))
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


def _public_session(pk) -> Session:
    session = selectors.session_detail(pk)
    if session is None or not session.is_public:
        raise Http404
    return session


def _staff_session(request, pk) -> Session:
    session = selectors.session_detail(pk)
    if session is None or not permissions.can_read_staff(request.user, session.ward_id):
        raise Http404
    return session


def _session_url(session) -> str:
    return reverse("frontend:dialogues-session", kwargs={"pk": session.pk})


def _staff_url(session) -> str:
    return reverse("frontend:dialogues-staff-session", kwargs={"pk": session.pk})


# --- the public calendar ------------------------------------------------------------------------------------------

def _ward_and_kind(request):
    ward = None
    code = (request.GET.get("ward") or "").strip()
    if code:
        ward = Ward.objects.filter(code=code, is_active=True).first()
    kind = request.GET.get("kind") or ""
    return ward, kind if kind in SessionKind.values else ""


@require_safe
def calendar(request):
    ward, kind = _ward_and_kind(request)
    body = pagecache.fragment(pagecache.DIALOGUES, "calendar", (ward.pk if ward else None, kind),
                              lambda: _calendar_body(ward, kind))
    return render(request, "frontend/dialogues/calendar.html", {"body": body})


def _calendar_body(ward, kind) -> str:
    """The calendar under its menu: the same for every visitor, so cached (portal.core.pagecache, scope DIALOGUES)."""
    upcoming, past = selectors.calendar_split(ward=ward, kind=kind, limit=LIST_LIMIT)
    cards.session_cards(upcoming + past)
    query = {k: v for k, v in (("ward", ward.code if ward else ""), ("kind", kind)) if v}
    return render_to_string("frontend/dialogues/_calendar_body.html", {
        "upcoming": upcoming, "past": past, "wards": Ward.objects.filter(is_active=True), "ward": ward,
        "kind": kind, "kinds": [(k, label) for k, label in SessionKind.choices if k != SessionKind.COMPLAINT],
        "ical_query": "&".join(f"{k}={v}" for k, v in query.items()),
    })


@require_safe
def ical_feed(request):
    ward, kind = _ward_and_kind(request)
    sessions = selectors.with_revisions(selectors.calendar_sessions(ward=ward, kind=kind)
                                        .filter(starts_at__gte=now() - dt.timedelta(days=365)))
    name = _("Dialogues") + (f" · {ward.name}" if ward else "")
    body = ical.calendar_feed(sessions[:1000], name=name, host=request.get_host().split(":")[0],
                              url_for=lambda s: request.build_absolute_uri(_session_url(s)))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="doi-thoai.ics"'
    return response


# --- a session ------------------------------------------------------------------------------------------------------

def _session_context(request, session, **forms):
    registration = selectors.registration_of(session, request.user)
    is_resident = permissions.is_verified_resident(request.user)
    can_vote = session.state == SessionState.OPEN and is_resident
    today = local_today()
    # The questions and commitments are the same for every visitor (only the vote buttons differ): rendered once
    # and cached until a question, a vote, the session or a commitment changes (portal.dialogues.apps).
    parts = pagecache.fragment(
        pagecache.DIALOGUES, "session",
        (session.pk, pagecache.version(selectors.questions_scope(session.pk)), can_vote, today.isoformat()),
        lambda: _session_parts(session, can_vote=can_vote, today=today))
    voted = selectors.voted_question_ids(session, request.user) if can_vote else set()
    return {
        "session": session,
        "questions_html": cards.vote_actions(request, parts["questions"], voted=voted) if can_vote
        else parts["questions"],
        "question_count": int(parts["count"]), "commitments_html": parts["commitments"],
        "registration": registration,
        "waiting_position": selectors.waiting_position(registration),
        "changes": selectors.session_changes(session), "requests": list(session.requests.all()),
        "is_resident": is_resident,
        "is_staff_of_ward": permissions.can_read_staff(request.user, session.ward_id),
        "ask_form": forms.get("ask_form") or f.QuestionForm(),
        "seats_left": None if session.capacity is None else max(session.capacity - session.confirmed_count, 0),
        "today": today,
    }


def _session_parts(session, *, can_vote: bool, today) -> dict[str, str]:
    """What a session's public page shows the same to everyone: its visible questions, ranked and grouped (with marks
    for the vote buttons when `can_vote`), how many there are, and its commitments once it is held."""
    questions = selectors.ranked_questions(session)
    cards.question_items(questions, can_vote=can_vote)
    commitments = selectors.session_commitments(session) if session.is_held else []
    cards.commitment_cards(commitments, today=today)
    return {
        "questions": render_to_string("frontend/dialogues/_session_questions.html",
                                      {"groups": selectors.grouped_questions(questions)}),
        "count": str(len(questions)),
        "commitments": render_to_string("frontend/dialogues/_session_commitments.html",
                                        {"commitments": commitments}) if session.is_held else "",
    }


@require_safe
def session_page(request, pk):
    session = _public_session(pk)
    return render(request, "frontend/dialogues/session.html", _session_context(request, session))


@require_POST
@resident_required
def register(request, pk):
    session = _public_session(pk)
    try:
        if request.POST.get("cancel"):
            services.cancel_registration(session=session, actor=request.user)
            messages.success(request, _("Your registration is cancelled."))
        else:
            registration = services.register(session=session, actor=request.user)
            if registration.status == RegistrationStatus.CONFIRMED:
                messages.success(request, _("You are registered. We will remind you the day before."))
            else:
                messages.info(request, _("The session is full: you are on the waiting list."))
    except DomainError as exc:
        messages.error(request, _error_text(exc))
    return redirect(_session_url(session))


@require_POST
@resident_required
def ask(request, pk):
    session = _public_session(pk)
    form = f.QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.ask_question(session=session, actor=request.user, text=form.cleaned_data["text"])
        except (ValidationError, DomainError) as exc:
            _put_error(form, exc)
        else:
            messages.success(request, _("Your question is sent. Others can now vote for it."))
            return redirect(_session_url(session) + "#questions")
    return render(request, "frontend/dialogues/session.html", _session_context(request, session, ask_form=form),
                  status=400)


@require_POST
@resident_required
def vote(request, pk):
    question = get_object_or_404(Question.objects.select_related("session"), pk=pk,
                                 session__kind__in=[k for k in SessionKind.values if k != SessionKind.COMPLAINT])
    try:
        _ballot, created = services.vote(question=question, actor=request.user)
    except DomainError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Your vote is counted.") if created else _("You have already voted for this."))
    return redirect(_session_url(question.session) + f"#q-{question.pk}")


@require_safe
def minutes_scan(request, pk):
    session = selectors.session_detail(pk)
    if session is None or not session.minutes_scan or session.state != SessionState.PUBLISHED or not (
            session.is_public or permissions.can_read_staff(request.user, session.ward_id)):
        raise Http404
    response = FileResponse(session.minutes_scan.open("rb"), content_type=session.minutes_scan_type)
    response["Content-Disposition"] = "inline" if session.minutes_scan_type.startswith("image/") else "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- commitments, compliance, requests ------------------------------------------------------------------------------

@require_safe
def commitments(request):
    ward, _kind = _ward_and_kind(request)
    body = pagecache.fragment(pagecache.DIALOGUES, "commitments", (ward.pk if ward else None,),
                              lambda: _commitments_body(ward))
    return render(request, "frontend/dialogues/commitments.html", {"body": body})


def _commitments_body(ward) -> str:
    """The commitments under their menu, the same for every visitor: cached like the calendar."""
    today = local_today()
    open_ones = list(selectors.open_commitments(ward=ward)[:LIST_LIMIT])
    closed = list(selectors.recently_done_commitments(ward=ward))
    cards.commitment_cards(open_ones + closed, today=today, show_session=True)
    return render_to_string("frontend/dialogues/_commitments_body.html", {
        "open": open_ones, "closed": closed,
        "wards": Ward.objects.filter(is_active=True), "ward": ward, "today": today,
    })


@require_safe
def compliance(request):
    wards = list(Ward.objects.filter(is_active=True))
    code = request.GET.get("ward") or (wards[0].code if wards else "")
    ward = next((w for w in wards if w.code == code), None)
    if ward is None:
        raise Http404
    today = local_today()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, 2023), today.year)
    return render(request, "frontend/dialogues/compliance.html", {
        "report": selectors.compliance(ward=ward, year=year, today=today), "wards": wards, "ward": ward,
        "years": list(range(today.year, 2022, -1)),
    })


@require_http_methods(["GET", "HEAD", "POST"])
def requests_page(request):
    form = f.RequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(reverse("frontend:dialogues-requests"), reverse("frontend:resident-sign-in"))
        if not permissions.is_verified_resident(request.user):
            raise PermissionDenied(_("Sign in with your resident account (a one-time code) to take part."))
        if form.is_valid():
            try:
                item = services.start_request(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _put_error(form, exc)
            else:
                messages.success(request, _("Your request is published. Share its page to gather support."))
                return redirect("frontend:dialogues-request", pk=item.pk)
        status = 400
    items = list(selectors.requests_with_support()[:LIST_LIMIT])
    for item in items:
        item.threshold = selectors.support_threshold(item)
    return render(request, "frontend/dialogues/requests.html", {
        "items": items, "form": form, "is_resident": permissions.is_verified_resident(request.user)}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def request_page(request, pk):
    item = selectors.requests_with_support().filter(pk=pk).first()
    if item is None:
        raise Http404
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(reverse("frontend:dialogues-request", kwargs={"pk": pk}),
                                     reverse("frontend:resident-sign-in"))
        if not permissions.is_verified_resident(request.user):
            raise PermissionDenied(_("Sign in with your resident account (a one-time code) to take part."))
        try:
            added = services.support_request(request=item, actor=request.user)
        except DomainError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Thank you for your support.") if added
                             else _("You already support this request."))
        return redirect("frontend:dialogues-request", pk=pk)
    threshold = selectors.support_threshold(item)
    supported = request.user.is_authenticated and item.supports.filter(user=request.user).exists()
    return render(request, "frontend/dialogues/request.html", {
        "item": item, "threshold": threshold, "supported": supported,
        "pct": min(100, round(100 * item.support_count / threshold)) if threshold else None,
        "is_resident": permissions.is_verified_resident(request.user),
    })


# --- staff ----------------------------------------------------------------------------------------------------------

@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_list(request):
    user = request.user
    leader_wards = permissions.leader_ward_ids(user)
    form, status = None, 200
    if request.method == "POST":
        if not leader_wards:
            raise PermissionDenied(_("Only the ward's leaders schedule dialogues."))
        form = f.ScheduleForm(request.POST, ward_ids=leader_wards)
        if form.is_valid():
            data = form.cleaned_data
            starts_at, ends_at = form.moments()
            case = None
            if data["case_code"]:
                case = Case.objects.filter(tracking_code=data["case_code"].strip().upper(), ward=data["ward"],
                                           kind=CaseKind.COMPLAINT).first()
                if case is None:
                    form.add_error("case_code", _("No complaint of this ward has this tracking code."))
            if not form.errors:
                try:
                    session = services.schedule_session(
                        ward=data["ward"], actor=user, kind=data["kind"], title=data["title"], starts_at=starts_at,
                        ends_at=ends_at, venue=data["venue"], online_link=data["online_link"],
                        agenda=data["agenda"], capacity=data["capacity"], case=case, area=data["area"],
                        late_reason=data["late_reason"], dialogue_request=data["request"])
                except (ValidationError, DomainError) as exc:
                    _put_error(form, _on_moment_fields(exc))
                else:
                    messages.success(request, _("The session is scheduled and announced."))
                    return redirect(_staff_url(session))
        status = 400
    elif leader_wards:
        form = f.ScheduleForm(ward_ids=leader_wards)
    ward_ids = permissions.staff_ward_ids(user)
    sessions = list(selectors.calendar_sessions(staff_ward_ids=ward_ids).filter(ward_id__in=ward_ids)
                    .order_by("-starts_at")[:LIST_LIMIT])
    cards.session_cards(sessions, staff_link=True)
    return render(request, "frontend/dialogues/staff_list.html", {
        "sessions": sessions, "form": form, "late": list(selectors.late_results(ward_ids=ward_ids)),
        "today": local_today(),
    }, status=status)


def _staff_context(request, session, **forms):
    questions = selectors.ranked_questions(session, include_hidden=True)
    can_run = permissions.can_run(request.user, session.ward_id)
    can_change = permissions.can_schedule(request.user, session.ward_id) and session.is_upcoming
    registrants = selectors.registrants(session)
    commitments = selectors.session_commitments(session)
    cards.commitment_cards(commitments, today=local_today())
    return {
        "session": session, "questions": questions, "can_run": can_run, "can_change": can_change,
        "commitments": commitments,
        "registrants": registrants,
        "confirmed_count": sum(1 for r in registrants if r.status == RegistrationStatus.CONFIRMED),
        "waiting_count": sum(1 for r in registrants if r.status == RegistrationStatus.WAITING),
        "changes": selectors.session_changes(session), "requests": list(session.requests.all()),
        "minutes_form": forms.get("minutes_form") or f.MinutesForm(),
        "commitment_form": forms.get("commitment_form") or f.CommitmentForm(ward_id=session.ward_id),
        "edit_form": forms.get("edit_form") or (f.EditSessionForm.for_session(session) if can_change else None),
        "reschedule_form": forms.get("reschedule_form") or (f.RescheduleForm(prefix="move") if can_change else None),
        "cancel_form": forms.get("cancel_form") or (f.CancelForm(prefix="cancel") if can_change else None),
        "link_form": forms.get("link_form") or (
            f.LinkRequestForm(ward_id=session.ward_id, prefix="link")
            if can_change and session.kind == SessionKind.CONFERENCE else None),
        "progress_form": f.ProgressForm(), "error": forms.get("error", ""),
        "today": local_today(),
    }


@staff_required
@require_safe
def staff_session(request, pk):
    session = _staff_session(request, pk)
    return render(request, "frontend/dialogues/staff_session.html", _staff_context(request, session))


def _staff_refusal(request, pk, **extra):
    return render(request, "frontend/dialogues/staff_session.html",
                  _staff_context(request, _staff_session(request, pk), **extra), status=400)


@staff_required
@require_POST
def staff_action(request, pk, action):
    session = _staff_session(request, pk)
    if action not in ("open", "held", "minutes", "commitment", *CHANGES):
        raise Http404
    if not permissions.can_run(request.user, session.ward_id):
        raise PermissionDenied(_("Supervisors read dialogues but do not change them."))
    if action in CHANGES:
        return _change_announcement(request, session, action)
    if action in ("open", "held"):
        try:
            if action == "open":
                services.open_questions(session=session, actor=request.user)
                messages.success(request, _("Residents can now send and vote on questions."))
            else:
                services.mark_held(session=session, actor=request.user)
                messages.success(request, _("The session is marked as held."))
        except DomainError as exc:
            return _staff_refusal(request, pk, error=_error_text(exc))
        return redirect(_staff_url(session))
    if action == "minutes":
        form = f.MinutesForm(request.POST, request.FILES)
        if not form.is_valid():
            return _staff_refusal(request, pk, minutes_form=form)
        try:
            services.publish_minutes(session=session, actor=request.user, minutes=form.cleaned_data["minutes"],
                                     scan=form.cleaned_data["scan"])
        except (ValidationError, DomainError) as exc:
            _put_error(form, exc)
            return _staff_refusal(request, pk, minutes_form=form)
        messages.success(request, _("The minutes are published."))
        return redirect(_staff_url(session))
    form = f.CommitmentForm(request.POST, ward_id=session.ward_id)
    if not form.is_valid():
        return _staff_refusal(request, pk, commitment_form=form)
    data = form.cleaned_data
    question = Question.objects.filter(session=session, pk=data["question"]).first() if data["question"] else None
    if data["question"] and question is None:
        form.add_error("question", _("Choose a question of this session."))
        return _staff_refusal(request, pk, commitment_form=form)
    try:
        services.add_commitment(session=session, actor=request.user, title=data["title"],
                                department=data["department"], due_date=data["due_date"], question=question)
    except (ValidationError, DomainError) as exc:
        _put_error(form, exc)
        return _staff_refusal(request, pk, commitment_form=form)
    messages.success(request, _("The commitment is recorded and public."))
    return redirect(_staff_url(session))


CHANGES = ("edit", "reschedule", "cancel", "link")


def _change_announcement(request, session, action):
    """A leader edits, reschedules or cancels an announced session, or links a request for a dialogue to it."""
    if not permissions.can_schedule(request.user, session.ward_id):
        raise PermissionDenied(_("Only the ward's leaders change an announcement."))
    if action == "edit":
        form, key = f.EditSessionForm(request.POST, prefix="edit"), "edit_form"
    elif action == "reschedule":
        form, key = f.RescheduleForm(request.POST, prefix="move"), "reschedule_form"
    elif action == "cancel":
        form, key = f.CancelForm(request.POST, prefix="cancel"), "cancel_form"
    else:
        form, key = f.LinkRequestForm(request.POST, ward_id=session.ward_id, prefix="link"), "link_form"
    if not form.is_valid():
        return _staff_refusal(request, session.pk, **{key: form})
    data = form.cleaned_data
    try:
        if action == "edit":
            services.edit_session(session=session, actor=request.user, reason=data["reason"],
                                  **{name: data[name] for name in services.EDITABLE})
            done = _("The announcement is changed; registered residents are told.")
        elif action == "reschedule":
            starts_at, ends_at = form.moments()
            services.reschedule_session(session=session, actor=request.user, starts_at=starts_at, ends_at=ends_at,
                                        reason=data["reason"], late_reason=data["late_reason"])
            done = _("The session is moved; registered residents are told.")
        elif action == "cancel":
            services.cancel_session(session=session, actor=request.user, reason=data["reason"])
            done = _("The session is cancelled; registered residents are told.")
        else:
            services.link_request(request=data["request"], session=session, actor=request.user)
            done = _("The request is linked to this session; its supporters are told.")
    except (ValidationError, DomainError) as exc:
        _put_error(form, _on_moment_fields(exc) if action == "reschedule" else exc)
        return _staff_refusal(request, session.pk, **{key: form})
    messages.success(request, done)
    return redirect(_staff_url(session))


@staff_required
@require_POST
def staff_question(request, pk, action):
    question = get_object_or_404(Question.objects.select_related("session"), pk=pk)
    session = question.session
    if not permissions.can_read_staff(request.user, session.ward_id):
        raise Http404
    if action not in ("hide", "merge", "answer", "topic"):
        raise Http404
    if not permissions.can_run(request.user, session.ward_id):
        raise PermissionDenied(_("Supervisors read dialogues but do not change them."))
    forms = {"hide": f.HideForm, "merge": f.MergeForm, "answer": f.AnswerForm, "topic": f.TopicForm}
    form = forms[action](request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([str(m) for errors in form.errors.values() for m in errors])
        data = form.cleaned_data
        if action == "hide":
            services.hide_question(question=question, actor=request.user, reason=data["reason"])
        elif action == "merge":
            into = Question.objects.filter(pk=data["into"], session=session).first()
            if into is None:
                raise ValidationError(_("Choose another question of the same session."))
            services.merge_question(question=question, into=into, actor=request.user)
        elif action == "answer":
            services.answer_question(question=question, actor=request.user, answer=data["answer"])
        else:
            services.set_topic(question=question, actor=request.user, topic=data["topic"])
    except (ValidationError, DomainError) as exc:
        context = _staff_context(request, selectors.session_detail(session.pk), error=_error_text(exc))
        return render(request, "frontend/dialogues/staff_session.html", context, status=400)
    messages.success(request, _("Saved."))
    return redirect(_staff_url(session) + f"#q-{question.pk}")


@staff_required
@require_POST
def staff_commitment(request, pk):
    commitment = get_object_or_404(Commitment.objects.select_related("session"), pk=pk)
    if not permissions.can_read_staff(request.user, commitment.ward_id):
        raise Http404
    if not permissions.can_run(request.user, commitment.ward_id):
        raise PermissionDenied(_("Supervisors read dialogues but do not change them."))
    form = f.ProgressForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([str(m) for errors in form.errors.values() for m in errors])
        services.update_commitment(commitment=commitment, actor=request.user, status=form.cleaned_data["status"],
                                   note=form.cleaned_data["note"])
    except (ValidationError, DomainError) as exc:
        context = _staff_context(request, selectors.session_detail(commitment.session_id), error=_error_text(exc))
        return render(request, "frontend/dialogues/staff_session.html", context, status=400)
    messages.success(request, _("The progress is recorded and public."))
    return redirect(_staff_url(commitment.session) + f"#c-{commitment.pk}")

