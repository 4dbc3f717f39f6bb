"""The desk's anonymous denunciations (/can-bo/tin-nac-danh/): the ward's leaders list them, read them with their
files and record what was done; officers, supervisors, another ward's leaders and the public cannot; every view and
action is an audit event."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from portal.cases.models import Case, CaseState
from tests.conftest import log_in
from tests.factories import image_bytes
from tests.factories import inspection_lead as lead

from .helpers import file

pytestmark = pytest.mark.django_db

LIST = reverse("frontend:desk-leads")


def page_of(case):
    return reverse("frontend:desk-lead", kwargs={"code": case.tracking_code})


def outcome_url(case):
    return reverse("frontend:desk-lead-outcome", kwargs={"code": case.tracking_code})


@pytest.fixture
def with_photo(ward, category, make_upload):
    return lead(ward, category, files=[make_upload("bien-lai.jpg", image_bytes(), "image/jpeg")])


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_a_leader_lists_the_wards_leads_and_the_list_is_audited(ward, other_ward, category, login, leader):
    mine = lead(ward, category)
    theirs = lead(other_ward, category, title="Đơn của phường khác")
    ordinary = file(ward, category, kind="denunciation", title="Tố cáo có tên")
    response = login(leader).get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tố cáo nặc danh (thông tin phục vụ thanh tra, kiểm tra)" in html
    assert mine.tracking_code in html and "Ông Trần Văn Bình" in html
    assert theirs.tracking_code not in html and ordinary.tracking_code not in html
    [event] = events("case.leads_listed")
    assert event.actor == leader and event.ward_id == ward.pk and event.data == {"shown": [mine.tracking_code]}
    assert 'href="/can-bo/tin-nac-danh/"' in html  # the desk menu's entry, for leaders


def test_a_lead_is_not_in_the_queue_nor_on_the_case_page(ward, category, login, leader):
    case = lead(ward, category)
    client = login(leader)
    assert case.tracking_code not in client.get(reverse("frontend:desk-queue") + "?state=received").content.decode()
    assert client.get(reverse("frontend:desk-case", kwargs={"code": case.tracking_code})).status_code == 404


def test_the_leads_list_runs_a_constant_number_of_queries(ward, category, login, leader, make_upload,
                                                          django_assert_max_num_queries):
    lead(ward, category)
    client = login(leader)
    client.get(LIST)  # fills the process's memos
    with django_assert_max_num_queries(12) as few:
        client.get(LIST)
    for n in range(8):
        lead(ward, category, title=f"Đơn nặc danh {n}",
             files=[make_upload("a.jpg", image_bytes(), "image/jpeg")] if n % 2 else [])
    assert len(few.captured_queries) <= 12
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert response.content.decode().count("/can-bo/tin-nac-danh/PN17-") == 9


def test_a_leader_reads_a_lead_with_its_evidence_and_files_each_view_audited(ward, category, login, leader,
                                                                             with_photo):
    client = login(leader)
    response = client.get(page_of(with_photo))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cán bộ địa chính nhận tiền" in html and "5 triệu đồng" in html
    assert "Ông Trần Văn Bình" in html and "hai người nộp hồ sơ chứng kiến" in html
    [attachment] = with_photo.attachments.all()
    file_url = reverse("frontend:desk-lead-attachment", kwargs={"code": with_photo.tracking_code,
                                                                "attachment_id": attachment.pk})
    assert file_url in html
    [viewed] = events("case.lead_viewed")
    assert viewed.actor == leader and viewed.object_id == str(with_photo.pk)

    download = client.get(file_url)
    assert download.status_code == 200 and download["Content-Type"] == "image/jpeg"
    [opened] = events("case.lead_attachment_viewed")
    assert opened.data["attachment"] == attachment.pk and opened.data["sha256"] == attachment.sha256
    assert verify_chain().ok


def test_a_leader_records_what_was_done_through_the_workflow(ward, category, login, leader):
    case = lead(ward, category)
    client = login(leader)
    response = client.post(outcome_url(case), {"outcome": "forward", "note": "Chuyển Thanh tra quận xác minh."})
    assert response.status_code == 302 and response["Location"] == page_of(case)
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED and case.lead_outcome == "forward"
    [event] = events("case.lead_outcome")
    assert event.actor == leader and event.data["outcome"] == "forward"
    html = client.get(page_of(case)).content.decode()
    assert "Đã chuyển cơ quan có thẩm quyền thanh tra, kiểm tra" in html and "Chuyển Thanh tra quận" in html
    assert 'name="note"' not in html  # decided once
    # Decided leads leave the default list; ?all=1 shows them with their outcome.
    assert case.tracking_code not in client.get(LIST).content.decode()
    assert case.tracking_code in client.get(LIST + "?all=1").content.decode()


@pytest.mark.parametrize(("data", "field"), [
    ({"outcome": "", "note": "Lưu đơn vì thiếu cơ sở."}, "outcome"),
    ({"outcome": "filed", "note": ""}, "note"),
    ({"outcome": "nonsense", "note": "Ghi chú đã gõ"}, "outcome"),
])
def test_a_refused_outcome_keeps_the_typed_note_and_changes_nothing(ward, category, login, leader, data, field):
    case = lead(ward, category)
    response = login(leader).post(outcome_url(case), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'href="#id_{field}"' in html
    if data["note"]:
        assert data["note"] in html
    case.refresh_from_db()
    assert case.state == CaseState.RECEIVED and case.lead_outcome == ""
    assert not events("case.lead_outcome")


@pytest.mark.parametrize("who", ["officer", "supervisor", "outsider_officer", "other_leader"])
def test_others_of_the_desk_cannot_list_read_open_or_decide(ward, category, login, with_photo, who, request):
    user = request.getfixturevalue(who)
    client = login(user)
    listing = client.get(LIST)
    assert listing.status_code == 200 if who == "other_leader" else listing.status_code == 403
    assert with_photo.tracking_code not in listing.content.decode()
    assert "Cán bộ địa chính nhận tiền" not in listing.content.decode()
    assert client.get(page_of(with_photo)).status_code == 404
    attachment = with_photo.attachments.get()
    assert client.get(reverse("frontend:desk-lead-attachment", kwargs={
        "code": with_photo.tracking_code, "attachment_id": attachment.pk})).status_code == 404
    assert client.get(reverse("frontend:desk-attachment", kwargs={
        "code": with_photo.tracking_code, "attachment_id": attachment.pk})).status_code == 404
    assert client.post(outcome_url(with_photo), {"outcome": "filed", "note": "Lưu"}).status_code == 404
    assert Case.objects.get(pk=with_photo.pk).lead_outcome == ""
    assert not events("case.lead_viewed") and not events("case.lead_attachment_viewed")
    if who != "other_leader":
        assert 'href="/can-bo/tin-nac-danh/"' not in client.get(reverse("frontend:desk-queue")).content.decode()


def test_the_public_and_residents_cannot_reach_the_leads(ward, category, resident, with_photo):
    anonymous = Client()
    for url in (LIST, page_of(with_photo)):
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("frontend:login"))
    assert anonymous.post(outcome_url(with_photo), {"outcome": "filed", "note": "x"}).status_code == 302
    signed_in = log_in(Client(), resident)
    assert signed_in.get(LIST).status_code == 403
    assert signed_in.get(page_of(with_photo)).status_code == 403
    assert Case.objects.get(pk=with_photo.pk).lead_outcome == ""
    assert not events("case.leads_listed") and not events("case.lead_viewed")


def test_the_audit_log_links_a_leads_events_to_its_own_page(ward, category, login, leader):
    case = lead(ward, category)
    client = login(leader)
    client.get(page_of(case))
    html = client.get(reverse("frontend:desk-audit")).content.decode()
    assert page_of(case) in html and reverse("frontend:desk-case", kwargs={"code": case.tracking_code}) not in html
    assert "Xem tố cáo nặc danh" in html
