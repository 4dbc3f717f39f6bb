"""Redacted copies of a denunciation's files on the desk (SPEC §7, Law on Denunciations Art. 56): the assigned officer
or a leader uploads the copy with the denouncer blacked out; supervisors, the other officers and whoever the case is
forwarded to get only that copy; the originals stay with the assignee and the leaders, each opening audited."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from portal.audit.models import AuditEvent
from portal.cases import services
from portal.cases.models import Attachment, Case, RedactedCopy
from portal.cases.workflow import transition
from tests.disclosure_data import pdf_bytes
from tests.factories import MembershipFactory, UserFactory, image_bytes
from tests.portal.media.samples import SECRET, encode, exif_with_gps, noise_image

from .helpers import file

pytestmark = pytest.mark.django_db

ORIGINAL_NAME = "CCCD-Le-Van-Binh.jpg"  # a file's name can carry the denouncer's


def page_url(case):
    return reverse("frontend:desk-case", kwargs={"code": case.tracking_code})


def original_url(item):
    return reverse("frontend:desk-attachment", kwargs={"code": item.case.tracking_code, "attachment_id": item.pk})


def copy_url(item):
    return reverse("frontend:desk-redacted-copy", kwargs={"code": item.case.tracking_code, "attachment_id": item.pk})


def upload_url(item):
    return reverse("frontend:desk-redact", kwargs={"code": item.case.tracking_code, "attachment_id": item.pk})


def links_to_original(html, item) -> bool:
    """Whether the page links to (or loads) the original: its URL, not the copy's, which starts with it."""
    return re.search(re.escape(original_url(item)) + r'["?]', html) is not None


def audits(case, action):
    return AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk), action=action)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def peer(ward, department):
    """An officer of the denunciation's department who is not its assignee."""
    membership = MembershipFactory(user=UserFactory(username="canbo_cungphong", is_staff=True), ward=ward,
                                   role="officer")
    membership.departments.add(department)
    return membership.user


@pytest.fixture
def denunciation(ward, category, department, officer, make_upload):
    """A denunciation with one photo, assigned to `officer`."""
    case = file(ward, category, kind="denunciation", title="Tố cáo cán bộ địa chính nhận tiền",
                department=department, files=[make_upload(ORIGINAL_NAME, image_bytes(), "image/jpeg")])
    Case.objects.filter(pk=case.pk).update(assignee=officer)
    case.refresh_from_db()
    return case


@pytest.fixture
def item(denunciation):
    return Attachment.objects.select_related("case").get(case=denunciation)


def redacted_photo(name="ban-da-che.jpg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = encode(noise_image((60, 40), seed=7), "JPEG", quality=90, exif=exif_with_gps())
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


# --- uploading --------------------------------------------------------------------------------------------------------

def test_the_leader_uploads_a_redacted_copy_reencoded_without_metadata_and_audited(
        item, login, leader, django_capture_on_commit_callbacks):
    client = login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(upload_url(item), {"file": redacted_photo()})
    assert response.status_code == 302 and response["Location"] == page_url(item.case)
    copy = RedactedCopy.objects.get(attachment=item)
    stored = copy.file.read()
    assert SECRET.encode() not in stored and copy.kind == "image" and copy.content_type == "image/jpeg"
    assert not Image.open(copy.file).getexif()  # EXIF, GPS included, is gone
    assert copy.uploaded_by == leader and copy.size == len(stored) and copy.thumbnail  # thumbnail made after commit
    [event] = audits(item.case, "case.redacted_copy_added")
    assert event.actor == leader and event.data == {"attachment": item.pk, "sha256": copy.sha256,
                                                    "replaced_sha256": None}
    html = client.get(response["Location"]).content.decode()
    assert "Đã lưu bản đã che." in html and 'data-testid="redacted-copy"' in html and copy_url(item) in html
    assert "Thay bản đã che" in html  # the form now replaces it


def test_the_assigned_officer_uploads_a_pdf(item, login, officer, make_upload):
    response = login(officer).post(upload_url(item), {"file": make_upload("ban-che.pdf", pdf_bytes())})
    assert response.status_code == 302
    copy = RedactedCopy.objects.get(attachment=item)
    assert copy.kind == "pdf" and copy.uploaded_by == officer
    assert audits(item.case, "case.redacted_copy_added").get().actor == officer


@pytest.mark.parametrize(("name", "content", "message"), [
    ("ban-che.jpg", b"<html><script>alert(1)</script></html>", "không thuộc định dạng được hỗ trợ"),
    ("ban-che.pdf", b"GIF89a" + b"\x00" * 64, "không thuộc định dạng được hỗ trợ"),
    ("ban-che.jpg", image_bytes()[:40], "Không đọc được tệp"),
])
def test_a_file_that_is_not_what_it_claims_is_refused_beside_the_field(item, login, leader, make_upload, name,
                                                                      content, message):
    response = login(leader).post(upload_url(item), {"file": make_upload(name, content, "image/jpeg")})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'id="action-redact-' in html and 'data-testid="action-error"' in html
    assert not RedactedCopy.objects.exists() and not audits(item.case, "case.redacted_copy_added").exists()


def test_a_post_without_a_file_is_refused(item, login, leader):
    response = login(leader).post(upload_url(item), {})
    assert response.status_code == 400 and "Trường này là bắt buộc" in response.content.decode()
    assert not RedactedCopy.objects.exists()


def test_who_may_not_upload_is_refused_and_nothing_changes(item, login, supervisor, peer, outsider_officer):
    before = audits(item.case, "case.redacted_copy_added").count()
    for user, status in ((supervisor, 403), (peer, 403), (outsider_officer, 404)):
        response = login(user).post(upload_url(item), {"file": redacted_photo()})
        assert response.status_code == status, user.username
    assert not RedactedCopy.objects.exists() and audits(item.case, "case.redacted_copy_added").count() == before


def test_a_feedbacks_file_gets_no_redacted_copy(ward, category, department, login, leader, make_upload):
    case = file(ward, category, department=department, files=[make_upload("o-ga.jpg", image_bytes(), "image/jpeg")])
    item = case.attachments.get()
    assert login(leader).post(upload_url(item), {"file": redacted_photo()}).status_code == 403
    assert not RedactedCopy.objects.exists()


def test_replacing_the_copy_is_audited_and_the_old_file_goes(item, login, leader, officer,
                                                             django_capture_on_commit_callbacks, make_upload):
    login(officer).post(upload_url(item), {"file": redacted_photo()})
    first = RedactedCopy.objects.get(attachment=item)
    old_name, old_sha = first.file.name, first.sha256
    storage = first.file.storage
    client = login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(upload_url(item), {"file": make_upload("lan-2.pdf", pdf_bytes())})
    assert response.status_code == 302
    copy = RedactedCopy.objects.get(attachment=item)
    assert copy.pk == first.pk and copy.kind == "pdf" and copy.uploaded_by == leader
    assert not storage.exists(old_name) and storage.exists(copy.file.name)
    [event] = audits(item.case, "case.redacted_copy_replaced")
    assert event.actor == leader and event.data["replaced_sha256"] == old_sha
    assert event.data["sha256"] == copy.sha256 != old_sha
    html = client.get(response["Location"]).content.decode()
    assert "Đã thay bản đã che." in html


# --- who gets what ---------------------------------------------------------------------------------------------------

def test_the_supervisor_sees_only_the_redacted_copy(item, login, leader, supervisor):
    client = login(supervisor)
    html = client.get(page_url(item.case)).content.decode()
    assert "Chưa có bản đã che" in html and copy_url(item) not in html
    assert client.get(copy_url(item)).status_code == 404  # not yet available
    login(leader).post(upload_url(item), {"file": redacted_photo()})
    copy = RedactedCopy.objects.get(attachment=item)

    html = client.get(page_url(item.case)).content.decode()
    assert 'data-testid="redacted-only"' in html and copy_url(item) in html
    assert not links_to_original(html, item) and ORIGINAL_NAME not in html
    assert 'data-testid="redact-form"' not in html
    response = client.get(copy_url(item))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert body(response) == copy.file.read()
    assert client.get(original_url(item)).status_code == 404
    assert client.get(original_url(item), {"thumb": "1"}).status_code == 404
    assert not audits(item.case, "case.original_file_opened").exists()


def test_an_officer_who_is_not_the_assignee_gets_only_the_copy(item, login, leader, peer):
    login(leader).post(upload_url(item), {"file": redacted_photo()})
    client = login(peer)
    html = client.get(page_url(item.case)).content.decode()
    assert copy_url(item) in html and not links_to_original(html, item) and ORIGINAL_NAME not in html
    assert 'data-testid="redact-form"' not in html
    assert client.get(copy_url(item)).status_code == 200
    assert client.get(original_url(item)).status_code == 404


def test_outsiders_get_neither(item, login, leader, outsider_officer):
    login(leader).post(upload_url(item), {"file": redacted_photo()})
    client = login(outsider_officer)
    assert client.get(copy_url(item)).status_code == 404 and client.get(original_url(item)).status_code == 404


def test_the_assignee_and_leader_open_the_original_and_each_opening_is_audited(item, login, officer, leader):
    for user in (officer, leader):
        client = login(user)
        html = client.get(page_url(item.case)).content.decode()
        # The original is a link, never an image the page loads by itself (each load would be an audited view).
        assert f'href="{original_url(item)}"' in html and f'src="{original_url(item)}' not in html
        assert ORIGINAL_NAME in html and 'data-testid="redact-form"' in html
        assert not audits(item.case, "case.original_file_opened").filter(actor=user).exists()
        response = client.get(original_url(item))
        assert response.status_code == 200 and body(response)[:2] == b"\xff\xd8"
        [event] = audits(item.case, "case.original_file_opened").filter(actor=user)
        assert event.data == {"attachment": item.pk, "thumbnail": False}


def test_opening_a_feedbacks_file_is_not_audited(ward, category, department, login, officer, make_upload):
    case = file(ward, category, department=department, files=[make_upload("o-ga.jpg", image_bytes(), "image/jpeg")])
    item = case.attachments.get()
    assert login(officer).get(original_url(item)).status_code == 200
    assert not AuditEvent.objects.filter(action="case.original_file_opened").exists()
    assert login(officer).get(copy_url(item)).status_code == 404  # no redacted copies outside denunciations


def test_the_thumbnail_of_the_copy_is_served(item, login, leader, supervisor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        login(leader).post(upload_url(item), {"file": redacted_photo()})
    client = login(supervisor)
    html = client.get(page_url(item.case)).content.decode()
    assert f'src="{copy_url(item)}?thumb=1"' in html
    thumb = client.get(copy_url(item), {"thumb": "1"})
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"


def test_the_page_in_english(item, login, supervisor):
    client = login(supervisor)
    client.cookies["django_language"] = "en"
    html = client.get(page_url(item.case)).content.decode()
    assert "No redacted copy yet" in html and "File 1" in html


# --- forwarding -------------------------------------------------------------------------------------------------------

def test_forwarding_waits_for_every_redacted_copy(ward, category, department, login, leader, make_upload):
    case = file(ward, category, kind="denunciation", department=department,
                files=[make_upload("a.jpg", image_bytes(), "image/jpeg"),
                       make_upload("b.pdf", pdf_bytes(), "application/pdf")])
    first, second = case.attachments.order_by("id")
    client = login(leader)
    html = client.get(page_url(case)).content.decode()
    warning = html.split('data-testid="transfer-redacted-missing"', 1)[1].split("</p>", 1)[0]
    assert "2 tệp của đơn tố cáo này chưa có bản đã che" in warning

    client.post(upload_url(first), {"file": redacted_photo()})
    transfer = reverse("frontend:desk-transition", kwargs={"code": case.tracking_code, "action": "transfer"})
    response = client.post(transfer, {"text": "Chuyển Thanh tra quận.", "to_body": "Thanh tra quận Phú Nhuận"})
    assert response.status_code == 400
    assert "1 tệp của đơn tố cáo này chưa có bản đã che" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "received" and not case.transferred_to and not audits(case, "case.transfer").exists()

    client.post(upload_url(second), {"file": make_upload("b-che.pdf", pdf_bytes())})
    html = client.get(page_url(case)).content.decode()
    assert 'data-testid="transfer-redacted-ready"' in html and 'data-testid="transfer-redacted-missing"' not in html
    response = client.post(transfer, {"text": "Chuyển Thanh tra quận.", "to_body": "Thanh tra quận Phú Nhuận"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "transferred" and audits(case, "case.transfer").count() == 1


def test_a_denunciation_without_files_is_forwarded_as_before(ward, category, department, leader):
    case = file(ward, category, kind="denunciation", department=department)
    case = transition(case=case, action="transfer", actor=leader, text="Chuyển.", to_body="Thanh tra quận")
    assert case.state == "transferred"


# --- queries -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["supervisor", "leader"])
def test_the_page_costs_as_many_queries_with_many_files_and_copies(ward, category, department, login, leader,
                                                                   supervisor, make_upload, persona,
                                                                   django_assert_max_num_queries):
    case = file(ward, category, kind="denunciation", department=department,
                files=[make_upload("a.jpg", image_bytes(), "image/jpeg")])
    client = login({"supervisor": supervisor, "leader": leader}[persona])
    client.get(page_url(case))  # fills the per-process memos
    with CaptureQueriesContext(connection) as one:
        assert client.get(page_url(case)).status_code == 200
    count = len(one.captured_queries)  # now: each request empties the connection's log
    many = file(ward, category, kind="denunciation", department=department,
                files=[make_upload(f"{n}.jpg", image_bytes(), "image/jpeg") for n in range(4)])
    for item in many.attachments.all()[:3]:
        services.upload_redacted_copy(attachment=item, actor=leader, upload=redacted_photo())
    client.get(page_url(many))
    with django_assert_max_num_queries(count):
        html = client.get(page_url(many)).content.decode()
    assert html.count('data-testid="redacted-copy"') == 3 and html.count('data-testid="redacted-missing"') == 1
