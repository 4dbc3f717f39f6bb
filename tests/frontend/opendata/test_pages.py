"""The open-data schema page and the published answers pages, in Vietnamese by default."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.transparency import exports
from tests.portal.opendata.data import NEEDLES, build


def test_the_schema_page_documents_every_column_the_filters_and_the_licence(client, db):
    response = client.get(reverse("frontend:opendata-index"))
    assert response.status_code == 200
    html = response.content.decode()
    for column in exports.COLUMN_NAMES:
        assert f"<code>{column}</code>" in html
    assert "CC BY 4.0 — OpenWard" in html
    for name in ("api:opendata-cases-csv", "api:opendata-cases-json", "api:opendata-schema"):
        assert reverse(name) in html
    assert 'name="from"' in html and 'name="to"' in html and 'name="ward"' in html
    assert 'lang="vi"' in html


def test_the_list_shows_only_published_answers_and_no_personal_data(client, opendata):
    response = client.get(reverse("frontend:answers-list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đường Lê Lợi ngập nước sau mưa" in html
    assert "Khiếu nại quyết định xử phạt vỉa hè" in html
    assert "Đèn đường tắt cả tuần" in html
    assert "Rác chưa được thu gom" not in html  # consented, not answered yet
    for needle in NEEDLES:
        assert needle not in html, needle


def test_search_without_diacritics_finds_the_vietnamese_title(client, opendata):
    html = client.get(reverse("frontend:answers-list"), {"q": "duong le loi"}).content.decode()
    assert "Đường Lê Lợi ngập nước sau mưa" in html
    assert "Đèn đường tắt cả tuần" not in html
    assert "Đèn đường tắt cả tuần" in client.get(reverse("frontend:answers-list"), {"q": "duong"}).content.decode()


def test_a_word_typed_with_diacritics_finds_that_word_only(client, ward, category):
    from tests.portal.opendata.data import _submit, answer

    for title in ("Đèn đường hỏng", "Tôi đến phường"):
        answer(_submit(ward=ward, category=category, title=title, description="Xin phường xem xét.",
                       publish_consent=True), "Phường đã tiếp nhận.")
    url = reverse("frontend:answers-list")
    for q in ("đèn", "ĐÈN", "đèn duong"):
        html = client.get(url, {"q": q}).content.decode()
        assert "Đèn đường hỏng" in html and "Tôi đến phường" not in html, q
    html = client.get(url, {"q": "den"}).content.decode()
    assert "Đèn đường hỏng" in html and "Tôi đến phường" in html


def test_list_filters_by_ward_and_category(client, opendata, category):
    html = client.get(reverse("frontend:answers-list"), {"ward": "BT01"}).content.decode()
    assert "Khiếu nại quyết định xử phạt vỉa hè" in html and "Đường Lê Lợi" not in html
    html = client.get(reverse("frontend:answers-list"), {"category": "khong-co"}).content.decode()
    assert "Đường Lê Lợi" not in html


def test_the_list_is_paginated_in_a_constant_number_of_queries(client, ward, other_ward, category, area):
    build(ward=ward, other_ward=other_ward, category=category, area=area)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("frontend:answers-list"))
    for _ in range(8):
        build(ward=ward, other_ward=other_ward, category=category, area=area)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("frontend:answers-list"))
    assert len(many) == len(few)
    assert response.context["page"].paginator.count == 27 and len(response.context["cases"]) == 20
    second = client.get(reverse("frontend:answers-list"), {"page": 2, "q": ""})
    assert len(second.context["cases"]) == 7


def test_the_case_page_shows_question_and_answer_without_personal_data(client, opendata):
    response = client.get(reverse("frontend:answers-detail", kwargs={"code": opendata.consented.tracking_code}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đường Lê Lợi ngập nước sau mưa" in html
    assert "Phường đã nạo vét cống" in html
    assert "Kính gửi bà [***]," in html
    assert "Khu phố 1" in html and "02/03/2026" in html and "20/03/2026" in html
    for needle in NEEDLES:
        assert needle not in html, needle


def test_unpublished_cases_are_not_found(client, opendata):
    for case in (opendata.not_consented, opendata.denunciation, opendata.unanswered):
        response = client.get(reverse("frontend:answers-detail", kwargs={"code": case.tracking_code}))
        assert response.status_code == 404
    assert client.get(reverse("frontend:answers-detail", kwargs={"code": "KHONG-CO-MA"})).status_code == 404


def test_past_the_cap_the_list_says_more_than_and_common_words_still_page_correctly(client, ward, other_ward,
                                                                                   category, area, monkeypatch):
    """The count stops at ANSWER_LIST_CAP (frontend/paging.py); a word search past it reads its pages with the plan
    for common words (portal.transparency.published.plan_for_common_words) and finds the same cases, in order."""
    from frontend.views import opendata

    for _ in range(3):
        build(ward=ward, other_ward=other_ward, category=category, area=area)
    url = reverse("frontend:answers-list")
    everything = client.get(url, {"q": "duong"}).context["cases"]
    monkeypatch.setattr(opendata, "ANSWER_LIST_CAP", 4)
    response = client.get(url, {"q": "duong"})
    html = response.content.decode()
    assert response.context["page"].paginator.capped
    assert "Hơn 4 câu trả lời" in html
    assert [c.code for c in response.context["cases"]] == [c.code for c in everything][:4]  # the first 4, in order
    small = client.get(url, {"q": "duong le loi"})
    assert not small.context["page"].paginator.capped or small.context["page"].paginator.count == 4
