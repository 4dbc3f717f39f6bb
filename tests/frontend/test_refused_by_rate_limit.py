"""A resident's form refused by the rate limit (settings.RATE_SUBMIT, per client address) comes back as it was sent:
everything typed is there again, with a message in the reader's language saying when to send it again (HTTP 429,
Retry-After). Files cannot be kept by a browser: the case form says so. Nothing is written."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from portal.cases.models import Case
from portal.cases.services import Submission, submit_case
from portal.disclosures.models import Question
from tests.disclosure_data import posted
from tests.factories import image_bytes

from .test_intake_pages import form_data

pytestmark = pytest.mark.django_db

HN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 3, 16, 9, 0, tzinfo=HN)
FORM = reverse("frontend:case-new", kwargs={"ward": "PN17"})
TYPED = {"title": "Cống thoát nước bị tắc", "description": "Cống trước nhà số 12 hẻm 45 bị tắc, nước tràn ra đường.",
         "contact_name": "Trịnh Quốc Vĩnh", "contact_email": "vinh@example.vn", "contact_phone": "0901234567",
         "address": "12 hẻm 45 Phan Đình Phùng", "notify_by": "email"}


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def retry_time(response) -> str:
    """The local time the refusal names: now plus Retry-After."""
    seconds = int(response["Retry-After"])
    assert 1 <= seconds <= 3600
    return (NOW + dt.timedelta(seconds=seconds)).strftime("%H:%M")


def test_a_refused_case_form_comes_back_with_everything_typed(client, ward, area, category, settings, make_upload):
    settings.RATE_SUBMIT = "1/h"
    assert client.post(FORM, form_data(category, area)).status_code == 302
    photo = make_upload("anh.jpg", image_bytes(), "image/jpeg")
    response = client.post(FORM, form_data(category, area, kind="complaint", files=[photo], **TYPED,
                                           decision_date="2026-03-02", decision_reference="Quyết định 15/QĐ-UBND"))
    assert response.status_code == 429
    html = response.content.decode()
    assert 'data-testid="rate-refusal"' in html and 'role="alert"' in html
    for value in (*TYPED.values(), "2026-03-02", "Quyết định 15/QĐ-UBND"):
        assert value in html, value
    assert re.search(rf'<option value="{category.pk}" selected>', html)
    assert re.search(rf'<option value="{area.pk}" selected>', html)
    assert re.search(r'value="complaint"[^>]*checked', html)
    assert ("Đã có quá nhiều biểu mẫu được gửi từ kết nối mạng của ông/bà trong thời gian ngắn, nên lần gửi này chưa "
            "được tiếp nhận.") in html
    assert f"Ông/bà có thể gửi lại từ {retry_time(response)} (khoảng" in html
    assert "Nội dung ông/bà đã nhập vẫn được giữ nguyên bên dưới." in html
    assert "vui lòng chọn lại trước khi gửi" in html  # the files are not kept
    assert Case.objects.count() == 1  # nothing written for the refused one


def test_the_refusal_is_in_english_for_an_english_reader(client, ward, area, category, settings):
    settings.RATE_SUBMIT = "1/h"
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.post(FORM, form_data(category, area)).status_code == 302
    response = client.post(FORM, form_data(category, area, **TYPED))
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="en">' in html and "Your case was not sent yet" in html
    assert "Too many forms have been sent from your connection in a short time" in html
    assert f"You may send it again from {retry_time(response)} (in about" in html
    assert "choose them again before sending" in html and TYPED["description"] in html
    assert "Đã có quá nhiều" not in html


def test_a_refused_form_with_mistakes_shows_them_too(client, ward, area, category, settings):
    settings.RATE_SUBMIT = "1/h"
    client.post(FORM, form_data(category, area))
    response = client.post(FORM, form_data(category, area, title="Rác", contact_email="không phải e-mail"))
    assert response.status_code == 429
    html = response.content.decode()
    assert 'data-testid="rate-refusal"' in html and "Vui lòng sửa các lỗi dưới đây" in html
    assert "không phải e-mail" in html and Case.objects.count() == 1


def test_the_limit_is_the_same(client, ward, area, category, settings):
    """Ten a client address an hour by default, counted as before: the eleventh is refused, the tenth is not."""
    assert settings.RATE_SUBMIT == "10/h"
    codes = [client.post(FORM, form_data(category, area, title=f"Rác thải số {n}")).status_code for n in range(11)]
    assert codes == [302] * 10 + [429] and Case.objects.count() == 10
    other = client.post(FORM, form_data(category, area), REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302  # another address has its own count


def test_a_refused_message_on_the_status_page_keeps_its_text(client, ward, category, settings):
    filed = submit_case(submission=Submission(ward=ward, kind="feedback", category=category, title="Đèn đường hỏng",
                                              description="Đèn đường trước nhà số 5 hỏng."))
    settings.RATE_SUBMIT = "1/h"
    url = reverse("frontend:case-action", kwargs={"code": filed.case.tracking_code, "token": filed.access_token,
                                                  "action": "message"})
    assert client.post(url, {"text": "Tôi bổ sung ảnh chụp ban đêm"}).status_code == 302
    response = client.post(url, {"text": "Đèn vẫn chưa được sửa sau hai tuần"})
    assert response.status_code == 429 and response["Retry-After"]
    html = response.content.decode()
    assert 'data-testid="rate-refusal"' in html and "Yêu cầu của ông/bà chưa được gửi." in html
    assert "Đèn vẫn chưa được sửa sau hai tuần</textarea>" in html
    assert f"Ông/bà có thể gửi lại từ {retry_time(response)}" in html
    assert "chọn lại trước khi gửi" not in html  # no file on this form
    assert filed.case.messages.filter(kind="resident").count() == 1


def test_a_refused_post_on_a_wrong_link_says_no_more_than_before(client, ward, category, settings):
    filed = submit_case(submission=Submission(ward=ward, kind="feedback", category=category, title="Đèn đường hỏng",
                                              description="Đèn đường trước nhà số 5 hỏng."))
    settings.RATE_SUBMIT = "1/h"
    url = reverse("frontend:case-action", kwargs={"code": filed.case.tracking_code, "token": "sai-ma-bi-mat",
                                                  "action": "message"})
    assert client.post(url, {"text": "Thử"}).status_code == 404
    response = client.post(url, {"text": "Thử lần nữa"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Đèn đường hỏng" not in html and "Thử lần nữa" not in html  # the plain refusal page


@pytest.fixture
def budget(ward, officer, leader):
    return posted(ward, officer, leader, title="Công khai dự toán ngân sách phường năm 2027")


def test_a_refused_question_on_a_disclosure_keeps_its_text(client, settings, budget):
    settings.RATE_SUBMIT = "1/h"
    url = reverse("frontend:disclosures-ask", kwargs={"pk": budget.pk})
    assert client.post(url, {"q-body": "Khoản chi sửa đường là bao nhiêu?"}).status_code == 302
    response = client.post(url, {"q-body": "Vì sao chưa công khai dự toán quý hai?", "q-author_name": "Bà Tư",
                                 "q-show_name": "on"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Vì sao chưa công khai dự toán quý hai?</textarea>" in html and 'value="Bà Tư"' in html
    assert f"Ông/bà có thể gửi lại từ {retry_time(response)}" in html
    assert Question.objects.count() == 1
