"""How long a resident may take a complaint to the next level (Law on Complaints 02/2011/QH13, Art. 33).

The complainant has 30 days (45 in remote areas with difficult travel) from receiving the first-level decision to
complain to the next level. The period is deadline-policy data (kind "complaint", step "escalate"), chosen as every
other step's is: the version in force on the day the case was received, the ward's own version first, the ward's
remote-area period and its working calendar (an end falling on a day off moves to the next working day, as every due
date does). It counts from the local day the answer (the decision) was sent, `Case.answered_at`.

Art. 33 gives the same right when the first level did not resolve the complaint within its own time limit (Art. 28):
then the period counts from the day that time limit ended. A complaint still open, whose clock is on the resolution
step (`Case.deadline_step` "resolve" or "resolve_complex") and whose due date has passed, may be escalated from the day
after its due date until the end of that period. Before, the ward still has time; the resident is told until when.
A clock paused while the ward waits for the resident, or suspended, before the due date has no due date: the time
limit is stopped, and the complaint is not overdue. A clock paused after the due date had passed keeps that due date
(portal.deadlines.clock): the ward had already missed it, and the right to go to the next level stands.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from portal.core.errors import DomainError
from portal.core.timeutil import local_date, local_today
from portal.deadlines.models import PolicyStep
from portal.deadlines.selectors import NoPolicy, policy_in_force
from portal.deadlines.services import compute_due_date
from portal.wards.models import CaseKind

from . import reference
from .models import CaseState, ClockState

# The states an answered complaint is in (the window counts from the decision), and the open states a complaint may be
# escalated from when the ward missed its time limit (the window counts from that time limit's end). A complaint
# waiting for the resident or suspended has its clock paused: it is refused, saying why (check()).
ANSWERED_STATES = frozenset({CaseState.ANSWERED, CaseState.CLOSED})
OPEN_SOURCES = frozenset({CaseState.ACCEPTED, CaseState.IN_PROGRESS, CaseState.REOPENED, CaseState.NEEDS_INFO,
                          CaseState.SUSPENDED})
RESOLUTION_STEPS = frozenset({PolicyStep.RESOLVE, PolicyStep.RESOLVE_COMPLEX})


@dataclass(frozen=True)
class Window:
    until: dt.date | None  # the last day the complaint may be escalated (None: no policy in force, no end)
    days: int  # the period that applied (30, or 45 in a remote ward)
    # An open complaint: the due date of the resolution that the ward missed; the window opens the day after it.
    # None for an answered complaint (the window opens with the decision).
    missed: dt.date | None = None

    def is_open(self, today: dt.date | None = None) -> bool:
        today = today or local_today()
        return (self.missed is None or today > self.missed) and (self.until is None or today <= self.until)


def applies(case) -> bool:
    """Whether escalation is a question for this case at all: a complaint, answered or closed, or open in a state it
    may be escalated from once overdue. Within which window (if any) is window()'s answer."""
    return case.kind == CaseKind.COMPLAINT and (case.state in ANSWERED_STATES or case.state in OPEN_SOURCES)


def _counts_from_due_date(case) -> bool:
    """An open complaint whose clock is on the resolution step, with a due date: its window is counted from it. The
    clock runs, or was paused after that due date had passed (a clock paused in time has no due date)."""
    return (case.state in OPEN_SOURCES and case.clock_state != ClockState.STOPPED and case.due_date is not None
            and case.deadline_step in RESOLUTION_STEPS)


def window(case, *, ref=None) -> Window | None:
    """The escalation window of a complaint, or None when there is none to count: not a complaint; answered, but
    without an answer date; open, but its clock has no due date on the resolution step (paused before its due
    date, not accepted yet);
    or, answered, no policy in force (then no time limit is applied, as before the policy existed; an open one
    overdue without a policy gets a window without an end, `until` None).

    An answered (or closed) complaint counts from the local day its answer was sent; an open one from its due date,
    and the window opens the day after it (Window.missed).

    Reads the policy, the ward's calendar and its remote flag from the reference memo (portal.cases.reference): one
    query for its token, none more when it is warm. Needs only the case's kind, state, ward_id, received_on,
    answered_at, and for an open complaint clock_state, deadline_step and due_date.
    """
    if case.kind != CaseKind.COMPLAINT:
        return None
    if case.state in ANSWERED_STATES:
        if case.answered_at is None:
            return None
        start, missed = local_date(case.answered_at), None
    elif _counts_from_due_date(case):
        start = missed = case.due_date
    else:
        return None
    ref = ref or reference.view()
    try:
        policy = policy_in_force(case.kind, PolicyStep.ESCALATE, case.received_on, ward=case.ward_id,
                                 policies=reference.policies(ref))
    except NoPolicy:
        return None if missed is None else Window(until=None, days=0, missed=missed)
    calendar = reference.calendars(ref, [case.ward_id])[case.ward_id]
    remote = _is_remote(ref, case.ward_id)
    return Window(until=compute_due_date(policy, start, calendar, remote=remote),
                  days=policy.period_for(remote=remote), missed=missed)


def allowed(case, found: Window | None, today: dt.date | None = None) -> bool:
    """The rule: whether the complaint may be taken to the next level today, given its window(). Answered (or
    closed): within the window, or always when there is none (no policy in force). Open: only within a window, which
    opens the day after the missed due date (none while the clock is paused in time). The workflow (check()), the
    resident's options (selectors.options_for), the status page and the API follow it."""
    if not applies(case):
        return False
    if case.state in OPEN_SOURCES:
        return found is not None and found.is_open(today)
    return found is None or found.is_open(today)


def check(case, *, today: dt.date | None = None) -> None:
    """Raise DomainError when the complaint may not be escalated today (allowed()), saying why: its window has passed,
    or, open, the ward's time limit to resolve it has not passed yet (or its clock is paused)."""
    today = today or local_today()
    found = window(case)
    if allowed(case, found, today):
        return
    if case.state in OPEN_SOURCES:
        if found is None:
            reason = _("This complaint can be taken to the next level only once the ward's time limit to resolve it "
                       "has passed (Law on Complaints, Art. 33).")
            if case.clock_state == ClockState.PAUSED and case.due_date is None:
                reason += " " + _("That time limit is paused now, while the ward waits for information or while "
                                  "handling is suspended.")
            raise DomainError(reason, code="escalation_not_overdue")
        if today <= found.missed:
            raise DomainError(
                _("The ward still has until %(date)s to resolve this complaint. If it is not resolved by then, the "
                  "complaint can be taken to the next level from the day after (Law on Complaints, Art. 33).")
                % {"date": found.missed.strftime("%d/%m/%Y")},
                code="escalation_not_overdue",
            )
        raise DomainError(
            _("The time to take this complaint to the next level has passed: the law allows %(days)s days from the "
              "end of the ward's time limit to resolve it (Law on Complaints, Art. 33), and that window ended on "
              "%(date)s.")
            % {"days": found.days, "date": found.until.strftime("%d/%m/%Y")},
            code="escalation_window_passed",
        )
    if found is not None:
        raise DomainError(
            _("The time to take this complaint to the next level has passed: the law allows %(days)s days from "
              "receiving the decision (Law on Complaints, Art. 33), and that window ended on %(date)s.")
            % {"days": found.days, "date": found.until.strftime("%d/%m/%Y")},
            code="escalation_window_passed",
        )


def _is_remote(ref, ward_id: int) -> bool:
    from portal.wards.models import Ward

    ward = reference.names(ref)[0].get(ward_id)
    if ward is None:  # added without the signals that renew the memo (a bulk insert): read it
        ward = Ward.objects.only("is_remote").get(pk=ward_id)
    return bool(ward.is_remote)
