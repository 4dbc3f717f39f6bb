"""A resident's message to the ward: the case's assignee is told while they may still work the case; an assignee who
left is told nothing of it, and the ward's leaders are asked to assign the case again (as the deadline sweep does).
When nobody is assigned, the ward's active leaders are told and asked to assign it. Staff get the link only, never
the resident's words, and a constant number of queries writes the leaders' e-mails, however many leaders there are."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portal.cases import services
from portal.cases.models import Case
from portal.cases.services import Submission, submit_case
from portal.notifications.models import Notification
from portal.wards.models import Membership
from tests.factories import DepartmentFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

WORDS = "Tôi là Nguyễn Văn An, số nhà 12: ổ gà vẫn còn."


@pytest.fixture
def filed(ward, category, department, officer):
    filed = submit_case(submission=Submission(
        ward=ward, kind="feedback", category=category, title="Ổ gà trên đường Lê Lợi",
        description="Ổ gà lớn trước số 45, xe máy dễ té.", contact_name="Nguyễn Văn An", contact_phone="0912345678"))
    Case.objects.filter(pk=filed.case.pk).update(department=department, assignee=officer, state="in_progress")
    filed.case.refresh_from_db()
    return filed


@pytest.fixture
def second_leader(ward):
    return MembershipFactory(user=UserFactory(username="phochutich", is_staff=True), ward=ward, role="leader").user


def staff_mail():
    """(recipient, subject, body) of the e-mails to staff about the resident's messages."""
    return list(Notification.objects.filter(key__contains=":resident-msg:").order_by("recipient")
                .values_list("recipient", "subject", "body"))


def gone_texts(case, assignee):
    with translation.override("vi"):
        subject = _("Case %(code)s: new message from the resident, and its assignee no longer works on it") % {
            "code": case.tracking_code}
        line = _("%(name)s, to whom it is assigned, may no longer work on it (account deactivated, or no longer an "
                 "officer or a leader of the ward): please assign it to another officer.") % {
            "name": assignee.get_full_name() or assignee.get_username()}
    return subject, line


def test_the_assignee_who_works_the_case_is_told_in_vietnamese_with_a_link_only(filed, leader):
    case = filed.case
    with translation.override("en"):  # the resident writes in English
        message = services.resident_message(case=case, text=WORDS)
    assert staff_mail() == [("canbo@example.vn", f"Đơn {case.tracking_code}: tin nhắn mới của người dân",
                             f"{settings.SITE_URL}/can-bo/don/{case.tracking_code}/")]
    assert Notification.objects.filter(key=f"case:{case.pk}:resident-msg:{message.pk}").count() == 1


@pytest.mark.parametrize("change", ["deactivated", "membership_removed", "now_a_supervisor", "in_another_ward"])
def test_an_assignee_who_left_is_told_nothing_and_the_leaders_are_asked_to_assign_the_case(
        change, filed, ward, other_ward, officer, leader, second_leader):
    if change == "deactivated":
        officer.is_active = False
        officer.save(update_fields=["is_active"])
    else:
        membership = Membership.objects.get(user=officer, ward=ward)
        if change == "now_a_supervisor":
            membership.role = "supervisor"
            membership.save(update_fields=["role"])
        else:
            membership.delete()
            if change == "in_another_ward":
                MembershipFactory(user=officer, ward=other_ward, role="officer")
    inactive_leader = MembershipFactory(user=UserFactory(username="chutich_cu", is_staff=True, is_active=False),
                                        ward=ward, role="leader").user
    case = filed.case
    message = services.resident_message(case=case, text=WORDS)
    subject, line = gone_texts(case, officer)
    sent = staff_mail()
    assert [recipient for recipient, _subject, _body in sent] == ["chutich@example.vn", "phochutich@example.vn"]
    assert "canbo@example.vn" not in Notification.objects.values_list("recipient", flat=True)
    assert inactive_leader.email not in Notification.objects.values_list("recipient", flat=True)
    for _recipient, got_subject, body in sent:
        assert got_subject == subject
        assert line in body and "không còn được xử lý đơn này" in line
        assert body.endswith(f"/can-bo/don/{case.tracking_code}/") and "ổ gà" not in body
    assert set(Notification.objects.filter(key__contains=":resident-msg:").values_list("key", flat=True)) == {
        f"case:{case.pk}:resident-msg:{message.pk}:{leader.pk}",
        f"case:{case.pk}:resident-msg:{message.pk}:{second_leader.pk}"}


def test_an_assignee_without_an_e_mail_address_is_named_to_the_leaders(filed, officer, leader, second_leader):
    officer.email = ""
    officer.save(update_fields=["email"])
    case = filed.case
    services.resident_message(case=case, text=WORDS)
    sent = staff_mail()
    assert [recipient for recipient, _subject, _body in sent] == ["chutich@example.vn", "phochutich@example.vn"]
    for _recipient, subject, body in sent:
        assert subject == (f"Đơn {case.tracking_code}: người dân gửi tin nhắn mới, "
                           "cán bộ được giao chưa có địa chỉ e-mail")
        assert "chưa có địa chỉ e-mail nên không nhận được thông báo" in body
        assert (officer.get_full_name() or officer.get_username()) in body
        assert body.endswith(f"/can-bo/don/{case.tracking_code}/") and "ổ gà" not in body


def test_an_assignee_moved_to_another_department_still_works_the_case_and_is_told(filed, ward, officer, leader):
    Membership.objects.get(user=officer, ward=ward).departments.set([DepartmentFactory(ward=ward)])
    services.resident_message(case=filed.case, text=WORDS)
    assert [recipient for recipient, _subject, _body in staff_mail()] == ["canbo@example.vn"]


def test_a_leader_assigned_to_the_case_is_told(filed, leader, second_leader):
    Case.objects.filter(pk=filed.case.pk).update(assignee=leader)
    filed.case.refresh_from_db()
    services.resident_message(case=filed.case, text=WORDS)
    assert [recipient for recipient, _subject, _body in staff_mail()] == ["chutich@example.vn"]


def unassign(case):
    Case.objects.filter(pk=case.pk).update(assignee=None)
    case.refresh_from_db()


def test_an_unassigned_case_tells_the_wards_active_leaders_and_asks_them_to_assign_it(
        filed, ward, other_ward, leader, second_leader):
    inactive_leader = MembershipFactory(user=UserFactory(username="chutich_cu", is_staff=True, is_active=False),
                                        ward=ward, role="leader").user
    other_wards_leader = MembershipFactory(user=UserFactory(username="chutich_khac", is_staff=True),
                                           ward=other_ward, role="leader").user
    case = filed.case
    unassign(case)
    message = services.resident_message(case=case, text=WORDS)
    sent = staff_mail()
    assert [recipient for recipient, _subject, _body in sent] == ["chutich@example.vn", "phochutich@example.vn"]
    recipients = set(Notification.objects.values_list("recipient", flat=True))
    assert inactive_leader.email not in recipients
    assert other_wards_leader.email not in recipients
    assert "canbo@example.vn" not in recipients  # the officer of the department is not its assignee
    for _recipient, subject, body in sent:
        assert subject == f"Đơn {case.tracking_code}: người dân gửi tin nhắn mới, đơn chưa được giao cán bộ xử lý"
        assert body == ("Đơn chưa được giao cho cán bộ nào: đề nghị phân công xử lý.\n"
                        f"{settings.SITE_URL}/can-bo/don/{case.tracking_code}/")
        assert "ổ gà" not in body.lower() and "Nguyễn Văn An" not in body and "0912345678" not in body
    assert set(Notification.objects.filter(key__contains=":resident-msg:").values_list("key", flat=True)) == {
        f"case:{case.pk}:resident-msg:{message.pk}:{leader.pk}",
        f"case:{case.pk}:resident-msg:{message.pk}:{second_leader.pk}"}


def test_an_unassigned_case_tells_the_leaders_once_per_message(filed, leader, second_leader):
    case = filed.case
    unassign(case)
    first = services.resident_message(case=case, text=WORDS)
    services._tell_staff_of_message(case, first)  # told again of the same message (a retry): no second e-mail
    assert len(staff_mail()) == 2
    services.resident_message(case=case, text="Xin hỏi khi nào sửa?")
    assert len(staff_mail()) == 4


def test_an_unassigned_case_in_a_ward_without_active_leaders_tells_nobody_and_keeps_the_message(filed, ward):
    case = filed.case
    unassign(case)
    message = services.resident_message(case=case, text=WORDS)
    assert staff_mail() == []
    assert message.pk and message.body == WORDS


@pytest.mark.parametrize("situation", ["unassigned", "assignee_gone", "assignee_without_e_mail"])
def test_the_leaders_are_told_in_a_constant_number_of_queries(situation, filed, ward, officer, leader):
    case = filed.case
    if situation == "unassigned":
        unassign(case)
    elif situation == "assignee_gone":
        Membership.objects.filter(user=officer, ward=ward).delete()
    else:
        officer.email = ""
        officer.save(update_fields=["email"])

    def queries_to_tell(text):
        case.refresh_from_db()
        with CaptureQueriesContext(connection) as captured:
            services.resident_message(case=case, text=text)
        return len(captured)

    with_one_leader = queries_to_tell("Tin nhắn thứ nhất")
    for number in range(5):
        MembershipFactory(user=UserFactory(username=f"lanhdao{number}", is_staff=True), ward=ward, role="leader")
    with_six_leaders = queries_to_tell("Tin nhắn thứ hai")
    assert len(staff_mail()) == 1 + 6
    assert with_six_leaders == with_one_leader


def test_from_the_status_page_the_leaders_are_told_of_an_unassigned_case(client, filed, leader):
    unassign(filed.case)
    url = reverse("frontend:case-action", kwargs={"code": filed.case.tracking_code, "token": filed.access_token,
                                                  "action": "message"})
    assert client.post(url, {"text": WORDS}).status_code == 302
    assert [(recipient, subject) for recipient, subject, _body in staff_mail()] == [
        ("chutich@example.vn",
         f"Đơn {filed.case.tracking_code}: người dân gửi tin nhắn mới, đơn chưa được giao cán bộ xử lý")]


def test_from_the_status_page_the_leaders_are_told_when_the_assignee_left(client, filed, ward, officer, leader):
    Membership.objects.filter(user=officer, ward=ward).delete()
    url = reverse("frontend:case-action", kwargs={"code": filed.case.tracking_code, "token": filed.access_token,
                                                  "action": "message"})
    assert client.post(url, {"text": WORDS}).status_code == 302
    assert [(recipient, subject) for recipient, subject, _body in staff_mail()] == [
        ("chutich@example.vn", gone_texts(filed.case, officer)[0])]
