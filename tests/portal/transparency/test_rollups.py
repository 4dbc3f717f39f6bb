"""Statistics rollups: hand-computed figures on a known fixture, idempotence, and figures that follow state changes.
Runs on SQLite and PostgreSQL alike (DATABASE_URL)."""

import datetime as dt
from collections import Counter

import pytest
import time_machine
from django.core.management import call_command

from portal.cases.models import Case
from portal.cases.services import Submission, submit_case
from portal.cases.workflow import transition
from portal.transparency import rollups, selectors, tasks
from portal.transparency.models import Dimension, MonthlyStat
from portal.transparency.selectors import Period, median

from .conftest import HN, local

pytestmark = pytest.mark.django_db

MARCH, APRIL, FEB = dt.date(2026, 3, 1), dt.date(2026, 4, 1), dt.date(2026, 2, 1)


def total(ward, month):
    return MonthlyStat.objects.get(ward=ward, month=month, dimension=Dimension.TOTAL)


@pytest.mark.parametrize(("histogram", "expected"), [
    ({}, None), ({5: 1}, 5), ({2: 1, 5: 1, 7: 1}, 5), ({2: 1, 5: 1, 7: 1, 22: 1}, 6), ({3: 2, 9: 2}, 6),
    ({1: 3, 10: 1}, 1), ({0: 1, 4: 1}, 2),
])
def test_median_of_a_histogram(histogram, expected):
    assert median(Counter(histogram)) == expected


def test_monthly_figures_match_the_hand_computed_ones(known, ward, other_ward):
    rollups.refresh(months=[FEB, MARCH, APRIL])
    march = total(ward, MARCH)
    assert (march.received, march.answered, march.answered_on_time, march.overdue_open) == (6, 3, 2, 1)
    assert march.days_histogram == {"2": 1, "5": 1, "7": 1}
    assert (march.ratings_count, march.ratings_sum) == (2, 9)
    april = total(ward, APRIL)
    assert (april.received, april.answered, april.answered_on_time, april.days_histogram) == (0, 1, 1, {"22": 1})
    feb = total(ward, FEB)
    assert (feb.received, feb.answered, feb.answered_on_time, feb.days_histogram) == (1, 1, 1, {"3": 1})
    x = total(other_ward, MARCH)
    assert (x.received, x.answered, x.answered_on_time, x.days_histogram) == (1, 1, 0, {"1": 1})


def test_dimensions_split_the_month(known, ward, area, category):
    rollups.refresh(months=[MARCH])
    rows = {(r.dimension, r.key): r for r in MonthlyStat.objects.filter(ward=ward, month=MARCH)}
    assert set(rows) == {("total", ""), ("kind", "feedback"), ("kind", "complaint"), ("category", str(category.pk)),
                         ("area", str(area.pk)), ("area", "")}
    assert (rows["kind", "complaint"].received, rows["kind", "complaint"].answered) == (1, 1)
    kp1 = rows["area", str(area.pk)]
    assert (kp1.received, kp1.answered, kp1.answered_on_time, kp1.days_histogram) == (2, 2, 1, {"2": 1, "5": 1})
    assert kp1.area_id == area.pk and rows["category", str(category.pk)].category_id == category.pk


def test_ward_figures_over_a_period_combine_months_exactly(known, ward, area):
    rollups.refresh(months=[FEB, MARCH, APRIL])
    stats = selectors.ward_stats(ward, Period(MARCH, APRIL))
    t = stats.total
    assert (t.received, t.answered, t.answered_on_time, t.overdue_open) == (6, 4, 3, 1)
    assert t.median_days == 6  # 2, 5, 7, 22: the mean of the two middle values, not a median of medians
    assert t.on_time_pct == 75.0 and t.satisfaction == 4.5
    assert [m.code for m in stats.by_month] == ["2026-03", "2026-04"]
    by_area = {f.code: f for f in stats.by_area}
    assert by_area["KP1"].median_days == 3.5 and by_area[""].answered == 2
    year = selectors.ward_stats(ward, selectors.period_from(2026))
    assert (year.total.received, year.total.answered, year.total.median_days) == (7, 5, 5)


def test_refresh_is_idempotent_and_scoped_to_a_ward(known, ward, other_ward):
    rollups.refresh(months=[MARCH])
    first = list(MonthlyStat.objects.order_by("pk").values("ward", "month", "dimension", "key", "received",
                                                            "answered", "days_histogram"))
    rollups.refresh(months=[MARCH])
    rollups.refresh(ward=ward, months=[MARCH])
    again = list(MonthlyStat.objects.order_by("pk").values("ward", "month", "dimension", "key", "received",
                                                            "answered", "days_histogram"))
    assert sorted(map(repr, first)) == sorted(map(repr, again))
    assert MonthlyStat.objects.filter(ward=other_ward, month=MARCH).count() == 4


def test_overdue_now_follows_cases_of_older_months(known, ward):
    call_command("refresh_stats")
    assert total(ward, MARCH).overdue_open == 1
    Case.objects.filter(pk=known["D"].pk).update(state="answered", answered_at=local(2026, 4, 14),
                                                 answer_due_date=dt.date(2026, 3, 10))
    Case.objects.filter(pk=known["E"].pk).update(due_date=dt.date(2026, 5, 29))
    # in May the hourly job asks for April and May only, yet March's stored overdue count is reset
    with time_machine.travel(dt.datetime(2026, 5, 4, 10, tzinfo=HN), tick=False):
        tasks.refresh_rollups()
    assert total(ward, MARCH).overdue_open == 0
    april = total(ward, APRIL)
    assert (april.answered, april.answered_on_time) == (2, 1)


def test_figures_move_when_a_case_is_answered_through_the_workflow(ward, category, department, officer):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=HN), tick=False):
        case = submit_case(submission=Submission(
            ward=ward, kind="feedback", category=category, title="Cây đổ", description="Cây đổ chắn đường.",
            contact_name="Lê Văn Bình", contact_email="binh@example.vn", notify_by="email")).case
        Case.objects.filter(pk=case.pk).update(department=department)
        rollups.refresh()
        march = total(ward, MARCH)
        assert (march.received, march.answered, march.overdue_open) == (1, 0, 0)
    due = Case.objects.get(pk=case.pk).due_date
    with time_machine.travel(dt.datetime.combine(due + dt.timedelta(days=7), dt.time(10), tzinfo=HN), tick=False):
        rollups.refresh(months=[MARCH, rollups.month_start(due + dt.timedelta(days=7))])
        assert total(ward, MARCH).overdue_open == 1
        transition(case=case, action="accept", actor=officer)
        transition(case=case, action="start_work", actor=officer)
        transition(case=case, action="answer", actor=officer, text="Đã dọn cây.")
        tasks.refresh_rollups()
        rollups.refresh(months=[MARCH])
    answered_month = rollups.month_start(due + dt.timedelta(days=7))
    row = total(ward, answered_month)
    assert (row.answered, row.answered_on_time) == (1, 0)  # a week late
    assert total(ward, MARCH).overdue_open == 0


def _at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=HN), tick=False)


def test_a_case_paused_after_its_due_date_counts_as_overdue_and_then_as_answered_late(ward, category, officer):
    """Waiting for the resident once its due date had passed, a case was late already: "overdue now" counts it while it
    waits, and the days it waited are not given back, so its answer is late (SPEC §8: answered on time, overdue)."""
    with _at(dt.date(2026, 2, 27)):  # a Friday: 10 working days end on Friday 13 March
        case = submit_case(submission=Submission(
            ward=ward, kind="feedback", category=category, title="Cây đổ", description="Cây đổ chắn đường.",
            contact_name="Lê Văn Bình", contact_email="binh@example.vn", notify_by="email")).case
    with _at(dt.date(2026, 3, 14)):  # the Saturday after: late by a day
        transition(case=case, action="request_info", actor=officer, text="Xin gửi ảnh hiện trường")
        rollups.refresh(months=[FEB, MARCH])
        stats = selectors.ward_stats(ward, selectors.period_from(2026))
    assert total(ward, FEB).overdue_open == 1 and stats.total.overdue_open == 1
    with _at(dt.date(2026, 3, 16)):  # the Monday: the information comes, the ward answers the same day
        transition(case=case, action="provide_info", resident=True, text="Ảnh đã gửi kèm")
        transition(case=case, action="answer", actor=officer, text="Đã dọn cây.")
        rollups.refresh(months=[FEB, MARCH])
    march = total(ward, MARCH)
    assert (march.answered, march.answered_on_time) == (1, 0)
    assert total(ward, FEB).overdue_open == 0
    assert Case.objects.get(pk=case.pk).answer_due_date == dt.date(2026, 3, 13)


def test_small_samples_are_marked_and_not_ranked(known, ward, other_ward, make_case):
    for day in range(2, 22):  # 20 answered cases for the other ward: no longer a small sample
        make_case(received_on=dt.date(2026, 3, 2), state="answered", answered_at=local(2026, 3, 20),
                  answer_due_date=dt.date(2026, 3, 31), ward_=other_ward, title=f"Đơn {day}")
    rollups.refresh(months=[FEB, MARCH, APRIL])
    summary = selectors.city_summary(selectors.period_from(2026))
    by_code = {f.code: f for f in summary}
    assert by_code["BT01"].small_sample is False and by_code["BT01"].rank == 1
    assert by_code["PN17"].small_sample is True and by_code["PN17"].rank is None
    assert summary[0].code == "BT01"  # ranked wards first
