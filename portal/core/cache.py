"""The shared cache (rate-limit counters) on Redis, failing open: a Redis outage must not turn submissions into 500s.

While Redis is unreachable every cache call logs a warning and answers as an empty cache would (`add` succeeds, so a
rate-limit counter starts at 1 and nothing is limited; `get` misses; writes are dropped). Rate limits are off for the
length of the outage — the documented trade-off: residents can still file and look up cases, which the law cares
about more. Short socket timeouts keep a request from hanging on a dead server (OPTIONS in portal/settings.py).
"""

from __future__ import annotations

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis.exceptions

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class _OneClientPerPool(RedisCacheClient):
    """Django's client builds a new redis.Redis for every cache operation, which copies its ~170 response callbacks:
    60 µs of the 175 µs a GET took (issue 7: a cached page does two or three). One redis.Redis per connection pool
    is enough: it is thread-safe, and its pool hands each call a connection (and renews them after a fork)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _OneClientPerPool

    def _failing_open(self, operation: str, fallback, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except _redis_errors() as exc:
            logger.warning("cache unavailable (%s): %s; failing open", operation, exc)
            return fallback

    def add(self, key, value, timeout=None, version=None):
        return self._failing_open("add", True, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._failing_open("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=None, version=None):
        return self._failing_open("set", None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=None, version=None):
        return self._failing_open("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._failing_open("delete", False, super().delete, key, version)

    def incr(self, key, delta=1, version=None):
        return self._failing_open("incr", delta, super().incr, key, delta, version)

    def get_many(self, keys, version=None):
        return self._failing_open("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._failing_open("has_key", False, super().has_key, key, version)

    def clear(self):
        return self._failing_open("clear", False, super().clear)
