"""Time helpers. Dates the law counts are dates in local time (Asia/Ho_Chi_Minh)."""

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.now()


def local_today() -> dt.date:
    return timezone.localdate()


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()
