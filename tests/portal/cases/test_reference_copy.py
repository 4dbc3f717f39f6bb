"""The reference memo hands out private copies of its wards, categories and areas, made as copy.copy() makes them."""

import copy
import warnings

from portal.cases.reference import _private_copy


def test_the_reference_memos_copies_are_copy_copys(ward, category):
    """reference._private_copy() gives what copy.copy() gives: the same fields and state, a separate instance."""
    ward.name  # noqa: B018
    for instance in (ward, category):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # Django warns of a copy without its version
            mine, theirs = _private_copy(instance), copy.copy(instance)
        assert mine is not instance and type(mine) is type(instance)
        assert {k: v for k, v in mine.__dict__.items() if k != "_state"} == {
            k: v for k, v in theirs.__dict__.items() if k != "_state"}
        assert mine._state is not instance._state and vars(mine._state).keys() == vars(theirs._state).keys()
        assert mine._state.fields_cache is not instance._state.fields_cache
        mine.name = "changed"
        assert instance.name != "changed"
    assert _private_copy(None) is None
