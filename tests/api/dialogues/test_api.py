"""/api/v1/dialogues/: every write's happy path, 400 with field messages (and nothing written) on bad input, 403/404 for
the wrong persona, lists in a constant number of queries, and the OpenAPI schema."""

import datetime as dt

import pytest
import time_machine
from rest_framework.test import APIClient

from portal.audit.models import AuditEvent
from portal.dialogues import services
from portal.dialogues.models import (
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    DialogueRequest,
    Question,
    QuestionState,
    Registration,
    RequestSupport,
    Session,
    SessionKind,
    SessionState,
    Vote,
)
from tests.conftest import log_in
from tests.dialogue_fixtures import MONDAY, at, make_session, verified
from tests.factories import DepartmentFactory, MembershipFactory, UserFactory, image_bytes

pytestmark = pytest.mark.django_db
API = "/api/v1/dialogues/"


def client(user=None) -> APIClient:
    api = APIClient()
    if user is not None:
        log_in(api, user)  # leaders past the second factor too
    return api


def audit_count() -> int:
    """Audit events of the dialogues (a staff login writes its own "auth.login" event)."""
    return AuditEvent.objects.exclude(action__startswith="auth.").count()


@pytest.fixture
def open_session(ward, leader):
    return make_session(ward, leader=leader, state=SessionState.OPEN, capacity=1)


@pytest.fixture
def held_session(ward, leader):
    return make_session(ward, leader=leader, state=SessionState.HELD, starts_at=at(dt.date(2026, 10, 28)),
                        results_due=dt.date(2026, 11, 7))


@pytest.fixture
def leader_elsewhere(other_ward):
    return MembershipFactory(user=UserFactory(username="chutich_khac", is_staff=True), ward=other_ward,
                             role="leader").user


# --- scheduling -----------------------------------------------------------------------------------------------------

def schedule_body(**overrides):
    body = {"ward": "PN17", "kind": "conference", "title": "Hội nghị đối thoại cuối năm",
            "starts_at": at(dt.date(2026, 11, 20), 8).isoformat(), "venue": "Hội trường UBND phường",
            "capacity": 80, "agenda": "1. Báo cáo\n2. Cư dân phát biểu"}
    body.update(overrides)
    return body


@time_machine.travel(MONDAY, tick=False)
def test_a_leader_schedules_a_session_through_the_api(leader):
    response = client(leader).post(API + "sessions/", schedule_body(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "planned" and body["capacity"] == 80 and body["announcement_late"] is False
    assert body["questions"] == [] and body["commitments"] == []
    session = Session.objects.get(pk=body["id"])
    assert session.created_by == leader and session.announced_on == MONDAY.date()
    assert AuditEvent.objects.filter(action="dialogue.scheduled", object_id=str(session.pk)).exists()


@time_machine.travel(MONDAY, tick=False)
@pytest.mark.parametrize(("overrides", "field"), [
    ({"title": ""}, "title"),
    ({"venue": ""}, "venue"),
    ({"kind": "party"}, "kind"),
    ({"ward": "NOPE"}, "ward"),
    ({"starts_at": "ngày mai"}, "starts_at"),
    ({"starts_at": at(dt.date(2026, 10, 1)).isoformat()}, "starts_at"),
    ({"ends_at": at(dt.date(2026, 11, 20), 7).isoformat()}, "ends_at"),
    ({"capacity": 0}, "capacity"),
    ({"capacity": 100_001}, "capacity"),
    ({"capacity": 2**31}, "capacity"),  # PostgreSQL's integer ends at 2**31 - 1
    ({"capacity": 10**30}, "capacity"),  # SQLite's at 2**63 - 1
    ({"starts_at": "2200-01-01T08:00:00+07:00"}, "starts_at"),
    ({"kind": "reception", "starts_at": "2200-01-05T08:00:00+07:00"}, "starts_at"),
    ({"kind": "reception", "starts_at": "9999-12-30T08:00:00+07:00"}, "starts_at"),
    ({"ends_at": "9999-12-31T23:59:00+07:00"}, "ends_at"),
    ({"online_link": "not a link"}, "online_link"),
    ({"online_link": "https://meet.example.vn/" + "a" * 177}, "online_link"),  # 201 characters: a 500 on PostgreSQL
    ({"starts_at": at(dt.date(2026, 11, 5)).isoformat()}, "late_reason"),  # 3 days' notice, no reason
    ({"kind": "complaint"}, "case"),
    ({"case": "PN17-NOPE"}, "case"),
    ({"kind": "area_conference"}, "area"),
    ({"area": "KP99"}, "area"),
])
def test_scheduling_with_bad_input_is_400_with_the_field_and_creates_nothing(leader, overrides, field):
    before = audit_count()
    response = client(leader).post(API + "sessions/", schedule_body(**overrides), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json() and response.json()[field][0]
    assert Session.objects.count() == 0 and audit_count() == before


@time_machine.travel(MONDAY, tick=False)
def test_a_reception_day_beyond_the_working_calendar_or_too_many_seats_are_refused_in_vietnamese(ward, leader):
    # The notice of a reception day is counted in working days (calendar of 1901–2100): 2200 used to be a 500, and
    # 2**31 seats PostgreSQL's "integer out of range".
    response = client(leader).post(API + "sessions/", schedule_body(kind="reception", capacity=2**31,
                                                                    starts_at="2200-01-05T08:00:00+07:00"),
                                   format="json")
    assert response.status_code == 400
    assert response.json() == {"capacity": ["Tối đa 100000 chỗ."]}
    response = client(leader).post(API + "sessions/", schedule_body(kind="reception",
                                                                    starts_at="2200-01-05T08:00:00+07:00"),
                                   format="json")
    assert response.status_code == 400
    assert response.json() == {"starts_at": ["Chọn một ngày trong các năm từ 1901 đến 2100."]}
    reception = make_session(ward, leader=leader, kind=SessionKind.RECEPTION, state=SessionState.OPEN)
    response = client(leader).post(f"{API}sessions/{reception.pk}/reschedule/", {
        "starts_at": "2101-01-06T08:00:00+07:00", "reason": "Lý do"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"starts_at": ["Chọn một ngày trong các năm từ 1901 đến 2100."]}
    assert Session.objects.get().starts_at == reception.starts_at
    response = client(leader).post(API + "sessions/", schedule_body(capacity=100_000), format="json")
    assert response.status_code == 201 and response.json()["capacity"] == 100_000


@time_machine.travel(MONDAY, tick=False)
def test_a_late_announcement_with_a_reason_is_accepted_and_marked_late(leader):
    response = client(leader).post(API + "sessions/", schedule_body(
        starts_at=at(dt.date(2026, 11, 5)).isoformat(), late_reason="Đột xuất: ngập sau bão số 9"), format="json")
    assert response.status_code == 201
    assert response.json()["announcement_late"] is True
    assert response.json()["late_reason"] == "Đột xuất: ngập sau bão số 9"


@time_machine.travel(MONDAY, tick=False)
def test_only_the_wards_leaders_schedule(officer, supervisor, citizen, leader_elsewhere):
    for user in (officer, supervisor, citizen, leader_elsewhere):
        assert client(user).post(API + "sessions/", schedule_body(), format="json").status_code == 403
    assert client().post(API + "sessions/", schedule_body(), format="json").status_code == 401
    assert Session.objects.count() == 0


# --- residents: registration, questions, votes --------------------------------------------------------------------

@time_machine.travel(MONDAY, tick=False)
def test_residents_register_join_the_waiting_list_and_cancel(open_session, citizen, citizen2):
    url = f"{API}sessions/{open_session.pk}/registration/"
    first = client(citizen).post(url, {}, format="json")
    assert first.status_code == 200 and first.json() == {"status": "confirmed", "waiting_position": None}
    second = client(citizen2).post(url, {}, format="json")
    assert second.json() == {"status": "waiting", "waiting_position": 1}
    cancelled = client(citizen).post(url, {"cancel": True}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["status"] is None
    assert dict(Registration.objects.values_list("user_id", "status")) == {citizen.pk: "cancelled",
                                                                            citizen2.pk: "confirmed"}
    assert client(citizen).post(url, {"cancel": "có lẽ"}, format="json").status_code == 400


@time_machine.travel(MONDAY, tick=False)
def test_registration_is_for_verified_residents_of_public_sessions(ward, leader, open_session, officer, citizen):
    url = f"{API}sessions/{open_session.pk}/registration/"
    assert client().post(url, {}, format="json").status_code == 401
    unverified = UserFactory(username="chua_xac_minh")
    assert client(unverified).post(url, {}, format="json").status_code == 403  # no one-time code yet
    assert client(officer).post(url, {}, format="json").status_code == 403
    private = make_session(ward, leader=leader, kind=SessionKind.COMPLAINT, title="Đối thoại khiếu nại")
    assert client(citizen).post(f"{API}sessions/{private.pk}/registration/", {}, format="json").status_code == 404
    assert client(citizen).post(f"{API}sessions/99999/registration/", {}, format="json").status_code == 404
    assert Registration.objects.count() == 0


@time_machine.travel(MONDAY, tick=False)
def test_residents_ask_and_vote_once(open_session, citizen, citizen2):
    asked = client(citizen).post(f"{API}sessions/{open_session.pk}/questions/",
                                 {"text": "Bao giờ sửa cống hẻm 12?"}, format="json")
    assert asked.status_code == 201 and asked.json()["votes"] == 0
    question = Question.objects.get(pk=asked.json()["id"])
    vote_url = f"{API}questions/{question.pk}/vote/"
    assert client(citizen2).post(vote_url).json() == {"question": question.pk, "created": True}
    again = client(citizen2).post(vote_url)
    assert again.status_code == 200 and again.json()["created"] is False
    assert Vote.objects.filter(question=question).count() == 1
    detail = client().get(f"{API}sessions/{open_session.pk}/").json()
    assert detail["questions"][0]["votes"] == 1 and "author" not in detail["questions"][0]


@time_machine.travel(MONDAY, tick=False)
@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
def test_an_empty_or_long_question_is_400_on_the_text_and_nothing_is_saved(open_session, citizen, text):
    response = client(citizen).post(f"{API}sessions/{open_session.pk}/questions/", {"text": text}, format="json")
    assert response.status_code == 400 and response.json()["text"]
    assert Question.objects.count() == 0


@time_machine.travel(MONDAY, tick=False)
def test_questions_and_votes_outside_the_open_phase_are_refused_with_a_reason(ward, leader, citizen, officer):
    planned = make_session(ward, leader=leader)
    response = client(citizen).post(f"{API}sessions/{planned.pk}/questions/", {"text": "Sớm quá?"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "wrong_state" and response.json()["non_field_errors"]
    question = Question.objects.create(session=planned, author=citizen, text="Đã có từ trước")
    assert client(citizen).post(f"{API}questions/{question.pk}/vote/").status_code == 400
    assert client(officer).post(f"{API}questions/{question.pk}/vote/").status_code == 403
    assert client(citizen).post(f"{API}questions/99999/vote/").status_code == 404
    assert Vote.objects.count() == 0


# --- staff: state, moderation, minutes, commitments ---------------------------------------------------------------

@time_machine.travel(MONDAY, tick=False)
def test_officers_open_questions_and_others_may_not(ward, leader, officer, supervisor, outsider_officer, citizen):
    session = make_session(ward, leader=leader)
    url = f"{API}sessions/{session.pk}/state/"
    assert client(supervisor).post(url, {"step": "open"}, format="json").status_code == 403
    assert client(outsider_officer).post(url, {"step": "open"}, format="json").status_code == 404
    assert client(citizen).post(url, {"step": "open"}, format="json").status_code == 403
    assert client(officer).post(url, {"step": "dance"}, format="json").json()["step"]
    session.refresh_from_db()
    assert session.state == SessionState.PLANNED
    response = client(officer).post(url, {"step": "open"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "open"
    early = client(officer).post(url, {"step": "held"}, format="json")  # it has not started yet
    assert early.status_code == 400 and early.json()["code"] == "not_started"


def test_marking_a_session_held_sets_the_results_deadline(ward, leader, officer):
    session = make_session(ward, leader=leader, state=SessionState.OPEN)
    with time_machine.travel(session.starts_at + dt.timedelta(hours=3), tick=False):
        response = client(officer).post(f"{API}sessions/{session.pk}/state/", {"step": "held"}, format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "held" and response.json()["results_due"] == "2026-11-30"


@time_machine.travel(MONDAY, tick=False)
def test_moderators_group_hide_merge_and_answer(open_session, citizens, officer):
    first, second, third = (Question.objects.create(session=open_session, author=c, text=f"Câu hỏi {n}")
                            for n, c in enumerate(citizens[:3]))
    Vote.objects.create(question=second, user=citizens[3])
    url = lambda q: f"{API}questions/{q.pk}/moderation/"  # noqa: E731
    api = client(officer)
    assert api.post(url(first), {"moderation": "topic", "topic": "Ngập nước"}, format="json").json()["topic"] \
        == "Ngập nước"
    hidden = api.post(url(third), {"moderation": "hide", "reason": "Lời lẽ xúc phạm"}, format="json").json()
    assert hidden["state"] == "hidden" and hidden["hidden_reason"] == "Lời lẽ xúc phạm"
    merged = api.post(url(second), {"moderation": "merge", "into": first.pk}, format="json").json()
    assert merged["state"] == "merged" and merged["merged_into"] == first.pk
    answered = api.post(url(first), {"moderation": "answer", "answer": "Phường sẽ nạo vét cống."}, format="json")
    assert answered.json()["answer"] == "Phường sẽ nạo vét cống." and answered.json()["votes"] == 1
    public = client().get(f"{API}sessions/{open_session.pk}/").json()
    assert [q["id"] for q in public["questions"]] == [first.pk]  # hidden and merged ones only for staff
    staff = api.get(f"{API}sessions/{open_session.pk}/").json()
    assert {q["id"] for q in staff["questions"]} == {first.pk, second.pk, third.pk}


@time_machine.travel(MONDAY, tick=False)
def test_a_commitment_of_a_complaint_dialogue_comes_back_in_the_answer(ward, leader, department):
    complaint_dialogue = make_session(ward, leader=leader, kind=SessionKind.COMPLAINT, state=SessionState.HELD,
                                      starts_at=at(dt.date(2026, 10, 28)))
    response = client(leader).post(f"{API}sessions/{complaint_dialogue.pk}/commitments/", {
        "title": "Đo đạc lại ranh giới thửa đất", "department": department.pk, "due_date": "2026-12-15"},
        format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title"] == "Đo đạc lại ranh giới thửa đất" and body["status"] == "planned"


@time_machine.travel(MONDAY, tick=False)
@pytest.mark.parametrize(("body", "field"), [
    ({"moderation": "hide", "reason": ""}, "reason"),
    ({"moderation": "merge"}, "into"),
    ({"moderation": "merge", "into": 99999}, "into"),
    ({"moderation": "answer", "answer": ""}, "answer"),
    ({"moderation": "delete"}, "moderation"),
])
def test_bad_moderation_is_400_on_the_field_and_changes_nothing(open_session, citizen, officer, body, field):
    question = Question.objects.create(session=open_session, author=citizen, text="Câu hỏi")
    before = audit_count()
    response = client(officer).post(f"{API}questions/{question.pk}/moderation/", body, format="json")
    assert response.status_code == 400 and response.json()[field]
    question.refresh_from_db()
    assert question.state == QuestionState.VISIBLE and question.answer == "" and audit_count() == before


@time_machine.travel(MONDAY, tick=False)
def test_moderation_is_for_the_wards_officers_and_leaders(open_session, citizen, supervisor, outsider_officer):
    question = Question.objects.create(session=open_session, author=citizen, text="Câu hỏi")
    body = {"moderation": "hide", "reason": "Spam"}
    assert client(supervisor).post(f"{API}questions/{question.pk}/moderation/", body, format="json").status_code \
        == 403
    assert client(outsider_officer).post(f"{API}questions/{question.pk}/moderation/", body,
                                         format="json").status_code == 404
    assert client(citizen).post(f"{API}questions/{question.pk}/moderation/", body, format="json").status_code == 403
    assert client().post(f"{API}questions/{question.pk}/moderation/", body, format="json").status_code == 401
    question.refresh_from_db()
    assert question.state == QuestionState.VISIBLE


@time_machine.travel(MONDAY, tick=False)
def test_minutes_with_a_scan_are_published_once_every_question_is_answered(held_session, citizen, officer):
    question = Question.objects.create(session=held_session, author=citizen, text="Câu hỏi chưa trả lời")
    url = f"{API}sessions/{held_session.pk}/minutes/"
    refused = client(officer).post(url, {"minutes": "# Biên bản"}, format="multipart")
    assert refused.status_code == 400 and refused.json()["code"] == "unanswered"
    services.answer_question(question=question, actor=officer, answer="Đã trả lời tại hội nghị.")
    scan = _upload("bien-ban.jpg", image_bytes("JPEG"), "image/jpeg")
    response = client(officer).post(url, {"minutes": "# Biên bản\n\nCó **85** cư dân dự.", "scan": scan},
                                    format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "published" and "<strong>85</strong>" in response.json()["minutes_html"]
    held_session.refresh_from_db()
    assert held_session.minutes_scan and held_session.minutes_scan_type == "image/jpeg"


@time_machine.travel(MONDAY, tick=False)
@pytest.mark.parametrize("body", [{"minutes": ""}, {"minutes": "Biên bản", "scan": "bad"}])
def test_bad_minutes_are_400_on_the_field(held_session, officer, body):
    if body.get("scan") == "bad":
        body = {**body, "scan": _upload("bien-ban.pdf", b"<html>not a pdf</html>", "application/pdf")}
        field = "scan"
    else:
        field = "minutes"
    response = client(officer).post(f"{API}sessions/{held_session.pk}/minutes/", body, format="multipart")
    assert response.status_code == 400 and response.json()[field]
    held_session.refresh_from_db()
    assert held_session.state == SessionState.HELD and not held_session.minutes


def _upload(name, content, content_type):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


@time_machine.travel(MONDAY, tick=False)
def test_commitments_are_recorded_and_moved_on_through_the_api(held_session, officer, department):
    response = client(officer).post(f"{API}sessions/{held_session.pk}/commitments/", {
        "title": "Lắp 20 đèn LED ở các hẻm tối", "department": department.pk, "due_date": "2026-12-31"},
        format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "planned" and body["department"] == department.name and len(body["progress"]) == 1
    url = f"{API}commitments/{body['id']}/progress/"
    progress = client(officer).post(url, {"status": "in_progress", "note": "Đã lắp 8 đèn"}, format="json")
    assert progress.status_code == 200 and progress.json()["status"] == "in_progress"
    done = client(officer).post(url, {"status": "done", "note": "Đã lắp đủ 20 đèn"}, format="json").json()
    assert done["status"] == "done" and done["done_on"] == "2026-11-02" and done["done_on_time"] is True
    assert [p["status"] for p in done["progress"]] == ["planned", "in_progress", "done"]
    closed = client(officer).post(url, {"status": "in_progress", "note": "Mở lại"}, format="json")
    assert closed.status_code == 400 and closed.json()["code"] == "closed"


@time_machine.travel(MONDAY, tick=False)
@pytest.mark.parametrize(("body", "field"), [
    ({"title": "", "due_date": "2026-12-31"}, "title"),
    ({"title": "Cam kết", "due_date": "cuối năm"}, "due_date"),
    ({"title": "Cam kết"}, "due_date"),
    ({"title": "Cam kết", "due_date": "2026-12-31", "department": 99999}, "department"),
    ({"title": "Cam kết", "due_date": "2026-12-31", "question": 99999}, "question"),
])
def test_a_bad_commitment_is_400_on_the_field_and_nothing_is_recorded(held_session, officer, department, body,
                                                                      field):
    body = {"department": department.pk, **body}
    response = client(officer).post(f"{API}sessions/{held_session.pk}/commitments/", body, format="json")
    assert response.status_code == 400 and response.json()[field]
    assert Commitment.objects.count() == 0 and CommitmentUpdate.objects.count() == 0


@time_machine.travel(MONDAY, tick=False)
def test_a_department_of_another_ward_is_refused(held_session, officer, other_ward):
    elsewhere = DepartmentFactory(ward=other_ward, code="khac", name="Phòng khác")
    response = client(officer).post(f"{API}sessions/{held_session.pk}/commitments/", {
        "title": "Cam kết", "department": elsewhere.pk, "due_date": "2026-12-31"}, format="json")
    assert response.status_code == 400 and response.json()["department"]


@time_machine.travel(MONDAY, tick=False)
def test_dropping_a_commitment_needs_a_note(held_session, officer, department, supervisor, outsider_officer):
    commitment = services.add_commitment(session=held_session, actor=officer, title="Cam kết",
                                         department=department, due_date=dt.date(2026, 12, 31))
    url = f"{API}commitments/{commitment.pk}/progress/"
    response = client(officer).post(url, {"status": "dropped"}, format="json")
    assert response.status_code == 400 and response.json()["note"]
    assert client(officer).post(url, {"status": "maybe"}, format="json").json()["status"]
    assert client(supervisor).post(url, {"status": "done"}, format="json").status_code == 403
    assert client(outsider_officer).post(url, {"status": "done"}, format="json").status_code == 404
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.PLANNED and commitment.updates.count() == 1


@time_machine.travel(MONDAY, tick=False)
def test_staff_writes_to_a_complaint_dialogue_of_another_ward_are_404(ward, leader, outsider_officer):
    private = make_session(ward, leader=leader, kind=SessionKind.COMPLAINT, title="Đối thoại khiếu nại")
    for suffix, body in (("state/", {"step": "open"}), ("minutes/", {"minutes": "x"}),
                         ("commitments/", {"title": "x"})):
        assert client(outsider_officer).post(f"{API}sessions/{private.pk}/{suffix}", body,
                                             format="json").status_code == 404
    assert client().get(f"{API}sessions/{private.pk}/").status_code == 404


# --- requests for a dialogue -------------------------------------------------------------------------------------

@time_machine.travel(MONDAY, tick=False)
def test_residents_start_and_support_a_request(ward, citizen, citizen2):
    ward.voters_count = 1000
    ward.save(update_fields=["voters_count"])
    started = client(citizen).post(API + "requests/", {"ward": "PN17", "title": "Đối thoại về dự án chợ",
                                                         "reason": "Cư dân chưa được lấy ý kiến."}, format="json")
    assert started.status_code == 201, started.content
    assert started.json()["supporters"] == 1 and started.json()["threshold"] == 100
    url = f"{API}requests/{started.json()['id']}/support/"
    assert client(citizen2).post(url).json() == {"supporters": 2, "added": True}
    assert client(citizen2).post(url).json() == {"supporters": 2, "added": False}


@time_machine.travel(MONDAY, tick=False)
@pytest.mark.parametrize(("overrides", "field"), [({"title": ""}, "title"), ({"reason": ""}, "reason"),
                                                  ({"ward": "NOPE"}, "ward"), ({"ward": "PN17\x00"}, "ward")])
def test_a_bad_request_is_400_on_the_field_and_nothing_is_created(ward, citizen, overrides, field):
    body = {"ward": "PN17", "title": "Đối thoại", "reason": "Lý do", **overrides}
    response = client(citizen).post(API + "requests/", body, format="json")
    assert response.status_code == 400 and response.json()[field]
    assert DialogueRequest.objects.count() == 0 and RequestSupport.objects.count() == 0


@time_machine.travel(MONDAY, tick=False)
def test_requests_are_for_verified_residents(ward, officer, citizen):
    body = {"ward": "PN17", "title": "Đối thoại", "reason": "Lý do"}
    assert client().post(API + "requests/", body, format="json").status_code == 401
    assert client(UserFactory(username="chua_xac_minh")).post(API + "requests/", body, format="json").status_code == 403
    assert client(officer).post(API + "requests/", body, format="json").status_code == 403
    item = services.start_request(ward=ward, actor=citizen, title="Đối thoại", reason="Lý do")
    assert client(officer).post(f"{API}requests/{item.pk}/support/").status_code == 403
    assert client(citizen).post(f"{API}requests/99999/support/").status_code == 404
    assert DialogueRequest.objects.count() == 1 and RequestSupport.objects.count() == 1


# --- lists: a constant number of queries ------------------------------------------------------------------------

def _fill(ward, leader, department, n, offset=0):
    voters = [verified(UserFactory(username=f"cudan_q{offset}_{k}")) for k in range(2)]
    for k in range(offset, offset + n):
        held = make_session(ward, leader=leader, state=SessionState.HELD, title=f"Buổi {k}",
                            starts_at=at(dt.date(2026, 10, 1) + dt.timedelta(days=k)))
        make_session(ward, leader=leader, state=SessionState.OPEN, title=f"Buổi sắp tới {k}")
        for voter in voters:
            Registration.objects.create(session=held, user=voter, status="confirmed", queued_at=held.starts_at)
        commitment = Commitment.objects.create(session=held, ward=ward, title=f"Cam kết {k}", department=department,
                                               due_date=dt.date(2026, 12, 1))
        for status in ("planned", "in_progress"):
            CommitmentUpdate.objects.create(commitment=commitment, status=status, actor=leader, created_at=MONDAY)
        item = DialogueRequest.objects.create(ward=ward, title=f"Đề nghị {k}", reason="Lý do", created_by=voters[0],
                                              created_at=MONDAY)
        for voter in voters:
            RequestSupport.objects.create(request=item, user=voter)


@time_machine.travel(MONDAY, tick=False)
@pytest.mark.parametrize("path", ["sessions/", "commitments/", "requests/", "sessions/?ward=PN17&kind=conference"])
@pytest.mark.parametrize("persona", ["anonymous", "leader"])
def test_lists_take_the_same_number_of_queries_for_2_or_12_rows(ward, leader, department, path, persona,
                                                                 django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.core import pagecache

    api = client(leader if persona == "leader" else None)
    _fill(ward, leader, department, 2)
    api.get(API + path)  # the session and the user's memberships are loaded once, like any request
    pagecache.bump(pagecache.DIALOGUES)  # the public list is cached: measure it built, both times
    with CaptureQueriesContext(connection) as small:
        assert api.get(API + path).status_code == 200
    _fill(ward, leader, department, 10, offset=2)
    pagecache.bump(pagecache.DIALOGUES)
    with django_assert_max_num_queries(len(small)):
        response = api.get(API + path)
    assert len(response.json()) >= 12
    assert len(small) <= 8



@time_machine.travel(MONDAY, tick=False)
@pytest.mark.parametrize(("path", "field"), [
    ("sessions/?ward=NOPE", "ward"), ("sessions/?ward=PN71&kind=conference", "ward"), ("sessions/?kind=hop", "kind"),
    ("commitments/?ward=NOPE", "ward"),
])
def test_a_list_filtered_by_an_unknown_ward_or_kind_is_400_on_the_parameter(ward, other_ward, leader, department,
                                                                          path, field):
    """A mistyped ward gave every ward's sessions and commitments, as if they were the ward's."""
    _fill(ward, leader, department, 1)
    _fill(other_ward, MembershipFactory(ward=other_ward, role="leader").user,
          DepartmentFactory(ward=other_ward), 1, offset=1)
    for persona in (None, leader):
        response = client(persona).get(API + path)
        assert response.status_code == 400, response.content
        assert list(response.json()) == [field] and response.json()[field][0]
    rows = client().get(API + path.replace("NOPE", "PN17").replace("PN71", "PN17").replace("=hop", "=reception"))
    assert rows.status_code == 200, rows.content
    if field == "ward":
        assert rows.json() and {row["ward"] for row in rows.json()} == {"PN17"}
    else:
        assert {row["kind"] for row in rows.json()} <= {"reception"}


# --- changes to an announced session, registrants, linked requests --------------------------------------------------

@time_machine.travel(MONDAY, tick=False)
def test_a_leader_edits_reschedules_and_cancels_through_the_api(open_session, leader, citizen, citizen2):
    for c in (citizen, citizen2):
        services.register(session=open_session, actor=c)
    base = f"{API}sessions/{open_session.pk}/"
    edited = client(leader).post(base + "edit/", {"venue": "Nhà văn hóa khu phố 2", "capacity": 2,
                                                  "reason": "Hội trường đang sửa"}, format="json")
    assert edited.status_code == 200, edited.content
    assert edited.json()["venue"] == "Nhà văn hóa khu phố 2" and edited.json()["registered"] == 2  # moved up
    moved = client(leader).post(base + "reschedule/", {"starts_at": at(dt.date(2026, 11, 27), 14).isoformat(),
                                                       "reason": "Trùng lịch"}, format="json")
    assert moved.status_code == 200 and moved.json()["starts_at"].startswith("2026-11-27T14:00")
    cancelled = client(leader).post(base + "cancel/", {"reason": "Bão số 10"}, format="json")
    body = cancelled.json()
    assert body["state"] == "cancelled" and body["cancel_reason"] == "Bão số 10"
    assert [c["kind"] for c in body["changes"]] == ["edited", "rescheduled", "cancelled"]
    listed = client().get(API + "sessions/").json()
    assert [s["state"] for s in listed if s["id"] == open_session.pk] == ["cancelled"]
    again = client(leader).post(base + "cancel/", {"reason": "Lần nữa"}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "cancelled"
    assert AuditEvent.objects.filter(action__in=["dialogue.edited", "dialogue.rescheduled",
                                                 "dialogue.cancelled"]).count() == 3


@time_machine.travel(MONDAY, tick=False)
@pytest.mark.parametrize(("suffix", "body", "field"), [
    ("edit/", {"venue": "Nơi khác"}, "reason"),
    ("edit/", {"venue": "", "reason": "Lý do"}, "venue"),
    ("edit/", {"capacity": 0, "reason": "Lý do"}, "capacity"),
    ("edit/", {"capacity": 100_001, "reason": "Lý do"}, "capacity"),
    ("edit/", {"capacity": 2**31, "reason": "Lý do"}, "capacity"),
    ("edit/", {"capacity": 10**30, "reason": "Lý do"}, "capacity"),
    ("edit/", {"online_link": "https://meet.example.vn/" + "a" * 177, "reason": "Lý do"}, "online_link"),
    ("reschedule/", {"starts_at": "2200-01-01T08:00:00+07:00", "reason": "Lý do"}, "starts_at"),
    ("reschedule/", {"reason": "Lý do"}, "starts_at"),
    ("reschedule/", {"starts_at": "thứ hai", "reason": "Lý do"}, "starts_at"),
    ("reschedule/", {"starts_at": at(dt.date(2026, 11, 5)).isoformat(), "reason": "Lý do"}, "late_reason"),
    ("reschedule/", {"starts_at": at(dt.date(2026, 11, 27)).isoformat()}, "reason"),
    ("cancel/", {"reason": ""}, "reason"),
])
def test_bad_changes_are_400_on_the_field_and_change_nothing(open_session, leader, suffix, body, field):
    before = audit_count()
    response = client(leader).post(f"{API}sessions/{open_session.pk}/{suffix}", body, format="json")
    assert response.status_code == 400 and response.json()[field], response.content
    fresh = Session.objects.get(pk=open_session.pk)
    assert (fresh.state, fresh.venue, fresh.starts_at) == (open_session.state, open_session.venue,
                                                           open_session.starts_at)
    assert audit_count() == before


@time_machine.travel(MONDAY, tick=False)
def test_only_the_wards_leaders_change_an_announcement(open_session, officer, supervisor, citizen, leader_elsewhere):
    base = f"{API}sessions/{open_session.pk}/"
    for suffix, body in (("edit/", {"venue": "X", "reason": "Y"}), ("cancel/", {"reason": "Y"}),
                         ("reschedule/", {"starts_at": at(dt.date(2026, 11, 27)).isoformat(), "reason": "Y"})):
        for user in (officer, supervisor, citizen):
            assert client(user).post(base + suffix, body, format="json").status_code == 403
        assert client(leader_elsewhere).post(base + suffix, body, format="json").status_code == 404
        assert client().post(base + suffix, body, format="json").status_code == 401
    assert Session.objects.get(pk=open_session.pk).state == SessionState.OPEN


@time_machine.travel(MONDAY, tick=False)
def test_the_wards_staff_see_the_registrants_with_the_waiting_list(open_session, citizens, leader, supervisor,
                                                                   officer, outsider_officer, citizen2):
    for c in citizens[:3]:
        services.register(session=open_session, actor=c)
    url = f"{API}sessions/{open_session.pk}/registrations/"
    for user in (leader, supervisor, officer):
        rows = client(user).get(url).json()
        assert [(r["contact"], r["status"], r["waiting_position"]) for r in rows] == [
            (citizens[0].email, "confirmed", None), (citizens[1].email, "waiting", 1),
            (citizens[2].email, "waiting", 2)]
    assert client(citizen2).get(url).status_code == 403
    assert client(outsider_officer).get(url).status_code == 404
    assert client().get(url).status_code == 401
    public = client().get(f"{API}sessions/{open_session.pk}/").content.decode()
    assert citizens[0].email not in public


@time_machine.travel(MONDAY, tick=False)
def test_the_registrants_list_takes_the_same_number_of_queries_for_2_or_12(open_session, leader,
                                                                            django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n, offset):
        for k in range(offset, offset + n):
            user = verified(UserFactory(username=f"dk_{k}"))
            Registration.objects.create(session=open_session, user=user, status="waiting", queued_at=MONDAY)

    api = client(leader)
    url = f"{API}sessions/{open_session.pk}/registrations/"
    add(2, 0)
    api.get(url)
    with CaptureQueriesContext(connection) as small:
        api.get(url)
    add(10, 2)
    with django_assert_max_num_queries(len(small)):
        assert len(api.get(url).json()) == 12


@time_machine.travel(MONDAY, tick=False)
def test_a_request_is_linked_when_scheduling_or_afterwards(ward, leader, officer, citizen, citizen2):
    first = services.start_request(ward=ward, actor=citizen, title="Đối thoại về chợ", reason="Lý do")
    second = services.start_request(ward=ward, actor=citizen2, title="Đối thoại về bãi xe", reason="Lý do")
    scheduled = client(leader).post(API + "sessions/", schedule_body(request=first.pk), format="json")
    assert scheduled.status_code == 201 and scheduled.json()["requests"] == [first.pk]
    assert client(leader).post(API + "sessions/", schedule_body(request=99999), format="json").json()["request"]
    assert client(leader).post(API + "sessions/", schedule_body(request=first.pk, title="Lần hai"),
                               format="json").json()["request"]  # already linked
    session_id = scheduled.json()["id"]
    url = f"{API}requests/{second.pk}/link/"
    assert client(officer).post(url, {"session": session_id}, format="json").status_code == 403
    assert client(leader).post(url, {"session": 99999}, format="json").json()["session"]
    linked = client(leader).post(url, {"session": session_id}, format="json")
    assert linked.status_code == 200 and linked.json()["session"] == session_id
    assert set(DialogueRequest.objects.values_list("session_id", flat=True)) == {session_id}
    assert Session.objects.count() == 1


# --- the schema ---------------------------------------------------------------------------------------------------

WRITES = ["sessions/", "sessions/{id}/registration/", "sessions/{id}/questions/", "sessions/{id}/state/",
          "sessions/{id}/minutes/", "sessions/{id}/commitments/", "sessions/{id}/edit/", "sessions/{id}/reschedule/",
          "sessions/{id}/cancel/", "questions/{id}/vote/", "questions/{id}/moderation/",
          "commitments/{id}/progress/", "requests/", "requests/{id}/support/", "requests/{id}/link/"]
READS = ["sessions/", "sessions/{id}/", "sessions/{id}/registrations/", "commitments/", "compliance/{ward_code}/",
         "requests/"]


def test_the_openapi_schema_lists_every_dialogue_endpoint(db):
    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for suffix in WRITES:
        operation = paths[API + suffix]["post"]
        assert operation["tags"] == ["dialogues"] and operation["summary"]
        assert {"200", "201"} & set(operation["responses"]) and "400" in operation["responses"], suffix
    for suffix in READS:
        assert "get" in paths[API + suffix], suffix
    minutes = paths[API + "sessions/{id}/minutes/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in minutes


# --- the public list, cached ------------------------------------------------------------------------------------------

@time_machine.travel(MONDAY, tick=False)
def test_the_public_session_list_is_cached_and_a_registration_shows_at_once(ward, leader, open_session, citizen,
                                                                           django_assert_max_num_queries):
    private = make_session(ward, leader=leader, kind=SessionKind.COMPLAINT, title="Đối thoại khiếu nại riêng")
    first = client().get(API + "sessions/").json()
    assert [row["id"] for row in first] == [open_session.pk] and first[0]["registered"] == 0
    with django_assert_max_num_queries(1):  # the ward filter's lookup; the list from the cache
        assert client().get(API + "sessions/").json() == first
    services.register(session=open_session, actor=citizen)
    assert client().get(API + "sessions/").json()[0]["registered"] == 1
    # staff see their ward's private sessions too: their list is never the cached public one
    assert private.pk in [row["id"] for row in client(leader).get(API + "sessions/").json()]
    assert private.pk not in [row["id"] for row in client().get(API + "sessions/").json()]
