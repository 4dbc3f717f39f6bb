"""A resident's form refused by the rate limit comes back as it was sent.

django-ratelimit's `ratelimit(..., block=True)` raised on the request over the limit, and the error page that answered
(settings.RATELIMIT_VIEW) held none of what the resident had typed: a long complaint was lost. `limit_posts` counts the
same POSTs in the same counters (the same group: the view's name, the same key and rate), and answers a refused one
with the view's own page, made by `refused(request, refusal, *args, **kwargs)`: the form bound to what was sent, with
the refusal saying when the resident may send it again. The limit itself (settings.RATE_SUBMIT) is unchanged, and the
view itself never runs for a refused POST: nothing is written.

The answer is HTTP 429 with `Retry-After`. Files are not kept: a browser never fills a file field in again, so the
message says to choose them again.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import wraps

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage


@dataclass(frozen=True)
class Refusal:
    """A POST refused by the rate limit. `seconds`: until the limit's current window ends and the resident may send
    again; None when the limit's store could not tell (the cache failed)."""

    seconds: int | None
    files: bool = False  # the form has a file field: say that chosen files must be chosen again

    @property
    def retry_at(self) -> dt.datetime | None:
        if self.seconds is None:
            return None
        return timezone.localtime(timezone.now() + dt.timedelta(seconds=self.seconds))

    @property
    def text(self) -> str:
        """What the resident reads: why the form was not received, when to send it again, that what they typed is
        kept (and, on a form with files, that the files are not)."""
        parts = [_("Too many forms have been sent from your connection in a short time, so this one was not "
                   "received.")]
        retry_at = self.retry_at
        if retry_at is None:
            parts.append(_("Please send it again later."))
        else:
            minutes = max(1, math.ceil(self.seconds / 60))
            when = retry_at.strftime("%H:%M")
            if retry_at.date() != timezone.localdate():
                when = f"{when} {retry_at:%d/%m/%Y}"
            parts.append(ngettext("You may send it again from %(time)s (in about %(minutes)s minute).",
                                  "You may send it again from %(time)s (in about %(minutes)s minutes).",
                                  minutes) % {"time": when, "minutes": minutes})
        parts.append(_("What you typed is kept below."))
        if self.files:
            parts.append(_("Browsers do not keep chosen files: if you attached photos or documents, choose them "
                           "again before sending."))
        return " ".join(parts)


def limit_posts(*, rate, refused, files: bool = False):
    """Limit a view's POSTs per client address at `rate` (django-ratelimit's key "ip"); a refused POST is answered by
    `refused(request, refusal, *args, **kwargs)` (a Refusal), sent with status 429 and Retry-After. `files`: the
    view's form has a file field."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            usage = get_usage(request, fn=view, key="ip", rate=rate, method="POST", increment=True)
            limited = usage is not None and usage["should_limit"]
            request.limited = getattr(request, "limited", False) or limited
            if not limited:
                return view(request, *args, **kwargs)
            seconds = usage["time_left"] if usage["time_left"] >= 0 else None
            response = refused(request, Refusal(seconds=seconds, files=files), *args, **kwargs)
            response.status_code = 429
            if seconds is not None:
                response["Retry-After"] = str(max(seconds, 1))
            return response

        return wrapped

    return decorator
