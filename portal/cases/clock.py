"""Keeping a case's due date: clock events in, replayed due date out (portal.deadlines.clock does the arithmetic)."""

from __future__ import annotations

from portal.core.timeutil import local_today
from portal.deadlines import clock as pure
from portal.deadlines.selectors import calendar_for, policy_in_force

from .models import Case, CaseClockEvent, ClockState


def add_event(case: Case, kind: str, *, step: str = "", reason: str = "", actor=None, on=None) -> CaseClockEvent:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return CaseClockEvent.objects.create(case=case, kind=kind, step=step, reason=reason, actor=user,
                                         on=on or local_today())


def replay(case: Case, *, calendar=None, policies=None) -> pure.ClockState:
    """The case's clock replayed from its events. `calendar` (the ward's) and `policies` (every policy version,
    portal.cases.reference.policies) spare their queries when the caller has them."""
    chosen: dict[str, object] = {}

    def policy_for(step: str):
        if step not in chosen:
            chosen[step] = policy_in_force(case.kind, step, case.received_on, ward=case.ward_id,
                                           policies=policies)
        return chosen[step]

    events = [pure.ClockEvent(kind=e.kind, on=e.on, step=e.step, reason=e.reason) for e in case.clock_events.all()]
    return pure.replay(events, policy_for=policy_for, calendar=calendar or calendar_for(case.ward),
                       remote=bool(case.ward.is_remote))


def refresh(case: Case, *, calendar=None) -> tuple[pure.ClockState, list[str]]:
    """Replay the clock and store the result on the case. Returns the state and the fields that changed."""
    state = replay(case, calendar=calendar)
    clock_state = (ClockState.PAUSED if state.paused else ClockState.RUNNING if state.running
                   else ClockState.STOPPED)
    changed = []
    for field, value in (("due_date", state.due_date), ("deadline_step", state.step), ("clock_state", clock_state)):
        if getattr(case, field) != value:
            setattr(case, field, value)
            changed.append(field)
    return state, changed
