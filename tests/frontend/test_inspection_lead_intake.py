"""A resident sends an anonymous denunciation on the web form: kept as an inspection lead when it names the official
and gives evidence, refused with field messages (typed text kept) when it does not; the receipt and the status page
say plainly that it is not processed or answered as a denunciation."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from portal.audit.models import AuditEvent
from portal.cases.models import Case
from portal.cases.presentation import LEAD_EXPLANATION
from tests.factories import image_bytes

pytestmark = pytest.mark.django_db

URL = reverse("frontend:case-new", kwargs={"ward": "PN17"})


def form_data(category, area, **overrides):
    data = {"kind": "denunciation", "category": category.pk, "area": area.pk,
            "title": "Cán bộ địa chính nhận tiền",
            "description": "Ngày 10/11 cán bộ địa chính nhận 5 triệu đồng để ký hồ sơ cấp phép xây dựng.",
            "is_anonymous": "on", "denounced_person": "Ông Trần Văn Bình, công chức địa chính",
            "evidence": "Ảnh chụp tin nhắn hẹn gặp; hai người nộp hồ sơ chứng kiến.",
            "notify_by": "none", "signatory_count": 1}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_explains_anonymous_denunciations_in_vietnamese(client, ward, area, category):
    html = client.get(URL).content.decode()
    assert "Người/cơ quan bị tố cáo" in html and "Chứng cứ" in html
    assert "Gửi ẩn danh (không ghi tên)" in html
    assert "thông tin phục vụ thanh tra, kiểm tra nội bộ" in html


def test_an_anonymous_denunciation_gets_a_receipt_that_says_it_is_only_an_inspection_lead(client, ward, area,
                                                                                         category):
    response = client.post(URL, form_data(category, area))
    assert response.status_code == 302 and response["Location"] == reverse("frontend:case-submitted")
    case = Case.objects.get()
    assert case.is_inspection_lead and case.channel == "web" and case.due_date is None
    with translation.override("vi"):
        notice = str(LEAD_EXPLANATION)
    assert "không được xử lý và trả lời như một đơn tố cáo" in notice

    receipt = client.get(response["Location"]).content.decode()
    assert "Đơn tố cáo nặc danh của ông/bà đã được tiếp nhận" in receipt
    assert notice in receipt and case.tracking_code in receipt
    assert "Phường phải trả lời chậm nhất" not in receipt and 'data-testid="lead-notice"' in receipt

    link = re.search(r'data-testid="secret-link">([^<]+)<', receipt).group(1)
    status = client.get(link).content.decode()
    assert notice in status and "Cán bộ địa chính nhận tiền" in status
    assert 'data-testid="due-date"' not in status
    assert 'id="message"' not in status and 'id="withdraw"' not in status  # nothing to do but keep the code


def test_a_file_stands_for_the_evidence_description(client, ward, area, category, make_upload):
    data = form_data(category, area, evidence="",
                     files=[make_upload("bien-lai.jpg", image_bytes(), "image/jpeg")])
    assert client.post(URL, data).status_code == 302
    assert Case.objects.get().attachments.count() == 1


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"denounced_person": ""}, "denounced_person", "phải nêu rõ người hoặc cơ quan bị tố cáo"),
    ({"evidence": ""}, "evidence", "phải có chứng cứ"),
    ({"evidence": "có ảnh"}, "evidence", "ít nhất 20 ký tự"),
    ({"notify_by": "email", "contact_email": "a@example.vn"}, "notify_by", "không nhận thông báo"),
])
def test_missing_what_a_lead_needs_gets_field_errors_and_keeps_the_typed_text(client, ward, area, category,
                                                                            overrides, field, message):
    data = form_data(category, area, **overrides)
    response = client.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and f'href="#id_{field}"' in html
    assert "Cán bộ địa chính nhận tiền" in html and "5 triệu đồng" in html  # kept as typed
    if data.get("denounced_person"):
        assert data["denounced_person"] in html
    assert Case.objects.count() == 0 and AuditEvent.objects.count() == 0


def test_the_errors_are_in_english_for_an_english_reader(client, ward, area, category, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(URL, form_data(category, area, denounced_person="", evidence=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "must name the official or body you denounce" in html and "must give evidence" in html
