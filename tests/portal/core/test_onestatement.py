"""portal.core.onestatement writes each value as Django's INSERT would: the values it writes itself (issue 7's
shortcut past Django's conversions) are exactly what get_db_prep_save() gives, and anything else still goes through
it."""

import datetime as dt
import warnings
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from portal.audit.models import AuditEvent
from portal.cases.models import Case, CaseClockEvent, ClockEventKind, Message, MessageKind
from portal.core import onestatement
from portal.core.onestatement import Statement, mark
from portal.notifications.models import Notification

pytestmark = pytest.mark.django_db

AWARE = dt.datetime(2026, 11, 28, 9, 30, 15, 123456, tzinfo=dt.UTC)


def _django_values(instance) -> list:
    """What Django's INSERT compiler would send for each column Statement.insert() writes (the primary key left out)."""
    values = []
    for field in type(instance)._meta.concrete_fields:
        if field.primary_key:
            continue
        value = field.pre_save(instance, add=True)
        values.append(value if field.get_internal_type() == "JSONField" else
                      field.get_db_prep_save(value, connection=connection))
    return values


def _written(instance, **kwargs) -> tuple[str, list]:
    statement = Statement()
    statement.insert("x", instance, {}, **kwargs)
    return statement.parts[0], statement.params


def _cases(ward, category):
    plain = Case(ward=ward, category=category, kind="feedback", title="Đèn hỏng", description="Hẻm 12 tối",
                 address="12 Lê Văn Sỹ", tracking_code="X-2026-000001", access_token_hash="h", received_at=AWARE,
                 received_on=AWARE.date(), due_date=dt.date(2026, 12, 10), latitude=Decimal("10.7769000"),
                 longitude=Decimal("106.7009000"), signatory_count=5, is_anonymous=False, publish_consent=True)
    odd = Case(ward=ward, category=category, kind="complaint", title=mark_safe("<b>An toàn</b>"),  # noqa: S308
               description=gettext_lazy("Case received"), address="", tracking_code="X-2026-000002",
               access_token_hash="h", received_at=AWARE, received_on=AWARE.date(), due_date=None, latitude=None,
               longitude=None, signatory_count=1)
    return [plain, odd]


@pytest.mark.skipif(not settings.USING_POSTGRES, reason="the one-statement writes are PostgreSQL's")
def test_each_value_is_what_djangos_insert_would_send(ward, category):
    rows = [*_cases(ward, category),
            CaseClockEvent(case_id=1, kind=ClockEventKind.START, step="", on=AWARE.date()),
            Message(case_id=1, kind=MessageKind.SUBMISSION, is_public=True, created_at=AWARE, to_state="received",
                    body=""),
            Notification(case_id=None, key="k", channel="email", recipient="a@example.org", subject="s", body="b")]
    for instance in rows:
        with time_machine.travel(AWARE, tick=False):  # the same time for the fields written on creation
            sql, params = _written(instance)
            expected = _django_values(instance)
        assert params == expected, type(instance).__name__
        assert [type(p) for p in params] == [type(p) for p in expected], type(instance).__name__
        assert sql.count("%s") == len(params)


@pytest.mark.skipif(not settings.USING_POSTGRES, reason="the one-statement writes are PostgreSQL's")
def test_a_naive_time_still_takes_djangos_conversion(ward, category):
    """A naive datetime is made aware by Django (with its warning), as in save(): never passed as it is."""
    message = Message(case_id=1, kind=MessageKind.SUBMISSION, is_public=True, created_at=dt.datetime(2026, 1, 2, 3),
                      to_state="received", body="")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        _sql, params = _written(message)
        expected = _django_values(message)
    naive = [p for p in params if isinstance(p, dt.datetime)]
    assert naive and all(p.tzinfo is not None for p in naive)
    assert params == expected


@pytest.mark.skipif(not settings.USING_POSTGRES, reason="the one-statement writes are PostgreSQL's")
def test_marks_are_filled_only_in_marked_fields_and_json_is_cast():
    case_id = mark("caseid")
    event = AuditEvent(created_at=AWARE, actor_label="a", action="case.submitted", object_type="cases.case",
                       object_id=case_id, data={"case": case_id, "n": 1}, prev_hash="", hash="")
    marks = {case_id: ("c.id::text", "c")}
    statement = Statement()
    statement.insert("ae", event, marks, marked=("object_id", "data"))
    sql = statement.parts[0]
    assert "(SELECT c.id::text FROM c)" in sql  # object_id is the mark itself
    assert "replace(%s::text, %s, c.id::text)" in sql and "::jsonb" in sql  # data holds it
    assert case_id in statement.params  # the mark, to be replaced by the statement
    # Unmarked, the same text is a plain value: a resident's text holding a mark is written as typed.
    statement = Statement()
    statement.insert("ae", event, marks)
    assert "replace(" not in statement.parts[0] and case_id in statement.params


def test_other_databases_take_djangos_conversions_for_every_value():
    onestatement._columns.cache_clear()
    try:
        columns = onestatement._columns(Case)
        if connection.vendor == "postgresql":
            assert any(col.as_is for col in columns)
        else:
            assert not any(col.as_is for col in columns)
    finally:
        onestatement._columns.cache_clear()
