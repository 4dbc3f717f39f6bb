"""Public transparency dashboard (SPEC §8): the city's wards side by side, and one ward by month, kind, category and
area, with the disclosures each ward posted (on time or late) and the dialogues it held and commitments it kept.
Reads only the statistics rollups and grouped counts (portal.transparency.selectors), so a page costs the same few
queries whether the city has a thousand cases or a million. Charts are server-rendered SVG with their numbers in a
table.

The statistics part of each page is cached for a few minutes (portal.core.pagecache); its version is bumped when
the rollups are refreshed or a disclosure or dialogue changes."""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from portal.core import pagecache
from portal.transparency import selectors
from portal.wards.models import Ward

BAR_ROW = 40  # user units per bar: label line, then the bar
CHART_WIDTH = 360  # about the phone width in px, so 13-unit text stays readable there
VALUE_ROOM = 64  # room right of the longest bar for its value


@dataclass
class Bar:
    label: str
    value_text: str
    y_label: int
    y_bar: int
    width: float
    muted: bool = False


@dataclass
class Chart:
    id: str
    title: str
    description: str
    height: int
    bars: list[Bar]
    width: int = CHART_WIDTH


def bar_chart(chart_id: str, title: str, description: str, items, value, *, fmt=str, muted=None) -> Chart:
    """A horizontal bar chart: one bar per item, its label above it and its value after it. Items without a value
    (None) get no bar and the value "—"."""
    values = [value(item) for item in items]
    top = max([v for v in values if v is not None] + [0]) or 1
    bars = []
    for index, (item, v) in enumerate(zip(items, values, strict=True)):
        y = index * BAR_ROW
        bars.append(Bar(label=item.label, value_text=fmt(v) if v is not None else "—", y_label=y + 13,
                        y_bar=y + 18, width=round((CHART_WIDTH - VALUE_ROOM) * (v or 0) / top, 1),
                        muted=bool(muted and muted(item))))
    return Chart(chart_id, title, description, max(len(bars), 1) * BAR_ROW + 4, bars)


def _period(request):
    return selectors.period_from(request.GET.get("year"))


def city(request):
    period = _period(request)
    body = pagecache.fragment(pagecache.DASHBOARD, "city", (repr(period),),
                              lambda: render_to_string("frontend/transparency/_city_body.html", _city(period)))
    return render(request, "frontend/transparency/city.html", {"period": period, "body": body})


def _city(period) -> dict:
    wards = selectors.city_summary(period)
    total = selectors.city_total(wards)
    ranked = [w for w in wards if not w.small_sample]
    chart = bar_chart("chart-on-time", _("Share of cases answered on time, by ward"),
                      _("Wards ranked by the share of cases answered within the legal time limit. Wards with a "
                        "small sample are not shown."), ranked, lambda f: f.on_time_pct, fmt=_pct_text)
    return {
        "period": period, "wards": wards, "total": total, "chart": chart, "small_sample": selectors.SMALL_SAMPLE,
        "small_disclosure_sample": selectors.SMALL_SAMPLE_DISCLOSURES, "years": selectors.available_years(),
    }


def ward(request, ward_code):
    target = get_object_or_404(Ward.objects.only("id", "code", "name", "city"), code=ward_code, is_active=True)
    period = _period(request)
    body = pagecache.fragment(pagecache.DASHBOARD, "ward", (target.pk, repr(period)),
                              lambda: render_to_string("frontend/transparency/_ward_body.html", _ward(target, period)))
    return render(request, "frontend/transparency/ward.html", {"ward": target, "period": period, "body": body})


def _ward(target, period) -> dict:
    stats = selectors.ward_stats(target, period)
    charts = {
        "month": bar_chart("chart-month", _("Cases received per month"),
                           _("Number of cases received by the ward in each month of the period."),
                           stats.by_month, lambda f: f.received),
        "kind": bar_chart("chart-kind", _("Cases received by kind"),
                          _("Feedback, complaints and denunciations received in the period."),
                          stats.by_kind, lambda f: f.received),
        "category": bar_chart("chart-category", _("Cases received by category"),
                              _("Number of cases received in the period, by category."),
                              stats.by_category, lambda f: f.received),
        "area": bar_chart("chart-area", _("Cases received by residential area"),
                          _("Number of cases received in the period, by residential area."),
                          stats.by_area, lambda f: f.received),
        "month_on_time": bar_chart("chart-month-on-time", _("Share answered on time per month"),
                                   _("Share of the cases answered in each month that were answered on time."),
                                   stats.by_month, lambda f: f.on_time_pct, fmt=_pct_text),
    }
    return {
        "ward": target, "period": period, "stats": stats, "charts": charts, "small_sample": selectors.SMALL_SAMPLE,
        "small_disclosure_sample": selectors.SMALL_SAMPLE_DISCLOSURES, "years": selectors.available_years(),
    }


def _pct_text(v) -> str:
    return f"{number_format(v, decimal_pos=1)} %"
