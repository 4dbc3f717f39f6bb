"""CSRF secrets and masks drawn with one read of the operating system's random source instead of one per character.

Django draws each of the 32 characters of a visitor's CSRF secret, and of the mask that hides it in every page with a
form, with `secrets.choice`, which reads the kernel's random source once per character: 64 system calls for a visitor
without a cookie, 0.2 ms of a status page that otherwise takes 0.5 ms on our virtual machines (issue 7).
`random_string` draws the same strings (each character uniform over the alphabet, from the same source) from one
`secrets.token_bytes` call by rejection sampling: a byte at or above the largest multiple of the alphabet's size below
256 is dropped, so no character is likelier than another. portal.core.apps installs it into django.middleware.csrf
only (the name that module imported), at start-up; tests/portal/core/test_csrf_random.py checks it is in place, what
it draws, and that tokens still work.
"""

from __future__ import annotations

import logging
import secrets

from django.utils import crypto

logger = logging.getLogger(__name__)


def random_string(length: int, allowed_chars: str = crypto.RANDOM_STRING_CHARS) -> str:
    """What django.utils.crypto.get_random_string returns, drawn from one read of the random source."""
    size = len(allowed_chars)
    if not 0 < size <= 256:
        return crypto.get_random_string(length, allowed_chars)
    limit = 256 - 256 % size
    chars: list[str] = []
    while len(chars) < length:
        # A few spare bytes: for 62 characters 8 bytes in 256 are dropped, so one read nearly always suffices.
        for byte in secrets.token_bytes(length - len(chars) + 8):
            if byte < limit:
                chars.append(allowed_chars[byte % size])
    return "".join(chars[:length])


def install() -> None:
    """Make Django's CSRF middleware draw its secrets and masks with random_string(). Should a Django release draw
    them some other way, this leaves it alone and says so in the log (the test of the pinned release fails)."""
    from django.middleware import csrf

    current = getattr(csrf, "get_random_string", None)
    if current is random_string:
        return
    if current is not crypto.get_random_string:
        logger.warning("django.middleware.csrf no longer draws with django.utils.crypto.get_random_string: "
                       "CSRF secrets are drawn Django's way")
        return
    csrf.get_random_string = random_string
