"""Cached fragments of public pages (issue 7: the dashboard and the disclosure register take traffic spikes when the
press writes about a ward).

A public page's expensive part — its statistics or its list, rendered — is kept in the shared cache (Redis in
production) for a short time, keyed by the page, the *validated* parameters the view read (never the raw query string:
random parameters must neither bypass the cache nor fill it), the language and the version of its scope. The page
around it (menu, language form with its CSRF token, messages) is rendered for every request as before, so a fragment
never holds anything of one visitor.

A scope's version is bumped when its data changes (`bump`, called from signals and from the jobs that change rows
without signals), so a published disclosure shows at once; the timeout bounds staleness for whatever a bump misses.
Only anonymous visitors' and residents' pages go through here: a view must not cache what depends on who is asking.
Redis being down means a miss: the fragment is built as if there were no cache (portal.core.cache fails open).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

DASHBOARD = "dashboard"
DISCLOSURES = "disclosures"
DIALOGUES = "dialogues"
WARDS = "wards"
TIMEOUT = {DASHBOARD: 300, DISCLOSURES: 120, DIALOGUES: 120, WARDS: 600}  # seconds a fragment may outlive a missed bump
# Seconds a scope's version is kept: a scope per dialogue session would otherwise stay in Redis for ever. Once it is
# gone, pages are read as version 0 (fragments of a version 0 from weeks ago expired long since) until the next bump
# sets a new value, which differs from every earlier one.
VERSION_TTL = 30 * 24 * 3600


def _version_key(scope: str) -> str:
    return f"pagecache:v:{scope}"


def version(scope: str) -> int:
    return cache.get(_version_key(scope)) or 0


def bump(*scopes: str) -> None:
    """Data of these scopes changed: every fragment built before is stale from now on."""
    for scope in scopes:
        key = _version_key(scope)
        try:
            cache.incr(key)
        except ValueError:  # no version yet (or it expired): any new value differs from what the fragments used
            cache.set(key, _fresh(), timeout=VERSION_TTL)


def _fresh() -> int:
    return time.time_ns() // 1_000_000


def _key(scope: str, page: str, params: tuple) -> str:
    raw = repr((page, params, get_language())).encode()
    return f"pagecache:{scope}:{version(scope)}:{hashlib.blake2b(raw, digest_size=16).hexdigest()}"


def value(scope: str, page: str, params: tuple, build: Callable[[], object]):
    """fragment() for data rather than HTML (an API list's serialized rows): from the cache or built (and stored)
    now; `build` must not depend on the visitor."""
    key = _key(scope, page, params)
    data = cache.get(key)
    if data is None:
        data = build()
        cache.set(key, data, timeout=TIMEOUT[scope])
    return data


def fragment(scope: str, page: str, params: tuple, build: Callable[[], str | dict[str, str]]):
    """The page's fragment for these validated parameters, from the cache or built (and stored) now. `build` renders
    it (a string, or a dict of named strings for a page cached in several pieces); it must not depend on the visitor
    (no user, no CSRF token, no messages)."""
    key = _key(scope, page, params)
    html = cache.get(key)
    if html is None:
        built = build()
        html = {name: str(part) for name, part in built.items()} if isinstance(built, dict) else str(built)
        cache.set(key, html, timeout=TIMEOUT[scope])
    # rendered by our own templates, which escape every value
    if isinstance(html, dict):
        return {name: mark_safe(part) for name, part in html.items()}  # noqa: S308
    return mark_safe(html)  # noqa: S308


def bump_now_and_on_commit(*scopes: str) -> None:
    """Bump now (the writer's own transaction, tests included, sees fresh pages) and again once the transaction
    commits (a fragment built from the old rows by another request in between is not kept)."""
    from django.db import transaction

    bump(*scopes)
    transaction.on_commit(lambda: bump(*scopes))


def bump_on_change(scopes: tuple[str, ...], *models) -> None:
    """Connect: a save or delete of any of these models bumps the scopes (for AppConfig.ready)."""
    from django.db.models.signals import post_delete, post_save

    def changed(sender, **kwargs):
        bump_now_and_on_commit(*scopes)

    for model in models:
        uid = f"pagecache:{'+'.join(scopes)}:{model._meta.label}"
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid + ":save")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid + ":delete")
