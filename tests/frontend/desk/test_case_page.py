"""The case page for each persona: what they see, what they may do, and what stays hidden."""

import re

import pytest
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.cases import services
from portal.cases.models import AnswerTemplate, Attachment
from portal.cases.workflow import transition
from tests.factories import DepartmentFactory, MembershipFactory, UserFactory, WardFactory, image_bytes

from .helpers import file

pytestmark = pytest.mark.django_db

PHONE = "0901234567"


def page_url(case):
    return reverse("frontend:desk-case", kwargs={"code": case.tracking_code})


def action_urls(html):
    return [part.split('"')[0] for part in html.split('action="')[1:] if "/can-bo/don/" in part.split('"')[0]]


@pytest.fixture
def feedback(ward, category, department, area):
    return file(ward, category, title="Đèn đường hỏng trước nhà số 5", department=department, area=area)


@pytest.fixture
def denunciation(ward, category, department):
    return file(ward, category, kind="denunciation", title="Tố cáo cán bộ địa chính", department=department)


def test_officer_of_the_department_sees_the_whole_case(feedback, login, officer):
    services.add_note(case=feedback, actor=officer, text="Đã gọi điện cho cư dân, hẹn kiểm tra thứ Hai.")
    response = login(officer).get(page_url(feedback))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert feedback.tracking_code in html and "Đèn đường hỏng trước nhà số 5" in html
    assert "Khu phố 1" in html and "Phòng Kinh tế - Hạ tầng - Đô thị" in html
    # Personal data of a feedback: the ward's staff see it.
    assert 'data-testid="identity"' in html and PHONE in html and "Lê Văn Bình" in html
    # The whole timeline, internal notes marked.
    assert "Đã gọi điện cho cư dân" in html
    assert html.count("data-internal") == 1
    # The due date, explained step by step from the clock, with the source article.
    assert 'data-testid="due-date"' in html and 'data-testid="clock-lines"' in html
    assert "Nghị định" in html or "Decree" in html or "phường" in html.lower()
    # Officer actions: claim (unassigned), accept, note, reply…
    urls = action_urls(html)
    assert reverse("frontend:desk-claim", kwargs={"code": feedback.tracking_code}) in urls
    assert reverse("frontend:desk-transition", kwargs={"code": feedback.tracking_code, "action": "accept"}) in urls
    assert reverse("frontend:desk-note", kwargs={"code": feedback.tracking_code}) in urls
    # … but not the leaders' ones.
    assert reverse("frontend:desk-assign", kwargs={"code": feedback.tracking_code}) not in urls
    assert reverse("frontend:desk-transition", kwargs={"code": feedback.tracking_code, "action": "transfer"}) \
        not in urls


@pytest.mark.parametrize(("language", "state", "date_label"), [("vi", "Đã tiếp nhận", "Ngày tiếp nhận"),
                                                                ("en", "Received", "Received on")])
def test_the_date_received_is_not_labelled_as_the_state(feedback, login, officer, language, state, date_label):
    """The facts read 'Đã tiếp nhận' (the state received) as the label of the date and time the case came in, next to
    the state itself; the date's label is 'Ngày tiếp nhận', as on the resident's status page."""
    client = login(officer)
    client.cookies["django_language"] = language
    html = client.get(page_url(feedback)).content.decode()
    facts = html.split('<dl class="facts desk-facts">', 1)[1].split("</dl>", 1)[0]
    labels = re.findall(r"<dt>([^<]*)</dt>", facts)
    assert date_label in labels and state not in labels, labels


def test_only_a_leader_is_offered_to_take_an_unassigned_denunciation(denunciation, login, officer, leader):
    """Its assignee sees the denouncer's identity: an officer does not pick themselves (a leader assigns), and a
    claim posted anyway is refused with the reason, the case still unassigned."""
    claim = reverse("frontend:desk-claim", kwargs={"code": denunciation.tracking_code})
    assert claim not in action_urls(login(officer).get(page_url(denunciation)).content.decode())
    refused = login(officer).post(claim)
    assert refused.status_code == 400
    assert "Đơn tố cáo do lãnh đạo phường phân công" in refused.content.decode()
    denunciation.refresh_from_db()
    assert denunciation.assignee_id is None
    assert claim in action_urls(login(leader).get(page_url(denunciation)).content.decode())


def test_officer_of_another_ward_gets_404(feedback, login, outsider_officer):
    assert login(outsider_officer).get(page_url(feedback)).status_code == 404


def test_officer_of_another_department_of_the_ward_gets_404(feedback, ward, login):
    stranger = MembershipFactory(user=UserFactory(username="canbo_vanhoa"), ward=ward, role="officer")
    stranger.departments.add(DepartmentFactory(ward=ward, code="vanhoa"))
    assert login(stranger.user).get(page_url(feedback)).status_code == 404


def test_unknown_code_is_404(login, officer):
    assert login(officer).get(reverse("frontend:desk-case", kwargs={"code": "PN17-2026-999999"})).status_code == 404


def test_supervisor_reads_a_denunciation_without_identity_or_forms(denunciation, login, supervisor, officer):
    services.add_note(case=denunciation, actor=officer, text="Ghi chú nội bộ về tố cáo")
    response = login(supervisor).get(page_url(denunciation))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="read-only"' in html and 'data-testid="identity-masked"' in html
    assert PHONE not in html and "Lê Văn Bình" not in html and "binh@example.vn" not in html
    assert "5 Hoa Sứ" not in html
    assert "Ghi chú nội bộ về tố cáo" in html  # the full history
    assert action_urls(html) == []  # no form that changes the case
    assert 'data-testid="reveal-identity"' not in html
    assert not AuditEvent.objects.filter(action="case.identity_viewed").exists()


def test_supervisor_sees_a_feedback_with_contact_but_read_only(feedback, login, supervisor):
    html = login(supervisor).get(page_url(feedback)).content.decode()
    assert PHONE in html
    assert action_urls(html) == []


def test_leader_sees_a_show_identity_button_for_a_denunciation(denunciation, login, leader):
    html = login(leader).get(page_url(denunciation)).content.decode()
    assert 'data-testid="reveal-identity"' in html
    assert PHONE not in html and "Lê Văn Bình" not in html


def test_anonymous_visitor_is_sent_to_the_staff_login(feedback, client):
    response = client.get(page_url(feedback))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('frontend:login')}?next={page_url(feedback)}"
    queue = client.get(reverse("frontend:desk-queue"))
    assert queue.status_code == 302 and queue["Location"].startswith(reverse("frontend:login"))
    post = client.post(reverse("frontend:desk-note", kwargs={"code": feedback.tracking_code}), {"text": "x"})
    assert post.status_code == 302 and post["Location"].endswith(f"?next={page_url(feedback)}")


def test_resident_account_gets_403(feedback, login, resident):
    assert login(resident).get(page_url(feedback)).status_code == 403
    assert login(resident).get(reverse("frontend:desk-queue")).status_code == 403


def test_admin_without_a_case_role_gets_403(feedback, ward, login):
    admin = MembershipFactory(user=UserFactory(username="quantri"), ward=ward, role="admin").user
    assert login(admin).get(reverse("frontend:desk-queue")).status_code == 403


def test_staff_login_page_brings_the_officer_back_to_the_desk(feedback, client, officer):
    login_url = f"{reverse('frontend:login')}?next={page_url(feedback)}"
    response = client.post(login_url, {"username": "canbo", "password": "correct-horse-battery",
                                       "next": page_url(feedback)})
    assert response.status_code == 302 and response["Location"] == page_url(feedback)


def test_facts_flag_late_filing_and_multi_signatory(ward, category, login, leader):
    import datetime as dt

    from portal.core.timeutil import local_today

    late = file(ward, category, kind="complaint", title="Khiếu nại quyết định thu hồi đất",
                decision_date=local_today() - dt.timedelta(days=120), signatory_count=12,
                representative_name="Trần Thị Cúc")
    html = login(leader).get(page_url(late)).content.decode()
    assert 'data-testid="late-filing"' in html
    assert 'data-testid="multi-signatory"' in html and "Trần Thị Cúc" in html


def test_merge_suggestions_list_similar_open_cases(ward, category, area, department, login, officer):
    first = file(ward, category, title="Đèn đường hỏng ở hẻm 45", area=area, department=department)
    similar = file(ward, category, title="Đèn đường hẻm 45 không sáng", area=area, department=department)
    html = login(officer).get(page_url(first)).content.decode()
    assert 'data-testid="merge-suggestions"' in html and similar.tracking_code in html
    assert f'name="target" value="{similar.tracking_code}"' in html


def suggestions(html: str) -> str:
    return html[html.index('data-testid="merge-suggestions"'):] if 'data-testid="merge-suggestions"' in html else ""


def test_merge_suggestions_are_only_cases_the_viewer_may_see(ward, category, area, department, login, officer,
                                                             leader, supervisor):
    """Not even a masked title of a case the viewer may not open: an officer is suggested the cases of their
    department, the ward's screening queue and the cases assigned to them, as the queue lists them; a leader or a
    supervisor every case of the ward."""
    other_department = DepartmentFactory(ward=ward, code="vhxh", name="Phòng Văn hóa - Xã hội")
    first = file(ward, category, title="Đèn đường hỏng ở hẻm 45", area=area, department=department)
    theirs = file(ward, category, title="Đèn đường hẻm 45 chập điện", area=area, department=other_department)
    unrouted = file(ward, category, title="Đèn đường hẻm 45 không sáng", area=area)
    mine_there = file(ward, category, title="Đèn đường hẻm 45 nhấp nháy", area=area, department=other_department)
    services.assign(case=mine_there, actor=leader, assignee=officer, department=other_department)
    seen = suggestions(login(officer).get(page_url(first)).content.decode())
    assert unrouted.tracking_code in seen and mine_there.tracking_code in seen
    assert theirs.tracking_code not in seen and "chập điện" not in seen
    for boss in (leader, supervisor):
        seen = suggestions(login(boss).get(page_url(first)).content.decode())
        assert all(case.tracking_code in seen for case in (theirs, unrouted, mine_there)), boss.username


def test_merge_suggestions_cost_no_query_more_for_an_officer(ward, category, area, department, login, officer,
                                                            django_assert_max_num_queries):
    """The viewer's cases are a condition of the suggestions' one query (permissions.visible_cases): as many
    queries with a dozen suggestions of several departments as with one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    departments = [DepartmentFactory(ward=ward, code=f"pb{n}", name=f"Phòng {n}") for n in range(3)]
    first = file(ward, category, title="Đèn đường hỏng ở hẻm 45", area=area, department=department)
    file(ward, category, title="Đèn đường hẻm 45 không sáng", area=area, department=department)
    client = login(officer)
    client.get(page_url(first))  # fills the per-process memos
    with CaptureQueriesContext(connection) as few:
        client.get(page_url(first))
    elsewhere = set()
    for n in range(12):
        case = file(ward, category, title=f"Đèn đường hẻm 45 số {n}", area=area,
                    department=department if n % 2 else departments[n % 3])
        if n % 2 == 0:
            elsewhere.add(case.tracking_code)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(page_url(first)).content.decode()
    seen = suggestions(html)
    assert seen.count('name="target" value=') == 5 and not [code for code in elsewhere if code in seen]


def test_answer_templates_of_the_ward_and_the_city_prefill_the_answer(feedback, ward, login, officer):
    city = AnswerTemplate.objects.create(title="Đã khắc phục", body="Phường đã khắc phục sự cố ngày …")
    own = AnswerTemplate.objects.create(ward=ward, title="Chuyển đơn vị điện lực", body="Phường đã chuyển …")
    foreign = AnswerTemplate.objects.create(ward=WardFactory(code="Q1X"), title="Mẫu phường khác", body="…")
    complaint_only = AnswerTemplate.objects.create(kind="complaint", title="Quyết định giải quyết", body="…")
    client = login(officer)
    html = client.get(page_url(feedback)).content.decode()
    assert city.title in html and own.title in html
    assert foreign.title not in html and complaint_only.title not in html
    prefilled = client.get(page_url(feedback), {"template": city.pk}).content.decode()
    assert "Phường đã khắc phục sự cố ngày …</textarea>" in prefilled


def test_attachments_are_served_to_staff_who_may_see_the_case(ward, category, department, login, officer,
                                                               outsider_officer, make_upload):
    case = file(ward, category, department=department,
                files=[make_upload("anh.jpg", image_bytes(), "image/jpeg")])
    item = Attachment.objects.get(case=case)
    url = reverse("frontend:desk-attachment", kwargs={"code": case.tracking_code, "attachment_id": item.pk})
    html = login(officer).get(page_url(case)).content.decode()
    assert f'src="{url}' in html
    response = login(officer).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    if item.thumbnail:
        thumb = login(officer).get(url, {"thumb": "1"})
        assert thumb.status_code == 200
    assert login(outsider_officer).get(url).status_code == 404
    other = file(ward, category)
    wrong_case = reverse("frontend:desk-attachment", kwargs={"code": other.tracking_code, "attachment_id": item.pk})
    assert login(officer).get(wrong_case).status_code == 404


def test_denunciation_originals_are_withheld_from_supervisors(ward, category, department, login, supervisor,
                                                              leader, make_upload):
    """Without a redacted copy the supervisor reads that the file is not available yet, and cannot open the
    original (tests/frontend/desk/test_redacted_copies.py: with one)."""
    case = file(ward, category, kind="denunciation", department=department,
                files=[make_upload("bang-chung.jpg", image_bytes(), "image/jpeg")])
    item = Attachment.objects.get(case=case)
    url = reverse("frontend:desk-attachment", kwargs={"code": case.tracking_code, "attachment_id": item.pk})
    html = login(supervisor).get(page_url(case)).content.decode()
    assert 'data-testid="redacted-missing"' in html and "Chưa có bản đã che" in html
    assert url not in html and "bang-chung.jpg" not in html
    assert login(supervisor).get(url).status_code == 404
    assert login(leader).get(url).status_code == 200


def test_a_denunciation_without_files_does_not_say_its_files_are_withheld(denunciation, login, supervisor):
    """The supervisor's page of a denunciation with no attachment at all said "Attachments are withheld: they may
    reveal the denouncer's identity, and no redacted copies exist", as if there were some to ask for."""
    html = login(supervisor).get(page_url(denunciation)).content.decode()
    assert 'data-testid="redacted-missing"' not in html and 'data-testid="redacted-files"' not in html


def test_the_timeline_and_the_clock_explain_pauses(ward, category, department, login, leader):
    case = file(ward, category, kind="denunciation", department=department)
    case = transition(case=case, action="accept", actor=leader)
    case = transition(case=case, action="request_info", actor=leader, text="Xin bổ sung tài liệu chứng minh")
    case = transition(case=case, action="resume_handling", actor=leader)
    html = login(leader).get(page_url(case)).content.decode()
    assert html.count('data-kind="state_change"') == 3
    assert "Xin bổ sung tài liệu chứng minh" in html
    lines = html[html.index('data-testid="clock-lines"'):html.index("</ol>", html.index('data-testid="clock-lines"'))]
    assert lines.count("<li>") == 4  # accept step, resolve step, pause, resume
    assert "Luật Tố cáo" in lines  # the source article of each period


def test_a_long_timeline_costs_the_same_queries_and_every_entry_is_escaped(feedback, ward, login, officer,
                                                                           django_assert_max_num_queries):
    """The timeline is read as plain rows and built in Python (issue 7): as many queries for 3 entries as for 60,
    written by many officers, and every author's name and text shown as text."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(officer)
    with CaptureQueriesContext(connection) as short:
        assert client.get(page_url(feedback)).status_code == 200
    evil = '<img src=x onerror="alert(1)">'
    writers = [MembershipFactory(user=UserFactory(username=f"cb{n}", first_name=f"Cán bộ {evil}"), ward=ward,
                                 role="leader").user for n in range(5)]
    for n in range(60):
        services.add_note(case=feedback, actor=writers[n % 5], text=f"Ghi chú {n}\n\n{evil}")
    with django_assert_max_num_queries(len(short.captured_queries)):
        response = client.get(page_url(feedback))
    text = response.content.decode()
    assert text.count('data-testid="entry"') >= 61
    assert "<img src=x" not in text
    assert text.count("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;") >= 120  # 60 names and 60 notes
    assert "Ghi chú 59" in text and "Cán bộ" in text


def test_the_clock_and_deadline_come_from_the_reference_memo_not_a_query_per_page(feedback, login, officer):
    """The case page replays the clock with the policy versions and the ward's calendar that the per-process reference
    memo holds (issue 7): once the memo is filled, no request reads the policy or calendar tables again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.deadlines.models import CalendarOverride, DeadlinePolicy

    client = login(officer)
    assert client.get(page_url(feedback)).status_code == 200
    with CaptureQueriesContext(connection) as again:
        assert client.get(page_url(feedback)).status_code == 200
    tables = (DeadlinePolicy._meta.db_table, CalendarOverride._meta.db_table)
    assert not [q["sql"] for q in again.captured_queries if any(t in q["sql"] for t in tables)]


def test_relations_the_case_has_none_of_are_not_read_and_those_it_has_are_shown(feedback, login, officer, leader):
    """Attachments, answers and ratings are read only when the case has some (the case's query says which): most
    cases have none, and each was a query (issue 7)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.cases.models import CaseAnswer, Rating

    tables = {name: model._meta.db_table for name, model in
              (("attachments", Attachment), ("answers", CaseAnswer), ("ratings", Rating))}

    def read(client):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(page_url(feedback))
        assert response.status_code == 200
        sqls = [q["sql"] for q in ctx.captured_queries]
        return response.content.decode(), {name for name, table in tables.items()
                                           if any(sql.startswith(f'SELECT "{table}".') for sql in sqls)}

    client = login(officer)
    html, read_tables = read(client)
    assert read_tables == set()
    services.propose_answer(case=feedback, actor=officer, text="Đã sửa đèn đường trong hẻm.")
    Attachment.objects.create(case=feedback, kind="document", original_name="bien-ban.pdf", file="x/bien-ban.pdf",
                              content_type="application/pdf", size=10, sha256="a" * 64)
    html, read_tables = read(client)
    assert read_tables == {"attachments", "answers"}
    assert "Đã sửa đèn đường trong hẻm." in html and "bien-ban.pdf" in html


def test_kept_action_forms_are_what_a_fresh_render_gives(feedback, ward, login, officer, leader):
    """The empty action forms are rendered once per process and language (issue 7); what they show must not
    depend on which case, template or language asked first, and a refused form still comes back as typed."""
    import re

    from frontend.views import desk

    first = AnswerTemplate.objects.create(ward=ward, title="Mẫu một", body="Nội dung mẫu thứ nhất")
    second = AnswerTemplate.objects.create(ward=ward, title="Mẫu hai", body="Nội dung mẫu thứ hai")
    client = login(officer)

    def forms_of(html):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html[html.index('id="action-'):])

    desk._KeptForm._html.clear()
    fresh = forms_of(client.get(page_url(feedback), {"template": first.pk}).content.decode())
    kept = forms_of(client.get(page_url(feedback), {"template": first.pk}).content.decode())
    assert kept == fresh and "Nội dung mẫu thứ nhất</textarea>" in kept
    other = client.get(page_url(feedback), {"template": second.pk}).content.decode()
    assert "Nội dung mẫu thứ hai</textarea>" in other and "Nội dung mẫu thứ nhất</textarea>" not in other
    english = login(leader)
    english.cookies["django_language"] = "en"
    assert "Internal note" in english.get(page_url(feedback)).content.decode()
    assert "Ghi chú nội bộ" in client.get(page_url(feedback)).content.decode()
    refused = client.post(reverse("frontend:desk-note", kwargs={"code": feedback.tracking_code}), {"text": ""})
    assert refused.status_code == 400 and "errorlist" in refused.content.decode()


def _reasons(html: str) -> set[str]:
    form = html.split('name="reason_code"')[1].split("</select>")[0]
    return {part.split('"')[0] for part in form.split('value="')[1:]} - {""}


def test_the_reject_form_lists_the_legal_reasons_of_the_cases_kind(ward, category, department, login, leader):
    """Rendered once per process for each kind (the page keeps empty forms): a complaint's page first must not
    give a feedback's page its reasons, nor the other way round."""
    complaint = file(ward, category, kind="complaint", title="Khiếu nại quyết định xử phạt", department=department)
    feedback = file(ward, category, title="Đèn đường hỏng trước nhà số 7", department=department)
    client = login(leader)
    for _round in range(2):
        of_complaint = _reasons(client.get(page_url(complaint)).content.decode())
        of_feedback = _reasons(client.get(page_url(feedback)).content.decode())
        assert {"court", "out_of_time", "not_administrative", "no_capacity"} <= of_complaint
        assert "anonymous" not in of_complaint
        assert not {"court", "out_of_time", "no_capacity", "anonymous"} & of_feedback
        assert {"not_competent", "not_administrative", "already_resolved", "withdrawn_before", "other"} <= of_feedback


def _answers_section(html: str) -> str:
    return html.split('id="answers"', 1)[1].split("</section>", 1)[0]


def test_the_answer_sent_is_headed_as_sent_with_its_date_not_as_a_draft(ward, category, login, officer, leader):
    import datetime as dt

    import time_machine

    case = transition(case=file(ward, category, kind="complaint"), action="accept", actor=leader)
    first = services.propose_answer(case=case, actor=officer, text="Bản nháp đầu tiên của văn bản trả lời.")
    services.return_answer(answer=first, actor=leader, note="Cần dẫn chiếu Điều 28.")
    second = services.propose_answer(case=case, actor=officer, text="Giữ nguyên quyết định xử phạt số 12.")
    client = login(leader)
    pending = _answers_section(client.get(page_url(case)).content.decode())
    assert '<h2 id="answers-h">Dự thảo văn bản trả lời</h2>' in pending
    assert f'<h3 class="answer-head" id="answer-{second.pk}-h">Dự thảo văn bản trả lời, chờ lãnh đạo phê duyệt</h3>' \
        in pending
    assert f'<h3 class="answer-head" id="answer-{first.pk}-h">Dự thảo văn bản trả lời, đã trả lại</h3>' in pending

    with time_machine.travel(dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC), tick=False):  # 10:00 in Hà Nội
        services.approve_answer(answer=second, actor=leader)
    for persona in (leader, officer):
        sent = _answers_section(login(persona).get(page_url(case)).content.decode())
        assert '<h2 id="answers-h">Văn bản trả lời</h2>' in sent
        assert f'<h3 class="answer-head" id="answer-{second.pk}-h">Văn bản trả lời đã gửi ngày 20/11/2026</h3>' in sent
        assert "chờ lãnh đạo phê duyệt" not in sent
        assert "người duyệt: chutich" in sent and "20/11/2026 10:00" in sent
        assert f'<h3 class="answer-head" id="answer-{first.pk}-h">Dự thảo văn bản trả lời, đã trả lại</h3>' in sent


def test_answer_templates_added_changed_or_deleted_show_at_once(feedback, ward, login, officer):
    """The page reads the templates through the reference memo: saving or deleting one renews it."""
    client = login(officer)
    assert "Mẫu mới thêm" not in client.get(page_url(feedback)).content.decode()  # the memo holds the empty list
    template = AnswerTemplate.objects.create(ward=ward, title="Mẫu mới thêm", body="Nội dung A")
    assert "Mẫu mới thêm" in client.get(page_url(feedback)).content.decode()
    template.title = "Mẫu đã sửa"
    template.save()
    html = client.get(page_url(feedback)).content.decode()
    assert "Mẫu đã sửa" in html and "Mẫu mới thêm" not in html
    template.delete()
    assert "Mẫu đã sửa" not in client.get(page_url(feedback)).content.decode()


def test_the_case_querys_exists_are_djangos(feedback, denunciation):
    """selectors._exists_for_case() answers as Exists() does, on this database."""
    from django.db.models import Exists, OuterRef

    from portal.cases.models import Case, CaseAnswer, Rating
    from portal.cases.selectors import _exists_for_case

    Attachment.objects.create(case=denunciation, kind="document", original_name="a.pdf", content_type="application/pdf",
                              size=1, sha256="0" * 64)
    for model in (Attachment, CaseAnswer, Rating):
        rows = Case.objects.annotate(mine=_exists_for_case(model),
                                     django=Exists(model.objects.filter(case=OuterRef("pk")))).values_list(
            "pk", "mine", "django")
        assert all(mine == django for _pk, mine, django in rows), model
    assert dict(Case.objects.annotate(mine=_exists_for_case(Attachment)).values_list("pk", "mine")) == {
        feedback.pk: False, denunciation.pk: True}


def test_the_page_costs_seven_queries_for_an_officer(feedback, login, officer, django_assert_max_num_queries):
    """Issue 7: the session, the user, their memberships, the reference memo's version, the case with its assignee
    and clock events (one query), the look-alikes, the timeline. The clock events are read with the case (they were a
    query of their own), and still shown."""
    client = login(officer)
    client.get(page_url(feedback))  # fills the per-process memos
    with django_assert_max_num_queries(7):
        html = client.get(page_url(feedback)).content.decode()
    assert 'data-testid="clock-lines"' in html and 'data-testid="due-date"' in html
