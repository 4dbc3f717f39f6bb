"""Version tokens of data sets and the per-process memos that follow them (portal.core.versions)."""

import pytest
from django.db import transaction

from portal.core import versions
from portal.core.models import DataVersion

pytestmark = pytest.mark.django_db


def test_a_set_without_a_token_gets_one_on_the_first_view_and_nothing_is_kept_until_then():
    memo = versions.Memo("test-set")
    calls = []
    view = memo.view()
    assert view.token is None
    assert view.get("k", lambda: calls.append(1) or "first") == "first"
    assert view.get("k", lambda: calls.append(1) or "again") == "again"
    assert len(calls) == 2
    assert versions.current("test-set") is not None


def test_a_value_is_derived_once_per_token_and_again_after_a_renewal():
    memo = versions.Memo("test-set")
    versions.renew("test-set")
    calls = []

    def derive():
        calls.append(1)
        return len(calls)

    assert memo.view().get("k", derive) == 1
    assert memo.view().get("k", derive) == 1
    versions.renew("test-set")
    assert memo.view().get("k", derive) == 2
    assert len(calls) == 2


def test_a_view_keeps_answering_as_of_the_token_it_read():
    memo = versions.Memo("test-set")
    versions.renew("test-set")
    old = memo.view()
    assert old.get("k", lambda: "before") == "before"
    versions.renew("test-set")
    new = memo.view()
    assert new.get("k", lambda: "after") == "after"
    # The older view's token is no longer the memo's: it derives rather than trust the newer values.
    assert old.get("k", lambda: "derived again") == "derived again"


def test_a_rolled_back_renewal_leaves_the_committed_token():
    versions.renew("test-set")
    before = versions.current("test-set")
    with pytest.raises(RuntimeError), transaction.atomic():
        versions.renew("test-set")
        assert versions.current("test-set") != before
        raise RuntimeError
    assert versions.current("test-set") == before
    assert DataVersion.objects.filter(name="test-set").count() == 1


def test_tokens_are_never_reused():
    assert len({versions.renew("test-set") for _ in range(50)}) == 50


def test_the_memo_forgets_everything_after_its_maximum_age(monkeypatch):
    memo = versions.Memo("test-set", max_age=60)
    versions.renew("test-set")
    clock = [1000.0]
    monkeypatch.setattr(versions.time, "monotonic", lambda: clock[0])
    assert memo.view().get("k", lambda: "old") == "old"
    clock[0] += 61
    assert memo.view().get("k", lambda: "new") == "new"


def test_the_memo_is_bounded():
    memo = versions.Memo("test-set", max_entries=3)
    versions.renew("test-set")
    view = memo.view()
    for key in range(10):
        view.get(key, lambda key=key: key)
    assert len(memo._values) <= 3


def test_an_assumed_view_costs_no_query_and_says_when_its_token_moved(django_assert_num_queries, monkeypatch):
    memo = versions.Memo("test-set", max_age=60)
    with django_assert_num_queries(2):  # no token yet: read, then created
        assert not memo.assumed_view().assumed
    versions.renew("test-set")
    memo.view().get("k", lambda: "v")  # the memo now holds the token
    with django_assert_num_queries(0):
        view = memo.assumed_view()
        assert view.assumed and view.get("k", lambda: "again") == "v"
        sql, params = view.guard()
    assert "token = %s" in sql and params == ["test-set", view.token]
    with django_assert_num_queries(1):
        assert not view.stale()  # confirmed: a token read now
    assert not view.assumed and not view.stale()
    moved = memo.assumed_view()
    versions.renew("test-set")
    assert moved.stale()
    with pytest.raises(versions.Stale):
        moved.confirm()
    # Past its maximum age the memo reads the token again, as view() does.
    clock = [1000.0]
    monkeypatch.setattr(versions.time, "monotonic", lambda: clock[0])
    memo.view().get("k2", lambda: "v2")
    clock[0] += 61
    with django_assert_num_queries(1):
        assert not memo.assumed_view().assumed
