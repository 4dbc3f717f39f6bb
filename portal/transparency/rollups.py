"""Recompute the statistics rollups (`MonthlyStat`) from the cases.

`refresh(ward=None, months=None)` recomputes whole months: for each month asked (default: the current and the previous
one), every row of that month (of one ward, or of all) is rebuilt from the cases, in one transaction, so running it
twice gives the same rows. The months that hold an overdue open case, or a stored non-zero overdue count, are
refreshed too, so "overdue now" is right everywhere after each run even though the hourly job asks for two months.

Counts come from a handful of GROUP BY queries on the finest grouping (ward, month, kind, category, area) and are
folded into the four dimensions in Python. Working days to answer need each ward's calendar, so they are computed in
Python over the cases answered in the months being refreshed, read in keyset chunks (by id) with only five columns.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from portal.cases.models import OPEN_STATES, Case, Rating, inspection_leads
from portal.core import pagecache
from portal.core.timeutil import local_today, now
from portal.deadlines.selectors import calendars_for

from .models import Dimension, MonthlyStat

logger = logging.getLogger(__name__)

CHUNK_SIZE = 2000


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def default_months(today: dt.date | None = None) -> list[dt.date]:
    current = month_start(today or local_today())
    return [add_months(current, -1), current]


def _bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The aware datetimes [start, end) of a local calendar month."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(month, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(add_months(month, 1), dt.time.min, tzinfo=tz)
    return start, end


def _as_month(value) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


@dataclass
class _Figures:
    received: int = 0
    answered: int = 0
    answered_on_time: int = 0
    overdue_open: int = 0
    ratings_count: int = 0
    ratings_sum: int = 0
    histogram: Counter = field(default_factory=Counter)


def _targets(kind: str, category_id: int, area_id: int | None):
    """The four dimension rows a case of this (kind, category, area) counts in: (dimension, key, category, area)."""
    return (
        (Dimension.TOTAL, "", None, None),
        (Dimension.KIND, kind, None, None),
        (Dimension.CATEGORY, str(category_id), category_id, None),
        (Dimension.AREA, str(area_id) if area_id else "", None, area_id),
    )


def refresh(*, ward=None, months: Iterable[dt.date] | None = None) -> int:
    """Rebuild the rollup rows of these months (first days, or any day in them) for one ward or all. Returns the
    number of rows written."""
    today = local_today()
    ward_id = getattr(ward, "pk", ward)
    # Inspection leads (anonymous denunciations, Law on Denunciations Art. 25) are not processed as cases: they are
    # not counted as received, answered or overdue anywhere in the statistics.
    scope = (Q(ward_id=ward_id) if ward_id is not None else Q()) & ~inspection_leads()
    wanted = {month_start(m) for m in (months if months is not None else default_months(today))}
    overdue_cases = Case.objects.filter(scope, state__in=OPEN_STATES, due_date__lt=today)
    wanted |= {_as_month(m) for m in overdue_cases.annotate(m=TruncMonth("received_on"))
               .values_list("m", flat=True).distinct()}
    stored = MonthlyStat.objects.filter(overdue_open__gt=0)
    if ward_id is not None:
        stored = stored.filter(ward_id=ward_id)
    wanted |= set(stored.values_list("month", flat=True).distinct())
    if not wanted:
        return 0
    written = 0
    for month in sorted(wanted):
        written += _refresh_month(month, scope=scope, ward_id=ward_id, today=today)
    pagecache.bump_now_and_on_commit(pagecache.DASHBOARD)
    return written


def _refresh_month(month: dt.date, *, scope: Q, ward_id: int | None, today: dt.date) -> int:
    start, end = _bounds(month)
    next_month = add_months(month, 1)
    figures: dict[tuple, _Figures] = defaultdict(_Figures)
    labels: dict[tuple, tuple] = {}

    def bump(row_ward, kind, category_id, area_id, **counts):
        for dimension, key, category, area in _targets(kind, category_id, area_id):
            target = (row_ward, dimension, key)
            labels[target] = (category, area)
            fig = figures[target]
            for name, value in counts.items():
                setattr(fig, name, getattr(fig, name) + (value or 0))

    group = ("ward_id", "kind", "category_id", "area_id")
    received = Case.objects.filter(scope, received_on__gte=month, received_on__lt=next_month)
    for row in received.values(*group).annotate(n=Count("id")).order_by():
        bump(row["ward_id"], row["kind"], row["category_id"], row["area_id"], received=row["n"])

    overdue = received.filter(state__in=OPEN_STATES, due_date__lt=today)
    for row in overdue.values(*group).annotate(n=Count("id")).order_by():
        bump(row["ward_id"], row["kind"], row["category_id"], row["area_id"], overdue_open=row["n"])

    answered = Case.objects.filter(scope, answered_at__gte=start, answered_at__lt=end)
    rows = (answered.annotate(answered_on=TruncDate("answered_at")).values(*group)
            .annotate(n=Count("id"), on_time=Count("id", filter=Q(answered_on__lte=F("answer_due_date"))))
            .order_by())
    for row in rows:
        bump(row["ward_id"], row["kind"], row["category_id"], row["area_id"], answered=row["n"],
             answered_on_time=row["on_time"])

    ratings = Rating.objects.filter(case__answered_at__gte=start, case__answered_at__lt=end)
    if ward_id is not None:
        ratings = ratings.filter(case__ward_id=ward_id)
    rows = (ratings.values("case__ward_id", "case__kind", "case__category_id", "case__area_id")
            .annotate(n=Count("id"), total=Sum("score")).order_by())
    for row in rows:
        bump(row["case__ward_id"], row["case__kind"], row["case__category_id"], row["case__area_id"],
             ratings_count=row["n"], ratings_sum=row["total"])

    _histograms(answered, figures, labels)

    moment = now()
    objs = [
        MonthlyStat(ward_id=w, month=month, dimension=dimension, key=key, category_id=labels[(w, dimension, key)][0],
                    area_id=labels[(w, dimension, key)][1], received=f.received, answered=f.answered,
                    answered_on_time=f.answered_on_time, overdue_open=f.overdue_open,
                    days_histogram={str(d): n for d, n in sorted(f.histogram.items())},
                    ratings_count=f.ratings_count, ratings_sum=f.ratings_sum, computed_at=moment)
        for (w, dimension, key), f in figures.items()
    ]
    with transaction.atomic():
        old = MonthlyStat.objects.filter(month=month)
        if ward_id is not None:
            old = old.filter(ward_id=ward_id)
        old.delete()
        MonthlyStat.objects.bulk_create(objs, batch_size=500)
    return len(objs)


def _histograms(answered, figures, labels) -> None:
    """Working days from receipt to answer, per dimension row, over the month's answered cases (keyset chunks)."""
    calendars: dict = {}
    last_id = 0
    fields = ("id", "ward_id", "kind", "category_id", "area_id", "received_on", "answered_at")
    while True:
        chunk = list(answered.filter(id__gt=last_id).order_by("id").values_list(*fields)[:CHUNK_SIZE])
        if not chunk:
            return
        missing = {row[1] for row in chunk} - set(calendars)
        if missing:
            calendars.update(calendars_for(missing))
        for _id, w, kind, category_id, area_id, received_on, answered_at in chunk:
            answered_on = timezone.localtime(answered_at).date()
            days = max(calendars[w].working_days_between(received_on, answered_on), 0)
            for dimension, key, _category, _area in _targets(kind, category_id, area_id):
                figures[(w, dimension, key)].histogram[days] += 1
        last_id = chunk[-1][0]


def refresh_all(*, ward=None) -> int:
    """Every month from the first case received or answered to this one (the `refresh_stats` command)."""
    qs = Case.objects.all() if ward is None else Case.objects.filter(ward=ward)
    first = qs.order_by("received_on").values_list("received_on", flat=True).first()
    if first is None:
        old = MonthlyStat.objects.all() if ward is None else MonthlyStat.objects.filter(ward=ward)
        old.delete()
        return 0
    current = month_start(local_today())
    months, month = [], month_start(first)
    while month <= current:
        months.append(month)
        month = add_months(month, 1)
    stale = MonthlyStat.objects.exclude(month__in=months)
    if ward is not None:
        stale = stale.filter(ward=ward)
    stale.delete()
    return refresh(ward=ward, months=months)
