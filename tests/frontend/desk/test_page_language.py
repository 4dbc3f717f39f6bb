"""The staff case page in English shows the portal's own timeline entries and the deadline sources in English
(found by a browser walkthrough: they stayed Vietnamese), and the Vietnamese page is unchanged, for the same number of
queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from portal.cases import services
from portal.cases.models import Case, Message
from portal.cases.reminders import sweep
from portal.core.timeutil import local_today
from tests.factories import DepartmentFactory, MembershipFactory, UserFactory

from .helpers import file

pytestmark = pytest.mark.django_db


def page_url(case):
    return reverse("frontend:desk-case", kwargs={"code": case.tracking_code})


def timeline(html: str) -> str:
    start = html.index('data-testid="timeline"')
    return html[start:html.index("</ol>", start)]


def clock_lines(html: str) -> str:
    start = html.index('data-testid="clock-lines"')
    return html[start:html.index("</ol>", start)]


@pytest.fixture
def worked(ward, category, department, leader, django_capture_on_commit_callbacks):
    """A complaint written on in Vietnamese, as staff work: assigned by name to another department, its answer
    returned, then overdue and escalated by the sweep."""
    officer = MembershipFactory(user=UserFactory(username="nvan", first_name="An", last_name="Nguyễn Văn",
                                                 is_staff=True), ward=ward, role="officer").user
    other = DepartmentFactory(ward=ward, code="vhxh", name="Phòng Văn hóa - Xã hội")
    case = file(ward, category, kind="complaint", title="Khiếu nại quyết định xử phạt", department=department)
    with translation.override("vi"):
        case = services.assign(case=case, actor=leader, assignee=officer, department=other)
        answer = services.propose_answer(case=case, actor=officer, text="Trả lời dự thảo: giữ nguyên quyết định.")
        services.return_answer(answer=answer, actor=leader, note="Bổ sung căn cứ pháp lý.")
    Case.objects.filter(pk=case.pk).update(due_date=local_today() - dt.timedelta(days=10))
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep().escalated == 1
    return case


def test_the_portals_entries_read_in_english_and_name_the_officer(worked, login, leader):
    client = login(leader)
    client.cookies["django_language"] = "en"
    entries = timeline(client.get(page_url(worked)).content.decode())
    assert "Assigned to An Nguyễn Văn and moved to Phòng Văn hóa - Xã hội." in entries
    assert "Answer returned for changes: Bổ sung căn cứ pháp lý." in entries
    assert "Overdue since " in entries and "escalated to the ward&#x27;s leaders (chutich)." in entries
    for vietnamese in ("Đã giao cho", "nvan", "Văn bản trả lời bị trả lại", "Quá hạn xử lý"):
        assert vietnamese not in entries


def test_the_vietnamese_page_shows_them_as_written(worked, login, leader):
    entries = timeline(login(leader).get(page_url(worked)).content.decode())
    assert "Đã giao cho An Nguyễn Văn xử lý, chuyển sang Phòng Văn hóa - Xã hội." in entries
    assert "Văn bản trả lời bị trả lại để chỉnh sửa: Bổ sung căn cứ pháp lý." in entries
    assert "Quá hạn xử lý (hạn ngày" in entries
    for english in ("Assigned to", "Answer returned", "Overdue since"):
        assert english not in entries


def test_an_entry_written_before_by_login_reads_in_english(ward, category, department, login, leader):
    case = file(ward, category, department=department)
    Message.objects.create(case=case, kind="system", author=leader, body="Đã giao cho canbo xử lý.",
                           created_at=case.received_at)
    client = login(leader)
    client.cookies["django_language"] = "en"
    assert "Assigned to canbo." in timeline(client.get(page_url(case)).content.decode())


def test_deadline_sources_cite_the_law_in_english(ward, category, department, login, leader):
    case = file(ward, category, kind="denunciation", department=department)
    client = login(leader)
    vietnamese = clock_lines(client.get(page_url(case)).content.decode())
    assert "Căn cứ: Luật Tố cáo số 25/2018/QH14, Điều 24 khoản 1: xử lý ban đầu" in vietnamese
    client.cookies["django_language"] = "en"
    english = clock_lines(client.get(page_url(case)).content.decode())
    assert "Source: Law on Denunciations No. 25/2018/QH14, Art. 24(1)" in english
    assert "Luật" not in english and "xử lý ban đầu" not in english


def test_an_unknown_source_stays_vietnamese_marked_as_such(ward, category, department, login, leader):
    from portal.deadlines.models import DeadlinePolicy

    DeadlinePolicy.objects.filter(kind="feedback", step="answer").update(source="Công văn số 12/UBND của quận")
    from portal.cases.reference import MEMO

    MEMO.clear()
    case = file(ward, category, department=department)
    client = login(leader)
    client.cookies["django_language"] = "en"
    lines = clock_lines(client.get(page_url(case)).content.decode())
    assert 'Source: <span lang="vi">Công văn số 12/UBND của quận</span>' in lines


def test_english_costs_the_queries_of_vietnamese(worked, login, leader):
    client = login(leader)
    client.get(page_url(worked))  # warm: the reference memo, the kept forms
    with CaptureQueriesContext(connection) as vietnamese:
        client.get(page_url(worked))
    client.cookies["django_language"] = "en"
    client.get(page_url(worked))
    with CaptureQueriesContext(connection) as english:
        client.get(page_url(worked))
    assert len(english.captured_queries) == len(vietnamese.captured_queries)
