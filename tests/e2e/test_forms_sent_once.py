"""Forms are sent once (frontend/static/frontend/forms.js, on every page): clicking the button again while the page
is on its way does not send the form again. A triple click saved an officer's note three times, and a resident
clicking "Gửi đơn" twice on a slow connection filed the same case twice."""

import contextlib
import re

import pytest
from playwright.sync_api import Error, Page, expect

from portal.cases.models import Case, Message, MessageKind
from portal.cases.services import Submission, submit_case
from tests.e2e.staff_login import log_in
from tests.factories import AreaFactory, CategoryFactory, MembershipFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db(transaction=True)

NOTE = "Đã gọi điện cho người dân, hẹn kiểm tra hiện trường sáng thứ Hai."


@pytest.fixture
def case(db):
    ward = WardFactory(code="PN17", name="Phường Phú Nhuận")
    MembershipFactory(ward=ward, role="officer", user=UserFactory(
        username="canbo", first_name="Lan", last_name="Nguyễn Thị", is_staff=True))
    return submit_case(submission=Submission(
        ward=ward, kind="feedback", category=CategoryFactory(code="ha-tang", name="Hạ tầng, giao thông"),
        title="Đèn đường hỏng trước nhà số 5", description="Đèn đường hỏng đã một tuần, buổi tối rất tối.")).case


def click_three_times_while_held(page: Page, url_pattern: str, button: str) -> int:
    """Click `button` three times a quarter of a second apart while the requests to `url_pattern` are held (a server
    slow to answer), then let them go; the number of requests the page sent. The clicks are the page's own script:
    Playwright does not wait for the page between them."""
    held = []

    def hold(route):
        held.append(route)

    page.route(re.compile(url_pattern), hold)
    page.evaluate("""selector => new Promise(done => {
        const button = document.querySelector(selector);
        let clicks = 0;
        (function click() {
            button.click();
            if (++clicks < 3) { setTimeout(click, 250); } else { setTimeout(done, 250); }
        })();
    })""", button)
    sent = len(held)
    page.unroute(re.compile(url_pattern))
    for route in held:
        with contextlib.suppress(Error):  # a request the browser dropped for a later one
            route.continue_()
    return sent


def test_a_note_clicked_three_times_is_saved_once(page: Page, live_server, case):
    log_in(page, live_server.url, "canbo")
    page.goto(f"{live_server.url}/can-bo/don/{case.tracking_code}/")
    page.get_by_text("Thêm ghi chú nội bộ", exact=True).click()
    page.locator("#action-note textarea").fill(NOTE)
    sent = click_three_times_while_held(page, r"/ghi-chu/$", "#action-note button[type=submit]")
    expect(page.locator("ul.flash li")).to_have_text("Đã thêm ghi chú nội bộ.")
    assert sent == 1
    assert Message.objects.filter(case=case, kind=MessageKind.NOTE, body=NOTE).count() == 1
    # The page that comes back sends its forms.
    page.get_by_text("Thêm ghi chú nội bộ", exact=True).click()
    page.locator("#action-note textarea").fill("Lần hai: đã kiểm tra, đèn được thay.")
    page.locator("#action-note button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Lần hai: đã kiểm tra, đèn được thay.")
    assert Message.objects.filter(case=case, kind=MessageKind.NOTE).count() == 2


def test_a_case_form_clicked_three_times_files_one_case(page: Page, live_server, case):
    AreaFactory(ward=case.ward, code="KP3", name="Khu phố 3")
    page.goto(f"{live_server.url}/gui-don/PN17/")
    page.locator("input[name=kind][value=feedback]").check()
    page.select_option("#id_category", index=1)
    page.fill("#id_title", "Rác thải tồn đọng ở hẻm 12")
    page.fill("#id_description", "Rác không được thu gom một tuần nay, bốc mùi hôi cả khu phố.")
    page.select_option("#id_area", label="Khu phố 3")
    assert click_three_times_while_held(page, r"/gui-don/PN17/$", ".case-form button[type=submit]") == 1
    expect(page.locator("[data-testid=tracking-code]")).to_be_visible()
    assert Case.objects.filter(title="Rác thải tồn đọng ở hẻm 12").count() == 1
