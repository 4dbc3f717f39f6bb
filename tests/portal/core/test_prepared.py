"""Prepared statements (portal.core.prepared): prepared once per connection, the same rows as the plain SQL, and
prepared again on a new connection."""

import pytest
from django.db import connection

from portal.cases.models import Case
from portal.cases.services import Submission, submit_case
from portal.core import prepared

SQL = "SELECT tracking_code, title FROM cases_case WHERE tracking_code = %s OR title = %s ORDER BY id"


@pytest.fixture
def filed_case(ward, category):
    return submit_case(submission=Submission(ward=ward, kind="feedback", category=category, title="Đèn đường hỏng",
                                             description="Đèn đường trước nhà số 12 hỏng đã hai tuần.")).case


def _statements() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {row[0] for row in cursor.fetchall()}


def _rows(name="openward_test_lookup", params=("PN17-2026-000001", "nothing")):
    with connection.cursor() as cursor:
        prepared.execute(cursor, name, SQL, list(params))
        return cursor.fetchall()


@pytest.mark.django_db
def test_the_rows_are_those_of_the_plain_query(filed_case):
    with connection.cursor() as cursor:
        cursor.execute(SQL, [filed_case.tracking_code, "nothing"])
        plain = cursor.fetchall()
    assert plain == [(filed_case.tracking_code, filed_case.title)]
    assert _rows(params=(filed_case.tracking_code, "nothing")) == plain
    assert _rows(params=("nothing", filed_case.title)) == plain  # the second run, by name
    assert _rows(params=("nothing", "nothing")) == []


@pytest.mark.django_db(transaction=True)
def test_prepared_once_per_connection_and_again_after_a_reconnect(filed_case):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    _rows()
    _rows()
    assert "openward_test_lookup" in _statements()
    connection.close()
    assert "openward_test_lookup" not in _statements()  # a new connection starts without it…
    # …and gets it
    assert _rows(params=(filed_case.tracking_code, "")) == [(filed_case.tracking_code, filed_case.title)]
    assert "openward_test_lookup" in _statements()
    assert Case.objects.count() == 1


def test_bad_names_and_placeholder_counts_are_refused(db):
    if connection.vendor != "postgresql":
        pytest.skip("other databases run the SQL as it is")
    with pytest.raises(ValueError), connection.cursor() as cursor:
        prepared.execute(cursor, "x; DROP TABLE cases_case", SQL, ["a", "b"])
    with pytest.raises(ValueError), connection.cursor() as cursor:
        prepared.execute(cursor, "openward_test_count", SQL, ["a"])
