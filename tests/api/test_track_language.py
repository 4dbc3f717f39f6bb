"""GET /api/v1/cases/track/{code}/ in the client's language: Vietnamese by default, English for Accept-Language: en.
The category, the state's label and explanation, each timeline entry's heading (the receipt: "Case received") and
the texts the portal writes itself (a transfer) follow it, whichever language they were stored in; what people wrote
is given as written. Nothing is kept between answers that could give one language's words to the other."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework.test import APIClient

from portal.cases import services
from portal.cases.services import Submission, submit_case
from portal.cases.workflow import transition

pytestmark = pytest.mark.django_db

RESIDENT_WORDS = "Tôi bổ sung: ổ gà rộng hơn một mét."
OFFICER_WORDS = "Vụ việc thuộc thẩm quyền của quận."


def file(ward, category, *, language="vi"):
    return submit_case(submission=Submission(
        ward=ward, kind="feedback", category=category, title="Ổ gà trên đường Lê Lợi",
        description="Ổ gà lớn trước số 45 Lê Lợi, xe máy dễ té ngã.", language=language))


@pytest.fixture
def moved(ward, category, leader):
    """A case the resident wrote on, then forwarded to the district (its entry written in Vietnamese)."""
    filed = file(ward, category)
    services.resident_message(case=filed.case, text=RESIDENT_WORDS)
    with translation.override("vi"):
        transition(case=filed.case, action="transfer", actor=leader, to_body="UBND quận Phú Nhuận",
                   text=OFFICER_WORDS)
    return filed


def track(filed, language=None, **extra):
    if language:
        extra["HTTP_ACCEPT_LANGUAGE"] = language
    response = APIClient().get(f"/api/v1/cases/track/{filed.case.tracking_code}/", {"token": filed.access_token},
                               **extra)
    assert response.status_code == 200, response.content
    return response


EXPECTED = {
    "vi": {"category": "Hạ tầng, giao thông", "state_label": "Đã chuyển đơn đến cơ quan có thẩm quyền",
           "state_explanation": "Đơn đã được chuyển đến cơ quan có thẩm quyền giải quyết.",
           "labels": ["Đơn đã được tiếp nhận", "Tin nhắn của người dân", "Đã chuyển đơn đến cơ quan có thẩm quyền"],
           "transfer": "Đã chuyển đơn đến: UBND quận Phú Nhuận"},
    "en": {"category": "Infrastructure and roads", "state_label": "Forwarded to the competent body",
           "state_explanation": "The case was forwarded to the body competent to handle it.",
           "labels": ["Case received", "Message from the resident", "Forwarded to the competent body"],
           "transfer": "Forwarded to: UBND quận Phú Nhuận"},
}


@pytest.mark.parametrize(("header", "language"), [(None, "vi"), ("en", "en")])
def test_the_case_in_the_clients_language(moved, header, language):
    expected = EXPECTED[language]
    response = track(moved, header)
    assert response["Content-Language"] == language
    body = response.json()
    assert body["state"] == "transferred"
    assert {key: body[key] for key in ("category", "state_label", "state_explanation")} == {
        key: expected[key] for key in ("category", "state_label", "state_explanation")}
    assert [e["label"] for e in body["timeline"]] == expected["labels"]
    receipt, message, transfer = body["timeline"]
    assert (receipt["kind"], receipt["state"], receipt["body"]) == ("submission", "received", "")
    assert message["body"] == RESIDENT_WORDS  # the resident's words, as written
    assert transfer["body"] == f"{expected['transfer']}\n\n{OFFICER_WORDS}"
    # the ward's name is a name; the title is the resident's
    assert body["ward"] == "Phường Phú Nhuận" and body["title"] == "Ổ gà trên đường Lê Lợi"


@pytest.mark.parametrize(("header", "language"), [("vi,en;q=0.8", "vi"), ("en-US,en;q=0.9", "en"),
                                                  ("fr", "vi")])
def test_the_preferred_supported_language_of_the_header(moved, header, language):
    response = track(moved, header)
    assert response["Content-Language"] == language
    assert response.json()["timeline"][0]["label"] == {"vi": "Đơn đã được tiếp nhận", "en": "Case received"}[language]


def test_an_entry_stored_in_english_reads_in_vietnamese(ward, category, leader):
    filed = file(ward, category, language="en")
    with translation.override("en"):  # the officer worked in English
        transition(case=filed.case, action="transfer", actor=leader, to_body="UBND quận", text=OFFICER_WORDS)
    assert track(filed).json()["timeline"][-1]["body"] == f"Đã chuyển đơn đến: UBND quận\n\n{OFFICER_WORDS}"
    assert track(filed, "en").json()["timeline"][-1]["body"] == f"Forwarded to: UBND quận\n\n{OFFICER_WORDS}"


def test_answers_alternating_between_languages_never_cross(moved):
    answers = [track(moved, language).json() for language in ("en", "vi", "en", "vi")]
    assert answers[0] == answers[2] and answers[1] == answers[3]
    english, vietnamese = answers[0], answers[1]
    for key in ("category", "state_label", "state_explanation"):
        assert english[key] != vietnamese[key]
    assert [e["label"] for e in english["timeline"]] != [e["label"] for e in vietnamese["timeline"]]
    assert "Forwarded to" not in str(vietnamese) and "Đã chuyển đơn đến" not in str(english)


def test_the_residents_action_answers_in_the_clients_language(ward, category):
    filed = file(ward, category)
    response = APIClient().post(f"/api/v1/cases/track/{filed.case.tracking_code}/message/",
                                {"token": filed.access_token, "text": "Xin cho biết tiến độ."}, format="json",
                                HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["category"] == "Infrastructure and roads" and body["timeline"][0]["label"] == "Case received"
    assert body["timeline"][-1]["body"] == "Xin cho biết tiến độ."


def test_english_costs_the_queries_of_vietnamese_whatever_the_timeline(moved, leader,
                                                                       django_assert_max_num_queries):
    counts = {}
    for language in ("vi", "en"):
        with CaptureQueriesContext(connection) as ctx:
            track(moved, language)
        counts[language] = len(ctx.captured_queries)
    assert counts["vi"] == counts["en"]
    for i in range(10):
        services.resident_message(case=moved.case, text=f"Tin nhắn {i}")
    for language in ("vi", "en"):
        with django_assert_max_num_queries(counts["vi"]):
            assert len(track(moved, language).json()["timeline"]) == 13


def test_the_openapi_schema_documents_the_language_and_the_entries_label():
    spec = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "Accept-Language: en" in spec["info"]["description"]
    entry = spec["components"]["schemas"]["TimelineEntry"]["properties"]
    assert entry["label"]["type"] == entry["body"]["type"] == "string"
    assert "answer's language" in entry["body"]["description"]
    assert spec["components"]["schemas"]["CaseStatus"]["properties"]["category"]["type"] == "string"
