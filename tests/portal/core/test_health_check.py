"""The PostgreSQL backend's health check (portal.core.postgresql): a persistent connection is checked at the start of
each request without a round trip to the server, and a connection the server dropped is still replaced before the
request's first query, so the request succeeds."""

import select
import time

import psycopg
import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import connection

from portal.wards.models import Ward

pytestmark = [
    pytest.mark.skipif(not settings.USING_POSTGRES, reason="the PostgreSQL backend's health check"),
    pytest.mark.django_db(transaction=True),  # the check is about idle connections, outside any transaction
]


def _new_request():
    """What Django does between two requests on a worker that keeps its connection."""
    request_finished.send(sender=None)
    request_started.send(sender=None, environ={})


def _backend_pid() -> int:
    connection.ensure_connection()
    return connection.connection.info.backend_pid


def _terminate(pid: int) -> None:
    params = connection.get_connection_params()
    with psycopg.connect(**{k: v for k, v in params.items() if k not in ("cursor_factory", "context")},
                         autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    socket = connection.connection.pgconn.socket
    poller = select.poll()
    poller.register(socket, select.POLLIN | select.POLLHUP | select.POLLERR)
    deadline = time.monotonic() + 5
    while not poller.poll(50) and time.monotonic() < deadline:
        pass


@pytest.fixture
def keep_connections(monkeypatch):
    """Persistent connections, as in production (CONN_MAX_AGE > 0), with the health check on."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", True)
    connection.close()
    yield
    connection.close()


def test_a_healthy_connection_is_kept_without_asking_the_server(keep_connections, monkeypatch):
    pid = _backend_pid()
    Ward.objects.count()
    _new_request()

    def no_round_trip():
        raise AssertionError("the health check ran a query")

    monkeypatch.setattr(connection, "is_usable", no_round_trip)
    assert Ward.objects.count() >= 0
    assert connection.connection.info.backend_pid == pid


def test_a_connection_idle_for_a_while_is_checked_with_a_query(keep_connections, monkeypatch):
    """A drop that sends nothing (a failover, a NAT forgetting the flow) leaves the socket quiet: past a few seconds
    without a query, the connection is checked Django's way, with a round trip."""
    from portal.core.postgresql import base

    Ward.objects.count()
    _new_request()
    asked = []

    def usable():
        asked.append(True)
        return True

    monkeypatch.setattr(connection, "is_usable", usable)
    connection._used_at = time.monotonic() - base.RECENT - 1  # its last query, a while ago
    Ward.objects.count()
    assert asked == [True]


def test_a_connection_the_server_dropped_is_replaced_before_the_first_query(keep_connections):
    pid = _backend_pid()
    Ward.objects.count()
    _terminate(pid)
    _new_request()
    assert Ward.objects.count() >= 0  # no OperationalError: the dead connection was replaced first
    assert connection.connection.info.backend_pid != pid


def test_without_the_check_the_dropped_connection_would_fail(keep_connections, monkeypatch):
    """The test above means something: the same drop, with the check skipped, fails the request's query."""
    from django.db import OperationalError

    pid = _backend_pid()
    _terminate(pid)
    _new_request()
    monkeypatch.setattr(connection, "close_if_health_check_failed", lambda: None)
    with pytest.raises(OperationalError):
        Ward.objects.count()
