"""Staff log in through the real login page in the browser, leaders with the code of their authenticator app."""

import re
import time

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.conftest import totp_code, totp_device
from tests.factories import MembershipFactory, UserFactory, WardFactory

PASSWORD = "correct-horse-battery"  # what UserFactory sets


def pn17_leader():
    """chutich (Minh Trần Văn), a leader of Phường Phú Nhuận (PN17), with the authenticator he set up at an earlier
    login (test_two_factor_journey.py walks through the set-up)."""
    ward = WardFactory(code="PN17", name="Phường Phú Nhuận")
    user = MembershipFactory(ward=ward, role="leader", user=UserFactory(
        username="chutich", first_name="Minh", last_name="Trần Văn", is_staff=True)).user
    totp_device(user)
    return user


def fresh_code(username: str) -> str:
    """The code the user's authenticator shows, for a time step the device has not accepted yet (a code works once,
    so a second login within the same 30 seconds uses the next step, which the device accepts too)."""
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    at = max(time.time(), (device.last_t + 1) * device.step)
    return totp_code(device, at=at)


def log_in(page: Page, base: str, username: str) -> None:
    """Password, then (for users with a confirmed authenticator) the second step; staff land on the desk queue."""
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    if TOTPDevice.objects.filter(user__username=username, confirmed=True).exists():
        expect(page).to_have_url(re.compile(r"/dang-nhap/xac-thuc/"))
        page.get_by_label("Mã xác thực").fill(fresh_code(username))
        page.get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(f"{base}/can-bo/")
    # the queue's title: to handle (officers, leaders), to follow and supervise (supervisors)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Danh sách đơn (cần xử lý|thư theo dõi, giám sát)$"))
