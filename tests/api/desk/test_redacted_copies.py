"""The staff API and a denunciation's redacted copies (SPEC §7, Law on Denunciations Art. 56): listed with each file,
uploaded by the assigned officer or a leader, the only thing the others may download; forwarding waits for them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.audit.models import AuditEvent
from portal.cases.models import RedactedCopy
from tests.disclosure_data import pdf_bytes
from tests.factories import image_bytes

pytestmark = pytest.mark.django_db


def url(case, suffix=""):
    return f"/api/v1/staff/cases/{case.tracking_code}/{suffix}"


def photo(name="bang-chung.jpg"):
    return SimpleUploadedFile(name, image_bytes("JPEG"), content_type="image/jpeg")


def redacted_pdf():
    return SimpleUploadedFile("ban-che.pdf", pdf_bytes(), content_type="application/pdf")


@pytest.fixture
def denunciation(make_case, department, officer):
    return make_case(kind="denunciation", title="Tố cáo cán bộ thu tiền sai quy định", department=department,
                     assignee=officer, files=[photo()])


def test_the_list_says_what_each_persona_gets(as_user, officer, supervisor, officer2, denunciation):
    [mine] = as_user(officer).get(url(denunciation)).json()["attachments"]
    assert mine["needs_redacted_copy"] is True and mine["redacted_copy"] is None
    assert mine["url"] and mine["original_name"] == "bang-chung.jpg"
    assert mine["redacted_copy_upload_url"].endswith(url(denunciation, f"attachments/{mine['id']}/redacted/"))
    for user in (supervisor, officer2):
        [theirs] = as_user(user).get(url(denunciation)).json()["attachments"]
        assert theirs["url"] is None and theirs["original_name"] == "" and theirs["thumbnail_url"] is None
        assert theirs["redacted_copy"] is None and theirs["redacted_copy_upload_url"] is None  # not yet available


def test_upload_then_the_supervisor_downloads_only_the_copy(as_user, officer, supervisor, denunciation):
    attachment_id = denunciation.attachments.get().pk
    response = as_user(officer).post(url(denunciation, f"attachments/{attachment_id}/redacted/"),
                                     {"file": redacted_pdf()}, format="multipart")
    assert response.status_code == 201, response.content
    copy = RedactedCopy.objects.get(attachment_id=attachment_id)
    assert response.json()["redacted_copy"]["sha256"] == copy.sha256
    event = AuditEvent.objects.get(action="case.redacted_copy_added")
    assert event.actor == officer and event.data["attachment"] == attachment_id

    client = as_user(supervisor)
    [theirs] = client.get(url(denunciation)).json()["attachments"]
    assert theirs["url"] is None and theirs["redacted_copy"]["kind"] == "pdf"
    download = client.get(theirs["redacted_copy"]["url"])
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == pdf_bytes() and download["Cache-Control"] == "private, no-store"
    assert client.get(url(denunciation, f"attachments/{attachment_id}/")).status_code == 403
    assert not AuditEvent.objects.filter(action="case.original_file_opened").exists()


def test_who_may_not_upload(as_user, supervisor, officer2, outsider_officer, denunciation):
    attachment_id = denunciation.attachments.get().pk
    target = url(denunciation, f"attachments/{attachment_id}/redacted/")
    for user, status in ((supervisor, 403), (officer2, 403), (outsider_officer, 404)):
        response = as_user(user).post(target, {"file": redacted_pdf()}, format="multipart")
        assert response.status_code == status, user.username
    assert not RedactedCopy.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="case.redacted_copy").exists()


def test_a_bad_file_is_refused_by_its_content(as_user, leader, denunciation):
    attachment_id = denunciation.attachments.get().pk
    target = url(denunciation, f"attachments/{attachment_id}/redacted/")
    fake = SimpleUploadedFile("ban-che.pdf", b"MZ\x90\x00" + b"\x00" * 100, content_type="application/pdf")
    response = as_user(leader).post(target, {"file": fake}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()
    assert as_user(leader).post(target, {}, format="multipart").status_code == 400
    assert as_user(leader).post(target, {"file": "x"}, format="json").status_code == 400
    assert not RedactedCopy.objects.exists()


def test_leader_downloads_the_original_and_it_is_audited(as_user, leader, denunciation):
    [attachment] = as_user(leader).get(url(denunciation)).json()["attachments"]
    assert not AuditEvent.objects.filter(action="case.original_file_opened").exists()
    response = as_user(leader).get(attachment["url"])
    assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    event = AuditEvent.objects.get(action="case.original_file_opened")
    assert event.actor == leader and event.data == {"attachment": attachment["id"], "thumbnail": False}


def test_a_copy_that_does_not_exist_is_404(as_user, supervisor, denunciation):
    attachment_id = denunciation.attachments.get().pk
    assert as_user(supervisor).get(url(denunciation, f"attachments/{attachment_id}/redacted/")).status_code == 404
    assert as_user(supervisor).get(url(denunciation, "attachments/999999/redacted/")).status_code == 404


def test_a_feedback_has_no_redacted_copies(as_user, leader, officer, make_case, department):
    feedback = make_case(department=department, files=[photo()])
    [attachment] = as_user(officer).get(url(feedback)).json()["attachments"]
    assert attachment["needs_redacted_copy"] is False and attachment["redacted_copy_upload_url"] is None
    target = url(feedback, f"attachments/{attachment['id']}/redacted/")
    assert as_user(leader).post(target, {"file": redacted_pdf()}, format="multipart").status_code == 403
    assert as_user(officer).get(target).status_code == 403


def test_forwarding_is_refused_until_every_file_has_its_copy(as_user, leader, denunciation):
    data = {"action": "transfer", "text": "Không thuộc thẩm quyền.", "to_body": "Thanh tra quận"}
    response = as_user(leader).post(url(denunciation, "transitions/"), data, format="json")
    assert response.status_code == 400 and response.json()["code"] == "redacted_copies_missing"
    denunciation.refresh_from_db()
    assert denunciation.state == "received"
    attachment_id = denunciation.attachments.get().pk
    as_user(leader).post(url(denunciation, f"attachments/{attachment_id}/redacted/"), {"file": redacted_pdf()},
                         format="multipart")
    response = as_user(leader).post(url(denunciation, "transitions/"), data, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "transferred"
