"""The audit log at phone width (390 px) without JavaScript: a supervisor finds it in the desk menu, filters it
through the form and goes from a case page to that case's log. Nothing is wider than the screen. Screenshots are kept
in var/screenshots/ for a human look."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal.cases import services
from portal.cases.services import Submission, submit_case
from portal.cases.workflow import transition
from tests.e2e.staff_login import log_in
from tests.factories import CategoryFactory, DepartmentFactory, MembershipFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def desk(db):
    ward = WardFactory(code="PN17", name="Phường Phú Nhuận")
    department = DepartmentFactory(ward=ward, code="dothi", name="Phòng Kinh tế - Hạ tầng - Đô thị")
    category = CategoryFactory(code="ha-tang", name="Hạ tầng, giao thông", name_en="Infrastructure and roads")
    officer = MembershipFactory(ward=ward, role="officer", user=UserFactory(
        username="canbo", first_name="Lan", last_name="Nguyễn Thị", is_staff=True))
    officer.departments.add(department)
    leader = MembershipFactory(ward=ward, role="leader", user=UserFactory(
        username="chutich", first_name="Minh", last_name="Trần Văn", is_staff=True)).user
    MembershipFactory(ward=ward, role="supervisor", user=UserFactory(
        username="thanhtra", first_name="Hòa", last_name="Lê Thị", is_staff=True))
    cases = []
    for title, kind in (("Đường Lê Lợi ngập nước sau mỗi cơn mưa", "feedback"),
                        ("Tố cáo cán bộ địa chính nhận tiền", "denunciation")):
        case = submit_case(submission=Submission(
            ward=ward, kind=kind, category=category, title=title, description="Mô tả sự việc của người dân.",
            contact_name="Phạm Văn Hùng", contact_phone="0901234567", contact_address="45 Lê Lợi")).case
        case.department = department
        case.save(update_fields=["department"])
        if kind == "denunciation":  # a leader assigns a denunciation (its assignee sees the denouncer)
            services.assign(case=case, actor=leader, assignee=officer.user)
        else:
            services.claim(case=case, actor=officer.user)
        services.add_note(case=case, actor=officer.user, text="Đã kiểm tra hiện trường, cần phối hợp với công ty "
                          "thoát nước đô thị để nạo vét toàn bộ tuyến cống dọc đường Lê Lợi.")
        # a leader accepts a denunciation (Law on Denunciations), an officer a feedback
        transition(case=case, action="accept", actor=leader if kind == "denunciation" else officer.user)
        cases.append(case)
    return cases


def _fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "java_script_enabled": False}


def test_a_supervisor_reads_and_filters_the_log_on_a_phone_without_javascript(page, live_server, desk):
    feedback, denunciation = desk
    log_in(page, live_server.url, "thanhtra")
    page.get_by_role("navigation", name="Bàn làm việc cán bộ").get_by_role("link", name="Nhật ký kiểm tra").click()
    expect(page).to_have_url(f"{live_server.url}/can-bo/nhat-ky/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhật ký kiểm tra")
    events = page.locator("[data-testid=audit-event]")
    expect(events).to_have_count(8)
    expect(events.first).to_contain_text("Thụ lý đơn")
    expect(events.first).to_contain_text("Minh Trần Văn")  # get_full_name(), as the desk names staff
    _fits(page)
    assert "0901234567" not in page.content() and "Phạm Văn Hùng" not in page.content()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "audit-390.png"), full_page=True)

    # the filters, through the form (its <details> opens on a tap, without JavaScript)
    page.locator("details.desk-filters summary").click()
    page.get_by_label("Hành động").select_option("case.note_added")
    page.get_by_role("button", name="Áp dụng").click()
    expect(page).to_have_url(re.compile(r"action=case.note_added"))
    expect(events).to_have_count(2)
    _fits(page)
    page.screenshot(path=str(SHOTS / "audit-390-filtered.png"), full_page=True)

    # from the case page to the case's log
    page.goto(f"{live_server.url}/can-bo/don/{denunciation.tracking_code}/")
    page.get_by_role("link", name="Nhật ký của đơn này").click()
    expect(page).to_have_url(re.compile(rf"\?case={denunciation.tracking_code}$"))
    expect(events).to_have_count(4)
    expect(page.get_by_role("heading", level=1)).to_contain_text(denunciation.tracking_code)
    _fits(page)
