"""POST /api/v1/cases/ of an anonymous denunciation: an inspection lead (Law on Denunciations Art. 25) when it names
the official and gives evidence, HTTP 400 by field otherwise; the receipt and the tracking API say it gets no answer."""

import pytest
from rest_framework.test import APIClient

from portal.audit.models import AuditEvent
from portal.cases.models import Case
from portal.cases.workflow import transition
from tests.factories import image_bytes

pytestmark = pytest.mark.django_db

URL = "/api/v1/cases/"


@pytest.fixture
def api(ward, area, category):
    return APIClient()


def payload(**overrides):
    data = {"ward": "PN17", "kind": "denunciation", "category": "ha-tang", "title": "Cán bộ địa chính nhận tiền",
            "description": "Ngày 10/11 cán bộ địa chính nhận 5 triệu đồng để ký hồ sơ cấp phép xây dựng.",
            "area": "KP1", "is_anonymous": True, "denounced_person": "Ông Trần Văn Bình, công chức địa chính",
            "evidence": "Ảnh chụp tin nhắn hẹn gặp; hai người nộp hồ sơ chứng kiến."}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_an_anonymous_denunciation_is_filed_as_an_inspection_lead_with_a_receipt_only(api, leader):
    response = api.post(URL, payload(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["inspection_lead"] is True and body["state"] == "received" and body["due_date"] is None
    assert "không được xử lý và trả lời như một đơn tố cáo" in body["notice"]
    case = Case.objects.get(tracking_code=body["tracking_code"])
    assert case.is_inspection_lead and case.channel == "api" and case.evidence.startswith("Ảnh chụp")

    # What a leader does with it stays internal: the sender keeps seeing "received" and its receipt.
    transition(case=case, action="lead_outcome", actor=leader, text="Giao Thanh tra phường.", outcome="inspect")
    track = api.get(f"/api/v1/cases/track/{body['tracking_code']}/", {"token": body["access_token"]}).json()
    assert track["inspection_lead"] is True and track["state"] == "received"
    assert track["state_label"] == "Đã tiếp nhận"
    assert "không được xử lý và trả lời như một đơn tố cáo" in track["state_explanation"]
    assert [entry["kind"] for entry in track["timeline"]] == ["submission"]
    assert "Giao Thanh tra" not in str(track)


def test_its_sender_cannot_write_to_the_ward_or_withdraw_it(api):
    body = api.post(URL, payload(), format="json").json()
    for action in ("message", "withdraw"):
        response = api.post(f"/api/v1/cases/track/{body['tracking_code']}/{action}/",
                            {"token": body["access_token"], "text": "Bổ sung"}, format="json")
        assert response.status_code == 400, response.content
        assert "non_field_errors" in response.json()
    case = Case.objects.get(tracking_code=body["tracking_code"])
    assert case.state == "received" and case.messages.count() == 1


def test_a_file_is_evidence_enough_in_multipart(api, make_upload):
    data = payload(evidence="", area="")
    data["files"] = [make_upload("bien-lai.jpg", image_bytes(), "image/jpeg")]
    response = api.post(URL, data, format="multipart")
    assert response.status_code == 201, response.content
    assert Case.objects.get().attachments.count() == 1


@pytest.mark.parametrize(("overrides", "field"), [
    ({"denounced_person": None}, "denounced_person"),
    ({"denounced_person": "  "}, "denounced_person"),
    ({"evidence": None}, "evidence"),
    ({"evidence": "có ảnh"}, "evidence"),
    ({"notify_by": "sms", "contact_phone": "0901234567"}, "notify_by"),
])
def test_an_anonymous_denunciation_without_what_a_lead_needs_is_a_400_by_field(api, overrides, field):
    response = api.post(URL, payload(**overrides), format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body and all(len(m) > 10 for m in body[field]), body
    assert "is_anonymous" not in body
    assert Case.objects.count() == 0 and AuditEvent.objects.count() == 0


def test_the_messages_are_in_english_when_asked(api):
    response = api.post(URL, payload(denounced_person=None, evidence=None), format="json",
                        HTTP_ACCEPT_LANGUAGE="en")
    body = response.json()
    assert "must name the official or body you denounce" in body["denounced_person"][0]
    assert "must give evidence" in body["evidence"][0]
