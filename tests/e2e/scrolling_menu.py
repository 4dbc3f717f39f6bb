"""Helpers for browser tests of a menu that is one sideways-scrolling row on phones (the desk's menu, the dialogues'
menu): where its entries are, whether one is shown whole, and a keyboard walk through it."""

from playwright.sync_api import Locator, Page, expect

FOCUS_RING = 5  # px outside an entry: the 3 px outline 2 px away (site.css :focus-visible)


def box(locator: Locator) -> dict:
    return locator.bounding_box()


def shown_whole(entry: Locator, menu: Locator, margin: float = 0) -> bool:
    """The entry (and `margin` px around it) lies inside the part of the menu on the screen."""
    inner, outer = box(entry), box(menu)
    return all(outer[at] <= inner[at] - margin and inner[at] + inner[size] + margin <= outer[at] + outer[size]
               for at, size in (("x", "width"), ("y", "height")))


def fits(page: Page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the page is {scroll_width} px wide"


def tab_through(page: Page, menu: Locator, entries: list[str]) -> None:
    """With the focus just before the menu, Tab reaches each entry in order and the row shows it whole with its focus
    ring; then Shift+Tab goes back to the first entry the same way."""
    for name in entries:
        entry = menu.get_by_role("link", name=name, exact=True)
        expect(entry).to_be_focused()
        assert shown_whole(entry, menu, margin=FOCUS_RING), f"{name} and its focus ring shown whole"
        if name != entries[-1]:
            page.keyboard.press("Tab")
    for name in reversed(entries[:-1]):  # and back, with Shift+Tab
        page.keyboard.press("Shift+Tab")
        entry = menu.get_by_role("link", name=name, exact=True)
        expect(entry).to_be_focused()
        assert shown_whole(entry, menu, margin=FOCUS_RING), f"{name} and its focus ring shown whole, going back"
