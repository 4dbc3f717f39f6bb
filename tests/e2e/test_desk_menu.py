"""The desk's menu on a phone (390 px) is one row that scrolls sideways, without JavaScript: a browser walkthrough found
it taking four to five rows (about 225 px) under the header. Every entry stays a swipe or a Tab away (none behind a
tap), the page's own entry is scrolled into view as the page opens, and a focused entry is shown whole with its focus
ring. On a wide screen (1280 px) every entry is shown, wrapped onto a second row if need be, nothing to scroll.
Screenshots are kept in var/screenshots/ for a human look."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.scrolling_menu import box, fits, shown_whole, tab_through
from tests.e2e.staff_login import log_in, pn17_leader

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
ONE_ROW = 64  # px: a 44 px entry, the menu's padding and border
# A leader's menu has every entry; the page → its entry, from the first entries of the row to the last.
PAGES = {"/can-bo/": "Bàn làm việc", "/can-bo/?deadline=overdue": "Quá hạn",
         "/can-bo/cong-khai/": "Công khai thông tin", "/can-bo/doi-thoai/": "Đối thoại",
         "/can-bo/kien-nghi/": "Kiến nghị", "/can-bo/nhat-ky/": "Nhật ký kiểm tra"}
ENTRIES = ["Bàn làm việc", "Đơn của tôi", "Chưa giao", "Quá hạn", "Chờ duyệt", "Tố cáo nặc danh", "Công khai thông tin",
           "Đối thoại", "Kiến nghị", "Nhật ký kiểm tra"]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "java_script_enabled": False}


@pytest.fixture
def leader(db):
    return pn17_leader()  # a leader's menu has every entry


def desk_menu(page: Page, name: str = "Bàn làm việc cán bộ") -> Locator:
    return page.get_by_role("navigation", name=name)


def test_on_a_phone_the_desk_menu_is_one_row_with_the_pages_entry_in_view(page: Page, live_server, leader):
    log_in(page, live_server.url, "chutich")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for path, entry in PAGES.items():
        page.goto(f"{live_server.url}{path}")
        menu = desk_menu(page)
        assert box(menu)["height"] <= ONE_ROW, path
        links = menu.get_by_role("link")
        expect(links).to_have_text(ENTRIES)  # every entry, in the menu's order
        assert len({round(box(link)["y"]) for link in links.all()}) == 1, f"{path}: the entries on one row"
        assert menu.evaluate("m => m.scrollWidth > m.clientWidth"), f"{path}: the rest of the row is a swipe away"
        current = menu.locator("[aria-current]")
        expect(current).to_have_text(entry)
        assert shown_whole(current, menu), f"{path}: {entry} scrolled into view"
        fits(page, 390)
        page.screenshot(path=str(SHOTS / f"desk-menu-{re.sub(r'[^a-z]+', '-', path).strip('-')}-390.png"))


def test_on_a_phone_tab_reaches_every_entry_of_the_desk_menu_and_shows_it(page: Page, live_server, leader):
    log_in(page, live_server.url, "chutich")
    menu = desk_menu(page)
    # the skip link, the brand and the header's "Trình đơn" button (its menu closed), then the desk's menu
    for _ in range(4):
        page.keyboard.press("Tab")
    tab_through(page, menu, ENTRIES)
    page.keyboard.press("Shift+Tab")  # out of the menu, to the header's button: the row scrolls freely again
    expect(page.locator("header.site-header summary")).to_be_focused()
    menu.evaluate("m => m.scrollTo(m.scrollWidth, 0)")
    page.wait_for_timeout(100)
    assert menu.evaluate("m => m.scrollLeft") > 0
    for _ in ENTRIES:
        page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name=ENTRIES[-1], exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/can-bo/nhat-ky/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhật ký kiểm tra")


def test_on_a_phone_in_english_the_menu_is_one_row_too(page: Page, live_server, leader, settings):
    log_in(page, live_server.url, "chutich")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/can-bo/kien-nghi/")
    menu = desk_menu(page, "Staff desk")
    assert box(menu)["height"] <= ONE_ROW
    expect(menu.locator("[aria-current]")).to_have_text("Recommendations")
    assert shown_whole(menu.locator("[aria-current]"), menu)
    fits(page, 390)
    page.screenshot(path=str(SHOTS / "desk-menu-kien-nghi-390-en.png"))


def test_on_a_wide_screen_the_desk_menu_shows_every_entry_as_before(page: Page, live_server, leader):
    page.set_viewport_size({"width": 1280, "height": 844})
    log_in(page, live_server.url, "chutich")
    page.goto(f"{live_server.url}/can-bo/nhat-ky/")
    menu = desk_menu(page)
    assert menu.evaluate("m => m.scrollWidth <= m.clientWidth"), "nothing to scroll"
    links = menu.get_by_role("link")
    expect(links).to_have_text(ENTRIES)
    for link in links.all():
        assert shown_whole(link, menu), link.inner_text()
    # A leader's ten entries (with "Tố cáo nặc danh") take two rows at 1280 px, wrapped, never scrolled...
    assert len({round(box(link)["y"]) for link in links.all()}) <= 2
    user = menu.get_by_text("Đăng nhập với tên")
    assert box(user)["y"] > box(links.first)["y"]  # ...and who is signed in below the first, as before
    fits(page, 1280)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "desk-menu-1280.png"))
