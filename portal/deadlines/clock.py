"""A case's deadline clock, replayed from its events. Pure: no database.

A case's due date is never edited by hand: it is the result of replaying the case's clock events (the step started
on intake or acceptance, pauses while waiting for the resident or suspended, "complex case", extensions, stops) with
the policy of each step (in force on the day the case was received) and the ward's working calendar. Replaying gives
the due date and, line by line, its explanation; recomputing after a calendar change is replaying again.

Pauses: the days of a pause do not count. A pause from day P (the pause event) to day R (the resume event) adds back
the working days in (P, R] for a period in working days, or the calendar days R - P for one in calendar days.

A pause that starts after the due date has passed stops nothing: the time limit had already ended, and the case was
late before it was paused. Its due date stays as it was, so that the case keeps counting as overdue while it waits
(in the queue, the statistics, the deadline sweep and the complainant's right to go to the next level), and the
days of that pause are not given back when it resumes. Whether a pause came after the due date is judged against the
due date as it stands (a "complex case" period or an extension made during the pause counts), so a replay always
gives the same answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from .calendar import WorkingCalendar


class Policy(Protocol):
    step: str
    period: int
    unit: str
    max_extensions: int
    extension_period: int | None
    source: str

    def period_for(self, *, remote: bool = False) -> int: ...


START, SWITCH, PAUSE, RESUME, EXTEND, STOP = "start", "switch", "pause", "resume", "extend", "stop"
EVENT_KINDS = (START, SWITCH, PAUSE, RESUME, EXTEND, STOP)


@dataclass(frozen=True)
class ClockEvent:
    kind: str
    on: dt.date
    step: str = ""  # START and SWITCH: the step whose policy applies from now on
    reason: str = ""


@dataclass(frozen=True)
class Line:
    """One step of the explanation: what happened on a day, and the due date that followed from it."""

    on: dt.date
    kind: str
    step: str
    reason: str
    days: int  # START/SWITCH: the period; EXTEND: the days added; RESUME: the paused days given back
    unit: str
    source: str
    due: dt.date | None
    # PAUSE, RESUME, and SWITCH or EXTEND during a pause: the pause started after the due date had passed (the case
    # stays overdue; nothing is given back when it resumes)
    after_due: bool = False


@dataclass
class ClockState:
    step: str = ""
    due_date: dt.date | None = None
    running: bool = False
    paused: bool = False
    extensions: int = 0
    max_extensions: int = 0
    lines: list[Line] = field(default_factory=list)

    @property
    def can_extend(self) -> bool:
        return self.running and not self.paused and self.extensions < self.max_extensions


def replay(events: Iterable[ClockEvent], *, policy_for: Callable[[str], Policy], calendar: WorkingCalendar,
           remote: bool = False) -> ClockState:
    state = ClockState()
    policy: Policy | None = None
    start: dt.date | None = None
    given_back = 0  # paused days given back to the current step
    paused_since: dt.date | None = None

    def due() -> dt.date:
        assert policy is not None and start is not None
        days = policy.period_for(remote=remote) + state.extensions * (policy.extension_period or 0) + given_back
        if policy.unit == "working_days":
            return calendar.add_working_days(start, days)
        return calendar.add_calendar_days(start, days)

    def late(on: dt.date) -> bool:
        """Whether a pause from `on` came after the due date (as it stands now, the pause's days not given back)."""
        return on > due()

    for event in events:
        if event.kind == START:
            policy, start, given_back, paused_since = policy_for(event.step), event.on, 0, None
            state.step, state.running, state.paused, state.extensions = event.step, True, False, 0
            state.max_extensions = policy.max_extensions
            state.due_date = due()
            state.lines.append(Line(event.on, START, event.step, event.reason, policy.period_for(remote=remote),
                                    policy.unit, policy.source, state.due_date))
        elif not state.running:
            continue  # events of a stopped clock change nothing
        elif event.kind == SWITCH:
            policy = policy_for(event.step)
            state.step, state.max_extensions = event.step, policy.max_extensions
            after_due = state.paused and late(paused_since)
            state.due_date = due() if not state.paused or after_due else None
            state.lines.append(Line(event.on, SWITCH, event.step, event.reason, policy.period_for(remote=remote),
                                    policy.unit, policy.source, state.due_date, after_due))
        elif event.kind == PAUSE and not state.paused:
            state.paused, paused_since = True, event.on
            after_due = late(event.on)
            state.due_date = due() if after_due else None
            state.lines.append(Line(event.on, PAUSE, state.step, event.reason, 0, policy.unit, "", state.due_date,
                                    after_due))
        elif event.kind == RESUME and state.paused:
            after_due = late(paused_since)
            if after_due:
                back = 0
            elif policy.unit == "working_days":
                back = max(calendar.working_days_between(paused_since, event.on), 0)
            else:
                back = max((event.on - paused_since).days, 0)
            given_back += back
            state.paused, paused_since = False, None
            state.due_date = due()
            state.lines.append(Line(event.on, RESUME, state.step, event.reason, back, policy.unit, "",
                                    state.due_date, after_due))
        elif event.kind == EXTEND:
            state.extensions += 1
            after_due = state.paused and late(paused_since)
            state.due_date = due() if not state.paused or after_due else None
            state.lines.append(Line(event.on, EXTEND, state.step, event.reason, policy.extension_period or 0,
                                    policy.unit, policy.source, state.due_date, after_due))
        elif event.kind == STOP:
            state.running, state.paused, state.due_date = False, False, None
            state.lines.append(Line(event.on, STOP, state.step, event.reason, 0, policy.unit, "", None))
    return state
