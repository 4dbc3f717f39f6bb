"""GET requests and requests/{id}: filters, the default window and limit, pagination, extensions, and privacy."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from portal.cases import services
from portal.cases.models import Case, Message
from portal.cases.workflow import transition
from tests.factories import CategoryFactory, WardFactory

from . import schemas
from .conftest import CONTACT, PERSONAL, REPRESENTATIVE, assert_no_personal, get_json, get_xml

pytestmark = pytest.mark.django_db


def test_lists_cases_with_string_ids_and_state_mapping(client, file_case, officer):
    first = file_case()
    second = transition(case=file_case(), action="accept", actor=officer)
    body = get_json(client, "/open311/v2/requests.json", schema=schemas.SERVICE_REQUESTS)
    assert [r["service_request_id"] for r in body] == [second.tracking_code, first.tracking_code]
    entry = body[1]
    assert entry["status"] == "open" and entry["status_notes"] == "Đã tiếp nhận"
    assert body[0]["status_notes"] != entry["status_notes"]
    assert entry["service_code"] == "ha-tang" and entry["service_name"] == "Hạ tầng, giao thông"
    assert entry["expected_datetime"].startswith(first.due_date.isoformat())
    assert entry["agency_responsible"] == first.ward.name


def test_without_consent_only_the_area_is_shown(client, file_case):
    case = file_case(publish_consent=False)
    [entry] = get_json(client, f"/open311/v2/requests/{case.tracking_code}.json", schema=schemas.SERVICE_REQUESTS)
    assert entry["address"] == "Khu phố 1" and entry["address_id"] == "KP1"
    assert entry["lat"] is None and entry["long"] is None and entry["description"] is None
    assert case.title not in str(entry) and "45 Lê Lợi" not in str(entry)


@pytest.mark.parametrize("kind", ["feedback", "complaint"])
def test_with_consent_the_text_is_shown_but_the_place_only_as_its_area(client, file_case, kind):
    # The address of the issue is often the resident's home (here it is their own address): never shown, nor the
    # coordinates that would pin it down; the text mentioning it is redacted.
    case = file_case(kind=kind, publish_consent=True, address="77 Hẻm Kín, tổ 9",
                     description="Nước sinh hoạt ở 77 Hẻm Kín, tổ 9 bị đục ba ngày nay.")
    [entry] = get_json(client, f"/open311/v2/requests/{case.tracking_code}.json", schema=schemas.SERVICE_REQUESTS)
    assert case.title in entry["description"] and "bị đục ba ngày nay" in entry["description"]
    assert entry["address"] == "Khu phố 1" and entry["address_id"] == "KP1"
    assert entry["lat"] is None and entry["long"] is None
    assert "77 Hẻm Kín" not in str(entry) and "10.8001" not in str(entry)


def test_no_personal_field_ever_and_no_denunciation(client, file_case, officer):
    feedback = file_case(publish_consent=True, signatory_count=6, representative_name=REPRESENTATIVE)
    complaint = file_case(kind="complaint", publish_consent=True)
    denunciation = file_case(kind="denunciation", publish_consent=True, title="Tố cáo cán bộ nhận tiền",
                             signatory_count=5, representative_name=REPRESENTATIVE)
    services.reply(case=feedback, actor=officer, text="Phường đã nhận đơn.")
    services.resident_message(case=feedback, text=f"Tôi là {PERSONAL[0]}, gọi {PERSONAL[1]}")
    services.add_note(case=feedback, actor=officer, text="Ghi chú nội bộ bí mật")
    for url in ("/open311/v2/requests.json", "/open311/v2/requests.xml"):
        for params in ({}, {"extensions": "true"}, {"service_request_id": denunciation.tracking_code}):
            response = client.get(url, params)
            text = response.content.decode()
            assert response.status_code == 200
            assert_no_personal(text)
            assert denunciation.tracking_code not in text and "Tố cáo cán bộ" not in text
            assert "Ghi chú nội bộ" not in text and officer.username not in text
    body = get_json(client, "/open311/v2/requests.json", {"extensions": "true"}, schema=schemas.SERVICE_REQUESTS)
    assert {r["service_request_id"] for r in body} == {feedback.tracking_code, complaint.tracking_code}
    for suffix in ("json", "xml"):
        response = client.get(f"/open311/v2/requests/{denunciation.tracking_code}.{suffix}")
        assert response.status_code == 404
        assert denunciation.tracking_code not in response.content.decode()


def test_request_by_id_in_xml(client, file_case):
    case = file_case()
    root = get_xml(client, f"/open311/v2/requests/{case.tracking_code.lower()}.xml")
    assert root.tag == "service_requests"
    [request] = root.findall("request")
    assert request.findtext("service_request_id") == case.tracking_code
    assert request.findtext("status") == "open" and request.findtext("lat") == ""
    assert request.find("zipcode") is not None


def test_control_characters_a_resident_typed_keep_the_xml_well_formed(client, file_case):
    """The intake takes control characters (a vertical tab pasted from Word, an escape sequence); one in one
    published case made the whole XML list malformed for every Open311 client."""
    case = file_case(publish_consent=True, title="Đèn hỏng\x0bđầu hẻm",
                     description="Tối \x1b[31m om \x0c cả tuần\x08 nay.")
    for url in ("/open311/v2/requests.xml", f"/open311/v2/requests/{case.tracking_code}.xml"):
        root = get_xml(client, url, {"extensions": "true"})
        assert root.findtext("request/description") == "Đèn hỏng\nđầu hẻm\n\nTối [31m om \n cả tuần nay."
    [entry] = get_json(client, f"/open311/v2/requests/{case.tracking_code}.json", schema=schemas.SERVICE_REQUESTS)
    assert entry["description"] == "Đèn hỏng\x0bđầu hẻm\n\nTối \x1b[31m om \x0c cả tuần\x08 nay."  # JSON holds them


def test_unknown_request_is_404(client, db):
    body = get_json(client, "/open311/v2/requests/PN17-2026-999999.json", status=404, schema=schemas.ERRORS)
    assert body[0]["code"] == 404
    root = get_xml(client, "/open311/v2/requests/PN17-2026-999999.xml", status=404)
    assert root.findtext("error/code") == "404"


def test_filters_by_ids_service_code_and_status(client, file_case, officer):
    other = CategoryFactory(code="cay-xanh", name="Cây xanh", kinds=["feedback"])
    a = file_case()
    b = file_case(category=other)
    c = file_case()
    Case.objects.filter(pk=c.pk).update(state="closed")  # the state machine's path there is tested elsewhere

    def ids(params):
        return {r["service_request_id"] for r in get_json(client, "/open311/v2/requests.json", params)}

    assert ids({"service_request_id": f"{a.tracking_code}, {b.tracking_code}"}) == {a.tracking_code, b.tracking_code}
    assert ids({"service_code": "cay-xanh"}) == {b.tracking_code}
    assert ids({"service_code": "cay-xanh,ha-tang"}) == {a.tracking_code, b.tracking_code, c.tracking_code}
    assert ids({"status": "closed"}) == {c.tracking_code}
    assert ids({"status": "open"}) == {a.tracking_code, b.tracking_code}
    assert ids({"status": "open,closed"}) == {a.tracking_code, b.tracking_code, c.tracking_code}
    # service_request_id overrides all other arguments
    assert ids({"service_request_id": c.tracking_code, "status": "open"}) == {c.tracking_code}
    assert ids({"jurisdiction_id": "PN17"}) == {a.tracking_code, b.tracking_code, c.tracking_code}


def test_the_default_window_is_the_last_90_days_and_ranges_are_bounded(client, file_case):
    with time_machine.travel(timezone.now() - dt.timedelta(days=120), tick=False):
        old = file_case()
    recent = file_case()
    ids = {r["service_request_id"] for r in get_json(client, "/open311/v2/requests.json")}
    assert ids == {recent.tracking_code}
    start = (timezone.localdate() - dt.timedelta(days=130)).isoformat()
    end = (timezone.localdate() - dt.timedelta(days=100)).isoformat()
    ids = {r["service_request_id"] for r in get_json(client, "/open311/v2/requests.json",
                                                     {"start_date": start, "end_date": end})}
    assert ids == {old.tracking_code}
    ids = {r["service_request_id"] for r in get_json(client, "/open311/v2/requests.json",
                                                     {"start_date": start + "T00:00:00+07:00"})}
    assert ids == {old.tracking_code}
    body = get_json(client, "/open311/v2/requests.json",
                    {"start_date": start, "end_date": timezone.localdate().isoformat()}, status=400,
                    schema=schemas.ERRORS)
    assert "90" in body[0]["description"]


@pytest.mark.parametrize("params", [
    {"start_date": "hôm qua"}, {"end_date": "2026-13-45"}, {"status": "pending"}, {"page": "0"},
    {"page_size": "1001"}, {"page_size": "x"}, {"updated_after": "2026-02-30T00:00:00Z"},
    {"start_date": "2026-05-01", "end_date": "2026-04-01"},
])
def test_bad_parameters_are_400_in_the_error_format(client, db, params):
    body = get_json(client, "/open311/v2/requests.json", params, status=400, schema=schemas.ERRORS)
    assert body[0]["code"] == 400
    root = get_xml(client, "/open311/v2/requests.xml", params, status=400)
    assert root.tag == "errors" and root.findtext("error/code") == "400"


def test_unknown_jurisdiction_is_404(client, db):
    get_json(client, "/open311/v2/requests.json", {"jurisdiction_id": "XX99"}, status=404, schema=schemas.ERRORS)


def test_updated_after_and_before(client, file_case):
    with time_machine.travel(timezone.now() - dt.timedelta(days=10), tick=False):
        old = file_case()
    new = file_case()
    since = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
    ids = {r["service_request_id"] for r in get_json(client, "/open311/v2/requests.json", {"updated_after": since})}
    assert ids == {new.tracking_code}
    ids = {r["service_request_id"] for r in get_json(client, "/open311/v2/requests.json", {"updated_before": since})}
    assert ids == {old.tracking_code}


def test_pages(client, file_case):
    cases = [file_case() for _ in range(5)]
    codes = [c.tracking_code for c in reversed(cases)]
    pages = [[r["service_request_id"] for r in get_json(client, "/open311/v2/requests.json",
                                                        {"page": n, "page_size": 2})] for n in (1, 2, 3, 4)]
    assert pages == [codes[0:2], codes[2:4], codes[4:5], []]


def test_at_most_1000_requests_by_default(client, file_case, monkeypatch):
    from api.open311 import views

    monkeypatch.setattr(views, "MAX_RESULTS", 3)
    for _ in range(4):
        file_case()
    assert len(get_json(client, "/open311/v2/requests.json")) == 3
    assert dt.timedelta(days=90) == views.DEFAULT_WINDOW


def test_extensions_add_the_public_timeline_without_authors_or_private_text(client, file_case, officer, leader):
    case = file_case(kind="complaint", publish_consent=False)
    case = transition(case=case, action="accept", actor=leader)
    services.reply(case=case, actor=officer, text="Trả lời riêng cho cư dân: anh Riêng Tư ơi")
    services.resident_message(case=case, text="Tin nhắn của cư dân")
    services.add_note(case=case, actor=officer, text="Ghi chú nội bộ")
    [entry] = get_json(client, f"/open311/v2/requests/{case.tracking_code}.json", {"extensions": "true"},
                       schema=schemas.SERVICE_REQUESTS)
    timeline = entry["extended_attributes"]["timeline"]
    assert [t["type"] for t in timeline] == ["submission", "state_change", "reply"]
    assert all(t["body"] is None for t in timeline)
    assert entry["extended_attributes"]["kind"] == "complaint"
    root = get_xml(client, f"/open311/v2/requests/{case.tracking_code}.xml", {"extensions": "true"})
    entries = root.findall("request/extended_attributes/timeline/entry")
    assert [e.findtext("type") for e in entries] == ["submission", "state_change", "reply"]
    shown = str(entry)
    assert "Riêng Tư ơi" not in shown and "Tin nhắn" not in shown and "Ghi chú" not in shown
    assert officer.username not in shown and leader.username not in shown
    plain = get_json(client, f"/open311/v2/requests/{case.tracking_code}.json")
    assert "extended_attributes" not in plain[0]


def test_the_official_answer_is_public_only_with_consent(client, file_case, officer):
    for consent in (True, False):
        case = transition(case=file_case(publish_consent=consent), action="accept", actor=officer)
        Message.objects.create(case=case, kind="answer", is_public=True, body="Phường đã thay bóng đèn.",
                               to_state="answered", created_at=timezone.now())
        [entry] = get_json(client, f"/open311/v2/requests/{case.tracking_code}.json", {"extensions": "true"})
        bodies = [t["body"] for t in entry["extended_attributes"]["timeline"] if t["type"] == "answer"]
        assert bodies == (["Phường đã thay bóng đèn."] if consent else [None])


@pytest.mark.parametrize("extensions", ["true", ""])
def test_a_constant_number_of_queries_whatever_the_count(client, file_case, officer, extensions,
                                                         django_assert_max_num_queries):
    for _ in range(3):
        services.reply(case=file_case(), actor=officer, text="Đã nhận")
    with django_assert_max_num_queries(3):
        assert len(get_json(client, "/open311/v2/requests.json", {"extensions": extensions})) == 3
    for _ in range(12):
        file_case(area=None)
    with django_assert_max_num_queries(3):
        assert len(get_json(client, "/open311/v2/requests.json",
                            {"extensions": extensions, "jurisdiction_id": "PN17"})) == 15


def test_cases_of_every_ward_are_listed_and_filtered_by_jurisdiction(client, file_case, category):
    other = WardFactory(code="BT01", name="Phường Bình Thạnh")
    here = file_case()
    there = file_case(ward=other, area=None)
    ids = {r["service_request_id"] for r in get_json(client, "/open311/v2/requests.json")}
    assert ids == {here.tracking_code, there.tracking_code}
    ids = {r["service_request_id"] for r in get_json(client, "/open311/v2/requests.json", {"jurisdiction_id": "bt01"})}
    assert ids == {there.tracking_code}


@pytest.mark.parametrize("query", [{"start_date": "9999-12-30"}, {"end_date": "0001-01-01"},
                                   {"updated_after": "0001-01-01T00:00:00+07:00"}])
def test_dates_at_the_ends_of_the_calendar_are_a_clear_400(client, query):
    response = client.get("/open311/v2/requests.json", query)
    assert response.status_code == 400
    assert response.json()[0]["code"] == 400


def test_personal_data_typed_into_a_published_text_is_redacted(client, file_case):
    case = file_case(publish_consent=True, description=f"Đèn hỏng trước nhà tôi, {CONTACT['contact_name']}, "
                                                        "gọi 0912 345 678 hoặc thu.nguyen@example.vn.")
    [entry] = get_json(client, f"/open311/v2/requests/{case.tracking_code}.json", schema=schemas.SERVICE_REQUESTS)
    assert "Đèn hỏng trước nhà tôi" in entry["description"]
    for secret in (CONTACT["contact_name"], "0912 345 678", "thu.nguyen@example.vn"):
        assert secret not in entry["description"]
