"""The staff desk (SPEC §4): the case queue and the case page.

Thin: each view parses its input, asks portal.cases.permissions, calls ONE service (or the workflow's transition) and
redirects with a message. A refusal from the domain (DomainError, ValidationError, PermissionDenied) re-renders the
case page with the typed input kept and the reason shown, as HTTP 400 or 403.
"""

import functools
import html
import time

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from portal.cases import clock, presentation, reference, selectors, services
from portal.cases.models import AnswerState, CaseState, ClockEventKind, MessageKind, RedactedCopy, redacted_copy_of
from portal.cases.permissions import (
    can_work,
    identity_protected,
    is_leader,
    may_redact,
    may_see_attachments,
    may_see_identity,
    may_see_redacted_copies,
    may_take,
    queue_departments,
    role_for_case,
    scope_of,
    visible_cases,
)
from portal.cases.timeline_text import localize
from portal.cases.workflow import TRANSITIONS, available, transition
from portal.core.errors import DomainError
from portal.core.text import paragraphs_html
from portal.deadlines.models import PeriodUnit, PolicyStep
from portal.wards.models import Role

from .. import desk_forms as f
from ..desk_paths import CasePaths, case_path
from . import queue_rows
from .refusals import put_refusal, refusal_text

PAGE_SIZE = 25


# --- access ---------------------------------------------------------------------------------------------------------

def desk_required(view):
    """Staff with a role in at least one ward (officer, leader, supervisor). Anonymous visitors go to the staff
    login page and come back; anyone else gets a 403 page. Pages of the desk are never cached (personal data)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            code = kwargs.get("code")
            back = request.get_full_path() if request.method in ("GET", "HEAD") else (
                reverse("frontend:desk-case", kwargs={"code": code}) if code else reverse("frontend:desk-queue"))
            return redirect_to_login(back, reverse("frontend:login"))
        if not scope_of(request.user).case_ward_ids:
            return render(request, "frontend/desk/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


def _leader_wards(user) -> list[int]:
    return [ward for ward, role in scope_of(user).roles.items() if role == Role.LEADER]


_may_see_attachments = may_see_attachments


def _case_or_404(request, code, *, messages=False, ref=None):
    case = selectors.case_for_staff(request.user, code, messages=messages, ref=ref)
    if case is None:
        raise Http404
    return case


def _case_url(case) -> str:
    return reverse("frontend:desk-case", kwargs={"code": case.tracking_code})


def _error_text(exc) -> str:
    return refusal_text(exc, _("You may not do this on this case."))


def _put_error(form, exc) -> None:
    put_refusal(form, exc, _("You may not do this on this case."))


# --- the queue ------------------------------------------------------------------------------------------------------

@desk_required
@require_http_methods(["GET", "HEAD", "POST"])
def queue(request):
    user = request.user
    leader_wards = _leader_wards(user)
    bulk, status, error = None, 200, ""
    if request.method == "POST":
        if not leader_wards:
            return render(request, "frontend/desk/forbidden.html", status=403)
        bulk = f.BulkAssignForm(request.POST, ward_ids=leader_wards, auto_id="id_bulk_%s")
        done, status, error = _bulk_assign(request, bulk)
        if done:
            return redirect(request.get_full_path())
    elif leader_wards:
        bulk = f.BulkAssignForm(ward_ids=leader_wards, auto_id="id_bulk_%s")

    ref = reference.view()  # one read of the reference data's version for the filters and the rows
    scope = scope_of(user)
    form = f.QueueFilterForm(request.GET, ward_ids=scope.case_ward_ids, departments=queue_departments(user),
                             language=get_language(), ref=ref, assignable=scope.works_cases)
    paginator = Paginator(selectors.queue(user, form.filters()), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = selectors.queue_page(page.object_list, viewer=user, ref=ref)
    language = get_language()
    for case in rows:
        case.category_name = case.category.display_name(language)
        case.days_text = _days_text(case.working_days_left)
    ticked = set(bulk.cleaned_data.get("cases", [])) if bulk is not None and bulk.is_bound else set()
    return render(request, "frontend/desk/queue.html", {
        "form": form, "page": page, "rows": rows, "bulk": bulk, "error": error, "supervising": not scope.works_cases,
        "rows_html": queue_rows.rows_html(rows, pick=bulk is not None, ticked=ticked),
    }, status=status)


def _bulk_assign(request, form) -> tuple[bool, int, str]:
    if not form.is_valid():
        return False, 400, " ".join(str(e) for errors in form.errors.values() for e in errors)
    ids = set(form.cleaned_data["cases"])
    cases = list(visible_cases(request.user).filter(pk__in=ids).select_related("ward").order_by("pk"))
    if len(cases) != len(ids) or not all(is_leader(request.user, case) for case in cases):
        return False, 403, _("You may assign only cases of the wards you lead.")
    try:
        count = services.bulk_assign(cases=cases, actor=request.user, assignee=form.cleaned_data["assignee"])
    except PermissionDenied as exc:
        return False, 403, _error_text(exc)
    except (DomainError, ValidationError) as exc:
        return False, 400, _error_text(exc)
    assignee = form.cleaned_data["assignee"]
    messages.success(request, ngettext("%(count)s case assigned to %(name)s.", "%(count)s cases assigned to %(name)s.",
                                       count) % {"count": count,
                                                 "name": assignee.get_full_name() or assignee.get_username()})
    return True, 302, ""


def _days_text(left) -> str:
    """Working days left, in words (the badge says the status; this says how far)."""
    if left is None:
        return ""
    if left > 0:
        return ngettext("%(n)s working day left", "%(n)s working days left", left) % {"n": left}
    if left == 0:
        return _("Due today")
    return ngettext("%(n)s working day overdue", "%(n)s working days overdue", -left) % {"n": -left}


# --- the case page --------------------------------------------------------------------------------------------------

@desk_required
@require_http_methods(["GET", "HEAD"])
def case_page(request, code):
    ref = reference.view()  # one read of the reference data's version for the case, its clock and its deadline
    case = _case_or_404(request, code, ref=ref)
    return _case_page(request, case, revealed=_take_reveal(request, case), ref=ref)


def _case_page(request, case, *, bound=None, error="", error_key="", status=200, revealed=None, ref=None):
    """Render the case page. `bound` holds the form that failed (key → form) so the typed text comes back.
    Every free text of the case reads as the user may read it (presentation.mask_case: a denouncer's identity
    masked for whoever may not see it); the case is for display only from there on."""
    user = request.user
    # Before masking: the suggestions are found by the words of the case's own title.
    suggestions = selectors.merge_suggestions(case, viewer=user) if case.is_open else []
    for other in suggestions:
        other.desk_path = case_path("frontend:desk-case", other.tracking_code)
    presentation.mask_case(user, case)
    role = role_for_case(user, case)
    works = can_work(user, case)
    leader = is_leader(user, case)
    bound = bound or {}
    ref = ref or reference.view()
    calendars = reference.calendars(ref, [case.ward_id])
    state = clock.replay(case, calendar=calendars[case.ward_id], policies=reference.policies(ref))
    selectors.annotate_deadlines([case], calendars=calendars)
    case.days_text = _days_text(case.working_days_left)
    answers = list(case.answers.all())
    pending = next((a for a in answers if a.state == AnswerState.PENDING), None)
    transitions = available(case, role=role) if works else []
    if pending is not None:
        # While a draft waits for approval, the answer is sent by approving (or returning) that draft.
        transitions = [t for t in transitions if t.action != "answer"]
    actions = {t.action for t in transitions}
    templates = f.answer_templates(case, ref) if works else []
    chosen = _chosen_template(request, templates)

    def form(key, factory, kept=True, initial_text="", variant=""):
        """The form `key`: the refused one when it came back, else a new one. `kept`: its HTML depends only on its
        key, the language, `initial_text` and `variant` (what else of the case it shows, e.g. the kind whose legal
        reasons the reject form lists), so it is rendered once per process for each (_KeptForm)."""
        if key in bound:
            return bound[key]
        new = factory(auto_id=_auto_id(key))
        return _KeptForm(new, (key, initial_text, variant)) if kept else new

    chosen_text = chosen.body if chosen else ""
    forms = {}
    if works:
        if case.assignee_id is None and case.is_open and may_take(request.user, case):
            forms["claim"] = form("claim", f.EmptyForm)
        forms["note"] = form("note", lambda **kw: f.TextForm(
            label=_("Internal note"), help_text=_("Only ward staff and supervisors see it."), **kw))
        forms["reply"] = form("reply", lambda **kw: f.TextForm(
            label=_("Message to the resident"),
            help_text=_("Shown on the resident's status page and sent on the channel they chose."), **kw))
        if case.state in TRANSITIONS["answer"].sources and "answer" not in actions and pending is None:
            forms["propose"] = form("propose", lambda **kw: f.DraftAnswerForm(
                label=_("Draft answer"), help_text=_("A leader approves it before it is sent to the resident."),
                initial={"text": chosen.body} if chosen else None, **kw), initial_text=chosen_text)
    if leader:
        # Its choices are the ward's staff and departments: made for each case.
        forms["assign"] = form("assign", lambda **kw: f.AssignForm(case=case, **kw), kept=False)
        if pending is not None:
            # Approving sends the draft (the "answer" transition): offered only in a state that may be answered (not
            # while the case is suspended, waiting for the resident or forwarded). It can always be returned.
            if case.state in TRANSITIONS["answer"].sources or "approve" in bound:
                forms["approve"] = form("approve", f.DecisionForm)
            forms["return"] = form("return", lambda **kw: f.DecisionForm(note_required=True, **kw))
        if services.extension_refusal(case, state) is None:  # offered only when the service would extend it
            forms["extend"] = form("extend", f.ReasonForm)
        if services.may_mark_complex(case):
            forms["complex"] = form("complex", f.ReasonForm)
    paths = CasePaths(case.tracking_code)
    transition_forms = []
    for t in transitions:
        key = f"t-{t.action}"
        answer_text = chosen_text if t.action == "answer" else ""
        initial = {"text": answer_text} if answer_text else None
        # The reject form's legal reasons depend on the case's kind: kept once per kind.
        transition_forms.append((t, key, form(key, lambda t=t, initial=initial, **kw: f.TransitionForm(
            transition=t, user=user, initial=initial, kind=case.kind, **kw), initial_text=answer_text,
            variant=case.kind if t.action == "reject" else ""), paths.transition(t.action)))
    if works:
        # A refused form comes back even when the case moved on meanwhile (e.g. another officer acted first),
        # so what was typed is never lost.
        shown = {key for _t, key, _form, _path in transition_forms}
        for key, failed in bound.items():
            if key.startswith("t-") and key not in shown:
                transition_forms.insert(0, (failed.transition, key, failed, paths.transition(failed.transition.action)))
            elif not key.startswith("t-") and key not in forms and key not in ("approve", "return"):
                forms[key] = failed

    files = list(case.attachments.all())  # read with the case (selectors.case_for_staff): no query here
    redacted = _redacted_rows(user, case, files, bound) if identity_protected(case) else []
    context = {
        "case": case, "role": role, "works": works, "leader": leader, "forms": forms,
        "transition_forms": transition_forms, "can_merge": "merge" in actions,
        "category_name": case.category.display_name(get_language()),
        "identity": _identity(user, case, revealed),
        # A denunciation's files are listed by `redacted` (each with its redacted copy), the others' here.
        "attachments": [] if redacted else files, "redacted": redacted,
        "originals": _may_see_attachments(user, case),
        "missing_redacted": sum(1 for row in redacted if row["copy"] is None),
        "timeline_html": _timeline_html(selectors.timeline_rows(case, viewer=user)), "answers": answers,
        "pending": pending,
        "sent_answer": next((a for a in answers if a.state == AnswerState.APPROVED), None),
        "clock": state, "clock_lines": _clock_lines(state), "suggestions": suggestions, "paths": paths,
        "merge_path": paths.transition("merge") if "merge" in actions and suggestions else "",
        "templates": templates, "chosen_template": chosen, "error": error, "error_key": error_key,
        "open_key": error_key or ("t-answer" if chosen and "answer" in actions else "propose" if chosen else ""),
    }
    return render(request, "frontend/desk/case.html", context, status=status)


def _redacted_rows(user, case, files, bound) -> list[dict]:
    """A denunciation's files as the page lists them: each numbered, with its redacted copy (None: not yet made) and,
    for those who may make one (the assignee, leaders), the form to upload or replace it. The original's name is
    given only to those who may open it (a file's name can carry the denouncer's)."""
    originals = _may_see_attachments(user, case)
    allowed = may_redact(user, case)
    rows = []
    for number, item in enumerate(files, 1):
        key = f"redact-{item.pk}"
        form = bound.get(key) or (f.RedactedCopyForm(auto_id=_auto_id(key)) if allowed else None)
        rows.append({"item": item, "number": number, "copy": redacted_copy_of(item), "key": key, "form": form,
                     "name": (item.original_name if originals else "")})
    return rows


class _KeptForm:
    """An unbound action form of the case page whose HTML is rendered once per process and language (issue 7: the
    page's five to ten forms took ~5 ms to render on every request). Only for forms whose HTML depends on nothing but
    their key (which names the form, its labels and its transition), their initial text and a variant (the case's
    kind for the reject form's legal reasons): not the assign form, whose choices are the ward's staff. Everything
    else is the form's own."""

    _html: dict[tuple, str] = {}
    MAX = 512

    def __init__(self, form, key):
        self._form, self._key = form, key

    def __getattr__(self, name):
        return getattr(self._form, name)

    def __str__(self):
        key = (self._key, get_language())
        html = self._html.get(key)
        if html is None:
            if len(self._html) >= self.MAX:  # answer templates' texts vary: bounded
                self._html.clear()
            html = self._html[key] = str(self._form)
        return html

    __html__ = __str__


def _esc(value) -> str:
    """django.utils.html.escape without its lazy-string wrapper (the same output): called thousands of times here."""
    return html.escape(str(value))


def _timeline_html(entries) -> str:
    """The whole timeline (selectors.timeline_rows) as HTML, one <li> per entry, built here rather than in a template
    loop: through get_*_display, |date and |linebreaks a few hundred entries cost ~1 ms each to render (issue 7).
    Labels are translated and escaped once per page (as plain strings: a lazy one costs a translation each time it is
    formatted); every other value is escaped here."""
    kinds = {value: _esc(str(label)) for value, label in MessageKind.choices}
    states = {value: _esc(str(label)) for value, label in CaseState.choices}
    zone = timezone.get_current_timezone()
    transitions: dict[tuple[str, str], str] = {}
    tags = {True: f'<span class="tag tag-public">{_esc(_("public"))}</span>',
            False: f'<span class="tag tag-internal">{_esc(_("internal"))}</span>'}
    resident = _esc(_("resident"))
    language = get_language()
    items = []
    for entry in entries:
        local = entry.created_at.astimezone(zone)
        if entry.author_id is not None:
            who = _esc(entry.author_name)
        else:
            who = resident if entry.kind in ("resident", "submission") else ""
        change = ""
        if entry.from_state and entry.to_state:
            key = (entry.from_state, entry.to_state)
            if key not in transitions:
                transitions[key] = (f'<span class="transition-states">{states.get(key[0], _esc(key[0]))} → '
                                    f'{states.get(key[1], _esc(key[1]))}</span>')
            change = transitions[key]
        kind = _esc(entry.kind)
        internal = ("", "") if entry.is_public else (" internal", " data-internal")
        # what the portal wrote, in the reader's language
        text = localize(entry.kind, entry.body, entry.to_state, language=language)
        body = f'<div class="entry-body">{paragraphs_html(text)}</div>' if text else ""
        items.append(
            f'<li class="entry-{kind}{internal[0]}" data-testid="entry" data-kind="{kind}"{internal[1]}>\n'
            f'      <p class="entry-head">\n        <strong>{kinds.get(entry.kind, kind)}</strong>\n'
            f'        {tags[entry.is_public]}\n        {change}\n      </p>\n'
            f'      <time datetime="{local.isoformat()}">'
            f'{local.day:02d}/{local.month:02d}/{local.year} {local.hour:02d}:{local.minute:02d}'
            f'{" · " + who if who else ""}</time>\n      {body}\n    </li>')
    return mark_safe("\n    ".join(items))  # noqa: S308 (every value above is escaped)


def _chosen_template(request, templates):
    value = request.GET.get("template", "")
    return next((t for t in templates if str(t.pk) == value), None) if value.isdigit() else None


def _identity(user, case, revealed) -> dict:
    """What the page may show of the resident's identity. A denouncer's is shown only after an audited reveal."""
    protected = identity_protected(case)
    allowed = may_see_identity(user, case)
    data = None
    if revealed is not None:
        data = revealed
    elif allowed and not protected:
        data = services.contact_of(case)
    return {"anonymous": case.is_anonymous, "protected": protected, "allowed": allowed, "data": data,
            "revealed": revealed is not None}


def _clock_lines(state) -> list[dict]:
    kinds, steps, units = dict(ClockEventKind.choices), dict(PolicyStep.choices), dict(PeriodUnit.choices)
    return [{"on": line.on, "kind": line.kind, "what": kinds.get(line.kind, line.kind),
             "step": steps.get(line.step, line.step), "reason": line.reason, "days": line.days,
             "unit": units.get(line.unit, line.unit), "source": line.source, "due": line.due,
             "after_due": line.after_due}
            for line in state.lines]


# --- actions on a case (POST) ---------------------------------------------------------------------------------------

def _act(request, case, *, key, form, allowed, call, success):
    """Validate, check permission, call the one service; redirect with a message, or re-render with the reason.
    `success`: the message, or a function of what `call` returned giving (message level, message)."""
    if not allowed:
        error = _("You may not do this on this case.")
        form.add_error(None, error)
        return _case_page(request, case, bound={key: form}, error=error, error_key=key, status=403)
    if not form.is_valid():
        return _case_page(request, case, bound={key: form}, error=_("Please correct the form below."),
                          error_key=key, status=400)
    try:
        result = call(form.cleaned_data)
    except PermissionDenied as exc:
        _put_error(form, exc)
        return _case_page(request, case, bound={key: form}, error=_error_text(exc), error_key=key, status=403)
    except (DomainError, ValidationError) as exc:
        _put_error(form, exc)
        return _case_page(request, case, bound={key: form}, error=_error_text(exc), error_key=key, status=400)
    level, text = success(result) if callable(success) else (messages.SUCCESS, success)
    messages.add_message(request, level, text)
    return redirect(_case_url(case))


def _auto_id(key):
    return f"id_{key}_%s"


@desk_required
@require_POST
def claim(request, code):
    case = _case_or_404(request, code)
    return _act(request, case, key="claim", form=f.EmptyForm(request.POST, auto_id=_auto_id("claim")),
                allowed=can_work(request.user, case),
                call=lambda data: services.claim(case=case, actor=request.user),
                success=_("You took the case."))


@desk_required
@require_POST
def assign(request, code):
    case = _case_or_404(request, code)
    form = f.AssignForm(request.POST, case=case, auto_id=_auto_id("assign"))

    def call(data) -> bool:
        """Assign; whether anything changed (saving the assignment as it stands records nothing)."""
        unchanged = services.assignment_unchanged(case, assignee=data["assignee"], department=data["department"])
        services.assign(case=case, actor=request.user, assignee=data["assignee"], department=data["department"])
        return not unchanged

    return _act(request, case, key="assign", form=form, allowed=is_leader(request.user, case), call=call,
                success=lambda changed: (messages.SUCCESS, _("Assignment saved.")) if changed else (
                    messages.INFO, _("No change: the case was already assigned this way.")))


@desk_required
@require_POST
def note(request, code):
    case = _case_or_404(request, code)
    return _act(request, case, key="note", form=f.TextForm(request.POST, auto_id=_auto_id("note")),
                allowed=can_work(request.user, case),
                call=lambda data: services.add_note(case=case, actor=request.user, text=data["text"]),
                success=_("Internal note added."))


@desk_required
@require_POST
def reply(request, code):
    case = _case_or_404(request, code)
    return _act(request, case, key="reply", form=f.TextForm(request.POST, auto_id=_auto_id("reply")),
                allowed=can_work(request.user, case),
                call=lambda data: services.reply(case=case, actor=request.user, text=data["text"]),
                success=_("Message sent to the resident."))


@desk_required
@require_POST
def change_state(request, code, action):
    t = TRANSITIONS.get(action)
    if t is None:
        raise Http404
    case = _case_or_404(request, code)
    key = f"t-{action}"
    form = f.TransitionForm(request.POST, transition=t, user=request.user, kind=case.kind, auto_id=_auto_id(key))
    return _act(request, case, key=key, form=form, allowed=can_work(request.user, case),
                call=lambda data: transition(case=case, action=action, actor=request.user, **form.service_kwargs()),
                success=_("Done: %(action)s.") % {"action": t.label})


@desk_required
@require_POST
def propose(request, code):
    case = _case_or_404(request, code)
    return _act(request, case, key="propose", form=f.DraftAnswerForm(request.POST, auto_id=_auto_id("propose")),
                allowed=can_work(request.user, case),
                call=lambda data: services.propose_answer(case=case, actor=request.user, text=data["text"]),
                success=_("Draft answer sent to the leaders for approval."))


def _answer_or_404(case, answer_id):
    answer = next((a for a in case.answers.all() if a.pk == answer_id), None)
    if answer is None:
        raise Http404
    return answer


@desk_required
@require_POST
def approve(request, code, answer_id):
    case = _case_or_404(request, code)
    answer = _answer_or_404(case, answer_id)
    form = f.DecisionForm(request.POST, auto_id=_auto_id("approve"))
    return _act(request, case, key="approve", form=form, allowed=is_leader(request.user, case),
                call=lambda data: services.approve_answer(answer=answer, actor=request.user, note=data["note"]),
                success=_("Answer approved and sent to the resident."))


@desk_required
@require_POST
def return_answer(request, code, answer_id):
    case = _case_or_404(request, code)
    answer = _answer_or_404(case, answer_id)
    form = f.DecisionForm(request.POST, note_required=True, auto_id=_auto_id("return"))
    return _act(request, case, key="return", form=form, allowed=is_leader(request.user, case),
                call=lambda data: services.return_answer(answer=answer, actor=request.user, note=data["note"]),
                success=_("Answer returned to the officer."))


@desk_required
@require_POST
def extend(request, code):
    case = _case_or_404(request, code)
    return _act(request, case, key="extend", form=f.ReasonForm(request.POST, auto_id=_auto_id("extend")),
                allowed=is_leader(request.user, case),
                call=lambda data: services.extend_deadline(case=case, actor=request.user, reason=data["reason"]),
                success=_("Deadline extended."))


@desk_required
@require_POST
def mark_complex(request, code):
    case = _case_or_404(request, code)
    before, especially = case.due_date, case.is_complex

    def success(marked):
        text = _("The case is marked especially complex.") if especially else _("The case is marked complex.")
        if marked.due_date == before:
            text += " " + _("Its due date does not change.")
        return messages.SUCCESS, text

    return _act(request, case, key="complex", form=f.ReasonForm(request.POST, auto_id=_auto_id("complex")),
                allowed=is_leader(request.user, case),
                call=lambda data: services.mark_complex(case=case, actor=request.user, reason=data["reason"]),
                success=success)


# The reveals waiting to be shown, in the session: case id → when (a Unix time). The identity itself is never stored.
SESSION_REVEALS = "openward_reveals"
# A reveal is shown by the page that the POST redirects to, if it comes within this many seconds.
REVEAL_SECONDS = 60


@desk_required
@require_POST
def reveal(request, code):
    """Show the resident's identity (a denouncer's: audited). POST/redirect/GET: the audited reveal notes the case in
    the session and redirects to the case page, which shows the identity once (_take_reveal), so reloading that page
    neither submits the reveal again nor shows the identity again without a new audited reveal."""
    case = _case_or_404(request, code)
    if not may_see_identity(request.user, case):
        return _case_page(request, case, error=_("You may not see the identity of this resident."),
                          error_key="identity", status=403)
    try:
        services.reveal_identity(case=case, actor=request.user)
    except PermissionDenied as exc:
        return _case_page(request, case, error=_error_text(exc), error_key="identity", status=403)
    now = int(time.time())
    pending = {key: at for key, at in request.session.get(SESSION_REVEALS, {}).items()
               if now - at <= REVEAL_SECONDS}
    pending[str(case.pk)] = now
    request.session[SESSION_REVEALS] = pending
    return redirect(_case_url(case) + "#identity")


def _take_reveal(request, case) -> dict | None:
    """The identity to show on this page after a reveal (POST reveal → here): once, within REVEAL_SECONDS, and only
    while the user may still see it. The mark is taken off the session whatever it finds."""
    pending = request.session.get(SESSION_REVEALS)
    if not pending or str(case.pk) not in pending:
        return None
    pending = dict(pending)
    at = pending.pop(str(case.pk))
    if pending:
        request.session[SESSION_REVEALS] = pending
    else:
        del request.session[SESSION_REVEALS]
    if not 0 <= int(time.time()) - at <= REVEAL_SECONDS or not may_see_identity(request.user, case):
        return None
    return services.contact_of(case)


# --- files ------------------------------------------------------------------------------------------------------------

def _visible_case_or_404(request, code):
    case = (visible_cases(request.user).filter(tracking_code=(code or "").strip().upper())
            .select_related("ward").first())
    if case is None:
        raise Http404
    return case


@desk_required
@require_http_methods(["GET", "HEAD"])
def attachment(request, code, attachment_id):
    """An original file. A denunciation's only for its assignee and the leaders, and each opening is audited (the
    file may show the denouncer); the others who read the case get its redacted copy (redacted_copy)."""
    case = _visible_case_or_404(request, code)
    if not _may_see_attachments(request.user, case):
        raise Http404
    item = case.attachments.filter(pk=attachment_id).first()
    if item is None:
        raise Http404
    thumb = request.GET.get("thumb") == "1" and bool(item.thumbnail)
    services.record_original_opened(attachment=item, actor=request.user, thumbnail=thumb)
    stored = item.thumbnail if thumb else item.file
    return FileResponse(stored.open("rb"), content_type="image/jpeg" if thumb else item.content_type,
                        as_attachment=item.kind != "image", filename=item.original_name or stored.name)


@desk_required
@require_http_methods(["GET", "HEAD"])
def redacted_copy(request, code, attachment_id):
    """The redacted copy of a denunciation's file, for whoever reads the case; 404 while it has none."""
    case = _visible_case_or_404(request, code)
    if not may_see_redacted_copies(request.user, case):
        raise Http404
    copy = RedactedCopy.objects.filter(attachment__case=case, attachment_id=attachment_id).first()
    if copy is None:
        raise Http404
    thumb = request.GET.get("thumb") == "1" and bool(copy.thumbnail)
    stored = copy.thumbnail if thumb else copy.file
    extension = "jpg" if thumb else stored.name.rsplit(".", 1)[-1]
    return FileResponse(stored.open("rb"), content_type="image/jpeg" if thumb else copy.content_type,
                        as_attachment=copy.kind != "image", filename=f"ban-da-che-{attachment_id}.{extension}")


@desk_required
@require_POST
def redact(request, code, attachment_id):
    """Upload (or replace) the redacted copy of a denunciation's file: its assignee or a leader."""
    case = _case_or_404(request, code)
    item = next((a for a in case.attachments.all() if a.pk == attachment_id), None)
    if item is None:
        raise Http404
    key = f"redact-{item.pk}"
    replacing = redacted_copy_of(item) is not None
    form = f.RedactedCopyForm(request.POST, request.FILES, auto_id=_auto_id(key))
    return _act(request, case, key=key, form=form, allowed=may_redact(request.user, case),
                call=lambda data: services.upload_redacted_copy(attachment=item, actor=request.user,
                                                                upload=data["file"]),
                success=_("The redacted copy was replaced.") if replacing else _("The redacted copy was saved."))

