"""Every action form of the case page: the happy path changes the database and writes its audit row; a refusal
is a message on the page (400/403, never a 500) with the typed text kept, and changes nothing."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from portal.cases import services
from portal.cases.models import Case, CaseAnswer, Message
from portal.cases.timeline_text import localize
from portal.cases.workflow import transition
from portal.core.errors import DomainError

from .helpers import file

pytestmark = pytest.mark.django_db


def url(name, case, **kwargs):
    return reverse(f"frontend:desk-{name}", kwargs={"code": case.tracking_code, **kwargs})


def audit(case, action):
    return AuditEvent.objects.filter(object_id=str(case.pk), action=action)


def assert_success(client, response, case):
    assert response.status_code == 302 and response["Location"] == url("case", case)
    page = client.get(response["Location"])
    assert '<li class="success">' in page.content.decode()


def assert_refused(response, status):
    assert response.status_code == status
    assert 'data-testid="action-error"' in response.content.decode()


@pytest.fixture
def feedback(ward, category, department):
    return file(ward, category, title="Đèn đường hỏng trước nhà số 5", department=department)


@pytest.fixture
def complaint(ward, category, department, leader):
    case = file(ward, category, kind="complaint", title="Khiếu nại quyết định xử phạt", department=department)
    return transition(case=case, action="accept", actor=leader)


@pytest.fixture
def denunciation(ward, category, department):
    return file(ward, category, kind="denunciation", title="Tố cáo cán bộ địa chính", department=department)


# --- claim and assign ----------------------------------------------------------------------------------------------

def test_officer_claims_an_unassigned_case(feedback, login, officer):
    client = login(officer)
    assert_success(client, client.post(url("claim", feedback)), feedback)
    assert Case.objects.get(pk=feedback.pk).assignee == officer
    assert audit(feedback, "case.claimed").get().actor == officer


def test_claiming_a_taken_case_says_who_has_it(feedback, login, officer, leader):
    Case.objects.filter(pk=feedback.pk).update(assignee=leader)
    response = login(officer).post(url("claim", feedback))
    assert_refused(response, 400)
    assert "chutich" in response.content.decode()
    assert Case.objects.get(pk=feedback.pk).assignee == leader
    assert not audit(feedback, "case.claimed").exists()


def test_supervisor_cannot_claim(feedback, login, supervisor):
    assert_refused(login(supervisor).post(url("claim", feedback)), 403)
    assert Case.objects.get(pk=feedback.pk).assignee is None


def test_leader_assigns_to_an_officer_and_a_department(feedback, ward, login, leader, officer):
    from tests.factories import DepartmentFactory

    social = DepartmentFactory(ward=ward, code="vanhoa", name="Phòng Văn hóa - Xã hội")
    client = login(leader)
    response = client.post(url("assign", feedback), {"assignee": officer.pk, "department": social.pk})
    assert_success(client, response, feedback)
    case = Case.objects.get(pk=feedback.pk)
    assert (case.assignee, case.department) == (officer, social)
    event = audit(feedback, "case.assigned").get()
    assert event.data["after"] == {"assignee": officer.pk, "department": social.pk}


def test_saving_the_assignment_unchanged_is_a_no_op_with_a_notice(feedback, ward, login, leader, officer):
    """The form as the page shows it (the current officer and department chosen), sent again: nothing recorded."""
    from portal.notifications.models import Notification

    client = login(leader)
    first = client.post(url("assign", feedback), {"assignee": officer.pk, "department": feedback.department_id})
    assert_success(client, first, feedback)
    written = (Message.objects.filter(case=feedback).count(), audit(feedback, "case.assigned").count(),
               Notification.objects.filter(case=feedback).count())
    assert written[1] == 1 and Notification.objects.filter(case=feedback, recipient=officer.email).exists()
    page = client.get(url("case", feedback)).content.decode()
    assert f'<option value="{officer.pk}" selected>' in page  # what the form offers to send again
    for department in (feedback.department_id, ""):  # "" keeps the current department
        response = client.post(url("assign", feedback), {"assignee": officer.pk, "department": department})
        assert response.status_code == 302 and response["Location"] == url("case", feedback)
        shown = client.get(response["Location"]).content.decode()
        assert '<li class="info">Không có thay đổi: đơn đã được phân công như vậy.</li>' in shown
        assert '<li class="success">' not in shown
    assert (Message.objects.filter(case=feedback).count(), audit(feedback, "case.assigned").count(),
            Notification.objects.filter(case=feedback).count()) == written


def test_saving_an_unassigned_case_as_unassigned_records_nothing(feedback, login, leader):
    client = login(leader)
    response = client.post(url("assign", feedback), {"assignee": "", "department": ""})
    assert response.status_code == 302
    assert "Không có thay đổi" in client.get(response["Location"]).content.decode()
    assert not audit(feedback, "case.assigned").exists()
    assert not Message.objects.filter(case=feedback, kind="system").exists()


def test_officer_cannot_assign(feedback, login, officer, leader):
    response = login(officer).post(url("assign", feedback), {"assignee": leader.pk})
    assert_refused(response, 403)
    assert Case.objects.get(pk=feedback.pk).assignee is None


def test_assign_to_someone_outside_the_ward_is_refused(feedback, login, leader, outsider_officer):
    response = login(leader).post(url("assign", feedback), {"assignee": outsider_officer.pk})
    assert_refused(response, 400)  # not offered, so the form refuses it
    assert Case.objects.get(pk=feedback.pk).assignee is None


# --- notes and replies ---------------------------------------------------------------------------------------------

def test_internal_note_is_saved_and_marked_internal(feedback, login, officer):
    client = login(officer)
    response = client.post(url("note", feedback), {"text": "Đã hẹn kiểm tra hiện trường sáng thứ Hai."})
    assert_success(client, response, feedback)
    note = Message.objects.get(case=feedback, kind="note")
    assert note.is_public is False and note.author == officer
    assert audit(feedback, "case.note_added").exists()
    assert "data-internal" in client.get(url("case", feedback)).content.decode()


def test_empty_note_is_refused_and_nothing_is_saved(feedback, login, officer):
    response = login(officer).post(url("note", feedback), {"text": "   "})
    assert_refused(response, 400)
    assert not Message.objects.filter(case=feedback, kind="note").exists()


def test_reply_goes_to_the_resident(feedback, login, officer):
    client = login(officer)
    assert_success(client, client.post(url("reply", feedback), {"text": "Phường đã nhận, sẽ kiểm tra."}), feedback)
    message = Message.objects.get(case=feedback, kind="reply")
    assert message.is_public and message.body == "Phường đã nhận, sẽ kiểm tra."
    assert audit(feedback, "case.replied").exists()


def test_supervisor_cannot_reply(feedback, login, supervisor):
    assert_refused(login(supervisor).post(url("reply", feedback), {"text": "Xin chào"}), 403)
    assert not Message.objects.filter(case=feedback, kind="reply").exists()


# --- state changes -------------------------------------------------------------------------------------------------

def test_officer_accepts_a_feedback(feedback, login, officer):
    client = login(officer)
    assert_success(client, client.post(url("transition", feedback, action="accept")), feedback)
    assert Case.objects.get(pk=feedback.pk).state == "accepted"
    assert audit(feedback, "case.accept").get().actor == officer


def test_a_transition_from_the_wrong_state_is_a_message_not_a_500(feedback, login, officer):
    response = login(officer).post(url("transition", feedback, action="start_work"))
    assert_refused(response, 400)
    assert Case.objects.get(pk=feedback.pk).state == "received"
    assert not audit(feedback, "case.start_work").exists()


def test_a_refused_transition_keeps_the_typed_text(feedback, login, officer):
    transition(case=feedback, action="request_info", actor=officer, text="Xin ảnh")
    typed = "Xin gửi thêm ảnh chụp cột đèn và số nhà"
    response = login(officer).post(url("transition", feedback, action="request_info"), {"text": typed})
    assert_refused(response, 400)
    assert f"{typed}</textarea>" in response.content.decode()
    assert Message.objects.filter(case=feedback, body=typed).count() == 0


def test_reject_needs_the_legal_reason_and_keeps_the_explanation(feedback, login, officer):
    client = login(officer)
    typed = "Nội dung không thuộc thẩm quyền của phường."
    response = client.post(url("transition", feedback, action="reject"), {"text": typed})
    assert_refused(response, 400)
    assert f"{typed}</textarea>" in response.content.decode()
    assert Case.objects.get(pk=feedback.pk).state == "received"
    response = client.post(url("transition", feedback, action="reject"),
                           {"text": typed, "reason_code": "not_competent"})
    assert_success(client, response, feedback)
    case = Case.objects.get(pk=feedback.pk)
    assert (case.state, case.rejection_reason) == ("rejected", "not_competent")
    assert audit(feedback, "case.reject").get().data["reason_code"] == "not_competent"


def test_leader_transfers_to_the_competent_body(feedback, login, leader):
    client = login(leader)
    response = client.post(url("transition", feedback, action="transfer"),
                           {"text": "Thuộc thẩm quyền Công ty Điện lực", "to_body": "Công ty Điện lực Gia Định"})
    assert_success(client, response, feedback)
    case = Case.objects.get(pk=feedback.pk)
    assert (case.state, case.transferred_to) == ("transferred", "Công ty Điện lực Gia Định")
    assert audit(feedback, "case.transfer").get().data["to_body"] == "Công ty Điện lực Gia Định"


def test_officer_cannot_transfer(feedback, login, officer):
    response = login(officer).post(url("transition", feedback, action="transfer"),
                                   {"text": "Chuyển", "to_body": "Sở Xây dựng"})
    assert_refused(response, 403)
    assert Case.objects.get(pk=feedback.pk).state == "received"


def test_officer_cannot_accept_a_complaint(ward, category, department, login, officer):
    case = file(ward, category, kind="complaint", department=department)
    assert_refused(login(officer).post(url("transition", case, action="accept")), 403)
    assert Case.objects.get(pk=case.pk).state == "received"


def test_merge_into_another_case_by_its_tracking_code(feedback, ward, category, department, login, officer):
    target = file(ward, category, title="Đèn đường hỏng hẻm 5", department=department)
    client = login(officer)
    response = client.post(url("transition", feedback, action="merge"), {"target": target.tracking_code.lower()})
    assert_success(client, response, feedback)
    case = Case.objects.get(pk=feedback.pk)
    assert (case.state, case.merged_into) == ("merged", target)
    assert audit(feedback, "case.merge").get().data["target"] == target.tracking_code


def test_merge_into_an_unknown_or_invisible_case_is_refused(feedback, other_ward, category, login, officer):
    foreign = file(other_ward, category)
    client = login(officer)
    for code in ("PN17-2026-999999", foreign.tracking_code, feedback.tracking_code):
        response = client.post(url("transition", feedback, action="merge"), {"target": code})
        assert_refused(response, 400)
    assert Case.objects.get(pk=feedback.pk).state == "received"


def test_unknown_action_is_404_and_get_is_405(feedback, login, officer):
    client = login(officer)
    assert client.post(url("transition", feedback, action="explode")).status_code == 404
    assert client.get(url("note", feedback)).status_code == 405


def test_forms_need_the_csrf_token(feedback, officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    assert client.post(url("note", feedback), {"text": "Ghi chú"}).status_code == 403
    assert not Message.objects.filter(case=feedback, kind="note").exists()


# --- answers -------------------------------------------------------------------------------------------------------

def test_officer_proposes_and_leader_approves_a_complaint_answer(complaint, login, officer, leader):
    officer_client = login(officer)
    page = officer_client.get(url("case", complaint)).content.decode()
    assert url("propose", complaint) in page
    text = "Quyết định giải quyết khiếu nại lần đầu: giữ nguyên quyết định xử phạt."
    assert_success(officer_client, officer_client.post(url("propose", complaint), {"text": text}), complaint)
    draft = CaseAnswer.objects.get(case=complaint)
    assert draft.state == "pending" and audit(complaint, "case.answer_proposed").exists()

    again = officer_client.post(url("propose", complaint), {"text": "Bản khác của quyết định giải quyết."})
    assert_refused(again, 400)
    assert CaseAnswer.objects.filter(case=complaint).count() == 1

    refused = officer_client.post(url("approve", complaint, answer_id=draft.pk), {})
    assert_refused(refused, 403)
    assert CaseAnswer.objects.get(pk=draft.pk).state == "pending"

    leader_client = login(leader)
    assert url("approve", complaint, answer_id=draft.pk) in leader_client.get(url("case", complaint)).content.decode()
    response = leader_client.post(url("approve", complaint, answer_id=draft.pk), {"note": "Đồng ý"})
    assert_success(leader_client, response, complaint)
    assert Case.objects.get(pk=complaint.pk).state == "answered"
    assert CaseAnswer.objects.get(pk=draft.pk).state == "approved"
    assert audit(complaint, "case.answer_approved").get().actor == leader
    assert Message.objects.get(case=complaint, kind="answer").body == text
    assert verify_chain().ok


@pytest.mark.parametrize("typed", ["x", "   x   ", "Đã xử lý xong."])
def test_a_draft_answer_too_short_is_an_error_beside_it_with_the_text_kept(complaint, login, officer, typed):
    client = login(officer)
    page = client.get(url("case", complaint)).content.decode()
    assert 'minlength="20"' in page.split('id="action-propose"', 1)[1].split("</form>", 1)[0]
    response = client.post(url("propose", complaint), {"text": typed})
    assert_refused(response, 400)
    form = response.content.decode().split('id="action-propose"', 1)[1].split("</form>", 1)[0]
    count = len(typed.strip())
    assert f"Văn bản trả lời quá ngắn: cần viết ít nhất 20 ký tự (hiện có {count})." in form
    assert f">\n{typed}</textarea>" in form  # what was typed comes back
    assert not CaseAnswer.objects.filter(case=complaint).exists()
    assert not audit(complaint, "case.answer_proposed").exists()


def test_a_draft_answer_of_twenty_characters_is_sent_for_approval(complaint, login, officer):
    client = login(officer)
    text = "Giữ nguyên quyết định"[:20]
    assert len(text) == 20
    assert_success(client, client.post(url("propose", complaint), {"text": f"  {text}  "}), complaint)
    assert CaseAnswer.objects.get(case=complaint).body == text


def test_leader_returns_a_draft_with_a_note(complaint, login, officer, leader):
    draft = services.propose_answer(case=complaint, actor=officer, text="Bản nháp quyết định giải quyết.")
    client = login(leader)
    assert_refused(client.post(url("return", complaint, answer_id=draft.pk), {"note": ""}), 400)
    assert CaseAnswer.objects.get(pk=draft.pk).state == "pending"
    response = client.post(url("return", complaint, answer_id=draft.pk), {"note": "Cần dẫn chiếu Điều 28"})
    assert_success(client, response, complaint)
    draft.refresh_from_db()
    assert (draft.state, draft.decision_note) == ("returned", "Cần dẫn chiếu Điều 28")
    assert audit(complaint, "case.answer_returned").exists()


def test_a_draft_of_a_case_that_cannot_be_answered_now_is_not_offered_for_approval(complaint, login, officer, leader):
    """A draft waited for approval while the leader suspended the case: the page still offered "Approve and send", and
    approving was refused (a suspended case is not answered). The page says why and offers only to return it; once
    handling resumes, approving works."""
    draft = services.propose_answer(case=complaint, actor=officer, text="Bản nháp quyết định giải quyết.")
    case = transition(case=complaint, action="suspend", actor=leader, text="Chờ kết quả giám định")
    client = login(leader)
    page = client.get(url("case", case)).content.decode()
    assert url("approve", case, answer_id=draft.pk) not in page
    assert "Đơn đang ở trạng thái “Tạm đình chỉ”: ở trạng thái này không thể gửi văn bản trả lời" in page
    assert url("return", case, answer_id=draft.pk) in page
    case = transition(case=case, action="resume", actor=leader)
    page = client.get(url("case", case)).content.decode()
    assert url("approve", case, answer_id=draft.pk) in page and 'data-testid="approve-unavailable"' not in page
    assert_success(client, client.post(url("approve", case, answer_id=draft.pk), {"note": ""}), case)
    assert Case.objects.get(pk=case.pk).state == "answered"


def test_an_approval_refused_because_the_case_moved_on_keeps_the_typed_note(complaint, login, officer, leader):
    draft = services.propose_answer(case=complaint, actor=officer, text="Bản nháp quyết định giải quyết.")
    client = login(leader)
    client.get(url("case", complaint))  # the leader opens the page; meanwhile the case is suspended
    transition(case=complaint, action="suspend", actor=leader, text="Chờ kết quả giám định")
    response = client.post(url("approve", complaint, answer_id=draft.pk), {"note": "Đồng ý với dự thảo"})
    assert_refused(response, 400)
    form = response.content.decode().split('id="action-approve"', 1)[1].split("</form>", 1)[0]
    assert "Đồng ý với dự thảo</textarea>" in form
    assert CaseAnswer.objects.get(pk=draft.pk).state == "pending"


def test_approving_an_answer_of_another_case_is_404(complaint, feedback, login, officer, leader):
    draft = services.propose_answer(case=complaint, actor=officer, text="Bản nháp quyết định giải quyết.")
    assert login(leader).post(url("approve", feedback, answer_id=draft.pk)).status_code == 404


def test_officer_answers_a_feedback_directly(feedback, login, officer):
    client = login(officer)
    response = client.post(url("transition", feedback, action="answer"), {"text": "Đã thay bóng đèn ngày 20/11."})
    assert_success(client, response, feedback)
    assert Case.objects.get(pk=feedback.pk).state == "answered"


# --- deadlines -------------------------------------------------------------------------------------------------------

def test_leader_extends_a_denunciation_deadline(denunciation, login, leader):
    case = transition(case=denunciation, action="accept", actor=leader)
    refused = login(leader).post(url("extend", case), {"reason": "Chưa phức tạp"})
    assert refused.status_code == 400  # Law on Denunciations Art. 30: only a complex case is extended
    case = services.mark_complex(case=case, actor=leader, reason="Nhiều địa điểm cần xác minh")
    before = case.due_date
    client = login(leader)
    response = client.post(url("extend", case), {"reason": "Phải xác minh tại nhiều địa điểm"})
    assert_success(client, response, case)
    case.refresh_from_db()
    assert case.due_date > before
    assert audit(case, "case.deadline_extended").get().data["reason"] == "Phải xác minh tại nhiều địa điểm"


def test_the_extension_is_offered_only_when_the_law_allows_it(denunciation, login, leader):
    """The page offered "Extend the deadline" on an accepted denunciation not marked complex, and the service then
    refused it (Law on Denunciations Art. 30): the form is shown only when extend_deadline() would extend."""
    case = transition(case=denunciation, action="accept", actor=leader)
    client = login(leader)
    assert 'id="action-extend"' not in client.get(url("case", case)).content.decode()
    case = services.mark_complex(case=case, actor=leader, reason="Nhiều địa điểm cần xác minh")
    assert 'id="action-extend"' in client.get(url("case", case)).content.decode()
    assert_success(client, client.post(url("extend", case), {"reason": "Gia hạn lần thứ nhất"}), case)
    # Complex: once (Art. 30). Especially complex: twice.
    page = client.get(url("case", case)).content.decode()
    assert 'id="action-extend"' not in page and "Đánh dấu vụ việc đặc biệt phức tạp" in page
    refused = client.post(url("extend", case), {"reason": "Gia hạn lần thứ hai"})
    assert refused.status_code == 400 and "đặc biệt phức tạp" in refused.content.decode()
    assert_success(client, client.post(url("complex", case), {"reason": "Liên quan nhiều cơ quan, nhiều cấp"}),
                   case)
    case.refresh_from_db()
    assert case.is_complex and case.is_especially_complex
    assert audit(case, "case.marked_especially_complex").count() == 1
    page = client.get(url("case", case)).content.decode()
    assert 'id="action-extend"' in page and 'id="action-complex"' not in page  # no level left to mark
    assert_success(client, client.post(url("extend", case), {"reason": "Gia hạn lần thứ hai"}), case)
    assert 'id="action-extend"' not in client.get(url("case", case)).content.decode()
    assert audit(case, "case.deadline_extended").count() == 2
    assert login(leader).post(url("extend", case), {"reason": "Lần ba"}).status_code == 400


def test_a_complaint_has_no_especially_complex_level(complaint, login, leader):
    """The Law on Complaints has complex cases (a longer period), not especially complex ones."""
    case = services.mark_complex(case=complaint, actor=leader, reason="Nhiều người liên quan")  # accepted
    assert 'id="action-complex"' not in login(leader).get(url("case", case)).content.decode()
    with pytest.raises(DomainError) as refused:
        services.mark_complex(case=case, actor=leader, reason="Lần nữa")
    assert refused.value.code == "already_complex"
    case.refresh_from_db()
    assert not case.is_especially_complex


def test_extension_is_for_leaders_and_needs_a_reason(denunciation, login, officer, leader):
    case = transition(case=denunciation, action="accept", actor=leader)
    assert_refused(login(officer).post(url("extend", case), {"reason": "Phức tạp"}), 403)
    assert_refused(login(leader).post(url("extend", case), {"reason": ""}), 400)
    assert not audit(case, "case.deadline_extended").exists()


def test_leader_marks_a_complaint_complex(complaint, login, leader):
    before = complaint.due_date  # the fixture's complaint is accepted: its "resolve" step runs
    client = login(leader)
    assert_success(client, client.post(url("complex", complaint), {"reason": "Nhiều bên liên quan"}), complaint)
    case = Case.objects.get(pk=complaint.pk)
    assert case.is_complex and case.due_date > before
    assert audit(case, "case.marked_complex").exists()


def due_date_notices(case):
    """The timeline's "new due date" entries and the resident's notices of them."""
    from portal.notifications.models import Notification

    return (Message.objects.filter(case=case, kind="deadline").count(),
            Notification.objects.filter(case=case, subject__contains="Hạn xử lý đã thay đổi").count())


def test_marking_complex_tells_of_a_new_due_date_only_when_it_changes(denunciation, login, leader):
    """A denunciation's period is the same when it is complex (only its extensions change, Law on Denunciations
    Art. 30): the marking is audited, but no "new due date" is posted nor sent to the denouncer."""
    case = transition(case=denunciation, action="accept", actor=leader)
    due = case.due_date
    client = login(leader)
    response = client.post(url("complex", case), {"reason": "Nhiều địa điểm cần xác minh"}, follow=True)
    assert "Đã xác định đơn là vụ việc phức tạp. Hạn xử lý không thay đổi." in response.content.decode()
    response = client.post(url("complex", case), {"reason": "Liên quan nhiều cơ quan"}, follow=True)
    assert "vụ việc đặc biệt phức tạp. Hạn xử lý không thay đổi." in response.content.decode()
    case.refresh_from_db()
    assert case.is_complex and case.is_especially_complex and case.due_date == due
    assert due_date_notices(case) == (0, 0)
    for action in ("case.marked_complex", "case.marked_especially_complex"):
        data = audit(case, action).get().data
        assert (data["before"], data["after"]) == (due.isoformat(), due.isoformat())
    # the staff read the marking and its reason in the timeline, as an internal note
    notes = list(Message.objects.filter(case=case, kind="note").values_list("is_public", "body"))
    assert notes == [
        (False, "Đã xác định là vụ việc phức tạp; hạn xử lý không thay đổi. Lý do: Nhiều địa điểm cần xác minh"),
        (False, "Đã xác định là vụ việc đặc biệt phức tạp; hạn xử lý không thay đổi. Lý do: Liên quan nhiều cơ quan"),
    ]
    page = client.get(url("case", case)).content.decode()
    assert "hạn xử lý không thay đổi. Lý do: Liên quan nhiều cơ quan" in page
    assert localize("note", notes[1][1], language="en") == (
        "Marked especially complex; the due date does not change. Reason: Liên quan nhiều cơ quan")
    assert verify_chain().ok
    # the extension that marking allows does change it: posted and told
    assert_success(client, client.post(url("extend", case), {"reason": "Phải xác minh tại nhiều địa điểm"}), case)
    assert due_date_notices(case) == (1, 1)


def test_a_complaint_marked_complex_before_it_is_accepted_gets_no_new_due_date_yet(ward, category, department,
                                                                                  login, leader):
    """Before acceptance the clock counts the step "accept or refuse", which a complex case does not lengthen: the
    longer period to resolve it starts with its acceptance."""
    case = file(ward, category, kind="complaint", title="Khiếu nại quyết định xử phạt", department=department)
    due = case.due_date
    services.mark_complex(case=case, actor=leader, reason="Nhiều bên liên quan")
    case.refresh_from_db()
    assert case.is_complex and case.due_date == due and due_date_notices(case) == (0, 0)
    assert audit(case, "case.marked_complex").exists()
    assert not Message.objects.filter(case=case, is_public=True, body__contains="Nhiều bên liên quan").exists()
    case = transition(case=case, action="accept", actor=leader)
    assert case.deadline_step == "resolve_complex"


def test_a_complaint_marked_complex_while_it_runs_gets_its_new_due_date_posted_and_told(complaint, login,
                                                                                        leader):
    before = complaint.due_date
    client = login(leader)
    response = client.post(url("complex", complaint), {"reason": "Nhiều bên liên quan"}, follow=True)
    assert "Hạn xử lý không thay đổi" not in response.content.decode()
    case = Case.objects.get(pk=complaint.pk)
    assert case.due_date > before and due_date_notices(case) == (1, 1)
    assert case.due_date.strftime("%d/%m/%Y") in Message.objects.get(case=case, kind="deadline").body
    assert not Message.objects.filter(case=case, kind="note").exists()


def test_a_feedback_cannot_be_marked_complex(feedback, login, leader):
    assert url("complex", feedback) not in login(leader).get(url("case", feedback)).content.decode()
    response = login(leader).post(url("complex", feedback), {"reason": "Phức tạp"})
    assert_refused(response, 400)
    assert not Case.objects.get(pk=feedback.pk).is_complex


def test_a_closed_complaint_cannot_be_marked_complex(complaint, login, leader):
    """The page offers "Mark as complex" on open cases only, but a POST marked a withdrawn complaint complex: a public
    timeline entry "New due date: -" and a notice of it to the resident."""
    case = transition(case=complaint, action="withdraw", actor=leader, text="Người khiếu nại có đơn xin rút")
    response = login(leader).post(url("complex", case), {"reason": "Nhiều bên liên quan"})
    assert_refused(response, 400)
    assert "Đơn này đã kết thúc xử lý." in response.content.decode()
    assert not Case.objects.get(pk=case.pk).is_complex
    assert not Message.objects.filter(case=case, kind="deadline").exists()
    assert not audit(case, "case.marked_complex").exists()


# --- a denouncer's identity -------------------------------------------------------------------------------------------

def reveal(client, case):
    """Click "Show identity": the POST redirects to the case page (POST/redirect/GET), which shows the identity."""
    response = client.post(url("reveal", case))
    assert response.status_code == 302 and response["Location"] == url("case", case) + "#identity"
    assert "no-store" in response["Cache-Control"]
    page = client.get(response["Location"])
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    return page.content.decode()


def test_leader_reveals_a_denouncers_identity_and_each_view_is_audited(denunciation, login, leader):
    client = login(leader)
    for expected in (1, 2):
        html = reveal(client, denunciation)
        assert 'data-testid="identity"' in html and "0901234567" in html and "Lê Văn Bình" in html
        assert audit(denunciation, "case.identity_viewed").filter(actor=leader).count() == expected
    # The page itself does not show it again.
    assert "0901234567" not in client.get(url("case", denunciation)).content.decode()


def test_reloading_the_page_after_a_reveal_neither_reveals_nor_audits_again(denunciation, login, leader):
    """The browser's reload after "Show identity" repeats the GET of the page it was redirected to, not the POST:
    one reveal, one audit event; the reloaded page shows the identity masked again until the next audited reveal."""
    client = login(leader)
    assert "0901234567" in reveal(client, denunciation)
    for _reload in range(2):
        html = client.get(url("case", denunciation) + "#identity").content.decode()
        assert "0901234567" not in html and "Lê Văn Bình" not in html
        assert 'data-testid="reveal-identity"' in html
    assert audit(denunciation, "case.identity_viewed").filter(actor=leader).count() == 1
    # Only the mark of the reveal is kept in the session, never the identity, and it is gone once shown.
    assert "openward_reveals" not in client.session
    assert "Lê Văn Bình" not in str(dict(client.session))


def test_a_reveal_shows_only_on_its_own_case_and_only_soon_after(ward, category, department, denunciation, login,
                                                                  leader):
    import time_machine

    other = file(ward, category, kind="denunciation", title="Tố cáo cán bộ thu phí chợ", department=department,
                 contact_name="Đỗ Thị Hạnh", contact_phone="0977111222")
    client = login(leader)
    assert client.post(url("reveal", denunciation)).status_code == 302
    html = client.get(url("case", other)).content.decode()
    assert "0977111222" not in html and "0901234567" not in html
    assert "0901234567" in client.get(url("case", denunciation)).content.decode()  # still waiting for its page
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)):
        assert client.post(url("reveal", other)).status_code == 302
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=7)):
        assert "0977111222" not in client.get(url("case", other)).content.decode()  # too late: masked
    assert audit(other, "case.identity_viewed").count() == 1


def test_a_reveal_is_not_shown_to_an_officer_who_lost_the_case_meanwhile(denunciation, login, officer, leader):
    Case.objects.filter(pk=denunciation.pk).update(assignee=officer)
    client = login(officer)
    assert client.post(url("reveal", denunciation)).status_code == 302
    Case.objects.filter(pk=denunciation.pk).update(assignee=leader)
    assert "0901234567" not in client.get(url("case", denunciation)).content.decode()


def test_assigned_officer_may_reveal_other_officers_may_not(denunciation, login, officer, leader):
    assert_refused(login(officer).post(url("reveal", denunciation)), 403)
    Case.objects.filter(pk=denunciation.pk).update(assignee=officer)
    assert "0901234567" in reveal(login(officer), denunciation)
    assert audit(denunciation, "case.identity_viewed").get().actor == officer


def test_supervisor_cannot_reveal(denunciation, login, supervisor):
    client = login(supervisor)
    response = client.post(url("reveal", denunciation))
    assert_refused(response, 403)
    assert "0901234567" not in response.content.decode()
    assert "0901234567" not in client.get(url("case", denunciation)).content.decode()
    assert "openward_reveals" not in client.session
    assert not audit(denunciation, "case.identity_viewed").exists()
