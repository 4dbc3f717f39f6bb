"""The resident's web journey: choose a ward, fill the form, get a receipt, open the status page."""

import re

import pytest
from django.urls import reverse

from portal.cases.models import Attachment, Case
from portal.cases.services import Submission, submit_case
from tests.factories import image_bytes

pytestmark = pytest.mark.django_db


def form_data(category, area, **overrides):
    data = {"kind": "feedback", "category": category.pk, "area": area.pk, "title": "Rác thải ứ đọng",
            "description": "Rác không được thu gom ba ngày nay ở đầu hẻm 45.", "notify_by": "none",
            "signatory_count": 1, "address": "Hẻm 45 Phan Đình Phùng"}
    data.update(overrides)
    return data


def test_home_and_form_are_in_vietnamese_by_default(client, ward, area, category):
    home = client.get("/")
    assert home.status_code == 200
    assert '<html lang="vi">' in home.content.decode()
    page = client.get(reverse("frontend:case-new", kwargs={"ward": "PN17"}))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "Khu phố 1" in html and "Phường Phú Nhuận" in html


def test_choose_ward_redirects_to_the_ward_form(client, ward):
    response = client.get(reverse("frontend:case-choose-ward"), {"ward": "PN17"})
    assert response.status_code == 302 and response["Location"].endswith("/gui-don/PN17/")


def test_unknown_ward_is_404(client, db):
    assert client.get("/gui-don/NOWHERE/").status_code == 404


def test_filing_shows_receipt_then_status_page(client, ward, area, category, make_upload):
    data = form_data(category, area, files=[make_upload("anh.jpg", image_bytes(), "image/jpeg")])
    response = client.post(reverse("frontend:case-new", kwargs={"ward": "PN17"}), data)
    assert response.status_code == 302 and response["Location"] == reverse("frontend:case-submitted")
    case = Case.objects.get()
    assert case.channel == "web" and case.attachments.count() == 1

    receipt = client.get(response["Location"])
    html = receipt.content.decode()
    assert case.tracking_code in html
    link = re.search(r'data-testid="secret-link">([^<]+)<', html).group(1)
    status = client.get(link)
    assert status.status_code == 200
    page = status.content.decode()
    assert "Rác thải ứ đọng" in page and case.tracking_code in page
    assert 'data-testid="due-date"' in page

    attachment = Attachment.objects.get()
    image = client.get(reverse("frontend:case-attachment", kwargs={
        "code": case.tracking_code, "token": link.rstrip("/").rsplit("/", 1)[-1], "attachment_id": attachment.pk}))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"


def test_errors_keep_what_was_typed(client, ward, area, category):
    data = form_data(category, area, kind="complaint", title="Khiếu nại về quyết định thu hồi đất",
                     contact_phone="0903 123 456")
    response = client.post(reverse("frontend:case-new", kwargs={"ward": "PN17"}), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Khiếu nại về quyết định thu hồi đất"' in html
    assert 'value="0903 123 456"' in html
    assert "Rác không được thu gom" in html
    assert 'id="error-summary"' in html
    assert Case.objects.count() == 0


def test_fake_image_gets_a_clear_message(client, ward, area, category, make_upload):
    data = form_data(category, area, files=[make_upload("anh.jpg", b"GIF89a not really", "image/jpeg")])
    response = client.post(reverse("frontend:case-new", kwargs={"ward": "PN17"}), data)
    assert response.status_code == 400
    assert "anh.jpg" in response.content.decode()
    assert Case.objects.count() == 0


def test_receipt_without_a_submission_goes_to_lookup(client, db):
    response = client.get(reverse("frontend:case-submitted"))
    assert response.status_code == 302


def test_lookup_form_finds_the_case_and_refuses_wrong_secret_like_wrong_code(client, ward, category):
    submitted = submit_case(submission=Submission(ward=ward, kind="feedback", category=category,
                                                  title="Đèn đường", description="Đèn đường hỏng lâu rồi."))
    code = submitted.case.tracking_code
    found = client.get(reverse("frontend:case-lookup"), {"code": code.lower(), "token": submitted.access_token})
    assert found.status_code == 302 and code in found["Location"]
    wrong_secret = client.get(reverse("frontend:case-lookup"), {"code": code, "token": "nope"})
    wrong_code = client.get(reverse("frontend:case-lookup"), {"code": "PN17-2026-424242",
                                                               "token": submitted.access_token})
    assert wrong_secret.status_code == wrong_code.status_code == 404
    direct = client.get(reverse("frontend:case-status", kwargs={"code": code, "token": "nope"}))
    assert direct.status_code == 404


def test_status_page_shows_no_personal_data_or_internal_notes(client, ward, category):
    submitted = submit_case(submission=Submission(
        ward=ward, kind="denunciation", category=category, title="Tố cáo cán bộ", description="Nội dung tố cáo.",
        contact_name="Trần Thị Bí Mật", contact_address="99 Ngõ Kín", contact_phone="0911222333"))
    submitted.case.messages.create(kind="note", body="ghi chú nội bộ", is_public=False,
                                   created_at=submitted.case.received_at)
    html = client.get(submitted.secret_path).content.decode()
    for secret in ("Trần Thị Bí Mật", "99 Ngõ Kín", "0911222333", "ghi chú nội bộ"):
        assert secret not in html


def test_status_page_runs_a_constant_number_of_queries(client, ward, category, django_assert_max_num_queries,
                                                       make_upload):
    submitted = submit_case(submission=Submission(
        ward=ward, kind="feedback", category=category, title="Ngập nước", description="Ngập sau mỗi cơn mưa.",
        files=[make_upload(f"{i}.png", image_bytes("PNG"), "image/png") for i in range(5)]))
    for i in range(30):
        submitted.case.messages.create(kind="reply", body=f"Trả lời {i}", is_public=True,
                                       created_at=submitted.case.received_at)
    with django_assert_max_num_queries(6):
        response = client.get(submitted.secret_path)
    assert response.status_code == 200


def test_another_residents_case_is_not_visible_in_my_cases(client, ward, category, resident, other_resident):
    mine = submit_case(submission=Submission(ward=ward, kind="feedback", category=category, title="Của tôi",
                                             description="Vấn đề của tôi ở khu phố."), actor=resident).case
    client.force_login(other_resident)
    assert client.get(reverse("frontend:my-case", kwargs={"code": mine.tracking_code})).status_code == 404
    assert mine.tracking_code not in client.get(reverse("frontend:my-cases")).content.decode()
    client.force_login(resident)
    assert client.get(reverse("frontend:my-case", kwargs={"code": mine.tracking_code})).status_code == 200
    assert mine.tracking_code in client.get(reverse("frontend:my-cases")).content.decode()


def test_my_cases_needs_login(client, db):
    response = client.get(reverse("frontend:my-cases"))
    assert response.status_code == 302 and "dang-nhap" in response["Location"]


def test_form_submission_is_rate_limited(client, ward, area, category, settings):
    settings.RATE_SUBMIT = "1/m"
    url = reverse("frontend:case-new", kwargs={"ward": "PN17"})
    assert client.post(url, form_data(category, area)).status_code == 302
    assert client.post(url, form_data(category, area)).status_code == 429
    assert Case.objects.count() == 1


def test_english_is_available(client, ward, area, category):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and "File a case" in html


def test_staff_land_on_their_desk_after_logging_in(client, officer):
    response = client.post(reverse("frontend:login"), {"username": "canbo", "password": "correct-horse-battery"})
    assert response.status_code == 302 and response["Location"] == reverse("frontend:desk-queue")
    assert reverse("frontend:desk-queue") in client.get("/").content.decode()


def test_no_ward_is_chosen_for_the_resident(client, ward, other_ward):
    """The list starts with '— choose the ward —' (the first ward was preselected: a resident who pressed Continue
    filed with whichever ward sorts first), and a form sent without a ward says what is missing."""
    page = client.get(reverse("frontend:case-choose-ward")).content.decode()
    options = re.findall(r"<option[^>]*>", page.split('id="ward"', 1)[1].split("</select>", 1)[0])
    assert options[0] == '<option value="">' and not any("selected" in o for o in options)
    assert "— chọn phường —" in page
    response = client.get(reverse("frontend:case-choose-ward"), {"ward": ""})
    assert response.status_code == 400
    assert "Vui lòng chọn phường" in response.content.decode()
    assert client.get(reverse("frontend:case-choose-ward"), {"ward": "NOWHERE"}).status_code == 400


@pytest.mark.parametrize(("language", "state", "date_label"), [("vi", "Đã tiếp nhận", "Ngày tiếp nhận"),
                                                                ("en", "Received", "Received on")])
def test_the_status_page_tells_the_state_from_the_date_received(client, ward, category, language, state,
                                                                date_label):
    """A new case's facts read 'Trạng thái: Đã tiếp nhận' then 'Đã tiếp nhận: 28/11/2026 20:03': the date's label
    was the state's own word. It is the date's label now."""
    submitted = submit_case(submission=Submission(ward=ward, kind="feedback", category=category,
                                                  title="Ngập nước", description="Ngập sau mỗi cơn mưa."))
    client.cookies["django_language"] = language
    page = client.get(submitted.secret_path).content.decode()
    facts = page.split('<dl class="facts">', 1)[1].split("</dl>", 1)[0]
    labels = re.findall(r"<dt>([^<]*)</dt>", facts)
    assert date_label in labels and state not in labels
    assert f'data-testid="case-state">{state}</span>' in facts


def test_the_receipt_is_shown_again_for_half_an_hour_only(client, ward, area, category):
    """The receipt holds the case's secret link: the next person at a shared computer must not find it."""
    import time_machine

    with time_machine.travel("2026-11-27 09:00 +0700", tick=False) as traveller:
        response = client.post(reverse("frontend:case-new", kwargs={"ward": "PN17"}), form_data(category, area))
        receipt = client.get(response["Location"])
        assert receipt.status_code == 200 and receipt["Cache-Control"] == "private, no-store"
        traveller.shift(29 * 60)
        assert client.get(response["Location"]).status_code == 200  # reloaded, printed, copied
        traveller.shift(2 * 60)
        later = client.get(response["Location"])
        assert later.status_code == 302 and later["Location"] == reverse("frontend:case-lookup")
        traveller.shift(-30 * 60)
        assert client.get(response["Location"]).status_code == 302  # gone for good
