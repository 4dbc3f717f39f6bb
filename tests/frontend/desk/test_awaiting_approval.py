"""A leader finds the draft answers waiting for approval: a "Chờ duyệt" filter of the queue (and a link to it in the
desk menu) and a marker on each such row, at no extra query."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.cases import services
from portal.cases.models import Case, CaseAnswer
from tests.factories import MembershipFactory, UserFactory

from .helpers import file

pytestmark = pytest.mark.django_db

QUEUE = reverse("frontend:desk-queue")
DRAFT = "Kính gửi ông Bình: phường đã thay bóng đèn hỏng trước nhà số 5 ngày 20/11."


def codes(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'data-testid="queue-row" data-code="([^"]+)"', response.content.decode())


def marked(response) -> list[str]:
    """The codes of the rows that carry the "awaiting approval" marker."""
    rows = re.findall(r'<tr [^>]*data-code="([^"]+)">(.*?)</tr>', response.content.decode(), re.S)
    return [code for code, row in rows if 'data-testid="awaiting-approval"' in row]


def nav_links(response) -> dict[str, str]:
    nav = response.content.decode().split('class="desk-nav"', 1)[1].split("</nav>", 1)[0]
    return {text: href for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)}


@pytest.fixture
def drafts(ward, category, officer, leader):
    """Four cases: a draft waiting for approval, a draft returned, a draft approved (answer sent), no draft."""
    waiting, returned, approved, none = (file(ward, category, title=title) for title in (
        "Đèn đường hỏng trước nhà số 5", "Rác thải chưa thu gom", "Vỉa hè hư hỏng", "Cây xanh đổ chắn lối"))
    services.propose_answer(case=waiting, actor=officer, text=DRAFT)
    answer = services.propose_answer(case=returned, actor=officer, text=DRAFT)
    services.return_answer(answer=answer, actor=leader, note="Ghi rõ ngày thay bóng đèn.")
    answer = services.propose_answer(case=approved, actor=officer, text=DRAFT)
    services.approve_answer(answer=answer, actor=leader)
    return {"waiting": waiting, "returned": returned, "approved": approved, "none": none}


def test_the_leaders_menu_leads_to_the_drafts_awaiting_approval(drafts, login, leader):
    client = login(leader)
    link = nav_links(client.get(QUEUE))["Chờ duyệt"]
    assert link == f"{QUEUE}?answer=pending"
    response = client.get(link)
    assert codes(response) == [drafts["waiting"].tracking_code]
    assert marked(response) == [drafts["waiting"].tracking_code]
    html = response.content.decode()
    assert re.search(r'<a href="/can-bo/\?answer=pending" aria-current="page">Chờ duyệt</a>', html)
    # the filter form says what is applied
    assert re.search(r'<option value="pending" selected>Chờ duyệt</option>', html)
    assert "Dự thảo văn bản trả lời" in html.split('class="filter-form"', 1)[1].split("</form>", 1)[0]


def test_a_row_with_a_draft_awaiting_approval_is_marked_in_the_whole_queue(drafts, login, leader):
    response = login(leader).get(QUEUE, {"state": "all"})
    assert set(codes(response)) == {case.tracking_code for case in drafts.values()}
    assert marked(response) == [drafts["waiting"].tracking_code]
    row = re.search(rf'data-code="{drafts["waiting"].tracking_code}">(.*?)</tr>', response.content.decode(), re.S)
    assert '<span class="badge awaiting-approval" data-testid="awaiting-approval">Chờ duyệt</span>' in row.group(1)


def test_the_draft_leaves_the_filter_once_approved(drafts, login, leader):
    client = login(leader)
    assert codes(client.get(QUEUE, {"answer": "pending"})) == [drafts["waiting"].tracking_code]
    services.approve_answer(answer=CaseAnswer.objects.get(case=drafts["waiting"], state="pending"), actor=leader)
    response = client.get(QUEUE, {"answer": "pending"})
    assert codes(response) == []
    assert 'data-testid="queue-empty"' in response.content.decode()


def test_the_filter_combines_with_the_others_and_an_unknown_value_is_ignored(drafts, login, leader, officer):
    client = login(leader)
    Case.objects.filter(pk=drafts["waiting"].pk).update(assignee=None)
    assert codes(client.get(QUEUE, {"answer": "pending", "assignee": "none"})) == [drafts["waiting"].tracking_code]
    assert codes(client.get(QUEUE, {"answer": "pending", "kind": "complaint"})) == []
    response = client.get(QUEUE, {"answer": "nonsense"})
    assert "Một số bộ lọc không hợp lệ và đã được bỏ qua." in response.content.decode()
    assert set(codes(response)) == {drafts[k].tracking_code for k in ("waiting", "returned", "none")}


def test_an_officer_filters_his_drafts_too_but_the_menu_link_is_the_leaders(drafts, login, officer, supervisor):
    client = login(officer)
    response = client.get(QUEUE, {"answer": "pending"})
    assert codes(response) == [drafts["waiting"].tracking_code]
    assert "Chờ duyệt" not in nav_links(response)
    supervising = login(supervisor).get(QUEUE, {"answer": "pending"})
    assert codes(supervising) == [drafts["waiting"].tracking_code]  # they read every case, drafts' state included
    assert "Chờ duyệt" not in nav_links(supervising)


def _queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE, params or {})
    assert response.status_code == 200
    return len(queries)


def test_the_marker_and_the_filter_cost_no_query(ward, category, department, login, leader,
                                                 django_assert_max_num_queries):
    """Marker and filter are part of the page's own query: as many queries with 1 or 31 drafts waiting, filtered
    or not."""
    officers = [MembershipFactory(user=UserFactory(username=f"cb{n}"), ward=ward, role="officer").user
                for n in range(3)]

    def add(count, *, drafted):
        for n in range(count):
            case = file(ward, category, title=f"Đường số {n}")
            Case.objects.filter(pk=case.pk).update(department=department)
            if drafted:
                services.propose_answer(case=case, actor=officers[n % 3], text=DRAFT)

    client = login(leader)
    add(1, drafted=True)
    add(24, drafted=False)
    client.get(QUEUE)  # fills the reference memo
    with django_assert_max_num_queries(10):
        plain = _queries(client)
    filtered = _queries(client, {"answer": "pending"})
    assert filtered == plain
    add(30, drafted=True)
    with django_assert_max_num_queries(10):
        response = client.get(QUEUE, {"answer": "pending"})
    assert len(codes(response)) == 25 and len(marked(response)) == 25
    assert _queries(client) == plain
    assert _queries(client, {"answer": "pending"}) == filtered
    assert _queries(client, {"answer": "pending", "page": 2}) == filtered


def test_the_count_query_reads_the_drafts_only_when_it_filters(ward, category, login, leader):
    """The paginator's COUNT(*) does not compute the marker of every case."""
    file(ward, category)
    client = login(leader)
    client.get(QUEUE)

    def count_sql(params):
        with CaptureQueriesContext(connection) as queries:
            client.get(QUEUE, params)
        return [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]

    plain = count_sql({})
    assert len(plain) == 1 and "cases_caseanswer" not in plain[0]
    filtered = count_sql({"answer": "pending"})
    assert len(filtered) == 1 and "cases_caseanswer" in filtered[0]
