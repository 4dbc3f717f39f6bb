"""Forms of the staff desk: they parse and present; the rules live in portal.cases services and the workflow."""

import datetime as dt
import functools

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.audit import display
from portal.audit.selectors import Cursor, LogFilters, former_member
from portal.cases import reference
from portal.cases.models import AnswerTemplate, Case, CaseState, RejectionReason, rejection_reasons
from portal.cases.permissions import visible_cases
from portal.cases.selectors import QueueFilters
from portal.cases.services import ANSWER_MIN_LENGTH, answer_too_short
from portal.wards.models import CaseKind, Department, Membership, Role

from .widgets import FastSelect

# Select fields of the desk render their options in Python (frontend/widgets.py): the queue shows ten on every page.
Choice = functools.partial(forms.ChoiceField, widget=FastSelect)
TypedChoice = functools.partial(forms.TypedChoiceField, widget=FastSelect)

ANY = [("", _("— any —"))]

STATE_CHOICES = [("", _("Open cases")), ("all", _("All states"))] + list(CaseState.choices)
ASSIGNEE_CHOICES = [("", _("Anyone")), ("me", _("Me")), ("none", _("Nobody (unassigned)"))]
DEADLINE_CHOICES = [("", _("— any —")), ("overdue", _("Overdue")), ("due_soon", _("Due soon")),
                    ("on_track", _("On track")), ("paused", _("Paused"))]
ANSWER_CHOICES = [("", _("— any —")), ("pending", _("Awaiting approval"))]
SORT_CHOICES = [("due", _("Due date, earliest first")), ("-received", _("Newest first")),
                ("received", _("Oldest first"))]

# Cases a leader may assign in one go (one page of the queue is at most 25; a little headroom).
BULK_MAX = 100


def _id_choices(rows, *, with_ward: bool) -> list[tuple[str, str]]:
    """(id, label) choices from (id, name, ward name) rows; the ward is named when the user works in several."""
    return ANY + [(str(pk), f"{name} · {ward}" if with_ward else name) for pk, name, ward in rows]


class QueueFilterForm(forms.Form):
    """The GET filters of the queue. Choices are read once (one query per list), so validating adds no queries."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False,
                        widget=forms.TextInput(attrs={"type": "search",
                                                      "placeholder": _("Words or a tracking code")}))
    ward = TypedChoice(label=_("Ward"), coerce=int, empty_value=None, required=False)
    department = TypedChoice(label=_("Department"), coerce=int, empty_value=None, required=False)
    state = Choice(label=_("State"), choices=STATE_CHOICES, required=False)
    kind = Choice(label=_("Kind"), choices=ANY + list(CaseKind.choices), required=False)
    category = TypedChoice(label=_("Category"), coerce=int, empty_value=None, required=False)
    area = TypedChoice(label=_("Residential area"), coerce=int, empty_value=None, required=False)
    assignee = Choice(label=_("Assigned to"), choices=ASSIGNEE_CHOICES, required=False)
    deadline = Choice(label=_("Deadline"), choices=DEADLINE_CHOICES, required=False)
    answer = Choice(label=_("Draft answer"), choices=ANSWER_CHOICES, required=False)
    sort = Choice(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, ward_ids, departments, language="vi", ref=None, assignable=True, **kwargs):
        """`departments`: the departments the user can find cases in, by ward id, None for all of the ward's
        (portal.cases.permissions.queue_departments()): only those are offered, so that no choice answers "no case"
        and no department's name is shown to an officer who has no case in it; another id is not a valid choice.
        `ref`: the request's reference memo view (portal.cases.reference.view()); the choices come from it.
        `assignable`: whether cases can be assigned to the user (an officer or leader); a supervisor is not offered
        "assigned to: me"."""
        super().__init__(*args, **kwargs)
        if not assignable:
            self.fields["assignee"].choices = [c for c in ASSIGNEE_CHOICES if c[0] != "me"]
        several = len(ward_ids) > 1
        all_wards, all_categories, all_areas, all_departments = reference.names(ref or reference.view())
        mine = set(ward_ids)
        wards = [(ward.pk, ward.name) for ward in all_wards.values() if ward.pk in mine]  # by name, as the model
        self.fields["ward"].choices = ANY + [(str(pk), name) for pk, name in wards]

        def findable(department) -> bool:
            allowed = departments.get(department.ward_id, frozenset())
            return allowed is None or department.pk in allowed

        for field, rows in (("department", [row for row in all_departments.values() if findable(row)]),
                            ("area", all_areas.values())):
            named = sorted(((row.pk, row.name, all_wards[row.ward_id].name) for row in rows
                            if row.ward_id in mine), key=lambda item: (item[2], item[1]))
            self.fields[field].choices = _id_choices(named, with_ward=several)
        self.fields["category"].choices = ANY + [(str(c.pk), c.display_name(language))
                                                 for c in all_categories.values() if c.is_active]
        if len(wards) <= 1:
            self.fields["ward"].widget = forms.HiddenInput()

    def filters(self) -> QueueFilters:
        """What was valid of the input, as the queue selector's filters (an invalid field is ignored)."""
        self.is_valid()
        data = self.cleaned_data
        state = data.get("state") or ""
        return QueueFilters(
            ward=data.get("ward"), department=data.get("department"),
            states=(state,) if state and state != "all" else (), open_only=state != "all",
            kind=data.get("kind") or "", category=data.get("category"), area=data.get("area"),
            assignee=data.get("assignee") or "", deadline=data.get("deadline") or "",
            q=(data.get("q") or "").strip(), sort=data.get("sort") or "due", answer=data.get("answer") or "",
        )

    @property
    def active_count(self) -> int:
        data = getattr(self, "cleaned_data", {})
        return sum(1 for name, value in data.items() if value not in (None, "") and name != "sort")


def staff_choices(ward_ids) -> tuple[list[tuple[str, str]], dict[int, object]]:
    """Officers and leaders of these wards, as select choices and a map id → user (one query)."""
    memberships = (Membership.objects.filter(ward_id__in=ward_ids, role__in=[Role.OFFICER, Role.LEADER],
                                             user__is_active=True)
                   .select_related("user", "ward").order_by("ward__name", "user__username"))
    several = len(set(ward_ids)) > 1
    users: dict[int, object] = {}
    choices: list[tuple[str, str]] = []
    for membership in memberships:
        user = membership.user
        name = user.get_full_name() or user.get_username()
        label = f"{name} ({membership.get_role_display()})"
        if several:
            label = f"{label} · {membership.ward.name}"
        if user.pk not in users:
            users[user.pk] = user
            choices.append((str(user.pk), label))
    return choices, users


class _StaffChoiceMixin:
    def _set_staff(self, ward_ids, *, required=True):
        choices, self.staff = staff_choices(ward_ids)
        empty = _("— choose an officer —") if required else _("— nobody —")
        self.fields["assignee"].choices = [("", empty), *choices]

    def clean_assignee(self):
        value = self.cleaned_data.get("assignee")
        return self.staff.get(value) if value else None


def _is_case_id(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= 18


class BulkAssignForm(_StaffChoiceMixin, forms.Form):
    cases = forms.TypedMultipleChoiceField(coerce=int, widget=forms.MultipleHiddenInput, required=True,
                                           error_messages={"required": _("Tick the cases to assign."),
                                                           "invalid_choice": _("Tick cases of the queue only.")})
    assignee = TypedChoice(label=_("Officer"), coerce=int, empty_value=None)

    def __init__(self, *args, ward_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_staff(ward_ids)

    def full_clean(self):
        # The ticked ids are whatever the page showed; they are checked against what the user may see later.
        values = self.data.getlist("cases") if hasattr(self.data, "getlist") else []
        # A case number is up to 18 ASCII digits (the database's ids end at 2**63 - 1): anything else is refused as
        # not a choice, before a query that would overflow.
        self.fields["cases"].choices = [(v, v) for v in values if _is_case_id(v)][:BULK_MAX]
        super().full_clean()
        if self.is_bound and len(values) > BULK_MAX:
            self.add_error("cases", _("Assign at most %(n)s cases at once.") % {"n": BULK_MAX})


class AssignForm(_StaffChoiceMixin, forms.Form):
    assignee = TypedChoice(label=_("Officer"), coerce=int, empty_value=None, required=False)
    department = TypedChoice(label=_("Department"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args, case, **kwargs):
        kwargs.setdefault("initial", {"assignee": case.assignee_id, "department": case.department_id})
        super().__init__(*args, **kwargs)
        self._set_staff([case.ward_id], required=False)
        self.departments = {d.pk: d for d in Department.objects.filter(ward_id=case.ward_id)}
        self.fields["department"].choices = [("", _("— keep the current department —"))] + [
            (str(pk), d.name) for pk, d in self.departments.items()]

    def clean_department(self):
        value = self.cleaned_data.get("department")
        return self.departments.get(value) if value else None


class EmptyForm(forms.Form):
    """A button: only the CSRF token."""


class TextForm(forms.Form):
    text = forms.CharField(label=_("Text"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, label=None, help_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["text"].label = label
        if help_text:
            self.fields["text"].help_text = help_text


class DraftAnswerForm(TextForm):
    """The draft answer sent for approval: at least services.ANSWER_MIN_LENGTH characters, as the service requires
    (said here too, so that the browser can tell before sending)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs["minlength"] = ANSWER_MIN_LENGTH

    def clean_text(self):
        text = self.cleaned_data["text"]
        if too_short := answer_too_short(text):
            raise forms.ValidationError(too_short, code="min_length")
        return text


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class RedactedCopyForm(forms.Form):
    """The redacted copy of one of a denunciation's files (services.upload_redacted_copy checks it by content)."""

    file = forms.FileField(
        label=_("Redacted copy (PDF or photo)"),
        help_text=_("The same document with the denouncer's name, signature, address, phone number and anything else "
                    "that identifies them blacked out."),
        widget=forms.FileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}))


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note to the officer"), max_length=5000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, note_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = note_required
        if note_required:
            self.fields["note"].label = _("What should change?")


# What the text of each transition is for (the workflow says whether it is needed).
TRANSITION_TEXT_LABELS = {
    "request_info": _("What information do you need? (sent to the resident)"),
    "suspend": _("Legal ground for the suspension (sent to the resident)"),
    "answer": _("The answer (sent to the resident)"),
    "reject": _("Explanation (sent to the resident with the legal reason)"),
    "transfer": _("Note to the resident"),
    "withdraw": _("The resident's written request to withdraw"),
    "reopen": _("Why is the case reopened? (sent to the resident)"),
}


class TransitionForm(forms.Form):
    """The inputs one workflow transition needs: text, the legal reason (reject), the body (transfer), the case to
    merge into (merge)."""

    def __init__(self, *args, transition, user, kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.user = user
        if transition.needs_text:
            self.fields["text"] = forms.CharField(
                label=TRANSITION_TEXT_LABELS.get(transition.action, _("Text")), max_length=10000,
                widget=forms.Textarea(attrs={"rows": 6 if transition.action == "answer" else 3}))
        if transition.action == "reject":
            self.fields["reason_code"] = Choice(
                label=_("Legal reason"), choices=[("", _("— choose the legal reason —")),
                                                  *(rejection_reasons(kind) if kind else RejectionReason.choices)])
        if transition.action == "transfer":
            self.fields["to_body"] = forms.CharField(label=_("Forward to (the competent body)"), max_length=300)
        if transition.action == "merge":
            self.fields["target"] = forms.CharField(
                label=_("Tracking code of the case to merge into"), max_length=32,
                widget=forms.TextInput(attrs={"placeholder": "PN17-2026-000123", "autocapitalize": "characters"}))

    def clean_target(self):
        code = self.cleaned_data["target"].strip().upper()
        target = visible_cases(self.user).filter(tracking_code=code).first()
        if target is None:
            raise forms.ValidationError(_("No case with this tracking code that you can see."))
        return target

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"text": data.get("text", ""), "reason_code": data.get("reason_code", ""),
                "to_body": data.get("to_body", ""), "target": data.get("target")}


def answer_templates(case, ref=None) -> list[AnswerTemplate]:
    """The answer templates for this case: the city's and its ward's, for any kind or the case's kind (through the
    reference memo: `ref`, its view, when the caller has one)."""
    return list(reference.answer_templates(ref or reference.view(), case.ward_id, case.kind))


# --- the audit log (Nhật ký kiểm tra) ---------------------------------------------------------------------------------

AUDIT_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AUDIT_DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
# The log has no event before the portal existed nor after the calendar's end; the bounds also keep "the day after the
# last date" a valid date.
AUDIT_FIRST_DAY, AUDIT_LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


def _audit_date(label):
    return forms.DateField(label=label, required=False, widget=AUDIT_DATE, input_formats=AUDIT_DATE_FORMATS,
                           validators=[MinValueValidator(AUDIT_FIRST_DAY), MaxValueValidator(AUDIT_LAST_DAY)])


class _LogPageForm(forms.Form):
    """What the audit log's pages have in common: the dates, and `before`/`after`, the page cursors
    (portal.audit.selectors.Cursor), not shown."""

    date_from = _audit_date(_("From (date)"))
    date_to = _audit_date(_("Until (date)"))
    before = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    after = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    FILTERS: tuple[str, ...] = ("date_from", "date_to")

    def _cursor(self, name):
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            return None
        cursor = Cursor.parse(value)
        if cursor is None:
            raise forms.ValidationError(_("This page link is not valid: start again from the newest events."))
        return cursor

    def clean_before(self):
        return self._cursor("before")

    def clean_after(self):
        return self._cursor("after")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        if data.get("before") and data.get("after"):
            self.add_error(None, _("This page link is not valid: start again from the newest events."))
        return data

    def _period(self) -> dict:
        """The dates as LogFilters' `since` (the first day's midnight) and `until` (the midnight after the last day)."""
        data = self.cleaned_data
        zone = timezone.get_current_timezone()

        def midnight(day):
            return dt.datetime.combine(day, dt.time(), tzinfo=zone) if day else None

        end = data.get("date_to")
        return {"since": midnight(data.get("date_from")),
                "until": midnight(end + dt.timedelta(days=1)) if end else None}

    @property
    def active_count(self) -> int:
        data = getattr(self, "cleaned_data", {})
        return sum(1 for name in self.FILTERS if data.get(name) not in (None, ""))

    @property
    def filter_fields(self) -> list:
        """The filters as the page shows them, in FILTERS' order (the cursors are not: a new filter starts from the
        newest events)."""
        return [self[name] for name in self.FILTERS]


class AuditLogFilterForm(_LogPageForm):
    """The GET filters of the audit log page. The wards, their staff and the case are those of the reader's wards
    (portal.audit.permissions.log_ward_ids): another ward's id, a stranger's id or another ward's case is refused as a
    form error, never read."""

    case = forms.CharField(label=_("Tracking code of a case"), max_length=32, required=False,
                           widget=forms.TextInput(attrs={"placeholder": "PN17-2026-000123",
                                                         "autocapitalize": "characters"}))
    ward = TypedChoice(label=_("Ward"), coerce=int, empty_value=None, required=False)
    action = Choice(label=_("Action"), required=False)
    object_type = Choice(label=_("Concerning"), required=False)
    actor = Choice(label=_("Done by"), required=False)

    FILTERS = ("case", "ward", "action", "object_type", "actor", "date_from", "date_to")

    def __init__(self, *args, ward_ids, ref=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ward_ids = list(ward_ids)
        wards = reference.names(ref or reference.view())[0]
        self.fields["ward"].choices = [("", _("All my wards"))] + [
            (str(pk), wards[pk].name) for pk in sorted(self.ward_ids, key=lambda pk: wards[pk].name) if pk in wards]
        if len(self.ward_ids) <= 1:
            self.fields["ward"].widget = forms.HiddenInput()
        # In the order of a case's, a disclosure's and a session's life (display's order), not alphabetical.
        self.fields["action"].choices = ANY + [
            (str(group), [(action, str(label)) for action, label in actions.items()])
            for group, actions in display.ACTION_GROUPS]
        self.fields["object_type"].choices = ANY + [(name, str(label))
                                                    for name, label in display.OBJECT_LABELS.items()]
        self.staff = audit_staff(self.ward_ids)
        self.fields["actor"].choices = ANY + [("system", _("The system (automatic jobs)")),
                                              ("resident", _("Residents"))] + [
            (str(pk), label) for pk, (label, _user) in self.staff.items()]
        self.case_ward, self.case_code = None, ""

    def clean_case(self):
        code = (self.cleaned_data.get("case") or "").strip().upper()
        if not code:
            return None
        row = (Case.objects.filter(tracking_code=code, ward_id__in=self.ward_ids)
               .values_list("pk", "ward_id").first())
        if row is None:
            raise forms.ValidationError(_("No case with this tracking code in your wards."))
        self.case_ward, self.case_code = row[1], code
        return row[0]

    def clean(self):
        data = super().clean()
        ward, case = data.get("ward"), data.get("case")
        if ward is not None and case is not None and self.case_ward != ward:
            self.add_error("case", _("This case is not in the chosen ward."))
        return data

    def filters(self) -> LogFilters:
        """The valid input as the log's filters (call after is_valid())."""
        data = self.cleaned_data
        wards = tuple(self.ward_ids)
        if data.get("case") is not None:
            wards = (self.case_ward,)
        elif data.get("ward") is not None:
            wards = (data["ward"],)
        actor = data.get("actor") or ""
        return LogFilters(
            ward_ids=wards, action=data.get("action") or "", object_type=data.get("object_type") or "",
            actor=int(actor) if actor.isdigit() else actor, case_id=data.get("case"), **self._period())


class AccountLogFilterForm(_LogPageForm):
    """The GET filters of the accounts' log page (portal.audit.permissions.account_log_scope): an account by its
    username, an action, the dates. A ward's administrator names an account of the ward's staff, or of its former
    staff (selectors.former_member: a staff role of it given, changed or taken in the ward is on the log; the page then
    lists those, the ward's history, and nothing else of the account); any other, known or not, is the same form
    error, so the page tells nobody which usernames exist. A superuser names any account. The actions: the
    accounts', the staff roles' and, for a superuser, the groups of permissions'."""

    account = forms.CharField(label=_("Account (username)"), max_length=150, required=False)
    action = Choice(label=_("Action"), required=False)

    FILTERS = ("account", "action", "date_from", "date_to")

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        groups = [(_("Accounts"), display.ACCOUNT_ACTIONS), (_("Staff roles"), display.STAFF_ACTIONS)]
        if scope.everyone:
            groups.insert(1, (_("Groups of permissions"), display.GROUP_ACTIONS))
        self.fields["action"].choices = ANY + [
            (str(group), [(action, str(label)) for action, label in actions.items()]) for group, actions in groups]
        # A ward administrator's readable accounts: the staff of their wards (one query), by user id.
        self.staff = None if scope.everyone else audit_staff(scope.ward_ids)
        self.account_name = ""

    def clean_account(self):
        name = (self.cleaned_data.get("account") or "").strip()
        if not name:
            return None
        if self.staff is None:
            pk = get_user_model().objects.filter(username=name).values_list("pk", flat=True).first()
            error = _("No account has this username.")
        else:
            pk = next((pk for pk, (_label, user) in self.staff.items() if user.get_username() == name), None)
            if pk is None:  # a member who has left: their staff roles in these wards (one or two queries more)
                pk = former_member(name, self.scope.ward_ids)
            error = _("None of your wards' staff has this username.")
        if pk is None:
            raise forms.ValidationError(error)
        self.account_name = name
        return pk

    def filters(self) -> LogFilters:
        """The valid input as the log's filters (call after is_valid())."""
        data = self.cleaned_data
        return LogFilters(accounts=True, account_ids=None if self.staff is None else tuple(self.staff),
                          ward_ids=self.scope.ward_ids, account_id=data.get("account"),
                          action=data.get("action") or "", **self._period())


def audit_staff(ward_ids) -> dict[int, tuple[str, object]]:
    """Everyone with a role in these wards (leaders, officers, supervisors, admins), by user id → (label, user), for
    the log's "done by" filter and for naming staff in events' data (one query)."""
    several = len(set(ward_ids)) > 1
    staff: dict[int, tuple[str, object]] = {}
    memberships = (Membership.objects.filter(ward_id__in=ward_ids).select_related("user", "ward")
                   .order_by("user__last_name", "user__first_name", "user__username", "ward__name"))
    for membership in memberships:
        user = membership.user
        if user.pk in staff:
            continue
        label = f"{user.get_full_name() or user.get_username()} ({membership.get_role_display()})"
        staff[user.pk] = (f"{label} · {membership.ward.name}" if several else label, user)
    return staff
