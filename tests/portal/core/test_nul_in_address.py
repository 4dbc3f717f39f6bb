"""A NUL character (%00) in an address's path or in a query parameter's name or value is a 400 with a message, in
Vietnamese by default, before any view runs: PostgreSQL cannot hold NUL in text, and every lookup that carried one
(a tracking code, a ward code, a search) was a 500 there (portal.core.middleware.NulCharacterMiddleware)."""

from xml.etree import ElementTree

import pytest
from django.conf import settings

from tests.conftest import log_in

pytestmark = pytest.mark.django_db

NUL = "%00"
MESSAGE_VI = "Địa chỉ có ký tự NUL (mã 0), là ký tự không được phép. Vui lòng bỏ ký tự này rồi thử lại."
MESSAGE_EN = "The address contains a NUL character (code 0), which is not allowed. Remove it and try again."

API = [
    f"/open311/v2/requests/PN17-2026-000001{NUL}.json",
    f"/open311/v2/requests.json?jurisdiction_id=PN17{NUL}",
    f"/open311/v2/requests.json?service_code=ha-tang{NUL}",
    f"/open311/v2/requests.json?service_request_id=PN17-2026-000001{NUL}",
    f"/open311/v2/services/ha-tang{NUL}.json",
    f"/api/v1/wards/PN17{NUL}/",
    f"/api/v1/cases/track/PN17-2026-000001{NUL}/",
    f"/api/v1/stats/wards/PN17{NUL}/",
    f"/api/v1/stats/wards/PN17{NUL}.csv",
    f"/api/v1/dialogues/compliance/PN17{NUL}/",
    f"/api/v1/disclosures/?q=ng%C3%A2n{NUL}",
    f"/api/v1/disclosures/?ward=PN17{NUL}",
    f"/api/v1/dialogues/sessions/?ward=PN17{NUL}",
    f"/api/v1/dialogues/commitments/?ward=PN17{NUL}",
    f"/api/v1/disclosures/?ward{NUL}=PN17",
]
PAGES = [
    f"/gui-don/PN17{NUL}/",
    f"/tra-cuu/PN17-2026-000001{NUL}/abc{NUL}/",
    f"/minh-bach/PN17{NUL}/",
    f"/tra-loi-cong-khai/PN17-2026-000001{NUL}/",
    f"/tra-loi-cong-khai/?q=c%E1%BB%91ng{NUL}&ward=PN17",
    f"/tra-loi-cong-khai/?ward=PN17{NUL}",
    f"/cong-khai/phuong/PN17{NUL}/rss/",
    f"/doi-thoai/?ward=PN17{NUL}",
    f"/doi-thoai/lich.ics?ward=PN17{NUL}",
    f"/doi-thoai/cam-ket/?ward=PN17{NUL}",
]
STAFF = [
    f"/can-bo/don/PN17-2026-000001{NUL}/",
    f"/api/v1/staff/cases/PN17-2026-000001{NUL}/",
    f"/can-bo/?ward=PN17{NUL}",
]


@pytest.fixture
def places(ward, area, category):
    """What the addresses name exists, so that without the NUL each lookup would reach the database and find it."""


@pytest.mark.parametrize("address", API)
def test_a_nul_in_an_api_address_is_a_json_400_before_any_query(client, places, address,
                                                                 django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(address)
    assert response.status_code == 400
    if address.startswith("/open311/"):  # Open311's own error list, as its views answer
        assert response.json() == [{"code": 400, "description": MESSAGE_VI}]
    else:
        assert response.json() == {"detail": MESSAGE_VI, "code": "null_characters_not_allowed"}
    assert response["Content-Language"] == "vi"


def test_an_open311_xml_address_gets_the_error_list_in_xml(client, places):
    response = client.get(f"/open311/v2/requests/PN17-2026-000001{NUL}.xml")
    assert response.status_code == 400 and response["Content-Type"] == "text/xml; charset=utf-8"
    root = ElementTree.fromstring(response.content)
    assert root.tag == "errors" and [(e.findtext("code"), e.findtext("description")) for e in root] == [
        ("400", MESSAGE_VI)]
    # the same shape as an error of the Open311 views themselves
    unknown = ElementTree.fromstring(client.get("/open311/v2/requests/XX99-2026-000001.xml").content)
    assert unknown.tag == "errors" and [child.tag for child in unknown[0]] == ["code", "description"]


@pytest.mark.parametrize("address", PAGES)
def test_a_nul_in_a_page_address_is_a_short_400_page_in_vietnamese(client, places, address,
                                                                   django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(address)
    assert response.status_code == 400 and response["Content-Type"] == "text/html; charset=utf-8"
    assert MESSAGE_VI in response.content.decode()


@pytest.mark.parametrize("address", STAFF)
def test_a_nul_in_a_staff_address_is_a_400_for_signed_in_staff(client, places, leader, address):
    log_in(client, leader)
    response = client.get(address)
    assert response.status_code == 400
    text = response.json()["detail"] if address.startswith("/api/") else response.content.decode()
    assert MESSAGE_VI in text


def test_the_message_is_english_for_who_asked_for_english(client, places):
    api = client.get(f"/api/v1/wards/PN17{NUL}/", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 400 and api.json()["detail"] == MESSAGE_EN
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/doi-thoai/?ward=PN17{NUL}")
    assert page.status_code == 400 and MESSAGE_EN in page.content.decode()


def test_a_nul_in_a_posts_query_string_is_refused_too(client, places):
    response = client.post(f"/open311/v2/requests.json?jurisdiction_id=PN17{NUL}", {"service_code": "ha-tang"})
    assert response.status_code == 400 and response.json() == [{"code": 400, "description": MESSAGE_VI}]


@pytest.mark.parametrize(("address", "status"), [
    ("/api/v1/wards/PN17/", 200), ("/doi-thoai/?ward=PN17", 200), ("/tra-loi-cong-khai/?q=%2500", 200),
    ("/api/v1/disclosures/?q=%2500", 200), ("/minh-bach/PN17/", 200),
])
def test_addresses_without_a_nul_are_answered_as_before(client, places, address, status):
    """An escaped percent sign ("%2500" is the text "%00") is ordinary text, not a NUL."""
    assert client.get(address).status_code == status
