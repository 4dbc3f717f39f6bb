"""The staff API in the client's language: Vietnamese by default, English for Accept-Language: en. A case's page
(GET /api/v1/staff/cases/{code}/) gives the category, the labels and the timeline entries the portal writes itself
(a claim, a transfer) in it, whichever language they were stored in, with a denouncer's identity masked as before;
notes and the resident's words as written; the legal source of each step of the due date cited in English as the
case page cites it. The queue (GET /api/v1/staff/cases/) names the categories in it, from the reference memo that
every request of the process shares."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from portal.cases import services
from portal.cases.workflow import transition
from portal.deadlines.models import DeadlinePolicy

from .conftest import CONTACT

pytestmark = pytest.mark.django_db

NOTE = "Đã gọi điện cho tổ trưởng khu phố."
QUEUE = "/api/v1/staff/cases/"


def url(case):
    return f"/api/v1/staff/cases/{case.tracking_code}/"


def get(client, path, language=None):
    extra = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    response = client.get(path, **extra)
    assert response.status_code == 200, response.content
    assert response["Content-Language"] == (language or "vi")
    return response.json()


@pytest.fixture
def worked(make_case, department, officer):
    """A feedback the officer claimed (the portal's entry written in Vietnamese) and noted on."""
    case = make_case(department=department)
    with translation.override("vi"):
        services.claim(case=case, actor=officer)
    services.add_note(case=case, actor=officer, text=NOTE)
    return case


def test_a_case_in_vietnamese_by_default(as_user, officer, worked):
    body = get(as_user(officer), url(worked))
    assert body["category"]["name"] == "Hạ tầng, giao thông" and body["state_label"] == "Đã tiếp nhận"
    receipt, claim, note = body["timeline"]
    assert (receipt["kind"], receipt["kind_label"], receipt["body"]) == ("submission", "Đã gửi đơn", "")
    assert (claim["kind"], claim["kind_label"], claim["body"]) == ("system", "Hệ thống", "canbo đã nhận xử lý đơn.")
    assert (note["kind_label"], note["body"]) == ("Ghi chú nội bộ", NOTE)


def test_a_case_in_english(as_user, officer, worked):
    body = get(as_user(officer), url(worked), "en")
    assert body["category"]["name"] == "Infrastructure and roads" and body["state_label"] == "Received"
    receipt, claim, note = body["timeline"]
    assert (receipt["kind"], receipt["kind_label"], receipt["body"]) == ("submission", "Submitted", "")
    assert (claim["kind"], claim["kind_label"], claim["body"]) == ("system", "System", "canbo took the case.")
    assert (note["kind_label"], note["body"]) == ("Internal note", NOTE)  # the officer's words, as written


def test_an_entry_stored_in_english_reads_in_vietnamese(as_user, officer, leader, make_case, department):
    case = make_case(department=department)
    with translation.override("en"):
        services.assign(case=case, actor=leader, assignee=officer)
    assert get(as_user(leader), url(case))["timeline"][-1]["body"] == "Đã giao cho canbo xử lý."
    assert get(as_user(leader), url(case), "en")["timeline"][-1]["body"] == "Assigned to canbo."


def test_a_denouncers_identity_stays_masked_in_english(as_user, leader, supervisor, make_case, department):
    case = make_case(kind="denunciation", title="Tố cáo cán bộ địa chính", department=department,
                     description="Cán bộ địa chính nhận tiền để làm nhanh hồ sơ.")
    with translation.override("vi"):
        transition(case=case, action="transfer", actor=leader, to_body="Thanh tra quận",
                   text=f"Chuyển kèm lời khai của ông {CONTACT['contact_name']}, số {CONTACT['contact_phone']}.")
    seen = get(as_user(supervisor), url(case), "en")
    transfer = seen["timeline"][-1]
    assert transfer["body"].startswith("Forwarded to: Thanh tra quận\n\n") and "[***]" in transfer["body"]
    for secret in (CONTACT["contact_name"], CONTACT["contact_phone"], CONTACT["contact_email"]):
        assert secret not in str(seen)
    # the leader may read the identity: the same entry, in English, as written
    assert get(as_user(leader), url(case), "en")["timeline"][-1]["body"] == (
        f"Forwarded to: Thanh tra quận\n\nChuyển kèm lời khai của ông {CONTACT['contact_name']}, "
        f"số {CONTACT['contact_phone']}.")


def test_case_pages_alternating_between_languages_never_cross(as_user, officer, worked):
    client = as_user(officer)
    answers = [get(client, url(worked), language) for language in ("en", "vi", "en", "vi")]
    assert answers[0] == answers[2] and answers[1] == answers[3]
    assert answers[0]["timeline"][1]["body"] == "canbo took the case."
    assert answers[1]["timeline"][1]["body"] == "canbo đã nhận xử lý đơn."


def test_a_case_page_in_english_costs_the_queries_of_vietnamese(as_user, officer, worked,
                                                                django_assert_max_num_queries):
    client = as_user(officer)
    get(client, url(worked))  # fills the reference memo (wards, areas…)
    for i in range(15):
        services.add_note(case=worked, actor=officer, text=f"Ghi chú {i}")
    counts = {}
    for language in ("vi", "en"):
        with CaptureQueriesContext(connection) as ctx:
            get(client, url(worked), language)
        counts[language] = len(ctx.captured_queries)
    assert counts["vi"] == counts["en"] <= 12


def test_the_queue_names_categories_in_the_clients_language_and_never_crosses(as_user, leader, make_case,
                                                                              department):
    make_case(department=department)
    client = as_user(leader)
    # the first request fills the reference memo, whose category rows every later request shares, in English
    names = [get(client, QUEUE, language)["results"][0]["category"]["name"] for language in ("en", "vi", "en", "vi")]
    assert names == ["Infrastructure and roads", "Hạ tầng, giao thông"] * 2
    counts = {}
    for language in ("vi", "en"):
        with CaptureQueriesContext(connection) as ctx:
            get(client, QUEUE, language)
        counts[language] = len(ctx.captured_queries)
    assert counts["vi"] == counts["en"] <= 7


# --- the due date's legal sources ---------------------------------------------------------------------------------

def sources(client, case, language=None) -> list[str]:
    response = client.get(url(case), **({"HTTP_ACCEPT_LANGUAGE": language} if language else {}))
    assert response.status_code == 200, response.content
    return [line["source"] for line in response.json()["due_date_explanation"]]


def test_the_due_dates_legal_source_is_vietnamese_by_default_and_cited_in_english_on_request(
        as_user, officer, make_case, department):
    """As the case page: the source as it is in Vietnamese, its citation in English (the Vietnamese explanation after
    the citation is not translated, so it is left out)."""
    case = make_case(department=department)
    policy = DeadlinePolicy.objects.get(kind="feedback", step="answer", ward=None)
    client = as_user(officer)
    assert sources(client, case) == [policy.source]
    assert policy.source.startswith("Quy định của phường (mặc định 10 ngày làm việc")
    assert sources(client, case, "en") == ["The ward's own rule"]
    assert sources(client, case, "en-US") == ["The ward's own rule"]
    assert sources(client, case, "fr") == [policy.source]
    assert sources(client, case, "vi,en;q=0.8") == [policy.source]


def test_a_complaints_sources_are_cited_in_english_step_by_step(as_user, leader, make_case, department):
    case = make_case(kind="complaint", department=department)
    transition(case=case, action="accept", actor=leader)
    vietnamese, english = sources(as_user(leader), case), sources(as_user(leader), case, "en")
    assert len(vietnamese) == len(english) >= 2
    assert all(text.startswith(("Luật Khiếu nại", "Nghị định")) for text in vietnamese)
    assert all(text.startswith(("Law on Complaints No. 02/2011/QH13, Art.", "Decree No. 155/2026/NĐ-CP"))
               for text in english), english
    assert not any("thụ lý" in text or "khiếu nại" in text for text in english)


def test_a_source_the_portal_cannot_cite_in_english_stays_vietnamese(as_user, officer, make_case, department):
    own_rule = "Công văn số 12/UBND-VP của phường: trả lời phản ánh trong 10 ngày làm việc"
    DeadlinePolicy.objects.filter(kind="feedback", step="answer").update(source=own_rule)
    case = make_case(department=department)
    assert sources(as_user(officer), case, "en") == [own_rule] == sources(as_user(officer), case)


def test_sources_alternating_between_languages_never_cross(as_user, officer, worked):
    # (their queries: test_a_case_page_in_english_costs_the_queries_of_vietnamese, whose answer carries them)
    client = as_user(officer)
    answers = [sources(client, worked, language) for language in ("en", "vi", "en", "vi")]
    assert answers[0] == answers[2] == ["The ward's own rule"] and answers[1] == answers[3] != answers[0]
