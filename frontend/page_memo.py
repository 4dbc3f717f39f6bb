"""Rendered private pages kept in this process, keyed by everything they are made of, and served with each visitor's
own CSRF token.

Unlike portal.core.pagecache (public fragments in the shared cache, bounded by a timeout), these pages hold one
resident's case, so they never leave the process that rendered them. The key is read from the database on every
request, except for a link the database confirmed less than a moment ago in this process (`recent()`, `checked()`;
one second for the status page, STATUS_PAGE_RECHECK_MS): a link shared in the press and opened by thousands in a
minute is then looked up about once a second per process instead of on every request, and may show a page up to
that moment old.

A page goes in here only when the caller's key covers all that the page shows (the data it was rendered from,
read on every request, the language and the path), so a kept page is never stale; the process forgets the least
recently used pages beyond `max_entries` and everything on restart (a deploy never serves old templates). Only
requests without a session, flash messages or a query string are served from here: the page then depends on no one's
account, and the CSRF token of its forms is put in at serving time.
"""

from __future__ import annotations

import math
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers

# Set for a moment on a visitor who just acted on their page (PageMemo.acted()).
FRESH_COOKIE = "openward_fresh"
_CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class PageMemo:
    def __init__(self, max_entries: int = 256):
        self.max_entries = max_entries
        self._pages: OrderedDict[Hashable, str] = OrderedDict()
        # label (what a request asked for) -> (the key of the page the database confirmed for it, when)
        self._checked: OrderedDict[Hashable, tuple[Hashable, float]] = OrderedDict()
        self._lock = threading.Lock()
        # Stands for the CSRF token in kept pages; random, so no page text can contain it.
        self._placeholder = f"csrf-{secrets.token_hex(16)}"

    @staticmethod
    def usable_for(request) -> bool:
        """Whether the request's page may come from (and go into) the memo: a plain GET or HEAD of an anonymous
        visitor with no flash message waiting and who has not just acted (FRESH_COOKIE)."""
        return (request.method in ("GET", "HEAD") and not request.META.get("QUERY_STRING")
                and settings.SESSION_COOKIE_NAME not in request.COOKIES
                and CookieStorage.cookie_name not in request.COOKIES and FRESH_COOKIE not in request.COOKIES)

    @staticmethod
    def acted(response, window: float) -> None:
        """The visitor just changed what their page shows (a message, a rating): for twice the window they get a fresh
        page from every process, whose confirmations from before the change are then all out of date."""
        if window > 0:
            response.set_cookie(FRESH_COOKIE, "1", max_age=max(1, math.ceil(2 * window)), httponly=True,
                                samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)

    def get(self, key: Hashable) -> str | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def keep(self, key: Hashable, html: str) -> str:
        """Keep a page rendered for this request; returns it with its CSRF token replaced by the placeholder."""
        for token in set(_CSRF_VALUE.findall(html)):
            html = html.replace(token, self._placeholder)
        with self._lock:
            self._pages[key] = html
            self._pages.move_to_end(key)
            while len(self._pages) > self.max_entries:
                self._pages.popitem(last=False)
        return html

    @staticmethod
    def now() -> float:
        return time.monotonic()

    def checked(self, label: Hashable, key: Hashable, at: float) -> None:
        """Note that the database said at `at` (now(), taken before asking it) that `label` (a request's path and
        language, say) shows the kept page `key`. A later confirmation is never replaced by an earlier one."""
        with self._lock:
            known = self._checked.get(label)
            if known is None or known[1] <= at:
                self._checked[label] = (key, at)
            self._checked.move_to_end(label)
            while len(self._checked) > self.max_entries:
                self._checked.popitem(last=False)

    def recent(self, label: Hashable, within: float) -> str | None:
        """The kept page the database confirmed for `label` less than `within` seconds ago, or None."""
        if within <= 0:
            return None
        with self._lock:
            entry = self._checked.get(label)
            if entry is None or time.monotonic() - entry[1] >= within:
                return None
            return self._pages.get(entry[0])

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._checked.clear()

    def respond(self, request, kept: str, *, status: int = 200) -> HttpResponse:
        """The response for a kept page, with this visitor's CSRF token (set as a cookie when they have none)."""
        response = HttpResponse(kept.replace(self._placeholder, get_token(request)), status=status)
        patch_vary_headers(response, ("Cookie",))
        return response
