"""POST actions of the desk: each one's happy path and its refusals, with the database and the audit log after."""

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from portal.cases.models import Case, CaseAnswer, Message
from portal.notifications.models import Notification
from tests.factories import DepartmentFactory, MembershipFactory, WardFactory

pytestmark = pytest.mark.django_db


def url(case, suffix=""):
    return f"/api/v1/staff/cases/{case.tracking_code}/{suffix}"


def audit(case) -> list[str]:
    return list(AuditEvent.objects.filter(object_id=str(case.pk), object_type="cases.case")
                .values_list("action", flat=True))


def post(client, case, suffix, data=None):
    return client.post(url(case, suffix), data or {}, format="json")


@pytest.fixture
def feedback(make_case, department):
    return make_case(department=department)


@pytest.fixture
def complaint(make_case, department):
    return make_case(kind="complaint", title="Khiếu nại quyết định xử phạt", department=department)


@pytest.fixture
def denunciation(make_case, department):
    return make_case(kind="denunciation", title="Tố cáo cán bộ", description="Cán bộ nhận tiền của người dân.",
                     department=department)


def refused(response, status, case, *, audit_before):
    assert response.status_code == status, response.content
    assert audit(case) == audit_before


# --- transitions ---------------------------------------------------------------------------------------------------

def test_officer_accepts_feedback(as_user, officer, feedback):
    response = post(as_user(officer), feedback, "transitions/", {"action": "accept"})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "accepted"
    assert response.json()["timeline"][-1]["to_state"] == "accepted"
    feedback.refresh_from_db()
    assert feedback.state == "accepted"
    assert audit(feedback) == ["case.submitted", "case.accept"]
    assert verify_chain().ok


def test_asking_for_information_needs_text_and_pauses_the_clock(as_user, officer, feedback):
    client = as_user(officer)
    response = post(client, feedback, "transitions/", {"action": "request_info"})
    refused(response, 400, feedback, audit_before=["case.submitted"])
    assert response.json()["code"] == "text_required" and response.json()["non_field_errors"]
    response = post(client, feedback, "transitions/", {"action": "request_info", "text": "Xin gửi thêm ảnh."})
    assert response.status_code == 200
    assert response.json()["state"] == "needs_info" and response.json()["deadline_status"] == "paused"
    assert Case.objects.get(pk=feedback.pk).clock_state == "paused"


def test_officer_may_not_accept_a_complaint_a_leader_may(as_user, officer, leader, complaint):
    refused(post(as_user(officer), complaint, "transitions/", {"action": "accept"}), 403, complaint,
            audit_before=["case.submitted"])
    assert Case.objects.get(pk=complaint.pk).state == "received"
    assert post(as_user(leader), complaint, "transitions/", {"action": "accept"}).status_code == 200
    assert Case.objects.get(pk=complaint.pk).state == "accepted"


def test_an_action_not_possible_in_this_state_is_400_with_its_code(as_user, officer, feedback):
    client = as_user(officer)
    post(client, feedback, "transitions/", {"action": "accept"})
    response = post(client, feedback, "transitions/", {"action": "accept"})
    assert response.status_code == 400 and response.json()["code"] == "invalid_state"
    assert audit(feedback) == ["case.submitted", "case.accept"]


def test_rejecting_needs_a_legal_reason(as_user, officer, feedback):
    client = as_user(officer)
    response = post(client, feedback, "transitions/", {"action": "reject", "text": "Không thuộc thẩm quyền."})
    assert response.status_code == 400 and response.json()["code"] == "reason_required"
    response = post(client, feedback, "transitions/", {"action": "reject", "text": "Không thuộc thẩm quyền.",
                                                       "reason_code": "bogus"})
    assert response.status_code == 400 and "reason_code" in response.json()
    response = post(client, feedback, "transitions/", {"action": "reject", "text": "Không thuộc thẩm quyền.",
                                                       "reason_code": "not_competent"})
    assert response.status_code == 200
    feedback.refresh_from_db()
    assert (feedback.state, feedback.rejection_reason) == ("rejected", "not_competent")
    assert audit(feedback) == ["case.submitted", "case.reject"]


def test_leader_transfers_an_officer_may_not(as_user, officer, leader, feedback):
    data = {"action": "transfer", "text": "Thuộc thẩm quyền Công an phường.", "to_body": "Công an phường"}
    refused(post(as_user(officer), feedback, "transitions/", data), 403, feedback, audit_before=["case.submitted"])
    assert post(as_user(leader), feedback, "transitions/", data).status_code == 200
    feedback.refresh_from_db()
    assert (feedback.state, feedback.transferred_to) == ("transferred", "Công an phường")


def test_merge_into_another_case_by_its_tracking_code(as_user, officer, feedback, make_case, department,
                                                      other_ward):
    target = make_case(department=department, title="Ổ gà đường Lê Lợi (đơn trước)")
    client = as_user(officer)
    elsewhere = make_case(on_ward=other_ward)
    for code in ("PN17-2026-999999", elsewhere.tracking_code):
        response = post(client, feedback, "transitions/", {"action": "merge", "target": code})
        assert response.status_code == 400 and "target" in response.json()
    response = post(client, feedback, "transitions/", {"action": "merge", "target": target.tracking_code.lower()})
    assert response.status_code == 200 and response.json()["merged_into"] == target.tracking_code
    assert Case.objects.get(pk=feedback.pk).merged_into == target


def test_unknown_and_resident_only_actions(as_user, officer, feedback):
    client = as_user(officer)
    response = post(client, feedback, "transitions/", {"action": "fly"})
    assert response.status_code == 400 and "action" in response.json()
    Case.objects.filter(pk=feedback.pk).update(state="needs_info")
    refused(post(client, feedback, "transitions/", {"action": "provide_info", "text": "x"}), 403, feedback,
            audit_before=["case.submitted"])


# --- claim ---------------------------------------------------------------------------------------------------------

def test_officer_claims_an_unassigned_case(as_user, officer, feedback):
    response = post(as_user(officer), feedback, "claim/")
    assert response.status_code == 200 and response.json()["assignee"]["username"] == "canbo"
    assert Case.objects.get(pk=feedback.pk).assignee == officer
    assert audit(feedback) == ["case.submitted", "case.claimed"]
    assert Message.objects.filter(case=feedback, kind="system", is_public=False).count() == 1


def test_the_second_claim_loses_with_a_code(as_user, officer, officer2, feedback):
    assert post(as_user(officer), feedback, "claim/").status_code == 200
    response = post(as_user(officer2), feedback, "claim/")
    assert response.status_code == 400 and response.json()["code"] == "already_claimed"
    assert Case.objects.get(pk=feedback.pk).assignee == officer
    assert audit(feedback) == ["case.submitted", "case.claimed"]


def test_supervisor_may_not_claim(as_user, supervisor, feedback):
    refused(post(as_user(supervisor), feedback, "claim/"), 403, feedback, audit_before=["case.submitted"])
    assert Case.objects.get(pk=feedback.pk).assignee is None


# --- assign and bulk assign ----------------------------------------------------------------------------------------

def test_leader_assigns_to_an_officer_and_moves_the_department(as_user, leader, officer, feedback, other_department):
    response = post(as_user(leader), feedback, "assign/", {"assignee": officer.pk, "department": other_department.pk})
    assert response.status_code == 200, response.content
    feedback.refresh_from_db()
    assert (feedback.assignee, feedback.department) == (officer, other_department)
    event = AuditEvent.objects.get(action="case.assigned", object_id=str(feedback.pk))
    assert event.data["after"] == {"assignee": officer.pk, "department": other_department.pk}
    assert Notification.objects.filter(recipient=officer.email, case=feedback).exists()


def test_assigning_as_it_stands_is_a_no_op(as_user, leader, officer, feedback, department):
    client = as_user(leader)
    assert post(client, feedback, "assign/", {"assignee": officer.pk}).status_code == 200
    written = (Message.objects.filter(case=feedback).count(), Notification.objects.filter(case=feedback).count())
    for body in ({"assignee": officer.pk}, {"assignee": officer.pk, "department": department.pk}):
        response = post(client, feedback, "assign/", body)
        assert response.status_code == 200, response.content
        assert response.json()["assignee"]["id"] == officer.pk
    assert audit(feedback) == ["case.submitted", "case.assigned"]
    assert (Message.objects.filter(case=feedback).count(),
            Notification.objects.filter(case=feedback).count()) == written


def test_bulk_assign_leaves_the_cases_already_assigned_so_as_they_are(as_user, leader, officer, make_case,
                                                                      department):
    mine, new = make_case(department=department, assignee=officer), make_case(department=department)
    response = as_user(leader).post("/api/v1/staff/cases/bulk-assign/",
                                    {"codes": [mine.tracking_code, new.tracking_code], "assignee": officer.pk},
                                    format="json")
    assert response.status_code == 200 and response.json()["assigned"] == 2
    assert audit(mine) == ["case.submitted"] and audit(new) == ["case.submitted", "case.assigned"]
    assert not Notification.objects.filter(case=mine, recipient=officer.email).exists()


def test_assigning_is_for_leaders(as_user, officer, feedback):
    refused(post(as_user(officer), feedback, "assign/", {"assignee": officer.pk}), 403, feedback,
            audit_before=["case.submitted"])


def test_assigning_to_a_non_member_or_another_wards_department_is_400(as_user, leader, resident, feedback,
                                                                      other_ward):
    client = as_user(leader)
    response = post(client, feedback, "assign/", {"assignee": resident.pk})
    assert response.status_code == 400 and response.json()["code"] == "bad_assignee"
    response = post(client, feedback, "assign/", {"assignee": 987654})
    assert response.status_code == 400 and "assignee" in response.json()
    response = post(client, feedback, "assign/", {"assignee": None,
                                                  "department": DepartmentFactory(ward=other_ward).pk})
    assert response.status_code == 400 and response.json()["code"] == "bad_department"
    assert Case.objects.get(pk=feedback.pk).assignee is None
    assert audit(feedback) == ["case.submitted"]


def test_leader_unassigns(as_user, leader, officer, feedback):
    Case.objects.filter(pk=feedback.pk).update(assignee=officer)
    assert post(as_user(leader), feedback, "assign/", {"assignee": None}).status_code == 200
    assert Case.objects.get(pk=feedback.pk).assignee is None


def test_bulk_assign(as_user, leader, officer, make_case, department):
    cases = [make_case(department=department) for _ in range(3)]
    response = as_user(leader).post("/api/v1/staff/cases/bulk-assign/",
                                    {"codes": [c.tracking_code.lower() for c in cases], "assignee": officer.pk},
                                    format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {"assigned": 3, "codes": sorted(c.tracking_code for c in cases)}
    assert set(Case.objects.values_list("assignee", flat=True)) == {officer.pk}
    assert AuditEvent.objects.filter(action="case.assigned").count() == 3


def test_bulk_assign_with_a_code_out_of_reach_assigns_nothing(as_user, leader, officer, make_case, other_ward):
    mine, theirs = make_case(), make_case(on_ward=other_ward)
    response = as_user(leader).post("/api/v1/staff/cases/bulk-assign/",
                                    {"codes": [mine.tracking_code, theirs.tracking_code], "assignee": officer.pk},
                                    format="json")
    assert response.status_code == 400 and theirs.tracking_code in response.json()["codes"][0]
    assert not Case.objects.filter(assignee__isnull=False).exists()


def test_bulk_assign_is_all_or_nothing(as_user, leader, officer, make_case):
    third_ward = WardFactory(code="XA99", name="Xã Thử")
    MembershipFactory(user=leader, ward=third_ward, role="leader")
    first, last = make_case(), make_case(on_ward=third_ward)  # the officer is no member of the third ward
    response = as_user(leader).post("/api/v1/staff/cases/bulk-assign/",
                                    {"codes": [first.tracking_code, last.tracking_code], "assignee": officer.pk},
                                    format="json")
    assert response.status_code == 400 and response.json()["code"] == "bad_assignee"
    assert not Case.objects.filter(assignee__isnull=False).exists()
    assert not AuditEvent.objects.filter(action="case.assigned").exists()


def test_bulk_assign_is_for_leaders(as_user, officer, make_case, department):
    case = make_case(department=department)
    response = as_user(officer).post("/api/v1/staff/cases/bulk-assign/",
                                     {"codes": [case.tracking_code], "assignee": officer.pk}, format="json")
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).assignee is None


# --- notes and replies ---------------------------------------------------------------------------------------------

def test_internal_note(as_user, officer, feedback):
    response = post(as_user(officer), feedback, "notes/", {"text": "  Đã hẹn khảo sát thứ Tư.  "})
    assert response.status_code == 201, response.content
    assert response.json()["visibility"] == "internal" and response.json()["body"] == "Đã hẹn khảo sát thứ Tư."
    note = Message.objects.get(pk=response.json()["id"])
    assert note.kind == "note" and note.is_public is False and note.author == officer
    assert audit(feedback) == ["case.submitted", "case.note_added"]


def test_empty_note_is_400_on_text(as_user, officer, feedback):
    response = post(as_user(officer), feedback, "notes/", {"text": "   "})
    refused(response, 400, feedback, audit_before=["case.submitted"])
    assert "text" in response.json()


def test_reply_goes_to_the_resident(as_user, officer, feedback):
    before = Notification.objects.filter(case=feedback).count()
    response = post(as_user(officer), feedback, "replies/", {"text": "Chúng tôi sẽ khảo sát vào thứ Tư."})
    assert response.status_code == 201 and response.json()["visibility"] == "public"
    assert Message.objects.get(pk=response.json()["id"]).kind == "reply"
    assert audit(feedback) == ["case.submitted", "case.replied"]
    assert Notification.objects.filter(case=feedback, recipient="binh@example.vn").count() == before + 1


def test_outsiders_cannot_write_notes(as_user, outsider_officer, other_department_officer, feedback):
    assert post(as_user(outsider_officer), feedback, "notes/", {"text": "x"}).status_code == 404
    assert post(as_user(other_department_officer), feedback, "replies/", {"text": "x"}).status_code == 404
    assert audit(feedback) == ["case.submitted"]


# --- answers -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["x", "  Đã xử lý xong.  "])
def test_a_draft_answer_too_short_is_400_on_its_field(as_user, officer, complaint, text):
    response = post(as_user(officer), complaint, "answers/", {"text": text})
    assert response.status_code == 400, response.content
    count = len(text.strip())
    assert response.json()["text"] == [
        f"Văn bản trả lời quá ngắn: cần viết ít nhất 20 ký tự (hiện có {count})."]
    assert not CaseAnswer.objects.exists()
    assert audit(complaint) == ["case.submitted"]


def test_propose_then_leader_approves(as_user, officer, leader, complaint):
    Case.objects.filter(pk=complaint.pk).update(state="in_progress")
    response = post(as_user(officer), complaint, "answers/", {"text": "Giữ nguyên quyết định xử phạt."})
    assert response.status_code == 201, response.content
    answer_id = response.json()["id"]
    assert response.json()["state"] == "pending" and response.json()["author"]["username"] == "canbo"
    again = post(as_user(officer), complaint, "answers/", {"text": "Bản khác của quyết định giải quyết."})
    assert again.status_code == 400 and again.json()["code"] == "pending_exists"

    refused(post(as_user(officer), complaint, f"answers/{answer_id}/approve/"), 403, complaint,
            audit_before=["case.submitted", "case.answer_proposed"])
    response = post(as_user(leader), complaint, f"answers/{answer_id}/approve/", {"note": "Đồng ý."})
    assert response.status_code == 200 and response.json()["state"] == "answered"
    assert response.json()["pending_answer"] is None
    answer = CaseAnswer.objects.get(pk=answer_id)
    assert (answer.state, answer.decided_by, answer.decision_note) == ("approved", leader, "Đồng ý.")
    assert audit(complaint) == ["case.submitted", "case.answer_proposed", "case.answer", "case.answer_approved"]
    decided = post(as_user(leader), complaint, f"answers/{answer_id}/return/", {"note": "x"})
    assert decided.status_code == 400 and decided.json()["code"] == "decided"


def test_leader_returns_an_answer_with_a_note(as_user, officer, leader, feedback):
    answer_id = post(as_user(officer), feedback, "answers/", {"text": "Bản nháp văn bản trả lời."}).json()["id"]
    response = post(as_user(leader), feedback, f"answers/{answer_id}/return/")
    assert response.status_code == 400 and "note" in response.json()
    response = post(as_user(leader), feedback, f"answers/{answer_id}/return/", {"note": "Nêu rõ thời gian."})
    assert response.status_code == 200 and response.json()["state"] == "returned"
    assert CaseAnswer.objects.get(pk=answer_id).state == "returned"
    assert Message.objects.filter(case=feedback, kind="note", is_public=False).exists()
    assert audit(feedback) == ["case.submitted", "case.answer_proposed", "case.answer_returned"]


def test_an_answer_of_another_case_is_404(as_user, officer, leader, feedback, make_case, department):
    other = make_case(department=department)
    answer_id = post(as_user(officer), other, "answers/", {"text": "Bản nháp văn bản trả lời."}).json()["id"]
    assert post(as_user(leader), feedback, f"answers/{answer_id}/approve/").status_code == 404
    assert CaseAnswer.objects.get(pk=answer_id).state == "pending"


# --- deadlines -----------------------------------------------------------------------------------------------------
# portal.cases.services._after_deadline_change() binds `_` (gettext) as a local (`_, fields = clock.refresh(case)`)
# and then calls `_("New due date …")`: every successful extension or "complex" marking raises TypeError (HTTP 500).


def test_extending_is_for_leaders_with_a_reason_within_the_legal_limit(as_user, leader, officer, denunciation,
                                                                        feedback):
    refused(post(as_user(officer), denunciation, "extend/", {"reason": "x"}), 403, denunciation,
            audit_before=["case.submitted"])
    response = post(as_user(leader), denunciation, "extend/")
    refused(response, 400, denunciation, audit_before=["case.submitted"])
    assert "reason" in response.json()
    response = post(as_user(leader), feedback, "extend/", {"reason": "Cần thêm thời gian."})  # no extension in law
    refused(response, 400, feedback, audit_before=["case.submitted"])
    assert response.json()["code"] == "no_extension"


def test_leader_extends_a_denunciations_screening_once(as_user, leader, denunciation):
    before = denunciation.due_date
    response = post(as_user(leader), denunciation, "extend/", {"reason": "Xác minh ở nhiều địa điểm."})
    assert response.status_code == 200, response.content
    denunciation.refresh_from_db()
    assert denunciation.due_date > before and response.json()["due_date"] == denunciation.due_date.isoformat()
    assert [line["kind"] for line in response.json()["due_date_explanation"]] == ["start", "extend"]
    event = AuditEvent.objects.get(action="case.deadline_extended")
    assert event.data["before"] == before.isoformat() and event.data["after"] == denunciation.due_date.isoformat()
    again = post(as_user(leader), denunciation, "extend/", {"reason": "Lần nữa."})
    assert again.status_code == 400 and again.json()["code"] == "no_extension"


def test_marking_complex_is_for_leaders_with_a_reason_on_complaints_and_denunciations(as_user, leader, officer,
                                                                                      complaint, feedback):
    refused(post(as_user(officer), complaint, "complex/", {"reason": "x"}), 403, complaint,
            audit_before=["case.submitted"])
    response = post(as_user(leader), complaint, "complex/", {"reason": ""})
    refused(response, 400, complaint, audit_before=["case.submitted"])
    assert "reason" in response.json()
    response = post(as_user(leader), feedback, "complex/", {"reason": "x"})
    refused(response, 400, feedback, audit_before=["case.submitted"])
    assert response.json()["code"] == "not_applicable"
    assert not Case.objects.filter(is_complex=True).exists()


def test_leader_marks_a_complaint_complex(as_user, leader, complaint):
    client = as_user(leader)
    post(client, complaint, "transitions/", {"action": "accept"})
    before = Case.objects.get(pk=complaint.pk).due_date
    response = post(client, complaint, "complex/", {"reason": "Nhiều bên liên quan."})
    assert response.status_code == 200, response.content
    complaint.refresh_from_db()
    assert complaint.is_complex and complaint.due_date == before + dt.timedelta(days=15)
    assert audit(complaint)[-1] == "case.marked_complex"
    again = post(client, complaint, "complex/", {"reason": "Lần nữa."})
    assert again.status_code == 400 and again.json()["code"] == "already_complex"


def test_marking_a_denunciation_complex_through_the_api_posts_no_unchanged_due_date(as_user, leader, denunciation):
    """The timeline's "new due date" and the resident's notice of it come only with a due date that changes: a
    denunciation's period is the same when complex (its extensions differ). The marking is audited all the same."""
    client = as_user(leader)
    post(client, denunciation, "transitions/", {"action": "accept"})
    before = Case.objects.get(pk=denunciation.pk).due_date
    response = post(client, denunciation, "complex/", {"reason": "Xác minh ở nhiều địa điểm."})
    assert response.status_code == 200, response.content
    assert response.json()["due_date"] == before.isoformat()
    assert audit(denunciation)[-1] == "case.marked_complex"
    assert not Message.objects.filter(case=denunciation, kind="deadline").exists()
    assert not Notification.objects.filter(case=denunciation, subject__contains="Hạn xử lý đã thay đổi").exists()


# --- who may post at all -------------------------------------------------------------------------------------------

POSTS = [
    ("transitions/", {"action": "accept"}),
    ("claim/", {}),
    ("assign/", {"assignee": None}),
    ("notes/", {"text": "x"}),
    ("replies/", {"text": "x"}),
    ("answers/", {"text": "x"}),
    ("extend/", {"reason": "x"}),
    ("complex/", {"reason": "x"}),
    ("identity/", {}),
]


@pytest.mark.parametrize(("suffix", "data"), POSTS)
def test_supervisors_read_but_every_post_is_403(as_user, supervisor, complaint, suffix, data):
    response = post(as_user(supervisor), complaint, suffix, data)
    refused(response, 403, complaint, audit_before=["case.submitted"])


def test_supervisor_cannot_decide_answers_or_bulk_assign(as_user, supervisor, officer, complaint):
    Case.objects.filter(pk=complaint.pk).update(state="in_progress")
    answer_id = post(as_user(officer), complaint, "answers/", {"text": "Giữ nguyên quyết định xử phạt."}).json()["id"]
    client = as_user(supervisor)
    assert post(client, complaint, f"answers/{answer_id}/approve/").status_code == 403
    assert post(client, complaint, f"answers/{answer_id}/return/", {"note": "x"}).status_code == 403
    response = client.post("/api/v1/staff/cases/bulk-assign/", {"codes": [complaint.tracking_code],
                                                                 "assignee": officer.pk}, format="json")
    assert response.status_code == 403
    assert CaseAnswer.objects.get(pk=answer_id).state == "pending"


@pytest.mark.parametrize(("suffix", "data"), POSTS)
def test_anonymous_posts_are_401_and_residents_403(api, as_user, resident, feedback, suffix, data):
    assert post(api, feedback, suffix, data).status_code == 401
    assert post(as_user(resident), feedback, suffix, data).status_code == 403
    assert audit(feedback) == ["case.submitted"]


def test_token_client_acts_without_csrf_and_session_client_needs_it(officer, feedback):
    session = APIClient(enforce_csrf_checks=True)
    session.force_login(officer)
    assert post(session, feedback, "notes/", {"text": "x"}).status_code == 403  # no CSRF token
    token = APIClient(enforce_csrf_checks=True)
    token.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=officer).key}")
    assert post(token, feedback, "notes/", {"text": "x"}).status_code == 201


@pytest.mark.parametrize(("kind", "reason"), [("feedback", "court"), ("feedback", "out_of_time"),
                                              ("complaint", "anonymous"), ("denunciation", "out_of_time"),
                                              ("denunciation", "court")])
def test_a_legal_reason_must_fit_the_kind_of_case(as_user, leader, make_case, department, kind, reason):
    """A feedback cannot be refused as 'already accepted by a court' or 'filed out of time' (Law on Complaints
    Art. 9, 11), a complaint as an anonymous denunciation (Law on Denunciations Art. 25)."""
    case = make_case(kind=kind, title="Đơn thử lý do không thụ lý", department=department)
    response = post(as_user(leader), case, "transitions/", {"action": "reject", "text": "Không thụ lý.",
                                                            "reason_code": reason})
    assert response.status_code == 400 and response.json()["code"] == "reason_not_for_kind"
    assert response.json()["non_field_errors"] == ["Lý do pháp lý này không áp dụng cho loại đơn này."]
    case.refresh_from_db()
    assert case.state == "received" and case.rejection_reason == ""


@pytest.mark.parametrize(("kind", "reason"), [("feedback", "not_administrative"), ("complaint", "court"),
                                              ("denunciation", "anonymous"), ("denunciation", "already_resolved")])
def test_a_reason_of_the_kind_is_accepted(as_user, leader, make_case, department, kind, reason):
    case = make_case(kind=kind, title="Đơn thử lý do không thụ lý", department=department)
    response = post(as_user(leader), case, "transitions/", {"action": "reject", "text": "Không thụ lý.",
                                                            "reason_code": reason})
    assert response.status_code == 200, response.json()
    case.refresh_from_db()
    assert case.state == "rejected" and case.rejection_reason == reason
