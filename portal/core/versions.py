"""Version tokens of named sets of data, and per-process memos that follow them.

`renew(name)` gives the set a new random token inside the caller's transaction, so the token changes exactly when the
change commits (and a rolled-back change leaves no token behind: tokens are random, never reused). `Memo` keeps values
derived from the set in this process under the token it read *before* deriving them; the first read after a change
sees a new token and starts afresh, in every process. A missing row (never renewed yet) means "no token": the memo
then derives every value again and creates the row.

Changes that bypass Django's signals (`QuerySet.update()`, `bulk_create()`, SQL by hand) must call renew() themselves;
as a safety net a memo also forgets everything after `max_age` seconds.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

from django.db import connection

from .models import DataVersion


def _table() -> str:
    return connection.ops.quote_name(DataVersion._meta.db_table)


def renew(name: str) -> str:
    """A new token for `name`, written in the current transaction (one statement, PostgreSQL and SQLite alike)."""
    token = secrets.token_hex(16)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table()} (name, token) VALUES (%s, %s) "  # noqa: S608 - a model's table name
            "ON CONFLICT (name) DO UPDATE SET token = excluded.token",
            [name, token],
        )
    return token


class Stale(Exception):
    """An assumed token (Memo.assumed_view()) was no longer the set's: what was derived from the memo may be out of
    date, and the work must start again with Memo.view()."""


def current(name: str) -> str | None:
    """The committed token of `name` (one indexed read), or None when it has none yet."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {_table()} WHERE name = %s", [name])  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else None


class Memo:
    """Values derived from the data set `name`, kept in this process while its token stays the same.

    Use one `Memo.view()` per request: it reads the token once, and its `get(key, derive)` returns the kept value
    or derives, keeps and returns it. Values must be immutable or copied by the caller before use.
    """

    def __init__(self, name: str, *, max_entries: int = 4096, max_age: float = 600.0):
        self.name = name
        self.max_entries = max_entries
        self.max_age = max_age
        self._lock = threading.Lock()
        self._token: str | None = None
        self._since = 0.0
        self._values: dict[Hashable, Any] = {}

    def view(self) -> MemoView:
        token = current(self.name)
        if token is None:
            renew(self.name)  # from now on there is a token to follow; this view keeps nothing
        return MemoView(self, token)

    def assumed_view(self) -> MemoView:
        """The memo as of the token this process read last, without reading it again (no query): for a write that
        checks in its own statement that the token is still the set's (MemoView.guard()) and otherwise raises Stale,
        so that the caller starts again with view(). Without a token yet, or past max_age, it is view()."""
        with self._lock:
            token, fresh = self._token, time.monotonic() - self._since <= self.max_age
        if token is None or not fresh:
            return self.view()
        return MemoView(self, token, assumed=True)

    def clear(self) -> None:
        with self._lock:
            self._token, self._values = None, {}

    def _lookup(self, token: str, key: Hashable):
        with self._lock:
            if token != self._token or time.monotonic() - self._since > self.max_age:
                return _MISSING
            return self._values.get(key, _MISSING)

    def _keep(self, token: str, key: Hashable, value) -> None:
        with self._lock:
            if token != self._token or time.monotonic() - self._since > self.max_age:
                self._token, self._since, self._values = token, time.monotonic(), {}
            if len(self._values) >= self.max_entries:
                self._values.clear()
            self._values[key] = value


_MISSING = object()


class MemoView:
    """A memo as of one token read (one request)."""

    def __init__(self, memo: Memo, token: str | None, *, assumed: bool = False):
        self.memo = memo
        self.token = token
        self.assumed = assumed  # the token was not read for this view (Memo.assumed_view())

    def stale(self) -> bool:
        """Whether an assumed token is no longer the set's (one query; False, without one, for a token read)."""
        if not self.assumed:
            return False
        if current(self.memo.name) != self.token:
            return True
        self.assumed = False  # confirmed: as good as a token read now
        return False

    def confirm(self) -> None:
        """Raise Stale if the assumed token is no longer the set's."""
        if self.stale():
            raise Stale(self.memo.name)

    def guard(self) -> tuple[str, list]:
        """SQL true while the token is still the set's, and its parameters: a statement that writes what was derived
        from an assumed view writes it only under this condition."""
        return (f"EXISTS (SELECT 1 FROM {_table()} WHERE name = %s AND token = %s)",  # noqa: S608 - a table name
                [self.memo.name, self.token])

    def get(self, key: Hashable, derive: Callable[[], Any]):
        if self.token is None:
            return derive()
        value = self.memo._lookup(self.token, key)
        if value is _MISSING:
            value = derive()
            self.memo._keep(self.token, key, value)
        return value
