"""/api/v1/open-data/: streamed CSV and JSON, filters, errors, schema."""

import csv
import datetime as dt
import io
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.transparency import exports

from .data import NEEDLES, _submit, answer, build


def _body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_is_streamed_with_a_header_and_no_personal_data(client, opendata):
    response = client.get(reverse("api:opendata-cases-csv"))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = _body(response)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert list(rows[0]) == list(exports.COLUMN_NAMES)
    assert len(rows) == 6
    for needle in NEEDLES:
        assert needle not in text, needle


def test_json_is_a_streamed_array_with_no_personal_data(client, opendata):
    response = client.get(reverse("api:opendata-cases-json"), {"ward": "pn17"})
    assert response.status_code == 200 and response.streaming
    text = _body(response)
    records = json.loads(text)
    assert len(records) == 5 and {r["ward"] for r in records} == {"PN17"}
    for needle in NEEDLES:
        assert needle not in text, needle


def test_date_filters(client, opendata):
    response = client.get(reverse("api:opendata-cases-json"), {"from": "2026-05-01", "to": "2026-05-31"})
    assert [r["kind"] for r in json.loads(_body(response))] == ["complaint"]


def test_bad_filters_are_a_400(client, opendata):
    url = reverse("api:opendata-cases-csv")
    assert client.get(url, {"from": "2026-13-01"}).status_code == 400
    assert client.get(url, {"from": "2026-06-01", "to": "2026-01-01"}).status_code == 400
    response = client.get(url, {"ward": "KHONGCO"})
    assert response.status_code == 400 and "ward" in response.json()


def test_the_export_runs_queries_per_chunk_not_per_row(client, ward, other_ward, category, area):
    for _ in range(3):
        build(ward=ward, other_ward=other_ward, category=category, area=area)
    url = reverse("api:opendata-cases-csv")
    with CaptureQueriesContext(connection) as small:
        _body(client.get(url))
    with CaptureQueriesContext(connection) as chunked:
        rows = list(exports.case_records(chunk_size=5))
    assert len(rows) == 18
    assert len(small) <= 3  # the ward check is skipped without a ward: cases + answers, in one chunk
    assert len(chunked) <= 2 * 4  # 18 rows in chunks of 5: 4 chunks × (cases + answers)


def test_the_schema_endpoint(client, db):
    response = client.get(reverse("api:opendata-schema"))
    assert response.status_code == 200
    schema = response.json()
    assert [c["name"] for c in schema["columns"]] == list(exports.COLUMN_NAMES)
    assert schema["licence"] == exports.LICENCE


def test_the_endpoints_are_in_the_openapi_schema(client, db):
    response = client.get(reverse("api:schema"), {"format": "json"})
    paths = json.loads(response.content)["paths"] if response["Content-Type"].startswith("application/json") \
        else response.content.decode()
    for path in ("/api/v1/open-data/cases.csv", "/api/v1/open-data/cases.json", "/api/v1/open-data/schema.json",
                 "/api/v1/stats/wards/", "/api/v1/stats/wards.csv", "/api/v1/stats/wards/{code}/",
                 "/api/v1/stats/wards/{code}.csv"):
        assert path in paths


def test_a_name_and_addresses_typed_without_diacritics_are_kept_out_of_every_public_output(client, ward, category):
    """The resident typed their own name and addresses without diacritics in the text, and the officer wrote the
    answer with them: the export rows, the published answer page and Open311 show neither."""
    case = _submit(ward=ward, category=category, title="Ổ gà trước nhà Trinh Quoc Vinh",
                   description="Tôi tên Trinh Quoc Vinh, nhà ở 88 Hem Cay Me, ổ gà tại 77 Duong Zymurgy.",
                   address="77 Đường Zymurgy", publish_consent=True,
                   contacts={"contact_name": "Trịnh Quốc Vĩnh", "contact_address": "88 Hẻm Cây Me"},
                   received_on=dt.date.today())
    answer(case, "Kính gửi ong Vinh, phường đã vá ổ gà tại 77 Duong Zymurgy.", on=dt.date.today())
    needles = ["Trinh Quoc", "Quoc Vinh", "ong Vinh", "Cay Me", "Zymurgy"]
    outputs = {
        "csv": _body(client.get(reverse("api:opendata-cases-csv"))),
        "json": _body(client.get(reverse("api:opendata-cases-json"))),
        "page": client.get(reverse("frontend:answers-detail", kwargs={"code": case.tracking_code})).content.decode(),
        "open311": client.get(reverse("open311:request-detail", kwargs={
            "service_request_id": case.tracking_code, "format": "json"}), {"extensions": "true"}).content.decode(),
    }
    for name, text in outputs.items():
        assert "phường đã vá ổ gà" in text, name  # the case is published, redacted
        for needle in needles:
            assert needle not in text, (name, needle)
