"""The benchmark's replay of the submission's statement (bench/urls_bench.py, issue 7): its first request files a real
submission, and each request after it files a new case with the same values, numbered and on the audit chain like
any other, so the figure it gives is the database's share of a real submission."""

import pytest
from django.conf import settings

from bench import urls_bench
from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from portal.cases.models import Case, CaseClockEvent, Message

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(not settings.USING_POSTGRES, reason="the one-statement writes are PostgreSQL's")]

SUBMISSION = {"ward": "PN17", "kind": "feedback", "category": "ha-tang", "title": "Ổ gà trên đường Lê Lợi",
              "description": "Ổ gà lớn trước số 45 Lê Lợi, xe máy dễ té ngã khi trời mưa.", "is_anonymous": True}


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.urls_bench"
    urls_bench._STATEMENT.clear()
    yield
    urls_bench._STATEMENT.clear()


def test_each_replay_files_a_whole_case_on_the_audit_chain(bench_urls, client, ward, category):
    # The chain's head is made by the first submission of a new database (the usual transaction, not the statement).
    assert client.post("/api/v1/cases/", SUBMISSION, content_type="application/json").status_code == 201
    events = AuditEvent.objects.count()

    first = client.post("/_bench/statement/", SUBMISSION, content_type="application/json")
    assert first.status_code == 201 and first.json()["tracking_code"].startswith("PN17-")
    assert len(urls_bench._STATEMENT) == 1
    for _ in range(2):
        assert client.post("/_bench/statement/", SUBMISSION, content_type="application/json").status_code == 201

    cases = list(Case.objects.order_by("id"))
    assert [c.tracking_code[-6:] for c in cases] == ["000001", "000002", "000003", "000004"]
    assert {c.title for c in cases} == {SUBMISSION["title"]}
    assert Message.objects.filter(case__in=cases[1:], kind="submission").count() == 3
    assert CaseClockEvent.objects.filter(case__in=cases[1:]).count() == 3
    assert AuditEvent.objects.count() == events + 3
    assert set(AuditEvent.objects.filter(action="case.submitted").values_list("object_id", flat=True)) == {
        str(c.pk) for c in cases}
    assert verify_chain().ok


def test_a_refused_submission_is_answered_as_the_api_answers_it(bench_urls, client, ward, category):
    response = client.post("/_bench/statement/", {**SUBMISSION, "title": ""}, content_type="application/json")
    assert response.status_code == 400 and "title" in response.json()
    assert urls_bench._STATEMENT == [] and not Case.objects.exists()
