"""Paths of the site as reverse() writes them, made without running reverse() for each link (issue 7: the staff
case page's twenty-odd {% url %} took 5 % of its time).

- fixed_path(): a URL without arguments (the site's header and footer, the desk's menu), kept per URL
  configuration, script prefix, language and current application: everything reverse() reads.
- case_path(): a desk URL of one case ("frontend:desk-<action>", /can-bo/don/<code>/…), made from reverse()'s own
  path of a stand-in code, kept per URL configuration, script prefix, language and extra arguments, with the code put
  in its place. A code of letters, digits, "-" and "_" (every tracking code) is written by reverse() as it is;
  anything else takes reverse() itself.
"""

import functools
import re

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_AS_WRITTEN = re.compile(r"[A-Za-z0-9_-]+")
_STAND_IN = "~c~"  # written by reverse() as it is, and in no tracking code


def _urlconf():
    return get_urlconf() or settings.ROOT_URLCONF


def fixed_path(name: str, current_app: str | None = None) -> str:
    """reverse(name, current_app=current_app), kept."""
    return _fixed(_urlconf(), get_script_prefix(), get_language(), name, current_app)


@functools.lru_cache(maxsize=256)
def _fixed(urlconf, prefix: str, language: str | None, name: str, current_app: str | None) -> str:
    return reverse(name, urlconf=urlconf, current_app=current_app)


def case_path(name: str, code: str, **extra: str) -> str:
    """reverse(name, kwargs={"code": code, **extra}) for a desk URL of a case; `extra` values (a transition's action)
    are part of what is kept, so only for values of a small set."""
    if _AS_WRITTEN.fullmatch(code):
        parts = _case_parts(_urlconf(), get_script_prefix(), get_language(), name, tuple(sorted(extra.items())))
        if parts is not None:
            return f"{parts[0]}{code}{parts[1]}"
    return reverse(name, kwargs={"code": code, **extra})


@functools.lru_cache(maxsize=256)
def _case_parts(urlconf, prefix: str, language: str | None, name: str, extra: tuple) -> tuple[str, str] | None:
    """reverse()'s path for `name` split around its code; None when the stand-in does not make one path with one
    code in it (then reverse() writes each)."""
    try:
        path = reverse(name, urlconf=urlconf, kwargs={"code": _STAND_IN, **dict(extra)})
    except NoReverseMatch:
        return None
    before, found, after = path.partition(_STAND_IN)
    if not found or _STAND_IN in after:
        return None
    return before, after


class CasePaths:
    """The desk's paths of one case for a template: `paths.claim` is case_path("frontend:desk-claim", code)."""

    def __init__(self, code: str):
        self.code = code

    def __getitem__(self, action: str) -> str:
        return case_path(f"frontend:desk-{action}", self.code)

    def transition(self, action: str) -> str:
        return case_path("frontend:desk-transition", self.code, action=action)
