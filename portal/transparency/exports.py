"""Open data: anonymised case records (SPEC §8; issue 6 item 3), streamed as CSV or a JSON array.

Rows are read by keyset pagination on the primary key (`id > last ORDER BY id LIMIT chunk`) with `.values()`, so an
export of a million cases holds one chunk in memory and runs two queries per chunk (cases, then the official answers
of the chunk's publishable cases), whatever the size of the export.

Privacy decisions (SPEC §7)
- No name, phone, e-mail, contact address, representative, address of the issue, latitude/longitude, owner, staff
  member, attachment or internal note is ever read into a row.
- `record_id` is a keyed hash (HMAC-SHA256 with OPEN_DATA_ID_KEY, by default derived from SECRET_KEY) of the case's
  database id: stable between exports, so datasets can be joined over time, but not the tracking code, which would let
  anyone who met the resident's paper receipt or SMS find their case in the data. The tracking code is given
  (`tracking_code`) only where the resident consented to publication and the case is not a denunciation, that is when
  the case may appear on the published answers pages anyway.
- Free text (title, description, the official answers) only where publish_consent is true and the kind is not a
  denunciation, redacted like the published answer pages (portal.transparency.redaction).
- A denunciation row never carries free text, tracking code, residential area or channel: the area, or a walk-in at
  the citizen reception on a known day, could point at the denouncer (Law on Denunciations Arts. 9, 47). Its category
  (the kind of violation reported), ward and dates stay, so the statistics can be checked.
- The number of signatories is bucketed ("1", "2-4", "5+").
"""

from __future__ import annotations

import csv
import datetime as dt
import hmac
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.cases.models import Case, inspection_leads
from portal.wards.models import CaseKind, Ward

from .published import public_answers
from .redaction import Redactor, personal_of

LICENCE = "CC BY 4.0 — OpenWard"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
DEFAULT_CHUNK_SIZE = 1000


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: object  # a lazy translation


COLUMNS: tuple[Column, ...] = (
    Column("record_id", "string", _("Stable anonymous identifier of the case (a keyed hash, not the tracking code).")),
    Column("tracking_code", "string", _("The public tracking code, only where the resident agreed to publish the "
                                        "question and answer (and never for a denunciation); empty otherwise.")),
    Column("ward", "string", _("Ward code, e.g. PN17.")),
    Column("kind", "string", _("Kind of case: feedback, complaint or denunciation.")),
    Column("category", "string", _("Category code.")),
    Column("area", "string", _("Name of the residential area (khu phố, tổ dân phố); empty when unknown and always "
                               "empty for a denunciation.")),
    Column("channel", "string", _("How the case was received: web, api, open311, walk_in, phone, letter, forwarded; "
                                  "empty for a denunciation.")),
    Column("state", "string", _("Current state: received, accepted, in_progress, needs_info, suspended, answered, "
                                "closed, rejected, transferred, merged, withdrawn, reopened, escalated.")),
    Column("received_on", "date", _("Date received (local date the statutory period counts from), YYYY-MM-DD.")),
    Column("answered_on", "date", _("Date of the official answer, YYYY-MM-DD; empty when not answered.")),
    Column("due_date", "date", _("Statutory due date: the one in force when answered, else the current one; empty "
                                 "while the clock is stopped, or paused before the due date (a clock paused after "
                                 "it had passed keeps it: the case is still overdue).")),
    Column("answered_on_time", "boolean", _("true when answered on or before the due date in force then, false when "
                                            "answered late; empty when not answered.")),
    Column("signatories", "string", _("Number of people who signed: 1, 2-4 or 5+.")),
    Column("title", "string", _("Title, only where the resident consented to publication; never for a "
                                "denunciation. Personal data removed.")),
    Column("description", "string", _("Description, on the same condition as the title.")),
    Column("answer", "string", _("The official answer(s), on the same condition as the title; several answers are "
                                 "separated by a blank line.")),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
FREE_TEXT = ("title", "description", "answer")

# What is read from the database: the columns' sources, plus the personal fields used only to redact free text.
_FIELDS = ("id", "tracking_code", "ward__code", "kind", "category__code", "area__name", "channel", "state",
           "received_on", "answered_at", "answer_due_date", "due_date", "signatory_count", "publish_consent",
           "title", "description", "contact_name", "contact_phone", "contact_email", "contact_address",
           "representative_name", "address")


@dataclass(frozen=True)
class ExportFilters:
    ward: str = ""
    received_from: dt.date | None = None
    received_to: dt.date | None = None


def _id_key() -> bytes:
    key = getattr(settings, "OPEN_DATA_ID_KEY", "") or ("open-data-record-id:" + settings.SECRET_KEY)
    return key.encode()


def record_id(case_id: int, key: bytes | None = None) -> str:
    """`key`: _id_key(), read once by a caller that makes many."""
    return hmac.digest(key or _id_key(), str(case_id).encode(), "sha256").hex()[:20]


def signatory_bucket(count: int) -> str:
    if count >= 5:
        return "5+"
    return "2-4" if count >= 2 else "1"


def may_publish_text(row: dict) -> bool:
    return bool(row["publish_consent"]) and row["kind"] != CaseKind.DENUNCIATION


def filtered_cases(filters: ExportFilters):
    # Inspection leads (anonymous denunciations, not processed as cases: Law on Denunciations Art. 25) are no records
    # of the open data.
    qs = Case.objects.exclude(inspection_leads())
    if filters.ward:
        # By the ward's id, not a join on its code: the planner then knows how many cases the ward has and walks
        # the (ward, received_on, id) index in order instead of sorting all of them for every chunk.
        ward_id = Ward.objects.filter(code=filters.ward).values_list("id", flat=True).first()
        qs = qs.filter(ward_id=ward_id) if ward_id is not None else qs.none()
    if filters.received_from:
        qs = qs.filter(received_on__gte=filters.received_from)
    if filters.received_to:
        qs = qs.filter(received_on__lte=filters.received_to)
    return qs


def _chunks(filters: ExportFilters, chunk_size: int) -> Iterator[list[dict]]:
    """Keyset pages in (received_on, id) order, the order of the export indexes: each chunk reads its own rows."""
    base = filtered_cases(filters).order_by("received_on", "id").values(*_FIELDS)
    after = None
    while True:
        page = base
        if after is not None:
            on, last_id = after
            page = base.filter(received_on__gte=on).filter(Q(received_on__gt=on) | Q(received_on=on, id__gt=last_id))
        chunk = list(page[:chunk_size])
        if not chunk:
            return
        yield chunk
        if len(chunk) < chunk_size:
            return
        after = (chunk[-1]["received_on"], chunk[-1]["id"])


def _answers_of(chunk: list[dict]) -> dict[int, list[str]]:
    ids = [row["id"] for row in chunk if may_publish_text(row)]
    answers: dict[int, list[str]] = {}
    if ids:
        for case_id, body in public_answers().filter(case_id__in=ids).order_by("case_id", "created_at", "id") \
                .values_list("case_id", "body"):
            answers.setdefault(case_id, []).append(body)
    return answers


def _record(row: dict, answers: list[str], id_key: bytes, tz: dt.tzinfo) -> dict:
    denunciation = row["kind"] == CaseKind.DENUNCIATION
    text = may_publish_text(row)
    answered_on = row["answered_at"].astimezone(tz).date() if row["answered_at"] else None
    due = row["answer_due_date"] if answered_on else row["due_date"]
    on_time = None
    if answered_on and row["answer_due_date"]:
        on_time = answered_on <= row["answer_due_date"]
    redact = Redactor(personal_of(row)) if text else None
    return {
        "record_id": record_id(row["id"], id_key),
        "tracking_code": row["tracking_code"] if text else "",
        "ward": row["ward__code"],
        "kind": row["kind"],
        "category": row["category__code"],
        "area": "" if denunciation else (row["area__name"] or ""),
        "channel": "" if denunciation else row["channel"],
        "state": row["state"],
        "received_on": row["received_on"].isoformat(),
        "answered_on": answered_on.isoformat() if answered_on else None,
        "due_date": due.isoformat() if due else None,
        "answered_on_time": on_time,
        "signatories": signatory_bucket(row["signatory_count"]),
        "title": redact(row["title"]) if text else "",
        "description": redact(row["description"]) if text else "",
        "answer": "\n\n".join(redact(body) for body in answers) if text else "",
    }


def case_records(filters: ExportFilters = ExportFilters(), *, chunk_size: int = DEFAULT_CHUNK_SIZE) -> Iterator[dict]:
    """Anonymised records, one dict per case in COLUMNS order, read lazily chunk by chunk."""
    id_key, tz = _id_key(), timezone.get_current_timezone()
    for chunk in _chunks(filters, chunk_size):
        answers = _answers_of(chunk)
        for row in chunk:
            yield _record(row, answers.get(row["id"], []), id_key, tz)


# --- serialisations ----------------------------------------------------------------------------------------------


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# Records are sent in pieces of about this many characters: one piece per record cost more in the response's
# per-piece work than the records themselves.
PIECE = 32 * 1024


# A cell that begins with one of these is a formula to a spreadsheet program (CWE-1236): a resident's title such as
# =HYPERLINK("http://…"&A1, "…") would run on the computer of whoever opens the data.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(value) -> str:
    """A free-text cell: one that a spreadsheet would read as a formula starts with an apostrophe (OWASP's advice)."""
    text = _csv_value(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def stream_csv(records: Iterable[dict]) -> Iterator[str]:
    """UTF-8 CSV with a byte order mark (so spreadsheet programs read Vietnamese correctly) and a header row. The
    residents' texts cannot start a formula (_csv_text); the JSON export gives them as they are."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(COLUMN_NAMES)
    cells = [_csv_text if name in FREE_TEXT else _csv_value for name in COLUMN_NAMES]
    for record in records:
        writer.writerow([cell(record[name]) for cell, name in zip(cells, COLUMN_NAMES, strict=True)])
        if buffer.tell() >= PIECE:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def stream_json(records: Iterable[dict]) -> Iterator[str]:
    """A JSON array of objects."""
    pieces, size, separator = ["["], 0, "\n"
    for record in records:
        piece = separator + json.dumps(record, ensure_ascii=False)
        pieces.append(piece)
        size += len(piece)
        separator = ",\n"
        if size >= PIECE:
            yield "".join(pieces)
            pieces, size = [], 0
    pieces.append("\n]\n")
    yield "".join(pieces)


def schema() -> dict:
    """The documented schema of the case records, as served at /api/v1/open-data/schema.json."""
    return {
        "title": str(_("OpenWard anonymised case records")),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "formats": {"csv": "text/csv; charset=utf-8 (with BOM)", "json": "application/json (array of objects)"},
        "filters": {
            "ward": str(_("Ward code; all wards when omitted.")),
            "from": str(_("Received on or after this date (YYYY-MM-DD).")),
            "to": str(_("Received on or before this date (YYYY-MM-DD).")),
        },
        "columns": [{"name": c.name, "type": c.type, "description": str(c.description)} for c in COLUMNS],
        "privacy": str(_("No names, contacts, addresses finer than the residential area, coordinates or "
                         "representatives. Free text only where the resident consented to publication, never for a "
                         "denunciation; a denunciation carries no area or channel either.")),
    }
