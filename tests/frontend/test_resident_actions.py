"""The resident acts on their own case from the status page: information, messages, rating, withdrawal, escalation."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.cases.models import Case, Rating
from portal.cases.services import Submission, submit_case
from portal.cases.workflow import transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(ward, category):
    return submit_case(submission=Submission(ward=ward, kind="complaint", category=category, title="Khiếu nại",
                                             description="Khiếu nại quyết định xử phạt.", contact_name="An",
                                             contact_address="1 Lê Lợi", decision_date=dt.date(2026, 11, 1)))


def in_main(html, marker):
    """The form is inside the page's <main>, where people see it (not in <head>)."""
    main = html[html.index("<main"):html.index("</main>")]
    return marker in main


def action_url(filed, action, token=None):
    return reverse("frontend:case-action", kwargs={"code": filed.case.tracking_code,
                                                   "token": token or filed.access_token, "action": action})


def test_resident_sends_the_information_asked_for(client, filed, leader):
    transition(case=filed.case, action="request_info", actor=leader, text="Xin bản sao quyết định")
    page = client.get(filed.secret_path).content.decode()
    assert in_main(page, 'id="provide-info"')
    response = client.post(action_url(filed, "provide_info"), {"text": "Tôi gửi bản sao quyết định số 15"})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.state == "in_progress" and case.clock_state == "running"
    assert case.messages.filter(kind="state_change", body__contains="bản sao quyết định số 15").exists()


def test_empty_message_keeps_the_page_with_an_error(client, filed):
    response = client.post(action_url(filed, "message"), {"text": ""})
    assert response.status_code == 400
    assert Case.objects.get().messages.filter(kind="resident").count() == 0


def test_message_reaches_the_timeline(client, filed):
    assert client.post(action_url(filed, "message"), {"text": "Tôi bổ sung thông tin"}).status_code == 302
    assert "Tôi bổ sung thông tin" in client.get(filed.secret_path).content.decode()


def test_actions_need_the_right_secret(client, filed):
    response = client.post(action_url(filed, "message", token="wrong-secret"), {"text": "xin chào"})
    assert response.status_code == 404


def test_rating_is_offered_after_the_answer_and_poor_rating_reopens(client, filed, leader):
    assert 'id="rate"' not in client.get(filed.secret_path).content.decode()
    transition(case=filed.case, action="accept", actor=leader)
    transition(case=filed.case, action="answer", actor=leader, text="Quyết định giải quyết khiếu nại")
    assert in_main(client.get(filed.secret_path).content.decode(), 'id="rate"')
    response = client.post(action_url(filed, "rate"), {"score": 2, "comment": "Chưa thỏa đáng"})
    assert response.status_code == 302
    assert Rating.objects.get().score == 2
    assert Case.objects.get().state == "reopened"
    assert 'id="rate"' not in client.get(filed.secret_path).content.decode()


def test_rating_out_of_range_is_refused(client, filed, leader):
    transition(case=filed.case, action="answer", actor=leader, text="Trả lời")
    assert client.post(action_url(filed, "rate"), {"score": 9}).status_code == 400
    assert Rating.objects.count() == 0


def test_withdraw_needs_confirmation_and_a_reason(client, filed):
    assert client.post(action_url(filed, "withdraw"), {"text": "Đã được giải quyết"}).status_code == 400
    assert Case.objects.get().state == "received"
    confirmed = {"text": "Đã được giải quyết", "confirm": "on"}
    assert client.post(action_url(filed, "withdraw"), confirmed).status_code == 302
    assert Case.objects.get().state == "withdrawn"
    assert AuditEvent.objects.filter(action="case.withdraw", actor_label="resident").exists()


def test_escalation_of_an_answered_complaint(client, filed, leader):
    assert client.post(action_url(filed, "escalate"), {"text": "Lên cấp trên"}).status_code == 404
    transition(case=filed.case, action="answer", actor=leader, text="Quyết định")
    assert client.post(action_url(filed, "escalate"), {"text": "Khiếu nại lần hai"}).status_code == 302
    assert Case.objects.get().state == "escalated"


# --- the escalation window (Law on Complaints Art. 33) --------------------------------------------------------------
MONDAY = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)  # 09:00 in Hà Nội: the decision is sent
LAST_DAY = dt.datetime(2026, 12, 23, 16, 59, tzinfo=dt.UTC)  # 23:59 on 23/12/2026, the 30th day
DAY_AFTER = dt.datetime(2026, 12, 23, 17, 1, tzinfo=dt.UTC)  # 00:01 on 24/12/2026


@pytest.fixture
def answered_complaint(ward, category, leader):
    """A complaint filed, accepted and answered on Monday 23/11/2026 (the `filed` fixture's shape)."""
    with time_machine.travel(MONDAY, tick=False):
        filed = submit_case(submission=Submission(
            ward=ward, kind="complaint", category=category, title="Khiếu nại", description="Khiếu nại quyết định.",
            contact_name="An", contact_address="1 Lê Lợi", decision_date=dt.date(2026, 11, 1)))
        transition(case=filed.case, action="accept", actor=leader)
        transition(case=filed.case, action="answer", actor=leader, text="Quyết định giải quyết lần đầu")
    return filed


def test_within_the_window_the_page_offers_escalation_and_says_until_when(client, answered_complaint):
    with time_machine.travel(LAST_DAY, tick=False):
        page = client.get(answered_complaint.secret_path).content.decode()
        assert in_main(page, 'id="escalate"') and "23/12/2026" in page
        assert re.search(r'data-testid="escalate-until">[^<]*23/12/2026[^<]*Điều 33', page)
        response = client.post(action_url(answered_complaint, "escalate"), {"text": "Khiếu nại lần hai"})
    assert response.status_code == 302
    assert Case.objects.get().state == "escalated"
    assert AuditEvent.objects.filter(action="case.escalate", actor_label="resident").count() == 1


def test_the_day_after_the_window_escalation_is_not_offered_and_a_direct_post_is_refused(client,
                                                                                         answered_complaint):
    with time_machine.travel(LAST_DAY, tick=False):
        assert in_main(client.get(answered_complaint.secret_path).content.decode(), 'id="escalate"')
    events, messages = AuditEvent.objects.count(), Case.objects.get().messages.count()
    with time_machine.travel(DAY_AFTER, tick=False):
        # the page kept in memory on the last day is not served the day after
        page = client.get(answered_complaint.secret_path).content.decode()
        assert 'id="escalate"' not in page and "escalate-until" not in page
        response = client.post(action_url(answered_complaint, "escalate"), {"text": "Khiếu nại lần hai"})
    assert response.status_code == 400
    refused = response.content.decode()
    assert 'id="error-summary"' in refused and 'href="#escalate"' in refused
    assert "Đã hết thời hạn khiếu nại lên cấp trên" in refused and "Điều 33" in refused and "23/12/2026" in refused
    assert ">Khiếu nại lần hai</textarea>" in refused.replace("\n", "")  # what the resident wrote is kept
    case = Case.objects.get()
    assert case.state == "answered" and case.messages.count() == messages
    assert AuditEvent.objects.count() == events and not AuditEvent.objects.filter(action="case.escalate").exists()


def test_the_owner_page_follows_the_window_too(client, ward, category, leader, resident):
    with time_machine.travel(MONDAY, tick=False):
        case = submit_case(submission=Submission(
            ward=ward, kind="complaint", category=category, title="Của tôi", description="Khiếu nại quyết định.",
            contact_name="An", contact_address="1 Lê Lợi", decision_date=dt.date(2026, 11, 1)), actor=resident).case
        transition(case=case, action="answer", actor=leader, text="Quyết định")
    page_url = reverse("frontend:my-case", kwargs={"code": case.tracking_code})
    url = reverse("frontend:my-case-action", kwargs={"code": case.tracking_code, "action": "escalate"})
    with time_machine.travel(LAST_DAY, tick=False):
        client.force_login(resident)
        page = client.get(page_url).content.decode()
        assert in_main(page, 'id="escalate"') and 'data-testid="escalate-until"' in page
    with time_machine.travel(DAY_AFTER, tick=False):
        client.force_login(resident)
        assert 'id="escalate"' not in client.get(page_url).content.decode()
        assert client.post(url, {"text": "Lần hai"}).status_code == 400
    assert Case.objects.get().state == "answered"


def test_a_complaint_of_a_remote_ward_may_be_escalated_for_45_days(client, ward, answered_complaint):
    ward.is_remote = True
    ward.save()
    with time_machine.travel(dt.datetime(2027, 1, 7, 9, 0, tzinfo=dt.UTC), tick=False):
        page = client.get(answered_complaint.secret_path).content.decode()
        assert in_main(page, 'id="escalate"') and "07/01/2027" in page and "45 ngày" in page
    with time_machine.travel(dt.datetime(2027, 1, 7, 17, 1, tzinfo=dt.UTC), tick=False):  # 00:01 on 8/1
        assert 'id="escalate"' not in client.get(answered_complaint.secret_path).content.decode()
        assert client.post(action_url(answered_complaint, "escalate"), {"text": "Lần hai"}).status_code == 400


# --- escalation when the ward missed its time limit to resolve (Art. 33) ---------------------------------------------
# Accepted on Monday 23/11/2026: due 23/12/2026; escalation from 24/12/2026 until 22/1/2027.
DUE_LAST_MINUTE = dt.datetime(2026, 12, 23, 16, 59, tzinfo=dt.UTC)  # 23:59 on 23/12/2026
OVERDUE = dt.datetime(2026, 12, 23, 17, 1, tzinfo=dt.UTC)  # 00:01 on 24/12/2026
WINDOW_ENDED = dt.datetime(2027, 1, 22, 17, 1, tzinfo=dt.UTC)  # 00:01 on 23/1/2027


@pytest.fixture
def accepted_complaint(ward, category, leader):
    with time_machine.travel(MONDAY, tick=False):
        filed = submit_case(submission=Submission(
            ward=ward, kind="complaint", category=category, title="Khiếu nại", description="Khiếu nại quyết định.",
            contact_name="An", contact_address="1 Lê Lợi", decision_date=dt.date(2026, 11, 1)))
        transition(case=filed.case, action="accept", actor=leader)
    return filed


def test_an_overdue_complaint_page_says_the_ward_missed_its_time_limit_and_offers_escalation(
        client, accepted_complaint):
    with time_machine.travel(DUE_LAST_MINUTE, tick=False):
        page = client.get(accepted_complaint.secret_path).content.decode()
        assert 'id="escalate"' not in page and "escalate-overdue" not in page
    with time_machine.travel(OVERDUE, tick=False):
        # the page kept in memory on the due date is not served the day after
        page = client.get(accepted_complaint.secret_path).content.decode()
        notice = re.search(r'data-testid="escalate-overdue">([^<]*)', page).group(1)
        assert "không giải quyết khiếu nại của ông/bà trong thời hạn" in notice and "23/12/2026" in notice
        assert "đến hết ngày 22/01/2027" in notice and "Điều 33" in notice
        assert in_main(page, 'id="escalate"') and "Không đồng ý với quyết định" not in page
        response = client.post(action_url(accepted_complaint, "escalate"), {"text": "Phường quá hạn giải quyết"})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.state == "escalated" and case.clock_state == "stopped"
    assert AuditEvent.objects.filter(action="case.escalate", actor_label="resident").count() == 1


def test_before_its_due_date_has_passed_a_direct_post_is_refused_saying_until_when(client, accepted_complaint):
    events, messages = AuditEvent.objects.count(), Case.objects.get().messages.count()
    with time_machine.travel(DUE_LAST_MINUTE, tick=False):
        response = client.post(action_url(accepted_complaint, "escalate"), {"text": "Lần hai"})
    assert response.status_code == 400
    refused = response.content.decode()
    assert 'id="error-summary"' in refused and 'href="#escalate"' in refused
    assert "Phường vẫn còn thời hạn giải quyết khiếu nại này đến hết ngày 23/12/2026" in refused
    case = Case.objects.get()
    assert (case.state, case.clock_state) == ("accepted", "running") and case.messages.count() == messages
    assert AuditEvent.objects.count() == events


def test_after_the_window_an_overdue_complaint_is_not_offered_escalation_and_a_post_is_refused(
        client, accepted_complaint):
    events = AuditEvent.objects.count()
    with time_machine.travel(WINDOW_ENDED, tick=False):
        page = client.get(accepted_complaint.secret_path).content.decode()
        assert 'id="escalate"' not in page and "escalate-overdue" not in page
        response = client.post(action_url(accepted_complaint, "escalate"), {"text": "Lần hai"})
    assert response.status_code == 400
    assert "Đã hết thời hạn khiếu nại lên cấp trên" in response.content.decode()
    assert "22/01/2027" in response.content.decode()
    assert Case.objects.get().state == "accepted" and AuditEvent.objects.count() == events


def test_a_complaint_waiting_for_information_is_not_offered_escalation(client, accepted_complaint, leader):
    with time_machine.travel(dt.datetime(2026, 12, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        transition(case=accepted_complaint.case, action="request_info", actor=leader, text="Xin bản sao")
    with time_machine.travel(OVERDUE, tick=False):
        page = client.get(accepted_complaint.secret_path).content.decode()
        assert 'id="escalate"' not in page and in_main(page, 'id="provide-info"')
        response = client.post(action_url(accepted_complaint, "escalate"), {"text": "Lần hai"})
    assert response.status_code == 400 and "tạm dừng" in response.content.decode()
    assert Case.objects.get().state == "needs_info"


def test_owner_acts_from_my_cases(client, ward, category, resident, other_resident):
    case = submit_case(submission=Submission(ward=ward, kind="feedback", category=category, title="Của tôi",
                                             description="Nội dung phản ánh của tôi."), actor=resident).case
    url = reverse("frontend:my-case-action", kwargs={"code": case.tracking_code, "action": "message"})
    client.force_login(other_resident)
    assert client.post(url, {"text": "không phải của tôi"}).status_code == 404
    client.force_login(resident)
    assert client.post(url, {"text": "Bổ sung ảnh"}).status_code == 302
    assert case.messages.filter(kind="resident").count() == 1


def _forms_and_ids(page):
    """Each <form> of the page's <main> with the ids inside it and the ids its labels point to; all ids of <main>."""
    main = page[page.index("<main"):page.index("</main>")]
    forms = [(re.findall(r'\sid="([^"]+)"', chunk), re.findall(r'<label[^>]*\sfor="([^"]+)"', chunk))
             for chunk in re.findall(r"<form\b.*?</form>", main, flags=re.S)]
    return forms, re.findall(r'\sid="([^"]+)"', main)


@pytest.mark.parametrize("refused", [None, "withdraw", "provide_info"])
def test_every_label_of_the_action_forms_names_a_field_of_its_own_form(client, filed, leader, refused):
    """A case waiting for information offers three forms with a text field (the information, a message, the reason to
    withdraw): each field has its own id, so a label (and a screen reader) names the right one, also on the page
    shown again with a refused form's errors."""
    transition(case=filed.case, action="request_info", actor=leader, text="Xin bản sao quyết định")
    if refused:
        response = client.post(action_url(filed, refused), {"text": ""})
        assert response.status_code == 400
        page = response.content.decode()
    else:
        page = client.get(filed.secret_path).content.decode()
    forms, ids = _forms_and_ids(page)
    labelled = [labels for _, labels in forms if labels]
    assert len(labelled) >= 3  # provide_info, message, withdraw
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for form_ids, labels in forms:
        assert set(labels) <= set(form_ids)


@pytest.mark.parametrize("days", [30, 45])
def test_the_rating_form_says_how_long_a_poor_rating_reopens_the_case(client, filed, leader, settings, days):
    """The page promised that a rating of 1 or 2 reopens the case, but rate_answer() reopens it only within the
    window after the answer: a resident rating an old answer poorly was told one thing and saw another."""
    if days != 30:
        settings.RATING_REOPEN_WINDOW_DAYS = days
    transition(case=filed.case, action="answer", actor=leader, text="Quyết định giải quyết khiếu nại")
    page = client.get(filed.secret_path).content.decode()
    assert in_main(page, f"Nếu đánh giá 1 hoặc 2 điểm trong vòng {days} ngày kể từ ngày có văn bản trả lời")


def test_the_address_of_a_refused_action_leads_back_to_the_case(client, filed):
    """A refused action's page is shown at the action's address (…/withdraw/). Switching the language there (the
    switch returns to the page's address), or opening that address again, gave a blank 405 page; it leads to the
    case's page now, and does nothing to the case."""
    refused = client.post(action_url(filed, "withdraw"), {"text": "Đã được giải quyết"})
    assert refused.status_code == 400
    switched = client.post(reverse("set_language"), {"language": "en", "next": action_url(filed, "withdraw")},
                           follow=True)
    assert switched.redirect_chain[-1] == (filed.secret_path, 302)
    assert switched.status_code == 200 and "Withdraw the case" in switched.content.decode()
    assert Case.objects.get().state == "received"
    wrong = client.get(action_url(filed, "withdraw", token="wrong-secret"), follow=True)
    assert wrong.status_code == 404


def test_the_address_of_an_owners_action_leads_back_to_their_case(client, ward, category, resident):
    case = submit_case(submission=Submission(ward=ward, kind="feedback", category=category, title="Của tôi",
                                             description="Nội dung phản ánh của tôi."), actor=resident).case
    url = reverse("frontend:my-case-action", kwargs={"code": case.tracking_code, "action": "withdraw"})
    client.force_login(resident)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("frontend:my-case", kwargs={"code": case.tracking_code})
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(("action", "section"), [("withdraw", "withdraw"), ("provide_info", "provide-info")])
def test_a_refused_action_says_so_at_the_top_of_the_page(client, filed, leader, action, section):
    """A refused form came back with its errors at the foot of the page, which opened at the top showing nothing
    else: a resident on a phone could believe it was sent. The top says it was not, with a link to the form."""
    transition(case=filed.case, action="request_info", actor=leader, text="Xin bản sao quyết định")
    assert "error-summary" not in client.get(filed.secret_path).content.decode()
    response = client.post(action_url(filed, action), {"text": ""})
    assert response.status_code == 400
    page = response.content.decode()
    main = page[page.index("<main"):]
    summary = main.index('id="error-summary"')
    assert summary < main.index("<h1>") < main.index(f'id="{section}"')
    assert "Yêu cầu của ông/bà chưa được gửi." in main and f'href="#{section}"' in main[summary:main.index("<h1>")]


def test_once_rated_the_answered_case_no_longer_asks_for_a_rating(client, filed, leader):
    """'Phường đã trả lời. Vui lòng đọc nội dung trả lời và đánh giá mức độ hài lòng.' stayed above a rated answer,
    on a page with no rating form left."""
    transition(case=filed.case, action="answer", actor=leader, text="Quyết định giải quyết khiếu nại")
    asking = "Vui lòng đọc nội dung trả lời và đánh giá mức độ hài lòng."
    assert in_main(client.get(filed.secret_path).content.decode(), asking)
    assert client.post(action_url(filed, "rate"), {"score": 4}).status_code == 302
    page = client.get(filed.secret_path).content.decode()
    assert asking not in page and 'id="rate"' not in page
    assert in_main(page, "Phường đã trả lời. Nội dung trả lời được nêu trong quá trình xử lý dưới đây.")
