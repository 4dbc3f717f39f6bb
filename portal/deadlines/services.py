"""Deadlines of cases. The first step's due date is set at intake."""

import datetime as dt

from .calendar import WorkingCalendar

# Working days for the first step of each kind (SPEC §3); replaced by versioned policies as data.
_FIRST_STEP = {
    "feedback": ("answer", 10),
    "complaint": ("accept", 10),
    "denunciation": ("accept", 7),
}


def initial_deadline(*, ward, kind: str, received_on: dt.date, channel: str) -> tuple[str, dt.date]:
    step, days = _FIRST_STEP[kind]
    return step, WorkingCalendar().add_working_days(received_on, days)
