"""A draft answer waiting for approval is told to each active leader of the ward, once, in a constant number of
queries however many leaders the ward has."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from portal.cases import services
from portal.cases.models import Case
from portal.cases.services import Submission, submit_case
from portal.notifications.models import Notification
from tests.factories import MembershipFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db

TEXT = "Quyết định giải quyết khiếu nại lần đầu: giữ nguyên quyết định xử phạt."


def _complaint(ward, category, department, officer):
    filed = submit_case(submission=Submission(
        ward=ward, kind="complaint", category=category, title="Khiếu nại quyết định xử phạt",
        description="Tôi khiếu nại quyết định xử phạt hành chính số 12.", contact_name="Trần Thị Bình",
        contact_phone="0912345678", contact_address="12 Lê Văn Sỹ, Phú Nhuận",
        decision_date=dt.date.today() - dt.timedelta(days=5)))
    Case.objects.filter(pk=filed.case.pk).update(department=department, assignee=officer, state="in_progress")
    filed.case.refresh_from_db()
    return filed.case


def _leader_mail():
    return sorted(Notification.objects.filter(key__contains=":leader:").values_list("recipient", "subject", "body"))


def test_each_active_leader_with_an_address_is_told_once(ward, category, department, officer, leader):
    second = MembershipFactory(user=UserFactory(username="phochutich", is_staff=True), ward=ward, role="leader").user
    away = MembershipFactory(user=UserFactory(username="nghiphep", is_staff=True, is_active=False), ward=ward,
                             role="leader").user
    no_mail = MembershipFactory(user=UserFactory(username="khongthu", is_staff=True, email=""), ward=ward,
                                role="leader").user
    other = MembershipFactory(user=UserFactory(username="phuongkhac", is_staff=True), ward=WardFactory(code="Q9X"),
                              role="leader").user
    case = _complaint(ward, category, department, officer)
    with translation.override("vi"):  # the desk's default language, in which the officer proposes
        answer = services.propose_answer(case=case, actor=officer, text=TEXT)
    mail = _leader_mail()
    assert [m[0] for m in mail] == sorted([leader.email, second.email])
    assert {m[1] for m in mail} == {f"Đơn {case.tracking_code}: có văn bản trả lời chờ anh/chị phê duyệt"}
    assert all(m[2].endswith(f"/can-bo/don/{case.tracking_code}/") and TEXT not in m[2] for m in mail)
    assert set(Notification.objects.filter(key__contains=":leader:").values_list("key", flat=True)) == {
        f"answer:{answer.pk}:leader:{leader.pk}", f"answer:{answer.pk}:leader:{second.pk}"}
    assert not Notification.objects.filter(recipient__in=[away.email, other.email]).exists()
    assert no_mail.email == ""


def test_the_queries_do_not_grow_with_the_leaders(ward, category, department, officer, leader):
    counts = []
    # The first proposal also reads the officer's roles (kept on the account for the request): measured after it.
    for leaders in (1, 1, 6):
        for n in range(leaders - 1):  # 1, 1, then 1 + 5
            MembershipFactory(user=UserFactory(username=f"lanhdao{leaders}-{n}", is_staff=True), ward=ward,
                              role="leader")
        case = _complaint(ward, category, department, officer)
        Notification.objects.filter(key__contains=":leader:").delete()
        with CaptureQueriesContext(connection) as ctx:
            services.propose_answer(case=case, actor=officer, text=TEXT)
        assert len(_leader_mail()) == leaders
        counts.append(len(ctx.captured_queries))
    assert counts[1] == counts[2], counts
