"""The staff queue: who sees which cases, every filter, search with and without diacritics, paging and a constant
number of queries whatever the page holds."""

import datetime as dt
import re
import unicodedata

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.cases.models import Case
from portal.cases.workflow import transition
from tests.factories import AreaFactory, CategoryFactory, DepartmentFactory, MembershipFactory, UserFactory

from .helpers import file

pytestmark = pytest.mark.django_db

QUEUE = reverse("frontend:desk-queue")
# Monday 16 March 2026, 09:00 in Hà Nội; no public holiday in the weeks around it.
TODAY = dt.datetime(2026, 3, 16, 2, 0, tzinfo=dt.UTC)


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(2, 0), tzinfo=dt.UTC), tick=False)


def codes(response) -> list[str]:
    return re.findall(r'data-testid="queue-row" data-code="([^"]+)"', response.content.decode())


@pytest.fixture
def cases(ward, area, department, category, officer, leader):
    """Five cases of the ward, one per situation the filters tell apart."""
    other_category = CategoryFactory(code="hanh-chinh", name="Thủ tục hành chính")
    with at(dt.date(2026, 2, 25)):  # 10 working days → due Wednesday 11 March: overdue on the 16th
        overdue = file(ward, category, title="Đường Lê Lợi ngập nước", area=area, department=department)
        Case.objects.filter(pk=overdue.pk).update(assignee=officer)
    with at(dt.date(2026, 3, 3)):  # due Tuesday 17 March: one working day left, due soon
        due_soon = file(ward, category, title="Rác thải chưa thu gom")
    with time_machine.travel(TODAY, tick=False):
        on_track = file(ward, other_category, title="Khiếu nại quyết định xử phạt", kind="complaint")
        paused = transition(case=file(ward, category, title="Cây xanh đổ chắn lối"), action="request_info",
                            actor=leader, text="Xin gửi ảnh hiện trường")
        answered = transition(case=file(ward, category, title="Vỉa hè hư hỏng"), action="answer", actor=leader,
                              text="Đã sửa xong")
    return {"overdue": overdue, "due_soon": due_soon, "on_track": on_track, "paused": paused, "answered": answered,
            "other_category": other_category}


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.mark.usefixtures("today")
def test_default_queue_shows_open_cases_earliest_due_first(cases, login, leader):
    response = login(leader).get(QUEUE)
    assert response.status_code == 200
    order = ["overdue", "due_soon", "on_track", "paused"]  # no due date last
    assert codes(response) == [cases[name].tracking_code for name in order]
    html = response.content.decode()
    statuses = re.findall(r'data-testid="deadline-status" data-status="(\w+)"', html)
    assert statuses == ["overdue", "due_soon", "on_track", "paused"]
    assert "Đường Lê Lợi ngập nước" in html and "11/03/2026" in html


@pytest.mark.usefixtures("today")
@pytest.mark.parametrize(("params", "expected"), [
    ({"state": "needs_info"}, ["paused"]),
    ({"state": "answered"}, ["answered"]),
    ({"state": "all"}, ["overdue", "due_soon", "on_track", "paused", "answered"]),
    ({"kind": "complaint"}, ["on_track"]),
    ({"kind": "feedback"}, ["overdue", "due_soon", "paused"]),
    ({"deadline": "overdue"}, ["overdue"]),
    ({"deadline": "due_soon"}, ["due_soon"]),
    ({"deadline": "on_track"}, ["on_track"]),
    ({"deadline": "paused"}, ["paused"]),
    ({"q": "duong"}, ["overdue"]),
    ({"q": "LE LOI ngap"}, ["overdue"]),
    ({"q": "cay xanh"}, ["paused"]),
    ({"q": "khong co tu nay"}, []),
    ({"assignee": "none"}, ["due_soon", "on_track", "paused"]),
    ({"sort": "-received"}, ["paused", "on_track", "due_soon", "overdue"]),
])
def test_each_filter_narrows_the_queue(cases, login, leader, params, expected):
    response = login(leader).get(QUEUE, params)
    assert response.status_code == 200
    assert codes(response) == [cases[name].tracking_code for name in expected]


def test_a_case_paused_after_its_due_date_is_still_overdue_in_the_queue(cases, ward, category, login, leader):
    """Asked for information two days after its due date (11 March), a case was late already: the queue's overdue
    filter and badge keep it, with the due date it missed, at the same number of queries."""
    client = login(leader)
    with time_machine.travel(TODAY, tick=False):
        client.get(QUEUE)  # fills the reference memo
        before = _queries_for_queue(client, {"deadline": "overdue"})
    with at(dt.date(2026, 2, 25)):
        late = file(ward, category, title="Nắp cống bị vỡ")
    with at(dt.date(2026, 3, 13)):
        late = transition(case=late, action="request_info", actor=leader, text="Xin gửi ảnh hiện trường")
    assert (late.clock_state, late.due_date) == ("paused", dt.date(2026, 3, 11))
    with time_machine.travel(TODAY, tick=False):
        overdue = client.get(QUEUE, {"deadline": "overdue"})
        assert codes(overdue) == [cases["overdue"].tracking_code, late.tracking_code]
        statuses = re.findall(r'data-testid="deadline-status" data-status="(\w+)"', overdue.content.decode())
        assert statuses == ["overdue", "overdue"]
        assert codes(client.get(QUEUE, {"deadline": "paused"})) == [cases["paused"].tracking_code]
        assert _queries_for_queue(client, {"deadline": "overdue"}) == before
        page = client.get(reverse("frontend:desk-case", kwargs={"code": late.tracking_code})).content.decode()
    assert 'data-testid="paused-after-due"' in page and "11/03/2026" in page


def test_the_overdue_filter_and_the_sweep_still_read_an_index(ward, category, leader):
    """A case paused after its due date keeps it in the same column: the queue's overdue filter is the same condition
    on the same indexes, and the deadline sweep's keyset index holds the paused cases that have a due date."""
    from portal.cases import reminders, selectors

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plans")
    with at(dt.date(2026, 2, 25)):
        late = file(ward, category, title="Nắp cống bị vỡ")
    with at(dt.date(2026, 3, 13)):
        transition(case=late, action="request_info", actor=leader, text="Xin gửi ảnh hiện trường")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("ANALYZE cases_case")
    queue = selectors.queue(leader, selectors.QueueFilters(deadline="overdue"), today=TODAY.date())
    assert list(queue.values_list("pk", flat=True)) == [late.pk]
    plan = queue.explain()
    assert re.search(r"Index (Only )?Scan using case_\w+_idx", plan), plan
    sweep = reminders.swept_cases(due_before=TODAY.date()).filter(pk__gt=0)[:1000]
    assert [case.pk for case in sweep] == [late.pk]
    assert "case_sweep_keyset_idx" in sweep.explain(), sweep.explain()


@pytest.fixture
def lamps(ward, category):
    """"đèn" (lamp), "đến" (to) and "đen" (black) fold alike: "den"."""
    with time_machine.travel(TODAY, tick=False):
        return {"lamp": file(ward, category, title="Đèn đường hỏng"),
                "to": file(ward, category, title="Tôi đến phường"),
                "shouted": file(ward, category, title="ĐÈN ĐƯỜNG TẮT CẢ TUẦN"),
                "black": file(ward, category, title="Khói đen từ xưởng"),
                "decomposed": file(ward, category, title=unicodedata.normalize("NFD", "Cột đèn nghiêng"))}


@pytest.mark.usefixtures("today")
@pytest.mark.parametrize(("q", "expected"), [
    ("đèn", {"lamp", "shouted", "decomposed"}),  # not "đến", not "đen"
    ("Đèn", {"lamp", "shouted", "decomposed"}),
    ("ĐÈN", {"lamp", "shouted", "decomposed"}),
    (unicodedata.normalize("NFD", "đèn"), {"lamp", "shouted", "decomposed"}),
    ("den", {"lamp", "to", "shouted", "black", "decomposed"}),  # without diacritics: any accent
    ("DEN", {"lamp", "to", "shouted", "black", "decomposed"}),
    ("đến", {"to"}),
    ("ĐẾN phuong", {"to"}),  # word by word: exact "đến", folded "phuong"
    ("đèn duong", {"lamp", "shouted"}),
    ("đèn ĐƯỜNG tắt", {"shouted"}),
    ("đen", {"black"}),
    ("đèn phuong", set()),
])
def test_a_word_typed_with_diacritics_finds_that_word_only(lamps, login, leader, q, expected):
    response = login(leader).get(QUEUE, {"q": q})
    assert response.status_code == 200
    assert set(codes(response)) == {lamps[name].tracking_code for name in expected}


@pytest.mark.usefixtures("today")
def test_filters_by_reference_data(cases, login, leader, area, department):
    client = login(leader)
    assert codes(client.get(QUEUE, {"area": area.pk})) == [cases["overdue"].tracking_code]
    assert codes(client.get(QUEUE, {"department": department.pk})) == [cases["overdue"].tracking_code]
    assert codes(client.get(QUEUE, {"category": cases["other_category"].pk})) == [cases["on_track"].tracking_code]
    by_code = client.get(QUEUE, {"q": cases["due_soon"].tracking_code.lower()})
    assert codes(by_code) == [cases["due_soon"].tracking_code]


@pytest.mark.usefixtures("today")
def test_assignee_me_shows_my_cases(cases, login, officer):
    assert codes(login(officer).get(QUEUE, {"assignee": "me"})) == [cases["overdue"].tracking_code]


@pytest.mark.usefixtures("today")
def test_filters_combine_and_unknown_values_are_ignored(cases, login, leader):
    client = login(leader)
    assert codes(client.get(QUEUE, {"kind": "feedback", "deadline": "due_soon"})) == [
        cases["due_soon"].tracking_code]
    response = client.get(QUEUE, {"kind": "nonsense", "department": "abc", "page": "99"})
    assert response.status_code == 200
    assert len(codes(response)) == 4


def test_filter_by_ward_for_staff_of_two_wards(ward, other_ward, category, login):
    both = UserFactory(username="hai_phuong")
    MembershipFactory(user=both, ward=ward, role="leader")
    MembershipFactory(user=both, ward=other_ward, role="supervisor")
    mine = file(ward, category, title="Ổ gà đường Hoa Sứ")
    theirs = file(other_ward, category, title="Ổ gà đường Bạch Đằng")
    client = login(both)
    assert set(codes(client.get(QUEUE))) == {mine.tracking_code, theirs.tracking_code}
    assert codes(client.get(QUEUE, {"ward": other_ward.pk})) == [theirs.tracking_code]
    assert codes(client.get(QUEUE, {"ward": ward.pk})) == [mine.tracking_code]


def test_officer_sees_their_departments_and_the_screening_queue_only(ward, other_ward, category, department, login,
                                                                       officer, supervisor, outsider_officer):
    other_department = DepartmentFactory(ward=ward, code="vanhoa", name="Phòng Văn hóa - Xã hội")
    own = file(ward, category, title="Thuộc phòng đô thị", department=department)
    unrouted = file(ward, category, title="Chưa phân loại")
    elsewhere = file(ward, category, title="Thuộc phòng văn hóa", department=other_department)
    foreign = file(other_ward, category, title="Đơn của phường khác")

    assert set(codes(login(officer).get(QUEUE))) == {own.tracking_code, unrouted.tracking_code}
    assert set(codes(login(supervisor).get(QUEUE))) == {own.tracking_code, unrouted.tracking_code,
                                                        elsewhere.tracking_code}
    assert codes(login(outsider_officer).get(QUEUE)) == [foreign.tracking_code]
    # A ward id in the filter does not widen what one may see: a ward not one's own is ignored.
    assert set(codes(login(officer).get(QUEUE, {"ward": other_ward.pk}))) == {own.tracking_code,
                                                                              unrouted.tracking_code}


def department_options(response) -> dict[str, str]:
    """The department filter's choices: id → label (without the empty "any")."""
    select = re.search(r'<select name="department"[^>]*>(.*?)</select>', response.content.decode(), re.S).group(1)
    return {value: label for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
            if value}


@pytest.fixture
def desks(ward, other_ward, category, department, officer):
    """Four more departments of the ward: two where the officer has a case assigned to him (one of them an answered
    one), one where he has none, and one of another ward where a case is assigned to him (he is not staff there)."""
    made = {"own": department}
    for key, code, name in (("assigned", "vanhoa", "Phòng Văn hóa - Xã hội"),
                            ("answered", "tuphap", "Phòng Tư pháp - Hộ tịch"),
                            ("closed_to_him", "noivu", "Phòng Nội vụ - Lao động")):
        made[key] = DepartmentFactory(ward=ward, code=code, name=name)
    made["foreign"] = DepartmentFactory(ward=other_ward, code="dothi", name="Phòng Đô thị Bình Thạnh")
    cases = {}
    for key, state in (("assigned", None), ("answered", "answered"), ("closed_to_him", None), ("foreign", None)):
        on = other_ward if key == "foreign" else ward
        cases[key] = file(on, category, title=f"Đơn của {made[key].name}", department=made[key])
        values = {"state": state} if state else {}
        if key != "closed_to_him":
            values["assignee"] = officer
        Case.objects.filter(pk=cases[key].pk).update(**values)
    return made, cases


def test_officer_department_filter_offers_only_departments_where_he_can_find_cases(desks, login, officer, leader,
                                                                                   supervisor):
    departments, _ = desks
    response = login(officer).get(QUEUE)
    assert set(department_options(response)) == {str(departments[key].pk) for key in ("own", "assigned", "answered")}
    body = response.content.decode()
    assert departments["closed_to_him"].name not in body
    assert departments["foreign"].name not in body
    everything = {str(departments[key].pk) for key in ("own", "assigned", "answered", "closed_to_him")}
    assert set(department_options(login(leader).get(QUEUE))) == everything
    assert set(department_options(login(supervisor).get(QUEUE))) == everything


def test_each_offered_department_finds_the_officers_cases(desks, login, officer):
    departments, cases = desks
    client = login(officer)
    assert codes(client.get(QUEUE, {"department": departments["assigned"].pk})) == [cases["assigned"].tracking_code]
    answered = client.get(QUEUE, {"department": departments["answered"].pk, "state": "all"})
    assert codes(answered) == [cases["answered"].tracking_code]


def test_a_department_he_cannot_see_in_the_url_is_ignored_with_a_notice_and_shows_nothing_of_it(desks, login,
                                                                                                officer):
    departments, cases = desks
    client = login(officer)
    usual = set(codes(client.get(QUEUE)))
    for key in ("closed_to_him", "foreign"):
        response = client.get(QUEUE, {"department": departments[key].pk})
        assert response.status_code == 200
        body = response.content.decode()
        assert "error-summary" in body  # "some filters were not understood and are ignored"
        assert set(codes(response)) == usual
        assert cases["closed_to_him"].tracking_code not in body
        assert departments[key].name not in body


def test_a_case_moved_away_from_him_takes_its_department_out_of_the_filter(desks, login, officer, leader):
    departments, cases = desks
    Case.objects.filter(pk=cases["assigned"].pk).update(assignee=leader)
    assert str(departments["assigned"].pk) not in department_options(login(officer).get(QUEUE))


def test_queue_queries_stay_constant_for_an_officer_with_cases_assigned_in_two_other_departments(
        ward, category, login, officer, desks, django_assert_max_num_queries):
    """The departments of his assigned cases cost one query, whatever the number of cases."""
    departments, _ = desks
    client = login(officer)
    client.get(QUEUE)  # fills the reference memo
    with django_assert_max_num_queries(8):
        response = client.get(QUEUE)
    assert len(department_options(response)) == 3
    few = _queries_for_queue(client)
    for n in range(30):
        case = file(ward, category, title=f"Đơn số {n}")
        Case.objects.filter(pk=case.pk).update(assignee=officer,
                                               department=departments["assigned" if n % 2 else "answered"])
    with django_assert_max_num_queries(8):
        response = client.get(QUEUE)
    assert len(department_options(response)) == 3
    assert _queries_for_queue(client) == few


def test_queue_paginates_by_25(ward, category, login, leader):
    made = [file(ward, category, title=f"Đơn số {n}") for n in range(27)]
    client = login(leader)
    first = client.get(QUEUE)
    assert len(codes(first)) == 25
    assert 'rel="next"' in first.content.decode()
    second = client.get(QUEUE, {"page": 2})
    assert len(codes(second)) == 2
    assert set(codes(first)) | set(codes(second)) == {c.tracking_code for c in made}


def _queries_for_queue(client, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE, params or {})
    assert response.status_code == 200
    return len(queries)


def test_queue_runs_a_constant_number_of_queries(ward, other_ward, category, login, leader, department,
                                                 django_assert_max_num_queries):
    """25 cases (one page) and 100 cases (four pages), every column shown, cost the same queries."""
    areas = [AreaFactory(ward=ward, code=f"KP{n}", name=f"Khu phố {n}") for n in range(1, 4)]
    officers = [MembershipFactory(user=UserFactory(username=f"cb{n}"), ward=ward, role="officer").user
                for n in range(3)]

    def add(count):
        for n in range(count):
            case = file(ward, category, title=f"Đường số {n}", area=areas[n % 3])
            Case.objects.filter(pk=case.pk).update(assignee=officers[n % 3], department=department)

    client = login(leader)
    add(25)
    with django_assert_max_num_queries(18):  # the first request also fills the reference memo (wards, areas…)
        client.get(QUEUE)
    with django_assert_max_num_queries(10):
        client.get(QUEUE)
    small = _queries_for_queue(client)
    small_filtered = _queries_for_queue(client, {"q": "duong", "area": areas[0].pk, "deadline": "on_track"})
    assert _queries_for_queue(client, {"q": "Đường số", "area": areas[0].pk, "deadline": "on_track"}) == small_filtered
    add(75)
    assert Case.objects.count() == 100
    with django_assert_max_num_queries(10):
        response = client.get(QUEUE)
    assert len(codes(response)) == 25
    assert _queries_for_queue(client) == small
    assert _queries_for_queue(client, {"q": "duong", "area": areas[0].pk, "deadline": "on_track"}) == small_filtered
    assert _queries_for_queue(client, {"q": "Đường số", "area": areas[0].pk, "deadline": "on_track"}) == small_filtered
    assert _queries_for_queue(client, {"page": 4}) == small
    print(f"queue queries: 25 cases {small}, 100 cases {_queries_for_queue(client)}, "
          f"filtered {small_filtered}")


def test_leader_assigns_several_cases_at_once(ward, category, login, leader, officer):
    first, second, untouched = (file(ward, category, title=f"Đơn {n}") for n in range(3))
    response = login(leader).post(f"{QUEUE}?kind=feedback", {"cases": [first.pk, second.pk],
                                                             "assignee": officer.pk})
    assert response.status_code == 302 and response["Location"] == f"{QUEUE}?kind=feedback"
    assert set(Case.objects.filter(assignee=officer).values_list("pk", flat=True)) == {first.pk, second.pk}
    assert Case.objects.get(pk=untouched.pk).assignee is None
    assigned = AuditEvent.objects.filter(action="case.assigned", actor=leader)
    assert sorted(int(e.object_id) for e in assigned) == sorted([first.pk, second.pk])
    page = login(leader).get(response["Location"])
    assert "2" in page.content.decode()


def test_bulk_assign_is_for_leaders_only(ward, category, login, officer, supervisor, leader):
    case = file(ward, category)
    for user in (officer, supervisor):
        response = login(user).post(QUEUE, {"cases": [case.pk], "assignee": leader.pk})
        assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).assignee is None
    assert not AuditEvent.objects.filter(action="case.assigned").exists()


def test_bulk_assign_refuses_cases_the_leader_cannot_see_and_keeps_the_ticks(ward, other_ward, category, login,
                                                                             leader, officer):
    own = file(ward, category)
    foreign = file(other_ward, category)
    response = login(leader).post(QUEUE, {"cases": [own.pk, foreign.pk], "assignee": officer.pk})
    assert response.status_code == 403
    assert f'value="{own.pk}" id="pick-{own.pk}" checked' in response.content.decode()
    assert not Case.objects.filter(assignee=officer).exists()
    missing = login(leader).post(QUEUE, {"assignee": officer.pk})
    assert missing.status_code == 400


@pytest.mark.parametrize("value", [str(10**30), str(2**63), "١٢", "12a"])
def test_bulk_assign_with_a_number_that_is_no_case_is_a_form_error(ward, category, login, leader, officer, value):
    case = file(ward, category)
    response = login(leader).post(QUEUE, {"cases": [case.pk, value], "assignee": officer.pk})
    assert response.status_code == 400
    assert "Chỉ đánh dấu các đơn có trong danh sách." in response.content.decode()
    assert Case.objects.get(pk=case.pk).assignee is None
    assert not AuditEvent.objects.filter(action="case.assigned").exists()


def test_only_leaders_see_the_bulk_form(ward, category, login, leader, officer):
    file(ward, category)
    assert 'name="cases"' in login(leader).get(QUEUE).content.decode()
    assert 'name="cases"' not in login(officer).get(QUEUE).content.decode()


def test_every_value_of_a_row_is_escaped(ward, category, login, leader, department):
    """The rows are built in Python (frontend/views/queue_rows.py): a title, an area, a department or an officer's
    name full of markup shows as text, in every column."""
    evil = '<script>alert("x")</script>'
    area = AreaFactory(ward=ward, code="KPX", name=f"Khu {evil}")
    department.name = f"Phòng {evil}"
    department.save()
    officer = MembershipFactory(user=UserFactory(username="cbx", first_name=evil), ward=ward, role="officer").user
    case = file(ward, category, title=f"Tiêu đề {evil}", area=area)
    Case.objects.filter(pk=case.pk).update(assignee=officer, department=department)
    text = login(leader).get(QUEUE).content.decode()
    assert "<script>" not in text
    assert text.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= 4
    assert f'data-code="{case.tracking_code}"' in text and f'id="pick-{case.pk}"' in text
