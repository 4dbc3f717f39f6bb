"""Public dashboard pages and statistics downloads: content, small samples, no personal data, bounded queries."""

import csv
import datetime as dt
import io
import itertools
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from portal.cases.models import Case, hash_token
from portal.transparency import rollups
from tests.factories import AreaFactory, CategoryFactory, MembershipFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db

HN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 4, 15, 10, tzinfo=HN)
_numbers = itertools.count(1)
PERSONAL = ("Nguyễn Thị Riêng Tư", "0909123456", "riengtu@example.vn", "12 Ngõ Bí Mật", "Đèn đường hỏng")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def add_cases(ward, category, n, *, area=None, answered=True, late=False, received=dt.date(2026, 3, 2)):
    cases = []
    for _ in range(n):
        number = next(_numbers)
        cases.append(Case(
            ward=ward, kind="feedback", category=category, area=area, tracking_code=f"{ward.code}-2026-{number:06d}",
            access_token_hash=hash_token(str(number)), title=f"Đèn đường hỏng {number}", description="Mô tả riêng",
            contact_name="Nguyễn Thị Riêng Tư", contact_phone="0909123456", contact_email="riengtu@example.vn",
            contact_address="12 Ngõ Bí Mật", address="12 Ngõ Bí Mật",
            state="answered" if answered else "in_progress", received_on=received,
            received_at=dt.datetime.combine(received, dt.time(9), tzinfo=HN),
            answered_at=dt.datetime(2026, 3, 9, 10, tzinfo=HN) if answered else None,
            answer_due_date=dt.date(2026, 3, 5 if late else 20) if answered else None,
            due_date=None if answered else dt.date(2026, 3, 20)))
    Case.objects.bulk_create(cases)


@pytest.fixture
def city(ward, other_ward, category, area):
    add_cases(ward, category, 24, area=area)
    add_cases(ward, category, 6, late=True)
    add_cases(ward, category, 2, answered=False)
    add_cases(other_ward, category, 3)
    rollups.refresh(months=[dt.date(2026, 3, 1), dt.date(2026, 4, 1)])
    return ward


def test_city_page_ranks_wards_and_marks_small_samples(client, city):
    response = client.get(reverse("frontend:dashboard-city"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Phường Phú Nhuận" in text and "Phường Bình Thạnh" in text
    rows = response.context["wards"]
    assert [(w.code, w.rank, w.small_sample) for w in rows] == [("PN17", 1, False), ("BT01", None, True)]
    assert rows[0].received == 32 and rows[0].answered == 30 and rows[0].on_time_pct == 80.0
    assert rows[0].overdue_open == 2 and rows[0].median_days == 5
    assert text.count('role="img"') == 1 and "<title" in text and "<table" in text
    assert "BT01" not in response.context["chart"].bars.__repr__() or True
    assert [b.label for b in response.context["chart"].bars] == ["Phường Phú Nhuận"]  # small samples not charted


def test_ward_page_shows_charts_and_tables_by_month_kind_category_area(client, city):
    response = client.get(reverse("frontend:dashboard-ward", args=["PN17"]))
    assert response.status_code == 200
    text = response.content.decode()
    # Four tables beside the charts, and the one of disclosures and dialogues.
    assert text.count("<svg") == 5 and text.count('role="img"') == 5 and text.count("<table") == 5
    stats = response.context["stats"]
    assert [m.received for m in stats.by_month][-2:] == [32, 0]
    assert {f.label for f in stats.by_area} >= {"Khu phố 1"}
    assert "Khu phố 1" in text and "Hạ tầng, giao thông" in text


def test_period_filter_by_year(client, city):
    response = client.get(reverse("frontend:dashboard-ward", args=["PN17"]), {"year": "2025"})
    assert response.context["stats"].total.received == 0
    assert response.context["stats"].total.overdue_open == 2  # overdue now, whenever received
    assert client.get(reverse("frontend:dashboard-ward", args=["PN17"]), {"year": "x"}).status_code == 200


def test_unknown_ward_is_404(client, city):
    assert client.get(reverse("frontend:dashboard-ward", args=["NOPE"])).status_code == 404
    response = client.get(reverse("api:stats-ward", args=["NOPE"]))
    assert response.status_code == 404
    assert response.json() == {"detail": "Không có phường nào đang hoạt động có mã này."}  # not Django's English


@pytest.mark.parametrize("year", ["x", "1999", "2200", "99999999999999999999", "-2026", "2026.0", "２０２６"])
@pytest.mark.parametrize(("name", "args"), [("api:stats-wards", []), ("api:stats-wards-csv", []),
                                            ("api:stats-ward", ["PN17"]), ("api:stats-ward-csv", ["PN17"])])
def test_the_api_refuses_a_year_it_cannot_give_with_a_400_on_the_parameter(client, city, name, args, year):
    """The last 12 months instead of the year asked for, with a 200, read as that year's figures."""
    response = client.get(reverse(name, args=args), {"year": year})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert list(response.json()) == ["year"] and "2000" in response.json()["year"][0]
    assert client.get(reverse(name, args=args), {"year": "2026"}).status_code == 200
    assert client.get(reverse(name, args=args), {"year": ""}).status_code == 200


def test_small_sample_ward_page_says_so(client, city):
    text = client.get(reverse("frontend:dashboard-ward", args=["BT01"])).content.decode()
    assert "dash-badge" in text


@pytest.mark.parametrize("name,args", [
    ("frontend:dashboard-city", []), ("frontend:dashboard-ward", ["PN17"]), ("api:stats-wards", []),
    ("api:stats-wards-csv", []), ("api:stats-ward", ["PN17"]), ("api:stats-ward-csv", ["PN17"]),
])
def test_no_personal_data_anywhere(client, city, name, args):
    text = client.get(reverse(name, args=args)).content.decode()
    for value in PERSONAL:
        assert value not in text


def add_disclosures_and_dialogues(ward, department, n):
    """`n` disclosures posted (every other one late) and `n` sessions held, each with a done commitment."""
    from portal.dialogues.models import Commitment, CommitmentStatus, SessionState
    from tests.dialogue_fixtures import at, make_session
    from tests.disclosure_data import posted

    leader = MembershipFactory(user=UserFactory(username=f"chutich_{ward.code.lower()}", is_staff=True), ward=ward,
                               role="leader").user
    for i in range(n):
        posted(ward, leader, leader, decision_date=dt.date(2026, 3, 20) - dt.timedelta(days=20 * (i % 2)),
               title=f"Nội dung công khai {i}", today=dt.date(2026, 3, 20))
        session = make_session(ward, leader=leader, starts_at=at(dt.date(2026, 3, 2 + i)), state=SessionState.HELD)
        Commitment.objects.create(session=session, ward=ward, title=f"Cam kết {i}", department=department,
                                  due_date=dt.date(2026, 4, 1), status=CommitmentStatus.DONE,
                                  done_on=dt.date(2026, 3, 25))


# The case rollups, then 3 queries for disclosures and dialogues (portal.transparency.selectors.accountability).
@pytest.mark.parametrize("name,args,limit", [
    ("frontend:dashboard-city", [], 7), ("frontend:dashboard-ward", ["PN17"], 9), ("api:stats-wards", [], 6),
    ("api:stats-wards-csv", [], 6), ("api:stats-ward", ["PN17"], 8), ("api:stats-ward-csv", ["PN17"], 8),
])
def test_queries_do_not_grow_with_the_number_of_cases_disclosures_or_sessions(
        client, city, department, name, args, limit, django_assert_max_num_queries):
    url = reverse(name, args=args)
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200
    more_wards = [WardFactory(code=f"W{i}", name=f"Phường {i}") for i in range(5)]
    categories = [CategoryFactory(code=f"c{i}", name=f"Lĩnh vực {i}") for i in range(4)]
    for w in more_wards + [city]:
        for i, c in enumerate(categories):
            add_cases(w, c, 15, area=AreaFactory(ward=w, code=f"A{i}", name=f"Khu {i}"))
        add_disclosures_and_dialogues(w, department, 3)
    rollups.refresh(months=[dt.date(2026, 2, 1), dt.date(2026, 3, 1)])
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
    if name == "frontend:dashboard-ward":  # the figures are there, not only the queries
        openness = response.context["stats"].openness
        assert (openness.posted, openness.posted_late, openness.dialogues_held, openness.commitments_done) == (
            3, 1, 3, 3)


def test_statistics_json_has_schema_licence_and_figures(client, city):
    data = client.get(reverse("api:stats-wards")).json()
    assert data["licence"].startswith("CC BY 4.0")
    assert set(data["schema"]) == set(data["columns"])
    pn17 = next(r for r in data["rows"] if r["ward_code"] == "PN17")
    assert pn17 | {} == pn17 and pn17["received"] == 32 and pn17["answered_on_time"] == 24
    assert pn17["on_time_pct"] == 80.0 and pn17["median_working_days_to_answer"] == 5 and pn17["rank"] == 1
    bt = next(r for r in data["rows"] if r["ward_code"] == "BT01")
    assert bt["small_sample"] is True and bt["rank"] is None
    ward = client.get(reverse("api:stats-ward", args=["PN17"]), {"year": 2026}).json()
    assert ward["period"] == {"from": "2026-01", "to": "2026-04", "year": 2026}
    dims = {r["dimension"] for r in ward["rows"]}
    assert dims == {"total", "month", "kind", "category", "area"}
    assert next(r for r in ward["rows"] if r["key"] == "2026-03")["received"] == 32
    assert next(r for r in ward["rows"] if r["dimension"] == "area" and r["key"] == "KP1")["received"] == 24


@pytest.mark.parametrize("url", ["/api/v1/stats/wards.csv", "/api/v1/stats/wards/?format=csv"])
def test_statistics_csv_starts_with_the_licence(client, city, url):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("# CC BY 4.0")
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[1:]))))
    pn17 = next(r for r in rows if r["ward_code"] == "PN17")
    assert pn17["received"] == "32" and pn17["on_time_pct"] == "80.0" and pn17["small_sample"] == "false"
    csv_ward = client.get("/api/v1/stats/wards/PN17.csv")
    assert "attachment" in csv_ward["Content-Disposition"]
    assert "PN17,month,2026-03,03/2026,32," in csv_ward.content.decode()


def test_the_menu_and_the_home_page_lead_to_the_dashboard_and_the_open_data(client, city):
    home = client.get("/").content.decode()
    nav = home.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{reverse("frontend:dashboard-city")}">Minh bạch</a>' in nav
    for name in ("frontend:opendata-index", "frontend:answers-list"):
        assert home.count(f'href="{reverse(name)}"') == 2  # footer and the "Dân giám sát" section
    assert f'href="{reverse("frontend:dashboard-ward", args=["PN17"])}"' in home
    footer = client.get(reverse("frontend:dashboard-city")).content.decode().split('class="site-footer"', 1)[1]
    assert f'href="{reverse("frontend:opendata-index")}"' in footer
