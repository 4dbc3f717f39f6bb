"""POST requests: API keys, locations, attributes, multipart media, the intake's validation as 400, and the round
trip through GET."""

import xml.etree.ElementTree as ET

import jsonschema
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from portal.audit.models import AuditEvent
from portal.cases.models import Attachment, Case
from portal.open311.models import ApiKey
from portal.open311.services import issue_key
from tests.factories import WardFactory, image_bytes

from . import schemas
from .conftest import CONTACT, PERSONAL, assert_no_personal, get_json

pytestmark = pytest.mark.django_db
URL = "/open311/v2/requests.json"


def form(api_key, **overrides):
    data = {"api_key": api_key, "service_code": "ha-tang", "lat": "10.8001", "long": "106.6802",
            "description": "Ổ gà lớn trước số 45 Lê Lợi, xe máy dễ té ngã.", "attribute[kind]": "feedback"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def post(client, data, url=URL, status=200, schema=schemas.POST_RESPONSE):
    response = client.post(url, data)
    assert response.status_code == status, response.content
    if url.endswith(".json"):
        body = response.json()
        jsonschema.validate(body, schema if status == 200 else schemas.ERRORS)
        return body
    return ET.fromstring(response.content)


def test_post_then_get_round_trip(client, api_key, ward, area, category):
    data = form(api_key, first_name="Riêng Tư", last_name="Lê Văn", email=CONTACT["contact_email"],
                phone=CONTACT["contact_phone"], address_id="KP1", **{"attribute[publish_consent]": "true"})
    [receipt] = post(client, data)
    assert_no_personal(str(receipt))
    assert receipt["account_id"] is None and receipt["service_notice"]
    case = Case.objects.get(tracking_code=receipt["service_request_id"])
    assert case.channel == "open311" and case.kind == "feedback" and case.area.code == "KP1"
    assert case.contact_name == "Lê Văn Riêng Tư" and case.notify_by == "email" and not case.is_anonymous
    assert case.publish_consent and str(case.latitude) == "10.800100" and case.owner is None
    key = ApiKey.objects.get()
    assert key.last_used_at is not None
    filed = AuditEvent.objects.get(action="open311.request_filed")
    assert filed.object_id == str(case.pk) and filed.data["api_key"] == key.pk
    assert AuditEvent.objects.filter(action="case.submitted", object_id=str(case.pk)).exists()

    [entry] = get_json(client, f"/open311/v2/requests/{case.tracking_code}.json", schema=schemas.SERVICE_REQUESTS)
    assert entry["description"].endswith(data["description"]) and entry["status"] == "open"
    assert entry["lat"] is None and entry["long"] is None  # the area only (the place is often a home)
    assert_no_personal(str(entry))


def test_post_in_xml(client, api_key, ward, category):
    root = post(client, form(api_key), url="/open311/v2/requests.xml")
    assert root.tag == "service_requests"
    code = root.findtext("request/service_request_id")
    assert Case.objects.filter(tracking_code=code, is_anonymous=True, notify_by="none").exists()
    assert root.find("request/account_id") is not None


@pytest.mark.parametrize("key", [None, "", "sai-khoa"])
def test_without_a_valid_api_key_it_is_403_and_nothing_is_filed(client, ward, category, key):
    body = post(client, form(key), status=403)
    assert body[0]["code"] == 403
    root = post(client, form(key), url="/open311/v2/requests.xml", status=403)
    assert root.tag == "errors" and root.findtext("error/code") == "403"
    assert not Case.objects.exists()


def test_a_deactivated_key_is_refused(client, ward, category):
    key, raw = issue_key(name="Cũ")
    ApiKey.objects.filter(pk=key.pk).update(is_active=False)
    post(client, form(raw), status=403)


def test_a_ward_key_files_only_in_its_ward(client, ward, category):
    other = WardFactory(code="BT01")
    _key, raw = issue_key(name="Phường Bình Thạnh", ward=other)
    post(client, form(raw, jurisdiction_id="PN17"), status=403)
    [receipt] = post(client, form(raw))  # its ward is the default jurisdiction
    assert receipt["service_request_id"].startswith("BT01-")


def test_jurisdiction_is_required_when_there_are_several_wards(client, api_key, ward, category):
    WardFactory(code="BT01")
    body = post(client, form(api_key), status=400)
    assert "jurisdiction_id" in body[0]["description"]
    post(client, form(api_key, jurisdiction_id="NOPE"), status=400)
    [receipt] = post(client, form(api_key, jurisdiction_id="pn17"))
    assert receipt["service_request_id"].startswith("PN17-")


@pytest.mark.parametrize(("overrides", "word"), [
    ({"service_code": None}, "service_code"),
    ({"service_code": "khong-co"}, "service_code"),
    ({"lat": None, "long": None}, "location"),
    ({"lat": "x", "long": "y"}, "lat"),
    ({"lat": "95", "long": "106"}, "90"),
    ({"lat": None, "long": None, "address_id": "KP9"}, "address_id"),
    ({"description": "ngắn"}, "description"),
    ({"attribute[kind]": "khac"}, "kind"),
    ({"email": "khong-phai-email"}, "email"),
    # a valid address too long for the column (was a 500 on PostgreSQL)
    ({"email": ("a" * 60 + ".") * 3 + "b" * 61 + "@example.vn"}, "254"),
    ({"phone": "abc"}, "phone"),
    ({"attribute[publish_consent]": "co"}, "publish_consent"),
])
def test_bad_requests_are_400_with_a_description(client, api_key, ward, area, category, overrides, word):
    body = post(client, form(api_key, **overrides), status=400)
    assert body[0]["code"] == 400 and word.lower() in body[0]["description"].lower()
    assert not Case.objects.exists()


@pytest.mark.parametrize("field", [
    "api_key", "jurisdiction_id", "service_code", "address_id", "address_string", "description", "first_name",
    "last_name", "email", "phone", "attribute[kind]", "attribute[decision_reference]", "attribute[contact_address]",
])
def test_a_nul_character_in_any_field_is_400_and_nothing_is_filed(client, api_key, ward, area, category, field):
    """PostgreSQL cannot hold NUL in text: lookups with it were 500s, and texts went into the case unchecked."""
    data = form(api_key, jurisdiction_id="PN17", address_id="KP1", address_string="45 Lê Lợi", first_name="Riêng Tư",
                last_name="Lê Văn", email=CONTACT["contact_email"], phone=CONTACT["contact_phone"],
                **{"attribute[decision_reference]": "15/QĐ-UBND", "attribute[contact_address]": "45 Lê Lợi"})
    data[field] = data[field][:3] + "\x00" + data[field][3:]
    [error] = post(client, data, status=400)
    assert error == {"code": 400, "description": f"{field} có ký tự NUL (mã 0), là ký tự không được phép."}
    root = post(client, data, url="/open311/v2/requests.xml", status=400)
    assert root.tag == "errors" and root.findtext("error/code") == "400" and field in root.findtext("error/description")
    assert not Case.objects.exists()
    post(client, {**data, field: data[field].replace("\x00", "")})  # the same request without it is filed


def test_a_nul_character_in_a_field_name_is_400(client, api_key, ward, category):
    [error] = post(client, form(api_key, **{"attribute[ghi\x00chu]": "x"}), status=400)
    assert error["description"].startswith("attribute[ghichu] có ký tự NUL")
    assert not Case.objects.exists()


def test_the_name_is_family_name_first_and_the_published_text_does_not_show_it(client, api_key, ward, area, category):
    """GeoReport's last_name is the family name: "Tôn Nữ" and "Thảo Quyên" are "Tôn Nữ Thảo Quyên", as the resident
    writes it in the text. Put the other way round ("Thảo Quyên Tôn Nữ") the redaction did not find the name in the
    text and a consented request was published with it in clear."""
    description = "Tôi là Tôn Nữ Thảo Quyên, nhà ở hẻm 12, xin báo ổ gà lớn trước cửa nhà."
    data = form(api_key, first_name="Thảo Quyên", last_name="Tôn Nữ", email=CONTACT["contact_email"],
                address_id="KP1", description=description, **{"attribute[publish_consent]": "true"})
    [receipt] = post(client, data)
    case = Case.objects.get(tracking_code=receipt["service_request_id"])
    assert case.contact_name == "Tôn Nữ Thảo Quyên"
    [entry] = get_json(client, f"/open311/v2/requests/{case.tracking_code}.json", schema=schemas.SERVICE_REQUESTS)
    assert "ổ gà lớn" in entry["description"]
    assert "Quyên" not in entry["description"] and "Tôn Nữ" not in entry["description"], entry["description"]


def test_kind_is_required_unless_the_service_is_only_feedback(client, api_key, ward, category):
    post(client, form(api_key, **{"attribute[kind]": None}), status=400)
    from tests.factories import CategoryFactory

    CategoryFactory(code="ve-sinh", kinds=["feedback"])
    [receipt] = post(client, form(api_key, service_code="ve-sinh", **{"attribute[kind]": None}))
    assert Case.objects.get(tracking_code=receipt["service_request_id"]).kind == "feedback"


def test_the_intakes_rules_apply_and_their_messages_are_joined(client, api_key, ward, category):
    body = post(client, form(api_key, **{"attribute[kind]": "complaint"}), status=400)
    description = body[0]["description"]
    assert "name" in description.lower() or "tên" in description.lower()
    assert ";" in description  # name, address and decision date are all missing
    assert not Case.objects.exists()


def test_a_complaint_with_everything_the_law_asks(client, api_key, ward, category):
    data = form(api_key, first_name="Riêng Tư", last_name="Lê Văn", phone="0909123456", address_string="45 Lê Lợi",
                **{"attribute[kind]": "complaint", "attribute[contact_address]": CONTACT["contact_address"],
                   "attribute[decision_date]": "2026-11-01", "attribute[decision_reference]": "QĐ 12/2026"})
    [receipt] = post(client, data)
    case = Case.objects.get(tracking_code=receipt["service_request_id"])
    assert case.kind == "complaint" and case.decision_date.isoformat() == "2026-11-01"
    assert case.contact_address == CONTACT["contact_address"] and case.notify_by == "sms"
    assert_no_personal(str(receipt))


def test_a_denunciation_is_filed_but_never_listed(client, api_key, ward, category):
    data = form(api_key, first_name="Riêng Tư", last_name="Lê Văn", email=CONTACT["contact_email"],
                **{"attribute[kind]": "denunciation", "attribute[contact_address]": CONTACT["contact_address"],
                   "attribute[publish_consent]": "true"})
    [receipt] = post(client, data)
    code = receipt["service_request_id"]
    assert Case.objects.get(tracking_code=code).kind == "denunciation"
    assert_no_personal(str(receipt))
    assert client.get(f"/open311/v2/requests/{code}.json").status_code == 404
    assert code not in client.get("/open311/v2/requests.json", {"service_request_id": code}).content.decode()


def test_media_is_uploaded_as_multipart_and_re_encoded(client, api_key, ward, category):
    upload = SimpleUploadedFile("o-ga.jpg", image_bytes(), content_type="image/jpeg")
    [receipt] = post(client, {**form(api_key), "media": upload})
    case = Case.objects.get(tracking_code=receipt["service_request_id"])
    attachment = Attachment.objects.get(case=case)
    assert attachment.kind == "image" and attachment.sha256


def test_a_bad_media_file_is_400(client, api_key, ward, category):
    upload = SimpleUploadedFile("virus.jpg", b"MZ not an image", content_type="image/jpeg")
    post(client, {**form(api_key), "media": upload}, status=400)
    assert not Case.objects.exists()


def test_media_url_is_never_fetched(client, api_key, ward, category, monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("Open311 must not open network connections")

    monkeypatch.setattr(socket, "create_connection", refuse)
    [receipt] = post(client, form(api_key, media_url="http://example.com/anh.jpg"))
    assert not Attachment.objects.filter(case__tracking_code=receipt["service_request_id"]).exists()


def test_posts_are_rate_limited_per_key(client, api_key, ward, category, settings):
    settings.RATE_OPEN311_POST = "2/h"
    post(client, form(api_key))
    post(client, form(api_key))
    body = post(client, form(api_key), status=429)
    assert body[0]["code"] == 429
    _other, raw = issue_key(name="Khác")
    post(client, form(raw))


def test_a_signed_in_browser_needs_the_csrf_token(api_key, ward, category, resident):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(resident)
    response = browser.post(URL, form(api_key))
    assert response.status_code == 403
    jsonschema.validate(response.json(), schemas.ERRORS)
    assert not Case.objects.exists()
    # An integration sends no session: no CSRF token needed.
    assert Client(enforce_csrf_checks=True).post(URL, form(api_key)).status_code == 200


def test_get_only_endpoints_refuse_post(client, api_key, ward, category):
    response = client.post("/open311/v2/services.json", {"api_key": api_key})
    assert response.status_code == 405
    jsonschema.validate(response.json(), schemas.ERRORS)


def test_no_personal_data_in_any_response(client, api_key, ward, area, category, file_case):
    file_case(publish_consent=True, signatory_count=5, representative_name=PERSONAL[-1])
    file_case(kind="denunciation", publish_consent=True, signatory_count=5, representative_name=PERSONAL[-1])
    urls = ["discovery", "services", "services/ha-tang", "requests"]
    for code in Case.objects.values_list("tracking_code", flat=True):
        urls.append(f"requests/{code}")
    for url in urls:
        for suffix in ("json", "xml"):
            for params in ({}, {"extensions": "true"}):
                assert_no_personal(client.get(f"/open311/v2/{url}.{suffix}", params).content.decode())
