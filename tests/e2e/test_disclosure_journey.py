"""Public disclosures end to end, in the default (Vietnamese) UI, at phone width.

A leader drafts a budget disclosure with a PDF and publishes it; a resident finds it in the public register by searching
without diacritics and asks a question; an officer answers it publicly; the resident sees the answer on the page.
Screenshots of the register and of the disclosure page go to $SCREENSHOT_DIR (or the test's temporary folder).
"""

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from portal.core.timeutil import local_today
from portal.disclosures.models import Disclosure, DisclosureState, Question
from tests.conftest import totp_device
from tests.disclosure_data import pdf_bytes
from tests.e2e.site_menu import open_site_menu
from tests.e2e.staff_login import log_in
from tests.factories import MembershipFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Công khai dự toán ngân sách phường năm 2027"
QUESTION = "Khoản chi sửa chữa hẻm 12 trong dự toán là bao nhiêu, khi nào thi công?"
ANSWER = "Khoản chi sửa chữa hẻm 12 là 850 triệu đồng; phường dự kiến thi công trong quý II năm 2027."


@pytest.fixture
def staff(db):
    ward = WardFactory(code="PN17", name="Phường Phú Nhuận")
    leader = MembershipFactory(ward=ward, role="leader", user=UserFactory(username="chutich", first_name="Minh",
                                                                          last_name="Trần Văn", is_staff=True)).user
    totp_device(leader)  # set up at an earlier login (test_two_factor_journey.py walks through the set-up)
    MembershipFactory(ward=ward, role="officer", user=UserFactory(username="canbo", first_name="Lan",
                                                                  last_name="Nguyễn Thị", is_staff=True))
    return ward


def test_leader_publishes_resident_asks_staff_answers(page: Page, new_context, live_server, staff, tmp_path):
    base = live_server.url
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    pdf = tmp_path / "du-toan-2027.pdf"
    pdf.write_bytes(pdf_bytes())
    today = local_today()

    # 1. The leader drafts the disclosure with its PDF, then publishes it.
    log_in(page, base, "chutich")
    page.goto(f"{base}/can-bo/cong-khai/")
    page.get_by_role("link", name="Tạo nội dung công khai").click()
    page.get_by_label("Lĩnh vực (Điều 11 Luật Thực hiện dân chủ ở cơ sở)").select_option(label=(
        "2. Dự toán, tình hình thực hiện, quyết toán ngân sách cấp xã hằng quý, 06 tháng, hằng năm"))
    page.get_by_label("Tiêu đề").fill(TITLE)
    page.get_by_label("Nội dung (Markdown)").fill("## Tổng thu\n\n**12 tỷ đồng**, trong đó thu phí chợ 1,2 tỷ.")
    page.get_by_label("Ngày ban hành quyết định").fill(today.isoformat())
    page.get_by_label("Số quyết định").fill("15/QĐ-UBND")
    page.get_by_label("Niêm yết từ ngày").fill(today.isoformat())
    page.get_by_label("Niêm yết đến ngày").fill((today + dt.timedelta(days=29)).isoformat())
    page.get_by_label("Niêm yết tại trụ sở Ủy ban nhân dân phường").check()
    page.get_by_label("Tệp đính kèm (PDF hoặc ảnh)").set_input_files(str(pdf))
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("ul.flash li")).to_have_text("Đã lưu bản nháp. Lãnh đạo phường sẽ công bố.")
    expect(page.locator("[data-testid=disclosure-state]")).to_have_text("Bản nháp")
    page.get_by_role("button", name="Công bố").click()
    expect(page.locator("ul.flash li")).to_have_text("Đã công bố nội dung công khai.")
    expect(page.locator("[data-testid=disclosure-state]")).to_have_text("Đang niêm yết")

    # 2. A resident, in a browser of their own, finds it without diacritics and asks a question.
    resident = new_context().new_page()
    resident.goto(f"{base}/")
    open_site_menu(resident)
    resident.get_by_role("link", name="Công khai", exact=True).click()
    resident.get_by_text("Tìm kiếm và lọc").click()
    resident.get_by_role("searchbox", name="Tìm kiếm").fill("ngan sach")
    resident.get_by_role("button", name="Tìm kiếm", exact=True).click()
    expect(resident.locator("[data-testid=register-count]")).to_contain_text("1 nội dung công khai")
    resident.screenshot(path=shots / "disclosures-register.png", full_page=True)
    resident.get_by_role("link", name=TITLE).click()
    expect(resident.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(resident.locator(".disclosure-body strong")).to_have_text("12 tỷ đồng")
    expect(resident.get_by_text("SHA-256:")).to_be_visible()
    resident.get_by_label("Nội dung của ông/bà").fill(QUESTION)
    resident.get_by_label("Hiển thị tên tôi cùng nội dung").check()
    resident.get_by_label("Họ tên của ông/bà").fill("Trần Thị Mai")
    resident.get_by_label("Điện thoại hoặc thư điện tử (không bắt buộc, được giữ kín)").fill("0912345678")
    resident.get_by_role("button", name="Gửi câu hỏi").click()
    expect(resident.locator("ul.flash li")).to_contain_text("Câu hỏi đã được đăng")
    expect(resident.locator("#questions")).to_contain_text(QUESTION)
    expect(resident.locator("#questions")).not_to_contain_text("0912345678")

    # 3. An officer answers publicly.
    open_site_menu(page)
    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, base, "canbo")
    disclosure = Disclosure.objects.get()
    page.goto(f"{base}/cong-khai/{disclosure.pk}/")
    page.get_by_text("Trả lời công khai", exact=True).click()
    page.get_by_label("Trả lời công khai").fill(ANSWER)
    page.get_by_role("button", name="Công bố câu trả lời").click()
    expect(page.locator("ul.flash li")).to_have_text("Đã công bố câu trả lời.")

    # 4. The resident sees the answer.
    resident.reload()
    expect(resident.locator("[data-testid=answer]")).to_contain_text(ANSWER)
    resident.screenshot(path=shots / "disclosure-page.png", full_page=True)

    disclosure.refresh_from_db()
    assert disclosure.state == DisclosureState.POSTED and disclosure.published_by.username == "chutich"
    assert disclosure.attachments.get().kind == "pdf"
    question = Question.objects.get()
    assert question.answer == ANSWER and question.answered_by.username == "canbo"
    assert question.public_name == "Trần Thị Mai" and question.contact == "0912345678"
