"""/api/v1/disclosures/ in the client's language: the category's name (`category_name`) is Vietnamese by default and
English for Accept-Language: en, as the register page names it, and so is a category's legal basis (`legal_basis` of
/api/v1/disclosures/categories/), as a disclosure's page cites it; what the ward wrote (titles, bodies) stays as
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
CATEGORIES = f"{BASE}categories/"
RELIEF_BASIS_VI = "Khoản 8 Điều 11 Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15; Điều 12, 13"
RELIEF_BASIS_EN = "Art. 11(8) of the Law on Grassroots Democracy No. 10/2022/QH15; Arts. 12, 13"


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


def legal_bases(language=None) -> dict[int, str]:
    return {row["number"]: row["legal_basis"] for row in get(CATEGORIES, language).json()}


def test_the_categories_give_their_legal_basis_in_vietnamese_by_default():
    response = get(CATEGORIES)
    assert response["Content-Language"] == "vi"
    rows = {row["number"]: row for row in response.json()}
    assert sorted(rows) == list(range(1, 15))
    assert rows[8]["legal_basis"] == RELIEF_BASIS_VI
    assert rows[2]["legal_basis"] == RELIEF_BASIS_VI.replace("Khoản 8", "Khoản 2")


def test_the_categories_give_their_legal_basis_in_english_on_request():
    response = get(CATEGORIES, "en")
    assert response["Content-Language"] == "en"
    rows = {row["number"]: row for row in response.json()}
    assert rows[8]["legal_basis"] == RELIEF_BASIS_EN  # as the disclosure's page cites it in English
    for number, row in rows.items():
        assert row["legal_basis"] == RELIEF_BASIS_EN.replace("Art. 11(8)", f"Art. 11({number})"), number
        assert "Luật" not in row["legal_basis"] and "Điều" not in row["legal_basis"], number
    # the names keep their fields: `name` Vietnamese, `name_en` English, whatever the language
    assert (rows[8]["name"], rows[8]["name_en"]) == (
        "Việc hỗ trợ khắc phục thiệt hại do thiên tai, dịch bệnh, sự cố và việc sử dụng tiền, hàng cứu trợ",
        "Disaster and epidemic relief")


@pytest.mark.parametrize(("header", "basis"), [("en-US,en;q=0.9", RELIEF_BASIS_EN), ("vi,en;q=0.8", RELIEF_BASIS_VI),
                                               ("fr", RELIEF_BASIS_VI)])
def test_the_legal_basis_follows_the_headers_preferred_supported_language(header, basis):
    assert legal_bases(header)[8] == basis


def test_a_legal_basis_the_portal_cannot_translate_stays_vietnamese_in_english():
    """An administrator may cite an instrument the portal's table does not know (portal.core.legal): the English
    answer gives it as written, as the page does (marked lang="vi" there), never half translated."""
    own = "Nghị quyết số 12/2026/NQ-HĐND của Hội đồng nhân dân thành phố; Điều 12, 13"
    DisclosureCategory.objects.filter(number=14).update(legal_basis=own)
    english = legal_bases("en")
    assert english[14] == own
    assert english[13] == RELIEF_BASIS_EN.replace("Art. 11(8)", "Art. 11(13)")  # the others still in English
    assert legal_bases()[14] == own


def test_categories_alternating_between_languages_never_cross():
    answers = [legal_bases(language)[8] for language in ("en", "vi", "en", "vi")]
    assert answers == [RELIEF_BASIS_EN, RELIEF_BASIS_VI, RELIEF_BASIS_EN, RELIEF_BASIS_VI]


def test_the_categories_in_english_cost_the_queries_of_vietnamese(django_assert_max_num_queries):
    counts = {}
    for language in ("vi", "en"):
        with CaptureQueriesContext(connection) as ctx:
            get(CATEGORIES, language)
        counts[language] = len(ctx.captured_queries)
    assert counts["vi"] == counts["en"] <= 1  # the categories, in one query
    with django_assert_max_num_queries(counts["vi"]):
        assert len(legal_bases("en")) == 14


def test_the_openapi_schema_documents_the_legal_basis_as_a_string_in_the_answers_language():
    spec = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    field = spec["components"]["schemas"]["DisclosureCategory"]["properties"]["legal_basis"]
    assert field["type"] == "string" and "language" in field["description"]
    assert "legal bases" in spec["info"]["description"]
