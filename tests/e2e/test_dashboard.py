"""The public transparency dashboard in a browser, in Vietnamese at phone width: from the home page's menu to the
city page, then to one ward; every chart is an inline SVG drawn by the server with its numbers in a table, small
samples are marked and not ranked, the disclosures and dialogues of the ward are counted with links to their pages, and
the page loads nothing from another host."""

import datetime as dt
import itertools
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from portal.cases.models import Case, hash_token
from portal.core.timeutil import local_today
from portal.dialogues.models import Commitment, CommitmentStatus, SessionState
from portal.transparency import rollups
from tests.dialogue_fixtures import at as at_hour
from tests.dialogue_fixtures import make_session
from tests.disclosure_data import posted
from tests.e2e.site_menu import open_site_menu
from tests.factories import AreaFactory, CategoryFactory, DepartmentFactory, MembershipFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db(transaction=True)

_numbers = itertools.count(1)
CONTACT = "Nguyễn Thị Riêng Tư"


def _cases(ward, category, n, *, area=None, late=False, answered=True, received):
    made = []
    for _ in range(n):
        number = next(_numbers)
        at = timezone.make_aware(dt.datetime.combine(received + dt.timedelta(days=7), dt.time(10)))
        made.append(Case(
            ward=ward, kind="feedback", category=category, area=area, tracking_code=f"{ward.code}-2026-{number:06d}",
            access_token_hash=hash_token(str(number)), title=f"Đèn đường hỏng {number}", description="Mô tả",
            contact_name=CONTACT, contact_phone="0909123456", state="answered" if answered else "in_progress",
            received_on=received, received_at=timezone.make_aware(dt.datetime.combine(received, dt.time(9))),
            answered_at=at if answered else None,
            answer_due_date=(received + dt.timedelta(days=2 if late else 20)) if answered else None,
            due_date=None if answered else received + dt.timedelta(days=3)))
    Case.objects.bulk_create(made)


@pytest.fixture
def city(db):
    pn17 = WardFactory(code="PN17", name="Phường Phú Nhuận")
    bt03 = WardFactory(code="BT03", name="Phường Bình Thạnh")
    category = CategoryFactory(code="ha-tang", name="Hạ tầng, giao thông")
    kp1 = AreaFactory(ward=pn17, code="KP1", name="Khu phố 1")
    received = local_today().replace(day=1) - dt.timedelta(days=45)  # last month or the one before, a past date
    _cases(pn17, category, 16, area=kp1, received=received)
    _cases(pn17, category, 4, late=True, received=received)
    _cases(pn17, category, 2, answered=False, received=received)  # overdue now
    _cases(bt03, category, 3, received=received)  # a small sample: 3 answered cases
    rollups.refresh(months=[received, local_today()])
    # Disclosures and dialogues of PN17 in the period: one disclosure posted on time, one late; a dialogue held with
    # two commitments, one of them done.
    leader = MembershipFactory(user=UserFactory(username="chutich", is_staff=True), ward=pn17, role="leader").user
    posted(pn17, leader, leader, decision_date=received, today=received, title="Dự toán ngân sách phường")
    posted(pn17, leader, leader, decision_date=received - dt.timedelta(days=20), today=received,
           title="Quyết toán ngân sách phường")
    session = make_session(pn17, leader=leader, starts_at=at_hour(received), state=SessionState.HELD)
    department = DepartmentFactory(ward=pn17, code="dothi", name="Phòng Kinh tế - Hạ tầng - Đô thị")
    for title, status, done_on in (("Sửa đèn hẻm 12", CommitmentStatus.DONE, received + dt.timedelta(days=3)),
                                   ("Lát lại vỉa hè", CommitmentStatus.IN_PROGRESS, None)):
        Commitment.objects.create(session=session, ward=pn17, title=title, department=department, status=status,
                                  due_date=received + dt.timedelta(days=30), done_on=done_on)
    return pn17


def test_the_dashboard_renders_its_charts_and_tables_for_a_ward(page: Page, live_server, city):
    other_hosts = []
    host = urlsplit(live_server.url).netloc
    page.on("request", lambda r: other_hosts.append(r.url) if urlsplit(r.url).netloc not in (host, "") and
            not r.url.startswith("data:") else None)

    page.goto(f"{live_server.url}/")
    open_site_menu(page)
    page.get_by_role("navigation", name="Trình đơn chính").get_by_role("link", name="Minh bạch").click()
    expect(page).to_have_url(f"{live_server.url}/minh-bach/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Minh bạch: các phường trả lời người dân ra sao")

    # The city: one ranking chart (only wards with enough cases) and the table of every ward.
    chart = page.locator("svg[role=img]")
    expect(chart).to_have_count(1)
    expect(chart.locator("title")).to_have_text("Tỷ lệ đơn được trả lời đúng hạn, theo phường")
    expect(chart.locator("text.dash-label")).to_have_text(["Phường Phú Nhuận"])
    expect(chart.locator("text.dash-value")).to_have_text(["80,0 %"])
    table = page.get_by_role("table", name="Số liệu theo phường")
    pn17_row = table.get_by_role("row").filter(has=page.get_by_role("link", name="Phường Phú Nhuận"))
    # Cases (rank, received, answered, on time, overdue, median, satisfaction), then disclosures posted, the share on
    # time (a small sample), dialogues held, commitments made and done.
    expect(pn17_row.get_by_role("cell")).to_have_text(["1", "22", "20", "80,0 %", "2", re.compile(r"^\d+$"), "—",
                                                       "2", re.compile(r"^50,0 %\s+mẫu nhỏ$"), "1", "2", "1"])
    bt03_row = table.get_by_role("row").filter(has=page.get_by_role("link", name="Phường Bình Thạnh"))
    expect(bt03_row.get_by_role("cell").first).to_have_text("mẫu nhỏ")  # marked, not ranked

    # One ward: five charts, each drawn with bars, and a table for each dimension.
    pn17_row.get_by_role("link", name="Phường Phú Nhuận").click()
    expect(page).to_have_url(f"{live_server.url}/minh-bach/PN17/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Phường Phú Nhuận trả lời người dân ra sao")
    charts = page.locator("figure.dash-chart svg[role=img]")
    expect(charts).to_have_count(5)
    for index in range(5):
        svg = charts.nth(index)
        svg.scroll_into_view_if_needed()
        box = svg.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 30  # drawn at phone width, not collapsed
        assert svg.locator("title").text_content().strip()
    widest = max(float(w) for w in page.locator("rect.dash-bar").evaluate_all("rs => rs.map(r => r.getAttribute("
                                                                              "'width'))"))
    assert widest > 200
    for caption in ("Số liệu theo tháng", "Số liệu theo loại đơn", "Số liệu theo lĩnh vực", "Số liệu theo khu phố"):
        expect(page.get_by_role("table", name=caption)).to_be_visible()
    area_table = page.get_by_role("table", name="Số liệu theo khu phố")
    expect(area_table.get_by_role("row").filter(has_text="Khu phố 1").get_by_role("cell").first).to_have_text("16")
    kind_chart = page.locator("svg[aria-labelledby^=chart-kind]")
    expect(kind_chart.locator("text.dash-value").first).to_have_text("22")

    # Disclosures and dialogues: the section, its table and the links to the ward's register, calendar, commitments.
    section = page.locator("section.dash-openness")
    expect(section.get_by_role("heading", level=2)).to_have_text("Công khai và đối thoại")
    facts = section.get_by_role("table", name="Công khai và đối thoại trong kỳ")
    for header, value in (("Nội dung công khai đã niêm yết", "2"), ("Niêm yết trễ hạn", "1"),
                          ("Hội nghị đối thoại đã tổ chức", "1"), ("Cam kết đã đưa ra", "2"),
                          ("Cam kết đã thực hiện", "1")):
        row = facts.get_by_role("row").filter(has=page.get_by_role("rowheader", name=header, exact=True))
        expect(row.get_by_role("cell")).to_have_text(value)
    expect(section.locator(".dash-badge")).to_have_text("mẫu nhỏ")
    expect(section.get_by_role("link", name="Lịch đối thoại của phường")).to_have_attribute(
        "href", "/doi-thoai/?ward=PN17")
    expect(section.get_by_role("link", name="Các cam kết của phường và tiến độ thực hiện")).to_have_attribute(
        "href", "/doi-thoai/cam-ket/?ward=PN17")

    # Nothing in English, nothing personal, nothing from another host.
    body = page.locator("main").inner_text()
    for english in ("Received", "Answered", "Overdue", "small sample", "Month"):
        assert not re.search(rf"\b{english}\b", body), english
    assert CONTACT not in page.content()
    assert not other_hosts, other_hosts

    # The register link lists the two disclosures the section counts.
    section.get_by_role("link", name="Sổ công khai của phường trong kỳ này").click()
    expect(page).to_have_url(re.compile(r"/cong-khai/\?ward=PN17&posted_from=\d{4}-\d\d-01&posted_to="))
    expect(page.get_by_text("Dự toán ngân sách phường", exact=True)).to_have_count(1)
    expect(page.get_by_text("Quyết toán ngân sách phường", exact=True)).to_have_count(1)

    # The small ward's page says its sample is small.
    page.goto(f"{live_server.url}/minh-bach/BT03/")
    expect(page.locator("section[aria-labelledby=dash-summary] .dash-note .dash-badge")).to_have_text("mẫu nhỏ")


def test_each_column_header_is_aligned_as_its_column(page: Page, live_server, city):
    """The city table's row headers (the wards) are its second column: their header, "Phường", was right-aligned
    like the figures' over the left-aligned names, at every width."""
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for path in ("/minh-bach/", "/minh-bach/PN17/"):
            page.goto(f"{live_server.url}{path}")
            for table in page.locator("table.dash-table").all():
                mismatched = table.evaluate("""t => {
                    const body = t.tBodies[0] && t.tBodies[0].rows[0];
                    if (!body || !t.tHead) return [];
                    return [...t.tHead.rows[0].cells].map((th, i) => [th.textContent.trim(),
                        getComputedStyle(th).textAlign, body.cells[i] && getComputedStyle(body.cells[i]).textAlign])
                        .filter(([, head, cell]) => cell && head !== cell);
                }""")
                assert mismatched == [], (width, path, mismatched)
