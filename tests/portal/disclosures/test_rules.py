"""The posting rules of Law on Grassroots Democracy Arts. 11–13, per category, without a database where possible."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from portal.disclosures import rules, services
from portal.disclosures.models import DisclosureCategory
from tests.disclosure_data import disclosure_input

START = dt.date(2026, 3, 2)

pytestmark = pytest.mark.django_db


def test_the_fourteen_items_of_article_11_are_seeded_with_their_vietnamese_names_and_rules():
    categories = list(DisclosureCategory.objects.order_by("number"))
    assert [c.number for c in categories] == list(range(1, 15))
    assert categories[1].name.startswith("Dự toán") and "ngân sách" in categories[1].name
    assert all("Điều 11" in c.legal_basis and "10/2022/QH15" in c.legal_basis for c in categories)
    assert {c.number for c in categories if c.is_permanent} == {4, 13}
    assert {c.number for c in categories if c.board_min_days == 30} == {1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12}
    assert {c.number for c in categories if c.loudspeaker_min_days == 3} == {7, 8, 9, 10, 11, 12}
    assert all(c.disclose_within_working_days == 5 for c in categories)


@pytest.mark.parametrize("number", [1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12])
def test_thirty_day_categories_refuse_29_days_and_accept_30(number):
    category = DisclosureCategory.objects.get(number=number)
    forms = ["portal", "office_board", "loudspeaker"]
    short = rules.posting_errors(category=category, decision_date=START, start=START,
                                 end=START + dt.timedelta(days=28), forms=forms, loudspeaker_days=3)
    assert "posting_end" in short and "30" in short["posting_end"][0]
    assert rules.posting_errors(category=category, decision_date=START, start=START,
                                end=START + dt.timedelta(days=29), forms=forms, loudspeaker_days=3) == {}


@pytest.mark.parametrize("number", [4, 13])
def test_permanent_categories_take_no_end_date(number):
    category = DisclosureCategory.objects.get(number=number)
    assert rules.posting_errors(category=category, decision_date=START, start=START, end=None,
                                forms=["portal"], loudspeaker_days=None) == {}
    errors = rules.posting_errors(category=category, decision_date=START, start=START,
                                  end=START + dt.timedelta(days=60), forms=["portal"], loudspeaker_days=None)
    assert "permanent" in errors["posting_end"][0] or "thường xuyên" in errors["posting_end"][0]


def test_other_matters_need_an_end_but_no_minimum():
    category = DisclosureCategory.objects.get(number=14)
    assert rules.posting_errors(category=category, decision_date=START, start=START, end=START,
                                forms=["portal"], loudspeaker_days=None) == {}
    assert "posting_end" in rules.posting_errors(category=category, decision_date=START, start=START, end=None,
                                                 forms=["portal"], loudspeaker_days=None)


@pytest.mark.parametrize("number", [7, 8, 9, 10, 11, 12])
def test_loudspeaker_categories_need_the_loudspeaker_for_three_days(number):
    category = DisclosureCategory.objects.get(number=number)
    end = START + dt.timedelta(days=29)
    missing = rules.posting_errors(category=category, decision_date=START, start=START, end=end,
                                   forms=["portal"], loudspeaker_days=None)
    assert "forms" in missing
    short = rules.posting_errors(category=category, decision_date=START, start=START, end=end,
                                 forms=["portal", "loudspeaker"], loudspeaker_days=2)
    assert "loudspeaker_days" in short


def test_a_posting_cannot_start_before_the_decision_nor_end_before_it_starts():
    category = DisclosureCategory.objects.get(number=14)
    errors = rules.posting_errors(category=category, decision_date=START, start=START - dt.timedelta(days=1),
                                  end=START - dt.timedelta(days=2), forms=[], loudspeaker_days=None)
    assert set(errors) == {"posting_start", "posting_end", "forms"}


def test_the_service_refuses_a_short_posting_with_a_field_message(ward, officer):
    data = disclosure_input(number=2, start=START, end=START + dt.timedelta(days=10))
    with pytest.raises(ValidationError) as caught:
        services.create_disclosure(ward=ward, actor=officer, data=data)
    assert "posting_end" in caught.value.message_dict


@pytest.mark.parametrize(("opens", "closes", "ok"), [(0, 19, True), (0, 18, False), (-1, 25, False)])
def test_a_comment_period_lasts_at_least_twenty_days(opens, closes, ok):
    errors = rules.consultation_errors(opens_on=START + dt.timedelta(days=opens),
                                       closes_on=START + dt.timedelta(days=closes), today=START)
    assert (errors == {}) is ok
