"""The site header on a phone (390 px) is one row: the brand and a "Trình đơn" (Menu) button, a <details> that opens
the menu and the language switch without JavaScript, by a tap or from the keyboard. A browser walkthrough found the
header taking 206–302 px of an 844 px screen (three to five rows of links, the language form on a row of its own).
On a wide screen (1280 px) the header is as before: no button, every link and the language switch shown."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.staff_login import PASSWORD, log_in, pn17_leader
from tests.factories import DepartmentFactory, MembershipFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
ONE_ROW = 72  # px: the brand mark (2.4 rem) or the 44 px button, and the header's padding


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "java_script_enabled": False}


@pytest.fixture
def officer(db):
    ward = WardFactory(code="PN17", name="Phường Phú Nhuận")
    membership = MembershipFactory(ward=ward, role="officer", user=UserFactory(
        username="canbo", first_name="Lan", last_name="Nguyễn Thị", is_staff=True))
    membership.departments.add(DepartmentFactory(ward=ward, code="dothi", name="Phòng Kinh tế - Hạ tầng - Đô thị"))
    return membership.user


def header_height(page: Page) -> float:
    return page.locator("header.site-header").bounding_box()["height"]


def fits(page: Page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the page is {scroll_width} px wide"


def test_on_a_phone_the_header_is_one_row_and_its_menu_opens_without_javascript(page: Page, live_server):
    page.goto(f"{live_server.url}/")
    assert header_height(page) <= ONE_ROW
    menu = page.get_by_role("navigation", name="Trình đơn chính")
    language = page.get_by_label("Ngôn ngữ")
    expect(menu).to_be_hidden()
    expect(language).to_be_hidden()
    expect(page.get_by_role("link", name="OpenWard")).to_be_visible()
    fits(page, 390)

    # From the keyboard: the skip link, the brand, then the button; Enter opens and closes it.
    toggle = page.locator("header.site-header summary")
    expect(toggle).to_have_text("Trình đơn")
    for _ in range(3):
        page.keyboard.press("Tab")
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    for name in ("Gửi đơn", "Tra cứu đơn", "Công khai", "Đối thoại", "Minh bạch", "Đăng nhập"):
        expect(menu.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(language).to_be_visible()
    assert header_height(page) > ONE_ROW
    fits(page, 390)
    page.keyboard.press("Enter")
    expect(menu).to_be_hidden()
    assert header_height(page) <= ONE_ROW

    # A tap opens it too, and its links work.
    toggle.click()
    menu.get_by_role("link", name="Tra cứu đơn").click()
    expect(page).to_have_url(f"{live_server.url}/tra-cuu/")
    expect(menu).to_be_hidden()  # closed again on the next page
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "header-390.png"))


def test_on_a_phone_an_officer_switches_to_english_and_logs_out_from_the_menu(page: Page, live_server, officer):
    log_in(page, live_server.url, "canbo")  # lands on the desk queue
    assert header_height(page) <= ONE_ROW
    # the desk's own menu stays where it was, under the header
    expect(page.get_by_role("navigation", name="Bàn làm việc cán bộ")).to_be_visible()

    page.locator("header.site-header summary").click()
    menu = page.get_by_role("navigation", name="Trình đơn chính")
    expect(menu.get_by_role("link", name="Bàn làm việc")).to_be_visible()
    expect(menu.get_by_role("link", name="Bảo mật tài khoản")).to_be_visible()
    page.get_by_label("Ngôn ngữ").select_option("en")
    page.get_by_role("button", name="Đổi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Case queue")
    toggle = page.locator("header.site-header summary")
    expect(toggle).to_have_text("Menu")
    assert header_height(page) <= ONE_ROW
    fits(page, 390)

    toggle.click()
    page.get_by_role("navigation", name="Main menu").get_by_role("button", name="Log out").click()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    page.locator("header.site-header summary").click()
    expect(page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Sign in")).to_be_visible()


def test_on_a_wide_screen_the_header_shows_everything_without_a_button(page: Page, live_server, officer):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/")
    expect(page.locator("header.site-header summary")).to_be_hidden()
    menu = page.get_by_role("navigation", name="Trình đơn chính")
    for name in ("Gửi đơn", "Tra cứu đơn", "Công khai", "Đối thoại", "Minh bạch", "Đăng nhập"):
        expect(menu.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(page.get_by_label("Ngôn ngữ")).to_be_visible()
    expect(page.get_by_text("Phản ánh, kiến nghị, khiếu nại của người dân")).to_be_visible()  # the brand's line
    # the brand on one row, the menu and the language switch on the next, as before
    assert 100 <= header_height(page) <= 120
    fits(page, 1280)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "header-1280.png"))


@pytest.mark.parametrize(("language", "entries", "switch"), [
    ("vi", ("Gửi đơn", "Tra cứu đơn", "Công khai", "Đối thoại", "Minh bạch", "Bàn làm việc", "Bảo mật tài khoản",
            "Đăng xuất"), "Ngôn ngữ"),
    ("en", ("File a case", "Track a case", "Disclosures", "Dialogues", "Transparency", "Desk", "Account security",
            "Log out"), "Language"),
])
def test_on_a_wide_screen_a_signed_in_officers_header_is_as_high_as_a_visitors(
        page: Page, live_server, officer, settings, language, entries, switch):
    """A browser walkthrough found a signed-in officer's header on the public pages taking three rows under the brand
    in English (the menu on two, the language switch on a third) and two in Vietnamese: the switch now goes up to the
    brand's row and the whole menu is on the next row, as a visitor's."""
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server.url, "canbo")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    for path in ("/", "/doi-thoai/"):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("header.site-header summary")).to_be_hidden()
        menu = page.locator("header.site-header nav.main-nav")
        items = [menu.get_by_role("link", name=name, exact=True) for name in entries[:-1]]
        items.append(menu.get_by_role("button", name=entries[-1], exact=True))
        for item in items:
            expect(item).to_be_visible()  # nothing hidden or folded
        rows = {round(item.bounding_box()["y"] + item.bounding_box()["height"] / 2) for item in items}
        assert len(rows) == 1, f"{path} ({language}): the menu on one row, not {len(rows)}"
        brand = page.locator("header.site-header .brand").bounding_box()
        language_switch = page.get_by_label(switch).bounding_box()
        assert brand["y"] <= language_switch["y"] < brand["y"] + brand["height"], "the switch on the brand's row"
        assert 100 <= header_height(page) <= 120, f"{path} ({language}): the brand's row and the menu's"
        fits(page, 1280)
    page.screenshot(path=str(SHOTS / f"header-1280-signed-in-{language}.png"))


def test_on_the_desks_wider_header_the_language_switch_stays_beside_the_menu(page: Page, live_server, officer):
    """The desk's header is wider (88 rem): there a signed-in menu fits beside the language switch, which stays at
    the menu's end, as before."""
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server.url, "canbo")
    logout = page.locator("header.site-header").get_by_role("button", name="Đăng xuất")
    language_switch = page.get_by_label("Ngôn ngữ")
    expect(language_switch).to_be_visible()
    assert language_switch.bounding_box()["x"] > logout.bounding_box()["x"]
    assert abs(language_switch.bounding_box()["y"] - logout.bounding_box()["y"]) < 44, "on the menu's row"
    assert 100 <= header_height(page) <= 120


def _rgb(css: str) -> tuple[float, ...]:
    return tuple(float(part) for part in css[css.index("(") + 1:css.index(")")].split(",")[:3])


def _contrast(one: str, two: str) -> float:
    """WCAG's contrast ratio of two computed CSS colours (rgb(...))."""
    def luminance(rgb):
        linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(_rgb(one)), luminance(_rgb(two))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_log_out_is_drawn_as_the_menus_entries_in_the_header_and_as_a_link_on_the_page(page: Page, live_server,
                                                                                        officer):
    """"Đăng xuất" is a form's button drawn as a link. In the header it was lighter than the menu's other entries; on
    the two-step verification page, where a leader who lost their phone looks for it, it was white on the white page."""
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server.url, "canbo")
    page.goto(f"{live_server.url}/")
    menu = page.locator("header.site-header nav.main-nav")
    entry = menu.get_by_role("link", name="Bàn làm việc", exact=True)
    logout = menu.get_by_role("button", name="Đăng xuất", exact=True)
    style = "(e) => { const s = getComputedStyle(e); return [s.fontWeight, s.color, s.textDecorationLine]; }"
    assert logout.evaluate(style) == entry.evaluate(style) == ["600", "rgb(255, 255, 255)", "none"]

    page.context.clear_cookies()
    pn17_leader()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("chutich")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Xác thực hai bước")).to_be_visible()
    on_page = page.locator("main").get_by_role("button", name="Đăng xuất", exact=True)
    expect(on_page).to_be_visible()
    color = on_page.evaluate("(e) => getComputedStyle(e).color")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert _contrast(color, background) >= 4.5, f"{color} on {background}"
    assert on_page.evaluate("(e) => getComputedStyle(e).textDecorationLine") == "underline"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "two-factor-log-out.png"))
    on_page.click()
    expect(page.locator("header.site-header").get_by_role("link", name="Đăng nhập", exact=True)).to_be_visible()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_desks_header_is_two_rows_from_a_small_laptops_width(page: Page, live_server, officer, settings, language):
    """Between a phone's width and a wide screen (1,136 px) the desk's header took three or four rows (158–206 px): the
    language switch stayed beside a menu that no longer fitted on one row. There the switch now goes up to the brand's
    row, as in the public pages, and the header is two rows from 928 px (three on a tablet held upright, where the
    signed-in menu itself takes two); wider, the switch stays at the menu's end."""
    log_in(page, live_server.url, "canbo")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}/can-bo/")
    for width, rows in ((768, 3), (900, 3), (960, 2), (1024, 2), (1100, 2), (1180, 2), (1280, 2), (1440, 2)):
        page.set_viewport_size({"width": width, "height": 800})
        height = header_height(page)
        assert height <= {2: 120, 3: 165}[rows], f"{width} px ({language}): {height} px, more than {rows} rows"
        fits(page, width)
        if width == 1024:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"desk-header-1024-{language}.png"))
