"""The dialogue pages as residents, staff and the public use them (Vietnamese, the default language)."""

import datetime as dt
import re

import icalendar
import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.dialogues.models import (
    Commitment,
    Question,
    QuestionState,
    Registration,
    Session,
    SessionKind,
    SessionState,
    Vote,
)
from tests.conftest import log_in
from tests.dialogue_fixtures import MONDAY, at, make_session, verified
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        log_in(client, user)
    return client


def url(name, **kwargs):
    return reverse(f"frontend:dialogues-{name}", kwargs=kwargs or None)


@pytest.fixture
def open_session(ward, leader):
    return make_session(ward, leader=leader, state=SessionState.OPEN, capacity=1)


@time_machine.travel(MONDAY, tick=False)
def test_the_calendar_lists_public_sessions_in_vietnamese_but_never_complaint_dialogues(ward, leader, open_session):
    make_session(ward, leader=leader, kind=SessionKind.COMPLAINT, title="Đối thoại khiếu nại bí mật")
    response = client_for().get(url("calendar"))
    text = response.content.decode()
    assert response.status_code == 200
    assert open_session.title in text and "Đối thoại khiếu nại bí mật" not in text
    assert "Sắp diễn ra" in text and 'href="/doi-thoai/"' in text
    # the filter chooses a type of session, not of case ("Loại đơn")
    assert '<label for="f-kind">Hình thức</label>' in text and "Loại đơn" not in text


def test_a_complaint_dialogue_page_is_hidden_from_the_public(ward, leader):
    private = make_session(ward, leader=leader, kind=SessionKind.COMPLAINT)
    assert client_for().get(url("session", pk=private.pk)).status_code == 404
    assert client_for(leader).get(url("staff-session", pk=private.pk)).status_code == 200


@time_machine.travel(MONDAY, tick=False)
def test_a_resident_registers_asks_and_votes(open_session, citizen, citizen2):
    resident = client_for(citizen)
    assert resident.post(url("register", pk=open_session.pk)).status_code == 302
    assert client_for(citizen2).post(url("register", pk=open_session.pk)).status_code == 302
    assert list(Registration.objects.order_by("pk").values_list("status", flat=True)) == ["confirmed", "waiting"]
    page = client_for(citizen2).get(url("session", pk=open_session.pk)).content.decode()
    assert "số 1 trong danh sách chờ" in page

    response = resident.post(url("ask", pk=open_session.pk), {"text": "Khi nào lắp đèn hẻm 47 Phan Đình Phùng?"})
    assert response.status_code == 302
    question = Question.objects.get()
    assert resident.post(url("vote", pk=question.pk)).status_code == 302
    assert resident.post(url("vote", pk=question.pk)).status_code == 302
    assert Vote.objects.count() == 1
    page = resident.get(url("session", pk=open_session.pk)).content.decode()
    assert "Ông/bà đã bình chọn câu hỏi này." in page
    # The public page never shows who asked or registered.
    public = client_for().get(url("session", pk=open_session.pk)).content.decode()
    assert citizen.email not in public and citizen2.email not in public


@time_machine.travel(MONDAY, tick=False)
def test_an_empty_question_is_refused_with_the_form_kept(open_session, citizen):
    response = client_for(citizen).post(url("ask", pk=open_session.pk), {"text": ""})
    assert response.status_code == 400
    assert "Trường này là bắt buộc" in response.content.decode()
    assert not Question.objects.exists()


def test_residents_without_a_verified_account_are_sent_to_sign_in_or_refused(open_session, resident):
    response = client_for().post(url("register", pk=open_session.pk))
    assert response.status_code == 302 and response["Location"].startswith(reverse("frontend:resident-sign-in"))
    assert client_for(resident).post(url("register", pk=open_session.pk)).status_code == 403
    assert not Registration.objects.exists()


@time_machine.travel(MONDAY, tick=False)
def test_a_leader_schedules_a_session_and_a_late_one_needs_a_reason(ward, leader):
    leader_client = client_for(leader)
    form = {"ward": ward.pk, "kind": "reception", "title": "Tiếp công dân định kỳ", "date": "2026-11-05",
            "start": "08:00", "venue": "Phòng tiếp công dân"}
    response = leader_client.post(url("staff"), form)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Tiếp công dân định kỳ" in text and "lý do" in text.lower()
    assert not Session.objects.exists()
    response = leader_client.post(url("staff"), {**form, "late_reason": "Chủ tịch đi công tác tuần sau"})
    session = Session.objects.get()
    assert response.status_code == 302 and session.announcement_late
    assert "Công bố muộn" in client_for().get(url("session", pk=session.pk)).content.decode()


@time_machine.travel(MONDAY, tick=False)
@pytest.mark.parametrize(("overrides", "message"), [
    ({"capacity": str(10**30)}, "Tối đa 100000 chỗ."),
    ({"capacity": str(2**31)}, "Tối đa 100000 chỗ."),
    ({"kind": "reception", "date": "2200-01-06"}, "Chọn một ngày trong các năm từ 1901 đến 2100."),
])
def test_too_many_seats_or_a_date_beyond_the_calendar_keep_what_was_typed(ward, leader, overrides, message):
    form = {"ward": ward.pk, "kind": "conference", "title": "Hội nghị đối thoại cuối năm", "date": "2026-11-20",
            "start": "08:00", "venue": "Hội trường UBND phường", "capacity": "80", "agenda": "1. Báo cáo",
            **overrides}
    response = client_for(leader).post(url("staff"), form)
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text and "Hội nghị đối thoại cuối năm" in text and f'value="{form["date"]}"' in text
    assert f'value="{form["capacity"]}"' in text
    assert not Session.objects.exists()


def test_a_leader_of_one_ward_schedules_without_choosing_it(ward, other_ward, leader):
    """The ward's select offered "---------" first and had to be chosen, as the only ward the leader leads."""
    def ward_select(user) -> str:
        page = client_for(user).get(url("staff")).content.decode()
        return re.search(r'<select name="ward"[^>]*>(.*?)</select>', page, re.S).group(1)

    assert re.findall(r'<option value="([^"]*)"( selected)?>', ward_select(leader)) == [(str(ward.pk), " selected")]
    both = UserFactory(username="chutich_hai_phuong")
    for place in (ward, other_ward):
        MembershipFactory(user=both, ward=place, role="leader")
    select = ward_select(both)
    assert re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)[0] == ("", "— chọn phường —")


def test_officers_and_supervisors_cannot_schedule(ward, officer, supervisor):
    for user in (officer, supervisor):
        assert client_for(user).post(url("staff"), {"ward": ward.pk}).status_code == 403
    assert client_for().get(url("staff")).status_code == 302


def test_staff_run_a_session_to_published_minutes_and_a_commitment(ward, leader, officer, department, citizen,
                                                                   make_upload):
    session = make_session(ward, leader=leader, state=SessionState.OPEN, starts_at=at(dt.date(2026, 11, 9)))
    staff = client_for(officer)
    with time_machine.travel(MONDAY, tick=False):
        question = Question.objects.create(session=session, author=citizen, text="Bao giờ sửa cống?")
        spam = Question.objects.create(session=session, author=citizen, text="Quảng cáo bán hàng")
        assert staff.post(url("staff-question", pk=spam.pk, action="hide"), {"reason": ""}).status_code == 400
        assert staff.post(url("staff-question", pk=spam.pk, action="hide"), {"reason": "Quảng cáo"}).status_code == 302
    with time_machine.travel(at(dt.date(2026, 11, 9), 11), tick=False):
        assert staff.post(url("staff-action", pk=session.pk, action="held")).status_code == 302
        response = staff.post(url("staff-action", pk=session.pk, action="minutes"), {"minutes": "# Biên bản"})
        assert response.status_code == 400 and "chưa có câu trả lời" in response.content.decode()
        staff.post(url("staff-question", pk=question.pk, action="answer"), {"answer": "Tháng 12 sửa xong."})
        response = staff.post(url("staff-action", pk=session.pk, action="minutes"),
                              {"minutes": "# Biên bản\n\n**Kết luận:** thống nhất.",
                               "scan": make_upload("bb.pdf", _pdf(), "application/pdf")})
        assert response.status_code == 302
        response = staff.post(url("staff-action", pk=session.pk, action="commitment"),
                              {"title": "Sửa cống hẻm 12", "department": department.pk, "due_date": "2026-12-31",
                               "question": question.pk})
        assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert commitment.question == question
    page = client_for().get(url("session", pk=session.pk)).content.decode()
    assert "<strong>Kết luận:</strong>" in page and "Sửa cống hẻm 12" in page and "Tháng 12 sửa xong." in page
    assert "Quảng cáo bán hàng" not in page
    assert client_for().get(url("minutes-scan", pk=session.pk)).status_code == 200
    assert "Sửa cống hẻm 12" in client_for().get(url("commitments")).content.decode()
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), tick=False):
        response = client_for(officer).post(url("staff-commitment", pk=commitment.pk),
                                            {"status": "done", "note": "Đã nghiệm thu"})
        assert response.status_code == 302 and response["Location"].startswith(url("staff-session", pk=session.pk))
    public = client_for().get(url("commitments")).content.decode()
    assert "Đúng hạn" in public and "Đã nghiệm thu" in public
    assert Question.objects.get(pk=spam.pk).state == QuestionState.HIDDEN
    assert AuditEvent.objects.filter(action__startswith="dialogue.").count() >= 6


def test_supervisors_read_the_staff_page_but_change_nothing(ward, leader, supervisor, citizen):
    session = make_session(ward, leader=leader, state=SessionState.OPEN)
    question = Question.objects.create(session=session, author=citizen, text="Câu hỏi")
    reader = client_for(supervisor)
    assert reader.get(url("staff-session", pk=session.pk)).status_code == 200
    assert reader.post(url("staff-action", pk=session.pk, action="held")).status_code == 403
    assert reader.post(url("staff-question", pk=question.pk, action="hide"), {"reason": "x"}).status_code == 403
    session.refresh_from_db()
    assert session.state == SessionState.OPEN


def test_other_wards_staff_do_not_see_a_wards_staff_page(ward, leader, outsider_officer):
    session = make_session(ward, leader=leader)
    assert client_for(outsider_officer).get(url("staff-session", pk=session.pk)).status_code == 404


def test_the_ical_feed_per_ward_and_kind(ward, other_ward, leader):
    mine = make_session(ward, leader=leader, kind=SessionKind.RECEPTION, title="Tiếp dân PN17",
                        starts_at=at(dt.date(2026, 11, 20)))
    make_session(ward, leader=leader, title="Hội nghị PN17", starts_at=at(dt.date(2026, 11, 21)))
    make_session(other_ward, leader=leader, kind=SessionKind.RECEPTION, title="Tiếp dân BT01",
                 starts_at=at(dt.date(2026, 11, 20)))
    with time_machine.travel(MONDAY, tick=False):
        response = client_for().get(url("ical"), {"ward": ward.code, "kind": "reception"})
    assert response["Content-Type"].startswith("text/calendar")
    events = list(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == ["Tiếp dân PN17"]
    assert str(events[0]["url"]) == f"http://testserver/doi-thoai/{mine.pk}/"


def test_the_compliance_page_and_requests(ward, citizen, citizen2):
    assert "ít nhất một lần" in client_for().get(url("compliance"), {"ward": ward.code}).content.decode()
    response = client_for(citizen).post(url("requests"), {"ward": ward.pk, "title": "Đối thoại về ngập nước",
                                                          "reason": "Mưa là ngập."})
    assert response.status_code == 302
    request_url = response["Location"]
    client_for(citizen2).post(request_url)
    page = client_for().get(request_url).content.decode()
    assert "2 trên 2000" in page  # 10% of the ward's 20 000 voters


@time_machine.travel(MONDAY, tick=False)
def test_lists_cost_the_same_queries_whatever_their_length(ward, leader, department, citizens,
                                                           django_assert_max_num_queries):
    def grow(n):
        for i in range(n):
            session = make_session(ward, leader=leader, state=SessionState.PUBLISHED,
                                   starts_at=at(dt.date(2026, 10, 1 + i)))
            commitment = Commitment.objects.create(session=session, ward=ward, title=f"Cam kết {i}",
                                                   department=department, due_date=dt.date(2026, 12, 1))
            commitment.updates.create(status="planned", actor=leader, created_at=session.starts_at)
            question = Question.objects.create(session=session, author=citizens[0], text=f"Câu hỏi {i}")
            Vote.objects.create(question=question, user=citizens[1])
        return session

    grow(2)
    viewer = client_for(citizens[2])
    for page in ("calendar", "commitments", "requests"):
        with django_assert_max_num_queries(12):
            viewer.get(url(page))
    session = grow(15)
    for page in ("calendar", "commitments", "requests"):
        with django_assert_max_num_queries(12):
            viewer.get(url(page))
    with django_assert_max_num_queries(16):
        viewer.get(url("session", pk=session.pk))
    staff = client_for(leader)
    staff.get(url("staff"))
    with django_assert_max_num_queries(14):
        staff.get(url("staff"))
    grow(5)
    with django_assert_max_num_queries(14):
        staff.get(url("staff"))
    with django_assert_max_num_queries(18):
        staff.get(url("staff-session", pk=session.pk))


def _without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@time_machine.travel(MONDAY, tick=False)
@pytest.mark.parametrize("state", [SessionState.OPEN, SessionState.PUBLISHED])
def test_a_session_page_costs_the_same_queries_for_3_or_40_questions_and_their_votes(
        ward, leader, department, citizens, state, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    session = make_session(ward, leader=leader, state=state, capacity=100)
    voters = [verified(UserFactory(username=f"bo_phieu_{n}")) for n in range(6)]

    def grow(start, n):
        for i in range(start, start + n):
            question = Question.objects.create(session=session, author=citizens[i % 3], text=f"Câu hỏi số {i}\nDòng 2",
                                               topic=("Ngập nước", "")[i % 2], answer="Phường trả lời." * (i % 2))
            Vote.objects.bulk_create([Vote(question=question, user=v) for v in voters[: i % 6]])
            commitment = Commitment.objects.create(session=session, ward=ward, title=f"Cam kết {i}",
                                                   department=department, due_date=dt.date(2026, 12, 1),
                                                   question=question)
            commitment.updates.create(status="planned", actor=leader, created_at=session.starts_at)
            commitment.updates.create(status="in_progress", note="Đang làm", actor=leader,
                                      created_at=session.starts_at)

    grow(0, 3)
    for viewer in (client_for(), client_for(citizens[0])):  # the public, and a resident (vote buttons)
        viewer.get(url("session", pk=session.pk))
        cache.clear()  # the questions and commitments rendered afresh (not from the page cache)
        with CaptureQueriesContext(connection) as small:
            assert viewer.get(url("session", pk=session.pk)).status_code == 200
        grow(100 + len(small), 37)
        with django_assert_max_num_queries(len(small)):
            page = viewer.get(url("session", pk=session.pk)).content.decode()
        assert page.count('class="dlg-question"') >= 40 and "Câu hỏi số 1<br>Dòng 2" in page
        assert len(small) <= 12
        with CaptureQueriesContext(connection) as cached:  # the next visitor: the list comes from the cache
            again = viewer.get(url("session", pk=session.pk)).content.decode()
        assert _without_csrf(again) == _without_csrf(page)
        assert len(cached) < len(small)


@time_machine.travel(MONDAY, tick=False)
def test_the_commitments_page_of_a_ward_costs_the_same_queries_whatever_its_length(
        ward, leader, department, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def grow(n):
        for i in range(n):
            session = make_session(ward, leader=leader, state=SessionState.PUBLISHED,
                                   starts_at=at(dt.date(2026, 10, 1 + i)))
            for status in ("planned", "done", "dropped"):
                commitment = Commitment.objects.create(
                    session=session, ward=ward, title=f"Cam kết {i} {status}", department=department,
                    due_date=dt.date(2026, 12, 1), status=status, done_on=dt.date(2026, 10, 20) if status == "done"
                    else None, status_reason="Không còn phù hợp" if status == "dropped" else "")
                commitment.updates.create(status="planned", actor=leader, created_at=session.starts_at)
                commitment.updates.create(status=status, actor=leader, created_at=session.starts_at)

    grow(2)
    viewer = client_for()
    with CaptureQueriesContext(connection) as small:
        assert viewer.get(url("commitments"), {"ward": ward.code}).status_code == 200
    grow(12)
    with django_assert_max_num_queries(len(small)):
        page = viewer.get(url("commitments"), {"ward": ward.code}).content.decode()
    assert page.count('class="card dlg-commitment"') == 14 + 20 and "Không còn phù hợp" in page


def _pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_verified_helper_is_idempotent(db):
    user = UserFactory(username="kiemtra")
    assert verified(verified(user)).resident.contact == "kiemtra@example.vn"


@pytest.mark.parametrize(("name", "needs_session", "staff"), [
    ("calendar", False, False), ("ical", False, False), ("commitments", False, False), ("compliance", False, False),
    ("session", True, False), ("staff-session", True, True),
])
def test_the_read_only_pages_answer_head_as_get_without_a_body(ward, leader, open_session, name, needs_session,
                                                                  staff):
    """Link checkers and monitors ask with HEAD; a page that answers GET must not refuse it with 405."""
    address = url(name, pk=open_session.pk) if needs_session else url(name)
    viewer = client_for(leader if staff else None)
    response = viewer.head(address)
    assert response.status_code == 200 and response.content == b""
    assert response["Content-Type"] == viewer.get(address)["Content-Type"]
    assert viewer.post(address).status_code == 405
