"""Supervisors file recommendations; leaders must answer within 15 days (Law on Grassroots Democracy Art. 40)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.cases.models import Recommendation
from portal.cases.recommendations import answer_recommendation, file_recommendation
from portal.core.errors import DomainError
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 11, 25, 3, 0, tzinfo=dt.UTC), tick=False)
def test_recommendation_gets_a_15_day_deadline_and_is_answered_by_a_leader(ward, supervisor, leader, officer):
    rec = file_recommendation(ward=ward, actor=supervisor, title="Công khai thu chi quỹ",
                              body="Đề nghị công khai thu chi quỹ vì người nghèo quý III.")
    assert rec.due_date == dt.date(2026, 12, 10)
    with pytest.raises(PermissionDenied):
        answer_recommendation(recommendation=rec, actor=officer, answer="x")
    answer_recommendation(recommendation=rec, actor=leader, answer="Đã niêm yết ngày 01/12.")
    rec.refresh_from_db()
    assert rec.state == "answered" and rec.answered_by == leader
    with pytest.raises(DomainError):
        answer_recommendation(recommendation=rec, actor=leader, answer="again")
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["recommendation.filed",
                                                                          "recommendation.answered"]


def test_only_supervisors_file(ward, officer, leader):
    for actor in (officer, leader):
        with pytest.raises(PermissionDenied):
            file_recommendation(ward=ward, actor=actor, title="x", body="y")


def test_pages_for_supervisor_and_leader(client, ward, supervisor, leader, officer):
    client.force_login(supervisor)
    url = reverse("frontend:recommendations")
    assert client.post(url, {"ward": ward.pk, "title": "", "body": ""}).status_code == 400
    assert client.post(url, {"ward": ward.pk, "title": "Đèn đường", "body": "Đề nghị kiểm tra"}).status_code == 302
    rec = Recommendation.objects.get()
    log_in(client, leader)
    assert "Đèn đường" in client.get(url).content.decode()
    client.post(reverse("frontend:recommendation-answer", kwargs={"pk": rec.pk}), {"answer": "Đã kiểm tra"})
    rec.refresh_from_db()
    assert rec.state == "answered"
    client.force_login(officer)
    assert client.get(url).status_code == 403
