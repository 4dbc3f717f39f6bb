"""Reads for the dashboard and the statistics API: only `MonthlyStat` rows, never cases; and, for disclosures and
dialogues, the few grouped counts their own apps' `dashboard_figures` selectors give (one or two queries each, whatever
the number of wards, disclosures or sessions)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, F, JSONField, Q, When
from django.utils.translation import gettext as _

from portal.cases.models import CaseKind
from portal.core.timeutil import local_today
from portal.dialogues import selectors as dialogue_selectors
from portal.disclosures import selectors as disclosure_selectors
from portal.wards.models import Area, Category, Ward

from .models import Dimension, MonthlyStat
from .rollups import add_months, month_start

# A ward with fewer answered cases than this in the period is a "small sample": shown, never ranked.
SMALL_SAMPLE = 20
# A ward that posted fewer disclosures than this in the period: its share posted on time is a "small sample" too.
SMALL_SAMPLE_DISCLOSURES = 10


@dataclass(frozen=True)
class Period:
    first: dt.date  # first month
    last: dt.date  # last month (first day)
    year: int | None = None

    @property
    def months(self) -> list[dt.date]:
        months, month = [], self.first
        while month <= self.last:
            months.append(month)
            month = add_months(month, 1)
        return months

    @property
    def last_day(self) -> dt.date:
        """The last day of the period's last month."""
        return add_months(self.last, 1) - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        if self.year:
            return _("Year %(year)s") % {"year": self.year}
        return _("Last 12 months (%(first)s – %(last)s)") % {
            "first": self.first.strftime("%m/%Y"), "last": self.last.strftime("%m/%Y")}


FIRST_YEAR = 2000  # the first year a period may be asked for


def period_from(year: str | int | None, today: dt.date | None = None) -> Period:
    """`year` given and sane: that calendar year; otherwise the last 12 months up to this one."""
    today = today or local_today()
    try:
        y = int(year) if year not in (None, "") else None
    except (TypeError, ValueError):
        y = None
    if y is not None and FIRST_YEAR <= y <= today.year:
        return Period(dt.date(y, 1, 1), min(dt.date(y, 12, 1), month_start(today)), year=y)
    current = month_start(today)
    return Period(add_months(current, -11), current)


def available_years(today: dt.date | None = None) -> list[int]:
    # Every case counts in a TOTAL row, so its first month is the first month of all; filtered on the dimension the
    # MIN walks monthly_stat_city_idx instead of scanning the table (~45 ms at 1M cases).
    first = (MonthlyStat.objects.filter(dimension=Dimension.TOTAL).order_by("month")
             .values_list("month", flat=True).first())
    last = (today or local_today()).year
    return list(range(last, (first.year if first else last) - 1, -1))


def median(histogram: Counter) -> float | None:
    """The median of values given as {value: count}: the middle value, or the mean of the two middle ones."""
    n = sum(histogram.values())
    if not n:
        return None
    lower_pos, upper_pos = (n + 1) // 2, n // 2 + 1  # 1-based positions of the middle value(s)
    seen, lower = 0, None
    for value in sorted(histogram):
        seen += histogram[value]
        if lower is None and seen >= lower_pos:
            lower = value
        if seen >= upper_pos:
            return (lower + value) / 2
    return float(lower)


@dataclass
class Accountability:
    """Disclosures posted (on time against the 5-working-day rule of Art. 12(3) of the Law on Implementing Grassroots
    Democracy, or late) and public dialogues and reception days held, with the commitments made at them (all, done,
    done on or before their due date), in a period."""

    posted: int = 0
    posted_on_time: int = 0
    posted_late: int = 0
    dialogues_held: int = 0
    reception_days_held: int = 0
    commitments: int = 0
    commitments_done: int = 0
    commitments_done_on_time: int = 0

    def add_disclosures(self, row: dict) -> None:
        self.posted += row["posted"]
        self.posted_on_time += row["posted_on_time"]
        self.posted_late += row["late"]

    def add_dialogues(self, row: dict) -> None:
        self.dialogues_held += row["dialogues_held"]
        self.reception_days_held += row["reception_days_held"]
        self.commitments += row["commitments"]
        self.commitments_done += row["commitments_done"]
        self.commitments_done_on_time += row["commitments_done_on_time"]

    def add(self, other: Accountability) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def posted_on_time_pct(self) -> float | None:
        return round(100 * self.posted_on_time / self.posted, 1) if self.posted else None

    @property
    def disclosures_small_sample(self) -> bool:
        return self.posted < SMALL_SAMPLE_DISCLOSURES

    def as_dict(self) -> dict:
        return {
            "disclosures_posted": self.posted, "disclosures_posted_on_time": self.posted_on_time,
            "disclosures_posted_late": self.posted_late, "disclosures_on_time_pct": self.posted_on_time_pct,
            "disclosures_small_sample": self.disclosures_small_sample, "dialogues_held": self.dialogues_held,
            "reception_days_held": self.reception_days_held, "commitments": self.commitments,
            "commitments_done": self.commitments_done, "commitments_done_on_time": self.commitments_done_on_time,
        }


def accountability(period: Period, ward_ids: list[int] | None) -> dict[int, Accountability]:
    """`Accountability` per ward id over the period (`ward_ids` None: every ward). 3 queries, whatever the number of
    wards, disclosures or sessions: disclosures posted in the period; dialogues and reception days held in the period
    and the commitments made at them."""
    first, last = period.first, period.last_day
    figures: dict[int, Accountability] = defaultdict(Accountability)
    for ward_id, row in disclosure_selectors.dashboard_figures(ward_ids=ward_ids, first=first, last=last).items():
        figures[ward_id].add_disclosures(row)
    for ward_id, row in dialogue_selectors.dashboard_figures(ward_ids=ward_ids, first=first, last=last).items():
        figures[ward_id].add_dialogues(row)
    return dict(figures)


@dataclass
class Figures:
    label: str = ""
    code: str = ""
    received: int = 0
    answered: int = 0
    answered_on_time: int = 0
    overdue_open: int = 0
    ratings_count: int = 0
    ratings_sum: int = 0
    histogram: Counter = field(default_factory=Counter)
    small_sample: bool = False
    rank: int | None = None
    openness: Accountability = field(default_factory=Accountability)

    def add(self, row: MonthlyStat, *, overdue: bool = True) -> None:
        self.received += row.received
        self.answered += row.answered
        self.answered_on_time += row.answered_on_time
        if overdue:
            self.overdue_open += row.overdue_open
        self.ratings_count += row.ratings_count
        self.ratings_sum += row.ratings_sum
        histogram = row.histogram if hasattr(row, "histogram") else row.days_histogram
        for days, n in (histogram or {}).items():
            self.histogram[int(days)] += n

    @property
    def on_time_pct(self) -> float | None:
        return round(100 * self.answered_on_time / self.answered, 1) if self.answered else None

    @property
    def median_days(self) -> float | None:
        return median(self.histogram)

    @property
    def satisfaction(self) -> float | None:
        return round(self.ratings_sum / self.ratings_count, 2) if self.ratings_count else None

    def as_dict(self) -> dict:
        return {
            "code": self.code, "label": self.label, "received": self.received, "answered": self.answered,
            "answered_on_time": self.answered_on_time, "on_time_pct": self.on_time_pct,
            "overdue_now": self.overdue_open, "median_working_days_to_answer": self.median_days,
            "ratings_count": self.ratings_count, "satisfaction": self.satisfaction,
            "small_sample": self.small_sample,
        }


_STAT_FIELDS = ("ward_id", "month", "dimension", "key", "received", "answered", "answered_on_time", "overdue_open",
                "ratings_count", "ratings_sum", "days_histogram")


def _in_period_or_overdue(period: Period) -> Q:
    """Rows of the period, and rows of any other month that hold overdue cases ("overdue now" counts them all)."""
    return Q(month__gte=period.first, month__lte=period.last) | Q(overdue_open__gt=0)


def city_summary(period: Period) -> list[Figures]:
    """One `Figures` per active ward for the period, ranked by share answered on time (then median days) among the
    wards with enough answered cases; small samples after them, unranked. "Overdue now" counts every month, before or
    after the period. Each carries its disclosures and dialogues (`openness`). 5 queries."""
    wards = list(Ward.objects.filter(is_active=True).only("id", "code", "name").order_by("name"))
    by_ward = {w.id: Figures(label=w.name, code=w.code) for w in wards}
    # Plain tuples, unordered (the model's ordering joins the wards for their names): at 170 wards and five years,
    # building ~6,500 model instances cost ~300 ms; the ranking orders the wards afterwards.
    # Rows outside the period only count their overdue cases: their histograms are not even fetched (decoding
    # ~4,500 unused JSON histograms cost ~100 ms).
    in_period = Q(month__gte=period.first, month__lte=period.last)
    rows = (MonthlyStat.objects.filter(_in_period_or_overdue(period), dimension=Dimension.TOTAL).order_by()
            .annotate(histogram=Case(When(in_period, then=F("days_histogram")), default=None,
                                     output_field=JSONField()))
            .values_list(*_STAT_FIELDS[:-1], "histogram", named=True))
    for row in rows:
        figures = by_ward.get(row.ward_id)
        if figures is None:
            continue
        if period.first <= row.month <= period.last:
            figures.add(row)
        else:
            figures.overdue_open += row.overdue_open
    for ward_id, openness in accountability(period, None).items():
        if ward_id in by_ward:
            by_ward[ward_id].openness = openness
    return rank(list(by_ward.values()))


def rank(items: list[Figures]) -> list[Figures]:
    for figures in items:
        figures.small_sample = figures.answered < SMALL_SAMPLE
    ranked = sorted((f for f in items if not f.small_sample),
                    key=lambda f: (-(f.on_time_pct or 0), f.median_days if f.median_days is not None else 1e9,
                                   f.label))
    for position, figures in enumerate(ranked, 1):
        figures.rank = position
    return ranked + sorted((f for f in items if f.small_sample), key=lambda f: f.label)


def city_total(items: list[Figures]) -> Figures:
    total = Figures(label=_("Whole city"))
    for figures in items:
        total.received += figures.received
        total.answered += figures.answered
        total.answered_on_time += figures.answered_on_time
        total.overdue_open += figures.overdue_open
        total.ratings_count += figures.ratings_count
        total.ratings_sum += figures.ratings_sum
        total.histogram.update(figures.histogram)
        total.openness.add(figures.openness)
    return total


@dataclass
class WardStats:
    ward: Ward
    period: Period
    total: Figures
    by_month: list[Figures]
    by_kind: list[Figures]
    by_category: list[Figures]
    by_area: list[Figures]

    @property
    def openness(self) -> Accountability:
        return self.total.openness


def ward_stats(ward: Ward, period: Period) -> WardStats:
    """A ward's figures over the period by month, kind, category and area, and its disclosures and dialogues
    (`total.openness`). 6 queries: the rows, the categories' and the areas' names, and `accountability`'s 3.
    "Overdue now" includes cases received outside the period."""
    rows = list(MonthlyStat.objects.filter(_in_period_or_overdue(period), ward=ward)
                .only(*_STAT_FIELDS, "category_id", "area_id"))
    total = Figures(label=ward.name, code=ward.code)
    months = {m: Figures(label=m.strftime("%m/%Y"), code=m.strftime("%Y-%m")) for m in period.months}
    groups: dict[str, dict[str, Figures]] = defaultdict(dict)
    for row in rows:
        in_period = period.first <= row.month <= period.last
        if row.dimension == Dimension.TOTAL:
            if in_period:
                total.add(row)
                months[row.month].add(row)
            else:
                total.overdue_open += row.overdue_open
            continue
        figures = groups[row.dimension].setdefault(row.key, Figures(code=row.key))
        if in_period:
            figures.add(row)
        else:
            figures.overdue_open += row.overdue_open

    kinds = dict(CaseKind.choices)
    by_kind = []
    for code, label in kinds.items():
        figures = groups[Dimension.KIND].get(code, Figures(code=code))
        figures.label = str(label)
        by_kind.append(figures)

    language = _language()
    category_ids = [int(k) for k in groups[Dimension.CATEGORY]]
    names = {str(c.id): (c.display_name(language), c.code)
             for c in Category.objects.filter(id__in=category_ids).only("id", "code", "name", "name_en")}
    by_category = []
    for key, figures in groups[Dimension.CATEGORY].items():
        figures.label, figures.code = names.get(key, (key, key))
        by_category.append(figures)
    by_category.sort(key=lambda f: (-f.received, f.label))

    area_ids = [int(k) for k in groups[Dimension.AREA] if k]
    areas = {str(a.id): (a.name, a.code) for a in Area.objects.filter(id__in=area_ids).only("id", "code", "name")}
    by_area = []
    for key, figures in groups[Dimension.AREA].items():
        figures.label, figures.code = areas.get(key, (key, key)) if key else (_("No area given"), "")
        by_area.append(figures)
    by_area.sort(key=lambda f: (f.code == "", f.label))
    total.openness = accountability(period, [ward.pk]).get(ward.pk, Accountability())
    return WardStats(ward, period, total, list(months.values()), by_kind, by_category, by_area)


def _language() -> str:
    from django.utils import translation

    return translation.get_language() or "vi"
