"""Every validation error of the web form (issue 2): missing fields per kind, too many files, too large, fake and
bomb images, wrong types. Each shows a clear Vietnamese message in the error summary and at its field, keeps what
was typed, answers 400, and creates nothing (no case, attachment, audit event, notification or stored file)."""

import datetime as dt
import html
import re

import pytest
from django.conf import settings
from django.urls import reverse

from frontend.forms import CaseForm
from portal.audit.models import AuditEvent
from portal.cases.models import Attachment, Case, Message
from portal.notifications.models import Notification
from tests.factories import CategoryFactory, image_bytes
from tests.portal.media import samples

pytestmark = pytest.mark.django_db

TITLE = "Rác thải ứ đọng ở đầu hẻm 45"
COMPLAINANT = {"contact_name": "Nguyễn Văn An", "contact_address": "12 Lê Lợi, Khu phố 1",
               "contact_phone": "0903123456", "decision_date": (dt.date.today() - dt.timedelta(days=10)).isoformat()}


@pytest.fixture
def url(ward, area, category):
    return reverse("frontend:case-new", kwargs={"ward": "PN17"})


def form_data(category, area, kind="feedback", /, **overrides):
    data = {"kind": kind, "category": category.pk, "area": area.pk, "title": TITLE,
            "description": "Rác không được thu gom ba ngày nay ở đầu hẻm 45.", "notify_by": "none",
            "signatory_count": 1, "address": "Hẻm 45 Phan Đình Phùng"}
    if kind != "feedback":
        data.update(COMPLAINANT)
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def refused(response, field):
    """The summary lists the field's message, the field itself shows it, what was typed stays; nothing is stored."""
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors, form.errors
    messages = [str(m) for m in form.errors[field]]
    page = html.unescape(response.content.decode())
    summary = page.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    for message in messages:
        assert len(message) > 10 and message in summary
    assert f'href="#{form[field].auto_id}"' in summary
    assert 'value="Hẻm 45 Phan Đình Phùng"' in page  # what was typed stays
    assert Case.objects.count() == 0 and Attachment.objects.count() == 0 and Message.objects.count() == 0
    assert AuditEvent.objects.count() == 0 and Notification.objects.count() == 0
    media = settings.MEDIA_ROOT
    assert not (media.exists() and any(p.is_file() for p in media.rglob("*")))
    return " ".join(messages)


def test_the_complete_forms_are_accepted(client, url, category, area):
    """The baseline the error cases below change one thing of."""
    for kind in ("feedback", "complaint", "denunciation"):
        assert client.post(url, form_data(category, area, kind)).status_code == 302
    assert Case.objects.count() == 3


@pytest.mark.parametrize(("kind", "missing", "words"), [
    ("feedback", "title", "bắt buộc"),
    ("feedback", "description", "bắt buộc"),
    ("feedback", "category", "bắt buộc"),
    ("feedback", "kind", "bắt buộc"),
    ("complaint", "contact_name", "khiếu nại"),
    ("complaint", "contact_address", "khiếu nại"),
    ("complaint", "decision_date", "quyết định"),
    ("denunciation", "contact_name", "tố cáo"),
    ("denunciation", "contact_address", "tố cáo"),
    ("denunciation", "contact_phone", "tố cáo"),
])
def test_a_missing_field_is_named_with_a_vietnamese_message(client, url, category, area, kind, missing, words):
    overrides = {missing: None}
    if missing == "contact_phone":
        overrides["contact_email"] = None
    message = refused(client.post(url, form_data(category, area, kind, **overrides)), missing)
    assert words in message.lower(), message


def test_more_than_five_files(client, url, category, area):
    files = [samples.upload(f"anh{i}.png", image_bytes("PNG")) for i in range(6)]
    response = client.post(url, form_data(category, area, files=files))
    assert "5" in refused(response, "files")
    assert "đính kèm lại" in response.content.decode()  # the browser dropped the chosen files: say so


def test_a_file_too_large(client, url, category, area, settings):
    settings.UPLOAD_MAX_BYTES = 20_000
    big = samples.encode(samples.noise_image((400, 400)), "PNG")
    message = refused(client.post(url, form_data(category, area, files=[samples.upload("to.png", big)])), "files")
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
def test_bad_files_are_refused_with_their_name_and_the_reason(client, url, category, area, name, content, words):
    files = [samples.upload("tot.jpg", image_bytes("JPEG")), samples.upload(name, content)]
    message = refused(client.post(url, form_data(category, area, files=files)), "files")
    assert name in message and words in message, message


def test_all_problems_are_shown_in_one_answer_with_the_category_and_the_files(client, url, area):
    """The category that does not take the chosen kind and a bad file are named together with the other errors.
    They used to come only once everything else was fixed: a second refusal, and the files (which the browser drops
    after an error) chosen again only to be refused then."""
    lighting = CategoryFactory(code="chieu-sang", name="Chiếu sáng công cộng", kinds=["feedback"])
    files = [samples.upload("tot.jpg", image_bytes("JPEG")), samples.upload("ghi-chu.jpg", "Ghi chú".encode())]
    response = client.post(url, form_data(lighting, area, "complaint", title="Đèn", files=files))
    assert refused(response, "category") == "Lĩnh vực này không áp dụng cho loại đơn đã chọn."
    assert "ghi-chu.jpg" in refused(response, "files")
    assert "title" in response.context["form"].errors


def test_a_category_of_another_kind_alone_is_named_at_its_field(client, url, area):
    lighting = CategoryFactory(code="chieu-sang", name="Chiếu sáng công cộng", kinds=["feedback"])
    response = client.post(url, form_data(lighting, area, "denunciation"))
    assert "không áp dụng" in refused(response, "category")
    assert list(response.context["form"].errors) == ["category"]


def test_a_map_point_error_is_shown_open_with_each_label_over_its_own_field(client, url, category, area):
    """The map point is folded away (<details>) until needed: with an error in it, it comes back open, so the error
    is seen without looking for it, and each coordinate's label, error and field sit together in their column."""
    response = client.post(url, form_data(category, area, latitude="100", longitude="106.7"))
    assert "-90" in refused(response, "latitude")
    page = response.content.decode()
    assert '<details class="map-point" open>' in page
    columns = page.split('class="two-cols">', 1)[1].split("</details>", 1)[0]
    latitude, longitude = columns.split('<label for="id_longitude"', 1)
    assert 'for="id_latitude"' in latitude and 'id="id_latitude_error"' in latitude and 'id="id_latitude"' in latitude
    assert 'id="id_longitude"' in longitude and "id_latitude" not in longitude
    assert latitude.rstrip().endswith("</div><div>")  # one cell per coordinate


def test_the_map_point_stays_folded_without_an_error_in_it(client, url, category, area):
    response = client.post(url, form_data(category, area, title="", latitude="10.79", longitude="106.68"))
    assert response.status_code == 400
    assert '<details class="map-point">' in response.content.decode()


def test_the_error_summary_lists_the_problems_in_the_order_of_the_page(client, url, area):
    """The summary went by the form's declaration: the residential area before the title, the phone before the
    address, the decision's date after the map point. It follows the page now, so a resident fixes them top down."""
    data = {"kind": "complaint", "area": area.pk, "notify_by": "email", "latitude": "10.8", "signatory_count": 6,
            "title": "Đèn"}
    response = client.post(url, data)
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    summary = page.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    listed = re.findall(r'href="#([^"]+)"', summary)
    assert {"id_title", "id_decision_date", "id_latitude", "id_contact_address", "id_contact_email"} <= set(listed)
    form = page.split('class="case-form"', 1)[1]
    assert listed == sorted(listed, key=lambda field_id: form.index(f'id="{field_id}"')), listed
    assert set(response.context["form"].fields) == set(CaseForm.field_order)


def test_an_e_mail_address_longer_than_the_column_is_a_field_error(client, url, category, area):
    """forms.EmailField allows 320 characters; the column holds 254 (PostgreSQL refused more with a 500)."""
    email = ("a" * 60 + ".") * 3 + "b" * 61 + "@example.vn"
    message = refused(client.post(url, form_data(category, area, contact_email=email, contact_name="Nguyễn Văn An")),
                      "contact_email")
    assert "254" in message
