"""The compliance view, the dashboard figures and the iCalendar feed, on a known set of sessions."""

import datetime as dt

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.dialogues import ical, selectors
from portal.dialogues.models import Commitment, CommitmentStatus, SessionKind, SessionState
from tests.dialogue_fixtures import at, make_session
from tests.factories import WardFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 31)  # the end of week 14 of 2026 (weeks counted from 1 January)


@pytest.fixture
def year_of_sessions(ward, leader, department):
    held, published = SessionState.HELD, SessionState.PUBLISHED
    conference = make_session(ward, leader=leader, starts_at=at(dt.date(2026, 1, 15)), state=published,
                              results_due=dt.date(2026, 1, 25), minutes_published_on=dt.date(2026, 1, 22))
    # A second conference, announced late and published late.
    late = make_session(ward, leader=leader, starts_at=at(dt.date(2026, 3, 2)), state=published,
                        announcement_late=True, late_reason="Đột xuất", results_due=dt.date(2026, 3, 12),
                        minutes_published_on=dt.date(2026, 3, 16))
    # Reception days in three different weeks (two in week 3) and one not yet held.
    for day in (dt.date(2026, 1, 12), dt.date(2026, 1, 14), dt.date(2026, 2, 2), dt.date(2026, 3, 9)):
        make_session(ward, leader=leader, kind=SessionKind.RECEPTION, starts_at=at(day), state=held,
                     title="Tiếp công dân")
    make_session(ward, leader=leader, kind=SessionKind.RECEPTION, starts_at=at(dt.date(2026, 4, 6)),
                 title="Tiếp công dân")
    # A complaint dialogue: never counted in public figures.
    make_session(ward, leader=leader, kind=SessionKind.COMPLAINT, starts_at=at(dt.date(2026, 2, 10)), state=held)
    for title, status, due, done_on in (
        ("Đèn hẻm 12", CommitmentStatus.DONE, dt.date(2026, 2, 28), dt.date(2026, 2, 20)),  # on time
        ("Nạo vét cống", CommitmentStatus.DONE, dt.date(2026, 2, 28), dt.date(2026, 3, 10)),  # late
        ("Sân chơi", CommitmentStatus.IN_PROGRESS, dt.date(2026, 3, 15), None),  # overdue
        ("Vỉa hè", CommitmentStatus.PLANNED, dt.date(2026, 6, 30), None),  # not due yet
    ):
        Commitment.objects.create(session=conference, ward=ward, title=title, department=department, due_date=due,
                                  status=status, done_on=done_on)
    Commitment.objects.create(session=late, ward=ward, title="Camera", department=department,
                              due_date=dt.date(2026, 3, 20), status=CommitmentStatus.DROPPED, status_reason="Hết vốn")
    return conference, late


def test_the_compliance_figures_of_a_known_year(ward, year_of_sessions):
    report = selectors.compliance(ward=ward, year=2026, today=TODAY)
    assert report.conferences_held == 2 and report.conferences_ok
    assert report.weeks == 13
    assert (report.reception_days_held, report.reception_weeks) == (4, 3) and not report.reception_ok
    assert (report.announcements.done, report.announcements.total) == (6, 7)
    assert (report.results.done, report.results.total) == (1, 2)
    assert (report.minutes.done, report.minutes.total) == (2, 6)
    assert (report.commitments.done, report.commitments.total) == (1, 4)
    assert (report.commitments_done, report.commitments_total) == (2, 5)


def test_a_year_without_sessions_fails_every_requirement_that_needs_one(ward):
    report = selectors.compliance(ward=ward, year=2026, today=TODAY)
    assert not report.conferences_ok and not report.reception_ok and report.announcements.ok


def test_dashboard_figures_per_ward_in_two_queries(ward, year_of_sessions, leader):
    other = WardFactory(code="BT09")
    make_session(other, leader=leader, starts_at=at(dt.date(2026, 2, 1)), state=SessionState.HELD)
    with CaptureQueriesContext(connection) as queries:
        figures = selectors.dashboard_figures(ward_ids=None, first=dt.date(2026, 1, 1), last=dt.date(2026, 3, 31))
    assert len(queries) == 2
    assert figures[ward.pk] == {"dialogues_held": 2, "reception_days_held": 4, "commitments": 5,
                                "commitments_done": 2, "commitments_done_on_time": 1}
    assert figures[other.pk]["dialogues_held"] == 1
    only_january = selectors.dashboard_figures(ward_ids=[ward.pk], first=dt.date(2026, 1, 1),
                                               last=dt.date(2026, 1, 31))
    assert set(only_january) == {ward.pk}
    assert only_january[ward.pk]["dialogues_held"] == 1 and only_january[ward.pk]["reception_days_held"] == 2
    assert only_january[ward.pk]["commitments"] == 4


def test_the_icalendar_feed_parses_back_with_one_event_per_session(ward, leader):
    first = make_session(ward, leader=leader, starts_at=at(dt.date(2026, 11, 20), 8),
                         ends_at=at(dt.date(2026, 11, 20), 11))
    second = make_session(ward, leader=leader, kind=SessionKind.RECEPTION, title="Tiếp công dân tháng 11",
                          starts_at=at(dt.date(2026, 11, 23), 14))
    body = ical.calendar_feed([first, second], name="Đối thoại · Phường Phú Nhuận",
                              url_for=lambda s: f"https://phuong.example.vn/doi-thoai/{s.pk}/")
    parsed = icalendar.Calendar.from_ical(body)
    events = list(parsed.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == [first.title, "Tiếp công dân tháng 11"]
    assert str(events[0]["url"]) == f"https://phuong.example.vn/doi-thoai/{first.pk}/"
    assert events[0].decoded("dtstart") == at(dt.date(2026, 11, 20), 8)
    assert events[0].decoded("dtend") == at(dt.date(2026, 11, 20), 11)
    assert events[1].decoded("dtend") - events[1].decoded("dtstart") == dt.timedelta(hours=2)
    assert str(events[0]["uid"]) != str(events[1]["uid"])


def test_the_calendar_keeps_an_early_morning_session_of_today_upcoming_and_bounds_both_lists(ward, leader):
    from portal.dialogues.selectors import calendar_split

    today = dt.date(2026, 11, 20)
    early = make_session(ward, leader=leader, starts_at=at(today, 6, 30), title="Tiếp công dân sáng sớm")
    yesterday = make_session(ward, leader=leader, starts_at=at(today - dt.timedelta(days=1), 9), title="Hôm qua")
    held = make_session(ward, leader=leader, starts_at=at(today, 7), state=SessionState.HELD, title="Đã họp")
    for n in range(5):
        make_session(ward, leader=leader, starts_at=at(today + dt.timedelta(days=n + 1), 9), title=f"Sắp tới {n}")
    upcoming, past = calendar_split(limit=3, today=today)
    assert upcoming[0] == early and len(upcoming) == 3
    assert past == [held, yesterday]
