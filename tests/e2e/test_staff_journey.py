"""The staff desk end to end, in the default (Vietnamese) UI, at phone width.

A leader accepts a complaint; an officer logs in, finds it in the queue by searching without diacritics, writes to
the resident and proposes the answer; the leader approves it; the resident's secret status page then shows the
message, the answer, the state "answered" and the rating form.
"""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from portal.cases.models import AnswerState, Case, CaseState, MessageKind
from portal.cases.services import Submission, submit_case
from portal.core.timeutil import local_today
from portal.routing.models import RoutingRule
from tests.conftest import totp_device
from tests.e2e.site_menu import open_site_menu
from tests.e2e.staff_login import log_in
from tests.factories import CategoryFactory, DepartmentFactory, MembershipFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Đường Lê Lợi ngập nước sau mỗi cơn mưa"
REPLY = "Phường đã cử cán bộ đến kiểm tra hiện trường đoạn đường trước nhà số 45 vào sáng nay."
ANSWER = ("Phường đã yêu cầu đơn vị thi công nạo vét cống thoát nước trên đường Lê Lợi; "
          "việc khắc phục hoàn thành trước ngày 30 tháng này.")


@pytest.fixture
def complaint(db):
    """A routed complaint waiting to be accepted, a feedback that the search must leave out, and the staff."""
    ward = WardFactory(code="PN17", name="Phường Phú Nhuận")
    department = DepartmentFactory(ward=ward, code="dothi", name="Phòng Kinh tế - Hạ tầng - Đô thị")
    category = CategoryFactory(code="ha-tang", name="Hạ tầng, giao thông", name_en="Infrastructure and roads")
    RoutingRule.objects.create(ward=ward, category=category, department=department)
    officer = MembershipFactory(ward=ward, role="officer", user=UserFactory(
        username="canbo", first_name="Lan", last_name="Nguyễn Thị", is_staff=True))
    officer.departments.add(department)
    leader = MembershipFactory(ward=ward, role="leader", user=UserFactory(
        username="chutich", first_name="Minh", last_name="Trần Văn", is_staff=True)).user
    totp_device(leader)  # set up at an earlier login (test_two_factor_journey.py walks through the set-up)

    def file(kind, title, **extra):
        return submit_case(submission=Submission(
            ward=ward, kind=kind, category=category, title=title,
            description="Mô tả của người dân về sự việc, đủ dài để đọc trên trang theo dõi.", **extra))

    file("feedback", "Xin lắp thêm đèn chiếu sáng ở hẻm 7")
    filed = file("complaint", TITLE, address="45 Lê Lợi", contact_name="Phạm Văn Hùng",
                 contact_address="45 Lê Lợi, Phường Phú Nhuận", decision_date=local_today() - dt.timedelta(days=10))
    assert filed.case.department == department and filed.case.state == CaseState.RECEIVED
    return filed


def log_out(page: Page, base: str) -> None:
    open_site_menu(page)
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_have_count(0)
    page.goto(f"{base}/can-bo/")
    expect(page).to_have_url(re.compile(r"/dang-nhap/\?next="))


def open_case_from_queue(page: Page, code: str) -> None:
    page.locator(f"[data-testid=queue-row][data-code='{code}']").get_by_role("link", name=code).click()
    expect(page.locator("[data-testid=tracking-code]")).to_have_text(code)


def flash(page: Page):
    return page.locator("ul.flash li")


def test_officer_replies_leader_approves_resident_sees_the_answer(page: Page, new_context, live_server, complaint,
                                                                   tmp_path):
    base = live_server.url
    code = complaint.case.tracking_code
    shots = tmp_path / "screenshots"

    # 1. The leader accepts the complaint (only a leader may accept a complaint).
    log_in(page, base, "chutich")
    open_case_from_queue(page, code)
    page.screenshot(path=shots / "0-leader-case-received.png", full_page=True)
    page.locator("[data-testid=transition-accept]").click()
    expect(flash(page)).to_contain_text("Đã thực hiện:")
    expect(page.locator("[data-testid=case-state]")).to_have_text("Đã thụ lý")
    log_out(page, base)

    # 2. The officer finds the case by searching without diacritics, writes to the resident, proposes the answer.
    log_in(page, base, "canbo")
    expect(page.locator("[data-testid=queue-row]")).to_have_count(2)
    page.get_by_text("Lọc và tìm kiếm").click()  # the filter panel is folded on a phone
    page.get_by_role("searchbox", name="Tìm kiếm").fill("duong le loi")
    page.get_by_role("button", name="Áp dụng").click()
    expect(page.locator("[data-testid=queue-count]")).to_have_text(re.compile(r"^\s*1 đơn\s*$"))
    expect(page.locator("[data-testid=queue-row]")).to_have_count(1)
    expect(page.locator("[data-testid=queue-row]")).to_contain_text(TITLE)
    page.screenshot(path=shots / "1-officer-queue-search.png", full_page=True)

    open_case_from_queue(page, code)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.get_by_text("Gửi tin nhắn cho người dân", exact=True).click()
    page.get_by_label("Tin nhắn gửi người dân").fill(REPLY)
    page.locator("#action-reply").get_by_role("button", name="Gửi", exact=True).click()
    expect(flash(page)).to_have_text("Đã gửi tin nhắn cho người dân.")
    expect(page.locator("[data-testid=entry][data-kind=reply]")).to_contain_text(REPLY)

    page.get_by_text("Trình văn bản trả lời để phê duyệt", exact=True).click()
    page.get_by_label("Dự thảo văn bản trả lời").fill(ANSWER)
    page.get_by_role("button", name="Trình phê duyệt").click()
    expect(flash(page)).to_have_text("Đã trình dự thảo văn bản trả lời để lãnh đạo phê duyệt.")
    expect(page.locator("[data-testid=answer-pending]")).to_contain_text(ANSWER)
    page.screenshot(path=shots / "2-officer-case-after-proposing.png", full_page=True)
    log_out(page, base)

    # 3. The leader approves the pending answer.
    log_in(page, base, "chutich")
    open_case_from_queue(page, code)
    pending = page.locator("[data-testid=answer-pending]")
    expect(pending).to_contain_text(ANSWER)
    page.screenshot(path=shots / "3-leader-pending-answer.png", full_page=True)
    pending.get_by_text("Phê duyệt và gửi", exact=True).click()
    page.get_by_role("button", name="Phê duyệt và gửi cho người dân").click()
    expect(flash(page)).to_have_text("Đã phê duyệt và gửi văn bản trả lời cho người dân.")
    expect(page.locator("[data-testid=case-state]")).to_have_text("Đã trả lời")
    expect(page.locator("[data-testid=answer-approved]")).to_contain_text(ANSWER)
    page.screenshot(path=shots / "4-leader-after-approval.png", full_page=True)
    log_out(page, base)

    # 4. The resident, in a browser of their own, opens the secret link.
    resident = new_context().new_page()
    resident.goto(base + complaint.secret_path)
    expect(resident.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(resident.locator("[data-testid=case-state]")).to_have_text("Đã trả lời")
    timeline = resident.locator("ol.timeline > li")
    expect(timeline.filter(has_text=REPLY)).to_have_count(1)
    expect(timeline.filter(has_text=REPLY)).to_contain_text("Trả lời người dân")
    expect(timeline.filter(has_text=ANSWER)).to_have_count(1)
    expect(timeline.filter(has_text=ANSWER)).to_contain_text("Văn bản trả lời")
    expect(resident.get_by_role("heading", name="Đánh giá nội dung trả lời")).to_be_visible()
    expect(resident.get_by_role("button", name="Gửi đánh giá")).to_be_visible()
    resident.screenshot(path=shots / "5-resident-status.png", full_page=True)

    case = Case.objects.get(tracking_code=code)
    assert case.state == CaseState.ANSWERED
    answer = case.answers.get()
    assert answer.state == AnswerState.APPROVED and answer.author.username == "canbo"
    assert answer.decided_by.username == "chutich"
    assert list(case.messages.filter(kind=MessageKind.ANSWER).values_list("body", flat=True)) == [ANSWER]
