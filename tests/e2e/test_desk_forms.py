"""The desk's forms are sent once: clicking the button again while the page is on its way does not send the form
again (a triple click saved an internal note three times)."""

import contextlib
import re

import pytest
from playwright.sync_api import Error, Page, expect

from portal.cases.models import Message, MessageKind
from portal.cases.services import Submission, submit_case
from tests.e2e.staff_login import log_in
from tests.factories import CategoryFactory, MembershipFactory, UserFactory, WardFactory

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


def test_a_note_clicked_three_times_is_saved_once(page: Page, live_server, case):
    log_in(page, live_server.url, "canbo")
    page.goto(f"{live_server.url}/can-bo/don/{case.tracking_code}/")
    page.get_by_text("Thêm ghi chú nội bộ", exact=True).click()
    page.locator("#action-note textarea").fill(NOTE)
    held = []  # the requests are held until the clicks are over: a server slow to answer

    def hold(route):
        held.append(route)

    page.route(re.compile(r"/ghi-chu/$"), hold)
    # Three clicks a quarter of a second apart, while the first request is on its way (in the page's own script: the
    # page is not waited for between them).
    page.evaluate("""() => new Promise(done => {
        const button = document.querySelector("#action-note button[type=submit]");
        let clicks = 0;
        (function click() {
            button.click();
            if (++clicks < 3) { setTimeout(click, 250); } else { setTimeout(done, 250); }
        })();
    })""")
    sent = len(held)
    page.unroute(re.compile(r"/ghi-chu/$"))
    for route in held:
        with contextlib.suppress(Error):  # a request the browser dropped for a later one
            route.continue_()
    expect(page.locator("ul.flash li")).to_have_text("Đã thêm ghi chú nội bộ.")
    assert sent == 1
    assert Message.objects.filter(case=case, kind=MessageKind.NOTE, body=NOTE).count() == 1
    # The page that comes back sends its forms.
    page.get_by_text("Thêm ghi chú nội bộ", exact=True).click()
    page.locator("#action-note textarea").fill("Lần hai: đã kiểm tra, đèn được thay.")
    page.locator("#action-note button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Lần hai: đã kiểm tra, đèn được thay.")
    assert Message.objects.filter(case=case, kind=MessageKind.NOTE).count() == 2
