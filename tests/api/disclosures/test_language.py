"""/api/v1/disclosures/ in the client's language: the category's name (`category_name`) is Vietnamese by default and
English for Accept-Language: en, as the register page names it; what the ward wrote (titles, bodies) stays as
written. Same queries in both languages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from portal.disclosures.models import DisclosureCategory
from tests.disclosure_data import posted

pytestmark = pytest.mark.django_db

BASE = "/api/v1/disclosures/"
BUDGET_VI = "Dự toán, tình hình thực hiện, quyết toán ngân sách cấp xã hằng quý, 06 tháng, hằng năm"
BUDGET_EN = "Budget estimates, execution and final accounts (quarterly, 6-monthly, yearly)"
TITLE = "Công khai dự toán ngân sách năm 2027"


@pytest.fixture
def budget(ward, officer, leader):
    return posted(ward, officer, leader, title=TITLE)


def get(path, language=None, **params):
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    response = APIClient().get(path, params, **headers)
    assert response.status_code == 200, response.content
    return response


def names(language=None) -> list[str]:
    return [row["category_name"] for row in get(BASE, language).json()["results"]]


def test_the_register_names_the_category_in_vietnamese_by_default(budget):
    response = get(BASE)
    assert response["Content-Language"] == "vi"
    [row] = response.json()["results"]
    assert (row["category"], row["category_name"], row["title"]) == (2, BUDGET_VI, TITLE)


def test_the_register_and_a_disclosure_name_it_in_english_on_request(budget):
    response = get(BASE, "en")
    assert response["Content-Language"] == "en"
    [row] = response.json()["results"]
    assert (row["category"], row["category_name"], row["title"]) == (2, BUDGET_EN, TITLE)  # the title as written
    detail = get(f"{BASE}{budget.pk}/", "en").json()
    assert detail["category_name"] == BUDGET_EN
    assert get(f"{BASE}{budget.pk}/").json()["category_name"] == BUDGET_VI


@pytest.mark.parametrize(("header", "name"), [("en-US,en;q=0.9", BUDGET_EN), ("vi,en;q=0.8", BUDGET_VI),
                                              ("fr", BUDGET_VI)])
def test_the_headers_preferred_supported_language_wins(budget, header, name):
    assert names(header) == [name]


def test_a_category_without_an_english_name_keeps_its_vietnamese_one(budget):
    DisclosureCategory.objects.filter(number=2).update(name_en="")
    assert names("en") == [BUDGET_VI]


def test_answers_alternating_between_languages_never_cross(budget, ward, officer, leader):
    posted(ward, officer, leader, number=13, title="Lịch tiếp công dân")
    answers = [names(language) for language in ("en", "vi", "en", "vi")]
    assert answers[0] == answers[2] == ["Administrative procedures", BUDGET_EN]
    assert answers[1] == answers[3] == [
        "Thủ tục hành chính, việc giải quyết thủ tục hành chính thuộc thẩm quyền cấp xã", BUDGET_VI]


def test_english_costs_the_queries_of_vietnamese_and_they_do_not_grow(ward, officer, leader,
                                                                      django_assert_max_num_queries):
    for n in range(3):
        posted(ward, officer, leader, number=2 if n % 2 else 13, title=f"Công khai {n}")
    counts = {}
    for language in ("vi", "en"):
        with CaptureQueriesContext(connection) as ctx:
            get(BASE, language, page_size=30)
        counts[language] = len(ctx.captured_queries)
    assert counts["vi"] == counts["en"] <= 6
    for n in range(20):
        posted(ward, officer, leader, number=2 if n % 2 else 13, title=f"Công khai thêm {n}")
    for language in ("vi", "en"):
        with django_assert_max_num_queries(counts["vi"]):
            assert len(get(BASE, language, page_size=30).json()["results"]) == 23


def test_the_openapi_schema_documents_the_category_name_as_a_string():
    spec = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    field = spec["components"]["schemas"]["DisclosureList"]["properties"]["category_name"]
    assert field["type"] == "string" and "language" in field["description"]
    assert "disclosures'" in spec["info"]["description"]
