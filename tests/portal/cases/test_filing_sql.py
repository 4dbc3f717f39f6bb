"""A submission filed in one PostgreSQL statement (portal.cases.filing_sql) writes the same rows as the ORM's
transaction, keeps the audit chain verifiable and gives back everything when any part fails."""

import datetime as dt
import re
import threading
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection, connections
from django.forms.models import model_to_dict

from portal.audit.models import AuditChainHead, AuditEvent
from portal.audit.services import GENESIS_HASH, verify_chain
from portal.cases import filing_sql
from portal.cases.models import Case, CaseClockEvent, CaseSequence, Message
from portal.cases.services import Submission, submit_case
from portal.core.onestatement import mark
from portal.notifications.models import Notification
from portal.routing.models import RoutingRule

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not settings.USING_POSTGRES, reason="the one-statement filing is PostgreSQL's"),
]

MOMENT = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def submission(ward, category, **overrides):
    values = {"ward": ward, "kind": "complaint", "category": category, "title": "Khiếu nại quyết định xử phạt",
              "description": "Tôi không đồng ý với quyết định xử phạt số 15/QĐ-XPVPHC, xin xem xét lại.",
              "contact_name": "Nguyễn Văn An", "contact_address": "12 Lê Lợi, Khu phố 1",
              "contact_email": "an@example.vn", "notify_by": "email", "decision_date": dt.date(2026, 11, 1),
              "address": "12 Lê Lợi", "publish_consent": True}
    values.update(overrides)
    return Submission(**values)


class Filer(threading.Thread):
    """A submission filed from another thread, on its own connection, as a second web process would."""

    def __init__(self, ward, category, start=None):
        super().__init__()
        self.where, self.category, self.start_together = ward, category, start
        self.done, self.code, self.error = threading.Event(), None, None

    def run(self):
        try:
            if self.start_together is not None:
                self.start_together.wait()
            self.code = submit_case(submission=submission(self.where, self.category)).case.tracking_code
        except Exception as exc:  # noqa: BLE001 - reported by the tests' assertions
            self.error = exc
        finally:
            self.done.set()
            connections.close_all()


def rows(case, code, token):
    """Everything a submission wrote, with what differs between two submissions (ids, number, secret) named."""
    def clean(value):
        if isinstance(value, str):
            return value.replace(code, "<code>").replace(token, "<token>").replace(f"case:{case.pk}:", "case:<id>:")
        if isinstance(value, dict):
            return {key: clean(item) for key, item in value.items()}
        return value

    def plain(obj, *drop):
        return {key: clean(value) for key, value in model_to_dict(obj).items() if key not in ("id", "case", *drop)}

    event = AuditEvent.objects.get(object_type="cases.case", object_id=str(case.pk))
    return {
        "case": {**plain(case, "tracking_code", "access_token_hash"),
                 "created_at": case.created_at, "updated_at": case.updated_at},
        "clock": [plain(item) for item in CaseClockEvent.objects.filter(case=case)],
        "timeline": [plain(item) for item in Message.objects.filter(case=case)],
        "audit": {**plain(event, "prev_hash", "hash", "object_id"), "created_at": event.created_at},
        "outbox": [plain(item) for item in Notification.objects.filter(case=case)],
    }


@time_machine.travel(MOMENT, tick=False)
@pytest.mark.parametrize("overrides", [
    {},  # a complaint with an e-mail receipt
    {"kind": "feedback", "is_anonymous": True, "notify_by": "none", "decision_date": None},
    {"kind": "denunciation", "notify_by": "sms", "contact_phone": "0901 234 567", "decision_date": None,
     "latitude": Decimal("10.799000"), "longitude": Decimal("106.680000")},
    {"decision_date": dt.date(2026, 6, 1)},  # filed late
])
def test_one_statement_writes_the_rows_the_orm_transaction_writes(ward, area, category, department, officer,
                                                                    monkeypatch, overrides):
    RoutingRule.objects.create(ward=ward, department=department, category=category, default_assignee=officer)
    fast = submit_case(submission=submission(ward, category, area=area, **overrides))
    monkeypatch.setattr(filing_sql, "file", lambda filing, ref=None: False)  # what other databases do
    slow = submit_case(submission=submission(ward, category, area=area, **overrides))

    assert fast.case.tracking_code == "PN17-2026-000001" and slow.case.tracking_code == "PN17-2026-000002"
    written = rows(Case.objects.get(pk=fast.case.pk), fast.case.tracking_code, fast.access_token)
    assert written == rows(Case.objects.get(pk=slow.case.pk), slow.case.tracking_code, slow.access_token)
    assert written["case"]["department"] == department.pk and written["case"]["assignee"] == officer.pk
    assert written["audit"]["data"]["tracking_code"] == "<code>"
    # The objects given back are the rows as read again.
    for submitted in (fast, slow):
        again = Case.objects.get(pk=submitted.case.pk)
        assert model_to_dict(submitted.case) == model_to_dict(again)
        assert submitted.case.check_token(submitted.access_token)
    assert verify_chain().ok and verify_chain().checked == 2


def test_the_rows_are_one_statement_and_the_receipt_is_sent_after_it(ward, category, django_assert_num_queries,
                                                                      django_capture_on_commit_callbacks):
    submit_case(submission=submission(ward, category))  # the first one of the process reads the reference data
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with django_assert_num_queries(4) as ctx:  # token, savepoint, statement, release
            submitted = submit_case(submission=submission(ward, category))
        assert not mail.outbox  # not before the commit
    writes = [q["sql"] for q in ctx.captured_queries if "INSERT" in q["sql"]]
    assert len(writes) == 1 and writes[0].startswith("WITH ")
    case = submitted.case
    [email] = mail.outbox
    assert case.tracking_code in email.subject and submitted.secret_path in email.body
    assert Notification.objects.get(case=case).key == f"case:{case.pk}:received:email"


def test_a_statement_that_fails_writes_nothing_and_gives_its_number_back(ward, category, monkeypatch):
    add = filing_sql.Statement.add

    def broken(self, name, sql, params=()):
        add(self, name, sql, params)
        if name == "ah2":  # the last part: a row the database refuses, after every other row was written
            add(self, "boom", "INSERT INTO cases_casesequence (ward_id, year, last_number) VALUES (NULL, 0, 0)")

    monkeypatch.setattr(filing_sql.Statement, "add", broken)
    assert filing_sql.file is not None
    with monkeypatch.context() as patch:
        calls = []
        real = filing_sql.file
        patch.setattr(filing_sql, "file", lambda filing, ref=None: calls.append(real(filing, ref)) or calls[-1])
        submitted = submit_case(submission=submission(ward, category))
    assert calls == [False]  # refused: filed the usual way
    assert submitted.case.tracking_code.endswith("-000001")
    assert Case.objects.count() == 1 and Message.objects.count() == 1 and CaseClockEvent.objects.count() == 1
    assert AuditEvent.objects.count() == 1 and Notification.objects.count() == 1
    assert verify_chain().ok


def test_numbers_past_a_million_keep_all_their_digits(ward, category):
    CaseSequence.objects.create(ward=ward, year=dt.date.today().year, last_number=999_999)
    assert submit_case(submission=submission(ward, category)).case.tracking_code.endswith("-1000000")


def test_a_text_holding_a_mark_is_kept_as_typed(ward, category, monkeypatch):
    # Marks hold a random part drawn per process that no one should know; a text that holds one anyway is filed the
    # usual way, as typed, and so is one that only looks like a mark.
    calls = []
    real = filing_sql.file
    monkeypatch.setattr(filing_sql, "file", lambda filing, ref=None: calls.append(real(filing, ref)) or calls[-1])
    for title in (f"Khiếu nại {mark('caseid')} và {mark('trackingcode')}", "Khiếu nại zz0123456789abcdefcaseidzz"):
        submitted = submit_case(submission=submission(ward, category, title=title))
        assert Case.objects.get(pk=submitted.case.pk).title == title
        assert title in Notification.objects.get(case=submitted.case).body
    assert calls == [False, True]
    assert verify_chain().ok


@pytest.mark.parametrize("code", ['P"17', "P\\17", "PĐ17", "P 17"])
def test_a_ward_code_that_json_or_a_link_would_change_is_filed_the_usual_way(ward, category, code, monkeypatch):
    ward.code = code
    ward.save()
    calls = []
    real = filing_sql.file
    monkeypatch.setattr(filing_sql, "file", lambda filing, ref=None: calls.append(real(filing, ref)) or calls[-1])
    submitted = submit_case(submission=submission(ward, category))
    assert calls == [False]
    assert submitted.case.tracking_code.startswith(f"{code}-")
    event = AuditEvent.objects.get(object_id=str(submitted.case.pk))
    assert event.data["tracking_code"] == submitted.case.tracking_code
    assert verify_chain().ok


def test_the_statement_travels_without_its_values(settings):
    """The server binds the values (a failed statement is logged by PostgreSQL without the resident's data)."""
    settings.DB_PREPARED_STATEMENTS = False
    with connection.server_binding_cursor() as cursor:
        cursor.execute("SELECT %s::text", ["Nguyễn Văn An"])
        assert cursor.fetchone() == ("Nguyễn Văn An",)
        sent = cursor.cursor._query.query
    assert b"$1" in sent and "Nguyễn".encode() not in sent
    settings.DB_PREPARED_STATEMENTS = True
    with connection.server_binding_cursor() as cursor:
        cursor.execute("SELECT %s::text AS prepared_here", ["Nguyễn Văn An"])
        assert cursor.fetchone() == ("Nguyễn Văn An",)
    [prepared] = [text for text in _prepared_here() if "prepared_here" in text]
    assert "$1" in prepared and "Nguyễn" not in prepared


def test_a_new_database_without_a_chain_head_files_the_usual_way(ward, category):
    AuditChainHead.objects.all().delete()
    first = submit_case(submission=submission(ward, category)).case
    second = submit_case(submission=submission(ward, category)).case
    assert [first.tracking_code[-1], second.tracking_code[-1]] == ["1", "2"]
    assert AuditChainHead.objects.get().last_event_id == AuditEvent.objects.latest("id").pk
    assert verify_chain().ok and verify_chain().checked == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("head", [True, False], ids=["chain-started", "new-database"])
def test_simultaneous_statements_keep_numbers_and_the_chain(ward, other_ward, category, head):
    AuditChainHead.objects.all().delete()
    if head:
        AuditChainHead.objects.create(pk=1, last_hash=GENESIS_HASH)
    start = threading.Barrier(10, timeout=30)
    filers = [Filer(ward if i % 2 else other_ward, category, start) for i in range(10)]
    for filer in filers:
        filer.start()
    for filer in filers:
        filer.join(60)
    assert not [f.error for f in filers if f.error]
    codes = [f.code for f in filers]
    for code in ("PN17", "BT01"):
        assert sorted(int(c.rsplit("-", 1)[1]) for c in codes if c.startswith(code)) == [1, 2, 3, 4, 5]
    assert AuditEvent.objects.filter(action="case.submitted").count() == 10
    report = verify_chain()
    assert report.ok and report.checked == 10, report
    assert Notification.objects.count() == 10
    assert connection.vendor == "postgresql"
    assert not re.search(r"zz[0-9a-f]{16}", "".join(Notification.objects.values_list("body", flat=True)))


@pytest.mark.django_db(transaction=True)
def test_a_statement_waiting_for_the_chain_takes_its_place_after_the_event_it_waited_for(ward, category):
    """The event's id is drawn once the head is locked: ids are the chain's order (verify_chain walks them)."""
    from django.db import transaction

    from portal.audit.services import record

    AuditChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH})
    submit_case(submission=submission(ward, category))  # reference data read, head moved: the fast path is ready
    waiting = Filer(ward, category)
    with transaction.atomic():
        AuditChainHead.objects.select_for_update().get(pk=1)  # an officer's action holds the chain
        waiting.start()
        assert not waiting.done.wait(1.0)  # the submission waits for the chain
        record(action="case.note", object_type="cases.case", object_id="1", data={"n": 1})
    waiting.join(30)
    assert waiting.done.is_set() and waiting.error is None, waiting.error
    events = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert events == ["case.submitted", "case.note", "case.submitted"]
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_a_statement_waiting_for_the_wards_number_does_not_hold_the_chain(ward, category):
    """The number row is locked before the head, as services' transaction does: a submission waiting for its ward's
    number (another submission filing) leaves the chain free for everyone else, and the two paths cannot deadlock."""
    from django.db import transaction
    from django.db.utils import OperationalError

    AuditChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH})
    submit_case(submission=submission(ward, category))
    head = []

    def take_the_head():
        try:
            with transaction.atomic():
                head.append(AuditChainHead.objects.select_for_update(nowait=True).get(pk=1).pk)
        except OperationalError as exc:
            head.append(exc)
        finally:
            connections.close_all()

    with transaction.atomic():
        CaseSequence.objects.select_for_update().get(ward=ward)  # another submission to the ward is filing
        waiting = Filer(ward, category)
        waiting.start()
        assert not waiting.done.wait(1.0)
        other = threading.Thread(target=take_the_head)
        other.start()
        other.join(30)
    waiting.join(30)
    assert head == [1], head
    assert waiting.done.is_set() and waiting.error is None, waiting.error
    assert verify_chain().ok


def _prepared_here() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return {row[0] for row in cursor.fetchall()}


def test_the_statement_is_prepared_on_its_connection(ward, category):
    """Planned once per connection, not on every submission (issue 7: planning was a quarter of its server time)."""
    before = _prepared_here()
    first = submit_case(submission=submission(ward, category)).case
    prepared = _prepared_here() - before
    assert len(prepared) == 1 and "cases_case" in next(iter(prepared))
    second = submit_case(submission=submission(ward, category)).case
    assert _prepared_here() - before == prepared  # the same statement, run again
    assert [first.tracking_code[-1], second.tracking_code[-1]] == ["1", "2"]
    assert verify_chain().ok


def test_prepared_statements_can_be_turned_off_for_a_pooler(ward, category, settings):
    settings.DB_PREPARED_STATEMENTS = False
    before = _prepared_here()
    submitted = submit_case(submission=submission(ward, category)).case
    assert _prepared_here() == before
    assert submitted.tracking_code.endswith("000001")


# --- the reference data's token checked by the statement itself (reference.assumed_view()) -------------------------

API_BODY = {"ward": "PN17", "kind": "feedback", "category": "ha-tang", "title": "Đèn đường hẻm 12 bị hỏng",
            "description": "Đèn chiếu sáng trong hẻm 12 đã hỏng hơn một tuần, buổi tối rất tối."}


def _post(body=None):
    from rest_framework.test import APIClient

    return APIClient().post("/api/v1/cases/", body or API_BODY, format="json")


def test_a_known_token_costs_the_submission_no_query_of_its_own(ward, category, django_assert_num_queries):
    assert _post().status_code == 201  # the process learns the token and the reference data
    with django_assert_num_queries(3) as ctx:  # savepoint, statement, release: the token is checked inside
        assert _post().status_code == 201
    [statement] = [q["sql"] for q in ctx.captured_queries if "INSERT" in q["sql"]]
    assert "core_dataversion" in statement
    assert Case.objects.count() == 2


def test_data_changed_since_are_read_again_before_anything_is_written(ward, category, department, officer):
    assert _post().status_code == 201  # the memo now holds the category and its routing: none
    RoutingRule.objects.create(ward=ward, department=department, category=category, default_assignee=officer)
    response = _post()
    assert response.status_code == 201
    case = Case.objects.get(tracking_code=response.json()["tracking_code"])
    assert (case.department_id, case.assignee_id) == (department.pk, officer.pk)  # the new rule, not the memo's
    assert case.tracking_code.endswith("-000002")  # the refused statement took no number
    assert verify_chain().ok and verify_chain().checked == 2


def test_a_category_closed_since_is_refused_and_one_opened_since_is_accepted(ward, category):
    from tests.factories import CategoryFactory

    assert _post().status_code == 201
    late = _post({**API_BODY, "category": "moi-mo"})
    assert late.status_code == 400 and "category" in late.json()
    CategoryFactory(code="moi-mo", name="Mới mở")  # the memo knew "moi-mo" as missing
    assert _post({**API_BODY, "category": "moi-mo"}).status_code == 201
    category.is_active = False
    category.save()
    closed = _post()
    assert closed.status_code == 400 and "category" in closed.json()
    assert Case.objects.count() == 2


def test_a_token_that_moved_without_the_data_changing_only_costs_one_more_try(ward, category, monkeypatch):
    from portal.cases import reference

    assert _post().status_code == 201
    reference.changed()  # renewed by a bulk write that changed nothing the submission reads
    calls = []
    real = filing_sql.file
    monkeypatch.setattr(filing_sql, "file", lambda filing, ref=None: calls.append(ref.assumed) or real(filing, ref))
    assert _post().status_code == 201
    assert calls == [True, False]  # refused under the old token, filed under the new one
    assert _post().status_code == 201 and calls[2:] == [True]  # and the new one is assumed from then on
    assert Case.objects.count() == 3


LEAD = {"kind": "denunciation", "is_anonymous": True, "notify_by": "none", "decision_date": None,
        "title": "Cán bộ địa chính nhận tiền", "denounced_person": "Ông Trần Văn Bình, công chức địa chính",
        "evidence": "Ảnh chụp tin nhắn hẹn gặp; hai người nộp hồ sơ chứng kiến."}


@time_machine.travel(MOMENT, tick=False)
def test_an_inspection_lead_is_one_statement_without_a_clock_event(ward, area, category, department, officer,
                                                                    monkeypatch, django_assert_num_queries):
    """An anonymous denunciation (Law on Denunciations Art. 25): the statement writes its new columns as the ORM
    does, no clock event, no routing, no receipt."""
    RoutingRule.objects.create(ward=ward, department=department, category=category, default_assignee=officer)
    submit_case(submission=submission(ward, category))  # the process reads the reference data
    with django_assert_num_queries(4):  # token, savepoint, statement, release
        fast = submit_case(submission=submission(ward, category, area=area, **LEAD))
    monkeypatch.setattr(filing_sql, "file", lambda filing, ref=None: False)
    slow = submit_case(submission=submission(ward, category, area=area, **LEAD))
    written = rows(Case.objects.get(pk=fast.case.pk), fast.case.tracking_code, fast.access_token)
    assert written == rows(Case.objects.get(pk=slow.case.pk), slow.case.tracking_code, slow.access_token)
    case = written["case"]
    assert case["denounced_person"] == LEAD["denounced_person"] and case["evidence"] == LEAD["evidence"]
    assert case["lead_outcome"] == "" and case["contact_name"] == "" and case["contact_email"] == ""
    assert case["department"] is None and case["assignee"] is None and case["due_date"] is None
    assert case["clock_state"] == "stopped" and case["deadline_step"] == ""
    assert written["clock"] == [] and written["outbox"] == []
    assert written["audit"]["data"]["inspection_lead"] is True
    assert verify_chain().ok


def test_a_lead_whose_evidence_holds_a_mark_is_kept_as_typed(ward, category, monkeypatch):
    calls = []
    real = filing_sql.file
    monkeypatch.setattr(filing_sql, "file", lambda filing, ref=None: calls.append(real(filing, ref)) or calls[-1])
    evidence = f"Biên lai số {mark('caseid')} do người nộp giữ"
    submitted = submit_case(submission=submission(ward, category, **{**LEAD, "evidence": evidence}))
    assert Case.objects.get(pk=submitted.case.pk).evidence == evidence
    assert calls == [False]
