"""The public dialogues' menu (Lịch, Cam kết, Đề nghị đối thoại, Mức tuân thủ; Cán bộ for staff) on a phone (390 px) is
one row that scrolls sideways, as the desk's menu, without JavaScript: a browser walkthrough found it taking two rows
(92 px) in Vietnamese and three (140 px) for staff in English, above the page's title. Every entry stays a swipe or a
Tab away, the page's own entry is scrolled into view as the page opens, and a focused entry is shown whole with its
focus ring. On a wide screen (1280 px) the menu is as before. Screenshots are kept in var/screenshots/."""

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from portal.core.timeutil import local_today
from tests.dialogue_fixtures import at, make_session
from tests.e2e.scrolling_menu import box, fits, shown_whole, tab_through
from tests.e2e.staff_login import log_in, pn17_leader

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
ONE_ROW = 64  # px: a 44 px entry and the menu's padding
ENTRIES = ["Lịch", "Cam kết", "Đề nghị đối thoại", "Mức tuân thủ"]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "java_script_enabled": False}


@pytest.fixture
def leader(db):
    return pn17_leader()


@pytest.fixture
def pages(leader):
    """Path → the entry it marks, from the first entry of the row to the last; a session is in the calendar."""
    session = make_session(leader.memberships.get().ward, leader=leader,
                           starts_at=at(local_today() + dt.timedelta(days=10)))
    return {"/doi-thoai/": "Lịch", f"/doi-thoai/{session.pk}/": "Lịch", "/doi-thoai/cam-ket/": "Cam kết",
            "/doi-thoai/de-nghi/": "Đề nghị đối thoại", "/doi-thoai/tuan-thu/": "Mức tuân thủ"}


def dialogues_menu(page: Page, name: str = "Đối thoại") -> Locator:
    return page.locator("main").get_by_role("navigation", name=name)


def on_one_row(links: Locator) -> bool:
    return len({round(box(link)["y"]) for link in links.all()}) == 1


def test_on_a_phone_the_dialogues_menu_is_one_row_with_the_pages_entry_in_view(page: Page, live_server, pages):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for path, entry in pages.items():
        page.goto(f"{live_server.url}{path}")
        menu = dialogues_menu(page)
        assert box(menu)["height"] <= ONE_ROW, path
        links = menu.get_by_role("link")
        expect(links).to_have_text(ENTRIES)  # every entry, in the menu's order
        assert on_one_row(links), f"{path}: the entries on one row"
        assert menu.evaluate("m => m.scrollWidth > m.clientWidth"), f"{path}: the rest of the row is a swipe away"
        current = menu.locator("[aria-current]")
        expect(current).to_have_text(entry)
        assert shown_whole(current, menu), f"{path}: {entry} scrolled into view"
        # the menu comes before the page's title, which follows it at once
        assert box(menu)["y"] + box(menu)["height"] <= box(page.get_by_role("heading", level=1))["y"], path
        fits(page, 390)
        page.screenshot(path=str(SHOTS / f"dialogues-menu-{path.strip('/').replace('/', '-')}-390.png"))


def test_on_a_phone_in_english_a_staff_members_longer_menu_is_one_row_too(page: Page, live_server, pages, settings):
    log_in(page, live_server.url, "chutich")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/doi-thoai/tuan-thu/")
    menu = dialogues_menu(page, "Dialogues")
    assert box(menu)["height"] <= ONE_ROW
    links = menu.get_by_role("link")
    expect(links).to_have_text(["Calendar", "Commitments", "Requests for a dialogue", "Compliance", "Staff"])
    assert on_one_row(links)
    expect(menu.locator("[aria-current]")).to_have_text("Compliance")
    assert shown_whole(menu.locator("[aria-current]"), menu)
    fits(page, 390)
    page.screenshot(path=str(SHOTS / "dialogues-menu-tuan-thu-390-en.png"))


def test_on_a_phone_tab_reaches_every_entry_of_the_dialogues_menu_and_shows_it(page: Page, live_server, pages):
    page.goto(f"{live_server.url}/doi-thoai/")
    menu = dialogues_menu(page)
    # the skip link, the brand and the header's "Trình đơn" button (its menu closed), then the dialogues' menu
    for _ in range(4):
        page.keyboard.press("Tab")
    tab_through(page, menu, ENTRIES)
    for _ in ENTRIES[1:]:
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/doi-thoai/tuan-thu/")
    expect(dialogues_menu(page).locator("[aria-current]")).to_have_text("Mức tuân thủ")


def test_on_a_wide_screen_the_dialogues_menu_shows_every_entry_as_before(page: Page, live_server, pages):
    page.set_viewport_size({"width": 1280, "height": 844})
    SHOTS.mkdir(parents=True, exist_ok=True)
    for path in ("/doi-thoai/", "/doi-thoai/tuan-thu/"):
        page.goto(f"{live_server.url}{path}")
        menu = dialogues_menu(page)
        assert menu.evaluate("m => m.scrollWidth <= m.clientWidth"), "nothing to scroll"
        assert box(menu)["height"] == 44, "one row of 44 px entries, no padding, as before"
        links = menu.get_by_role("link")
        expect(links).to_have_text(ENTRIES)
        assert on_one_row(links)
        for link in links.all():
            assert shown_whole(link, menu), link.inner_text()
        # as before: the entries start at the page's left edge, in line with the title
        assert box(links.first)["x"] == box(page.get_by_role("heading", level=1))["x"]
        fits(page, 1280)
    page.screenshot(path=str(SHOTS / "dialogues-menu-1280.png"))
