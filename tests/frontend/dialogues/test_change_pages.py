"""The staff pages to edit, move and cancel an announced session, see its registrants and link a request; what the
public sees of it afterwards (Vietnamese, the default language)."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from portal.dialogues import services
from portal.dialogues.models import DialogueRequest, Session, SessionChange, SessionKind, SessionState
from portal.notifications.models import Notification
from tests.conftest import log_in
from tests.dialogue_fixtures import MONDAY, at, make_session

pytestmark = pytest.mark.django_db


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        log_in(client, user)  # leaders past the second factor too
    return client


def url(name, **kwargs):
    return reverse(f"frontend:dialogues-{name}", kwargs=kwargs or None)


@pytest.fixture
def session(ward, leader):
    return make_session(ward, leader=leader, state=SessionState.OPEN, capacity=1, starts_at=at(dt.date(2026, 11, 20)))


@time_machine.travel(MONDAY, tick=False)
def test_a_leader_cancels_and_the_session_stays_listed_as_cancelled_with_its_reason(session, leader, citizen):
    services.register(session=session, actor=citizen)
    page = client_for(leader).get(url("staff-session", pk=session.pk)).content.decode()
    assert "Hủy buổi này" in page and "Dời sang ngày khác" in page and "Sửa thông tin" in page
    response = client_for(leader).post(url("staff-action", pk=session.pk, action="cancel"),
                                       {"cancel-reason": "Bão số 10 đổ bộ vào thành phố"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.state == SessionState.CANCELLED
    public = client_for().get(url("session", pk=session.pk)).content.decode()
    assert "Buổi này đã bị hủy." in public and "Bão số 10 đổ bộ vào thành phố" in public
    assert "Đăng nhập để đăng ký" not in public  # no registration any more
    calendar = client_for().get(url("calendar")).content.decode()
    assert session.title in calendar and "Đã hủy" in calendar
    assert Notification.objects.filter(recipient=citizen.email, key__contains=":change:").count() == 1


@time_machine.travel(MONDAY, tick=False)
def test_a_cancel_without_a_reason_is_400_and_changes_nothing(session, leader):
    response = client_for(leader).post(url("staff-action", pk=session.pk, action="cancel"), {"cancel-reason": ""})
    assert response.status_code == 400
    session.refresh_from_db()
    assert session.state == SessionState.OPEN and not SessionChange.objects.exists()


@time_machine.travel(MONDAY, tick=False)
def test_a_late_move_keeps_what_was_typed_and_asks_for_the_late_reason(session, leader):
    form = {"move-date": "2026-11-05", "move-start": "14:00", "move-reason": "Trùng lịch tiếp xúc cử tri"}
    response = client_for(leader).post(url("staff-action", pk=session.pk, action="reschedule"), form)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Trùng lịch tiếp xúc cử tri" in text and 'value="2026-11-05"' in text
    assert "Chỉ được thông báo muộn" in text
    response = client_for(leader).post(url("staff-action", pk=session.pk, action="reschedule"),
                                       {**form, "move-late_reason": "Lịch họp HĐND đột xuất"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == at(dt.date(2026, 11, 5), 14) and session.announcement_late
    public = client_for().get(url("session", pk=session.pk)).content.decode()
    assert "Dời lịch" in public and "trước đó 08:00 20/11/2026" in public and "Trùng lịch tiếp xúc cử tri" in public


@time_machine.travel(MONDAY, tick=False)
def test_a_move_beyond_the_calendar_or_too_many_seats_keep_what_was_typed(ward, session, leader):
    reception = make_session(ward, leader=leader, kind=SessionKind.RECEPTION, state=SessionState.OPEN)
    response = client_for(leader).post(url("staff-action", pk=reception.pk, action="reschedule"), {
        "move-date": "2200-01-06", "move-start": "08:00", "move-reason": "Trùng lịch tiếp xúc cử tri"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Chọn một ngày trong các năm từ 1901 đến 2100." in text and 'value="2200-01-06"' in text
    assert "Trùng lịch tiếp xúc cử tri" in text
    response = client_for(leader).post(url("staff-action", pk=session.pk, action="edit"), {
        "edit-title": session.title, "edit-venue": session.venue, "edit-capacity": str(2**31),
        "edit-reason": "Thêm ghế"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Tối đa 100000 chỗ." in text and f'value="{2**31}"' in text
    reception.refresh_from_db()
    session.refresh_from_db()
    assert reception.starts_at == at(dt.date(2026, 11, 20)) and session.capacity == 1
    assert not SessionChange.objects.exists()


@time_machine.travel(MONDAY, tick=False)
def test_an_edit_on_the_staff_page_changes_the_venue(session, leader):
    response = client_for(leader).post(url("staff-action", pk=session.pk, action="edit"), {
        "edit-title": session.title, "edit-venue": "Nhà văn hóa khu phố 2", "edit-agenda": session.agenda,
        "edit-capacity": "40", "edit-reason": "Hội trường đang sửa mái"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.venue == "Nhà văn hóa khu phố 2" and session.capacity == 40
    response = client_for(leader).post(url("staff-action", pk=session.pk, action="edit"), {
        "edit-title": session.title, "edit-venue": "", "edit-reason": "Lý do"})
    assert response.status_code == 400 and 'value="Lý do"' not in response.content.decode()  # a textarea keeps it
    assert "Lý do</textarea>" in response.content.decode()
    session.refresh_from_db()
    assert session.venue == "Nhà văn hóa khu phố 2" and SessionChange.objects.count() == 1


@time_machine.travel(MONDAY, tick=False)
def test_officers_and_supervisors_may_not_change_an_announcement(session, officer, supervisor, outsider_officer):
    for action, body in (("cancel", {"cancel-reason": "Bão"}), ("edit", {"edit-venue": "X", "edit-reason": "Y"}),
                         ("reschedule", {"move-date": "2026-11-27", "move-start": "08:00", "move-reason": "Y"})):
        assert client_for(officer).post(url("staff-action", pk=session.pk, action=action), body).status_code == 403
        assert client_for(supervisor).post(url("staff-action", pk=session.pk, action=action), body).status_code == 403
        assert client_for(outsider_officer).post(url("staff-action", pk=session.pk, action=action),
                                                 body).status_code == 404
    page = client_for(officer).get(url("staff-session", pk=session.pk)).content.decode()
    assert "Hủy buổi này" not in page
    assert Session.objects.get(pk=session.pk).state == SessionState.OPEN


@time_machine.travel(MONDAY, tick=False)
def test_the_wards_staff_see_registrants_and_the_waiting_list_but_the_public_does_not(session, citizen, citizen2,
                                                                                      supervisor):
    services.register(session=session, actor=citizen)
    services.register(session=session, actor=citizen2)
    page = client_for(supervisor).get(url("staff-session", pk=session.pk)).content.decode()
    assert citizen.email in page and citizen2.email in page and "Danh sách chờ số 1" in page
    assert "1 người chờ" in page
    public = client_for().get(url("session", pk=session.pk)).content.decode()
    assert citizen.email not in public and citizen2.email not in public


@time_machine.travel(MONDAY, tick=False)
def test_a_leader_links_a_request_and_its_page_shows_the_session(ward, leader, session, citizen):
    item = services.start_request(ward=ward, actor=citizen, title="Đối thoại về dự án chợ", reason="Lý do")
    page = client_for(leader).get(url("staff-session", pk=session.pk)).content.decode()
    assert "Gắn đề nghị đối thoại" in page and "Đối thoại về dự án chợ" in page
    response = client_for(leader).post(url("staff-action", pk=session.pk, action="link"), {"link-request": item.pk})
    assert response.status_code == 302
    assert DialogueRequest.objects.get(pk=item.pk).session == session
    request_page = client_for().get(url("request", pk=item.pk)).content.decode()
    assert "Phường đã lên lịch buổi đối thoại này." in request_page and session.title in request_page
    assert "20/11/2026" in request_page
    public = client_for().get(url("session", pk=session.pk)).content.decode()
    assert "Tổ chức theo đề nghị của cư dân" in public and "Đối thoại về dự án chợ" in public


@time_machine.travel(MONDAY, tick=False)
def test_a_leader_schedules_a_conference_for_a_request(ward, leader, citizen):
    item = services.start_request(ward=ward, actor=citizen, title="Đối thoại về bãi giữ xe", reason="Lý do")
    response = client_for(leader).post(url("staff"), {
        "ward": ward.pk, "kind": "conference", "title": "Đối thoại về bãi giữ xe", "date": "2026-11-12",
        "start": "08:00", "venue": "Hội trường", "request": item.pk})
    assert response.status_code == 302
    assert DialogueRequest.objects.get(pk=item.pk).session.title == "Đối thoại về bãi giữ xe"


def test_the_ical_feed_marks_a_moved_and_a_cancelled_session_with_a_growing_sequence(ward, leader,
                                                                                     django_assert_max_num_queries):
    import icalendar

    moved = make_session(ward, leader=leader, title="Buổi dời lịch", starts_at=at(dt.date(2026, 11, 20)))
    cancelled = make_session(ward, leader=leader, title="Buổi bị hủy", starts_at=at(dt.date(2026, 11, 21)))
    make_session(ward, leader=leader, title="Buổi giữ nguyên", starts_at=at(dt.date(2026, 11, 22)))
    with time_machine.travel(MONDAY, tick=False):
        services.reschedule_session(session=moved, actor=leader, starts_at=at(dt.date(2026, 11, 27)), reason="A")
        services.edit_session(session=moved, actor=leader, reason="B", venue="Nhà văn hóa")
        services.cancel_session(session=cancelled, actor=leader, reason="Bão")
        with django_assert_max_num_queries(3):
            response = client_for().get(url("ical"), {"ward": ward.code})
    events = {str(e["summary"]): e for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}
    assert (events["Buổi dời lịch"]["sequence"], str(events["Buổi dời lịch"]["status"])) == (2, "CONFIRMED")
    assert events["Buổi dời lịch"].decoded("dtstart").date() == dt.date(2026, 11, 27)
    assert (events["Buổi bị hủy"]["sequence"], str(events["Buổi bị hủy"]["status"])) == (1, "CANCELLED")
    assert events["Buổi giữ nguyên"]["sequence"] == 0


@time_machine.travel(MONDAY, tick=False)
def test_a_request_whose_session_was_cancelled_is_open_again_and_can_be_linked_anew(ward, leader, citizen,
                                                                                   citizen2):
    item = services.start_request(ward=ward, actor=citizen, title="Đối thoại về dự án chợ", reason="Lý do")
    first = make_session(ward, leader=leader, title="Lần đầu")
    services.link_request(request=item, session=first, actor=leader)
    services.cancel_session(session=first, actor=leader, reason="Bão")
    page = client_for(citizen2).get(url("request", pk=item.pk)).content.decode()
    assert "đã bị hủy" in page and "Ủng hộ đề nghị này" in page
    assert services.support_request(request=DialogueRequest.objects.get(pk=item.pk), actor=citizen2) is True
    second = make_session(ward, leader=leader, title="Lần hai")
    staff_page = client_for(leader).get(url("staff-session", pk=second.pk)).content.decode()
    assert "Đối thoại về dự án chợ" in staff_page
    response = client_for(leader).post(url("staff-action", pk=second.pk, action="link"), {"link-request": item.pk})
    assert response.status_code == 302
    assert DialogueRequest.objects.get(pk=item.pk).session == second
