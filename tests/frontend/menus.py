"""Reading a page's menus in the HTML: the desk's (tests/frontend/desk/test_nav.py) and the dialogues'
(tests/frontend/dialogues/test_menu.py)."""

import re


def menu_of(response, css_class: str) -> str:
    """The inside of the page's one <nav class="css_class">."""
    page = response.content.decode()
    assert page.count(f'class="{css_class}"') == 1, f"the menu {css_class}, once"
    return page.split(f'class="{css_class}"', 1)[1].split("</nav>", 1)[0]


def marked_entries(menu: str) -> list[tuple[str, str]]:
    """(link text, aria-current value) of the menu's entries marked current, in the menu's order."""
    return [(text, value) for value, text in re.findall(r'<a href="[^"]+"[^>]* aria-current="([^"]+)">([^<]+)</a>',
                                                        menu)]
