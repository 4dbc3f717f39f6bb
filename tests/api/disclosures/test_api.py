"""/api/v1/disclosures/: public reads, staff writes through the same services, 400s with field messages, the
schema, and bounded queries on the list."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from portal.audit.models import AuditEvent
from portal.disclosures.models import Disclosure, DisclosureState, Question
from tests.disclosure_data import draft, pdf_bytes, posted

pytestmark = pytest.mark.django_db

BASE = "/api/v1/disclosures/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def budget(ward, officer, leader):
    return posted(ward, officer, leader, title="Công khai dự toán ngân sách năm 2027", body="<script>x</script>**12**")


def test_the_public_list_searches_without_diacritics_and_hides_drafts(api, budget, ward, officer):
    draft(ward, officer, title="Nháp ngân sách")
    response = api.get(BASE, {"q": "ngan sach"})
    assert response.status_code == 200
    assert [r["title"] for r in response.json()["results"]] == [budget.title]
    assert response.json()["results"][0]["ward"] == ward.code and response.json()["results"][0]["category"] == 2


def test_a_word_typed_with_diacritics_finds_that_word_only(api, ward, officer, leader):
    lamps = posted(ward, officer, leader, title="Kế hoạch thay đèn đường năm 2027", body="Thay 120 bộ đèn.")
    visits = posted(ward, officer, leader, number=13, title="Lịch tiếp công dân đến hết năm", body="Thứ Năm.")
    for q, found in (("đèn", [lamps]), ("ĐÈN", [lamps]), ("den", [lamps, visits]), ("đến NAM", [visits])):
        titles = {r["title"] for r in api.get(BASE, {"q": q}).json()["results"]}
        assert titles == {d.title for d in found}, q


def test_staff_also_list_their_drafts(api, budget, ward, officer, supervisor):
    hidden = draft(ward, officer, title="Nháp ngân sách")
    api.force_authenticate(supervisor)
    titles = {r["title"] for r in api.get(BASE).json()["results"]}
    assert titles == {budget.title, hidden.title}


def test_bad_filters_are_400_with_field_messages(api, db):
    response = api.get(BASE, {"ward": "KHONGCO", "state": "xoa", "posted_from": "hôm qua"})
    assert response.status_code == 400
    assert set(response.json()) == {"ward", "state", "posted_from"}


@pytest.mark.parametrize("number", ["²", "99", "-1", "1e3", "٣"])
def test_an_unknown_category_number_is_400_not_500(api, db, number):
    response = api.get(BASE, {"category": number})
    assert response.status_code == 400
    assert set(response.json()) == {"category"}


def test_the_list_costs_a_constant_number_of_queries(api, ward, officer, leader, django_assert_max_num_queries):
    for n in range(30):
        posted(ward, officer, leader, title=f"Công khai {n}")
    with django_assert_max_num_queries(6):
        response = api.get(BASE, {"page_size": 30})
    assert len(response.json()["results"]) == 30


def test_the_detail_has_versions_files_and_no_contact(api, budget, officer):
    Question.objects.create(disclosure=budget, body="Câu hỏi", contact="0900000000", created_at=budget.created_at)
    data = api.get(f"{BASE}{budget.pk}/").json()
    assert "<script>" not in data["body_html"] and "<strong>12</strong>" in data["body_html"]
    assert [v["number"] for v in data["versions"]] == [1]
    assert "0900000000" not in str(data)


def test_an_officer_drafts_with_a_pdf_and_a_leader_publishes(api, ward, officer, leader):
    api.force_authenticate(officer)
    today = dt.date.today()
    payload = {"ward": ward.code, "category": 2, "title": "Quyết toán ngân sách 2026", "body": "Chi tiết",
               "decision_date": today.isoformat(), "posting_start": today.isoformat(),
               "posting_end": (today + dt.timedelta(days=5)).isoformat(), "forms": ["portal"]}
    response = api.post(BASE, payload, format="json")
    assert response.status_code == 400 and "posting_end" in response.json()
    payload["posting_end"] = (today + dt.timedelta(days=40)).isoformat()
    payload["files"] = [SimpleUploadedFile("qt.pdf", pdf_bytes(), content_type="application/pdf")]
    response = api.post(BASE, payload, format="multipart")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["state"] == "draft" and len(created["attachments"]) == 1 and created["attachments"][0]["sha256"]
    publish = f"{BASE}{created['id']}/publish/"
    assert api.post(publish).status_code == 403
    api.force_authenticate(leader)
    response = api.post(publish)
    assert response.status_code == 200 and response.json()["state"] == "posted"
    assert AuditEvent.objects.filter(action="disclosure.published", actor=leader).exists()
    file_url = response.json()["attachments"][0]["url"]
    api.force_authenticate(None)
    assert api.get(file_url).status_code == 200


YEARS = "Chọn một ngày trong các năm từ 1901 đến 2100."


@pytest.mark.parametrize("day", ["1900-01-01", "2200-01-01", "9999-12-31", "0001-01-01"])
def test_a_decision_date_outside_the_working_calendar_is_400_not_500(api, ward, officer, day):
    api.force_authenticate(officer)
    payload = {"ward": ward.code, "category": 4, "title": "Quy chế dân chủ ở cơ sở", "body": "Chi tiết",
               "decision_date": day, "posting_start": day, "forms": ["portal"]}
    response = api.post(BASE, payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"decision_date": [YEARS], "posting_start": [YEARS]}
    assert not Disclosure.objects.exists()


@pytest.mark.parametrize("start,end", [("9999-12-20", "9999-12-31"), ("2026-01-01", "9999-12-31")])
def test_a_posting_past_the_working_calendar_is_400_not_500(api, ward, officer, start, end):
    api.force_authenticate(officer)
    payload = {"ward": ward.code, "category": 2, "title": "Ngân sách", "body": "Chi tiết", "decision_date": start,
               "posting_start": start, "posting_end": end, "forms": ["portal", "office_board"]}
    response = api.post(BASE, payload, format="json")
    assert response.status_code == 400
    assert response.json()["posting_end"] == [YEARS]
    assert not Disclosure.objects.exists()


def test_corrections_withdrawal_and_moderation(api, budget, officer, leader):
    api.force_authenticate(officer)
    assert api.post(f"{BASE}{budget.pk}/corrections/", {"title": "Sửa"}, format="json").status_code == 400
    response = api.post(f"{BASE}{budget.pk}/corrections/",
                        {"title": "Dự toán (sửa)", "body": "Mới", "reason": "Sửa số liệu"}, format="json")
    assert response.status_code == 200 and [v["number"] for v in response.json()["versions"]] == [1, 2]
    assert api.post(f"{BASE}{budget.pk}/withdraw/", {"reason": "x"}, format="json").status_code == 403
    api.force_authenticate(leader)
    response = api.post(f"{BASE}{budget.pk}/withdraw/", {"reason": "Bị thay thế"}, format="json")
    assert response.json()["state"] == "withdrawn" and response.json()["withdrawn_reason"] == "Bị thay thế"
    assert Disclosure.objects.get().state == DisclosureState.WITHDRAWN


def test_residents_ask_staff_answer_and_hide(api, budget, officer, supervisor):
    response = api.post(f"{BASE}{budget.pk}/questions/", {"body": "Xin hỏi khoản chi hẻm 5?", "contact": "a@b.vn"},
                        format="json")
    assert response.status_code == 201
    qid = response.json()["id"]
    assert api.post(f"{BASE}{budget.pk}/questions/", {"body": "Mua hàng giá rẻ", "website": "http://x"},
                    format="json").status_code == 201
    assert Question.objects.count() == 1  # the honeypot kept nothing
    api.force_authenticate(supervisor)
    assert api.post(f"{BASE}{budget.pk}/questions/{qid}/answer/", {"answer": "x"}, format="json").status_code == 403
    api.force_authenticate(officer)
    response = api.post(f"{BASE}{budget.pk}/questions/{qid}/answer/", {"answer": "Chi 200 triệu."}, format="json")
    assert response.status_code == 200 and response.json()["questions"][0]["answer"] == "Chi 200 triệu."
    response = api.post(f"{BASE}{budget.pk}/questions/{qid}/hide/", {"reason": "Lộ thông tin"}, format="json")
    assert response.status_code == 200
    api.force_authenticate(None)
    public = api.get(f"{BASE}{budget.pk}/").json()["questions"][0]
    assert public["is_hidden"] and public["body"] == "" and public["hidden_reason"] == "Lộ thông tin"


def test_nothing_is_deletable_through_the_api(api, budget, leader):
    api.force_authenticate(leader)
    question = Question.objects.create(disclosure=budget, body="Câu hỏi", created_at=budget.created_at)
    for url in (f"{BASE}{budget.pk}/", BASE, f"{BASE}{budget.pk}/questions/",
                f"{BASE}{budget.pk}/questions/{question.pk}/hide/", f"{BASE}{budget.pk}/corrections/"):
        assert api.delete(url).status_code in (403, 405), url
        assert api.put(url, {}, format="json").status_code in (403, 405), url
    assert Disclosure.objects.count() == 1 and Question.objects.count() == 1


def test_the_schema_documents_the_disclosure_endpoints(api, db):
    response = api.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    paths = response.json()["paths"]
    for path in ("/api/v1/disclosures/", "/api/v1/disclosures/{id}/", "/api/v1/disclosures/{id}/publish/",
                 "/api/v1/disclosures/{id}/questions/", "/api/v1/disclosures/categories/"):
        assert path in paths, path
    assert "post" in paths["/api/v1/disclosures/"] and "get" in paths["/api/v1/disclosures/"]


@pytest.mark.parametrize(("field", "value"), [("ward", "PN17\x00"), ("category", "4\x00")])
def test_a_nul_character_in_a_code_is_a_field_error_not_a_500(api, ward, officer, field, value):
    """PostgreSQL cannot hold NUL in text: a related field looked the code up as it was, a DataError (500)."""
    api.force_authenticate(officer)
    payload = {"ward": ward.code, "category": 4, "title": "Quy chế dân chủ ở cơ sở", "body": "Chi tiết",
               "decision_date": "2026-03-02", "posting_start": "2026-03-02", "forms": ["portal"], field: value}
    response = api.post(BASE, payload, format="json")
    assert response.status_code == 400 and list(response.json()) == [field]
    assert not Disclosure.objects.exists()
