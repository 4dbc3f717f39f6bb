"""The search indexes' pending entries are merged by a periodic job (portal.core.tasks), not by a submission."""

import pytest
from django.conf import settings
from django.db import connection

from portal.cases.services import Submission, submit_case
from portal.core.tasks import clean_search_indexes

pytestmark = pytest.mark.django_db


def _file(ward, category, n):
    for i in range(n):
        submit_case(submission=Submission(
            ward=ward, kind="feedback", category=category, title=f"Đèn đường hỏng {i}", publish_consent=True,
            description=f"Đèn đường trước nhà số {i} hỏng đã hai tuần, rất tối."))


def test_the_job_merges_what_submissions_left_pending_and_then_has_nothing_to_do(ward, category):
    if connection.vendor != "postgresql":
        assert clean_search_indexes() == {}  # SQLite has no such index
        return
    _file(ward, category, 3)
    moved = clean_search_indexes()
    assert {"case_search_trgm_idx", "case_published_text_trgm_idx", "disclosure_search_trgm_idx"} <= set(moved)
    assert moved["case_search_trgm_idx"] > 0 and moved["case_published_text_trgm_idx"] > 0
    assert set(clean_search_indexes().values()) == {0}
    # …and the queue's search still finds the cases through the index
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SELECT count(*) FROM cases_case WHERE search_text LIKE %s", ["%truoc nha so 1 hong%"])
        assert cursor.fetchone()[0] == 1


def test_an_index_without_a_pending_list_is_left_alone(ward, category):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's indexes")
    with connection.cursor() as cursor:
        cursor.execute("ALTER INDEX case_search_trgm_idx SET (fastupdate = off)")
    _file(ward, category, 1)
    assert "case_search_trgm_idx" not in clean_search_indexes()


def test_beat_runs_it_every_five_minutes():
    [entry] = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "core.clean_search_indexes"]
    assert entry["schedule"] == 300.0 and entry["options"]["expires"] < 300
