"""A denouncer named in the texts of their case (SPEC §7, Law on Denunciations Art. 56).

The contact box of a denunciation is masked for everyone but the assigned officer and the leaders, but officers write
the denouncer into the texts: "Kính gửi ông Lê Văn Khánh," in an answer, his phone in a note. Whoever may not see the
identity (a supervisor, an officer of the department who is not the assignee) reads every free text of the case —
title, description, answers (drafts, returned, sent) and the leader's notes on them, the timeline, the reasons of the
due date's explanation, the queue's rows, the merge suggestions — with the case's contact name, phone, e-mail,
address and representative's name redacted as on the published answer pages ("Kính gửi ông [***],"), on the case
page and the staff API alike. The assigned officer and the leader read them as written. A complaint's texts are not
touched: the identity that the law keeps confidential is a denouncer's; the ward's staff see a complainant's contact.
"""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from portal.cases import services
from portal.cases.workflow import transition
from portal.transparency.redaction import REDACTED
from tests.conftest import log_in
from tests.factories import MembershipFactory, UserFactory
from tests.frontend.desk.helpers import file

pytestmark = pytest.mark.django_db

NAME = "Lê Văn Khánh"
PHONE = "0912 345 678"
EMAIL = "khanh.tocao@example.vn"
ADDRESS = "18 Ngõ Trạm Biến Áp"
REPRESENTATIVE = "Trần Thị Ngọc Mai"
CONTACT = {"contact_name": NAME, "contact_phone": PHONE, "contact_email": EMAIL, "contact_address": ADDRESS,
           "signatory_count": 6, "representative_name": REPRESENTATIVE}

TITLE = "Ông Lê Văn Khánh tố cáo cán bộ địa chính nhận tiền"
DESCRIPTION = ("Tôi là Lê Văn Khánh, ở 18 Ngõ Trạm Biến Áp, điện thoại 0912345678, thay mặt các hộ cùng ký "
               "(người đại diện: bà Trần Thị Ngọc Mai). Cán bộ địa chính nhận tiền để bỏ qua công trình trái phép.")
NOTE = "Đã gọi ông Khánh theo số 0912 345 678 để hẹn xác minh tại hiện trường."
REPLY = "Kính gửi ông Lê Văn Khánh, phường đã nhận đơn và đang xác minh."
COMPLEX = "Ông Khánh và bà Mai cung cấp thêm chứng cứ ở nhiều nơi."
EXTEND = "Chờ ông Lê Văn Khánh nộp bản gốc chứng từ."
DRAFT = "Kính gửi ông Lê Văn Khánh, (dự thảo lần 1) nội dung tố cáo đúng một phần."
RETURN_NOTE = "Bỏ số điện thoại 0912.345.678 của ông Khánh khỏi văn bản."
ANSWER = "Kính gửi ông Lê Văn Khánh, nội dung tố cáo đúng một phần; đã xử lý kỷ luật. Liên hệ: khanh.tocao@example.vn"
APPROVE_NOTE = "Đồng ý; gửi ông Khánh."

# Each piece of the identity, as the texts above spell it.
NEEDLES = ["Khánh", "Lê Văn", "0912", "345 678", "345.678", "345678", "khanh.tocao", "Trạm Biến Áp", "Ngọc Mai",
           "bà Mai"]
# What stays of the texts once redacted: they are masked, not dropped.
KEPT = ["tố cáo cán bộ địa chính nhận tiền", "phường đã nhận đơn và đang xác minh", "để hẹn xác minh tại hiện trường",
        "nội dung tố cáo đúng một phần", "cung cấp thêm chứng cứ ở nhiều nơi", "khỏi văn bản",
        "nộp bản gốc chứng từ"]


# Timestamps ("2026-11-27T12:28:39.709123+07:00" in a <time datetime> or the API's JSON) carry six random-looking
# microsecond digits, which hold "0912" or "345678" about once in a few hundred pages: a false leak, not the phone.
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?")


def leaks(text) -> list[str]:
    if isinstance(text, bytes):
        text = text.decode()
    text = TIMESTAMP.sub("<timestamp>", text)
    return [needle for needle in NEEDLES if needle in text]


def test_a_timestamp_is_not_taken_for_the_phone():
    assert leaks('<time datetime="2026-11-27T12:28:39.709123+07:00">') == []
    assert leaks("{'created_at': '2026-11-27T12:28:39.345678+07:00'}") == []
    assert leaks("gọi theo số 0912 345 678 lúc 2026-11-27T12:28:39+07:00") == ["0912", "345 678"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def department_officer(ward, department):
    """An officer of the case's department who is not its assignee: works it, may not see the denouncer."""
    membership = MembershipFactory(user=UserFactory(username="canbo_dothi2", is_staff=True), ward=ward,
                                   role="officer")
    membership.departments.add(department)
    return membership.user


def page(user, case) -> str:
    response = log_in(Client(), user).get(f"/can-bo/don/{case.tracking_code}/")
    assert response.status_code == 200
    return response.content.decode()


def api(user, path: str):
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(f"/api/v1/staff/{path}")
    assert response.status_code == 200, response.content
    return response


def worked(case, *, officer, leader):
    """The case assigned to `officer`, with a note, a reply, a reason for being complex, (a denunciation) a reason
    for an extension, a draft returned with a note and a second draft waiting for approval: every text naming the
    resident."""
    services.assign(case=case, actor=leader, assignee=officer, department=case.department)
    case = transition(case=case, action="accept", actor=leader)
    case = transition(case=case, action="start_work", actor=officer)
    services.add_note(case=case, actor=officer, text=NOTE)
    services.reply(case=case, actor=officer, text=REPLY)
    services.mark_complex(case=case, actor=leader, reason=COMPLEX)
    if case.kind == "denunciation":  # complex: its resolution may be extended (the due date's explanation)
        services.extend_deadline(case=case, actor=leader, reason=EXTEND)
    first = services.propose_answer(case=case, actor=officer, text=DRAFT)
    services.return_answer(answer=first, actor=leader, note=RETURN_NOTE)
    services.propose_answer(case=case, actor=officer, text=ANSWER)
    case.refresh_from_db()
    return case


@pytest.fixture
def denunciation(ward, category, department, area, officer, leader):
    case = file(ward, category, kind="denunciation", title=TITLE, description=DESCRIPTION, department=department,
                area=area, **CONTACT)
    return worked(case, officer=officer, leader=leader)


def approve(case, leader):
    [pending] = [a for a in case.answers.all() if a.state == "pending"]
    services.approve_answer(answer=pending, actor=leader, note=APPROVE_NOTE)
    case.refresh_from_db()
    return case


# --- the case page ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["supervisor", "department_officer"])
def test_who_may_not_see_the_denouncer_reads_the_case_page_with_the_identity_masked(request, denunciation, who):
    html = page(request.getfixturevalue(who), denunciation)
    assert leaks(html) == [], who
    assert 'data-testid="identity-masked"' in html and 'data-testid="reveal-identity"' not in html
    # Masked, not dropped: the answers, the leader's note, the timeline and the due date's reasons are all there.
    for kept in KEPT:
        assert kept in html, kept
    assert f"Kính gửi ông {REDACTED}," in html  # the draft waiting for approval and the returned one, the reply
    answers = html[html.index('id="answers"'):html.index("</section>", html.index('id="answers"'))]
    assert answers.count(f"Kính gửi ông {REDACTED},") == 2 and f"{REDACTED} khỏi văn bản" in answers
    timeline = html[html.index('data-testid="timeline"'):]
    assert f"Kính gửi ông {REDACTED}," in timeline and f"gọi ông {REDACTED} theo số {REDACTED}" in timeline
    lines = html[html.index('data-testid="clock-lines"'):html.index("</ol>", html.index('data-testid="clock-lines"'))]
    assert f"Chờ ông {REDACTED} nộp bản gốc chứng từ." in lines
    assert f"Ông {REDACTED} và bà {REDACTED} cung cấp thêm chứng cứ" in timeline


def test_the_sent_answer_and_the_approval_note_are_masked_too(denunciation, leader, supervisor):
    case = approve(denunciation, leader)
    assert case.state == "answered"
    html = page(supervisor, case)
    assert leaks(html) == []
    assert 'data-testid="answer-approved"' in html and 'data-kind="answer"' in html
    assert f"Đồng ý; gửi ông {REDACTED}." in html
    entry = html[html.index('data-kind="answer"'):]
    assert f"Kính gửi ông {REDACTED}, nội dung tố cáo đúng một phần" in entry[:entry.index("</li>")]
    body = api(supervisor, f"cases/{case.tracking_code}/").json()
    [sent] = [entry for entry in body["timeline"] if entry["kind"] == "answer"]
    assert sent["body"].startswith(f"Kính gửi ông {REDACTED}, nội dung tố cáo đúng một phần")
    assert leaks(str(body)) == []


@pytest.mark.parametrize("who", ["officer", "leader"])
def test_the_assigned_officer_and_the_leader_read_the_texts_as_written(request, denunciation, who):
    case = approve(denunciation, request.getfixturevalue("leader")) if who == "leader" else denunciation
    html = page(request.getfixturevalue(who), case)
    for text in (TITLE, REPLY, COMPLEX, EXTEND, DRAFT, RETURN_NOTE):
        assert text in html, text
    assert REDACTED not in html
    # The contact box itself still waits for an audited reveal.
    assert 'data-testid="reveal-identity"' in html and EMAIL not in html.replace(ANSWER, "")
    body = api(request.getfixturevalue(who), f"cases/{case.tracking_code}/").json()
    assert body["title"] == TITLE and body["description"] == DESCRIPTION and body["contact"] is None
    assert REDACTED not in str(body)


def test_a_complaints_texts_are_not_masked_for_the_supervisor(ward, category, department, officer, leader,
                                                              supervisor):
    case = file(ward, category, kind="complaint", title=TITLE, description=DESCRIPTION, department=department,
                **CONTACT)
    case = worked(case, officer=officer, leader=leader)
    html = page(supervisor, case)
    assert 'data-testid="identity"' in html and NAME in html  # the ward's staff see a complainant's contact
    for text in (TITLE, REPLY, NOTE, COMPLEX, DRAFT, RETURN_NOTE):
        assert text in html, text
    assert REDACTED not in html
    body = api(supervisor, f"cases/{case.tracking_code}/").json()
    assert body["title"] == TITLE and REDACTED not in str(body)


def test_merge_suggestions_mask_another_denunciations_title(denunciation, ward, category, department, area,
                                                              supervisor, leader):
    other = file(ward, category, kind="denunciation", title="Ông Lê Văn Khánh tố cáo cán bộ địa chính lần hai",
                 department=department, area=area, **CONTACT)
    html = page(supervisor, denunciation)
    suggestions = html[html.index('data-testid="merge-suggestions"'):]
    assert other.tracking_code in suggestions and f"Ông {REDACTED} tố cáo cán bộ địa chính lần hai" in suggestions
    assert leaks(html) == []
    assert "Ông Lê Văn Khánh tố cáo cán bộ địa chính lần hai" in page(leader, denunciation)


# --- the staff API ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["supervisor", "department_officer"])
def test_who_may_not_see_the_denouncer_reads_the_api_with_the_identity_masked(request, denunciation, who):
    body = api(request.getfixturevalue(who), f"cases/{denunciation.tracking_code}/").json()
    assert leaks(str(body)) == [] and body["contact"] is None
    assert body["title"] == f"Ông {REDACTED} tố cáo cán bộ địa chính nhận tiền"
    assert body["description"].startswith(f"Tôi là {REDACTED}, ở {REDACTED}, điện thoại {REDACTED}")
    assert body["pending_answer"]["body"] == f"Kính gửi ông {REDACTED}, nội dung tố cáo đúng một phần; " \
                                             f"đã xử lý kỷ luật. Liên hệ: {REDACTED}"
    bodies = [entry["body"] for entry in body["timeline"]]
    assert f"Đã gọi ông {REDACTED} theo số {REDACTED} để hẹn xác minh tại hiện trường." in bodies
    assert f"Kính gửi ông {REDACTED}, phường đã nhận đơn và đang xác minh." in bodies
    reasons = [line["reason"] for line in body["due_date_explanation"]]
    assert f"Chờ ông {REDACTED} nộp bản gốc chứng từ." in reasons


def test_the_queue_masks_a_denunciations_title_for_the_supervisor_only(denunciation, supervisor, leader):
    masked = f"Ông {REDACTED} tố cáo cán bộ địa chính nhận tiền"
    queue = log_in(Client(), supervisor).get("/can-bo/").content.decode()
    assert denunciation.tracking_code in queue and masked in queue and leaks(queue) == []
    listed = api(supervisor, "cases/").json()["results"]
    assert [row["title"] for row in listed if row["tracking_code"] == denunciation.tracking_code] == [masked]
    assert leaks(str(listed)) == []
    assert TITLE in log_in(Client(), leader).get("/can-bo/").content.decode()
    assert [row["title"] for row in api(leader, "cases/").json()["results"]] == [TITLE]


# --- query counts ----------------------------------------------------------------------------------------------------

def _queries(fetch) -> int:
    fetch()  # fills the per-process memos
    with CaptureQueriesContext(connection) as ctx:
        fetch()
    return len(ctx.captured_queries)


def test_masking_costs_no_query_whatever_the_number_of_texts(denunciation, ward, category, department, officer,
                                                             supervisor):
    client = log_in(Client(), supervisor)
    rest = APIClient()
    rest.force_authenticate(supervisor)
    code = denunciation.tracking_code

    def counts():
        return [_queries(lambda: client.get(f"/can-bo/don/{code}/")),
                _queries(lambda: rest.get(f"/api/v1/staff/cases/{code}/")),
                _queries(lambda: client.get("/can-bo/")),
                _queries(lambda: rest.get("/api/v1/staff/cases/"))]

    few = counts()
    for n in range(20):
        services.add_note(case=denunciation, actor=officer, text=f"{NOTE} ({n})")
        file(ward, category, kind="denunciation", title=f"{TITLE} ({n})", department=department, **CONTACT)
    assert counts() == few
    assert leaks(client.get(f"/can-bo/don/{code}/").content) == []
    assert leaks(client.get("/can-bo/").content) == []
