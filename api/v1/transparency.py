"""Public statistics under /api/v1/stats/ (SPEC §8): the dashboard's figures as JSON and CSV, read from the rollups.

Endpoints (all public, GET only; `?year=YYYY` for a calendar year, from 2000 to this one, otherwise the last 12
months up to this one; any other `year` is a 400):

- `wards/` (JSON) and `wards.csv`: one row per active ward.
- `wards/<code>/` (JSON) and `wards/<code>.csv`: one ward, one row per month, kind, category and residential area.
- `?format=csv` on the JSON paths gives the CSV too.

Columns (`COLUMNS` below, also in every JSON answer under "schema"):

- ward_code, ward_name: the ward.
- dimension, key, label (one ward only): "total", "month" (key YYYY-MM), "kind" (key: feedback, complaint,
  denunciation), "category" (key: the category's code) or "area" (key: the area's code, empty for "no area given").
- rank (all wards only): position by share answered on time, then median working days; empty for small samples.
- received: cases received in the period (by the date received).
- answered: cases answered in the period (by the local date of the answer).
- answered_on_time: of those, answered on or before the due date in force when answered.
- on_time_pct: answered_on_time / answered × 100, one decimal; empty when nothing was answered.
- overdue_now: open cases whose due date has passed, as of the last hourly update, whenever received.
- median_working_days_to_answer: median of the working days from receipt to answer of the cases answered.
- ratings_count, satisfaction: number of residents' ratings (1–5) of those answers and their mean (2 decimals).
- small_sample: true when fewer than 20 cases were answered in the period (not ranked).
- disclosures_posted, disclosures_posted_on_time, disclosures_posted_late: public disclosures posted in the period
  (by the date posted), and of those posted within 5 working days of the decision (Art. 12(3) of the Law on
  Implementing Grassroots Democracy) or later; disclosures_on_time_pct: the share on time, one decimal;
  disclosures_small_sample: true when fewer than 10 were posted (the share says little).
- dialogues_held, reception_days_held: public dialogue conferences and citizen reception days held in the period.
- commitments, commitments_done, commitments_done_on_time: commitments made at those sessions, how many are done, and
  how many were done on or before their due date.
  (One ward: these disclosure and dialogue columns are filled on the "total" row only, empty on the others.)

No personal data: only counts. Licence: CC BY 4.0 — OpenWard. The CSV's first line is that licence, as a comment
starting with "#".
"""

from __future__ import annotations

import csv
import io

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.core.timeutil import local_today
from portal.transparency import selectors
from portal.wards.models import Ward

LICENCE = "CC BY 4.0 — OpenWard (https://creativecommons.org/licenses/by/4.0/)"

COLUMNS = {
    "ward_code": "Ward code",
    "ward_name": "Ward name",
    "rank": "Position by share answered on time (then median working days); empty for a small sample",
    "dimension": "total, month, kind, category or area",
    "key": "Month (YYYY-MM), kind code, category code or area code (empty: no area given)",
    "label": "Human-readable name of the row",
    "received": "Cases received in the period",
    "answered": "Cases answered in the period",
    "answered_on_time": "Cases answered on or before the due date in force when answered",
    "on_time_pct": "answered_on_time / answered x 100, one decimal; empty when nothing was answered",
    "overdue_now": "Open cases past their due date now (last hourly update), whenever received",
    "median_working_days_to_answer": "Median working days from receipt to answer of the cases answered",
    "ratings_count": "Residents' ratings (1-5) of the answers",
    "satisfaction": "Mean rating, two decimals; empty without ratings",
    "small_sample": "true when fewer than 20 cases were answered in the period: not ranked",
    "disclosures_posted": "Public disclosures posted in the period (by the date posted)",
    "disclosures_posted_on_time": "Of those, posted within 5 working days of the decision (Art. 12(3))",
    "disclosures_posted_late": "Of those, posted later than 5 working days after the decision",
    "disclosures_on_time_pct": "disclosures_posted_on_time / disclosures_posted x 100, one decimal; empty when none",
    "disclosures_small_sample": "true when fewer than 10 disclosures were posted in the period",
    "dialogues_held": "Public dialogue conferences held in the period",
    "reception_days_held": "Citizen reception days held in the period",
    "commitments": "Commitments made at the dialogues and reception days held in the period",
    "commitments_done": "Of those, done",
    "commitments_done_on_time": "Of those, done on or before their due date",
}
# JSON Schema types of the columns (null: empty in the CSV).
INTEGER = {"type": "integer"}
NUMBER_OR_NULL = {"type": "number", "nullable": True}
TYPES = {
    "ward_code": {"type": "string"}, "ward_name": {"type": "string"}, "rank": {"type": "integer", "nullable": True},
    "dimension": {"type": "string", "enum": ["total", "month", "kind", "category", "area"]},
    "key": {"type": "string"}, "label": {"type": "string"}, "received": INTEGER, "answered": INTEGER,
    "answered_on_time": INTEGER, "on_time_pct": NUMBER_OR_NULL, "overdue_now": INTEGER,
    "median_working_days_to_answer": NUMBER_OR_NULL, "ratings_count": INTEGER, "satisfaction": NUMBER_OR_NULL,
    "small_sample": {"type": "boolean", "nullable": True},
    "disclosures_on_time_pct": NUMBER_OR_NULL, "disclosures_small_sample": {"type": "boolean", "nullable": True},
}
FIGURES = ["received", "answered", "answered_on_time", "on_time_pct", "overdue_now", "median_working_days_to_answer",
           "ratings_count", "satisfaction", "small_sample"]
OPENNESS = ["disclosures_posted", "disclosures_posted_on_time", "disclosures_posted_late", "disclosures_on_time_pct",
            "disclosures_small_sample", "dialogues_held", "reception_days_held", "commitments", "commitments_done",
            "commitments_done_on_time"]
WARDS_COLUMNS = ["ward_code", "ward_name", "rank", *FIGURES, *OPENNESS]
WARD_COLUMNS = ["ward_code", "dimension", "key", "label", *FIGURES, *OPENNESS]


def _answer_schema(columns: list[str], *, one_ward: bool) -> dict:
    """The JSON answer as a JSON Schema (OpenAPI 3.0), every row column with its type and meaning."""
    row = {"type": "object", "properties": {}}
    for column in columns:
        kind = dict(TYPES.get(column, INTEGER))
        if one_ward and column in OPENNESS:
            kind["nullable"] = True
        row["properties"][column] = {**kind, "description": COLUMNS[column]}
    period = {"type": "object", "properties": {
        "from": {"type": "string", "description": "First month, YYYY-MM"},
        "to": {"type": "string", "description": "Last month, YYYY-MM"},
        "year": {"type": "integer", "nullable": True}}}
    properties = {
        "licence": {"type": "string"}, "period": period,
        "columns": {"type": "array", "items": {"type": "string"}, "description": "The row columns, in CSV order"},
        "schema": {"type": "object", "additionalProperties": {"type": "string"},
                   "description": "Each column's meaning"},
        "rows": {"type": "array", "items": row},
    }
    if one_ward:
        properties["ward"] = {"type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"}}}
    return {"type": "object", "properties": properties}


class CSVRenderer(BaseRenderer):
    """Renders {"columns": [...], "rows": [...]} as CSV, after a "# licence" line."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        out = io.StringIO()
        if not isinstance(data, dict) or "rows" not in data:  # an error answer
            out.write(str(data))
            return out.getvalue().encode()
        out.write(f"# {data.get('licence', LICENCE)}\n")
        writer = csv.DictWriter(out, fieldnames=data["columns"], extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in data["rows"]:
            writer.writerow({k: ("" if v is None else str(v).lower() if isinstance(v, bool) else v)
                             for k, v in row.items()})
        return out.getvalue().encode("utf-8")


def _period(request):
    """The period of `?year=`: a 400 on the parameter for anything but a year the statistics can cover (the
    dashboard page shows the last 12 months instead; an API client would take them for the year it asked)."""
    year = (request.query_params.get("year") or "").strip()
    first, last = selectors.FIRST_YEAR, local_today().year
    if year and not (year.isascii() and year.isdigit() and first <= int(year) <= last):
        raise ValidationError({"year": [_("Enter a year from %(first)s to %(last)s.") % {"first": first,
                                                                                        "last": last}]})
    period = selectors.period_from(year)
    return period, {"from": period.first.strftime("%Y-%m"), "to": period.last.strftime("%Y-%m"),
                    "year": period.year}


YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="Calendar year (2000 to this year); default: the "
                                                                "last 12 months")
CSV_ANSWER = OpenApiResponse(OpenApiTypes.STR, description="The rows as CSV after a '# licence' line, same columns")


def _responses(columns: list[str], *, one_ward: bool) -> dict:
    answers = {(200, "application/json"): OpenApiResponse(
        _answer_schema(columns, one_ward=one_ward), description="{licence, period, schema, columns, rows}"),
        (200, "text/csv"): CSV_ANSWER}
    answers[400] = OpenApiResponse(description="A year outside 2000 to this year, or not a year")
    if one_ward:
        answers[404] = OpenApiResponse(description="No active ward has this code")
    return answers


class _StatsSchema(AutoSchema):
    """One operation id per route: the list and one ward, each as JSON and as CSV (no numeral suffixes)."""

    def get_operation_id(self):
        name = "stats_ward" if "{code}" in self.path else "stats_wards"
        return name + ("_csv" if self.path.endswith(".csv") else "")


class _Stats(APIView):
    schema = _StatsSchema()
    permission_classes = [AllowAny]
    authentication_classes: list = []
    renderer_classes = [JSONRenderer, CSVRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code >= 400 and getattr(request, "accepted_renderer", None) is not None \
                and request.accepted_renderer.format == "csv":
            # an error (unknown ward, bad year) is JSON even on the .csv route, never a Python dict as "CSV"
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(request, "accepted_renderer", None) and request.accepted_renderer.format == "csv":
            response["Content-Disposition"] = f'attachment; filename="{self.filename}.csv"'
        return response


class WardsStats(_Stats):
    """Statistics of every active ward over the period (JSON or CSV)."""

    filename = "openward-wards"

    @extend_schema(parameters=[YEAR], responses=_responses(WARDS_COLUMNS, one_ward=False), tags=["statistics"])
    def get(self, request, format=None):
        period, about = _period(request)
        rows = []
        for figures in selectors.city_summary(period):
            item = figures.as_dict()
            rows.append({"ward_code": item.pop("code"), "ward_name": item.pop("label"), "rank": figures.rank,
                         **item, **figures.openness.as_dict()})
        return Response({"licence": LICENCE, "period": about, "columns": WARDS_COLUMNS,
                         "schema": {c: COLUMNS[c] for c in WARDS_COLUMNS}, "rows": rows})


class WardStats(_Stats):
    """Statistics of one ward over the period, by month, kind, category and residential area (JSON or CSV)."""

    filename = "openward-ward"

    @extend_schema(parameters=[YEAR], responses=_responses(WARD_COLUMNS, one_ward=True), tags=["statistics"])
    def get(self, request, code, format=None):
        ward = Ward.objects.only("id", "code", "name").filter(code=code, is_active=True).first()
        if ward is None:
            raise NotFound(_("No active ward has this code."))
        self.filename = f"openward-{ward.code}"
        period, about = _period(request)
        stats = selectors.ward_stats(ward, period)
        stats.total.small_sample = stats.total.answered < selectors.SMALL_SAMPLE
        rows = [_row(ward, "total", stats.total, key="") | stats.openness.as_dict()]
        for dimension, items in (("month", stats.by_month), ("kind", stats.by_kind),
                                 ("category", stats.by_category), ("area", stats.by_area)):
            rows += [_row(ward, dimension, figures) for figures in items]
        return Response({"licence": LICENCE, "period": about, "ward": {"code": ward.code, "name": ward.name},
                         "columns": WARD_COLUMNS, "schema": {c: COLUMNS[c] for c in WARD_COLUMNS}, "rows": rows})


def _row(ward, dimension, figures, *, key=None) -> dict:
    item = figures.as_dict()
    item.pop("code")
    label = item.pop("label")
    if dimension != "total":
        item["small_sample"] = None
        item.update(dict.fromkeys(OPENNESS))
    return {"ward_code": ward.code, "dimension": dimension, "key": figures.code if key is None else key,
            "label": label, **item}


urlpatterns = [
    path("wards/", WardsStats.as_view(), name="stats-wards"),
    path("wards.csv", WardsStats.as_view(), {"format": "csv"}, name="stats-wards-csv"),
    path("wards/<str:code>/", WardStats.as_view(), name="stats-ward"),
    path("wards/<str:code>.csv", WardStats.as_view(), {"format": "csv"}, name="stats-ward-csv"),
]
