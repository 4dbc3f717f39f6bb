"""A leader's first login in the browser: password, then the set-up of two-step verification (QR code and secret,
a code typed from the app), the backup codes, the desk; and no page breaks the Content-Security-Policy, the API docs
(Swagger UI) included."""

import base64
import re

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from tests.factories import MembershipFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct-horse-battery"  # what UserFactory sets


def watch_csp(page: Page) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    return violations


def test_a_leader_sets_up_two_step_verification_at_the_first_login(page: Page, live_server):
    ward = WardFactory(code="PN17", name="Phường Phú Nhuận")
    MembershipFactory(ward=ward, role="leader", user=UserFactory(username="chutich", is_staff=True))
    violations = watch_csp(page)
    base = live_server.url

    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("chutich")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/tai-khoan/bao-mat/thiet-lap/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thiết lập xác thực hai bước")
    expect(page.locator("figure.qr-code svg")).to_be_visible()

    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Mã xác thực").fill(f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="Bật xác thực hai bước").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mã dự phòng của ông/bà")
    expect(page.get_by_test_id("backup-codes").locator("li")).to_have_count(10)
    page.get_by_role("link", name="Tôi đã lưu, tiếp tục").click()
    expect(page).to_have_url(f"{base}/can-bo/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Danh sách đơn cần xử lý")
    assert violations == []


def test_the_api_docs_page_renders_under_the_content_security_policy(page: Page, live_server):
    violations = watch_csp(page)
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("OpenWard API")
    expect(page.locator(".opblock").first).to_be_visible()
    assert violations == []
