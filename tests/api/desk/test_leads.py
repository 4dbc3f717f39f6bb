"""The staff API's inspection leads (/api/v1/staff/leads/): the desk's pages (frontend/views/leads.py) as JSON, with
the same service (portal.cases.leads). The ward's leaders list and read them, download their files and record what
was done, each look audited; officers, supervisors, another ward's leaders and the public cannot."""

import pytest
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.cases.models import Case, CaseState
from tests.factories import UserFactory, image_bytes
from tests.factories import inspection_lead as lead

from .conftest import client_for

pytestmark = pytest.mark.django_db

LIST = reverse("api:staff-lead-list")


def detail_url(case):
    return reverse("api:staff-lead-detail", kwargs={"code": case.tracking_code})


def outcome_url(case):
    return reverse("api:staff-lead-outcome", kwargs={"code": case.tracking_code})


def file_url(case, attachment_id):
    return reverse("api:staff-lead-attachment", kwargs={"code": case.tracking_code, "attachment_id": attachment_id})


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


@pytest.fixture
def with_photo(ward, category, make_upload):
    return lead(ward, category, files=[make_upload("bien-lai.jpg", image_bytes(), "image/jpeg")])


def test_a_leader_lists_the_wards_undecided_leads_and_the_look_is_audited(ward, other_ward, category, leader,
                                                                         make_case):
    mine = lead(ward, category)
    theirs = lead(other_ward, category, title="Đơn của phường khác")
    ordinary = make_case(kind="denunciation", title="Tố cáo có tên")
    response = client_for(leader).get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None
    [row] = body["results"]
    assert row["tracking_code"] == mine.tracking_code and row["state"] == "received" and row["outcome"] == ""
    assert row["denounced_person"] == "Ông Trần Văn Bình, công chức địa chính"
    assert row["ward"]["code"] == ward.code and row["attachment_count"] == 0
    assert row["url"].endswith(detail_url(mine))
    assert theirs.tracking_code not in response.content.decode()
    assert ordinary.tracking_code not in response.content.decode()
    [event] = events("case.leads_listed")
    assert event.actor == leader and event.ward_id == ward.pk and event.data == {"shown": [mine.tracking_code]}


def test_decided_leads_only_with_all_and_the_list_pages(ward, category, leader):
    decided = lead(ward, category, title="Đã quyết")
    client = client_for(leader)
    assert client.post(outcome_url(decided), {"outcome": "filed", "note": "Lưu đơn."}, format="json").status_code == 200
    assert client.get(LIST).json()["count"] == 0
    listed = client.get(LIST, {"all": "1"}).json()
    assert [r["tracking_code"] for r in listed["results"]] == [decided.tracking_code]
    assert listed["results"][0]["outcome"] == "filed" and listed["results"][0]["state"] == "closed"
    for n in range(25):
        lead(ward, category, title=f"Đơn {n}")
    first = client.get(LIST).json()
    assert first["count"] == 25 and len(first["results"]) == 25 and first["next"] is None
    first = client.get(LIST, {"all": "1"}).json()
    assert first["count"] == 26 and len(first["results"]) == 25 and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert [r["tracking_code"] for r in second["results"]] == [decided.tracking_code]
    assert "page" not in second["previous"] or "page=1" in second["previous"]


@pytest.mark.parametrize("query", [{"page": "abc"}, {"page": "0"}, {"all": "yes"}, {"page": "9" * 30}])
def test_bad_list_parameters_get_field_errors(ward, category, leader, query):
    lead(ward, category)
    response = client_for(leader).get(LIST, query)
    assert response.status_code == 400
    assert set(response.json()) == set(query)
    assert not events("case.leads_listed")


def test_the_list_runs_a_constant_number_of_queries(ward, category, leader, make_upload,
                                                    django_assert_max_num_queries):
    lead(ward, category)
    client = client_for(leader)
    client.get(LIST)  # fills the process's memos
    with django_assert_max_num_queries(12) as few:
        client.get(LIST)
    for n in range(8):
        lead(ward, category, title=f"Đơn nặc danh {n}",
             files=[make_upload("a.jpg", image_bytes(), "image/jpeg")] if n % 2 else [])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert response.json()["count"] == 9
    assert sum(r["attachment_count"] for r in response.json()["results"]) == 4


def test_a_leader_reads_a_lead_and_downloads_its_file_each_audited(ward, category, leader, with_photo):
    client = client_for(leader)
    response = client.get(detail_url(with_photo))
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Cán bộ địa chính nhận tiền" and "5 triệu đồng" in body["description"]
    assert body["denounced_person"] == "Ông Trần Văn Bình, công chức địa chính"
    assert "hai người nộp hồ sơ chứng kiến" in body["evidence"]
    assert body["decision"] is None and body["outcome_url"].endswith(outcome_url(with_photo))
    [attachment] = with_photo.attachments.all()
    [item] = body["attachments"]
    assert item["id"] == attachment.pk and item["original_name"] == "bien-lai.jpg"
    assert item["content_type"] == "image/jpeg"
    assert item["url"].endswith(file_url(with_photo, attachment.pk))
    [viewed] = events("case.lead_viewed")
    assert viewed.actor == leader and viewed.object_id == str(with_photo.pk)

    download = client.get(item["url"])
    assert download.status_code == 200 and download["Content-Type"] == "image/jpeg"
    assert download["Cache-Control"] == "private, no-store" and download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == attachment.file.open("rb").read()
    [opened] = events("case.lead_attachment_viewed")
    assert opened.actor == leader and opened.data["attachment"] == attachment.pk
    assert opened.data["sha256"] == attachment.sha256
    # lowercase code as typed; another case's file through this lead is not found
    assert client.get(detail_url(with_photo).replace(with_photo.tracking_code,
                                                     with_photo.tracking_code.lower())).status_code == 200
    assert client.get(file_url(with_photo, attachment.pk + 1000)).status_code == 404


def test_a_leader_records_the_outcome_through_the_workflow(ward, category, leader):
    case = lead(ward, category)
    client = client_for(leader)
    response = client.post(outcome_url(case), {"outcome": "forward", "note": "Chuyển Thanh tra quận xác minh."},
                           format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "closed" and body["outcome"] == "forward" and body["outcome_url"] is None
    assert body["decision"]["note"] == "Chuyển Thanh tra quận xác minh."
    assert body["decision"]["author"]["id"] == leader.pk
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED and case.lead_outcome == "forward"
    [event] = events("case.lead_outcome")
    assert event.actor == leader and event.data["outcome"] == "forward"
    again = client.post(outcome_url(case), {"outcome": "filed", "note": "Lần nữa."}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "invalid_state"
    assert Case.objects.get(pk=case.pk).lead_outcome == "forward"


@pytest.mark.parametrize(("data", "fields"), [
    ({"outcome": "", "note": "Lưu đơn vì thiếu cơ sở."}, {"outcome"}),
    ({"outcome": "filed", "note": ""}, {"note"}),
    ({"outcome": "filed", "note": "   "}, {"note"}),
    ({"outcome": "nonsense", "note": "Ghi chú"}, {"outcome"}),
    ({}, {"outcome", "note"}),
    ({"outcome": ["filed"], "note": {"a": 1}}, {"outcome", "note"}),
    ({"outcome": "filed", "note": "x" * 10001}, {"note"}),
])
def test_a_refused_outcome_gets_field_errors_and_changes_nothing(ward, category, leader, data, fields):
    case = lead(ward, category)
    response = client_for(leader).post(outcome_url(case), data, format="json")
    assert response.status_code == 400
    assert set(response.json()) == fields
    case.refresh_from_db()
    assert case.state == CaseState.RECEIVED and case.lead_outcome == ""
    assert not events("case.lead_outcome")


def test_the_messages_are_in_vietnamese_by_default(ward, category, leader):
    case = lead(ward, category)
    response = client_for(leader).post(outcome_url(case), {}, format="json")
    assert response.json() == {"outcome": ["Hãy chọn cách đã xử lý thông tin tố cáo."],
                               "note": ["Hãy ghi chú đã xử lý thế nào và vì sao."]}
    listing = client_for(UserFactory(username="nguoi_dan")).get(LIST)
    assert listing.status_code == 403


@pytest.mark.parametrize("who", ["officer", "supervisor", "outsider_officer", "other_leader"])
def test_other_staff_cannot_list_read_open_or_decide(ward, category, with_photo, who, request):
    user = request.getfixturevalue(who)
    client = client_for(user)
    listing = client.get(LIST)
    assert listing.status_code == (200 if who == "other_leader" else 403)
    assert with_photo.tracking_code not in listing.content.decode()
    assert "Cán bộ địa chính nhận tiền" not in listing.content.decode()
    attachment = with_photo.attachments.get()
    assert client.get(detail_url(with_photo)).status_code == 404
    assert client.get(file_url(with_photo, attachment.pk)).status_code == 404
    assert client.post(outcome_url(with_photo), {"outcome": "filed", "note": "Lưu"}, format="json").status_code == 404
    assert client.post(outcome_url(with_photo), {}, format="json").status_code == 404  # not even field errors
    assert Case.objects.get(pk=with_photo.pk).lead_outcome == ""
    assert not events("case.lead_viewed") and not events("case.lead_attachment_viewed")
    assert not events("case.lead_outcome")


def test_an_ordinary_case_is_not_a_lead(ward, category, leader, make_case):
    case = make_case(kind="denunciation", title="Tố cáo có tên")
    client = client_for(leader)
    assert client.get(detail_url(case)).status_code == 404
    assert client.post(outcome_url(case), {"outcome": "filed", "note": "Lưu"}, format="json").status_code == 404
    assert not events("case.lead_viewed")


def test_the_public_and_residents_cannot_reach_the_leads(ward, category, resident, with_photo):
    anonymous = client_for(None)
    attachment = with_photo.attachments.get()
    for url in (LIST, detail_url(with_photo), file_url(with_photo, attachment.pk)):
        assert anonymous.get(url).status_code == 401
    assert anonymous.post(outcome_url(with_photo), {"outcome": "filed", "note": "x"}).status_code == 401
    signed_in = client_for(resident)
    for url in (LIST, detail_url(with_photo), file_url(with_photo, attachment.pk)):
        assert signed_in.get(url).status_code == 403
    assert signed_in.post(outcome_url(with_photo), {"outcome": "filed", "note": "x"}).status_code == 403
    assert Case.objects.get(pk=with_photo.pk).lead_outcome == ""
    assert not events("case.leads_listed") and not events("case.lead_viewed")


def test_the_schema_documents_what_the_endpoints_answer(ward, category, leader, with_photo):
    spec = client_for(None).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    schemas = spec["components"]["schemas"]

    def properties(path, method, status="200"):
        ref = spec["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]["$ref"]
        return set(schemas[ref.rsplit("/", 1)[1]]["properties"])

    list_op = spec["paths"]["/api/v1/staff/leads/"]["get"]
    assert {p["name"] for p in list_op["parameters"]} == {"all", "page"}
    assert {"200", "400", "401", "403"} <= set(list_op["responses"])
    outcome_op = spec["paths"]["/api/v1/staff/leads/{code}/outcome/"]["post"]
    assert {"400", "404"} <= set(outcome_op["responses"])
    assert "application/octet-stream" in (
        spec["paths"]["/api/v1/staff/leads/{code}/attachments/{attachment_id}/"]["get"]["responses"]["200"]["content"])
    client = client_for(leader)
    listed = client.get(LIST).json()
    assert set(listed) == properties("/api/v1/staff/leads/", "get")
    detail = client.get(detail_url(with_photo)).json()
    assert set(detail) == properties("/api/v1/staff/leads/{code}/", "get")
    assert set(listed["results"][0]) <= set(detail)
    decided = client.post(outcome_url(with_photo), {"outcome": "inspect", "note": "Giao tổ kiểm tra."}, format="json")
    assert set(decided.json()) == properties("/api/v1/staff/leads/{code}/outcome/", "post")
    assert set(decided.json()["decision"]) == {"at", "author", "note"}
