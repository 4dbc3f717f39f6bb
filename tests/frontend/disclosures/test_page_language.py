"""The disclosure pages in English name the categories of Art. 11 in English, cite their legal basis in English and
suggest a search in English (found by a browser walkthrough: they were Vietnamese although the English names are in
the database). The Vietnamese pages are unchanged, and the English ones cost the same queries."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import log_in
from tests.disclosure_data import draft, posted

pytestmark = pytest.mark.django_db

REGISTER = "/cong-khai/"
RELIEF_VI = "Việc hỗ trợ khắc phục thiệt hại do thiên tai"
RELIEF_EN = "Disaster and epidemic relief"
BASIS_VI = "Khoản 8 Điều 11 Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15; Điều 12, 13"
BASIS_EN = "Art. 11(8) of the Law on Grassroots Democracy No. 10/2022/QH15; Arts. 12, 13"


@pytest.fixture
def relief(ward, officer, leader):
    return posted(ward, officer, leader, number=8, title="Danh sách hộ được hỗ trợ sau bão số 3")


def in_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def quarter_kwargs(ward, disclosure):
    day = disclosure.posted_on
    return {"ward_code": ward.code, "year": day.year, "quarter": (day.month - 1) // 3 + 1}


def public_pages(ward, relief):
    return [REGISTER, reverse("frontend:disclosures-detail", kwargs={"pk": relief.pk}),
            reverse("frontend:disclosures-quarterly", kwargs=quarter_kwargs(ward, relief)),
            reverse("frontend:disclosures-quarterly-print", kwargs=quarter_kwargs(ward, relief))]


def test_the_public_pages_name_the_category_in_english(client, ward, relief):
    in_language(client, "en")
    for url in public_pages(ward, relief):
        html = client.get(url).content.decode()
        assert RELIEF_EN in html, url
        assert "thiên tai" not in html, url
    register = client.get(REGISTER).content.decode()
    assert f'<option value="8">8. {RELIEF_EN}</option>' in register
    assert "Socio-economic development plans" in register  # every category of the filter
    assert 'placeholder="e.g. “ngân sách” (budget)"' in register


def test_a_disclosures_page_cites_its_legal_basis_in_english(client, relief):
    url = reverse("frontend:disclosures-detail", kwargs={"pk": relief.pk})
    html = in_language(client, "en").get(url).content.decode()
    assert f"Item 8, Art. 11: {RELIEF_EN}" in html
    assert f"{BASIS_EN}. At least 30 consecutive days on the notice board (Art. 13)." in html
    assert "Luật" not in html and "Khoản" not in html


def test_the_vietnamese_pages_are_unchanged(client, ward, relief):
    in_language(client, "vi")
    for url in public_pages(ward, relief):
        html = client.get(url).content.decode()
        assert RELIEF_VI in html and RELIEF_EN not in html, url
    html = client.get(reverse("frontend:disclosures-detail", kwargs={"pk": relief.pk})).content.decode()
    assert f"{BASIS_VI}." in html and "Art. 11(8)" not in html
    assert 'placeholder="ví dụ: ngân sách"' in client.get(REGISTER).content.decode()


def test_the_staff_pages_name_the_category_in_english(client, ward, officer, leader):
    running_out = posted(ward, officer, leader, number=14, title="Sắp hết hạn niêm yết",
                         end=dt.date.today() + dt.timedelta(days=2))
    log_in(client, leader)
    in_language(client, "en")
    overview = client.get(reverse("frontend:disclosures-staff")).content.decode()
    assert running_out.title in overview and "14. Other matters" in overview and "Các nội dung khác" not in overview
    edit = client.get(reverse("frontend:disclosures-staff-edit", kwargs={"pk": draft(ward, officer, number=8).pk}))
    assert f">8. {RELIEF_EN}</option>" in edit.content.decode()
    in_language(client, "vi")
    overview = client.get(reverse("frontend:disclosures-staff")).content.decode()
    assert "14. Các nội dung khác" in overview and "Other matters" not in overview


def test_a_categorys_feed_is_titled_in_the_readers_language(client, ward, relief):
    url = reverse("frontend:disclosures-category-rss", kwargs={"ward_code": ward.code, "number": 8})
    channel = ET.fromstring(in_language(client, "en").get(url).content).find("channel")
    assert channel.findtext("title").endswith(f": {RELIEF_EN}")
    assert channel.find("item").findtext("category") == RELIEF_EN
    channel = ET.fromstring(in_language(client, "vi").get(url).content).find("channel")
    assert RELIEF_VI in channel.findtext("title") and RELIEF_VI in channel.find("item").findtext("category")


def test_english_costs_the_queries_of_vietnamese(client, ward, relief):
    for url in public_pages(ward, relief)[:3]:
        counts = []
        for language in ("vi", "en"):
            in_language(client, language)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries.captured_queries))
        assert counts[0] == counts[1], url
