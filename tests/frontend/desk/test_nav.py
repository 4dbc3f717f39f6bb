"""The desk menu leads every kind of ward staff to the staff pages of public disclosures and dialogues, and every page
of the desk shows it the same way: one base template (frontend/desk/base.html), the desk's wider measure and the
current entry marked with aria-current ("page" on the entry's own page, "true" on a page inside its section). A
browser walkthrough found the staff pages of disclosures and dialogues without the menu, at the narrower width of
the public pages, and the recommendations page narrower than the queue."""

import re

import pytest
from django.urls import reverse

from tests.dialogue_fixtures import make_session
from tests.disclosure_data import draft
from tests.frontend.menus import marked_entries, menu_of

pytestmark = pytest.mark.django_db

DESK_WRAPPER = '<div class="desk desk-wide">'


def desk_nav(response) -> str:
    return menu_of(response, "desk-nav")


def current_entries(response) -> list[tuple[str, str]]:
    """(link text, aria-current value) of the entries marked current."""
    return marked_entries(desk_nav(response))


@pytest.mark.parametrize("persona", ["officer", "leader", "supervisor"])
def test_the_desk_menu_links_to_the_staff_pages_of_disclosures_and_dialogues(request, login, persona):
    client = login(request.getfixturevalue(persona))
    response = client.get(reverse("frontend:desk-queue"))
    assert response.status_code == 200
    nav = desk_nav(response)
    links = dict((text, href) for href, text in re.findall(r'<a href="([^"?]+)"[^>]*>([^<]+)</a>', nav))
    assert links["Công khai thông tin"] == reverse("frontend:disclosures-staff") == "/can-bo/cong-khai/"
    assert links["Đối thoại"] == reverse("frontend:dialogues-staff") == "/can-bo/doi-thoai/"
    for href in (links["Công khai thông tin"], links["Đối thoại"]):
        assert client.get(href).status_code == 200  # the menu leads somewhere this persona may go


@pytest.fixture
def desk_pages(ward, officer, leader, file_case):
    """URL → the entry the page marks as current, with its aria-current value."""
    case = file_case()
    session = make_session(ward, leader=leader)
    disclosure = draft(ward, officer)
    return {
        "/can-bo/": ("Bàn làm việc", "page"),
        "/can-bo/?assignee=me": ("Đơn của tôi", "page"),
        "/can-bo/?assignee=none": ("Chưa giao", "page"),
        "/can-bo/?deadline=overdue": ("Quá hạn", "page"),
        "/can-bo/?answer=pending": ("Chờ duyệt", "page"),
        "/can-bo/?state=received&kind=feedback": ("Bàn làm việc", "true"),  # the queue, other filters
        reverse("frontend:desk-case", kwargs={"code": case.tracking_code}): ("Bàn làm việc", "true"),
        reverse("frontend:disclosures-staff"): ("Công khai thông tin", "page"),
        reverse("frontend:disclosures-staff-new"): ("Công khai thông tin", "true"),
        reverse("frontend:disclosures-staff-edit", kwargs={"pk": disclosure.pk}): ("Công khai thông tin", "true"),
        reverse("frontend:dialogues-staff"): ("Đối thoại", "page"),
        reverse("frontend:dialogues-staff-session", kwargs={"pk": session.pk}): ("Đối thoại", "true"),
        reverse("frontend:recommendations"): ("Kiến nghị", "page"),
        reverse("frontend:desk-audit"): ("Nhật ký kiểm tra", "page"),
    }


def test_every_desk_page_has_the_menu_with_its_own_entry_marked_and_the_desks_width(login, leader, desk_pages):
    client = login(leader)
    for url, current in desk_pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert current_entries(response) == [current], url
        page = response.content.decode()
        assert page.count(DESK_WRAPPER) == 1, url  # frontend/desk/base.html: the desk's measure (desk.css)
        assert page.count('href="/static/frontend/desk.css"') == 1, url
        assert page.index(DESK_WRAPPER) < page.index('class="desk-nav"') < page.index("<h1"), url


def test_two_filters_of_the_menu_at_once_mark_both_entries(login, leader):
    response = login(leader).get("/can-bo/?assignee=none&deadline=overdue")
    assert current_entries(response) == [("Chưa giao", "page"), ("Quá hạn", "page")]


def test_the_staff_pages_of_dialogues_keep_their_links_to_the_public_pages(login, leader):
    response = login(leader).get(reverse("frontend:dialogues-staff"))
    subnav = response.content.decode().split('class="dlg-subnav"', 1)[1].split("</nav>", 1)[0]
    for href in ("/doi-thoai/", "/doi-thoai/cam-ket/", "/doi-thoai/de-nghi/", "/doi-thoai/tuan-thu/"):
        assert f'href="{href}"' in subnav
    assert 'href="/can-bo/doi-thoai/"' not in subnav  # the page itself: the desk menu marks it


def test_the_public_pages_do_not_show_the_desk_menu_to_staff(login, leader):
    client = login(leader)
    for url in ("/", reverse("frontend:disclosures-register"), reverse("frontend:dialogues-calendar")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'class="desk-nav"' not in response.content.decode(), url
        assert DESK_WRAPPER not in response.content.decode(), url


def test_the_menu_in_english_marks_the_same_entry(login, leader, settings):
    client = login(leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert current_entries(client.get(reverse("frontend:disclosures-staff"))) == [("Public disclosures", "page")]
    assert current_entries(client.get(reverse("frontend:dialogues-staff"))) == [("Dialogues", "page")]
    assert current_entries(client.get(reverse("frontend:recommendations"))) == [("Recommendations", "page")]
