"""The audit log pages of the staff desk, "Nhật ký kiểm tra" (SPEC §7): every action on the cases, disclosures and
dialogues of the reader's wards, newest first, for the wards' leaders and supervisors; and the accounts' log, "Nhật ký
tài khoản", the events about accounts (which belong to no ward: created, changed, deleted, a password set, two-step
verification reset…) for the portal's administrators (portal.audit.permissions.account_log_scope).

Thin, as the desk: the form parses the filters, portal.audit.permissions says who may read which wards,
portal.audit.selectors reads one page (a cursor, never an offset or a count), portal.audit.display names the actions
and hides residents' personal data. This module only turns each event into what the page shows.

The chain's integrity is shown at the top as the nightly job last found it (portal.audit.services.check_chain, kept
in AuditChainCheck): verify_chain() walks the whole log, far too slow for a page at millions of events.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.db.models import Exists, OuterRef
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal.audit import display, selectors
from portal.audit.models import ACCOUNT_ACTIONS, GROUP_ACTIONS, STAFF_ROLE_ACTIONS
from portal.audit.permissions import account_log_scope, log_ward_ids
from portal.audit.selectors import RESIDENT, SYSTEM, log_page
from portal.cases import reference
from portal.cases.models import CaseState, Channel, RejectionReason
from portal.cases.permissions import scope_of
from portal.dialogues.models import CommitmentStatus, RegistrationStatus, SessionKind
from portal.disclosures.models import DisclosureState
from portal.wards.models import CaseKind, Role

from .. import desk_forms as f

PAGE_SIZE = 50

# The fields of events' data, as the page names them (a field without a label is shown by its name).
FIELD_LABELS = {
    "tracking_code": _lazy("Tracking code"), "kind": pgettext_lazy("audit log", "Kind"), "channel": _lazy("Channel"),
    "category": _lazy("Category"), "area": _lazy("Residential area"), "attachments": _lazy("Attachments"),
    "due_date": _lazy("Due date"), "late_filing": _lazy("Filed after the window"),
    "routing_rule": _lazy("Routing rule"), "department": _lazy("Department"), "assignee": _lazy("Assignee"),
    "message": _lazy("Timeline entry no."), "key": _lazy("Notice key"), "answer": _lazy("Draft answer no."),
    "reason": _lazy("Reason"), "score": _lazy("Rating"), "reason_code": _lazy("Legal reason"),
    "to_body": _lazy("Forwarded to"), "target": _lazy("Merged into"), "state": _lazy("State"),
    "working_days_late": _lazy("Working days late"), "leaders": _lazy("Leaders told"), "case": _lazy("Case"),
    "on_time": _lazy("On time"), "title": _lazy("Title"), "files": _lazy("Files"), "posted_on": _lazy("Posted on"),
    "disclose_by": _lazy("To be disclosed by"), "late": _lazy("Late"), "version": _lazy("Version"),
    "planned_end": _lazy("Planned end"), "ended_on": _lazy("Ended on"),
    "before_minimum": _lazy("Before the minimum period"), "previous_state": _lazy("Previous state"),
    "disclosure": _lazy("Disclosure no."), "opens_on": _lazy("Opens on"), "closes_on": _lazy("Closes on"),
    "comments": _lazy("Comments"), "question": _lazy("Question no."), "session": _lazy("Session no."),
    "starts_at": _lazy("Starts at"), "ends_at": _lazy("Ends at"), "venue": _lazy("Venue"),
    "capacity": _lazy("Capacity"), "late_reason": _lazy("Reason for the late announcement"),
    "request": _lazy("Request no."), "change": _lazy("Change no."), "held_on": _lazy("Held on"),
    "results_due": _lazy("Results due"), "minutes_sha256": _lazy("Minutes (SHA-256)"),
    "scan_sha256": _lazy("Signed scan (SHA-256)"), "status": _lazy("Status"), "was": _lazy("Status before"),
    "text": _lazy("Text"), "into": _lazy("Merged into question no."), "votes_moved": _lazy("Votes moved"),
    "note": _lazy("Note"), "posting_start": _lazy("Posted from"), "posting_end": _lazy("Posted until"),
    "api_key": _lazy("API key no."), "is_active": _lazy("Active"), "online_link": _lazy("Online link"),
    "agenda": _lazy("Agenda"), "topic": _lazy("Topic"),
    "attachment": _lazy("File no."), "sha256": _lazy("SHA-256"), "replaced_sha256": _lazy("Replaced copy (SHA-256)"),
    "thumbnail": _lazy("Thumbnail"),
    "member": _lazy("Staff member"), "account": _lazy("Account"), "role": _lazy("Role"),
    "departments": _lazy("Departments"),
    # accounts (the accounts' log)
    "is_staff": _lazy("May use the administration site"), "is_superuser": _lazy("Superuser (every power)"),
    "groups": _lazy("Groups"), "permissions": _lazy("Own permissions"),
    "usable_password": _lazy("Has a password"), "usable": _lazy("Has a password"),
    "staff": _lazy("Staff account"), "authenticators": _lazy("Authenticator apps removed"),
    "backup_codes": _lazy("Backup codes removed"), "device": _lazy("Device"), "count": _lazy("Number"),
    "group": _lazy("Group of permissions"), "members": _lazy("Accounts in the group"),
    # personal fields (their values are never shown): named so the reader knows what changed
    "contact_name": _lazy("Name"), "contact_phone": _lazy("Phone"), "contact_email": _lazy("E-mail"),
    "contact_address": _lazy("Address"), "contact": _lazy("Contact"), "name": _lazy("Name"),
    "phone": _lazy("Phone"), "email": _lazy("E-mail"), "address": _lazy("Address"),
    "representative_name": _lazy("Representative"), "representative": _lazy("Representative"),
    "identity": _lazy("Identity"), "username": _lazy("Username"), "ip": _lazy("IP address"),
}
# Fields named otherwise on the events of one kind of object, by (object type, field).
OBJECT_FIELD_LABELS = {("auth.group", "permissions"): pgettext_lazy("audit log", "Permissions")}
# Values that are choices of a model, by (object type, field).
CHOICES = {
    ("cases.case", "from"): CaseState, ("cases.case", "to"): CaseState, ("cases.case", "kind"): CaseKind,
    ("cases.case", "channel"): Channel, ("cases.case", "reason_code"): RejectionReason,
    ("disclosures.disclosure", "state"): DisclosureState,
    ("disclosures.disclosure", "previous_state"): DisclosureState,
    ("dialogues.session", "kind"): SessionKind, ("dialogues.registration", "status"): RegistrationStatus,
    ("dialogues.registration", "was"): RegistrationStatus, ("dialogues.commitment", "before"): CommitmentStatus,
    ("dialogues.commitment", "after"): CommitmentStatus, ("wards.membership", "role"): Role,
}
# Pages of the objects events are about (a case's link needs its tracking code: read once per page).
OBJECT_URLS = {
    "disclosures.disclosure": "frontend:disclosures-detail",
    "dialogues.session": "frontend:dialogues-staff-session",
    "dialogues.dialoguerequest": "frontend:dialogues-request",
}
_DATE = re.compile(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_DATETIME = re.compile(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}")
_SHA256 = re.compile(r"\A[0-9a-f]{64}\Z")


def _forbidden(request, template="frontend/desk/audit_forbidden.html"):
    return render(request, template, {"account_log": account_log_scope(request.user) is not None}, status=403)


def log_readers_only(view):
    """Leaders and supervisors of a ward. Anonymous visitors go to the staff login page and come back; everyone else
    (officers, admins, residents) gets a 403 page (which links the administrators to the accounts' log). Never cached
    (personal data of staff, residents' cases)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("frontend:login"))
        if not log_ward_ids(request.user):
            return _forbidden(request)
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


def account_log_readers_only(view):
    """The portal's administrators: superusers, and wards' administrators (role admin). Anonymous visitors go to the
    staff login page and come back; everyone else gets a 403 page. Never cached."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("frontend:login"))
        if account_log_scope(request.user) is None:
            return _forbidden(request, "frontend/desk/audit_accounts_forbidden.html")
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


@log_readers_only
@require_http_methods(["GET", "HEAD"])
def audit_log(request):
    wards = log_ward_ids(request.user)
    ref = reference.view()
    form = f.AuditLogFilterForm(request.GET, ward_ids=wards, ref=ref)
    page, rows, case_code = None, [], ""
    valid = form.is_valid()
    if valid:
        data = form.cleaned_data
        page = log_page(form.filters(), older_than=data.get("before"), newer_than=data.get("after"), size=PAGE_SIZE)
        rows = _rows(page.events, staff=form.staff, ref=ref, ward_ids=wards, several_wards=len(wards) > 1)
        case_code = form.case_code
    return render(request, "frontend/desk/audit_log.html", {
        "form": form, "page": page, "rows": rows, "case_code": case_code,
        "scan_limit": number_format(selectors.SCAN_LIMIT, force_grouping=True),
        "chain": _chain(selectors.latest_chain_check()),
        "account_log": account_log_scope(request.user) is not None,
    }, status=200 if valid else 400)


@account_log_readers_only
@require_http_methods(["GET", "HEAD"])
def audit_accounts(request):
    """The accounts' log: a superuser reads every account's events, a ward's administrator those of the ward's staff
    (portal.audit.permissions). A constant number of queries, as the wards' log: the page, its accounts' names."""
    form = f.AccountLogFilterForm(request.GET, scope=account_log_scope(request.user))
    page, rows = None, []
    valid = form.is_valid()
    if valid:
        data = form.cleaned_data
        page = log_page(form.filters(), older_than=data.get("before"), newer_than=data.get("after"), size=PAGE_SIZE)
        rows = _account_rows(page.events, user_links=request.user.has_perm("auth.view_user"),
                             group_links=request.user.has_perm("auth.view_group"))
    return render(request, "frontend/desk/audit_accounts.html", {
        "form": form, "page": page, "rows": rows, "account_name": form.account_name,
        "chain": _chain(selectors.latest_chain_check()), "ward_log": bool(log_ward_ids(request.user)),
        "desk": bool(scope_of(request.user).case_ward_ids),
    }, status=200 if valid else 400)


# A check older than this means the nightly job stopped (beat or the workers down): the page says so.
CHECK_OVERDUE = dt.timedelta(hours=36)


def _chain(check) -> dict | None:
    """The latest check of the chain as the page shows it: when, how many events, intact or where it broke."""
    if check is None:
        return None
    return {"ok": check.ok, "at": timezone.localtime(check.started_at), "checked": check.checked,
            "count": number_format(check.checked, force_grouping=True),
            "broken": "" if check.ok else display.break_text(check.reason, check.first_broken_id),
            "overdue": timezone.now() - check.started_at > CHECK_OVERDUE}


# --- events as the page shows them ------------------------------------------------------------------------------------

def _rows(events, *, staff, ref, ward_ids, several_wards) -> list[dict]:
    from portal.cases.models import Case

    zone = timezone.get_current_timezone()
    ward_names, categories, areas, departments = reference.names(ref)
    case_ids = {_pk(e.object_id) for e in events if e.object_type == "cases.case"} - {None}
    # An inspection lead (an anonymous denunciation) links to its own page, which only the ward's leaders open.
    codes = {pk: (code, kind == CaseKind.DENUNCIATION and anonymous) for pk, code, kind, anonymous
             in Case.objects.filter(pk__in=case_ids, ward_id__in=ward_ids).order_by()
             .values_list("pk", "tracking_code", "kind", "is_anonymous")} if case_ids else {}
    names = _Names(staff=staff, categories=categories, areas=areas, departments=departments,
                   language=get_language(), zone=zone)
    return [_row(event, names, _object(event, codes),
                 ward_names[event.ward_id].name if several_wards and event.ward_id in ward_names else "")
            for event in events]


def _row(event, names, obj, ward, *, also_hidden=frozenset()) -> dict:
    return {
        "id": event.pk, "at": timezone.localtime(event.created_at, names.zone),
        "action": display.action_label(event.action), "code": event.action,
        "known": event.action in display.ACTION_LABELS, "actor": _actor(event), "object": obj, "ward": ward,
        "details": _details(event, names, also_hidden=also_hidden),
    }


# What names a resident's account in an account event's data (its username; e-mail and IP are hidden anyway).
RESIDENT_ACCOUNT = frozenset({"account"})


def _account_rows(events, *, user_links: bool, group_links: bool) -> list[dict]:
    """The accounts' log's rows. Each event's account by name: the account an account event is about, the member of a
    staff role given, changed or taken (with the role's ward); a group of permissions by its name. Linked to their
    pages in the Django admin for a reader who may see them there. A resident's account (one with a resident's profile)
    is never named, as anywhere in the log: neither as the event's object nor by the account name in its data. A
    constant number of queries: the page's accounts; its groups, when it has any; the wards' and departments' names
    (reference data, kept by the process), when it has staff roles."""
    from django.contrib.auth.models import Group

    from portal.accounts.models import ResidentProfile

    ids = {_account_id(event) for event in events} - {None}
    accounts = {}
    if ids:
        accounts = {user.pk: user for user in get_user_model().objects.filter(pk__in=ids).annotate(
            has_resident_profile=Exists(ResidentProfile.objects.filter(user_id=OuterRef("pk"))))}
    group_ids = {_pk(event.object_id) for event in events if event.action in GROUP_ACTIONS} - {None}
    groups = dict(Group.objects.filter(pk__in=group_ids).values_list("pk", "name")) if group_ids else {}
    wards, departments = {}, {}
    if any(event.action in STAFF_ROLE_ACTIONS for event in events):
        wards, _categories, _areas, departments = reference.names(reference.view())
    staff = {pk: ("", user) for pk, user in accounts.items() if not user.has_resident_profile}
    names = _Names(staff=staff, categories={}, areas={}, departments=departments, language=get_language(),
                   zone=timezone.get_current_timezone())
    rows = []
    for event in events:
        if event.action in GROUP_ACTIONS:
            rows.append(_row(event, names, _group(event, groups, links=group_links), ""))
            continue
        user = accounts.get(_account_id(event))
        resident = user is not None and user.has_resident_profile
        ward = wards[event.ward_id].name if event.ward_id in wards else ""
        rows.append(_row(event, names, _account(event, user, resident=resident, links=user_links), ward,
                         also_hidden=RESIDENT_ACCOUNT if resident else frozenset()))
    return rows


def _account_id(event) -> int | None:
    """The account an event of the accounts' log is about: its object, or a staff role's member."""
    if event.action in STAFF_ROLE_ACTIONS:
        member = event.data.get("member") if isinstance(event.data, dict) else None
        return member if isinstance(member, int) else None
    return _pk(event.object_id) if event.action in ACCOUNT_ACTIONS else None


def _account(event, user, *, resident: bool, links: bool) -> dict:
    if resident:
        return {"kind": _("A resident's account"), "ref": "", "url": ""}
    kind = str(FIELD_LABELS["account"])
    if user is None:  # deleted since (its event's data names it)
        pk = _account_id(event)
        return {"kind": kind, "ref": f"#{pk}" if pk is not None else "", "url": ""}
    full_name = user.get_full_name()
    label = f"{user.get_username()} ({full_name})" if full_name else user.get_username()
    return {"kind": kind, "ref": label, "url": reverse("admin:auth_user_change", args=[user.pk]) if links else ""}


def _group(event, groups: dict[int, str], *, links: bool) -> dict:
    """A group of permissions by its name now, linked to its page in the admin; deleted since, by its name then."""
    pk = _pk(event.object_id)
    kind = display.object_label(event.object_type)
    if pk in groups:
        return {"kind": kind, "ref": groups[pk], "url": reverse("admin:auth_group_change", args=[pk]) if links else ""}
    name = event.data.get("group") if isinstance(event.data, dict) else None
    return {"kind": kind, "ref": name or f"#{event.object_id}", "url": ""}


def _actor(event) -> dict:
    """Who did it. A resident is never named (not even by account name); staff by name; jobs as the system."""
    if getattr(event, "by_resident", False) or event.actor_label == RESIDENT:
        return {"name": _("A resident"), "kind": "resident"}
    if event.actor_id is not None:
        user = event.actor
        return {"name": user.get_full_name() or user.get_username(), "kind": "staff"}
    if event.actor_label == SYSTEM:
        return {"name": _("The system"), "kind": "system"}
    if event.actor_label.startswith("open311:"):
        return {"name": _("Open311 integration (key %(prefix)s…)") % {"prefix": event.actor_label[8:]},
                "kind": "integration"}
    return {"name": event.actor_label or "—", "kind": "other"}


def _pk(object_id: str) -> int | None:
    """The object's id when it is a database id (at most 18 ASCII digits: the ids end at 2**63 - 1)."""
    return int(object_id) if object_id.isascii() and object_id.isdigit() and len(object_id) <= 18 else None


def _object(event, codes) -> dict:
    kind = display.object_label(event.object_type) if event.object_type else ""
    pk = _pk(event.object_id)
    if event.object_type == "cases.case":
        code, lead = codes.get(pk, ("", False))
        if code:
            return {"kind": kind, "ref": code, "url": reverse("frontend:desk-lead" if lead else "frontend:desk-case",
                                                              kwargs={"code": code})}
    if event.object_type == "cases.recommendation":
        return {"kind": kind, "ref": f"#{event.object_id}", "url": reverse("frontend:recommendations")}
    name = OBJECT_URLS.get(event.object_type)
    if name and pk is not None:
        return {"kind": kind, "ref": f"#{pk}", "url": reverse(name, kwargs={"pk": pk})}
    return {"kind": kind, "ref": f"#{event.object_id}" if event.object_id else "", "url": ""}


class _Names:
    """Turns the values of events' data into text: names of staff, departments, categories and areas (already read
    for the page), labels of choices, dates in local time; a hidden personal value says so."""

    def __init__(self, *, staff, categories, areas, departments, language, zone):
        self.staff, self.categories, self.areas, self.departments = staff, categories, areas, departments
        self.language, self.zone = language, zone

    def field(self, key, object_type="") -> str:
        label = OBJECT_FIELD_LABELS.get((object_type, key)) or FIELD_LABELS.get(key)
        return str(label) if label is not None else str(key)

    def value(self, object_type, key, value) -> str:
        if value is display.HIDDEN:
            return _("hidden")
        if value is None or value == "":
            return "—"
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, list):
            return ", ".join(self.value(object_type, key, item) for item in value) if value else "—"
        if isinstance(value, dict):
            return "; ".join(f"{self.field(k, object_type)}: {self.value(object_type, k, v)}" for k, v in value.items())
        choices = CHOICES.get((object_type, key))
        if choices is not None and isinstance(value, str):
            try:
                return str(choices(value).label)
            except ValueError:
                return value
        if isinstance(value, int):
            return self._named(key, value)
        text = str(value)
        if _DATE.match(text):
            return f"{text[8:10]}/{text[5:7]}/{text[:4]}"
        if _DATETIME.match(text):
            try:
                moment = dt.datetime.fromisoformat(text)
            except ValueError:
                return text
            if moment.tzinfo is not None:
                moment = moment.astimezone(self.zone)
            return moment.strftime("%d/%m/%Y %H:%M")
        if _SHA256.match(text):
            return text[:12] + "…"
        return text

    def _named(self, key, pk: int) -> str:
        if key in ("assignee", "leaders", "member") and pk in self.staff:
            user = self.staff[pk][1]
            return user.get_full_name() or user.get_username()
        if key in ("department", "departments") and pk in self.departments:
            return self.departments[pk].name
        if key == "category" and pk in self.categories:
            return self.categories[pk].display_name(self.language)
        if key == "area" and pk in self.areas:
            return self.areas[pk].name
        if key in ("assignee", "leaders", "member", "department", "departments", "category", "area"):
            return f"#{pk}"
        return str(pk)


def _details(event, names: _Names, *, also_hidden=frozenset()) -> list[dict]:
    """The event's data as rows: a change as "before → after" (field by field when both sides are records), the rest
    as "field: value". Personal fields show their name and "hidden", never their value (portal.audit.display.masked)."""
    object_type = event.object_type
    data = display.masked(event.data if isinstance(event.data, dict) else {"data": event.data},
                          object_type=object_type, also=also_hidden)
    rows: list[dict] = []
    if "from" in data and "to" in data:  # a transition of the state machine
        rows.append(_change(names, object_type, _("State"), ("from", data.pop("from")), ("to", data.pop("to"))))
    if "before" in data and "after" in data:
        old, new = data.pop("before"), data.pop("after")
        if isinstance(old, dict) and isinstance(new, dict):
            for key in dict.fromkeys([*old, *new]):
                before, after = old.get(key), new.get(key)
                if before != after or before is display.HIDDEN:
                    rows.append(_change(names, object_type, names.field(key, object_type), (key, before),
                                        (key, after)))
        else:
            rows.append(_change(names, object_type, str(_changed_label(event.action)), ("before", old),
                                ("after", new)))
    for key, value in data.items():
        if value is None or value == [] or value == {}:
            continue
        rows.append({"field": names.field(key, object_type), "value": names.value(object_type, key, value),
                     "hidden": value is display.HIDDEN})
    return rows


def _changed_label(action: str):
    """What a plain before/after of this action is the value of."""
    if action in ("case.deadline_extended", "case.marked_complex", "case.deadline_recomputed"):
        return FIELD_LABELS["due_date"]
    if action == "dialogue.commitment_updated":
        return FIELD_LABELS["status"]
    if action == "dialogue.question_grouped":
        return FIELD_LABELS["topic"]
    if action.endswith("question_answered"):
        return _lazy("Answer")
    return _lazy("Value")


def _change(names, object_type, label, old, new) -> dict:
    """One changed field: `old` and `new` are (key, value), the key saying how to read the value."""
    if old[1] is display.HIDDEN or new[1] is display.HIDDEN:
        return {"field": label, "value": _("changed (value hidden)"), "hidden": True}
    return {"field": label, "before": names.value(object_type, *old), "after": names.value(object_type, *new),
            "hidden": False}
