"""GET /api/v1/staff/cases/{code}/, its files and the resident's identity: what each persona sees."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.audit.models import AuditEvent
from portal.cases import services
from tests.factories import image_bytes

pytestmark = pytest.mark.django_db


def url(case, suffix=""):
    return f"/api/v1/staff/cases/{case.tracking_code}/{suffix}"


def photo():
    return SimpleUploadedFile("ổ gà.jpg", image_bytes("JPEG"), content_type="image/jpeg")


@pytest.fixture
def feedback(make_case, department, area):
    return make_case(department=department, area=area, files=[photo()])


@pytest.fixture
def denunciation(make_case, department):
    return make_case(kind="denunciation", title="Tố cáo cán bộ địa chính nhận tiền",
                     description="Cán bộ địa chính nhận tiền để làm nhanh hồ sơ.", department=department,
                     files=[photo()])


def test_officer_sees_the_whole_case_page(as_user, officer, feedback):
    services.add_note(case=feedback, actor=officer, text="Đã gọi điện cho tổ trưởng khu phố.")
    response = as_user(officer).get(url(feedback))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["tracking_code"] == feedback.tracking_code and body["state"] == "received"
    assert body["description"].startswith("Ổ gà lớn") and body["channel"] == "web"
    assert body["contact"] == {"name": "Lê Văn Bình", "phone": "0901234567", "email": "binh@example.vn",
                               "address": "5 Hoa Sứ, Phú Nhuận", "representative_name": ""}
    assert body["identity_protected"] is False and body["identity_url"].endswith(url(feedback, "identity/"))
    assert [(e["kind"], e["visibility"]) for e in body["timeline"]] == [("submission", "public"),
                                                                         ("note", "internal")]
    assert body["timeline"][1]["author"]["username"] == "canbo"
    [attachment] = body["attachments"]
    assert attachment["original_name"] == "ổ gà.jpg" and attachment["content_type"] == "image/jpeg"
    assert attachment["url"].endswith(url(feedback, f"attachments/{attachment['id']}/"))
    # feedback: answered within 10 working days of receipt
    [line] = body["due_date_explanation"]
    assert line["kind"] == "start" and line["step"] == "answer" and line["days"] == 10
    assert line["unit"] == "working_days" and line["due"] == body["due_date"]
    assert {a["action"] for a in body["available_actions"]} == {"accept", "request_info", "answer", "reject",
                                                                 "merge", "withdraw"}
    assert body["permissions"] == {"work": True, "lead": False, "see_identity": True}
    assert body["pending_answer"] is None
    assert body["deadline_status"] == "on_track" and body["working_days_left"] > 0


def test_pending_answer_and_leader_actions(as_user, officer, leader, feedback):
    answer = services.propose_answer(case=feedback, actor=officer, text="Sẽ vá ổ gà trong tuần.")
    body = as_user(leader).get(url(feedback)).json()
    assert body["pending_answer"]["id"] == answer.pk and body["pending_answer"]["author"]["username"] == "canbo"
    assert body["permissions"]["lead"] is True
    assert {"transfer", "accept", "reject"} <= {a["action"] for a in body["available_actions"]}


def test_supervisor_reads_everything_but_may_take_no_action(as_user, supervisor, feedback, officer):
    services.add_note(case=feedback, actor=officer, text="Ghi chú nội bộ")
    body = as_user(supervisor).get(url(feedback)).json()
    assert body["available_actions"] == []
    assert body["permissions"] == {"work": False, "lead": False, "see_identity": True}
    assert [e["visibility"] for e in body["timeline"]] == ["public", "internal"]


def test_download_a_file(as_user, officer, feedback):
    attachment = feedback.attachments.get()
    response = as_user(officer).get(url(feedback, f"attachments/{attachment.pk}/"), HTTP_ACCEPT="image/*")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg" and response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert as_user(officer).get(url(feedback, "attachments/999999/")).status_code == 404


@pytest.mark.parametrize("who", ["other_department_officer", "outsider_officer"])
def test_a_case_out_of_reach_is_404(as_user, request, feedback, who):
    client = as_user(request.getfixturevalue(who))
    attachment = feedback.attachments.get()
    assert client.get(url(feedback)).status_code == 404
    assert client.get(url(feedback, f"attachments/{attachment.pk}/")).status_code == 404
    assert client.post(url(feedback, "identity/")).status_code == 404


def test_unknown_code_is_404(as_user, leader, ward):
    assert as_user(leader).get("/api/v1/staff/cases/PN17-2026-999999/").status_code == 404


def test_residents_get_403_and_anonymous_401(as_user, api, resident, feedback):
    feedback.owner = resident
    feedback.save(update_fields=["owner"])
    assert as_user(resident).get(url(feedback)).status_code == 403
    assert api.get(url(feedback)).status_code == 401


# --- a denouncer's identity -------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["leader", "officer", "supervisor"])
def test_a_denouncers_contact_is_never_inline(as_user, request, denunciation, who):
    body = as_user(request.getfixturevalue(who)).get(url(denunciation)).json()
    assert body["identity_protected"] is True and body["contact"] is None
    assert "Lê Văn Bình" not in str(body) and "binh@example.vn" not in str(body)


def test_leader_reveals_a_denouncers_identity_and_each_view_is_audited(as_user, leader, denunciation):
    client = as_user(leader)
    assert client.get(url(denunciation)).json()["identity_url"].endswith(url(denunciation, "identity/"))
    for _ in range(2):
        response = client.post(url(denunciation, "identity/"))
        assert response.status_code == 200
        assert response.json()["name"] == "Lê Văn Bình" and response.json()["phone"] == "0901234567"
    views = AuditEvent.objects.filter(action="case.identity_viewed", object_id=str(denunciation.pk))
    assert views.count() == 2 and {e.actor for e in views} == {leader}


def test_only_the_assigned_officer_may_reveal_it(as_user, officer, officer2, denunciation):
    denunciation.assignee = officer2
    denunciation.save(update_fields=["assignee"])
    body = as_user(officer).get(url(denunciation)).json()
    assert body["identity_url"] is None and body["permissions"]["see_identity"] is False
    assert as_user(officer).post(url(denunciation, "identity/")).status_code == 403
    assert as_user(officer2).post(url(denunciation, "identity/")).status_code == 200
    assert list(AuditEvent.objects.filter(action="case.identity_viewed").values_list("actor__username", flat=True)) \
        == ["canbo2"]


def test_supervisor_sees_a_denunciations_files_masked(as_user, supervisor, denunciation):
    client = as_user(supervisor)
    [attachment] = client.get(url(denunciation)).json()["attachments"]
    assert attachment["url"] is None and attachment["original_name"] == ""
    assert client.get(url(denunciation, f"attachments/{attachment['id']}/")).status_code == 403
    assert client.post(url(denunciation, "identity/")).status_code == 403
    assert not AuditEvent.objects.filter(action="case.identity_viewed").exists()


def test_leader_opens_a_denunciations_files(as_user, leader, denunciation):
    client = as_user(leader)
    [attachment] = client.get(url(denunciation)).json()["attachments"]
    assert client.get(attachment["url"]).status_code == 200


def test_case_page_query_count_does_not_grow_with_the_timeline(as_user, officer, feedback,
                                                               django_assert_max_num_queries):
    for i in range(15):
        services.add_note(case=feedback, actor=officer, text=f"Ghi chú {i}")
    assert as_user(officer).get(url(feedback)).status_code == 200  # fills the reference memo (wards, areas…)
    with django_assert_max_num_queries(12):
        assert as_user(officer).get(url(feedback)).status_code == 200


def test_a_case_paused_after_its_due_date_is_overdue_in_the_api(as_user, leader, ward, category):
    """Asked for information two days after its due date, the case keeps that due date: the queue's overdue filter
    finds it, and its page says it is overdue and why (the pause came after the due date)."""
    import datetime as dt

    import time_machine

    from portal.cases.services import Submission, submit_case
    from portal.cases.workflow import transition

    from .conftest import CONTACT

    with time_machine.travel(dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC), tick=False):  # 10 working days: 16/11
        case = submit_case(submission=Submission(ward=ward, kind="feedback", category=category, title="Nắp cống vỡ",
                                                 description="Nắp cống trước số 12 bị vỡ.", **CONTACT)).case
    with time_machine.travel(dt.datetime(2026, 11, 18, 2, 0, tzinfo=dt.UTC), tick=False):
        transition(case=case, action="request_info", actor=leader, text="Xin gửi ảnh hiện trường")
    client = as_user(leader)
    listed = client.get("/api/v1/staff/cases/", {"deadline": "overdue"}).json()["results"]
    assert [(item["tracking_code"], item["due_date"], item["deadline_status"]) for item in listed] == [
        (case.tracking_code, "2026-11-16", "overdue")]
    assert client.get("/api/v1/staff/cases/", {"deadline": "paused"}).json()["results"] == []
    body = client.get(url(case)).json()
    assert (body["due_date"], body["deadline_status"], body["clock_state"]) == ("2026-11-16", "overdue", "paused")
    assert body["working_days_left"] < 0
    pause = body["due_date_explanation"][-1]
    assert (pause["kind"], pause["due"], pause["after_due"]) == ("pause", "2026-11-16", True)
    assert body["due_date_explanation"][0]["after_due"] is False
