"""Migration 0023: the open cases paused after their due date, left without one by the earlier replay, get it back."""

import datetime as dt
import importlib

import pytest
import time_machine
from django.apps import apps

from portal.cases.models import Case
from portal.cases.services import Submission, submit_case
from portal.cases.workflow import transition

pytestmark = pytest.mark.django_db

migration = importlib.import_module("portal.cases.migrations.0023_due_date_of_clocks_paused_after_it")


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(2, 0), tzinfo=dt.UTC), tick=False)


def test_the_migration_gives_a_case_paused_after_its_due_date_that_due_date_back(ward, category, leader):
    cases = {}
    with at(dt.date(2026, 3, 2)):  # 10 working days: Monday 16 March
        for name in ("late", "in_time", "running"):
            cases[name] = submit_case(submission=Submission(
                ward=ward, kind="feedback", category=category, title=f"Đèn đường hỏng ({name})",
                description="Đèn đường trước nhà số 5 không sáng.")).case
    with at(dt.date(2026, 3, 12)):
        transition(case=cases["in_time"], action="request_info", actor=leader, text="Xin gửi ảnh")
    with at(dt.date(2026, 3, 18)):
        transition(case=cases["late"], action="request_info", actor=leader, text="Xin gửi ảnh")
    # as the replay before this change left it
    Case.objects.filter(pk=cases["late"].pk).update(due_date=None)
    migration.replay_paused_clocks(apps, None)
    due = dict(Case.objects.values_list("title", "due_date"))
    assert due == {"Đèn đường hỏng (late)": dt.date(2026, 3, 16), "Đèn đường hỏng (in_time)": None,
                   "Đèn đường hỏng (running)": dt.date(2026, 3, 16)}
