"""The deadline sweep (SPEC §3): remind before a due date, escalate to the ward's leaders once it has passed.

Celery beat runs it every hour (task `cases.deadline_sweep`). It is safe to run twice, late, or in two workers at once:

- Every e-mail is an outbox row with a unique key (`portal.notifications.services.enqueue_many` keeps one row per
  key): `reminder:{case}:{due_date}` to the assignee, `reminder:{case}:{due_date}:{leader}` to each leader when nobody
  is assigned, the assignee may no longer work the case (permissions.can_work: no longer an officer or a leader of
  its ward, or their account deactivated; the memberships of all staff are read once per sweep) or has no e-mail
  address, `overdue:{case}:{due_date}:{leader}` to each leader once the due date has passed. A new due date (an
  extension, a resumed clock) gives new keys, so it is reminded again; the same due date never twice.
- An escalation also writes one internal timeline message and one audit event. They are written in one transaction
  with the leaders' e-mails, under a row lock on the case, and only when no `case.overdue_escalated` audit event exists
  yet for that case and due date: the append-only audit event is the marker that the escalation happened.
- Before writing anything, each chunk asks in one query which of its outbox keys and escalation markers exist, so a
  sweep with nothing new to send runs a few queries per thousand cases and never one per case. What is new is written
  in bulk: a chunk's reminders in one transaction, overdue cases ESCALATION_BATCH to a transaction (the cases locked
  in one query, the markers checked again under the locks, then one INSERT each for the notes, the audit events —
  the chain's head locked and written once — and the e-mails). The first sweep over a backlog of thousands of overdue
  cases thus costs a few statements per hundred cases, not a dozen per case.

Cases are read in keyset-paginated chunks (by id), with only the fields the sweep needs, and only those whose due date
is close enough to matter: a case due after the latest "due soon" cut-off of any ward cannot need a reminder today.
Calendars, leaders and staff memberships of all wards are read once per sweep.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.audit.models import AuditEvent
from portal.audit.services import record_many
from portal.core.timeutil import local_today, now
from portal.deadlines.calendar import PLAIN, WorkingCalendar
from portal.deadlines.selectors import calendars_for
from portal.deadlines.services import working_days_left
from portal.notifications.models import Notification, NotificationChannel
from portal.notifications.services import enqueue_many
from portal.wards.models import Membership, Role, Ward

from . import timeline_text as texts
from .models import OPEN_STATES, Case, Message, MessageKind
from .permissions import EMPTY_SCOPE, StaffScope, can_work, staff_scopes, with_scope
from .selectors import due_soon_days

logger = logging.getLogger(__name__)

# Staff work in Vietnamese: reminders, escalations and timeline notes are written in it, whoever runs the sweep.
STAFF_LANGUAGE = "vi"
CHUNK_SIZE = 1000
# Overdue cases escalated per transaction: each holds the audit chain's lock and its cases' row locks.
ESCALATION_BATCH = 200
ESCALATION_ACTION = "case.overdue_escalated"
# Keys looked up per query: well below SQLite's limit on bound parameters.
_KEY_BATCH = 900

_CASE_FIELDS = (
    "id",
    "ward",
    "department",  # with the ward, the assignee, the kind and anonymity: what permissions.can_work reads of the case
    "assignee",
    "kind",
    "is_anonymous",
    "tracking_code",
    "title",
    "due_date",
    "assignee__email",
    "assignee__is_active",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
)


@dataclass
class SweepReport:
    scanned: int = 0  # open cases read: with a due date (clock running, or paused after it had passed), due on or
    # before the latest "due soon" day of any ward
    reminded: int = 0  # cases whose reminder was queued by this sweep
    escalated: int = 0  # overdue cases escalated to the ward's leaders by this sweep
    notifications: int = 0  # e-mails queued by this sweep
    elapsed_seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def reminder_working_days() -> int:
    """Remind when this many working days or fewer are left (settings.REMINDER_WORKING_DAYS; default: the "due soon"
    threshold of the queue, 2)."""
    return int(getattr(settings, "REMINDER_WORKING_DAYS", due_soon_days()))


def sweep(*, today: dt.date | None = None, chunk_size: int = CHUNK_SIZE) -> SweepReport:
    """Remind assignees (or, for unassigned cases, the ward's leaders) of cases due soon, and escalate overdue cases
    to the ward's leaders. Idempotent: see the module's docstring."""
    started = time.monotonic()
    today = today or local_today()
    days = reminder_working_days()
    context = _SweepContext.load(today)
    horizon = context.horizon(days)
    report = SweepReport()
    for chunk in _open_cases(due_before=horizon, chunk_size=chunk_size):
        report.scanned += len(chunk)
        due_soon: list[tuple[Case, int]] = []
        overdue: list[tuple[Case, int]] = []
        for case in chunk:
            left = working_days_left(case.due_date, today, calendar=context.calendar(case.ward_id))
            if left < 0:
                overdue.append((case, left))
            elif left <= days:
                due_soon.append((case, left))
        _remind(due_soon, context, report)
        _escalate_overdue(overdue, context, report)
    report.elapsed_seconds = round(time.monotonic() - started, 3)
    logger.info("deadline sweep for %s: %s", today, report.as_dict())
    return report


# --- what is read once per sweep -------------------------------------------------------------------------------------


@dataclass
class _SweepContext:
    today: dt.date
    wards: dict[int, Ward]
    calendars: dict[int, WorkingCalendar]
    leaders: dict[int, list]  # ward id → active leaders with an e-mail address
    scopes: dict[int, StaffScope]  # user id → their memberships (permissions.staff_scopes)

    @classmethod
    def load(cls, today: dt.date) -> _SweepContext:
        """Four queries: the wards, the calendar overrides of all of them, their leaders, the memberships of all
        staff."""
        wards = {ward.pk: ward for ward in Ward.objects.only("id", "code", "name")}
        calendars = calendars_for(wards) if wards else {}
        leaders: dict[int, list] = defaultdict(list)
        memberships = (
            Membership.objects.filter(role=Role.LEADER, user__is_active=True)
            .exclude(user__email="")
            .select_related("user")
            .only("ward", "user__id", "user__email", "user__username", "user__first_name", "user__last_name")
            .order_by("ward_id", "user_id")
        )
        for membership in memberships:
            leaders[membership.ward_id].append(membership.user)
        return cls(today=today, wards=wards, calendars=calendars, leaders=leaders, scopes=staff_scopes())

    def horizon(self, days: int) -> dt.date:
        """The first day on which no ward has `days` or fewer working days left: cases due on it or later are on
        track everywhere, so the sweep does not read them."""
        calendars = list(self.calendars.values()) or [PLAIN]
        return max(calendar.add_working_days(self.today, days + 1) for calendar in calendars)

    def calendar(self, ward_id: int) -> WorkingCalendar:
        calendar = self.calendars.get(ward_id)
        if calendar is None:  # a ward created while the sweep runs
            self.calendars.update(calendars_for([ward_id]))
            calendar = self.calendars[ward_id]
        return calendar

    def ward(self, ward_id: int) -> Ward:
        ward = self.wards.get(ward_id)
        if ward is None:
            ward = self.wards[ward_id] = Ward.objects.only("id", "code", "name").get(pk=ward_id)
        return ward


def swept_cases(*, due_before: dt.date):
    """Open cases with a due date before `due_before`, by id (case_sweep_keyset_idx). An open case has a due date
    while its clock runs, and while it is paused after that due date had passed (still overdue,
    portal.deadlines.clock); a clock paused in time has none, nor a stopped one."""
    return (
        Case.objects.filter(state__in=list(OPEN_STATES), due_date__isnull=False, due_date__lt=due_before)
        .select_related("assignee")
        .only(*_CASE_FIELDS)
        .order_by("pk")
    )


def _open_cases(*, due_before: dt.date, chunk_size: int) -> Iterator[list[Case]]:
    """swept_cases(), one chunk per query (keyset, not OFFSET)."""
    queryset = swept_cases(due_before=due_before)
    last_id = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last_id)[:chunk_size])
        if chunk:
            yield chunk
        if len(chunk) < chunk_size:
            return
        last_id = chunk[-1].pk


def _existing_keys(keys: Iterable[str]) -> set[str]:
    keys = list(dict.fromkeys(keys))
    found: set[str] = set()
    for start in range(0, len(keys), _KEY_BATCH):
        found.update(
            Notification.objects.filter(key__in=keys[start : start + _KEY_BATCH]).values_list("key", flat=True)
        )
    return found


# --- reminders -------------------------------------------------------------------------------------------------------


def _still_works(case: Case, context: _SweepContext) -> bool:
    """Whether the case's assignee may still work it (permissions.can_work, from the memberships read once per
    sweep: no query) and is still active."""
    assignee = case.assignee
    if assignee is None or not assignee.is_active:
        return False
    return can_work(with_scope(assignee, context.scopes.get(assignee.pk, EMPTY_SCOPE)), case)


# Whom a reminder goes to, and why: the assignee; the ward's leaders, when nobody is assigned, when the assignee may
# no longer work the case (they are asked to assign it again), or when the assignee still works it but has no e-mail
# address to be reminded at (they are asked to tell the assignee).
TO_ASSIGNEE, UNASSIGNED, ASSIGNEE_GONE, NO_EMAIL = "assignee", "unassigned", "assignee_gone", "assignee_no_email"


def _remind(items: list[tuple[Case, int]], context: _SweepContext, report: SweepReport) -> None:
    """One e-mail per case and due date to the assignee; to every leader of the ward when no one is assigned, when the
    assignee may no longer work the case (_still_works), or when the assignee has no e-mail address (each with its own
    wording). Keys that exist already are skipped without a query each."""
    if not items:
        return
    planned: list[tuple[Case, int, object, str, str]] = []  # case, days left, recipient, key, why
    for case, left in items:
        works = _still_works(case, context)
        if works and case.assignee.email:
            planned.append((case, left, case.assignee, f"reminder:{case.pk}:{case.due_date.isoformat()}",
                            TO_ASSIGNEE))
        else:
            why = UNASSIGNED if case.assignee is None else NO_EMAIL if works else ASSIGNEE_GONE
            for leader in context.leaders.get(case.ward_id, ()):
                planned.append(
                    (case, left, leader, f"reminder:{case.pk}:{case.due_date.isoformat()}:{leader.pk}", why)
                )
    existing = _existing_keys(key for _case, _left, _user, key, _why in planned)
    to_send = [plan for plan in planned if plan[3] not in existing]
    if not to_send:
        return
    items = []
    for case, left, recipient, key, why in to_send:
        subject, body = _reminder_text(case, left, why=why)
        items.append({"key": key, "channel": NotificationChannel.EMAIL, "recipient": recipient.email,
                      "subject": subject, "body": body, "case": case})
    # One commit per chunk, a few INSERTs of a hundred rows; the e-mails are handed to the workers after it. A key
    # that a concurrent sweep inserted first is skipped (ON CONFLICT DO NOTHING) and not counted here.
    with transaction.atomic():
        added = enqueue_many(items)
    report.notifications += len(added)
    report.reminded += len({case.pk for case, _left, _user, key, _why in to_send if key in added})


def _staff_link(case: Case) -> str:
    return f"{settings.SITE_URL}/can-bo/don/{case.tracking_code}/"


def _due(case: Case) -> str:
    return case.due_date.strftime("%d/%m/%Y")


def _reminder_text(case: Case, left: int, *, why: str) -> tuple[str, str]:
    with translation.override(STAFF_LANGUAGE):
        values = {"code": case.tracking_code, "due": _due(case), "title": case.title}
        if why == UNASSIGNED:
            subject = _("Case %(code)s has no assignee and is due on %(due)s") % values
        elif why == ASSIGNEE_GONE:
            subject = _("Case %(code)s is due on %(due)s and its assignee no longer works on it") % values
        elif why == NO_EMAIL:
            subject = _("Case %(code)s is due on %(due)s and its assignee has no e-mail address") % values
        else:
            subject = _("Case %(code)s is due on %(due)s") % values
        if left == 0:
            remaining = _("It is due today.")
        else:
            remaining = ngettext("%(count)s working day left.", "%(count)s working days left.", left) % {"count": left}
        lines = [_('Case %(code)s "%(title)s" must be handled by %(due)s.') % values, remaining]
        assignee = {"name": case.assignee.get_full_name() or case.assignee.get_username()} if case.assignee else {}
        if why == UNASSIGNED:
            lines.append(_("No officer is assigned to it yet: please assign it."))
        elif why == ASSIGNEE_GONE:
            lines.append(_("%(name)s, to whom it is assigned, may no longer work on it (account deactivated, or no "
                           "longer an officer or a leader of the ward): please assign it to another officer.")
                         % assignee)
        elif why == NO_EMAIL:
            lines.append(_("%(name)s, to whom it is assigned, has no e-mail address and could not be reminded: please "
                           "tell them, and add an e-mail address to their account.") % assignee)
        lines.append(_staff_link(case))
    return subject, "\n".join(lines)


# --- escalation ------------------------------------------------------------------------------------------------------


def _recorded_escalations(case_ids: list[int]) -> set[tuple[int, str]]:
    found: set[tuple[int, str]] = set()
    ids = [str(pk) for pk in case_ids]
    for start in range(0, len(ids), _KEY_BATCH):
        rows = AuditEvent.objects.filter(
            action=ESCALATION_ACTION, object_type=Case._meta.label_lower, object_id__in=ids[start : start + _KEY_BATCH]
        ).values_list("object_id", "data")
        found.update((int(object_id), (data or {}).get("due_date")) for object_id, data in rows)
    return found


def _escalation_markers(cases: Iterable[Case]) -> set[tuple[int, str]]:
    """(case id, due date) of the escalations already recorded for these cases: one query per batch."""
    return _recorded_escalations([case.pk for case in cases])


def _escalate_overdue(items: list[tuple[Case, int]], context: _SweepContext, report: SweepReport) -> None:
    if not items:
        return
    done = _escalation_markers(case for case, _left in items)
    todo = [(case, left) for case, left in items if (case.pk, case.due_date.isoformat()) not in done]
    for start in range(0, len(todo), ESCALATION_BATCH):
        escalated, sent = _escalate(todo[start : start + ESCALATION_BATCH], context)
        report.escalated += escalated
        report.notifications += sent


def _escalate(items: list[tuple[Case, int]], context: _SweepContext) -> tuple[int, int]:
    """Escalate overdue cases: for each, a timeline note, an audit event and an e-mail to every leader of the ward,
    all in one transaction and a handful of statements (bulk INSERTs; the audit chain's head is locked and written
    once). Returns (cases escalated, e-mails queued). A case that another run escalated first, or that changed since
    it was read (answered, paused in time, a new due date), is skipped."""
    due_read = {case.pk: case.due_date for case, _left in items}
    late_by = {case.pk: -left for case, left in items}
    with transaction.atomic():
        # The row locks make a concurrent sweep wait here; it then sees the markers written by the first one. Locked
        # in id order, as every sweep does, so two sweeps never wait for each other in a cycle.
        locked = [
            case
            for case in Case.objects.select_for_update()
            .filter(pk__in=list(due_read), state__in=list(OPEN_STATES))
            .only("id", "ward", "tracking_code", "title", "due_date")
            .order_by("pk")
            if case.due_date is not None and case.due_date == due_read[case.pk]
        ]
        already = _recorded_escalations([case.pk for case in locked])
        locked = [case for case in locked if (case.pk, case.due_date.isoformat()) not in already]
        if not locked:
            return 0, 0
        moment = now()
        notes, events, mails = [], [], []
        with translation.override(STAFF_LANGUAGE):
            for case in locked:
                due, late = case.due_date, late_by[case.pk]
                leaders = context.leaders.get(case.ward_id, [])
                values = {"code": case.tracking_code, "due": _due(case), "title": case.title}
                if leaders:
                    note = _(texts.OVERDUE_ESCALATED) % {
                        **values,
                        "names": ", ".join(leader.get_full_name() or leader.get_username() for leader in leaders),
                    }
                else:
                    note = _(texts.OVERDUE_NO_LEADER) % values
                subject = _("Overdue: case %(code)s was due on %(due)s") % values
                body = "\n".join(
                    [
                        _('Case %(code)s "%(title)s" passed its due date %(due)s and is still open.') % values,
                        ngettext("It is %(count)s working day late.", "It is %(count)s working days late.", late)
                        % {"count": late},
                        _staff_link(case),
                    ]
                )
                notes.append(Message(case=case, kind=MessageKind.SYSTEM, is_public=False, created_at=moment,
                                     body=note))
                events.append({
                    "action": ESCALATION_ACTION, "obj": case, "ward": context.ward(case.ward_id),
                    "data": {"due_date": due.isoformat(), "working_days_late": late,
                             "leaders": [leader.pk for leader in leaders]},
                })
                mails += [
                    {"key": f"overdue:{case.pk}:{due.isoformat()}:{leader.pk}", "channel": NotificationChannel.EMAIL,
                     "recipient": leader.email, "subject": subject, "body": body, "case": case}
                    for leader in leaders
                ]
        Message.objects.bulk_create(notes)
        record_many(events)
        added = enqueue_many(mails)
    return len(locked), len(added)
