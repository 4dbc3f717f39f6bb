"""The recommendations page of the People's Inspection Board (/can-bo/kien-nghi/): the desk menu leads there for the
roles that use it, a supervisor of one ward files without choosing it, and a refused answer comes back with its
error and the typed text instead of a silent redirect."""

import html
import re

import pytest
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.cases.models import Recommendation
from portal.cases.recommendations import answer_recommendation, file_recommendation
from tests.factories import MembershipFactory, UserFactory

from .helpers import file

pytestmark = pytest.mark.django_db

QUEUE = reverse("frontend:desk-queue")
PAGE = reverse("frontend:recommendations")


def nav_links(response) -> dict[str, str]:
    nav = response.content.decode().split('class="desk-nav"', 1)[1].split("</nav>", 1)[0]
    return {text: href for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)}


def answer_url(rec) -> str:
    return reverse("frontend:recommendation-answer", kwargs={"pk": rec.pk})


def ward_select(response) -> str:
    return re.search(r'<select name="ward"[^>]*>(.*?)</select>', response.content.decode(), re.S).group(1)


def card(response, rec) -> str:
    page = response.content.decode()
    return page.split(f'<li class="card" id="rec-{rec.pk}">', 1)[1].split("\n  </li>", 1)[0]


@pytest.fixture
def recs(ward, supervisor):
    return [file_recommendation(ward=ward, actor=supervisor, title=title, body="Đề nghị phường trả lời đúng hạn.")
            for title in ("Công khai thu chi quỹ", "Chậm sửa đèn đường")]


@pytest.mark.parametrize("persona", ["leader", "supervisor"])
def test_the_desk_menu_leads_the_leaders_and_supervisors_to_the_recommendations(request, login, persona):
    client = login(request.getfixturevalue(persona))
    link = nav_links(client.get(QUEUE))["Kiến nghị"]
    assert link == PAGE == "/can-bo/kien-nghi/"
    response = client.get(link)
    assert response.status_code == 200
    # the page keeps the desk menu, with itself as the current page
    assert re.search(r'<a href="/can-bo/kien-nghi/" aria-current="page">Kiến nghị</a>', response.content.decode())


def test_an_officer_is_not_offered_the_recommendations(login, officer):
    client = login(officer)
    assert "Kiến nghị" not in nav_links(client.get(QUEUE))
    assert client.get(PAGE).status_code == 403


def test_a_supervisor_of_one_ward_files_without_choosing_it(login, ward, supervisor):
    client = login(supervisor)
    options = re.findall(r'<option value="([^"]*)"( selected)?>', ward_select(client.get(PAGE)))
    assert options == [(str(ward.pk), " selected")]  # no "---------" to pick first
    response = client.post(PAGE, {"ward": str(ward.pk), "case_code": "", "title": "Đèn đường",
                                  "body": "Đề nghị kiểm tra đèn đường hẻm 12."})
    assert response.status_code == 302
    assert Recommendation.objects.get().ward == ward


def test_a_supervisor_of_two_wards_chooses_one(login, ward, other_ward):
    both = UserFactory(username="thanhtra_hai_phuong")
    MembershipFactory(user=both, ward=ward, role="supervisor")
    MembershipFactory(user=both, ward=other_ward, role="supervisor")
    client = login(both)
    select = ward_select(client.get(PAGE))
    assert '<option value="" selected>— chọn phường —</option>' in select
    assert f'value="{ward.pk}"' in select and f'value="{other_ward.pk}"' in select
    response = client.post(PAGE, {"ward": "", "title": "Đèn đường", "body": "Đề nghị kiểm tra."})
    assert response.status_code == 400
    assert "Đề nghị kiểm tra." in response.content.decode()  # what was typed stays


def test_filing_about_a_case_of_another_ward_is_an_error_beside_the_code(login, ward, other_ward, category,
                                                                          supervisor):
    elsewhere = file(other_ward, category)
    response = login(supervisor).post(PAGE, {"ward": str(ward.pk), "case_code": elsewhere.tracking_code,
                                             "title": "Đèn đường", "body": "Đề nghị kiểm tra đèn đường."})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Phường không có đơn nào với mã này." in page and "Đề nghị kiểm tra đèn đường." in page
    assert not Recommendation.objects.exists()


def test_a_recommendation_too_long_is_an_error_with_the_text_kept(login, ward, supervisor):
    """The body had no limit: 200,000 characters were filed and shown whole on the page of every leader and
    supervisor of the ward."""
    body = ("Đề nghị phường kiểm tra. " * 401).strip()  # 10,024 characters
    response = login(supervisor).post(PAGE, {"ward": str(ward.pk), "case_code": "", "title": "Đèn đường",
                                             "body": body})
    assert response.status_code == 400
    page = response.content.decode()
    assert f"Giá trị này chỉ có tối đa 10000 kí tự (hiện có {len(body)})" in page
    assert f">\n{body}</textarea>" in page and 'maxlength="10000"' in page
    assert not Recommendation.objects.exists()


def test_an_answer_too_long_is_an_error_beside_it_with_the_text_kept(login, leader, recs):
    rec = recs[0]
    typed = ("Phường đã niêm yết công khai. " * 340).strip()  # 10,199 characters
    response = login(leader).post(answer_url(rec), {"answer": typed})
    assert response.status_code == 400
    item = card(response, rec)
    assert f"Giá trị này chỉ có tối đa 10000 kí tự (hiện có {len(typed)})" in item and typed in item
    rec.refresh_from_db()
    assert rec.state == "open" and rec.answer == ""


def test_a_blank_answer_is_an_error_beside_it_not_a_silent_redirect(login, leader, recs):
    rec, other = recs
    client = login(leader)
    events = AuditEvent.objects.count()
    response = client.post(answer_url(rec), {"answer": "   \n  "})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page and "Vui lòng sửa các lỗi trong biểu mẫu dưới đây." in page
    assert f'href="#rec-{rec.pk}"' in page
    assert "Vui lòng nhập nội dung trả lời của phường." in card(response, rec)
    assert "Vui lòng nhập nội dung trả lời của phường." not in card(response, other)
    rec.refresh_from_db()
    assert rec.state == "open" and rec.answer == ""
    assert AuditEvent.objects.count() == events
    # each recommendation's form has ids of its own
    ids = re.findall(r'<textarea name="answer"[^>]* id="([^"]+)"', page)
    assert sorted(ids) == sorted([f"id_rec{rec.pk}_answer", f"id_rec{other.pk}_answer"])


def test_an_answer_refused_because_another_leader_answered_first_keeps_the_text(login, ward, leader, recs):
    rec = recs[0]
    client = login(leader)
    client.get(PAGE)
    second = MembershipFactory(user=UserFactory(username="phochutich"), ward=ward, role="leader").user
    answer_recommendation(recommendation=rec, actor=second, answer="Đã niêm yết ngày 01/12.")
    typed = "Phường đã niêm yết công khai thu chi quỹ tại trụ sở & nhà văn hóa."
    response = client.post(answer_url(rec), {"answer": typed})
    assert response.status_code == 400
    item = card(response, rec)
    assert "Kiến nghị này đã được trả lời." in item
    assert html.escape(typed) in item  # kept in the form, next to the answer given meanwhile
    assert "Đã niêm yết ngày 01/12." in item
    rec.refresh_from_db()
    assert rec.answer == "Đã niêm yết ngày 01/12."


def test_an_answer_is_recorded_and_redirects_with_a_message(login, leader, recs):
    rec = recs[0]
    client = login(leader)
    response = client.post(answer_url(rec), {"answer": "  Đã niêm yết ngày 01/12.  "})
    assert response.status_code == 302 and response["Location"] == PAGE
    rec.refresh_from_db()
    assert rec.state == "answered" and rec.answer == "Đã niêm yết ngày 01/12."
    page = client.get(PAGE)
    assert "Nội dung trả lời đã được ghi nhận và gửi đến Ban Thanh tra nhân dân." in page.content.decode()
    assert '<textarea name="answer"' not in card(page, rec)


def test_only_the_leaders_of_its_ward_get_an_answer_form(login, ward, other_ward, supervisor, recs):
    board_and_leader = UserFactory(username="lanh_dao_phuong_khac")
    MembershipFactory(user=board_and_leader, ward=ward, role="supervisor")
    MembershipFactory(user=board_and_leader, ward=other_ward, role="leader")
    other = file_recommendation(ward=other_ward, actor=MembershipFactory(
        user=UserFactory(username="thanhtra_bt"), ward=other_ward, role="supervisor").user,
        title="Đối thoại định kỳ", body="Đề nghị tổ chức đối thoại.")
    response = login(board_and_leader).get(PAGE)
    assert '<textarea name="answer"' in card(response, other)
    assert '<textarea name="answer"' not in card(response, recs[0])  # he supervises that ward: he files, not answers
    assert '<textarea name="answer"' not in login(supervisor).get(PAGE).content.decode()
