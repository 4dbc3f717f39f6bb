"""services.upload_redacted_copy and its thumbnail job; the forward of a denunciation waits for its copies."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from portal.cases import services
from portal.cases.models import Case, RedactedCopy
from portal.cases.workflow import transition
from portal.core.errors import DomainError
from tests.disclosure_data import pdf_bytes
from tests.factories import image_bytes

pytestmark = pytest.mark.django_db


def submit(ward, category, kind, **extra):
    upload = SimpleUploadedFile("bang-chung.jpg", image_bytes(), content_type="image/jpeg")
    return services.submit_case(submission=services.Submission(
        ward=ward, kind=kind, category=category, title="Tố cáo cán bộ", description="Nội dung.",
        contact_name="Lê Văn Bình", contact_address="5 Hoa Sứ", contact_phone="0901234567", files=[upload],
        **extra)).case


def jpeg(color=(10, 20, 30)):
    return SimpleUploadedFile("che.jpg", image_bytes(color=color), content_type="image/jpeg")


def test_only_a_denunciations_file_gets_a_copy(ward, category, leader):
    feedback = submit(ward, category, "feedback")
    with pytest.raises(DomainError) as refused:
        services.upload_redacted_copy(attachment=feedback.attachments.get(), actor=leader, upload=jpeg())
    assert refused.value.code == "not_a_denunciation"


def test_the_assignee_of_another_case_and_a_supervisor_may_not(ward, category, officer, supervisor):
    case = submit(ward, category, "denunciation")  # not assigned to anyone
    for user in (officer, supervisor):
        with pytest.raises(PermissionDenied):
            services.upload_redacted_copy(attachment=case.attachments.get(), actor=user, upload=jpeg())
    assert not RedactedCopy.objects.exists()


def test_a_bad_file_is_a_field_error(ward, category, leader):
    case = submit(ward, category, "denunciation")
    bad = SimpleUploadedFile("che.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 8, content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        services.upload_redacted_copy(attachment=case.attachments.get(), actor=leader, upload=bad)
    assert "file" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.upload_redacted_copy(attachment=case.attachments.get(), actor=leader, upload=None)


def test_the_audit_chain_holds_the_uploads(ward, category, leader):
    case = submit(ward, category, "denunciation")
    item = case.attachments.get()
    first = services.upload_redacted_copy(attachment=item, actor=leader, upload=jpeg()).sha256
    second = services.upload_redacted_copy(
        attachment=item, actor=leader,
        upload=SimpleUploadedFile("che.pdf", pdf_bytes(), content_type="application/pdf")).sha256
    actions = list(AuditEvent.objects.filter(object_id=str(case.pk)).order_by("pk").values_list("action", flat=True))
    assert actions[-2:] == ["case.redacted_copy_added", "case.redacted_copy_replaced"]
    assert AuditEvent.objects.get(action="case.redacted_copy_replaced").data["replaced_sha256"] == first != second
    assert verify_chain().ok


def test_a_thumbnail_job_of_a_replaced_copy_does_nothing(ward, category, leader):
    case = submit(ward, category, "denunciation")
    item = case.attachments.get()
    old = services.upload_redacted_copy(attachment=item, actor=leader, upload=jpeg()).sha256
    new = services.upload_redacted_copy(attachment=item, actor=leader, upload=jpeg(color=(200, 200, 0))).sha256
    copy = RedactedCopy.objects.get(attachment=item)
    assert services.make_redacted_thumbnail(copy_id=copy.pk, sha256=old) is False
    assert services.make_redacted_thumbnail(copy_id=copy.pk, sha256=new) is True
    assert services.make_redacted_thumbnail(copy_id=copy.pk, sha256=new) is False  # once
    copy.refresh_from_db()
    assert copy.thumbnail and copy.thumbnail.storage.exists(copy.thumbnail.name)


def test_the_forward_of_a_denunciation_waits_for_its_copies(ward, category, leader):
    case = submit(ward, category, "denunciation")
    with pytest.raises(DomainError) as refused:
        transition(case=case, action="transfer", actor=leader, text="Chuyển.", to_body="Thanh tra quận")
    assert refused.value.code == "redacted_copies_missing"
    assert Case.objects.get(pk=case.pk).state == "received"
    assert not AuditEvent.objects.filter(action="case.transfer").exists()
    services.upload_redacted_copy(attachment=case.attachments.get(), actor=leader, upload=jpeg())
    assert transition(case=case, action="transfer", actor=leader, text="Chuyển.",
                      to_body="Thanh tra quận").state == "transferred"


def test_a_feedback_is_forwarded_with_its_files_as_before(ward, category, leader):
    case = submit(ward, category, "feedback")
    assert transition(case=case, action="transfer", actor=leader, text="Chuyển.",
                      to_body="Điện lực").state == "transferred"


@pytest.mark.django_db(transaction=True)
def test_the_same_copy_uploaded_again_stays_on_a_storage_that_overwrites(ward, category, leader, settings, tmp_path):
    """The copy is named by its content's hash: uploaded again, it lands at the old copy's very name on a storage that
    overwrites (S3's default), and the old copy's deletion after the commit must not take it away."""
    from django.core.files.storage import storages

    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"allow_overwrite": True, "location": str(tmp_path)}}}
    storages._storages.clear()
    try:
        item = submit(ward, category, "denunciation").attachments.get()
        services.upload_redacted_copy(attachment=item, actor=leader, upload=jpeg())
        services.upload_redacted_copy(attachment=item, actor=leader, upload=jpeg())
        copy = RedactedCopy.objects.get()
        assert copy.file.storage.exists(copy.file.name)
        with copy.file.open("rb") as fh:
            assert fh.read(2) == b"\xff\xd8"
    finally:
        storages._storages.clear()
