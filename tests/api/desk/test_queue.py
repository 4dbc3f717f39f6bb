"""GET /api/v1/staff/cases/: the desk's queue — who sees what, filters, search, keyset pages, query count."""

import base64
import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from portal.cases import selectors, services
from portal.cases.models import Case
from portal.cases.selectors import QueueFilters
from tests.factories import AreaFactory, CategoryFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/staff/cases/"
TODAY = dt.date(2026, 11, 23)


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["tracking_code"] for item in response.json()["results"]]


@pytest.fixture
def cases(make_case, ward, other_ward, area, department, other_department, leader):
    """Five cases of the ward and one of another ward, each picked out by a different filter."""
    second_category = CategoryFactory(code="moi-truong", name="Môi trường")
    return {
        "lamp": make_case(title="Đèn đường hỏng ở hẻm 12", area=area, department=department, assignee=leader,
                          due_date=TODAY - dt.timedelta(days=1)),
        "complaint": make_case(kind="complaint", title="Khiếu nại quyết định xử phạt", state="accepted",
                               due_date=TODAY + dt.timedelta(days=1)),
        "noise": make_case(title="Tiếng ồn karaoke ban đêm", department=other_department, category=second_category,
                           due_date=TODAY + dt.timedelta(days=30)),
        "waiting": make_case(title="Rác thải chưa thu gom", state="needs_info", due_date=None, clock_state="paused"),
        "closed": make_case(title="Cây đổ đã xử lý", state="closed", due_date=None, clock_state="stopped"),
        "elsewhere": make_case(title="Đường ngập nước", on_ward=other_ward),
    }


def test_officer_sees_own_department_and_the_screening_queue_by_due_date(as_user, officer, cases):
    # the noise case is another department's; closed is not open; elsewhere is another ward's
    assert codes(as_user(officer).get(URL)) == [cases[k].tracking_code for k in ("lamp", "complaint", "waiting")]


def test_leader_and_supervisor_see_every_open_case_of_their_ward(as_user, leader, supervisor, cases):
    expected = [cases[k].tracking_code for k in ("lamp", "complaint", "noise", "waiting")]
    assert codes(as_user(leader).get(URL)) == expected
    assert codes(as_user(supervisor).get(URL)) == expected


def test_officer_of_another_ward_sees_only_that_ward(as_user, outsider_officer, cases):
    assert codes(as_user(outsider_officer).get(URL)) == [cases["elsewhere"].tracking_code]


def test_each_item_carries_the_queue_columns(as_user, leader, cases, department, area):
    item = as_user(leader).get(URL).json()["results"][0]
    assert item["tracking_code"] == cases["lamp"].tracking_code
    assert item["title"] == "Đèn đường hỏng ở hẻm 12" and item["kind"] == "feedback"
    assert item["category"] == {"code": "ha-tang", "name": "Hạ tầng, giao thông"}
    assert item["area"] == {"code": "KP1", "name": "Khu phố 1"}
    assert item["department"] == {"id": department.pk, "code": "dothi", "name": department.name}
    assert item["assignee"]["username"] == "chutich"
    assert item["state"] == "received" and item["received_at"].startswith("2026-11-23T")
    assert item["due_date"] == "2026-11-22" and item["deadline_status"] == "overdue"
    assert item["working_days_left"] < 0
    assert item["url"].endswith(f"/api/v1/staff/cases/{cases['lamp'].tracking_code}/")
    assert "contact_name" not in item and "description" not in item


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "complaint"}, ["complaint"]),
        ({"category": "moi-truong"}, ["noise"]),
        ({"area": "KP1"}, ["lamp"]),
        ({"ward": "pn17", "area": "KP1"}, ["lamp"]),
        ({"state": "accepted"}, ["complaint"]),
        ({"state": "accepted,closed"}, ["complaint", "closed"]),
        ({"state": ["received", "closed"]}, ["lamp", "noise", "closed"]),
        ({"assignee": "me"}, ["lamp"]),
        ({"assignee": "none"}, ["complaint", "noise", "waiting"]),
        ({"deadline": "overdue"}, ["lamp"]),
        ({"deadline": "due_soon"}, ["complaint"]),
        ({"deadline": "on_track"}, ["noise"]),
        ({"deadline": "paused"}, ["waiting"]),
        ({"q": "duong"}, ["lamp"]),  # "duong" finds "Đường"
        ({"q": "DEN DUONG hem"}, ["lamp"]),
        ({"q": "karaoke ồn"}, ["noise"]),
        ({"q": "không có"}, []),
        ({"ward": "BT01"}, []),  # a ward the leader is not in
        ({"sort": "-received"}, ["waiting", "noise", "complaint", "lamp"]),
        ({"sort": "received"}, ["lamp", "complaint", "noise", "waiting"]),
    ],
)
def test_filters(as_user, leader, cases, query, expected):
    assert codes(as_user(leader).get(URL, query)) == [cases[k].tracking_code for k in expected]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("đèn", {"lamp", "shouted"}),  # "Đèn đường", "ĐÈN HỎNG": not "đến"
        ("ĐÈN", {"lamp", "shouted"}),
        ("den", {"lamp", "to", "shouted"}),  # typed without diacritics: any accent
        ("Đến phuong", {"to"}),
        ("đèn duong", {"lamp"}),
    ],
)
def test_a_word_typed_with_diacritics_finds_that_word_only(as_user, leader, make_case, q, expected):
    made = {"lamp": make_case(title="Đèn đường hỏng", description="Tối om cả hẻm."),
            "to": make_case(title="Tôi đến phường", description="Hỏi thủ tục."),
            "shouted": make_case(title="ĐÈN HỎNG", description="Ở HẺM 5.")}
    assert set(codes(as_user(leader).get(URL, {"q": q}))) == {made[k].tracking_code for k in expected}


def test_filter_by_department_and_assignee_id(as_user, leader, cases, department):
    client = as_user(leader)
    assert codes(client.get(URL, {"department": department.pk})) == [cases["lamp"].tracking_code]
    assert codes(client.get(URL, {"assignee": leader.pk})) == [cases["lamp"].tracking_code]


def test_the_cases_whose_draft_answer_awaits_approval(as_user, leader, officer, cases):
    """answer=pending, as the desk's "Chờ duyệt" filter; every row says whether a draft waits."""
    services.propose_answer(case=cases["complaint"], actor=officer, text="Dự thảo: phường giữ nguyên quyết định.")
    returned = services.propose_answer(case=cases["noise"], actor=leader, text="Dự thảo: đã nhắc nhở quán karaoke.")
    services.return_answer(answer=returned, actor=leader, note="Ghi rõ ngày nhắc nhở.")
    client = as_user(leader)
    response = client.get(URL, {"answer": "pending"})
    assert codes(response) == [cases["complaint"].tracking_code]
    assert response.json()["results"][0]["awaiting_approval"] is True
    rows = {row["tracking_code"]: row["awaiting_approval"] for row in client.get(URL).json()["results"]}
    assert rows == {cases["lamp"].tracking_code: False, cases["complaint"].tracking_code: True,
                    cases["noise"].tracking_code: False, cases["waiting"].tracking_code: False}
    assert codes(client.get(URL, {"answer": "pending", "kind": "feedback"})) == []
    assert codes(as_user(officer).get(URL, {"answer": "pending"})) == [cases["complaint"].tracking_code]


def test_search_by_tracking_code(as_user, leader, cases):
    code = cases["noise"].tracking_code
    assert codes(as_user(leader).get(URL, {"q": code.lower()})) == [code]


def test_area_code_shared_by_two_of_my_wards_needs_the_ward(as_user, leader, other_ward, cases):
    from tests.factories import MembershipFactory

    MembershipFactory(user=leader, ward=other_ward, role="leader")
    AreaFactory(ward=other_ward, code="KP1")
    response = as_user(leader).get(URL, {"area": "KP1"})
    assert response.status_code == 400 and "area" in response.json()
    assert codes(as_user(leader).get(URL, {"area": "KP1", "ward": "PN17"})) == [cases["lamp"].tracking_code]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"state": "bogus"}, "state"),
        ({"state": "received,bogus"}, "state"),
        ({"kind": "petition"}, "kind"),
        ({"ward": "NOPE"}, "ward"),
        ({"category": "nope"}, "category"),
        ({"area": "KP99"}, "area"),
        ({"department": "x"}, "department"),
        ({"department": str(10**30)}, "department"),
        ({"department": str(2**63)}, "department"),
        ({"assignee": "someone"}, "assignee"),
        ({"deadline": "late"}, "deadline"),
        ({"answer": "returned"}, "answer"),
        ({"sort": "title"}, "sort"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "101"}, "page_size"),
        ({"cursor": "not-a-cursor"}, "cursor"),
    ],
)
def test_bad_query_parameters_are_400_by_field(as_user, leader, cases, query, field):
    response = as_user(leader).get(URL, query)
    assert response.status_code == 400, response.content
    assert field in response.json()


# --- keyset pages ------------------------------------------------------------------------------------------------

@pytest.fixture
def many(make_case, ward):
    """13 open cases: due dates with ties, some without a due date (paused), all received at the same instant."""
    made = []
    for i in range(13):
        due = None if i % 5 == 0 else TODAY + dt.timedelta(days=i % 3)
        made.append(make_case(title=f"Đơn số {i}", due_date=due,
                              **({"clock_state": "paused", "state": "needs_info"} if due is None else {})))
    return made


@pytest.mark.parametrize("sort", ["due", "-received", "received"])
def test_pages_walk_the_selectors_order_forwards_and_back(as_user, leader, many, sort):
    client = as_user(leader)
    expected = [c.tracking_code for c in selectors.queue(leader, QueueFilters(sort=sort))]
    assert len(expected) == 13
    pages, url, params = [], URL, {"page_size": 4, "sort": sort}
    while url:
        body = client.get(url, params).json()
        pages.append(body)
        url, params = body["next"], None
    assert [len(p["results"]) for p in pages] == [4, 4, 4, 1]
    assert [i["tracking_code"] for p in pages for i in p["results"]] == expected
    assert pages[0]["previous"] is None
    # and back from the last page
    back, url = [], pages[-1]["previous"]
    while url:
        body = client.get(url).json()
        back = [i["tracking_code"] for i in body["results"]] + back
        url = body["previous"]
    assert back == expected[:12]


def test_a_cursor_belongs_to_its_sort(as_user, leader, many):
    client = as_user(leader)
    next_url = client.get(URL, {"page_size": 4}).json()["next"]
    cursor = next_url.split("cursor=")[1].split("&")[0]
    response = client.get(URL, {"cursor": cursor, "sort": "received"})
    assert response.status_code == 400 and "cursor" in response.json()


def _cursor(sort: str, values: list, backwards: bool = False) -> str:
    """A cursor as a client could write one by hand (the API's are base64 of this JSON)."""
    raw = json.dumps({"s": sort, "b": backwards, "v": values})
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def test_a_huge_department_id_is_400_with_its_message(as_user, leader, cases):
    response = as_user(leader).get(URL, {"department": str(10**30)})
    assert response.status_code == 400
    assert response.json() == {"department": ["Không có bộ phận nào có mã số này."]}


@pytest.mark.parametrize(("sort", "values"), [
    ("due", ["9999-12-31", "9999-12-31T23:59:59-12:00", 5]),  # the year 10000 in UTC
    ("due", ["0001-01-01", "0001-01-01T00:00:00+14:00", 5]),  # the year 0 in UTC
    ("due", ["2026-11-23", "2026-11-23T09:00:00+07:00", 10**30]),
    ("due", ["2026-11-23", "2026-11-23T09:00:00+07:00", -(10**30)]),
    ("received", ["0001-01-01T00:00:00+14:00", 3]),
    ("received", ["2026-11-23T09:00:00", 3]),  # no offset: not a cursor the API wrote
])
def test_a_cursor_with_values_beyond_the_database_is_invalid(as_user, leader, many, sort, values):
    response = as_user(leader).get(URL, {"cursor": _cursor(sort, values), "sort": sort})
    assert response.status_code == 400
    assert response.json() == {"cursor": ["Con trỏ phân trang không hợp lệ."]}


def test_a_cursor_at_the_edges_of_the_calendar_still_pages(as_user, leader, many):
    client = as_user(leader)
    first = client.get(URL, {"cursor": _cursor("due", ["0001-01-01", "0001-01-01T07:00:00+07:00", 1])})
    assert first.status_code == 200 and len(first.json()["results"]) == 13
    last = client.get(URL, {"cursor": _cursor("due", [None, "9999-12-31T23:59:59+00:00", 2**63 - 1])})
    assert last.status_code == 200 and last.json()["results"] == []


# --- query count -------------------------------------------------------------------------------------------------

def _queue_queries(client, count, q="don", **params) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, {"page_size": 100, "q": q, "deadline": "on_track", "area": "KP1", **params})
    assert len(response.json()["results"]) == count
    return [q["sql"] for q in ctx.captured_queries]


def test_constant_number_of_queries_whatever_the_page_size(make_case, officer, department, area, api,
                                                           django_assert_max_num_queries):
    # token auth loads the user afresh on every request, as in production (force_authenticate would reuse one
    # object and its cached memberships)
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=officer).key}")
    client = api
    for i in range(10):
        make_case(title=f"Đơn {i}", department=department, area=area, assignee=officer)
    # The first request of a process (and the first after an edit of wards, categories, areas or departments) also
    # reads them into the reference memo: a few queries more, whatever the page size.
    with django_assert_max_num_queries(13):
        _queue_queries(client, 10)
    with django_assert_max_num_queries(7):
        small = _queue_queries(client, 10)
    for i in range(50):
        make_case(title=f"Đơn {i}", department=department, area=area, assignee=officer)
    with django_assert_max_num_queries(7):
        large = _queue_queries(client, 60)
    assert len(small) == len(large), large
    assert len(_queue_queries(client, 60, q="Đơn")) == len(large)  # a word with diacritics: no query more
    # drafts waiting for approval: marker and filter are part of the page's query, filtered or not
    for case in Case.objects.order_by("pk")[:25]:
        services.propose_answer(case=case, actor=officer, text="Dự thảo văn bản trả lời.")
    assert len(_queue_queries(client, 60)) == len(small)
    assert len(_queue_queries(client, 25, answer="pending")) == len(small)


# --- who may call it ---------------------------------------------------------------------------------------------

def test_anonymous_gets_401_and_a_token_challenge(api, cases):
    response = api.get(URL)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_residents_and_admins_get_403(as_user, resident, admin_member, cases):
    assert as_user(resident).get(URL).status_code == 403
    assert as_user(admin_member).get(URL).status_code == 403


def test_token_auth_for_integrations(api, officer, cases):
    token = Token.objects.create(user=officer)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert len(codes(api.get(URL))) == 3
    api.credentials(HTTP_AUTHORIZATION="Token wrong")
    assert api.get(URL).status_code == 401


def test_session_auth_for_the_web(client, officer, cases):
    client.force_login(officer)
    response = client.get(URL)
    assert response.status_code == 200 and len(response.json()["results"]) == 3
