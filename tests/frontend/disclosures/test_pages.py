"""The disclosure pages: the public register (search with and without diacritics, filters, bounded queries), a
disclosure's page, residents' questions (honeypot, rate limit), feeds, the quarterly list, the staff pages and
actions."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.disclosures import services
from portal.disclosures.models import Disclosure, DisclosureState, Question
from tests.conftest import log_in
from tests.disclosure_data import category, draft, pdf_bytes, posted

pytestmark = pytest.mark.django_db

REGISTER = "/cong-khai/"


@pytest.fixture
def budget(ward, officer, leader):
    return posted(ward, officer, leader, title="Công khai dự toán ngân sách phường năm 2027",
                  body="## Tổng thu\n\n12 tỷ đồng <script>alert(1)</script>")


def test_the_main_menu_links_to_the_register(client, db):
    response = client.get("/")
    assert 'href="/cong-khai/"' in response.content.decode()
    assert "Công khai" in response.content.decode()


def test_search_without_diacritics_finds_the_budget(client, budget, ward, officer, leader):
    posted(ward, officer, leader, number=13, title="Thủ tục đăng ký hộ kinh doanh", body="Hồ sơ gồm...")
    response = client.get(REGISTER, {"q": "ngan sach"})
    text = response.content.decode()
    assert response.status_code == 200
    assert budget.title in text and "hộ kinh doanh" not in text
    assert "Công khai thông tin" in text or "Công khai" in text


def test_a_word_typed_with_diacritics_finds_that_word_only(client, ward, officer, leader):
    lamps = posted(ward, officer, leader, title="Kế hoạch thay đèn đường năm 2027", body="Thay 120 bộ đèn.")
    visits = posted(ward, officer, leader, number=13, title="Lịch tiếp công dân đến hết năm", body="Thứ Năm.")
    for q, found in (("đèn", {lamps}), ("ĐÈN", {lamps}), ("Đèn duong", {lamps}), ("den", {lamps, visits}),
                     ("ĐẾN nam", {visits})):
        text = client.get(REGISTER, {"q": q}).content.decode()
        assert {d for d in (lamps, visits) if d.title in text} == found, q


def test_filters_by_ward_category_state_and_period(client, budget, ward, other_ward, officer, leader):
    from tests.factories import MembershipFactory, UserFactory

    far = MembershipFactory(user=UserFactory(username="ld2", is_staff=True), ward=other_ward, role="leader").user
    other = posted(other_ward, far, far, title="Danh sách hộ nghèo phường bên", number=7)
    text = client.get(REGISTER, {"ward": ward.code}).content.decode()
    assert budget.title in text and other.title not in text
    text = client.get(REGISTER, {"category": 7}).content.decode()
    assert other.title in text and budget.title not in text
    services.withdraw_disclosure(disclosure=other, actor=far, reason="Danh sách sai")
    text = client.get(REGISTER, {"state": "withdrawn"}).content.decode()
    assert other.title in text and "Danh sách sai" in text and budget.title not in text
    tomorrow = (budget.posted_on + dt.timedelta(days=1)).isoformat()
    assert budget.title not in client.get(REGISTER, {"posted_from": tomorrow}).content.decode()
    # Rubbish filters are ignored, never a 500.
    assert client.get(REGISTER, {"posted_from": "không-phải-ngày", "category": "x"}).status_code == 200


def test_drafts_are_not_in_the_register_nor_reachable(client, ward, officer):
    hidden = draft(ward, officer, title="Bản nháp chưa công bố")
    assert hidden.title not in client.get(REGISTER).content.decode()
    assert client.get(reverse("frontend:disclosures-detail", kwargs={"pk": hidden.pk})).status_code == 404


def test_the_register_costs_a_constant_number_of_queries(client, ward, officer, leader,
                                                         django_assert_max_num_queries):
    for n in range(25):
        posted(ward, officer, leader, title=f"Công khai số {n}")
    with django_assert_max_num_queries(8):
        response = client.get(REGISTER)
    assert response.content.decode().count('class="disclosure-card') == 20
    with django_assert_max_num_queries(8):  # a word with diacritics, rechecked as typed: no query more
        response = client.get(REGISTER, {"q": "Công khai"})
    assert response.content.decode().count('class="disclosure-card') == 20


def test_the_disclosure_page_shows_the_sanitised_body_files_and_versions(client, ward, officer, leader):
    pdf = SimpleUploadedFile("du-toan.pdf", pdf_bytes(), content_type="application/pdf")
    disclosure = posted(ward, officer, leader, body="**Tổng thu** <script>alert(1)</script>", files=[pdf])
    services.correct_disclosure(disclosure=disclosure, actor=officer, title="Dự toán (sửa)", body="Mới",
                                reason="Sửa lỗi chính tả")
    response = client.get(reverse("frontend:disclosures-detail", kwargs={"pk": disclosure.pk}))
    text = response.content.decode()
    assert "<script>alert" not in text and "Dự toán (sửa)" in text
    attachment = disclosure.attachments.get()
    assert attachment.sha256 in text and "Sửa lỗi chính tả" in text
    old = client.get(reverse("frontend:disclosures-version", kwargs={"pk": disclosure.pk, "number": 1}))
    assert "<strong>Tổng thu</strong>" in old.content.decode() and "<script>alert" not in old.content.decode()
    download = client.get(reverse("frontend:disclosures-attachment",
                                  kwargs={"pk": disclosure.pk, "attachment_id": attachment.pk}))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_a_resident_asks_and_the_contact_stays_private(client, budget, officer):
    url = reverse("frontend:disclosures-ask", kwargs={"pk": budget.pk})
    response = client.post(url, {"q-body": "Xin hỏi khoản chi cho hẻm 12 là bao nhiêu?", "q-author_name": "Mai",
                                 "q-contact": "0912345678"})
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.contact == "0912345678" and question.public_name == ""
    text = client.get(reverse("frontend:disclosures-detail", kwargs={"pk": budget.pk})).content.decode()
    assert "hẻm 12" in text and "0912345678" not in text and "Mai" not in text
    log_in(client, officer)
    staff_text = client.get(reverse("frontend:disclosures-detail", kwargs={"pk": budget.pk})).content.decode()
    assert "0912345678" in staff_text


def test_an_invalid_question_keeps_what_was_typed(client, budget):
    url = reverse("frontend:disclosures-ask", kwargs={"pk": budget.pk})
    response = client.post(url, {"q-body": "Hỏi", "q-show_name": "on", "q-author_name": ""})
    assert response.status_code == 400 and "Hỏi" in response.content.decode()
    assert not Question.objects.exists()


def test_the_honeypot_swallows_spam(client, budget):
    url = reverse("frontend:disclosures-ask", kwargs={"pk": budget.pk})
    response = client.post(url, {"q-body": "Mua thuốc giá rẻ tại đây!!!", "q-website": "http://spam.example"})
    assert response.status_code == 302 and not Question.objects.exists()


def test_questions_are_rate_limited(client, budget, settings):
    settings.RATE_SUBMIT = "2/h"
    url = reverse("frontend:disclosures-ask", kwargs={"pk": budget.pk})
    codes = [client.post(url, {"q-body": f"Câu hỏi số {n} của tôi"}).status_code for n in range(3)]
    assert codes == [302, 302, 429] and Question.objects.count() == 2


def test_staff_answer_and_hide_on_the_page(client, budget, officer, supervisor):
    question = services.ask_question(disclosure=budget, actor=None, body="Khoản thu phí chợ bao nhiêu?")
    abuse = services.ask_question(disclosure=budget, actor=None, body="Số điện thoại ông A là 0901234567")
    log_in(client, supervisor)
    answer_url = reverse("frontend:disclosures-staff-answer", kwargs={"pk": budget.pk, "question_id": question.pk})
    assert client.post(answer_url, {"answer": "x"}).status_code == 403
    log_in(client, officer)
    assert client.post(answer_url, {"answer": "Phí chợ năm 2027 là 1,2 tỷ đồng."}).status_code == 302
    hide_url = reverse("frontend:disclosures-staff-hide", kwargs={"pk": budget.pk, "kind": "cau-hoi",
                                                                   "post_id": abuse.pk})
    assert client.post(hide_url, {"reason": "Lộ thông tin cá nhân"}).status_code == 302
    client.logout()
    text = client.get(reverse("frontend:disclosures-detail", kwargs={"pk": budget.pk})).content.decode()
    # The hidden question stays listed with the moderators' reason, without its text.
    assert "1,2 tỷ đồng" in text and "0901234567" not in text and "Lộ thông tin cá nhân" in text


def test_a_leader_publishes_from_the_staff_pages(client, ward, officer, leader):
    log_in(client, officer)
    response = client.post(reverse("frontend:disclosures-staff-new"), {
        "category": category(2).pk, "title": "Quyết toán ngân sách năm 2026", "body": "Chi tiết",
        "decision_date": dt.date.today().isoformat(), "posting_start": dt.date.today().isoformat(),
        "posting_end": (dt.date.today() + dt.timedelta(days=10)).isoformat(), "forms": ["portal"]})
    assert response.status_code == 400 and "Quyết toán ngân sách năm 2026" in response.content.decode()
    assert "30" in response.content.decode()
    response = client.post(reverse("frontend:disclosures-staff-new"), {
        "category": category(2).pk, "title": "Quyết toán ngân sách năm 2026", "body": "Chi tiết",
        "decision_date": dt.date.today().isoformat(), "posting_start": dt.date.today().isoformat(),
        "posting_end": (dt.date.today() + dt.timedelta(days=40)).isoformat(), "forms": ["portal", "office_board"],
        "files": [SimpleUploadedFile("qt.pdf", pdf_bytes(), content_type="application/pdf")]})
    assert response.status_code == 302
    disclosure = Disclosure.objects.get()
    publish = reverse("frontend:disclosures-staff-action", kwargs={"pk": disclosure.pk, "action": "publish"})
    assert client.post(publish).status_code == 403
    log_in(client, leader)
    assert client.post(publish).status_code == 302
    disclosure.refresh_from_db()
    assert disclosure.state == DisclosureState.POSTED
    assert AuditEvent.objects.filter(action="disclosure.published", actor=leader).exists()


@pytest.mark.parametrize("day", ["1900-01-01", "2200-01-01"])
def test_a_decision_date_outside_the_working_calendar_keeps_what_was_typed(client, ward, officer, day):
    log_in(client, officer)
    response = client.post(reverse("frontend:disclosures-staff-new"), {
        "category": category(4).pk, "title": "Quy chế dân chủ ở cơ sở", "body": "Nội dung", "decision_date": day,
        "posting_start": day, "forms": ["portal"]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Chọn một ngày trong các năm từ 1901 đến 2100." in page
    assert "Quy chế dân chủ ở cơ sở" in page and f'value="{day}"' in page
    assert not Disclosure.objects.exists()


def test_a_withdrawal_without_reason_is_refused_with_a_message(client, budget, leader):
    log_in(client, leader)
    url = reverse("frontend:disclosures-staff-action", kwargs={"pk": budget.pk, "action": "withdraw"})
    assert client.post(url, {"reason": ""}).status_code == 400
    assert Disclosure.objects.get().state == DisclosureState.POSTED


def test_the_staff_page_lists_late_and_running_out(client, ward, officer, leader, supervisor):
    today = dt.date.today()
    late = posted(ward, officer, leader, decision_date=today - dt.timedelta(days=20), title="Đăng trễ hạn")
    short = posted(ward, officer, leader, number=14, title="Sắp hết hạn niêm yết", end=today + dt.timedelta(days=2))
    log_in(client, supervisor)
    text = client.get(reverse("frontend:disclosures-staff")).content.decode()
    assert late.title in text and short.title in text


def test_staff_pages_need_a_ward_role(client, resident):
    url = reverse("frontend:disclosures-staff")
    assert client.get(url).status_code == 302
    log_in(client, resident)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("name", ["disclosures-ward-rss", "disclosures-ward-atom"])
def test_feeds_are_valid_xml_with_the_public_disclosures(client, budget, ward, officer, name):
    draft(ward, officer, title="Nháp không được vào nguồn tin")
    services.ask_question(disclosure=budget, actor=None, body="Câu hỏi riêng tư", contact="bi-mat@example.vn")
    response = client.get(reverse(f"frontend:{name}", kwargs={"ward_code": ward.code}))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    text = response.content.decode()
    assert budget.title in text and "Nháp không" not in text and "bi-mat@example.vn" not in text
    if name.endswith("rss"):
        items = root.findall("./channel/item")
        assert [i.findtext("title") for i in items] == [budget.title]
    else:
        ns = {"a": "http://www.w3.org/2005/Atom"}
        assert [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)] == [budget.title]


def test_the_atom_feed_gives_each_entry_an_iri_for_id_and_names_its_author(client, budget, ward, settings):
    """RFC 4287: atom:id is an IRI (it was "disclosure-1-v1"), and a feed without an author in every entry has one."""
    settings.SITE_URL = "https://phuong.example.vn"
    root = ET.fromstring(client.get(reverse("frontend:disclosures-ward-atom", kwargs={"ward_code": ward.code})).content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.findtext("a:author/a:name", namespaces=ns) == ward.name
    ids = [entry.findtext("a:id", namespaces=ns) for entry in root.findall("a:entry", ns)]
    assert ids == [f"https://phuong.example.vn/cong-khai/{budget.pk}/phien-ban/{budget.version_number}/"]
    assert client.get(ids[0].removeprefix("https://phuong.example.vn")).status_code == 200


@pytest.mark.parametrize("name", ["disclosures-ward-rss", "disclosures-ward-atom"])
def test_a_disclosure_pasted_from_a_word_processor_keeps_the_feeds_working(client, budget, ward, name):
    """Word's manual line break is U+000B, which XML 1.0 cannot hold: Django's feed refused it (a 500 for the ward's
    feeds) as long as one disclosure had it."""
    Disclosure.objects.filter(pk=budget.pk).update(title="Dự toán\x0bngân sách", body_html="<p>Thu\x0bchi\x07</p>")
    response = client.get(reverse(f"frontend:{name}", kwargs={"ward_code": ward.code}))
    assert response.status_code == 200
    text = ET.tostring(ET.fromstring(response.content), encoding="unicode")
    assert "Dự toán\nngân sách" in text and "Thu\nchi" in text


def test_category_feeds_hold_only_their_category(client, budget, ward):
    rss = client.get(reverse("frontend:disclosures-category-rss", kwargs={"ward_code": ward.code, "number": 7}))
    assert ET.fromstring(rss.content).findall("./channel/item") == []
    atom = client.get(reverse("frontend:disclosures-category-atom", kwargs={"ward_code": ward.code, "number": 2}))
    assert len(ET.fromstring(atom.content).findall("{http://www.w3.org/2005/Atom}entry")) == 1


def test_the_quarterly_list_and_its_printable_page(client, budget, ward):
    day = budget.posted_on
    quarter = (day.month - 1) // 3 + 1
    kwargs = {"ward_code": ward.code, "year": day.year, "quarter": quarter}
    page = client.get(reverse("frontend:disclosures-quarterly", kwargs=kwargs))
    assert page.status_code == 200 and budget.title in page.content.decode()
    printable = client.get(reverse("frontend:disclosures-quarterly-print", kwargs=kwargs)).content.decode()
    assert budget.title in printable and "disclosures_print.css" in printable
    other = client.get(reverse("frontend:disclosures-quarterly", kwargs={**kwargs, "year": day.year - 2}))
    assert budget.title not in other.content.decode()
    assert client.get(reverse("frontend:disclosures-quarterly", kwargs={**kwargs, "quarter": 5})).status_code == 404


def test_no_page_deletes_anything(client, budget, leader):
    log_in(client, leader)
    for url in (reverse("frontend:disclosures-detail", kwargs={"pk": budget.pk}),
                reverse("frontend:disclosures-staff-edit", kwargs={"pk": budget.pk})):
        assert client.delete(url).status_code in (403, 405)
    assert Disclosure.objects.count() == 1


def test_the_admin_has_no_delete_permission(rf, budget):
    from django.contrib import admin as django_admin
    from django.contrib.auth import get_user_model

    from portal.disclosures.models import DisclosureCategory

    request = rf.get("/admin/")
    request.user = get_user_model().objects.create_superuser("root", "root@example.vn", "x")
    for model in (Disclosure, DisclosureCategory):
        model_admin = django_admin.site._registry[model]
        assert not model_admin.has_delete_permission(request, None)
        assert "delete_selected" not in model_admin.get_actions(request)
    from portal.disclosures.models import Comment, DisclosureVersion

    for model in (DisclosureVersion, Question, Comment):
        assert model not in django_admin.site._registry


def test_the_page_is_in_vietnamese(client, budget):
    text = client.get(reverse("frontend:disclosures-detail", kwargs={"pk": budget.pk})).content.decode()
    for english in ("Posting period", "Questions and answers", "Ask the ward", "Versions", "Forms of disclosure"):
        assert english not in text


def test_a_consultation_on_the_page_from_comments_to_the_published_synthesis(client, budget, officer):
    import time_machine

    today = budget.posted_on
    consultation = services.open_consultation(disclosure=budget, actor=officer, question="Ý kiến về dự toán?",
                                              opens_on=today, closes_on=today + dt.timedelta(days=19), today=today)
    page = reverse("frontend:disclosures-detail", kwargs={"pk": budget.pk})
    url = reverse("frontend:disclosures-comment", kwargs={"pk": budget.pk})
    response = client.post(url, {"c-body": "Đề nghị tăng chi cho chiếu sáng hẻm.", "c-contact": "0988000111"})
    assert response.status_code == 302
    text = client.get(page).content.decode()
    assert "Đề nghị tăng chi cho chiếu sáng hẻm." in text and "0988000111" not in text
    assert "Gửi góp ý" in text  # the form, while the period is open
    closed = today + dt.timedelta(days=20)
    with time_machine.travel(dt.datetime(closed.year, closed.month, closed.day, 3, 0, tzinfo=dt.UTC), tick=False):
        assert client.post(url, {"c-body": "Góp ý sau khi đã hết hạn."}).status_code == 400
        assert "Gửi góp ý" not in client.get(page).content.decode()
        log_in(client, officer)
        synthesis = reverse("frontend:disclosures-staff-action", kwargs={"pk": budget.pk, "action": "synthesis"})
        response = client.post(synthesis, {"synthesis": "Có 1 ý kiến đề nghị tăng chi chiếu sáng.",
                                           "explanation": "Phường tiếp thu, bổ sung 50 triệu đồng."})
        assert response.status_code == 302
        client.logout()
        text = client.get(page).content.decode()
    assert "Phường tiếp thu, bổ sung 50 triệu đồng." in text
    consultation.refresh_from_db()
    assert consultation.comments.count() == 1 and consultation.synthesis_published_at is not None


def test_the_read_only_pages_answer_head_as_get_without_a_body(client, ward, officer, leader):
    """Link checkers and monitors ask with HEAD; a page that answers GET must not refuse it with 405."""
    pdf = SimpleUploadedFile("du-toan.pdf", pdf_bytes(), content_type="application/pdf")
    disclosure = posted(ward, officer, leader, files=[pdf])
    day = disclosure.posted_on
    quarter = {"ward_code": ward.code, "year": day.year, "quarter": (day.month - 1) // 3 + 1}
    public = [REGISTER, reverse("frontend:disclosures-detail", kwargs={"pk": disclosure.pk}),
              reverse("frontend:disclosures-version", kwargs={"pk": disclosure.pk, "number": 1}),
              reverse("frontend:disclosures-attachment",
                      kwargs={"pk": disclosure.pk, "attachment_id": disclosure.attachments.get().pk}),
              reverse("frontend:disclosures-quarterly", kwargs=quarter),
              reverse("frontend:disclosures-quarterly-print", kwargs=quarter)]
    for address in public:
        response = client.head(address)
        assert (address, response.status_code, response.getvalue()) == (address, 200, b"")
    assert client.post(REGISTER).status_code == 405
    log_in(client, leader)
    response = client.head(reverse("frontend:disclosures-staff"))
    assert response.status_code == 200 and response.content == b""
