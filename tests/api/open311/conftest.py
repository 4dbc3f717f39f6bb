"""Open311 fixtures: an integration's API key, and cases filed through the one intake service."""

import xml.etree.ElementTree as ET

import jsonschema
import pytest
from django.test import Client

from portal.cases import services
from portal.open311.services import issue_key
from tests.factories import AreaFactory

CONTACT = {"contact_name": "Lê Văn Riêng Tư", "contact_phone": "0909123456", "contact_email": "rieng.tu@example.vn",
           "contact_address": "77 Hẻm Kín, tổ 9"}
REPRESENTATIVE = "Võ Thị Đại Diện"
PERSONAL = [*CONTACT.values(), REPRESENTATIVE]


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def api_key(db):
    return issue_key(name="Ứng dụng 1022 thành phố")[1]


@pytest.fixture
def area2(ward):
    return AreaFactory(ward=ward, code="KP2", name="Khu phố 2")


@pytest.fixture
def file_case(ward, area, category):
    def make(*, kind="feedback", publish_consent=False, title="Đèn đường hỏng trước nhà văn hóa",
             description="Đèn đường hỏng ba ngày nay, buổi tối rất tối.", **extra):
        values = {"ward": ward, "kind": kind, "category": category, "title": title, "description": description,
                  "area": area, "address": "45 Lê Lợi", "latitude": "10.800100", "longitude": "106.680200",
                  "notify_by": "email", "publish_consent": publish_consent, **CONTACT}
        if kind == "complaint":
            import datetime as dt

            values.setdefault("decision_date", dt.date.today() - dt.timedelta(days=5))
        values.update(extra)
        from decimal import Decimal

        values["latitude"] = Decimal(values["latitude"]) if values["latitude"] is not None else None
        values["longitude"] = Decimal(values["longitude"]) if values["longitude"] is not None else None
        return services.submit_case(submission=services.Submission(**values)).case

    return make


def get_json(client, url, params=None, status=200, schema=None):
    response = client.get(url, params or {})
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    if schema is not None:
        jsonschema.validate(body, schema)
    return body


def get_xml(client, url, params=None, status=200):
    response = client.get(url, params or {})
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("text/xml")
    return ET.fromstring(response.content)


def assert_no_personal(text: str):
    leaked = [needle for needle in PERSONAL if needle in text]
    assert not leaked, f"personal data in an Open311 response: {leaked}"
