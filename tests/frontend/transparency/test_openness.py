"""Disclosures posted on time, dialogues held and commitments done on the public dashboard, in the statistics API
(JSON and CSV) and in the OpenAPI schema, on a known fixture whose figures are counted by hand below."""

import csv
import datetime as dt
import html
import io
import re

import pytest
import time_machine
from django.urls import reverse

from portal.dialogues.models import Commitment, CommitmentStatus, SessionKind, SessionState
from tests.dialogue_fixtures import at as at_hour
from tests.dialogue_fixtures import make_session
from tests.disclosure_data import draft, posted
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 4, 15, 3, 0, tzinfo=dt.UTC)  # 10:00 in Hà Nội, Wednesday 15 April 2026
MONDAY = dt.date(2026, 3, 2)


def on(day: dt.date):
    """Freeze the clock at 09:00 in Hà Nội on `day`."""
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 2, 0, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def known(ward, other_ward, officer, leader, department):
    """PN17 in 2026: 3 disclosures posted (2 within 5 working days, 1 late), a draft (not counted); 2 dialogue
    conferences and 2 reception days held, a conference only planned and a complaint dialogue (neither counted);
    4 commitments made at the held conference: one done on time, one done late, two not done. Plus one disclosure
    posted on time in December 2025 (in the last 12 months, not in the year 2026).
    BT01 in 2026: 1 disclosure on time, 1 conference held, no commitment."""
    other_leader = MembershipFactory(user=UserFactory(username="chutich_bt", is_staff=True), ward=other_ward,
                                     role="leader").user
    with on(dt.date(2025, 12, 1)):
        posted(ward, officer, leader, decision_date=dt.date(2025, 12, 1))
    with on(MONDAY):
        posted(ward, officer, leader, decision_date=MONDAY, title="Dự toán ngân sách phường năm 2026")
        posted(ward, officer, leader, decision_date=MONDAY - dt.timedelta(days=2), title="Kế hoạch sử dụng đất")
        posted(ward, officer, leader, decision_date=MONDAY - dt.timedelta(days=20), title="Quyết toán năm 2025")
        draft(ward, officer, title="Bản nháp chưa công bố")
        posted(other_ward, other_leader, other_leader, decision_date=MONDAY)

    held, published = SessionState.HELD, SessionState.PUBLISHED
    conference = make_session(ward, leader=leader, starts_at=at_hour(dt.date(2026, 1, 15)), state=published)
    make_session(ward, leader=leader, starts_at=at_hour(dt.date(2026, 3, 5)), state=held)
    for day in (dt.date(2026, 1, 12), dt.date(2026, 2, 2)):
        make_session(ward, leader=leader, kind=SessionKind.RECEPTION, starts_at=at_hour(day), state=held,
                     title="Tiếp công dân định kỳ")
    make_session(ward, leader=leader, starts_at=at_hour(dt.date(2026, 5, 20)))  # planned
    make_session(ward, leader=leader, kind=SessionKind.COMPLAINT, starts_at=at_hour(dt.date(2026, 2, 10)), state=held)
    make_session(other_ward, leader=other_leader, starts_at=at_hour(dt.date(2026, 2, 3)), state=held)
    for title, status, due, done_on in (
        ("Sửa đèn hẻm 12", CommitmentStatus.DONE, dt.date(2026, 2, 28), dt.date(2026, 2, 20)),  # on time
        ("Nạo vét cống Phan Đình Phùng", CommitmentStatus.DONE, dt.date(2026, 2, 28), dt.date(2026, 3, 10)),  # late
        ("Sân chơi thiếu nhi", CommitmentStatus.IN_PROGRESS, dt.date(2026, 3, 15), None),
        ("Lát lại vỉa hè", CommitmentStatus.PLANNED, dt.date(2026, 6, 30), None),
    ):
        Commitment.objects.create(session=conference, ward=ward, title=title, department=department, due_date=due,
                                  status=status, done_on=done_on)
    return ward


# Hand-counted figures, year 2026.
PN17_2026 = {"disclosures_posted": 3, "disclosures_posted_on_time": 2, "disclosures_posted_late": 1,
             "disclosures_on_time_pct": 66.7, "disclosures_small_sample": True, "dialogues_held": 2,
             "reception_days_held": 2, "commitments": 4, "commitments_done": 2, "commitments_done_on_time": 1}
BT01_2026 = {"disclosures_posted": 1, "disclosures_posted_on_time": 1, "disclosures_posted_late": 0,
             "disclosures_on_time_pct": 100.0, "disclosures_small_sample": True, "dialogues_held": 1,
             "reception_days_held": 0, "commitments": 0, "commitments_done": 0, "commitments_done_on_time": 0}


@pytest.fixture(autouse=True)
def frozen(known):
    with time_machine.travel(NOW, tick=False):
        yield


def cells(page: str, row_marker: str) -> list[str]:
    """The text of the cells (<td>) of the table row that contains `row_marker`."""
    row = next(r for r in page.split("<tr")[1:] if row_marker in r)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in re.findall(r"<td>(.*?)</td>", row,
                                                                                            re.S)]


def facts(page: str) -> dict[str, str]:
    """The ward page's "Disclosures and dialogues" table as {row header: value}."""
    section = page.split('id="dash-openness"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td>', section, re.S)
    return {html.unescape(k): html.unescape(v) for k, v in rows}


def test_the_city_page_shows_each_wards_disclosures_and_dialogues_and_the_city_totals(client):
    response = client.get(reverse("frontend:dashboard-city"), {"year": 2026})
    assert response.status_code == 200
    page = response.content.decode()
    for header in ("Nội dung công khai đã niêm yết", "Niêm yết đúng hạn", "Hội nghị đối thoại đã tổ chức",
                   "Cam kết đã đưa ra", "Cam kết đã thực hiện"):
        assert f'<th scope="col">{header}</th>' in page
    # The case columns first (no cases: 0 and dashes), then posted, on time (a small sample), held, made, done.
    assert cells(page, "/minh-bach/PN17/")[-5:] == ["3", "66,7 % mẫu nhỏ", "2", "4", "2"]
    assert cells(page, "/minh-bach/BT01/")[-5:] == ["1", "100,0 % mẫu nhỏ", "1", "0", "0"]
    total = response.context["total"].openness
    assert (total.posted, total.posted_on_time, total.posted_late, total.posted_on_time_pct) == (4, 3, 1, 75.0)
    assert (total.dialogues_held, total.reception_days_held, total.commitments, total.commitments_done,
            total.commitments_done_on_time) == (3, 2, 4, 2, 1)
    tiles = page.split('id="dash-city-openness"', 1)[1].split("</dl>", 1)[0]
    assert re.findall(r"<dd>(.*?)</dd>", tiles) == ["4", "75,0 %", "3", "2", "4", "2"]


def test_the_last_12_months_include_the_december_disclosure(client):
    response = client.get(reverse("frontend:dashboard-city"))
    pn17 = next(w for w in response.context["wards"] if w.code == "PN17").openness
    assert (pn17.posted, pn17.posted_on_time, pn17.posted_on_time_pct) == (4, 3, 75.0)


def test_the_ward_page_has_a_section_on_disclosures_and_dialogues_with_links(client):
    response = client.get(reverse("frontend:dashboard-ward", args=["PN17"]), {"year": 2026})
    page = response.content.decode()
    assert '<h2 id="dash-openness">Công khai và đối thoại</h2>' in page
    assert facts(page) == {
        "Nội dung công khai đã niêm yết": "3",
        "Niêm yết đúng hạn (trong 5 ngày làm việc kể từ ngày ban hành quyết định)": "2 (66,7 %)",
        "Niêm yết trễ hạn": "1", "Hội nghị đối thoại đã tổ chức": "2", "Ngày tiếp công dân đã tổ chức": "2",
        "Cam kết đã đưa ra": "4", "Cam kết đã thực hiện": "2", "Cam kết thực hiện đúng hạn": "1",
    }
    section = page.split('id="dash-openness"', 1)[1].split("</section>", 1)[0]
    assert "mẫu nhỏ" in section  # 3 disclosures: the share is marked as a small sample
    links = [html.unescape(h) for h in re.findall(r'<a href="([^"]+)"', section)]
    register = reverse("frontend:disclosures-register") + "?ward=PN17&posted_from=2026-01-01&posted_to=2026-04-30"
    assert links == [register, reverse("frontend:dialogues-calendar") + "?ward=PN17",
                     reverse("frontend:dialogues-commitments") + "?ward=PN17"]
    # The register link lists exactly the disclosures counted; the other links work.
    assert client.get(register).context["page"].paginator.count == 3
    for link in links[1:]:
        assert client.get(link).status_code == 200


def test_the_ward_page_of_another_period_counts_that_period(client):
    last_year = client.get(reverse("frontend:dashboard-ward", args=["PN17"]), {"year": 2025})
    openness = last_year.context["stats"].openness
    assert (openness.posted, openness.posted_on_time, openness.dialogues_held, openness.commitments) == (1, 1, 0, 0)
    assert "posted_from=2025-01-01&amp;posted_to=2025-12-31" in last_year.content.decode()


def test_a_ward_without_any_shows_zeros_and_dashes(client, known):
    from tests.factories import WardFactory

    WardFactory(code="GV05", name="Phường Gò Vấp")
    page = client.get(reverse("frontend:dashboard-ward", args=["GV05"])).content.decode()
    assert facts(page)["Nội dung công khai đã niêm yết"] == "0"
    assert facts(page)["Niêm yết đúng hạn (trong 5 ngày làm việc kể từ ngày ban hành quyết định)"] == "0"
    assert cells(client.get(reverse("frontend:dashboard-city")).content.decode(), "/minh-bach/GV05/")[-5:] == [
        "0", "—", "0", "0", "0"]


def test_the_statistics_json_carries_the_figures(client):
    data = client.get(reverse("api:stats-wards"), {"year": 2026}).json()
    rows = {r["ward_code"]: r for r in data["rows"]}
    assert {k: rows["PN17"][k] for k in PN17_2026} == PN17_2026
    assert {k: rows["BT01"][k] for k in BT01_2026} == BT01_2026
    assert set(data["schema"]) == set(data["columns"]) >= set(PN17_2026)

    ward = client.get(reverse("api:stats-ward", args=["PN17"]), {"year": 2026}).json()
    total = next(r for r in ward["rows"] if r["dimension"] == "total")
    assert {k: total[k] for k in PN17_2026} == PN17_2026
    march = next(r for r in ward["rows"] if r["key"] == "2026-03")
    assert all(march[k] is None for k in PN17_2026)  # only on the total row


def test_the_statistics_csv_carries_the_figures(client):
    def rows_of(response):
        lines = response.content.decode().splitlines()
        assert lines[0].startswith("# CC BY 4.0")
        return list(csv.DictReader(io.StringIO("\n".join(lines[1:]))))

    expected = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in PN17_2026.items()}
    wards = rows_of(client.get(reverse("api:stats-wards-csv"), {"year": 2026}))
    pn17 = next(r for r in wards if r["ward_code"] == "PN17")
    assert {k: pn17[k] for k in expected} == expected
    one = rows_of(client.get(reverse("api:stats-ward-csv", args=["PN17"]), {"year": 2026}))
    total = next(r for r in one if r["dimension"] == "total")
    assert {k: total[k] for k in expected} == expected
    assert all(r[k] == "" for r in one if r["dimension"] == "month" for k in expected)


def test_the_openapi_schema_documents_every_column_with_its_type(client):
    spec = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path, key in (("/api/v1/stats/wards/", "ward_name"), ("/api/v1/stats/wards/{code}/", "dimension"),
                      ("/api/v1/stats/wards.csv", "ward_name"), ("/api/v1/stats/wards/{code}.csv", "dimension")):
        content = spec["paths"][path]["get"]["responses"]["200"]["content"]
        assert "text/csv" in content
        row = content["application/json"]["schema"]["properties"]["rows"]["items"]["properties"]
        assert key in row
        assert row["disclosures_posted"]["type"] == "integer" and row["disclosures_posted"]["description"]
        assert row["disclosures_on_time_pct"] == {
            "type": "number", "nullable": True,
            "description": "disclosures_posted_on_time / disclosures_posted x 100, one decimal; empty when none"}
        for column in ("dialogues_held", "reception_days_held", "commitments", "commitments_done",
                       "commitments_done_on_time", "received", "on_time_pct", "small_sample"):
            assert row[column]["description"]
