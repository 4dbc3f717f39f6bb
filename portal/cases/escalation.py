"""How long a resident may take a complaint to the next level (Law on Complaints 02/2011/QH13, Art. 33).

The complainant has 30 days (45 in remote areas with difficult travel) from receiving the first-level decision to
complain to the next level. The period is deadline-policy data (kind "complaint", step "escalate"), chosen as every
other step's is: the version in force on the day the case was received, the ward's own version first, the ward's
remote-area period and its working calendar (an end falling on a day off moves to the next working day, as every due
date does). It counts from the local day the answer (the decision) was sent, `Case.answered_at`.

Out of scope: escalating a complaint that the first level never answered within its own deadline.
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


@dataclass(frozen=True)
class Window:
    until: dt.date  # the last day the complaint may be escalated
    days: int  # the period that applied (30, or 45 in a remote ward)

    def is_open(self, today: dt.date | None = None) -> bool:
        return (today or local_today()) <= self.until


def window(case, *, ref=None) -> Window | None:
    """The escalation window of an answered complaint, or None when there is none to count (not a complaint, never
    answered, or no policy in force: then no time limit is applied, as before the policy existed).

    Reads the policy, the ward's calendar and its remote flag from the reference memo (portal.cases.reference): one
    query for its token, none more when it is warm. Needs only the case's kind, ward_id, received_on and answered_at.
    """
    if case.kind != CaseKind.COMPLAINT or case.answered_at is None:
        return None
    ref = ref or reference.view()
    try:
        policy = policy_in_force(case.kind, PolicyStep.ESCALATE, case.received_on, ward=case.ward_id,
                                 policies=reference.policies(ref))
    except NoPolicy:
        return None
    calendar = reference.calendars(ref, [case.ward_id])[case.ward_id]
    remote = _is_remote(ref, case.ward_id)
    start = local_date(case.answered_at)
    return Window(until=compute_due_date(policy, start, calendar, remote=remote),
                  days=policy.period_for(remote=remote))


def check(case, *, today: dt.date | None = None) -> None:
    """Raise DomainError when the complaint's escalation window has passed."""
    found = window(case)
    if found is not None and not found.is_open(today):
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
