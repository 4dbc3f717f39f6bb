"""Issue 7: every filing writes each index of the tables it inserts into, so none of them carries an index that
another one makes useless (portal.core.dbops.drop_single_column_indexes, migrations cases 0014, audit 0003,
notifications 0002); the uniqueness rules stay."""

import pytest
from django.db import IntegrityError, connection, migrations, transaction
from django.db.migrations.executor import MigrationExecutor

from portal.audit.models import AuditEvent
from portal.cases.models import Case
from portal.cases.services import Submission, submit_case
from portal.notifications.models import Notification

pytestmark = pytest.mark.django_db

FILING_TABLES = ["cases_case", "cases_message", "cases_caseclockevent", "cases_casesequence", "audit_auditevent",
                 "notifications_notification"]


def _indexes(table):
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, table)


def _index_columns(table):
    """{name: columns} of the table's plain (not unique, not partial) indexes, the text-search ones aside."""
    out = {}
    for name, info in _indexes(table).items():
        if not info["index"] or info["unique"] or info["primary_key"] or not all(info["columns"]):
            continue
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT indpred IS NOT NULL, pg_get_indexdef(indexrelid) FROM pg_index "
                               "WHERE indexrelid = %s::regclass", [name])
                partial, definition = cursor.fetchone()
            if partial or " USING gin " in definition:
                continue
        out[name] = info["columns"]
    return out


@pytest.mark.parametrize("table", FILING_TABLES)
def test_no_index_of_a_filing_table_is_the_leading_part_of_another(table):
    indexes = _index_columns(table)
    unique_or_composite = [info["columns"] for info in _indexes(table).values()
                           if info["index"] or info["unique"]]
    redundant = {name: cols for name, cols in indexes.items()
                 if any(other != cols and other[:len(cols)] == cols for other in unique_or_composite)}
    assert redundant == {}


def test_no_like_index_on_codes_nothing_searches_by_prefix():
    if connection.vendor != "postgresql":
        pytest.skip("the LIKE (varchar_pattern_ops) twins are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = ANY(%s) AND indexdef LIKE %s",
                       [FILING_TABLES, "%pattern_ops%"])
        assert cursor.fetchall() == []


def test_a_tracking_code_an_event_hash_and_a_notification_key_stay_unique(ward, category):
    case = submit_case(submission=Submission(ward=ward, kind="feedback", category=category, title="Đèn đường hỏng",
                                             description="Đèn đường trước nhà số 5 hỏng đã hai tuần.")).case
    copy = Case.objects.filter(pk=case.pk).values()[0]
    del copy["id"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(**copy)
    event = AuditEvent.objects.order_by("-id").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.create(actor_label="x", action="x", object_type="x", object_id="1", data={},
                                  prev_hash=event.hash, hash=event.hash)
    Notification.objects.create(key="case:1:received:email", channel="email", recipient="a@example.vn", body="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(key="case:1:received:email", channel="email", recipient="b@example.vn", body="y")


def test_the_queue_lookups_still_find_an_index():
    """The dropped single-column indexes' lookups are served by the composite ones that lead with the same column."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plans")
    lookups = {
        "cases_case": ["ward_id = 1", "department_id = 1", "assignee_id = 1", "owner_id = 1", "tracking_code = 'X'"],
        "cases_message": ["case_id = 1"],
        "cases_caseclockevent": ["case_id = 1"],
    }
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for table, conditions in lookups.items():
            for condition in conditions:
                cursor.execute(f"EXPLAIN SELECT 1 FROM {table} WHERE {condition}")  # noqa: S608 - constants above
                plan = "\n".join(row[0] for row in cursor.fetchall())
                assert "Index" in plan, (table, condition, plan)


@pytest.mark.django_db(transaction=True)
def test_the_migrations_go_back_and_forth():
    """Unapplied, the indexes and the unique=True constraints are back as they were; applied again, gone again."""
    targets = [("cases", "0013_sweep_keyset_index"), ("audit", "0002_chain_head"),
               ("notifications", "0001_initial")]
    executor = MigrationExecutor(connection)
    latest = [key for key in executor.loader.graph.leaf_nodes() if key[0] in {"cases", "audit", "notifications"}]
    try:
        executor.migrate(targets)
        names = set(_indexes("cases_case")) | set(_indexes("cases_message"))
        assert {"cases_case_ward_id_3364dcae", "cases_case_owner_id_352cf2f7",
                "cases_message_case_id_544aca6d"} <= names
        if connection.vendor == "postgresql":
            assert {"cases_case_tracking_code_key", "cases_case_tracking_code_86c901a2_like"} <= names
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
    names = set(_indexes("cases_case"))
    assert "cases_case_ward_id_3364dcae" not in names
    if connection.vendor == "postgresql":
        assert "case_tracking_code_unique" in names and "cases_case_tracking_code_key" not in names


def test_indexes_added_to_the_audit_log_since_its_chain_check_do_not_block_its_writes():
    """A plain CREATE INDEX blocks every write to the table while it scans it: on the audit log, every audited
    action (a resident's submission among them). From audit 0006 on, its indexes are built concurrently."""
    from django.db.migrations.loader import MigrationLoader

    from portal.core.dbops import AddIndexWithoutBlockingWrites

    loader = MigrationLoader(None, ignore_no_migrations=True)
    later = [migration for (app, name), migration in loader.disk_migrations.items()
             if app == "audit" and name > "0005"]
    assert later
    for migration in later:
        for operation in migration.operations:
            if isinstance(operation, migrations.AddIndex):
                assert isinstance(operation, AddIndexWithoutBlockingWrites), (migration.name, operation)
                assert migration.atomic is False, migration.name
