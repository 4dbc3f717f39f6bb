"""OpenWard's PostgreSQL backend: Django's, with a health check that costs no round trip on a connection in use.

With CONN_HEALTH_CHECKS, Django checks a persistent connection before the first query of each request by running
`SELECT 1`: a round trip to the server on every request that queries at all. On the resident's status page served
from memory that was a third of the time the database cost the request (issue 7).

Here, a connection that ran a query in the last RECENT seconds is checked by asking the operating system: if the
server has sent nothing on it since, it is as usable as it was a moment ago. When the server drops a connection (a
restart, an administrator terminating the backend, an idle timeout) it sends a message before closing, so the socket
becomes readable, or reports an error or a hang-up; then the check falls back to Django's `SELECT 1`, which fails and
gets the connection replaced before the request's first query. A drop that sends nothing (the server's host gone in a
failover, a NAT or load balancer forgetting an idle flow) cannot be seen on the socket: it would fail the request's
first query instead. Such drops strike idle connections, so any connection idle for longer than RECENT, or not idle
(a transaction left open), is checked Django's way. The check after an error (close_if_unusable_or_obsolete) is
Django's, unchanged.
"""

from __future__ import annotations

import functools
import select
import time

import psycopg
from django.conf import settings
from django.db.backends.postgresql import base
from psycopg import _queries, pq

RECENT = 5.0  # seconds since a connection's last query within which its socket is trusted
_TROUBLE = select.POLLIN | select.POLLPRI | select.POLLERR | select.POLLHUP | select.POLLNVAL


# psycopg turns each query's %s placeholders into PostgreSQL's $1, $2… by parsing its text, and keeps the result for
# the next run of the same text only for a query of at most 50 values and 4 KB (an ORM's long INSERTs of many rows
# would fill its cache). The submission's one statement has 73 values and 10 KB: it was parsed again on every run,
# 0.1 ms of Python for each resident (issue 7). The few statements this cursor runs are fixed texts, kept here.
# The parse is psycopg's own private function (psycopg 3.3, pinned in pyproject.toml); without it, psycopg's class.
_KEPT_STATEMENTS = 32
_parse = getattr(_queries, "_query2pg_nocache", None)
_convert_kept = functools.lru_cache(maxsize=_KEPT_STATEMENTS)(_parse) if _parse is not None else None


class _KeptQuery(_queries.PostgresQuery):
    """psycopg's server-side query, whose conversion is kept for any length and number of values."""

    __slots__ = ()

    def convert(self, query, vars) -> None:
        if vars is None or not isinstance(query, str | bytes):
            return super().convert(query, vars)
        query = self._ensure_bytes(query)
        self.query, self._want_formats, self._order, self._parts = _convert_kept(query, self._tx.encoding)
        self.dump(vars)


class _PreparingCursor(psycopg.Cursor):
    """A server-binding cursor whose statements are prepared on their first run (see server_binding_cursor())."""

    _query_cls = _KeptQuery if _convert_kept is not None else _queries.PostgresQuery

    def execute(self, query, params=None, *, prepare=None, binary=None):
        if prepare is None:
            prepare = settings.DB_PREPARED_STATEMENTS
        return super().execute(query, params, prepare=prepare, binary=binary)


# psycopg prepares nothing on a connection whose prepare_threshold is None, Django's default; with this one it
# prepares what a cursor asks to (prepare=True) and nothing by itself. Django's own cursors bind values into the SQL
# text on the client, which psycopg never prepares.
_ON_REQUEST_ONLY = 2**31 - 1


class DatabaseOperations(base.DatabaseOperations):
    def last_executed_query(self, cursor, sql, params):
        # psycopg keeps no query text for a run of a prepared statement, where Django looks for it: its SQL with
        # placeholders then (for the debug log and the tests' query capture; the values are bound by the server).
        return super().last_executed_query(cursor, sql, params) or sql


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    _used_at = float("-inf")  # time.monotonic() of the last cursor made on the current connection

    def create_cursor(self, name=None):
        self._used_at = time.monotonic()
        return super().create_cursor(name)

    def get_connection_params(self):
        params = super().get_connection_params()
        if params.get("prepare_threshold") is None and settings.DB_PREPARED_STATEMENTS:
            params["prepare_threshold"] = _ON_REQUEST_ONLY
        return params

    def server_binding_cursor(self):
        """A cursor (Django's wrapper: query logging and execute wrappers as usual) that sends the values apart from
        the SQL text, bound by the server, where Django binds them into the text. The server then logs a failed
        statement without its values: portal.core.onestatement uses it, whose statements carry a resident's whole
        submission (name, contact, the secret link of the receipt).

        Its statements are also prepared on the connection (Django turns psycopg's automatic preparing off, for
        connection poolers that forget prepared statements; the portal connects to PostgreSQL directly): the next
        run of the same SQL text is not planned again. For the submission's one statement, planning was 0.37 ms of
        the 1.5 ms the server spent on it (issue 7). DB_PREPARED_STATEMENTS=0 turns it off (a connection pooler in
        transaction mode does not keep prepared statements)."""
        self.ensure_connection()
        self._used_at = time.monotonic()
        return self._prepare_cursor(_PreparingCursor(self.connection))

    def close_if_health_check_failed(self):
        if self.pool or self.connection is None or not self.health_check_enabled or self.health_check_done:
            return
        if not self._quiet():
            super().close_if_health_check_failed()  # SELECT 1; closes the connection when it fails
        self.health_check_done = True

    def _quiet(self) -> bool:
        """True when the connection ran a query a moment ago, is open and idle, and the server has sent nothing on it
        since its last reply."""
        if time.monotonic() - self._used_at > RECENT:
            return False
        raw = self.connection
        try:
            pgconn = raw.pgconn
            if raw.closed or pgconn.status != pq.ConnStatus.OK:
                return False
            if pgconn.transaction_status != pq.TransactionStatus.IDLE:
                return False
            poller = select.poll()
            poller.register(pgconn.socket, _TROUBLE)
            return not poller.poll(0)
        except Exception:  # noqa: BLE001 (any doubt: let Django's SELECT 1 decide)
            return False
