"""The resident's pages in English (found by a browser walkthrough: they showed Vietnamese): the categories of the
filing form and the status page, and the public timeline entries the portal writes (a transfer, a refusal's legal
reason, a new due date, a complaint dialogue's notices), in the reader's language whichever language the case was
filed in. The Vietnamese pages are unchanged, and the English ones cost the same queries."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.cases import escalation, services
from portal.cases.models import Case
from portal.cases.services import Submission, submit_case
from portal.cases.workflow import transition
from portal.dialogues import services as dialogues
from portal.dialogues.models import SessionKind
from tests.dialogue_fixtures import MONDAY, at

pytestmark = pytest.mark.django_db

FORM = "/gui-don/PN17/"


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def vietnamese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    return client


def timeline(html: str) -> str:
    start = html.index('<ol class="timeline">')
    return html[start:html.index("</ol>", start)]


def test_the_filing_form_names_the_categories_in_the_pages_language(client, ward, area, category):
    html = english(client).get(FORM).content.decode()
    assert "Infrastructure and roads (Feedback / petition, Complaint, Denunciation)" in html
    assert "Hạ tầng, giao thông" not in html
    html = vietnamese(client).get(FORM).content.decode()
    assert "Hạ tầng, giao thông (Phản ánh, kiến nghị" in html and "Infrastructure and roads" not in html


def file(ward, category, kind="feedback", **extra):
    values = {"contact_name": "Lê Văn Khiếu", "contact_address": "1 Lê Lợi", "contact_email": "khieu@example.vn",
              "notify_by": "email", "decision_date": dt.date(2026, 10, 20) if kind == "complaint" else None,
              "language": "vi"}
    values.update(extra)
    return submit_case(submission=Submission(ward=ward, kind=kind, category=category, title="Đơn của cư dân",
                                             description="Nội dung đơn của cư dân.", **values))


@pytest.fixture
def complaint(ward, category, leader):
    """A complaint filed in Vietnamese: accepted and marked complex (a new due date, with its reason), and a dialogue
    about it scheduled, moved and cancelled."""
    with time_machine.travel(MONDAY, tick=False):
        filed = file(ward, category, kind="complaint")
        transition(case=filed.case, action="accept", actor=leader)  # complex lengthens the resolution's period
        services.mark_complex(case=filed.case, actor=leader, reason="Cần xác minh tại nhiều nơi")
        session = dialogues.schedule_session(ward=ward, actor=leader, kind=SessionKind.COMPLAINT, case=filed.case,
                                             title="Đối thoại khiếu nại đất", starts_at=at(dt.date(2026, 11, 3), 9),
                                             venue="Phòng tiếp công dân")
        dialogues.reschedule_session(session=session, actor=leader, starts_at=at(dt.date(2026, 11, 5), 14),
                                     reason="Người có thẩm quyền bận họp")
        dialogues.cancel_session(session=session, actor=leader, reason="Người khiếu nại đã rút đơn")
    return filed


def test_the_status_page_in_english_shows_the_category_and_the_portals_entries_in_english(client, complaint):
    html = english(client).get(complaint.secret_path).content.decode()
    assert "· Infrastructure and roads</p>" in html
    entries = timeline(html)
    assert "Reason: Cần xác minh tại nhiều nơi" in entries and "New due date: " in entries
    assert "The ward invites you to a dialogue about your complaint" in entries
    assert "“Đối thoại khiếu nại đất”: 09:00 03/11/2026, Phòng tiếp công dân." in entries
    assert "New date for “Đối thoại khiếu nại đất”" in entries
    assert ("The dialogue about your complaint is moved to 14:00 05/11/2026, Phòng tiếp công dân. "
            "Reason: Người có thẩm quyền bận họp") in entries
    assert "Cancelled: “Đối thoại khiếu nại đất”" in entries
    for words in ("Hạn xử lý mới", "Lý do", "Phường mời ông/bà", "Dời lịch", "không diễn ra"):
        assert words not in entries


def test_the_status_page_in_vietnamese_is_unchanged(client, complaint):
    html = vietnamese(client).get(complaint.secret_path).content.decode()
    assert "· Hạ tầng, giao thông</p>" in html
    entries = timeline(html)
    assert "Lý do: Cần xác minh tại nhiều nơi" in entries
    assert "Phường mời ông/bà tham dự buổi đối thoại về đơn khiếu nại" in entries
    assert "Người khiếu nại đã rút đơn" in entries
    for words in ("Infrastructure", "New due date", "Reason:", "The ward invites", "New date for", "Cancelled:"):
        assert words not in html


def test_a_transfer_and_a_refusal_read_in_the_residents_language(client, ward, category, leader):
    moved, refused = file(ward, category), file(ward, category)
    transition(case=moved.case, action="transfer", actor=leader, to_body="UBND quận Phú Nhuận",
               text="Vụ việc thuộc thẩm quyền của quận.")
    transition(case=refused.case, action="reject", actor=leader, reason_code="not_competent",
               text="Đề nghị ông/bà liên hệ Sở Xây dựng.")
    assert ("Forwarded to: UBND quận Phú Nhuận\n\nVụ việc thuộc thẩm quyền của quận." in
            timeline(english(client).get(moved.secret_path).content.decode()).replace("<br>", "\n")
            .replace("</p>\n\n<p>", "\n\n"))
    refusal = timeline(client.get(refused.secret_path).content.decode())
    assert "Not within the ward&#x27;s competence" in refusal and "Đề nghị ông/bà liên hệ Sở Xây dựng." in refusal
    assert "thẩm quyền giải quyết của phường" not in refusal
    kept = timeline(vietnamese(client).get(moved.secret_path).content.decode())
    assert "Đã chuyển đơn đến: UBND quận Phú Nhuận" in kept and "Forwarded" not in kept
    kept = timeline(client.get(refused.secret_path).content.decode())
    assert "Không thuộc thẩm quyền giải quyết của phường" in kept and "Not within" not in kept


def test_the_owners_case_page_is_in_english_too(client, ward, category, resident, leader):
    mine = submit_case(submission=Submission(ward=ward, kind="feedback", category=category, title="Của tôi",
                                             description="Vấn đề của tôi ở khu phố.", language="vi"),
                       actor=resident).case
    transition(case=mine, action="transfer", actor=leader, to_body="UBND quận", text="Thuộc thẩm quyền quận.")
    client.force_login(resident)
    html = english(client).get(reverse("frontend:my-case", kwargs={"code": mine.tracking_code})).content.decode()
    assert "Infrastructure and roads" in html and "Forwarded to: UBND quận" in html


def test_english_costs_the_queries_of_vietnamese(client, complaint):
    # an accepted complaint's page reads its escalation window from the reference memo: filled once per process
    escalation.window(Case.objects.get(pk=complaint.case.pk))
    with CaptureQueriesContext(connection) as in_vietnamese:
        assert vietnamese(client).get(complaint.secret_path).status_code == 200
    with CaptureQueriesContext(connection) as in_english:
        assert english(client).get(complaint.secret_path).status_code == 200
    assert len(in_english.captured_queries) == len(in_vietnamese.captured_queries) <= 4
