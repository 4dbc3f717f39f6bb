"""A denouncer named in the texts of their case (SPEC §7, Law on Denunciations Art. 56).

The contact box of a denunciation is masked for everyone but the assigned officer and the leaders, but officers write
the denouncer into the texts: "Kính gửi ông Lê Văn Khánh," in an answer, his phone in a note. Whoever may not see the
identity (a supervisor, an officer of the department who is not the assignee) reads every free text of the case —
title, description, answers (drafts, returned, sent) and the leader's notes on them, the timeline, the reasons of the
due date's explanation, the queue's rows, the merge suggestions — with the case's contact name, phone, e-mail,
address and representative's name redacted as on the published answer pages ("Kính gửi ông [***],"), on the case
page and the staff API alike. The assigned officer and the leader read them as written. A complaint's texts are not
touched: the identity that the law keeps confidential is a denouncer's; the ward's staff see a complainant's contact.

Nor does the queue's search (or the merge suggestions) find a denunciation, for such a viewer, by words they cannot
read in it; and the leader's note on a returned draft is e-mailed to the officer who must rework it, and to its author
masked when a reassignment has taken the denouncer out of their sight. A recommendation of the People's Inspection
Board about a denunciation, and the leader's answer to it, read the same way on the recommendations page and in the
e-mail to the supervisor.
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


# --- the queue's search: no oracle of who filed a denunciation ------------------------------------------------------
# The rows read "[***]", but which denunciations a name or a phone number finds would tell who filed them: whoever may
# not see the denouncer finds a denunciation only by the words they read of it (its masked title and description and
# the address of the issue), on the desk's page and in the staff API alike.

# Each piece of the identity as someone would type it in the search box, with and without diacritics.
IDENTITY_SEARCHES = ["Khánh", "khanh", "Lê Văn Khánh", "0912345678", "0912", "khanh.tocao@example.vn",
                     "khanh.tocao", "Trạm Biến Áp", "tram bien ap", "Ngọc Mai", "ngoc mai"]
# Words of the texts that are not the identity: they find it for everyone who sees the case.
TEXT_SEARCHES = ["địa chính", "dia chinh", "nhận tiền", "CÔNG TRÌNH trái phép"]
MENTIONED = f"{DESCRIPTION} Liên hệ qua thư điện tử khanh.tocao@example.vn."


@pytest.fixture
def named(ward, category, department, area, officer, leader):
    """A denunciation naming its denouncer, his phone, e-mail and address and his representative in its texts,
    assigned to `officer`."""
    case = file(ward, category, kind="denunciation", title=TITLE, description=MENTIONED, department=department,
                area=area, **CONTACT)
    services.assign(case=case, actor=leader, assignee=officer, department=department)
    case.refresh_from_db()
    return case


def found(user, q: str) -> tuple[list[str], list[str]]:
    """The tracking codes the desk's queue page and GET /api/v1/staff/cases/ list for a search by `user`."""
    html = log_in(Client(), user).get("/can-bo/", {"q": q})
    assert html.status_code == 200
    page_codes = re.findall(r"[A-Z0-9]+-\d{4}-\d{6}", html.content.decode())
    rows = api(user, f"cases/?q={q}").json()["results"]
    return sorted(set(page_codes)), sorted(row["tracking_code"] for row in rows)


@pytest.mark.parametrize("who", ["supervisor", "department_officer"])
def test_who_may_not_see_the_denouncer_does_not_find_the_denunciation_by_his_identity(request, named, who):
    user = request.getfixturevalue(who)
    for q in IDENTITY_SEARCHES:
        assert found(user, q) == ([], []), (who, q)
    for q in TEXT_SEARCHES:  # the same case, by words they read in it
        assert found(user, q) == ([named.tracking_code], [named.tracking_code]), (who, q)
    # A word of the identity with a word of the texts: still nothing.
    assert found(user, "địa chính Khánh") == ([], [])
    # The tracking code finds it, as any case they may see.
    assert found(user, named.tracking_code) == ([named.tracking_code], [named.tracking_code])


@pytest.mark.parametrize("who", ["officer", "leader"])
def test_the_assignee_and_the_leader_find_it_by_the_denouncers_identity(request, named, who):
    user = request.getfixturevalue(who)
    for q in [*IDENTITY_SEARCHES, *TEXT_SEARCHES]:
        assert found(user, q) == ([named.tracking_code], [named.tracking_code]), (who, q)


def test_the_new_assignee_finds_it_by_the_identity_and_the_former_one_no_longer(named, leader, officer,
                                                                                department_officer):
    services.assign(case=named, actor=leader, assignee=department_officer)
    assert found(department_officer, "Khánh") == ([named.tracking_code], [named.tracking_code])
    assert found(officer, "Khánh") == ([], [])
    assert found(officer, "địa chính") == ([named.tracking_code], [named.tracking_code])


def test_a_complainant_is_found_by_name_by_the_wards_staff(ward, category, department, officer, leader, supervisor,
                                                          department_officer):
    """Only a denouncer's identity is confidential: the ward's staff see a complainant's contact."""
    complaint = file(ward, category, kind="complaint", title=TITLE, description=MENTIONED, department=department,
                     **CONTACT)
    for user in (supervisor, department_officer, officer, leader):
        for q in ("Khánh", "0912345678", "khanh.tocao@example.vn", "Ngọc Mai"):
            assert found(user, q) == ([complaint.tracking_code], [complaint.tracking_code]), (user.username, q)


def test_words_the_viewer_reads_find_the_denunciation_though_the_denouncer_bears_them_too(
        ward, category, department, supervisor):
    """Found by what the rows and the page show, neither more nor less: "Khánh Hội" (the name of a place, not after a
    salutation) and "văn bản" stay in the masked texts, so they find the case, though "Khánh" and "Văn" are in the
    denouncer's name. Leaving out every denunciation whose identity holds a searched word would tell, by whether a
    word they read finds it, which words the hidden identity holds."""
    case = file(ward, category, kind="denunciation", title="Tố cáo cán bộ phường Khánh Hội",
                description="Ông Lê Văn Khánh gửi kèm văn bản và ảnh chụp.", department=department, **CONTACT)
    for q in ("Khánh Hội", "khanh hoi", "văn bản", "van ban"):
        assert found(supervisor, q) == ([case.tracking_code], [case.tracking_code]), q
    for q in ("Lê", "Lê Văn", "le van khanh"):  # as the supervisor reads it: "Ông [***] gửi kèm văn bản"
        assert found(supervisor, q) == ([], []), q


def test_the_search_costs_no_query_more_for_who_may_not_see_the_denouncer(named, ward, category, department,
                                                                          supervisor):
    client = log_in(Client(), supervisor)
    rest = APIClient()
    rest.force_authenticate(supervisor)

    def counts(q):
        return [_queries(lambda: client.get("/can-bo/", {"q": q})),
                _queries(lambda: rest.get("/api/v1/staff/cases/", {"q": q}))]

    few = counts("địa chính")
    for n in range(10):
        file(ward, category, kind="denunciation", title=f"{TITLE} ({n})", description=MENTIONED,
             department=department, **CONTACT)
    assert counts("địa chính") == few


def test_identity_visible_is_may_see_identity_as_a_filter(ward, category, department, named, officer, leader,
                                                         supervisor, department_officer, outsider_officer):
    """The queue's search decides per row in SQL (permissions.identity_visible) what may_see_identity() decides per
    case: the two agree for every persona on every kind of case."""
    from portal.cases.models import Case
    from portal.cases.permissions import identity_visible, may_see_identity, visible_cases

    file(ward, category, kind="denunciation", title="Tố cáo chưa giao", department=department, **CONTACT)
    file(ward, category, kind="denunciation", title="Tố cáo chưa phân loại", **CONTACT)
    file(ward, category, kind="complaint", title="Khiếu nại", department=department, **CONTACT)
    file(ward, category, kind="feedback", title="Phản ánh")
    assert Case.objects.count() == 5
    for user in (officer, leader, supervisor, department_officer, outsider_officer):
        seen = visible_cases(user)
        expected = {case.pk for case in seen if may_see_identity(user, case)}
        assert set(seen.filter(identity_visible(user)).values_list("pk", flat=True)) == expected, user.username


def test_the_masked_search_text_holds_the_texts_as_the_supervisor_reads_them(named, ward, category):
    """Case.masked_search_text, written at filing and by migration 0017 for the denunciations filed before it: the
    title and description masked, folded and as written (lower-case); nothing for the other kinds."""
    import importlib

    from django.apps import apps

    from portal.cases.models import Case

    lines = named.masked_search_text.split("\n")
    assert lines[0].startswith("ong [***] to cao can bo dia chinh nhan tien toi la [***], o [***], dien thoai [***]")
    assert lines[1].startswith("ông [***] tố cáo cán bộ địa chính nhận tiền tôi là [***], ở [***], điện thoại [***]")
    assert not [needle for needle in ("khanh", "0912", "tram bien", "ngoc mai", "khánh", "trạm", "ngọc")
                if needle in named.masked_search_text]
    complaint = file(ward, category, kind="complaint", title=TITLE, description=MENTIONED, **CONTACT)
    assert complaint.masked_search_text == ""

    migration = importlib.import_module("portal.cases.migrations.0017_masked_search_text")
    written = named.masked_search_text
    Case.objects.update(masked_search_text="")
    migration.write_masked_texts(apps, None)
    assert Case.objects.get(pk=named.pk).masked_search_text == written
    assert Case.objects.get(pk=complaint.pk).masked_search_text == ""


def suggested(user, case) -> str:
    """The merge suggestions of the case page, as `user` reads them."""
    html = page(user, case)
    return html[html.index('data-testid="merge-suggestions"'):] if 'data-testid="merge-suggestions"' in html else ""


def test_merge_suggestions_do_not_find_a_denunciation_by_its_hidden_identity(named, ward, category, department, area,
                                                                              supervisor, leader):
    """A case whose title shares only the denouncer's name and address with a denunciation does not suggest it to
    whoever may not see who filed it: the suggestion would say that he did."""
    neighbour = file(ward, category, kind="complaint", title="Trạm Biến Áp Khánh xây lấn", description="Xây lấn.",
                     department=department, area=area)
    assert named.tracking_code not in suggested(supervisor, neighbour)
    assert named.tracking_code in suggested(leader, neighbour)


def test_merge_suggestions_of_a_denunciation_come_from_its_title_as_the_viewer_reads_it(named, ward, category,
                                                                                        department, area, supervisor,
                                                                                        leader):
    """The words of a denunciation's own title: its hidden words ("Lê Văn Khánh") find nothing for the supervisor,
    who reads "Ông [***] tố cáo …"; the leader reads the name, and finds the case that bears it."""
    namesake = file(ward, category, kind="complaint", title="Lê Văn Khánh xin cấp phép", description="Xin cấp phép.",
                    department=department, area=area)
    assert namesake.tracking_code not in suggested(supervisor, named)
    assert namesake.tracking_code in suggested(leader, named)
    same_matter = file(ward, category, kind="complaint", title="Cán bộ địa chính nhận tiền", department=department,
                       area=area)
    assert same_matter.tracking_code in suggested(supervisor, named)


# --- the leader's note on a returned draft, by e-mail -----------------------------------------------------------------

def returned_mails(case) -> dict[str, tuple[str, str]]:
    """The e-mails about the returned draft of `case`, by recipient: (subject, body)."""
    from django.core import mail

    from portal.notifications.tasks import flush_outbox

    flush_outbox()
    return {message.to[0]: (message.subject, message.body) for message in mail.outbox
            if case.tracking_code in message.subject and "trả lại" in message.subject}


def draft_and_return(case, *, author, leader, reassign_to=None, department=None):
    case = transition(case=case, action="accept", actor=leader)
    draft = services.propose_answer(case=case, actor=author, text=DRAFT)
    if reassign_to is not None:
        services.assign(case=case, actor=leader, assignee=reassign_to, department=department)
    services.return_answer(answer=draft, actor=leader, note=RETURN_NOTE)
    return case


def test_the_returned_note_goes_to_its_author_as_written(named, officer, leader):
    draft_and_return(named, author=officer, leader=leader)
    assert returned_mails(named) == {
        officer.email: (f"Đơn {named.tracking_code}: văn bản trả lời của anh/chị bị trả lại", RETURN_NOTE)}


def test_after_a_reassignment_the_note_reaches_the_new_assignee_and_the_author_reads_it_masked(
        named, officer, leader, department_officer):
    draft_and_return(named, author=officer, leader=leader, reassign_to=department_officer)
    mails = returned_mails(named)
    assert mails == {
        # who must rework the draft, and may see the denouncer: as written
        department_officer.email: (f"Đơn {named.tracking_code}: dự thảo văn bản trả lời bị trả lại, đề nghị anh/chị "
                                   "chỉnh sửa", RETURN_NOTE),
        # the author, still of the department but no longer the assignee: without the denouncer
        officer.email: (f"Đơn {named.tracking_code}: văn bản trả lời của anh/chị bị trả lại",
                        f"Bỏ số điện thoại {REDACTED} của ông {REDACTED} khỏi văn bản."),
    }
    assert leaks(mails[officer.email][1]) == []


def test_an_author_moved_off_the_case_is_told_nothing_of_it(named, ward, officer, leader):
    from tests.factories import DepartmentFactory

    other = DepartmentFactory(ward=ward, code="vhxh", name="Phòng Văn hóa - Xã hội")
    elsewhere = MembershipFactory(user=UserFactory(username="canbo_vhxh", is_staff=True), ward=ward, role="officer")
    elsewhere.departments.add(other)
    draft_and_return(named, author=officer, leader=leader, reassign_to=elsewhere.user, department=other)
    assert returned_mails(named) == {elsewhere.user.email: (
        f"Đơn {named.tracking_code}: dự thảo văn bản trả lời bị trả lại, đề nghị anh/chị chỉnh sửa", RETURN_NOTE)}


def test_a_complaints_note_reaches_its_former_author_as_written(ward, category, department, officer, leader,
                                                               department_officer):
    complaint = file(ward, category, kind="complaint", title=TITLE, description=DESCRIPTION, department=department,
                     **CONTACT)
    services.assign(case=complaint, actor=leader, assignee=officer)
    draft_and_return(complaint, author=officer, leader=leader, reassign_to=department_officer)
    mails = returned_mails(complaint)
    assert mails[officer.email][1] == mails[department_officer.email][1] == RETURN_NOTE


# --- recommendations of the People's Inspection Board -------------------------------------------------------------
# A supervisor files a recommendation about a case; a leader answers it, on /can-bo/kien-nghi/ and by e-mail to the
# supervisor. About a denunciation, the answer (or the title and body) may name the denouncer, whom the board may not
# see: each reader and recipient reads them as they read the case's own texts.

REC_TITLE = "Đơn tố cáo của ông Lê Văn Khánh chậm giải quyết"
REC_BODY = "Đề nghị phường liên hệ ông Khánh (0912 345 678) và trả lời đúng hạn."
REC_ANSWER = ("Phường đã làm việc với ông Lê Văn Khánh, số điện thoại 0912.345.678, ngày 01/12; "
              "kết luận nội dung tố cáo sẽ được gửi đúng hạn.")


def recommendations_page(user) -> str:
    response = log_in(Client(), user).get("/can-bo/kien-nghi/")
    assert response.status_code == 200
    return response.content.decode()


def mails_to(user) -> list[tuple[str, str]]:
    """(subject, body) of the e-mails sent to `user`."""
    from django.core import mail

    from portal.notifications.tasks import flush_outbox

    flush_outbox()
    return [(message.subject, message.body) for message in mail.outbox if message.to == [user.email]]


def recommended_and_answered(case, *, supervisor, leader):
    from portal.cases.recommendations import answer_recommendation, file_recommendation

    rec = file_recommendation(ward=case.ward, actor=supervisor, title=REC_TITLE, body=REC_BODY, case=case)
    return answer_recommendation(recommendation=rec, actor=leader, answer=REC_ANSWER)


def test_the_board_reads_the_answer_about_a_denunciation_with_the_denouncer_masked(named, supervisor, leader, ward):
    recommended_and_answered(named, supervisor=supervisor, leader=leader)
    colleague = MembershipFactory(user=UserFactory(username="thanhtra2", is_staff=True), ward=ward,
                                  role="supervisor").user
    for reader in (supervisor, colleague):  # who filed it, and the rest of the board
        html = recommendations_page(reader)
        assert leaks(html) == [], reader.username
        assert f"Phường đã làm việc với ông {REDACTED}, số điện thoại {REDACTED}, ngày 01/12" in html
        assert f"Đơn tố cáo của ông {REDACTED} chậm giải quyết" in html
        assert f"liên hệ ông {REDACTED} ({REDACTED}) và trả lời đúng hạn" in html
        assert named.tracking_code in html
    [(subject, body)] = mails_to(supervisor)
    assert leaks(subject) == [] and leaks(body) == []
    assert subject.endswith(f"Đơn tố cáo của ông {REDACTED} chậm giải quyết")
    assert body == f"Phường đã làm việc với ông {REDACTED}, số điện thoại {REDACTED}, ngày 01/12; " \
                   "kết luận nội dung tố cáo sẽ được gửi đúng hạn."


def test_the_leader_reads_the_recommendation_and_its_answer_as_written(named, supervisor, leader):
    recommended_and_answered(named, supervisor=supervisor, leader=leader)
    html = recommendations_page(leader)
    for text in (REC_TITLE, REC_BODY, REC_ANSWER):
        assert text in html, text
    assert REDACTED not in html
    [(subject, _body)] = mails_to(leader)  # the new recommendation
    assert subject.endswith(REC_TITLE)


def test_a_recommendation_about_a_complaint_is_not_masked(ward, category, department, supervisor, leader):
    complaint = file(ward, category, kind="complaint", title=TITLE, description=DESCRIPTION, department=department,
                     **CONTACT)
    recommended_and_answered(complaint, supervisor=supervisor, leader=leader)
    html = recommendations_page(supervisor)
    for text in (REC_TITLE, REC_BODY, REC_ANSWER):
        assert text in html, text
    assert REDACTED not in html
    [(subject, body)] = mails_to(supervisor)
    assert subject.endswith(REC_TITLE) and body == REC_ANSWER


def test_masking_the_recommendations_costs_no_query(named, ward, supervisor, leader):
    from portal.cases.recommendations import file_recommendation

    client = log_in(Client(), supervisor)
    recommended_and_answered(named, supervisor=supervisor, leader=leader)
    few = _queries(lambda: client.get("/can-bo/kien-nghi/"))
    for n in range(10):
        file_recommendation(ward=ward, actor=supervisor, title=f"{REC_TITLE} ({n})", body=REC_BODY, case=named)
    assert _queries(lambda: client.get("/can-bo/kien-nghi/")) == few
    assert leaks(client.get("/can-bo/kien-nghi/").content) == []


def test_a_denouncer_named_without_diacritics_is_masked_too(ward, category, department, area, officer, leader,
                                                            supervisor):
    """The denouncer typed his own name and address without diacritics ("Le Van Khanh"): the supervisor reads
    "[***]" there too, the queue's search does not find the case by them, and migration 0018 writes the masked
    search text of the denunciations filed before."""
    import importlib

    from django.apps import apps

    from portal.cases.models import Case

    case = file(ward, category, kind="denunciation", title="Le Van Khanh to cao can bo dia chinh",
                description="Toi la Le Van Khanh, o 18 Ngo Tram Bien Ap, ba Tran Thi Ngoc Mai dai dien.",
                department=department, area=area, **CONTACT)
    services.assign(case=case, actor=leader, assignee=officer, department=department)
    plain = ["Le Van Khanh", "Tram Bien Ap", "Ngoc Mai", "le van khanh", "tram bien ap", "ngoc mai"]
    html = page(supervisor, case)
    assert "to cao can bo dia chinh" in html
    assert [needle for needle in plain if needle in html] == []
    assert [needle for needle in plain if needle in case.masked_search_text] == []
    assert case.tracking_code in page(leader, case)

    migration = importlib.import_module("portal.cases.migrations.0018_masked_search_text_diacritics")
    written = case.masked_search_text
    Case.objects.filter(pk=case.pk).update(masked_search_text="le van khanh to cao can bo dia chinh")
    migration.write_masked_texts(apps, None)
    assert Case.objects.get(pk=case.pk).masked_search_text == written
