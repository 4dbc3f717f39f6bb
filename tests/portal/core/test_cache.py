"""The shared cache fails open when Redis is unreachable: a rate-limited submission still succeeds (bench/drill.py
stops Redis under load to show it end to end)."""

import time

import pytest
from django.core.cache import caches

from portal.core.cache import ResilientRedisCache

DEAD = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_every_call_answers_as_an_empty_cache_and_quickly():
    cache = ResilientRedisCache(DEAD, {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}})
    started = time.monotonic()
    assert cache.add("k", 1, 60) is True
    assert cache.get("k", "default") == "default"
    assert cache.incr("k") == 1
    cache.set("k", 2)
    assert cache.get_many(["k"]) == {} and cache.has_key("k") is False and cache.delete("k") is False
    assert time.monotonic() - started < 5


@pytest.mark.django_db
def test_a_submission_goes_through_while_the_rate_limit_cache_is_down(settings, client, ward, category):
    settings.CACHES = {"default": {"BACKEND": "portal.core.cache.ResilientRedisCache", "LOCATION": DEAD,
                                   "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}
    settings.RATELIMIT_ENABLE = True  # Django's test signals rebuild the cache handler when CACHES changes
    assert isinstance(caches["default"], ResilientRedisCache)
    response = client.post("/api/v1/cases/", {
        "ward": ward.code, "kind": "feedback", "category": category.code, "title": "Đèn đường hỏng",
        "description": "Đèn đường trước số 5 hỏng ba ngày nay.", "is_anonymous": True,
    }, content_type="application/json")
    assert response.status_code == 201, response.content


def test_one_redis_client_serves_every_operation():
    """Each operation reuses the client of its connection pool (a new one per call cost a third of a GET)."""
    import redis

    cache = ResilientRedisCache("redis://127.0.0.1:6379/9", {})
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/9", socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=False) is client and cache._cache.get_client(write=True) is client
    cache.set("openward-test-client", {"page": "đường"}, 30)
    assert cache.get("openward-test-client") == {"page": "đường"}
    cache.set("openward-test-counter", 1, 30)
    assert cache.incr("openward-test-counter") == 2
    cache.delete("openward-test-client")
    cache.delete("openward-test-counter")
    assert cache.get("openward-test-client") is None
