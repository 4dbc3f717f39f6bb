"""Every validation error of the intake on the API (issue 2): missing fields per kind, too many files, too large, fake
and bomb images, wrong types. Each gets HTTP 400 with a clear Vietnamese message on its field and creates nothing:
no case, attachment, audit event, notification or stored file."""

import datetime as dt

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from portal.audit.models import AuditEvent
from portal.cases.models import Attachment, Case, Message
from portal.notifications.models import Notification
from tests.factories import image_bytes
from tests.portal.media import samples

pytestmark = pytest.mark.django_db

URL = "/api/v1/cases/"
COMPLAINANT = {"contact_name": "Nguyễn Văn An", "contact_address": "12 Lê Lợi, Khu phố 1",
               "contact_phone": "0903123456", "decision_date": (dt.date.today() - dt.timedelta(days=10)).isoformat()}


def payload(kind="feedback", /, **overrides):
    data = {"ward": "PN17", "kind": kind, "category": "ha-tang", "title": "Ổ gà trên đường Lê Lợi",
            "description": "Ổ gà lớn trước số 45 Lê Lợi, xe máy dễ té ngã khi trời mưa.", "area": "KP1"}
    if kind != "feedback":
        data.update(COMPLAINANT)
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def assert_nothing_created():
    assert Case.objects.count() == 0
    assert Attachment.objects.count() == 0 and Message.objects.count() == 0
    assert AuditEvent.objects.count() == 0 and Notification.objects.count() == 0
    media = settings.MEDIA_ROOT
    assert not any(p.is_file() for p in media.rglob("*")) if media.exists() else True


def refused(response, field):
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body, body
    messages = body[field]
    assert messages and all(isinstance(m, str) and len(m) > 10 for m in messages), messages
    assert_nothing_created()
    return " ".join(messages)


@pytest.fixture
def api(ward, area, category):
    return APIClient()


def test_a_complete_payload_is_accepted(api):
    """The baseline the error cases below change one thing of."""
    assert api.post(URL, payload(), format="json").status_code == 201
    assert api.post(URL, payload("complaint"), format="json").status_code == 201
    assert api.post(URL, payload("denunciation"), format="json").status_code == 201


@pytest.mark.parametrize(("kind", "missing", "field", "words"), [
    ("feedback", "title", "title", "trường này"),
    ("feedback", "description", "description", "trường này"),
    ("feedback", "category", "category", "trường này"),
    ("feedback", "ward", "ward", "trường này"),
    ("complaint", "contact_name", "contact_name", "khiếu nại"),
    ("complaint", "contact_address", "contact_address", "khiếu nại"),
    ("complaint", "decision_date", "decision_date", "quyết định"),
    ("denunciation", "contact_name", "contact_name", "tố cáo"),
    ("denunciation", "contact_address", "contact_address", "tố cáo"),
    ("denunciation", "contact_phone", "contact_phone", "tố cáo"),
])
def test_a_missing_field_is_named_with_a_vietnamese_message(api, kind, missing, field, words):
    data = payload(kind, **{missing: None})
    message = refused(api.post(URL, data, format="json"), field)
    assert words in message.lower(), message


def test_a_missing_kind_is_named(api):
    data = payload()
    del data["kind"]
    refused(api.post(URL, data, format="json"), "kind")


def test_a_complaint_cannot_be_anonymous(api):
    refused(api.post(URL, payload("complaint", is_anonymous=True), format="json"), "is_anonymous")


def test_an_anonymous_denunciation_without_the_person_denounced_is_refused(api):
    """Filed only as an inspection lead, which must name the violator (tests/api/test_inspection_leads_api.py)."""
    refused(api.post(URL, payload("denunciation", is_anonymous=True), format="json"), "denounced_person")



def test_an_e_mail_address_longer_than_the_column_is_a_field_error(api):
    """255 characters pass DRF's EmailField, and PostgreSQL refused them with a 500 (value too long)."""
    email = ("a" * 60 + ".") * 3 + "b" * 61 + "@example.vn"
    assert len(email) == 255
    message = refused(api.post(URL, payload(contact_email=email, contact_name="Nguyễn Văn An"), format="json"),
                      "contact_email")
    assert "254" in message
    assert api.post(URL, payload(contact_email=email[1:]), format="json").status_code == 201


def _files(*items):
    return [samples.upload(name, content) for name, content in items]


def test_more_than_five_files(api):
    files = _files(*[(f"anh{i}.png", image_bytes("PNG")) for i in range(6)])
    message = refused(api.post(URL, payload(files=files), format="multipart"), "files")
    assert "5" in message


def test_a_file_too_large(api, settings):
    settings.UPLOAD_MAX_BYTES = 20_000
    big = samples.encode(samples.noise_image((400, 400)), "PNG")
    assert len(big) > 20_000
    message = refused(api.post(URL, payload(files=_files(("to.png", big))), format="multipart"), "files")
    assert "to.png" in message and "quá lớn" in message


@pytest.mark.parametrize(("name", "content", "words"), [
    ("anh.jpg", b"MZ\x90\x00\x03\x00\x00\x00 this is a Windows program", "không thuộc định dạng được hỗ trợ"),
    ("anh.png", b"<html><script>alert(1)</script></html>", "không thuộc định dạng được hỗ trợ"),
    ("bom.png", samples.png_pixel_bomb(20000, 20000), "độ phân giải quá lớn"),
    ("dong.gif", samples.encode(samples.noise_image(), "GIF"), "không thuộc định dạng được hỗ trợ"),
    ("ghi-chu.txt", "Ghi chú của tôi".encode(), "không thuộc định dạng được hỗ trợ"),
    ("hong.jpg", image_bytes("JPEG")[:200], "bị hỏng"),
    ("trong.pdf", b"", "không có nội dung"),
])
def test_bad_files_are_refused_with_their_name_and_the_reason(api, name, content, words):
    files = _files(("tot.jpg", image_bytes("JPEG")), (name, content))  # a good file does not get the case through
    message = refused(api.post(URL, payload(files=files), format="multipart"), "files")
    assert name in message and words in message, message
