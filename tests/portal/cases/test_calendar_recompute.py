"""When an admin changes the working calendar, open cases' due dates are replayed and the change is logged."""

import datetime as dt

import pytest
import time_machine

from portal.audit.models import AuditEvent
from portal.cases.models import Case
from portal.cases.services import Submission, submit_case
from portal.cases.workflow import transition
from portal.deadlines.models import CalendarOverride

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)


def _file(ward, category):
    return submit_case(submission=Submission(ward=ward, kind="feedback", category=category, title="Ngập nước",
                                             description="Ngập nước sau mưa ở hẻm 5.")).case


def test_a_new_day_off_moves_open_cases_and_is_logged(ward, other_ward, category, officer,
                                                      django_capture_on_commit_callbacks):
    with time_machine.travel(MONDAY, tick=False):
        open_case = _file(ward, category)
        other_ward_case = _file(other_ward, category)
        answered = transition(case=_file(ward, category), action="answer", actor=officer, text="Đã xử lý")
    before = open_case.due_date
    assert before == dt.date(2026, 12, 21)  # 10 working days from Monday 7 December
    with django_capture_on_commit_callbacks(execute=True):
        CalendarOverride.objects.create(ward=ward, date=dt.date(2026, 12, 15), is_working_day=False,
                                        name="Nghỉ bù của phường", source="Quyết định của UBND phường")
    open_case.refresh_from_db()
    assert open_case.due_date == dt.date(2026, 12, 22)
    note = open_case.messages.get(kind="deadline")
    assert note.is_public and "22/12/2026" in note.body
    assert AuditEvent.objects.filter(action="case.deadline_recomputed", object_id=str(open_case.pk)).exists()
    assert Case.objects.get(pk=other_ward_case.pk).due_date == before  # another ward's calendar is unchanged
    assert Case.objects.get(pk=answered.pk).messages.filter(kind="deadline").count() == 0


def test_removing_the_day_off_moves_them_back(ward, category, django_capture_on_commit_callbacks):
    with time_machine.travel(MONDAY, tick=False):
        case = _file(ward, category)
    with django_capture_on_commit_callbacks(execute=True):
        override = CalendarOverride.objects.create(ward=None, date=dt.date(2026, 12, 15), is_working_day=False,
                                                   name="Nghỉ", source="Thông báo")
    with django_capture_on_commit_callbacks(execute=True):
        override.delete()
    case.refresh_from_db()
    assert case.due_date == dt.date(2026, 12, 21)
    assert case.messages.filter(kind="deadline").count() == 2
