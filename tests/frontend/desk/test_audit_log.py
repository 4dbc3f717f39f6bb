"""The audit log page, /can-bo/nhat-ky/ (SPEC §7): leaders and supervisors read their wards' events, newest first,
filtered, a page at a time, with residents' personal data never shown."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from portal.audit.models import AuditChainCheck, AuditEvent
from portal.audit.services import record, record_many
from portal.cases import services
from portal.cases.workflow import transition
from tests.factories import MembershipFactory, UserFactory

from .helpers import file

pytestmark = pytest.mark.django_db

LOG = "/can-bo/nhat-ky/"
PHONE = "0901234567"
ZONE = dt.timezone(dt.timedelta(hours=7))


def ids(response) -> list[int]:
    return [int(n) for n in re.findall(r'data-testid="audit-event" data-action="[^"]*" data-id="(\d+)"',
                                       response.content.decode())]


def actions(response) -> list[str]:
    return re.findall(r'data-testid="audit-event" data-action="([^"]*)"', response.content.decode())


def link(response, rel) -> str | None:
    found = re.search(rf'rel="{rel}" href="([^"]+)"', response.content.decode())
    return LOG + found[1].replace("&amp;", "&") if found else None  # "?before=…" on the same page


def events(ward, n, *, action="test.event", actor=None, data=None, object_type="thing"):
    made = []
    for i in range(n):
        with transaction.atomic():
            made.append(record(action=action, ward=ward, actor=actor, object_type=object_type, object_id=i,
                               data=data if data is not None else {"i": i}))
    return made


@pytest.fixture
def admin_member(ward):
    return MembershipFactory(user=UserFactory(username="quantri", is_staff=True), ward=ward, role="admin").user


@pytest.fixture
def other_leader(other_ward):
    return MembershipFactory(user=UserFactory(username="chutich_bt", is_staff=True), ward=other_ward,
                             role="leader").user


# --- who may read it ------------------------------------------------------------------------------------------------

def test_the_url_is_the_vietnamese_slug():
    assert reverse("frontend:desk-audit") == LOG


@pytest.mark.parametrize(("persona", "status"), [("leader", 200), ("supervisor", 200), ("officer", 403),
                                                 ("admin_member", 403), ("resident", 403)])
def test_only_leaders_and_supervisors_may_read_the_log(request, login, ward, persona, status):
    events(ward, 1)
    response = login(request.getfixturevalue(persona)).get(LOG)
    assert response.status_code == status
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    if status == 403:
        assert 'data-testid="audit-event"' not in response.content.decode()
        assert "Nhật ký kiểm tra dành cho lãnh đạo và thành viên giám sát" in response.content.decode()


def test_a_superuser_without_a_ward_role_may_not_read_it(login, admin_user, ward):
    events(ward, 1)
    assert login(admin_user).get(LOG).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_staff_login_and_back(client):
    response = client.get(LOG, {"action": "case.accept"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('frontend:login')}?next={LOG}%3Faction%3Dcase.accept"


def test_the_log_page_accepts_no_post(login, leader):
    assert login(leader).post(LOG).status_code == 405


# --- what it shows --------------------------------------------------------------------------------------------------

def test_the_page_is_in_vietnamese_with_the_events_newest_first(ward, category, login, leader, officer):
    case = file(ward, category, title="Đèn đường hỏng")
    services.claim(case=case, actor=officer)
    transition(case=case, action="accept", actor=officer)
    response = login(leader).get(LOG)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Nhật ký kiểm tra" in html
    assert actions(response) == ["case.accept", "case.claimed", "case.submitted"]
    # a Vietnamese label per action, who, when (local time) and which case, linked to its page
    assert "Thụ lý đơn" in html and "Cán bộ nhận xử lý đơn" in html and "Nhận đơn" in html
    assert html.count(f'href="/can-bo/don/{case.tracking_code}/"') == 3
    accepted = AuditEvent.objects.get(action="case.accept")
    local = accepted.created_at.astimezone(ZONE)
    assert f'<time datetime="{local.isoformat()}">{local:%d/%m/%Y %H:%M:%S}</time>' in html
    assert '<span class="audit-actor audit-actor-staff" data-testid="audit-actor">canbo</span>' in html
    # before/after readable: the state change with the states' Vietnamese names
    assert ('<dt>Trạng thái</dt><dd><span class="audit-before">Đã tiếp nhận</span> <span aria-hidden="true">→</span>'
            '<span class="visually-hidden">thành</span> <span class="audit-after">Đã thụ lý</span></dd>') in html


def test_the_page_is_in_english_when_asked(ward, category, login, leader, officer):
    file(ward, category)
    client = login(leader)
    client.cookies["django_language"] = "en"
    html = client.get(LOG).content.decode()
    assert "<h1>Audit log" in html and "Case filed" in html


def test_an_unknown_action_is_shown_by_its_name(ward, login, supervisor):
    events(ward, 1, action="case.something_new")
    html = login(supervisor).get(LOG).content.decode()
    assert '<strong class="audit-action">case.something_new</strong>' in html


def test_an_assignment_shows_the_names_before_and_after(ward, category, department, login, leader, officer):
    case = file(ward, category)
    services.assign(case=case, actor=leader, assignee=officer, department=department)
    html = login(leader).get(LOG, {"action": "case.assigned"}).content.decode()
    assert "Cán bộ được giao" in html and "canbo" in html
    assert "Phòng Kinh tế - Hạ tầng - Đô thị" in html


def test_jobs_show_as_the_system_and_residents_are_never_named(ward, category, login, leader):
    resident_account = UserFactory(username="resident-0123abcd")
    with transaction.atomic():
        record(action="dialogue.registered", ward=ward, actor=resident_account, object_type="dialogues.registration",
               object_id=1, data={"session": 1, "status": "confirmed"})
        record(action="case.rated", ward=ward, actor_label="resident", object_type="cases.case", object_id=1,
               data={"score": 4})
        record(action="disclosure.posted", ward=ward, object_type="disclosures.disclosure", object_id=7,
               data={"posted_on": "2026-03-02"})
    html = login(leader).get(LOG).content.decode()
    assert "resident-0123abcd" not in html
    assert html.count("audit-actor-resident") == 2
    assert '<span class="audit-actor audit-actor-system" data-testid="audit-actor">Hệ thống</span>' in html
    assert "02/03/2026" in html  # a date in the data, as dates are written here
    assert 'href="/cong-khai/7/"' in html


# --- privacy ---------------------------------------------------------------------------------------------------------

def test_personal_data_in_events_is_never_shown_only_the_fields_names(ward, category, login, leader, supervisor):
    case = file(ward, category, kind="denunciation", title="Tố cáo cán bộ")
    with transaction.atomic():
        record(action="case.contact_edited", obj=case, ward=ward, actor=leader, data={
            "before": {"contact_phone": PHONE, "contact_name": "Lê Văn Bình", "title": "Cũ"},
            "after": {"contact_phone": "0912345678", "contact_name": "Lê Văn Bình", "title": "Mới"},
            "email": "binh@example.vn", "address": "5 Hoa Sứ", "nested": [{"phone": "0988777666"}]})
        record(action="case.identity_viewed", obj=case, ward=ward, actor=leader, data={})
    for reader in (supervisor, leader):
        html = login(reader).get(LOG).content.decode()
        for personal in (PHONE, "0912345678", "Lê Văn Bình", "binh@example.vn", "5 Hoa Sứ", "0988777666"):
            assert personal not in html
        # the reader knows what changed: the fields are named, their values hidden
        assert "Điện thoại" in html and "Họ và tên" in html and "đã thay đổi (giá trị được ẩn)" in html
        assert "Thư điện tử" in html and "đã ẩn" in html
        assert "Cũ" in html and "Mới" in html  # the case's other fields are shown
        assert "Xem danh tính người tố cáo" in html  # who looked at the denouncer's identity, and when
        assert "chutich" in html


def test_a_supervisor_reads_a_denunciations_log_without_the_denouncer(ward, category, login, supervisor, leader,
                                                                       officer):
    case = file(ward, category, kind="denunciation", title="Tố cáo cán bộ địa chính")
    services.assign(case=case, actor=leader, assignee=officer)  # a leader assigns a denunciation
    services.reveal_identity(case=case, actor=leader)
    html = login(supervisor).get(LOG, {"case": case.tracking_code}).content.decode()
    assert len(re.findall('data-testid="audit-event"', html)) == 3
    for personal in (PHONE, "Lê Văn Bình", "binh@example.vn", "5 Hoa Sứ"):
        assert personal not in html


# --- the case page and the desk menu link to it ---------------------------------------------------------------------

@pytest.mark.parametrize(("persona", "shown"), [("leader", True), ("supervisor", True), ("officer", False)])
def test_the_desk_menu_links_to_the_log_for_leaders_and_supervisors(request, login, persona, shown):
    html = login(request.getfixturevalue(persona)).get(reverse("frontend:desk-queue")).content.decode()
    nav = html.split('class="desk-nav"', 1)[1].split("</nav>", 1)[0]
    assert (f'<a href="{LOG}">Nhật ký kiểm tra</a>' in nav) is shown


@pytest.mark.parametrize(("persona", "shown"), [("leader", True), ("supervisor", True), ("officer", False)])
def test_the_case_page_links_to_the_cases_log(request, ward, category, department, login, persona, shown):
    case = file(ward, category, department=department)
    other = file(ward, category, title="Đơn khác", department=department)
    client = login(request.getfixturevalue(persona))
    html = client.get(reverse("frontend:desk-case", kwargs={"code": case.tracking_code})).content.decode()
    href = f"{LOG}?case={case.tracking_code}"
    assert (f'<a href="{href}" data-testid="case-audit-link">Nhật ký của đơn này</a>' in html) is shown
    if shown:
        response = client.get(href)
        assert response.status_code == 200
        assert ids(response) == list(AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk))
                                     .order_by("-id").values_list("id", flat=True))
        assert other.tracking_code not in response.content.decode()
        assert f"· <span class=\"code\">{case.tracking_code}</span>" in response.content.decode()


# --- ward scoping ---------------------------------------------------------------------------------------------------

def test_another_wards_events_never_appear(ward, other_ward, category, login, leader, supervisor, other_leader):
    mine = file(ward, category, title="Đơn của phường mình")
    theirs = file(other_ward, category, title="Đơn của phường khác")
    events(None, 2)  # events of no ward (logins, residents' accounts) are nobody's to read here
    for reader in (leader, supervisor):
        response = login(reader).get(LOG)
        html = response.content.decode()
        assert ids(response) == list(AuditEvent.objects.filter(ward=ward).order_by("-id").values_list("id", flat=True))
        assert mine.tracking_code in html and theirs.tracking_code not in html
    assert theirs.tracking_code in login(other_leader).get(LOG).content.decode()


@pytest.mark.parametrize("tampered", ["ward", "case", "actor"])
def test_filters_naming_another_ward_are_form_errors(ward, other_ward, category, login, leader, other_leader,
                                                     tampered):
    theirs = file(other_ward, category, title="Đơn của phường khác")
    value = {"ward": other_ward.pk, "case": theirs.tracking_code, "actor": other_leader.pk}[tampered]
    response = login(leader).get(LOG, {tampered: value})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="filter-errors"' in html and 'data-testid="audit-event"' not in html
    # the code typed is only echoed back in the form (and the language switch's return address), never found
    assert re.findall(rf'[^"=]{theirs.tracking_code}', html) == []
    assert f"/can-bo/don/{theirs.tracking_code}/" not in html


def test_a_leader_of_two_wards_reads_both_merged_newest_first(ward, other_ward, category, login, leader):
    MembershipFactory(user=leader, ward=other_ward, role="leader")
    first = file(ward, category)
    second = file(other_ward, category)
    third = file(ward, category, title="Thứ ba")
    response = login(leader).get(LOG)
    expected = list(AuditEvent.objects.filter(ward__in=[ward, other_ward]).order_by("-created_at", "-id")
                    .values_list("id", flat=True))
    assert ids(response) == expected
    html = response.content.decode()
    assert all(c.tracking_code in html for c in (first, second, third))
    assert "Phường Bình Thạnh" in html and "Phường Phú Nhuận" in html
    only = login(leader).get(LOG, {"ward": other_ward.pk})
    assert ids(only) == list(AuditEvent.objects.filter(ward=other_ward).order_by("-id").values_list("id", flat=True))


def test_an_officer_who_also_supervises_another_ward_reads_only_that_ward(ward, other_ward, category, login,
                                                                          officer):
    MembershipFactory(user=officer, ward=other_ward, role="supervisor")
    file(ward, category)
    theirs = file(other_ward, category)
    response = login(officer).get(LOG)
    assert response.status_code == 200
    assert ids(response) == list(AuditEvent.objects.filter(ward=other_ward).order_by("-id")
                                 .values_list("id", flat=True))
    assert theirs.tracking_code in response.content.decode()


# --- filters --------------------------------------------------------------------------------------------------------

def test_filter_by_action_object_type_and_actor(ward, category, login, leader, officer, supervisor):
    case = file(ward, category)
    services.claim(case=case, actor=officer)
    services.add_note(case=case, actor=officer, text="Ghi chú")
    transition(case=case, action="accept", actor=officer)
    with transaction.atomic():
        record(action="disclosure.posted", ward=ward, object_type="disclosures.disclosure", object_id=3, data={})
    client = login(supervisor)
    assert actions(client.get(LOG, {"action": "case.note_added"})) == ["case.note_added"]
    assert actions(client.get(LOG, {"object_type": "disclosures.disclosure"})) == ["disclosure.posted"]
    assert actions(client.get(LOG, {"actor": officer.pk})) == ["case.accept", "case.note_added", "case.claimed"]
    assert actions(client.get(LOG, {"actor": "system"})) == ["disclosure.posted"]
    # the case was filed by a resident not signed in: recorded as "system", shown and found as a resident's
    assert AuditEvent.objects.get(action="case.submitted").actor_label == "system"
    assert actions(client.get(LOG, {"actor": "resident"})) == ["case.submitted"]
    assert actions(client.get(LOG, {"actor": officer.pk, "object_type": "cases.case",
                                    "action": "case.claimed"})) == ["case.claimed"]
    html = client.get(LOG, {"action": "case.note_added"}).content.decode()
    assert '<span class="badge">1 bộ lọc đang áp dụng</span>' in html


def test_filter_by_residents(ward, login, leader):
    account = UserFactory(username="resident-77")
    with transaction.atomic():
        record(action="dialogue.voted", ward=ward, actor=account, object_type="dialogues.vote", object_id=1)
        record(action="case.rated", ward=ward, actor_label="resident", object_type="cases.case", object_id=1)
        record(action="dialogue.held", ward=ward, actor=leader, object_type="dialogues.session", object_id=1)
    assert actions(login(leader).get(LOG, {"actor": "resident"})) == ["case.rated", "dialogue.voted"]


def test_filter_by_date_range_in_local_days(ward, login, leader):
    # 23:30 on 1 March in Hanoi is 16:30 UTC: the event belongs to 1 March
    for moment in ("2026-03-01T16:30:00+00:00", "2026-03-01T17:30:00+00:00", "2026-03-05T02:00:00+00:00"):
        with time_machine.travel(dt.datetime.fromisoformat(moment), tick=False):
            events(ward, 1, data={"at": moment})
    first, second, third = AuditEvent.objects.order_by("id")
    client = login(leader)
    assert ids(client.get(LOG, {"date_from": "2026-03-01", "date_to": "2026-03-01"})) == [first.pk]
    assert ids(client.get(LOG, {"date_from": "2026-03-02"})) == [third.pk, second.pk]
    assert ids(client.get(LOG, {"date_to": "2026-03-02"})) == [second.pk, first.pk]
    assert ids(client.get(LOG, {"date_from": "02/03/2026", "date_to": "05/03/2026"})) == [third.pk, second.pk]


def test_filter_by_a_case_tracking_code_any_case(ward, category, login, leader, officer):
    case = file(ward, category)
    file(ward, category, title="Đơn khác")
    services.claim(case=case, actor=officer)
    response = login(leader).get(LOG, {"case": case.tracking_code.lower() + " "})
    assert actions(response) == ["case.claimed", "case.submitted"]
    assert response.status_code == 200


@pytest.mark.parametrize("query", [
    {"date_from": "2026-13-45"}, {"date_to": "hôm qua"}, {"date_from": "2026-03-05", "date_to": "2026-03-01"},
    {"date_to": "9999-12-31"}, {"date_from": "0001-01-01"}, {"actor": "abc"}, {"actor": "999999999999999999999"},
    {"action": "case.<script>"}, {"object_type": "auth.user"}, {"ward": "abc"}, {"ward": "99999999999999999999999"},
    {"case": "PN17-2026-999999"}, {"case": "x" * 40}, {"before": "abc"}, {"before": "1.0"}, {"after": "-5.1"},
    {"after": "999999999999999999.1"}, {"before": "1.99999999999999999999"}, {"before": "1.5.5"},
    {"before": "1700000000000000.5", "after": "1700000000000000.9"},
])
def test_bad_filter_input_is_a_form_error_not_a_server_error(ward, login, leader, query):
    events(ward, 1)
    response = login(leader).get(LOG, query)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="filter-errors"' in html and 'data-testid="audit-invalid"' in html
    assert "<script>" not in html.split("<main", 1)[1]


@pytest.mark.parametrize(("query", "message"), [
    ({"before": "abc"}, "Liên kết trang này không hợp lệ: hãy xem lại từ các mục mới nhất."),
    ({"after": "1.5.5"}, "Liên kết trang này không hợp lệ: hãy xem lại từ các mục mới nhất."),
    ({"ward": "99999"}, "Hãy chọn một lựa chọn hợp lệ. 99999 không phải là một trong các lựa chọn khả thi."),
])
def test_an_error_of_a_field_the_page_does_not_show_is_said(ward, login, leader, query, message):
    """A page link (before/after) and, for a reader of one ward, the ward are hidden fields: their errors were not
    shown, and the page said "Some filters are not valid: correct them" with nothing to correct."""
    events(ward, 1)
    response = login(leader).get(LOG, query)
    assert response.status_code == 400
    summary = response.content.decode().split('data-testid="filter-errors"', 1)[1].split("</div>", 1)[0]
    assert message in summary


def test_a_nul_character_in_a_filter_is_refused_before_the_page(login, leader):
    """The project's middleware answers any URL with a NUL character with its own 400 page."""
    assert login(leader).get(LOG, {"case": "PN17\x00"}).status_code == 400


# --- pagination and queries -----------------------------------------------------------------------------------------

def test_pages_go_back_and_forth_without_gaps_or_repeats(ward, login, leader, settings):
    made = events(ward, 60)
    # events written in one go share their moment: the cursor keeps their order by id
    with transaction.atomic():
        made += record_many([{"action": "case.overdue_escalated", "ward": ward, "object_type": "thing",
                               "object_id": n} for n in range(55)])
    client = login(leader)
    newest_first = [e.pk for e in sorted(made, key=lambda e: (e.created_at, e.pk), reverse=True)]
    first = client.get(LOG)
    assert ids(first) == newest_first[:50] and link(first, "prev") is None
    second = client.get(link(first, "next"))
    assert ids(second) == newest_first[50:100]
    third = client.get(link(second, "next"))
    assert ids(third) == newest_first[100:] and link(third, "next") is None
    back = client.get(link(third, "prev"))
    assert ids(back) == newest_first[50:100]
    assert ids(client.get(link(back, "prev"))) == newest_first[:50]
    # filters stay on every page link
    filtered = client.get(LOG, {"action": "case.overdue_escalated"})
    assert "action=case.overdue_escalated" in link(filtered, "next")
    assert ids(client.get(link(filtered, "next"))) == [e.pk for e in made[60:]][::-1][50:]


def test_a_page_link_made_before_new_events_still_leads_back_to_the_newest(ward, login, leader):
    older = events(ward, 60)
    client = login(leader)
    first = client.get(LOG)
    second = client.get(link(first, "next"))
    newer = events(ward, 3)
    # "newer" shows the 50 events just above the page, as they were; from there, the newest (3 more on top)
    back = client.get(link(second, "prev"))
    assert ids(back) == ids(first)
    newest = client.get(link(back, "prev"))
    assert ids(newest) == [e.pk for e in reversed(older + newer)][:50] and link(newest, "prev") is None


def test_the_number_of_queries_does_not_grow_with_the_page(ward, other_ward, category, login, leader, officer,
                                                           department, django_assert_max_num_queries):
    MembershipFactory(user=leader, ward=other_ward, role="leader")
    client = login(leader)

    def add(n):
        for i in range(n):
            case = file(ward if i % 2 else other_ward, category, title=f"Đơn số {i}")
            if i % 2:
                services.assign(case=case, actor=leader, assignee=officer, department=department)
                services.add_note(case=case, actor=officer, text="Ghi chú")
                transition(case=case, action="accept", actor=officer)

    add(2)
    client.get(LOG)  # fills the reference memo
    with django_assert_max_num_queries(12) as few:
        assert client.get(LOG).status_code == 200
    filtered = {"actor": officer.pk, "date_from": "2000-01-01"}
    with django_assert_max_num_queries(12) as few_filtered:
        client.get(LOG, filtered)
    add(30)
    assert AuditEvent.objects.count() > 60
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(LOG)
    assert len(ids(response)) == 50
    assert len(many.captured_queries) == len(few.captured_queries)
    with django_assert_max_num_queries(len(few_filtered.captured_queries)):
        client.get(LOG, filtered)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(link(response, "next"))


def test_a_rare_match_is_found_window_after_window(ward, login, supervisor, monkeypatch):
    """A filter the index cannot serve looks through a bounded window of events per page; the "older" link goes on
    from where the window ended, so walking the links finds every match once, and going back finds them again."""
    monkeypatch.setattr("portal.audit.selectors.SCAN_LIMIT", 7)
    made = []
    for n in range(40):
        made += events(ward, 1, action="case.identity_viewed" if n % 9 == 0 else "case.note_added")
    expected = [e.pk for e in reversed(made) if e.action == "case.identity_viewed"]
    client = login(supervisor)
    page = client.get(LOG, {"action": "case.identity_viewed"})
    seen, pages = ids(page), [page]
    assert 'data-testid="audit-window-ended"' in page.content.decode()
    assert "7 mục" in page.content.decode()
    while link(pages[-1], "next"):
        pages.append(client.get(link(pages[-1], "next")))
        assert pages[-1].status_code == 200
        seen += ids(pages[-1])
    assert seen == expected
    # back, window by window, to the newest page
    current, found = pages[-1], set(ids(pages[-1]))
    for _ in range(20):
        if not link(current, "prev"):
            break
        current = client.get(link(current, "prev"))
        assert current.status_code == 200 and set(ids(current)) <= set(expected)
        found |= set(ids(current))
    assert link(current, "prev") is None and ids(current) == ids(pages[0])
    assert found == set(expected)


def test_odd_object_ids_are_shown_as_written(ward, login, leader):
    with transaction.atomic():
        record(action="case.note_added", ward=ward, object_type="cases.case", object_id="9" * 30, data={})
        record(action="dialogue.held", ward=ward, object_type="dialogues.session", object_id="abc", data={})
        record(action="case.note_added", ward=ward, object_type="cases.case", object_id="123456", data={})
    response = login(leader).get(LOG)
    assert response.status_code == 200
    html = response.content.decode()
    assert "#" + "9" * 30 in html and "#abc" in html and "#123456" in html  # no such case: no link


# --- the chain's nightly check, at the top of the page ---------------------------------------------------------------

def chain_banner(html: str) -> str:
    found = re.search(r'<(?:p|div) class="audit-chain[^"]*"[^>]*data-testid="audit-chain" data-state="(\w+)">(.*?)'
                      r'</(?:p|div)>\n', html, re.S)
    assert found, "no chain check at the top of the page"
    return found[1] + ": " + re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found[2])).strip()


def test_the_page_says_when_the_chain_was_never_checked(ward, login, leader):
    events(ward, 1)
    html = login(leader).get(LOG).content.decode()
    assert chain_banner(html) == "unchecked: Chuỗi nhật ký: chưa kiểm tra."
    assert html.index('data-testid="audit-chain"') < html.index('data-testid="audit-event"')


def test_the_page_shows_the_last_nights_check_of_an_intact_chain(ward, login, leader, supervisor):
    from portal.audit.services import check_chain

    events(ward, 3)
    with time_machine.travel(dt.datetime(2026, 11, 28, 2, 0, 5, tzinfo=ZONE), tick=False):
        check_chain()
    with time_machine.travel(dt.datetime(2026, 11, 28, 9, 0, tzinfo=ZONE), tick=False):
        for reader in (leader, supervisor):
            html = login(reader).get(LOG).content.decode()
            assert chain_banner(html) == "ok: Kiểm tra chuỗi nhật ký lúc 02:00 28/11/2026: toàn vẹn, 3 sự kiện."
            assert 'data-testid="audit-chain-overdue"' not in html
    # a million events, written as Vietnamese numbers are; in English as English ones are
    AuditChainCheck.objects.filter().update(checked=1_234_567)
    client = login(leader)
    with time_machine.travel(dt.datetime(2026, 11, 28, 9, 0, tzinfo=ZONE), tick=False):
        assert "toàn vẹn, 1.234.567 sự kiện." in chain_banner(client.get(LOG).content.decode())
        client.cookies["django_language"] = "en"
        assert chain_banner(client.get(LOG).content.decode()) == (
            "ok: Audit chain checked at 02:00 28/11/2026: intact, 1,234,567 events.")


def test_the_page_warns_in_red_naming_the_first_broken_entry(ward, login, leader, supervisor):
    from portal.audit.services import check_chain

    made = events(ward, 4)
    AuditEvent.objects.filter(pk=made[2].pk).update(data={"i": 7})
    with time_machine.travel(dt.datetime(2026, 11, 28, 2, 0, tzinfo=ZONE), tick=False):
        check_chain()
        for reader in (leader, supervisor):
            html = login(reader).get(LOG).content.decode()
            assert chain_banner(html) == (
                f"broken: Kiểm tra chuỗi nhật ký lúc 02:00 28/11/2026: chuỗi KHÔNG còn toàn vẹn. Mục số {made[2].pk} "
                "đã bị sửa sau khi ghi: nội dung không còn khớp với mã băm. 2 mục trước chỗ bị phá vỡ vẫn toàn vẹn. "
                "Nhật ký có thể đã bị sửa trong cơ sở dữ liệu; quản trị viên đã được báo qua e-mail.")
            assert 'class="audit-chain audit-chain-broken" role="alert"' in html


def test_the_page_says_when_the_nightly_check_stopped(ward, login, leader):
    from portal.audit.services import check_chain

    with time_machine.travel(dt.datetime(2026, 11, 25, 2, 0, tzinfo=ZONE), tick=False):
        check_chain()
    with time_machine.travel(dt.datetime(2026, 11, 26, 9, 0, tzinfo=ZONE), tick=False):
        assert 'data-testid="audit-chain-overdue"' not in login(leader).get(LOG).content.decode()
    with time_machine.travel(dt.datetime(2026, 11, 28, 9, 0, tzinfo=ZONE), tick=False):
        html = login(leader).get(LOG).content.decode()
    assert "ok: Kiểm tra chuỗi nhật ký lúc 02:00 25/11/2026" in chain_banner(html)
    assert "việc kiểm tra hằng đêm có thể đã ngừng chạy" in html


def test_the_chain_check_costs_the_page_one_query_whatever_it_found(ward, login, leader,
                                                                    django_assert_max_num_queries):
    from portal.audit.services import check_chain

    events(ward, 3)
    client = login(leader)
    client.get(LOG)  # fills the reference memo
    with django_assert_max_num_queries(12) as unchecked:
        client.get(LOG)
    check_chain()
    with django_assert_max_num_queries(len(unchecked.captured_queries)) as intact:
        client.get(LOG)
    AuditEvent.objects.filter(pk=AuditEvent.objects.order_by("id").first().pk).update(data={})
    check_chain()
    with django_assert_max_num_queries(len(unchecked.captured_queries)) as broken:
        assert 'data-state="broken"' in client.get(LOG).content.decode()
    assert len(unchecked.captured_queries) == len(intact.captured_queries) == len(broken.captured_queries)
    assert sum("audit_auditchaincheck" in q["sql"] for q in broken.captured_queries) == 1
