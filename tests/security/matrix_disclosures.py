"""Permission matrix cells of public disclosures (/cong-khai/, /can-bo/cong-khai/, /api/v1/disclosures/).

The matrix world has no disclosures: the first cell of each test builds them (through the services, inside the test's
savepoint, so they are rolled back with it) before the database snapshot. In the matrix ward MX01: a posted disclosure
with a PDF, a question whose author left a private contact, and an open comment period; a second posted one without
a comment period; and a draft. Who is who here: the ward's officers (officer_dept, its peer, officer_other_dept) and
leader work disclosures; the leader alone publishes, ends early and withdraws; the supervisor reads everything,
drafts included, and changes nothing; the officer of the other ward sees only what is public; the ward's admin and
residents have no staff role."""

DRAFT_TITLE = "Bản nháp công khai của ma trận phân quyền"
QUESTION_CONTACT = "lienhe.rieng.mx@example.vn"


def cells():
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.core.timeutil import local_today
    from portal.disclosures import services
    from portal.disclosures.models import Disclosure
    from tests.disclosure_data import disclosure_input, pdf_bytes

    from .test_permission_matrix import (
        ALLOW,
        HIDE,
        LEADER,
        OFFICER,
        OTHER_DEPT,
        OTHER_WARD,
        PEER,
        SUPERVISOR,
        WARD_STAFF,
        Cell,
        const,
        everyone,
        only,
        staff,
    )

    workers = [OFFICER, PEER, OTHER_DEPT, LEADER]
    readers = [*workers, SUPERVISOR]
    not_leader = [OFFICER, PEER, OTHER_DEPT, SUPERVISOR]

    def data(w):
        """Build the disclosures once per test (the savepoint of the previous test took them away)."""
        cached = getattr(w, "_disclosures", None)
        if cached and Disclosure.objects.filter(pk=cached["posted"]).exists():
            return cached
        officer, leader = w.users[OFFICER], w.users[LEADER]
        today = local_today()
        pdf = SimpleUploadedFile("du-toan.pdf", pdf_bytes(), content_type="application/pdf")
        main = services.create_disclosure(ward=w.ward, actor=officer, data=disclosure_input(
            title="Dự toán ngân sách phường ma trận", files=[pdf], today=today))
        main = services.publish_disclosure(disclosure=main, actor=leader)
        question = services.ask_question(disclosure=main, actor=None, body="Khoản chi này dùng vào việc gì?",
                                         contact=QUESTION_CONTACT)
        consultation = services.open_consultation(disclosure=main, actor=officer, question="Ý kiến của bà con?",
                                                  opens_on=today, closes_on=today + dt.timedelta(days=29))
        comment = services.submit_comment(consultation=consultation, actor=None, body="Tôi đồng ý với dự toán.",
                                          contact=QUESTION_CONTACT)
        plain = services.create_disclosure(ward=w.ward, actor=officer, data=disclosure_input(
            title="Danh sách hộ được hỗ trợ (ma trận)", number=7, today=today))
        plain = services.publish_disclosure(disclosure=plain, actor=leader)
        draft = services.create_disclosure(ward=w.ward, actor=officer,
                                           data=disclosure_input(title=DRAFT_TITLE, today=today))
        w._disclosures = {"posted": main.pk, "plain": plain.pk, "draft": draft.pk, "question": question.pk,
                          "comment": comment.pk, "attachment": main.attachments.get().pk}
        return w._disclosures

    def pk(which):
        return lambda w, p: {"pk": data(w)[which]}

    def question(w, p):
        return {"pk": data(w)["posted"], "question_id": data(w)["question"]}

    def hide(kind, key):
        return lambda w, p: {"pk": data(w)["posted"], "kind": kind, "post_id": data(w)[key]}

    def api_post(key):
        return lambda w, p: {"pk": data(w)["posted"], "post_id": data(w)[key]}

    def attachment(w, p):
        return {"pk": data(w)["posted"], "attachment_id": data(w)["attachment"]}

    def draft_only_for_readers(w, persona, text):
        if persona in readers:
            assert DRAFT_TITLE in text, f"{persona} should see the ward's draft"
        else:
            assert DRAFT_TITLE not in text, f"{persona} must not see the draft"

    def draft_hidden_from_outsiders(w, persona, text):
        if persona not in readers:
            assert DRAFT_TITLE not in text, f"{persona} must not see the draft"

    def no_draft(w, persona, text):
        assert DRAFT_TITLE not in text, f"{persona} sees the draft on a public page"

    def contact_only_for_readers(w, persona, text):
        if persona not in readers:
            assert QUESTION_CONTACT not in text, f"{persona} sees a resident's private contact"

    ward = lambda w, p: {"ward_code": w.ward.code}  # noqa: E731
    today = local_today()
    quarter = lambda w, p: {"ward_code": w.ward.code, "year": today.year, "quarter": (today.month - 1) // 3 + 1}  # noqa: E731
    public = dict(public=True, checks=(no_draft, contact_only_for_readers))
    reason = const(reason="Lý do thử của ma trận phân quyền.")
    post_body = const(**{"q-body": "Xin hỏi tiến độ thực hiện dự toán?"})
    comment_body = const(**{"c-body": "Tôi đề nghị công khai chi tiết hơn."})
    day = today.isoformat()
    new_disclosure = lambda w, p: {  # noqa: E731
        "ward": w.ward.code, "category": 14, "title": "Thông báo của ma trận", "decision_date": day,
        "posting_start": day, "posting_end": day, "forms": ["portal"]}

    def page_kwargs_draft(w, p):
        return {"pk": data(w)["draft"]}

    return {
        # --- public pages ---------------------------------------------------------------------------------------
        "frontend:disclosures-register": [
            Cell("GET", everyone(ALLOW), kwargs=lambda w, p: (data(w), {})[1], **public),
            Cell("GET", everyone(ALLOW), variant="search", query=lambda w, p: (data(w), {"q": "ngan sach"})[1],
                 **public),
        ],
        "frontend:disclosures-detail": [
            Cell("GET", everyone(ALLOW), kwargs=pk("posted"), checks=(no_draft, contact_only_for_readers)),
            Cell("GET", only(ALLOW, readers, others=HIDE), variant="draft", kwargs=page_kwargs_draft,
                 checks=(draft_only_for_readers,)),
        ],
        "frontend:disclosures-version": [
            Cell("GET", everyone(ALLOW), kwargs=lambda w, p: {**pk("posted")(w, p), "number": 1}, **public),
            Cell("GET", only(ALLOW, readers, others=HIDE), variant="draft",
                 kwargs=lambda w, p: {"pk": data(w)["draft"], "number": 1}),
        ],
        "frontend:disclosures-attachment": [Cell("GET", everyone(ALLOW), kwargs=attachment)],
        "frontend:disclosures-ask": [Cell("POST", everyone(ALLOW), kwargs=pk("posted"), body=post_body)],
        "frontend:disclosures-comment": [Cell("POST", everyone(ALLOW), kwargs=pk("posted"), body=comment_body)],
        "frontend:disclosures-quarterly": [Cell("GET", everyone(ALLOW), kwargs=quarter, **public)],
        "frontend:disclosures-quarterly-print": [Cell("GET", everyone(ALLOW), kwargs=quarter, **public)],
        "frontend:disclosures-ward-rss": [Cell("GET", everyone(ALLOW), kwargs=ward, **public)],
        "frontend:disclosures-ward-atom": [Cell("GET", everyone(ALLOW), kwargs=ward, **public)],
        "frontend:disclosures-category-rss": [
            Cell("GET", everyone(ALLOW), kwargs=lambda w, p: {"ward_code": w.ward.code, "number": 2}, **public)],
        "frontend:disclosures-category-atom": [
            Cell("GET", everyone(ALLOW), kwargs=lambda w, p: {"ward_code": w.ward.code, "number": 2}, **public)],
        # --- staff pages ----------------------------------------------------------------------------------------
        "frontend:disclosures-staff": [
            Cell("GET", staff(allow=WARD_STAFF), query=lambda w, p: (data(w), {})[1],
                 checks=(draft_only_for_readers,))],
        "frontend:disclosures-staff-new": [
            Cell("GET", staff(allow=[*workers, OTHER_WARD], forbid=[SUPERVISOR])),
            Cell("POST", staff(allow=[*workers, OTHER_WARD], forbid=[SUPERVISOR]), body=const(title="")),
        ],
        "frontend:disclosures-staff-edit": [
            Cell("GET", staff(allow=workers, forbid=[SUPERVISOR, OTHER_WARD]), kwargs=pk("posted")),
            Cell("POST", staff(allow=workers, forbid=[SUPERVISOR, OTHER_WARD]), kwargs=pk("posted"),
                 body=const(title="Dự toán (đính chính)", body="Mới", reason="Sửa số liệu")),
            Cell("GET", staff(allow=workers, forbid=[SUPERVISOR], hide=[OTHER_WARD]), variant="draft",
                 kwargs=page_kwargs_draft, checks=(draft_hidden_from_outsiders,)),
        ],
        "frontend:disclosures-staff-action": [
            Cell("POST", staff(allow=[LEADER], forbid=not_leader, hide=[OTHER_WARD]), variant="publish",
                 kwargs=lambda w, p: {"pk": data(w)["draft"], "action": "publish"}),
            Cell("POST", staff(allow=[LEADER], forbid=[*not_leader, OTHER_WARD]), variant="withdraw",
                 kwargs=lambda w, p: {"pk": data(w)["posted"], "action": "withdraw"}, body=reason),
            Cell("POST", staff(allow=[LEADER], forbid=[*not_leader, OTHER_WARD]), variant="end-early",
                 kwargs=lambda w, p: {"pk": data(w)["posted"], "action": "end-early"}, body=reason),
            Cell("POST", staff(allow=workers, forbid=[SUPERVISOR, OTHER_WARD]), variant="consult",
                 kwargs=lambda w, p: {"pk": data(w)["plain"], "action": "consult"},
                 body=const(question="Ý kiến?", opens_on=day,
                            closes_on=(today + dt.timedelta(days=25)).isoformat())),
            Cell("POST", staff(allow=workers, forbid=[SUPERVISOR, OTHER_WARD]), variant="synthesis",
                 kwargs=lambda w, p: {"pk": data(w)["posted"], "action": "synthesis"},
                 body=const(synthesis="Tổng hợp", explanation="Giải trình")),
        ],
        "frontend:disclosures-staff-answer": [
            Cell("POST", staff(allow=workers, forbid=[SUPERVISOR, OTHER_WARD]), kwargs=question,
                 body=const(answer="Phường trả lời công khai."))],
        "frontend:disclosures-staff-hide": [
            Cell("POST", staff(allow=workers, forbid=[SUPERVISOR, OTHER_WARD]), variant="question",
                 kwargs=hide("cau-hoi", "question"), body=reason),
            Cell("POST", staff(allow=workers, forbid=[SUPERVISOR, OTHER_WARD]), variant="comment",
                 kwargs=hide("gop-y", "comment"), body=reason),
        ],
        # --- API ----------------------------------------------------------------------------------------------------
        "api:disclosures-list": [
            Cell("GET", everyone(ALLOW), query=lambda w, p: (data(w), {})[1], checks=(draft_only_for_readers,)),
            Cell("POST", staff(allow=workers, forbid=[SUPERVISOR, OTHER_WARD]), body=new_disclosure),
        ],
        "api:disclosures-categories": [Cell("GET", everyone(ALLOW), public=True)],
        "api:disclosures-staff-overview": [
            Cell("GET", staff(allow=WARD_STAFF), query=lambda w, p: (data(w), {})[1],
                 checks=(draft_only_for_readers,))],
        "api:disclosures-detail": [
            Cell("GET", everyone(ALLOW), kwargs=pk("posted"), **public),
            Cell("GET", only(ALLOW, readers, others=HIDE), variant="draft", kwargs=page_kwargs_draft),
        ],
        "api:disclosures-attachment": [Cell("GET", everyone(ALLOW), kwargs=attachment)],
        "api:disclosures-publish": [
            Cell("POST", staff(allow=[LEADER], forbid=not_leader, hide=[OTHER_WARD]), kwargs=page_kwargs_draft)],
        "api:disclosures-update-draft": [
            Cell("POST", staff(allow=workers, forbid=[SUPERVISOR], hide=[OTHER_WARD]), kwargs=page_kwargs_draft,
                 body=const(title=""))],
        "api:disclosures-correct": [
            Cell("POST", staff(allow=workers, forbid=[SUPERVISOR, OTHER_WARD]), kwargs=pk("posted"),
                 body=const(title="Dự toán (đính chính)", body="Mới", reason="Sửa số liệu"))],
        "api:disclosures-end-early": [
            Cell("POST", staff(allow=[LEADER], forbid=[*not_leader, OTHER_WARD]), kwargs=pk("posted"), body=reason)],
        "api:disclosures-withdraw": [
            Cell("POST", staff(allow=[LEADER], forbid=[*not_leader, OTHER_WARD]), kwargs=pk("posted"), body=reason)],
        "api:disclosures-consultation": [
            Cell("POST", staff(allow=workers, forbid=[SUPERVISOR, OTHER_WARD]), kwargs=pk("plain"),
                 body=const(question="Ý kiến?", opens_on=day, closes_on=(today + dt.timedelta(days=25)).isoformat()))],
        "api:disclosures-synthesis": [
            Cell("POST", staff(allow=workers, forbid=[SUPERVISOR, OTHER_WARD]), kwargs=pk("posted"),
                 body=const(synthesis="Tổng hợp", explanation="Giải trình"))],
        "api:disclosures-questions": [
            Cell("POST", everyone(ALLOW), kwargs=pk("posted"), body=const(body="Xin hỏi tiến độ thực hiện?"))],
        "api:disclosures-answer": [
            Cell("POST", staff(allow=workers, forbid=[SUPERVISOR, OTHER_WARD]), kwargs=question,
                 body=const(answer="Phường trả lời công khai."))],
        "api:disclosures-question-hide": [
            Cell("POST", staff(allow=workers, forbid=[SUPERVISOR, OTHER_WARD]), kwargs=api_post("question"),
                 body=reason)],
        "api:disclosures-comments": [
            Cell("POST", everyone(ALLOW), kwargs=pk("posted"), body=const(body="Tôi đề nghị công khai chi tiết."))],
        "api:disclosures-comment-hide": [
            Cell("POST", staff(allow=workers, forbid=[SUPERVISOR, OTHER_WARD]), kwargs=api_post("comment"),
                 body=reason)],
    }


