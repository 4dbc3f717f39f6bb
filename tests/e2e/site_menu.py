"""The site header's menu in a browser test: on a phone it is folded behind the "Trình đơn" (Menu) button."""

from playwright.sync_api import Page, expect


def open_site_menu(page: Page) -> None:
    """Open the header's menu (links, log-out, language switch) if it is folded, as a phone user taps "Trình đơn";
    on a wide screen the menu is always shown and the button hidden, so this does nothing."""
    toggle = page.locator("header.site-header details.menu-toggle")
    if toggle.is_visible() and toggle.get_attribute("open") is None:
        toggle.locator("summary").click()
        expect(toggle).to_have_attribute("open", "")
