"""The public dialogues' menu (Lịch, Cam kết, Đề nghị đối thoại, Mức tuân thủ) marks where the reader is, as the desk's
menu does: aria-current="page" on an entry's own page, aria-current="true" on a page inside it (a session is in the
calendar, a request for a dialogue in the requests). Screen readers announce it and the entry is drawn marked."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.dialogues.models import SessionState
from portal.dialogues.services import start_request
from tests.conftest import log_in
from tests.dialogue_fixtures import make_session
from tests.frontend.menus import marked_entries, menu_of

pytestmark = pytest.mark.django_db


def dialogues_menu(response) -> str:
    return menu_of(response, "dlg-subnav")


def current_entries(response) -> list[tuple[str, str]]:
    """(link text, aria-current value) of the entries of the dialogues' menu marked current."""
    return marked_entries(dialogues_menu(response))


@pytest.fixture
def pages(ward, leader, citizen):
    """URL → the entry the page marks, with its aria-current value."""
    session = make_session(ward, leader=leader, state=SessionState.OPEN)
    item = start_request(ward=ward, actor=citizen, title="Đối thoại về ngập nước", reason="Mưa là ngập.")
    calendar = reverse("frontend:dialogues-calendar")
    return {
        calendar: ("Lịch", "page"),
        f"{calendar}?ward={ward.code}&kind=conference": ("Lịch", "page"),  # filtered, still the calendar
        reverse("frontend:dialogues-session", kwargs={"pk": session.pk}): ("Lịch", "true"),
        reverse("frontend:dialogues-commitments"): ("Cam kết", "page"),
        reverse("frontend:dialogues-requests"): ("Đề nghị đối thoại", "page"),
        reverse("frontend:dialogues-request", kwargs={"pk": item.pk}): ("Đề nghị đối thoại", "true"),
        reverse("frontend:dialogues-compliance"): ("Mức tuân thủ", "page"),
    }


def test_every_public_dialogue_page_marks_its_entry_and_only_that_one(pages):
    client = Client()
    for url, current in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert current_entries(response) == [current], url


def test_staff_see_the_same_entry_marked_and_their_staff_link_unmarked(pages, leader):
    client = log_in(Client(), leader)
    for url, current in pages.items():
        response = client.get(url)
        assert current_entries(response) == [current], url
        assert '<a href="/can-bo/doi-thoai/">Cán bộ</a>' in dialogues_menu(response), url


def test_a_question_refused_on_a_session_page_keeps_the_calendar_marked(ward, leader, citizen):
    session = make_session(ward, leader=leader, state=SessionState.OPEN)
    response = log_in(Client(), citizen).post(reverse("frontend:dialogues-ask", kwargs={"pk": session.pk}),
                                              {"text": ""})
    assert response.status_code == 400  # the session page again, with the form's error
    assert current_entries(response) == [("Lịch", "true")]


def test_the_staff_list_on_the_desk_marks_nothing_in_the_dialogues_menu(leader):
    # the desk's menu marks "Đối thoại" there (tests/frontend/desk/test_nav.py); the public entries are other pages
    response = log_in(Client(), leader).get(reverse("frontend:dialogues-staff"))
    assert response.status_code == 200
    assert current_entries(response) == []
    assert "aria-current" not in dialogues_menu(response)


def test_the_menu_in_english_marks_the_same_entries(pages, settings):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = {"Lịch": "Calendar", "Cam kết": "Commitments", "Đề nghị đối thoại": "Requests for a dialogue",
               "Mức tuân thủ": "Compliance"}
    for url, (entry, value) in pages.items():
        assert current_entries(client.get(url)) == [(english[entry], value)], url
