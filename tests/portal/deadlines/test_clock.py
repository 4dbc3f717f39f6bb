"""A case's clock replayed from its events: pauses before and after the due date (pure, no database)."""

import datetime as dt
from dataclasses import dataclass

from portal.deadlines.calendar import PLAIN
from portal.deadlines.clock import EXTEND, PAUSE, RESUME, START, STOP, SWITCH, ClockEvent, replay

D = dt.date


@dataclass(frozen=True)
class Policy:
    step: str
    period: int
    unit: str = "working_days"
    max_extensions: int = 1
    extension_period: int | None = 10
    source: str = "Luật Khiếu nại 2011, Điều 28"

    def period_for(self, *, remote: bool = False) -> int:
        return self.period


POLICIES = {"resolve": Policy("resolve", 10), "resolve_complex": Policy("resolve_complex", 20),
            "calendar": Policy("calendar", 30, unit="calendar_days")}


def clock(*events):
    return replay([ClockEvent(kind, on, step) for kind, on, step in events], policy_for=POLICIES.__getitem__,
                  calendar=PLAIN)


# Monday 2 March 2026: 10 working days end on Monday 16 March (no holiday in between).
STARTED = (START, D(2026, 3, 2), "resolve")
DUE = D(2026, 3, 16)


def test_a_pause_before_the_due_date_stops_the_time_limit_and_its_days_are_given_back():
    paused = clock(STARTED, (PAUSE, D(2026, 3, 12), ""))
    assert paused.paused and paused.due_date is None and not paused.lines[-1].after_due
    resumed = clock(STARTED, (PAUSE, D(2026, 3, 12), ""), (RESUME, D(2026, 3, 19), ""))
    # 13, 16, 17, 18 and 19 March given back
    assert (resumed.due_date, resumed.lines[-1].days, resumed.lines[-1].after_due) == (D(2026, 3, 23), 5, False)


def test_a_pause_on_the_due_date_itself_is_in_time():
    paused = clock(STARTED, (PAUSE, DUE, ""))
    assert paused.due_date is None
    assert clock(STARTED, (PAUSE, DUE, ""), (RESUME, D(2026, 3, 18), "")).due_date == D(2026, 3, 18)


def test_a_pause_after_the_due_date_keeps_the_missed_due_date_and_gives_nothing_back():
    paused = clock(STARTED, (PAUSE, D(2026, 3, 18), ""))
    assert paused.paused and paused.running and paused.due_date == DUE
    assert (paused.lines[-1].kind, paused.lines[-1].due, paused.lines[-1].after_due) == (PAUSE, DUE, True)
    resumed = clock(STARTED, (PAUSE, D(2026, 3, 18), ""), (RESUME, D(2026, 4, 1), ""))
    assert not resumed.paused and resumed.due_date == DUE
    assert (resumed.lines[-1].days, resumed.lines[-1].due, resumed.lines[-1].after_due) == (0, DUE, True)
    # nothing of that pause counts later either: a second pause, in time or not, is judged against the same date
    again = clock(STARTED, (PAUSE, D(2026, 3, 18), ""), (RESUME, D(2026, 4, 1), ""), (PAUSE, D(2026, 4, 2), ""))
    assert again.due_date == DUE


def test_a_pause_the_day_after_a_friday_due_date_is_late_even_on_a_weekend():
    friday = (START, D(2026, 2, 27), "resolve")  # 10 working days: Friday 13 March
    paused = clock(friday, (PAUSE, D(2026, 3, 14), ""), (RESUME, D(2026, 3, 16), ""))
    assert paused.due_date == D(2026, 3, 13)  # Monday's resumption gives no day back


def test_a_period_in_calendar_days_paused_after_its_due_date_keeps_it():
    started = (START, D(2026, 3, 2), "calendar")  # 30 days: Wednesday 1 April
    assert clock(started, (PAUSE, D(2026, 4, 3), "")).due_date == D(2026, 4, 1)
    assert clock(started, (PAUSE, D(2026, 4, 3), ""), (RESUME, D(2026, 4, 10), "")).due_date == D(2026, 4, 1)
    # in time: the 7 days of the pause are given back
    assert clock(started, (PAUSE, D(2026, 3, 27), ""), (RESUME, D(2026, 4, 3), "")).due_date == D(2026, 4, 8)


def test_a_longer_period_during_a_late_pause_is_judged_against_the_new_due_date():
    late = [STARTED, (PAUSE, D(2026, 3, 18), "")]
    # complex: 20 working days end on 30 March, after the pause began, so the pause was in time after all
    switched = clock(*late, (SWITCH, D(2026, 3, 19), "resolve_complex"))
    assert switched.due_date is None and not switched.lines[-1].after_due
    resumed = clock(*late, (SWITCH, D(2026, 3, 19), "resolve_complex"), (RESUME, D(2026, 3, 25), ""))
    assert resumed.due_date == D(2026, 4, 6)  # 19, 20, 23, 24 and 25 March given back
    # an extension that still ends before the pause: late, the due date is shown
    extended = clock((START, D(2026, 1, 5), "resolve"), (PAUSE, D(2026, 3, 18), ""), (EXTEND, D(2026, 3, 19), ""))
    assert extended.due_date == D(2026, 2, 2) and extended.lines[-1].after_due


def test_a_stopped_clock_has_no_due_date_whatever_its_pauses():
    stopped = clock(STARTED, (PAUSE, D(2026, 3, 18), ""), (STOP, D(2026, 3, 20), ""))
    assert not stopped.running and stopped.due_date is None
