"""The legal periods of dialogues, as pure functions (no database).

- A ward's dialogue conference is announced at least 7 days ahead and its results are published within 10 days
  (Law on Grassroots Democracy Art. 32; Law on Local Government 2025 Art. 43).
- The chair's citizen-reception schedule is published at least 5 working days ahead (Law on Citizen Reception
  Arts. 15, 24), counted in the ward's working-day calendar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.deadlines.calendar import WorkingCalendar

CONFERENCE_NOTICE_DAYS = 7
RECEPTION_NOTICE_WORKING_DAYS = 5
RESULTS_WITHIN_DAYS = 10
# The most seats a session may offer: more than any ward's hall (a ward has some tens of thousands of residents), and
# well inside the database's integer.
MAX_CAPACITY = 100_000
# Law on Grassroots Democracy Art. 32: a dialogue is due when this percentage of the ward's voters ask for one.
VOTERS_PERCENT_FOR_A_DIALOGUE = 10


@dataclass(frozen=True)
class Notice:
    required: bool
    on_time: bool
    latest_on: dt.date | None  # the last day on which the announcement was still on time


def notice(*, kind: str, announced_on: dt.date, session_on: dt.date, calendar: WorkingCalendar) -> Notice:
    """Whether announcing a session of `kind` on `announced_on` for `session_on` gives the notice the law asks."""
    if kind == "conference":
        latest = session_on - dt.timedelta(days=CONFERENCE_NOTICE_DAYS)
    elif kind == "reception":
        # working_days_between(latest, session_on) == 5: five working days lie after the announcement day.
        latest = calendar.add_working_days(session_on, -RECEPTION_NOTICE_WORKING_DAYS)
        if calendar.working_days_between(announced_on, session_on) >= RECEPTION_NOTICE_WORKING_DAYS:
            return Notice(True, True, latest)
        return Notice(True, False, latest)
    else:
        return Notice(False, True, None)
    return Notice(True, announced_on <= latest, latest)


def results_due(*, kind: str, held_on: dt.date) -> dt.date | None:
    """The last day to publish the results of a held session (conferences only)."""
    if kind != "conference":
        return None
    return held_on + dt.timedelta(days=RESULTS_WITHIN_DAYS)


def voters_threshold(voters_count: int | None) -> int | None:
    """How many supporters oblige the ward to hold a dialogue: 10% of its voters, rounded up."""
    if not voters_count:
        return None
    return -(-voters_count * VOTERS_PERCENT_FOR_A_DIALOGUE // 100)
