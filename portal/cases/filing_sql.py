"""A submission filed in one PostgreSQL statement (issue 7: submission throughput).

services.submit_case() filed a case with ten round trips: BEGIN, the ward's next number, the case, its clock event,
its timeline entry, the audit chain's head locked, the audit event, the head moved, the receipt e-mail, COMMIT. The
ward's number row and the chain's head stayed locked through all of them, so concurrent submissions waited for each
other's round trips. Here the same rows, with the same values, are written by one autocommitted statement: the
number row and the head are locked for the time the database takes to write five rows, and nothing is written if
any part fails. The audit event's hash is worked out by the database from the locked head (SHA-256 of the same text
record() hashes), so verify_chain() checks these events like any other.

Submissions with files take services' transaction (the files are stored between the rows); so do other databases.
"""

from __future__ import annotations

from django.db import DataError, IntegrityError, connection, transaction

from portal.audit.services import append_in_statement, new_event
from portal.core.onestatement import Statement, mark, salted
from portal.notifications.models import Notification
from portal.notifications.services import send_after_commit
from portal.wards.models import WARD_CODE

from .models import CaseSequence

_NUMBER = "CASE WHEN last_number < 1000000 THEN lpad(last_number::text, 6, '0') ELSE last_number::text END"


def file(filing, ref=None) -> bool:
    """Write a submission's rows (services._Filing) in one statement; sets the case's id and tracking code. Returns
    False, having written nothing, when the database refuses the statement: the audit chain has no head yet (a new
    database), or a row breaks a constraint.

    `ref`, the reference memo the submission was read with: if its token was assumed (reference.assumed_view()), the
    statement writes only while the token is still the data's, and raises versions.Stale, having written nothing, if
    it no longer is. The token's check costs no round trip of its own."""
    case = filing.case
    # Ward codes the validator admits are written as they are by JSON and URLs (the statement fills the tracking
    # code into both); a row saved before the validator may hold another.
    if not WARD_CODE.regex.search(case.ward.code) or any(
            salted(value) for value in (case.title, case.description, case.address, case.contact_name,
                                        case.contact_address, case.contact_email, case.contact_phone,
                                        case.representative_name, case.decision_reference, case.denounced_person,
                                        case.evidence, case.ward.name)):
        # A ward code that JSON or a URL would write differently, or a text holding the marks' secret part: the
        # marks could not be filled in as the text is written.
        return False
    case_id, code = mark("caseid"), mark("trackingcode")
    marks = {case_id: ("c.id::text", "c"), code: ("c.tracking_code", "c")}
    # What only the statement knows stands as marks in the audit event and the receipt while they are built.
    case.id, case.tracking_code = case_id, code
    try:
        event = new_event(**filing.audit(attachments=[]))
        notice = filing.notice()
    finally:
        case.id, case.tracking_code = None, ""
    year = case.received_on.year

    statement = Statement()
    sequence = connection.ops.quote_name(CaseSequence._meta.db_table)
    guarded = ref is not None and ref.assumed
    # With an assumed token, the number row is written only under the token's check: without a number the case's
    # tracking code is NULL, which its column refuses, and the whole statement writes nothing.
    guard, guard_params = ref.guard() if guarded else ("TRUE", [])
    statement.add(
        "seq",
        f"INSERT INTO {sequence} (ward_id, year, last_number) SELECT %s, %s, 1 WHERE {guard} "  # noqa: S608
        f"ON CONFLICT (ward_id, year) DO UPDATE SET last_number = {sequence}.last_number + 1 RETURNING last_number",
        [case.ward_id, year, *guard_params],
    )
    statement.insert("c", case, marks, returning="id, tracking_code", columns={
        "tracking_code": (f"(SELECT %s || {_NUMBER} FROM seq)", [f"{case.ward.code}-{year}-"]),  # noqa: S608
    })
    of_case = {"case_id": ("(SELECT id FROM c)", [])}
    if filing.clock is not None:  # an inspection lead has no deadline clock
        statement.insert("ce", filing.clock, marks, columns=of_case)
    statement.insert("tl", filing.message, marks, columns=of_case)
    # The ward's number row is locked before the chain's head, as in services' transaction (no deadlock between them).
    append_in_statement(statement, event, marks, lock_after="seq")
    select = "SELECT c.id, c.tracking_code, NULL FROM c"
    if notice:
        statement.insert("nt", Notification(**notice), marks, returning="id", columns=of_case,
                         marked=("key", "subject", "body"))
        select = "SELECT c.id, c.tracking_code, (SELECT id FROM nt) FROM c"

    try:
        if connection.in_atomic_block:
            with transaction.atomic():  # a savepoint: a failed statement must not break the caller's transaction
                row = statement.run(select)
        else:
            row = statement.run(select)
    except (IntegrityError, DataError):
        # No head yet (its hash is NULL) or a row the database refused: nothing was written. services files it the
        # usual way, which creates the head, or raises the same error with the ORM's statements. Or the assumed token
        # had moved on: the submission must be read again.
        if guarded:
            ref.confirm()
        return False
    case.id, case.tracking_code = row[0], row[1]
    case._state.adding, case._state.db = False, connection.alias
    if row[2] is not None:
        send_after_commit(row[2])
    return True
