"""Permission matrix cells for open data (/du-lieu-mo/, /api/v1/open-data/) and published answers
(/tra-loi-cong-khai/): public to everyone, with no personal data. The matrix world's cases are not consented to
publication (and one is a denunciation), so their published-answer pages are hidden from everyone, staff included."""


def cells():
    import csv
    import io
    import json

    from .test_permission_matrix import ALLOW, HIDE, Cell, everyone

    def records_of_the_ward(expected: int, parse):
        def check(w, persona, text):
            records = parse(text)
            assert len(records) == expected, f"{persona}: {len(records)} records"
            assert all(r["ward"] == w.ward.code for r in records)
            assert all(r["title"] == r["description"] == r["answer"] == "" for r in records), "free text exported"
            assert not {r["tracking_code"] for r in records} - {""}, "tracking code exported without consent"
        return check

    def from_csv(text):
        return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))

    ward = lambda w, p: {"ward": w.ward.code}  # noqa: E731
    return {
        "frontend:opendata-index": [Cell("GET", everyone(ALLOW), public=True)],
        "frontend:answers-list": [
            Cell("GET", everyone(ALLOW), public=True),
            Cell("GET", everyone(ALLOW), variant="search", public=True,
                 query=lambda w, p: {"q": "den duong", "ward": w.ward.code}),
        ],
        "frontend:answers-detail": [
            Cell("GET", everyone(HIDE), variant="not-consented", public=True,
                 kwargs=lambda w, p: {"code": w.code("feedback")}),
            Cell("GET", everyone(HIDE), variant="denunciation", public=True,
                 kwargs=lambda w, p: {"code": w.code("denunciation")}),
        ],
        "api:opendata-cases-csv": [
            Cell("GET", everyone(ALLOW), public=True, query=ward, checks=(records_of_the_ward(2, from_csv),)),
        ],
        "api:opendata-cases-json": [
            Cell("GET", everyone(ALLOW), public=True, query=ward, checks=(records_of_the_ward(2, json.loads),)),
        ],
        "api:opendata-schema": [Cell("GET", everyone(ALLOW), public=True)],
    }
