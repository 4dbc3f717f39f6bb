"""A dialogue followed to the end in a phone-size browser, in the default (Vietnamese) UI.

The leader announces a dialogue conference (8 days ahead) and opens it for questions; a resident signs in with a
one-time code (the real flow: the code is read from the notification outbox), registers, asks a question and votes for
it. After the session the leader marks it held, answers the question, records a commitment and publishes the minutes;
the commitment is on the public page of open commitments. Later the leader marks it done and it shows as done there
and on the session page.

Time moves forward only (the browser keeps cookies by the real clock): the test starts tomorrow at 09:00 and travels.
"""

import datetime as dt
import re
import zoneinfo
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import Page, expect

from portal.audit.models import AuditEvent
from portal.dialogues.models import Commitment, CommitmentStatus, Question, Registration, Session, SessionState, Vote
from portal.notifications.models import Notification
from tests.conftest import totp_device
from tests.e2e.staff_login import log_in
from tests.factories import DepartmentFactory, MembershipFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db(transaction=True)

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
TITLE = "Hội nghị đối thoại quý I với Nhân dân phường Phú Nhuận"
QUESTION = "Khi nào hẻm 47 Phan Đình Phùng được nâng nền để hết ngập khi mưa?"
ANSWER = "Phường đã đưa hẻm 47 vào kế hoạch chống ngập; thi công nâng nền trong tháng tới."
PROMISE = "Nâng nền và làm lại cống thoát nước hẻm 47 Phan Đình Phùng"
EMAIL = "nguyen.thi.hoa@example.vn"


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN)


def flash(page: Page):
    return page.locator("ul.flash li")


def staff_log_in(page: Page, base: str) -> None:
    log_in(page, base, "chutich")  # password, then the code of the leader's authenticator


def resident_signs_in_with_a_code(page: Page) -> None:
    """From a session page: the sign-in link, a code sent by e-mail (read from the outbox), back to the page."""
    back = page.url
    page.get_by_role("link", name="Đăng nhập để đăng ký, đặt câu hỏi và bình chọn").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.locator("#id_contact").fill(EMAIL)
    page.get_by_role("button", name="Gửi mã cho tôi").click()
    expect(page.locator("#id_code")).to_be_visible()
    body = Notification.objects.filter(recipient=EMAIL, key__startswith="otp:").latest("pk").body
    code = re.search(r"\b(\d{6})\b", body).group(1)
    page.locator("#id_code").fill(code)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page).to_have_url(back)


def test_a_resident_asks_and_votes_and_follows_the_commitment_until_it_is_done(page: Page, new_context, live_server):
    base = live_server.url
    SHOTS.mkdir(parents=True, exist_ok=True)
    ward = WardFactory(code="PN17", name="Phường Phú Nhuận")
    department = DepartmentFactory(ward=ward, code="dothi", name="Phòng Kinh tế - Hạ tầng - Đô thị")
    leader = MembershipFactory(ward=ward, role="leader", user=UserFactory(
        username="chutich", first_name="Minh", last_name="Trần Văn", is_staff=True)).user
    totp_device(leader)  # set up at an earlier login (test_two_factor_journey.py walks through the set-up)
    start = dt.datetime.now(VN).date() + dt.timedelta(days=1)
    meeting_day = start + dt.timedelta(days=8)

    with time_machine.travel(at(start, 9), tick=True) as clock:
        # 1. The leader announces the conference and opens it for questions.
        staff_log_in(page, base)
        page.goto(f"{base}/can-bo/doi-thoai/")
        page.get_by_text("Lên lịch một buổi", exact=True).click()
        page.select_option("#id_ward", label="Phường Phú Nhuận")
        page.select_option("#id_kind", "conference")
        page.locator("#id_title").fill(TITLE)
        page.locator("#id_date").fill(meeting_day.isoformat())
        page.locator("#id_start").fill("08:00")
        page.locator("#id_venue").fill("Hội trường UBND phường, 159 Nguyễn Văn Trỗi")
        page.locator("#id_capacity").fill("120")
        page.get_by_role("button", name="Thông báo").click()
        expect(flash(page)).to_have_text("Đã lên lịch và thông báo buổi đối thoại.")
        page.get_by_role("button", name="Đang nhận câu hỏi").click()
        expect(flash(page)).to_have_text("Cư dân đã có thể gửi và bình chọn câu hỏi.")
        session = Session.objects.get(title=TITLE)
        assert session.state == SessionState.OPEN and not session.announcement_late

        # 2. A resident, in a browser of their own, signs in with a one-time code, registers, asks and votes.
        resident = new_context().new_page()
        resident.goto(f"{base}/doi-thoai/{session.pk}/")
        expect(resident.get_by_role("heading", level=1)).to_have_text(TITLE)
        resident_signs_in_with_a_code(resident)
        resident.get_by_role("button", name="Đăng ký", exact=True).click()
        expect(flash(resident)).to_have_text("Ông/bà đã đăng ký. Chúng tôi sẽ nhắc ông/bà trước một ngày.")
        resident.get_by_label("Câu hỏi của ông/bà").fill(QUESTION)
        resident.get_by_role("button", name="Gửi câu hỏi").click()
        expect(flash(resident)).to_have_text("Câu hỏi của ông/bà đã được gửi. Mọi người có thể bình chọn cho câu hỏi.")
        question = resident.locator(".dlg-question", has_text=QUESTION)
        question.get_by_role("button", name="Bình chọn câu hỏi này").click()
        expect(flash(resident)).to_have_text("Đã ghi nhận bình chọn của ông/bà.")
        expect(question.locator(".dlg-votes strong")).to_have_text("1")
        expect(question).to_contain_text("Ông/bà đã bình chọn câu hỏi này.")
        expect(resident.locator("main")).not_to_contain_text(EMAIL)  # the public page never shows a contact
        resident.screenshot(path=str(SHOTS / "dialogue-journey-session.png"), full_page=True)

        registration = Registration.objects.get(session=session)
        assert registration.status == "confirmed" and registration.user.resident.contact == EMAIL
        asked = Question.objects.get(session=session)
        assert asked.text == QUESTION and Vote.objects.filter(question=asked, user=registration.user).count() == 1

        # 3. After the session (the staff sign-in has expired by then): held, answered, a commitment, the minutes.
        clock.move_to(at(meeting_day, 11, 30))
        staff_log_in(page, base)
        page.goto(f"{base}/can-bo/doi-thoai/{session.pk}/")
        expect(page.locator("[data-testid=registrants]")).to_contain_text(EMAIL)  # the ward's staff only
        page.get_by_role("button", name="Ghi nhận đã diễn ra").click()
        expect(flash(page)).to_have_text("Đã ghi nhận buổi đối thoại đã diễn ra.")
        page.get_by_text("Điều phối và trả lời").click()
        page.locator(f"#ans-{asked.pk}").fill(ANSWER)
        page.get_by_role("button", name="Lưu câu trả lời").click()
        expect(flash(page)).to_have_text("Đã lưu.")
        page.locator("#id_title").fill(PROMISE)
        page.locator("#id_department").select_option(label=department.name)
        page.locator("#id_due_date").fill((meeting_day + dt.timedelta(days=30)).isoformat())
        page.locator("#id_question").fill(str(asked.pk))
        page.get_by_role("button", name="Thêm cam kết").click()
        expect(flash(page)).to_have_text("Đã ghi nhận và công khai cam kết.")
        page.locator("#id_minutes").fill(
            "## Biên bản hội nghị đối thoại\n\nCó 85 cư dân tham dự. Chủ tịch trả lời 1 câu hỏi và cam kết "
            "nâng nền hẻm 47.")
        page.get_by_role("button", name="Công bố biên bản").last.click()
        expect(flash(page)).to_have_text("Đã công bố biên bản.")

        # 4. The public sees the minutes, the answer and the open commitment.
        resident.goto(f"{base}/doi-thoai/{session.pk}/")
        expect(resident.get_by_role("heading", name="Biên bản", exact=True)).to_be_visible()
        expect(resident.get_by_text(ANSWER)).to_be_visible()
        expect(resident.locator(".dlg-commitment", has_text=PROMISE)).to_contain_text("Đã lên lịch")
        public = new_context().new_page()
        public.goto(f"{base}/doi-thoai/cam-ket/")
        open_list = public.locator("ul.card-list").first
        expect(open_list.locator(".dlg-commitment", has_text=PROMISE)).to_contain_text(department.name)
        public.screenshot(path=str(SHOTS / "dialogue-journey-commitments-open.png"), full_page=True)

        # 5. Three weeks later the leader marks the commitment done; it shows as done, on time.
        clock.move_to(at(meeting_day + dt.timedelta(days=21), 10))
        staff_log_in(page, base)
        page.goto(f"{base}/can-bo/doi-thoai/{session.pk}/")
        commitment = Commitment.objects.get(session=session)
        page.locator(f"#st-{commitment.pk}").select_option("done")
        page.locator(f"#note-{commitment.pk}").fill("Đã nâng nền 0,4 m và thay cống D600; nghiệm thu ngày hôm nay.")
        page.get_by_role("button", name="Ghi nhận tiến độ").click()
        expect(flash(page)).to_have_text("Đã ghi nhận và công khai tiến độ.")

        public.goto(f"{base}/doi-thoai/cam-ket/")
        expect(public.locator("ul.card-list").first).not_to_contain_text(PROMISE)
        done = public.locator(".dlg-commitment", has_text=PROMISE)
        expect(done).to_contain_text("Đã hoàn thành")
        expect(done).to_contain_text("Đúng hạn")
        public.screenshot(path=str(SHOTS / "dialogue-journey-commitments-done.png"), full_page=True)
        public.goto(f"{base}/doi-thoai/{session.pk}/")
        expect(public.locator(".dlg-commitment", has_text=PROMISE)).to_contain_text("Đã hoàn thành")
        public.screenshot(path=str(SHOTS / "dialogue-journey-session-done.png"), full_page=True)

    commitment.refresh_from_db()
    session.refresh_from_db()
    assert commitment.status == CommitmentStatus.DONE and commitment.done_on == meeting_day + dt.timedelta(days=21)
    assert commitment.question_id == asked.pk
    assert session.state == SessionState.PUBLISHED and session.minutes_published_on == meeting_day
    assert list(commitment.updates.values_list("status", flat=True)) == ["planned", "done"]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"dialogue.scheduled", "dialogue.registered", "dialogue.question_asked", "dialogue.voted",
            "dialogue.held", "dialogue.question_answered", "dialogue.commitment_added", "dialogue.minutes_published",
            "dialogue.commitment_updated"} <= actions
