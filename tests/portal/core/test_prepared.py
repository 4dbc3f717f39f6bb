"""Prepared statements (portal.core.prepared): prepared once per connection, the same rows as the plain SQL, and
prepared again on a new connection and after psycopg forgets them (a rollback)."""

import pytest
from django.db import IntegrityError, connection, transaction

from portal.cases.models import Case
from portal.cases.services import Submission, submit_case
from portal.core import prepared
from portal.wards.models import Ward

SQL = "SELECT tracking_code, title FROM cases_case WHERE tracking_code = %s OR title = %s ORDER BY id"


@pytest.fixture
def filed_case(ward, category):
    return submit_case(submission=Submission(ward=ward, kind="feedback", category=category, title="Đèn đường hỏng",
                                             description="Đèn đường trước nhà số 12 hỏng đã hai tuần.")).case


def _statements() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return {row[0] for row in cursor.fetchall() if "tracking_code = $1 OR title = $2" in row[0]}


def _rows(params=("PN17-2026-000001", "nothing")):
    with prepared.cursor() as cursor:
        cursor.execute(SQL, list(params))
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
    assert len(_statements()) == 1
    connection.close()
    assert not _statements()  # a new connection starts without it…
    # …and gets it
    assert _rows(params=(filed_case.tracking_code, "")) == [(filed_case.tracking_code, filed_case.title)]
    assert len(_statements()) == 1
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_statements_still_run_after_a_rollback_made_psycopg_forget_them(filed_case, ward):
    """psycopg deallocates every statement it prepared after a ROLLBACK (a savepoint's too): the status page's
    query, prepared by hand before, then failed with 'prepared statement does not exist' on every later request of
    the connection."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    _rows()
    with pytest.raises(IntegrityError), transaction.atomic():
        Ward.objects.create(code=ward.code, name="Trùng mã")
    assert _rows(params=(filed_case.tracking_code, "")) == [(filed_case.tracking_code, filed_case.title)]
    assert len(_statements()) == 1


@pytest.mark.django_db
def test_the_status_page_and_a_submission_after_a_rollback(filed_case, ward, category, client):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    from portal.cases.selectors import status_summary

    for _ in range(2):
        assert status_summary(code=filed_case.tracking_code, token="wrong-secret-0123456789abcdefghij") is None
        with pytest.raises(IntegrityError), transaction.atomic():
            Ward.objects.create(code=ward.code, name="Trùng mã")
        again = submit_case(submission=Submission(ward=ward, kind="feedback", category=category,
                                                  title="Ổ gà trước chợ", description="Ổ gà lớn trước cổng chợ."))
        assert again.case.pk is not None


@pytest.mark.django_db
def test_a_statement_of_many_values_is_parsed_once_and_binds_its_values_in_order():
    """psycopg keeps the parse of a query's placeholders only for 50 values or fewer; the submission's statement has
    73. The server-binding cursor keeps its statements' parse whatever their size, and every value still lands in its
    own place (issue 7: 0.07 ms of Python per submission)."""
    from portal.core.postgresql import base

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's server-binding cursor")
    sql = "SELECT " + ", ".join(["%s::int"] * 80)
    base._convert_kept.cache_clear()
    for run in range(3):
        values = [run * 1000 + i for i in range(80)]
        with connection.server_binding_cursor() as cursor:
            cursor.execute(sql, values)
            assert list(cursor.fetchone()) == values
    info = base._convert_kept.cache_info()
    assert (info.misses, info.hits) == (1, 2)
    with connection.server_binding_cursor() as cursor:  # a query without values is passed as it is
        cursor.execute("SELECT 7")
        assert cursor.fetchone() == (7,)
    assert base._convert_kept.cache_info().misses == 1
