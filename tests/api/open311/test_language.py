"""Open311 in the client's language: Vietnamese by default; English for Accept-Language: en or the `locale` parameter
("en", "en_US"…), which wins over the header. Service names and descriptions, the kinds of a service, the status
notes and the timeline's descriptions follow it; what people wrote is given as written; the answer's
Content-Language says which it is. Answers alternating between languages never give one language's words to the
other, and English costs the queries of Vietnamese."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.cases import services
from portal.cases.models import Case
from portal.core.middleware import supported_language

from . import schemas
from .conftest import get_json

pytestmark = pytest.mark.django_db

VIETNAMESE = {"service_name": "Hạ tầng, giao thông", "group": "Phản ánh, kiến nghị, Khiếu nại, Tố cáo",
              "status_notes": "Đã tiếp nhận", "receipt": "Đã gửi đơn", "reply": "Trả lời người dân"}
ENGLISH = {"service_name": "Infrastructure and roads", "group": "Feedback / petition, Complaint, Denunciation",
           "status_notes": "Received", "receipt": "Submitted", "reply": "Reply to the resident"}


def answer(client, url, params=None, *, header=None, language):
    extra = {"HTTP_ACCEPT_LANGUAGE": header} if header else {}
    response = client.get(url, params or {}, **extra)
    assert response.status_code == 200, response.content
    assert response["Content-Language"] == language
    return response


def service(client, **kwargs) -> dict:
    body = answer(client, "/open311/v2/services.json", **kwargs).json()
    return {s["service_code"]: s for s in body}["ha-tang"]


@pytest.mark.parametrize(("params", "header", "language"), [
    ({}, None, "vi"),
    ({}, "en", "en"),
    ({}, "vi,en;q=0.8", "vi"),
    ({"locale": "en"}, None, "en"),
    ({"locale": "en_US"}, "vi", "en"),  # the parameter wins over the header
    ({"locale": "vi_VN"}, "en", "vi"),
    ({"locale": "xx"}, "en", "en"),  # an unknown locale is ignored
    ({"locale": "nonsense-" * 10}, None, "vi"),
])
def test_the_services_in_the_clients_language(client, category, params, header, language):
    words = ENGLISH if language == "en" else VIETNAMESE
    found = service(client, params=params, header=header, language=language)
    assert found["service_name"] == words["service_name"] and found["description"] == words["service_name"]
    assert found["group"] == words["group"]
    assert found["keywords"] == "feedback, complaint, denunciation, Infrastructure and roads"  # codes and both names


def test_a_services_own_description_is_given_as_written(client, category):
    category.description = "Đường sá, vỉa hè, đèn chiếu sáng công cộng"
    category.save()
    for header, language in ((None, "vi"), ("en", "en")):
        found = service(client, header=header, language=language)
        assert found["description"] == "Đường sá, vỉa hè, đèn chiếu sáng công cộng"


def test_the_xml_services_too(client, category):
    response = answer(client, "/open311/v2/services.xml", {"locale": "en"}, language="en")
    assert "<service_name>Infrastructure and roads</service_name>" in response.content.decode()


def test_the_service_definition_in_english(client, ward, category):
    body = answer(client, "/open311/v2/services/ha-tang.json", {"locale": "en"}, language="en").json()
    kind = {a["code"]: a for a in body["attributes"]}["kind"]
    assert [v["name"] for v in kind["values"]] == ["Feedback / petition", "Complaint", "Denunciation"]


@pytest.fixture
def replied(file_case, officer):
    case = file_case(publish_consent=True, description="Đèn đường hỏng ba ngày nay, buổi tối rất tối.")
    services.reply(case=case, actor=officer, text="Phường sẽ thay bóng đèn trong tuần.")
    return case


@pytest.mark.parametrize(("params", "header", "language"), [({}, None, "vi"), ({}, "en", "en"),
                                                            ({"locale": "en"}, None, "en"),
                                                            ({"locale": "vi"}, "en", "vi")])
def test_requests_in_the_clients_language(client, replied, params, header, language):
    words = ENGLISH if language == "en" else VIETNAMESE
    for url in ("/open311/v2/requests.json", f"/open311/v2/requests/{replied.tracking_code}.json"):
        [entry] = answer(client, url, {"extensions": "true", **params}, header=header, language=language).json()
        assert entry["status_notes"] == words["status_notes"] and entry["service_name"] == words["service_name"]
        receipt, reply = entry["extended_attributes"]["timeline"]
        assert (receipt["type"], receipt["description"], receipt["status_notes"]) == (
            "submission", words["receipt"], words["status_notes"])
        assert (reply["type"], reply["description"], reply["status_notes"]) == ("reply", words["reply"], None)
        # the resident's text (published with consent) as written; the ward's name is a name
        assert "Đèn đường hỏng ba ngày nay" in entry["description"]
        assert entry["agency_responsible"] == "Phường Phú Nhuận"


def test_answers_alternating_between_languages_never_cross(client, category, replied):
    url = f"/open311/v2/requests/{replied.tracking_code}.json"
    requests = [answer(client, url, {"extensions": "true"}, header=header, language=language).json()
                for header, language in (("en", "en"), (None, "vi"), ("en", "en"), (None, "vi"))]
    services_ = [service(client, header=header, language=language)
                 for header, language in (("en", "en"), (None, "vi"), ("en", "en"), (None, "vi"))]
    for answers in (requests, services_):
        assert answers[0] == answers[2] and answers[1] == answers[3] and answers[0] != answers[1]
    assert requests[1][0]["status_notes"] == "Đã tiếp nhận" and services_[1]["service_name"] == "Hạ tầng, giao thông"


def test_english_costs_the_queries_of_vietnamese(client, file_case, officer, django_assert_max_num_queries):
    for _ in range(5):
        services.reply(case=file_case(), actor=officer, text="Đã nhận")
    counts = {}
    for header, language in ((None, "vi"), ("en", "en")):
        with CaptureQueriesContext(connection) as ctx:
            body = answer(client, "/open311/v2/requests.json", {"extensions": "true"}, header=header,
                          language=language).json()
        assert len(body) == 5
        counts[language] = len(ctx.captured_queries)
    assert counts["vi"] == counts["en"] <= 3


def test_filing_with_locale_en_answers_in_english_and_the_case_speaks_english(client, api_key, ward, area, category):
    data = {"api_key": api_key, "service_code": "ha-tang", "address_id": "KP1", "attribute[kind]": "feedback",
            "description": "Ổ gà lớn trước số 45 Lê Lợi, xe máy dễ té ngã.", "email": "dan@example.vn"}
    english = client.post("/open311/v2/requests.json", {**data, "locale": "en"})
    vietnamese = client.post("/open311/v2/requests.json", data)
    assert english.status_code == vietnamese.status_code == 200, english.content
    assert english["Content-Language"] == "en" and vietnamese["Content-Language"] == "vi"
    [receipt], [nhan] = english.json(), vietnamese.json()
    assert receipt["service_notice"].startswith("Received. The ward will answer by ")
    assert nhan["service_notice"].startswith("Đã tiếp nhận.")
    # the resident is written to in the language they filed in
    assert Case.objects.get(tracking_code=receipt["service_request_id"]).language == "en"
    assert Case.objects.get(tracking_code=nhan["service_request_id"]).language == "vi"


def test_errors_in_the_clients_language(client, db):
    english = get_json(client, "/open311/v2/services/khong-co.json", {"locale": "en"}, status=404,
                       schema=schemas.ERRORS)
    assert english[0]["description"] == "service_code not found: khong-co"
    vietnamese = get_json(client, "/open311/v2/services/khong-co.json", status=404, schema=schemas.ERRORS)
    assert vietnamese[0]["description"] != english[0]["description"] and "khong-co" in vietnamese[0]["description"]


@pytest.mark.parametrize(("value", "language"), [("en", "en"), ("en_US", "en"), ("EN-gb", "en"), ("vi_VN", "vi"),
                                                 ("vi", "vi"), ("fr", None), ("", None), (None, None),
                                                 ("e" * 40, None), ("en\x00", None)])
def test_which_locales_are_the_portals_languages(value, language):
    assert supported_language(value) == language
