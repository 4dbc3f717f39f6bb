"""The staff pages of disclosures, dialogues and recommendations look like the rest of the desk, in a browser: the desk
menu above the title with the page's entry marked, and the same width as the case queue on a wide screen (1280 px);
nothing wider than a phone's screen (390 px). Screenshots are kept in var/screenshots/ for a human look."""

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from portal.core.timeutil import local_today
from tests.dialogue_fixtures import at, make_session
from tests.e2e.layout import assert_side_by_side
from tests.e2e.staff_login import log_in, pn17_leader

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PAGES = {"/can-bo/": "Bàn làm việc", "/can-bo/cong-khai/": "Công khai thông tin", "/can-bo/doi-thoai/": "Đối thoại",
         "/can-bo/kien-nghi/": "Kiến nghị"}


@pytest.fixture
def leader(db):
    user = pn17_leader()
    make_session(user.memberships.get().ward, leader=user, starts_at=at(local_today() + dt.timedelta(days=10)))
    return user


def width_of(page: Page, selector: str) -> float:
    return page.locator(selector).bounding_box()["width"]


@pytest.mark.parametrize("width", [390, 1280])
def test_the_staff_pages_have_the_desk_menu_and_the_queues_width(page: Page, live_server, leader, width):
    page.set_viewport_size({"width": width, "height": 844})
    log_in(page, live_server.url, "chutich")
    SHOTS.mkdir(parents=True, exist_ok=True)
    widths = {}
    for path, entry in PAGES.items():
        page.goto(f"{live_server.url}{path}")
        menu = page.get_by_role("navigation", name="Bàn làm việc cán bộ")
        expect(menu).to_be_visible()
        expect(menu.locator("[aria-current]")).to_have_count(1)
        expect(menu.locator("[aria-current]")).to_have_text(entry)
        expect(menu.get_by_role("link", name=entry, exact=True)).to_have_attribute("aria-current", "page")
        # the menu comes before the page's title
        assert page.locator(".desk-nav").bounding_box()["y"] < page.get_by_role("heading", level=1).bounding_box()["y"]
        widths[path] = (width_of(page, "main .desk"), width_of(page, "header.site-header .wrap"))
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{path} is {scroll_width} px wide"
        page.screenshot(path=str(SHOTS / f"desk-{path.strip('/').replace('/', '-')}-{width}.png"))
    assert len(set(widths.values())) == 1, widths  # every page as wide as the queue, its header too
    if width == 1280:
        assert widths["/can-bo/"][0] > 1200  # the desk's measure (88 rem), not the public pages' 60 rem


@pytest.mark.parametrize("width", [768, 1280])
def test_date_and_time_of_a_session_are_two_columns_each_with_its_label(page: Page, live_server, leader, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, "chutich")
    page.goto(f"{live_server.url}/can-bo/doi-thoai/")
    page.get_by_text("Lên lịch một buổi").click()
    assert assert_side_by_side(page.locator(".two-cols").first) == ["Ngày:", "Bắt đầu lúc:"]
    # Time and link fields look like the others: the same height and width (they were left unstyled, small).
    date, venue = page.locator("#id_date").bounding_box(), page.locator("#id_venue").bounding_box()
    for name, like in (("start", date), ("end", venue), ("online_link", venue)):
        box = page.locator(f"#id_{name}").bounding_box()
        assert abs(box["height"] - like["height"]) < 3 and abs(box["width"] - like["width"]) < 1, (name, box, like)
        assert box["height"] >= 44, name
    page.goto(f"{live_server.url}/can-bo/doi-thoai/{leader.memberships.get().ward.dialogue_sessions.get().pk}/")
    page.get_by_text("Dời sang ngày khác").click()
    assert assert_side_by_side(page.locator(".two-cols").first) == ["Ngày mới:", "Bắt đầu lúc:"]
