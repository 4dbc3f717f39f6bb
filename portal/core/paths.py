"""Paths as reverse() writes them, made without running reverse() for each one (issue 7: the staff case page's
twenty-odd links and the resident's status link took 5 % and 4 % of their requests).

reverse() is run once with a stand-in for each value that changes from one path to the next (a tracking code, a
token); its path is kept, split around the stand-ins, per URL configuration (the settings' own named, so that one kept
for the default never serves another), script prefix, language, current application and fixed arguments: everything
reverse() reads. The values are then put in the stand-ins' places. Values of letters, digits, "-" and "_" (every
tracking code and token) are written by reverse() as they are; any other value takes reverse() itself, as does a
pattern that does not write each stand-in once and in order.
"""

import functools
import re

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_AS_WRITTEN = re.compile(r"[A-Za-z0-9_-]+")


def _stand_in(position: int) -> str:
    return f"~{position}~"  # written by reverse() as it is, and in no value of _AS_WRITTEN


def kept_path(name: str, values: dict[str, str] | None = None, *, fixed: dict[str, str] | None = None,
              current_app: str | None = None) -> str:
    """reverse(name, kwargs={**values, **fixed}, current_app=current_app). `values` change from one call to the next;
    `fixed` arguments are part of what is kept, so only for values of a small set (a transition's action, say)."""
    values, fixed = values or {}, fixed or {}
    if all(isinstance(value, str) and _AS_WRITTEN.fullmatch(value) for value in values.values()):
        parts = _parts(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language(), name,
                       tuple(values), tuple(sorted(fixed.items())), current_app)
        if parts is not None:
            pieces = [parts[0]]
            for value, after in zip(values.values(), parts[1:], strict=True):
                pieces += (value, after)
            return "".join(pieces)
    return reverse(name, kwargs={**values, **fixed} or None, current_app=current_app)


@functools.lru_cache(maxsize=512)
def _parts(urlconf: str, prefix: str, language: str | None, name: str, keys: tuple[str, ...], fixed: tuple,
           current_app: str | None) -> tuple[str, ...] | None:
    """reverse()'s path with stand-ins for `keys`, split around them: (before the first, between…, after the last);
    None when the pattern does not write each stand-in once, in order."""
    stand_ins = {key: _stand_in(position) for position, key in enumerate(keys)}
    try:
        path = reverse(name, urlconf=urlconf, kwargs={**stand_ins, **dict(fixed)} or None, current_app=current_app)
    except NoReverseMatch:
        return None
    parts = []
    for stand_in in stand_ins.values():
        before, found, path = path.partition(stand_in)
        if not found:
            return None
        parts.append(before)
    if any(stand_in in part for part in (*parts, path) for stand_in in stand_ins.values()):
        return None
    return (*parts, path)
