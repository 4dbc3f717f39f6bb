"""Dialogue pages in a phone-size browser: a session with ranked questions, minutes and commitments, and the public
page of commitments; screenshots are kept in var/screenshots/ for a human look."""

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from portal.dialogues import demo
from portal.dialogues.models import Question, Session, SessionState, Vote
from tests.dialogue_fixtures import verified
from tests.factories import DepartmentFactory, MembershipFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_session_and_commitments_pages_on_a_phone(page: Page, live_server):
    ward = WardFactory(code="PN17", name="Phường Phú Nhuận")
    DepartmentFactory(ward=ward, code="dothi", name="Phòng Kinh tế - Hạ tầng - Đô thị")
    MembershipFactory(ward=ward, role="leader", user=UserFactory(username="chutich", is_staff=True))
    demo.seed(wards={"PN17": ward}, today=dt.date.today())
    upcoming = Session.objects.get(state=SessionState.OPEN)
    voters = [verified(UserFactory(username=f"cudan{n}")) for n in range(3)]
    for n, text in enumerate(["Khi nào hẻm 47 Phan Đình Phùng hết ngập?", "Xin lắp thêm đèn ở hẻm 12."]):
        question = Question.objects.create(session=upcoming, author=voters[0], text=text,
                                           topic="Hạ tầng" if n == 0 else "")
        for voter in voters[: 3 - n]:
            Vote.objects.create(question=question, user=voter)
    SHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"{live_server.url}/doi-thoai/{upcoming.pk}/")
    expect(page.get_by_role("heading", name="Câu hỏi của cư dân")).to_be_visible()
    expect(page.get_by_text("Khi nào hẻm 47 Phan Đình Phùng hết ngập?")).to_be_visible()
    page.screenshot(path=str(SHOTS / "dialogue-session.png"), full_page=True)

    held = Session.objects.get(state=SessionState.PUBLISHED)
    page.goto(f"{live_server.url}/doi-thoai/{held.pk}/")
    expect(page.get_by_role("heading", name="Biên bản", exact=True)).to_be_visible()
    page.screenshot(path=str(SHOTS / "dialogue-minutes.png"), full_page=True)

    page.goto(f"{live_server.url}/doi-thoai/cam-ket/")
    expect(page.get_by_text("Lắp 20 đèn LED chiếu sáng các hẻm tối")).to_be_visible()
    page.screenshot(path=str(SHOTS / "dialogue-commitments.png"), full_page=True)
