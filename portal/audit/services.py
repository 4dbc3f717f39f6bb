"""Writing and verifying the audit log. Services call record() inside their own transaction."""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.db import connection, transaction

from portal.core.timeutil import now

from .models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


def _digest(*, prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256(_payload(prev_hash=prev_hash, event=event).encode("utf-8")).hexdigest()


def _payload(*, prev_hash: str, event: AuditEvent) -> str:
    """The text an event's hash is the SHA-256 of (UTF-8)."""
    return json.dumps(
        {
            "prev": prev_hash,
            "at": event.created_at.astimezone(dt.UTC).isoformat(),  # as the database returns it
            "actor": event.actor_id,
            "actor_label": event.actor_label,
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "ward": event.ward_id,
            "data": event.data,
        },
        sort_keys=True,
        ensure_ascii=False,
        default=str,
        separators=(",", ":"),
    )


def actor_label_for(actor) -> str:
    if actor is None:
        return "system"
    if getattr(actor, "is_authenticated", False):
        return actor.get_username()
    return "resident"


def record(*, action: str, obj=None, actor=None, ward=None, data=None, object_type=None, object_id=None,
           actor_label=None) -> AuditEvent:
    """Append one event. Must run inside the caller's transaction (it locks the chain head until commit)."""
    return record_many([{"action": action, "obj": obj, "actor": actor, "ward": ward, "data": data,
                         "object_type": object_type, "object_id": object_id, "actor_label": actor_label}])[0]


def record_many(events: list[dict]) -> list[AuditEvent]:
    """Append events in the given order (each a dict of record()'s arguments) under one lock of the chain head, in
    one INSERT: what a sweep escalating thousands of cases needs, where record() for each would take the lock, write
    the head and round-trip once per event. Must run inside the caller's transaction, like record()."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must be called inside a transaction")
    if not events:
        return []
    moment = now()
    built = []
    prev = _locked_head_hash()
    for item in events:
        event = new_event(**item, moment=moment)
        event.prev_hash = prev
        event.hash = prev = _digest(prev_hash=prev, event=event)
        built.append(event)
    if len(built) == 1:
        built[0].save()
    else:
        # One statement; the ids follow the list's order, which is the chain's (verify_chain walks by id).
        built = AuditEvent.objects.bulk_create(built)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {_head_table()} SET last_hash = %s, last_event_id = %s WHERE id = 1",  # noqa: S608
                       [prev, built[-1].pk])
    return built


def append_in_statement(statement, event: AuditEvent, marks: dict[str, tuple[str, str]], *,
                        lock_after: str = "") -> None:
    """Add to a one-statement write (portal.core.onestatement, PostgreSQL) the parts that append `event` to the chain:
    "ah" locks the head and reads its hash, "ae" inserts the event with the hash the database works out from it, "ah2"
    moves the head. The digest is the same as record()'s (verify_chain checks it): its text is built here with a mark
    for the previous hash, and for whatever else `marks` fill in (the new case's id, say). The head stays locked until
    the statement's transaction ends; `lock_after` names a part whose row locks are taken first (the head is then
    locked after them, in the order other writers take the same locks). With no head row yet (a new database) the
    statement fails with IntegrityError and writes nothing: record() creates the head."""
    from portal.core.onestatement import mark

    prev = mark("auditprev")
    marks = {**marks, prev: ("ah.last_hash", "ah")}
    digest_sql, digest_params, sources = statement.fill(_payload(prev_hash=prev, event=event), marks)
    after = f", {lock_after}" if lock_after else ""
    statement.add("ah", f"SELECT h.last_hash FROM {_head_table()} h{after} WHERE h.id = 1 FOR UPDATE OF h")  # noqa: S608
    statement.insert("ae", event, marks, returning="id, hash", marked=("object_id", "data"), columns={
        # The id is drawn once the head is locked, as record() does: the chain's order is the ids' (verify_chain).
        "id": ("(SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM ah)", [
            connection.ops.quote_name(AuditEvent._meta.db_table)]),
        "prev_hash": ("(SELECT last_hash FROM ah)", []),
        # Only the statement's own names and placeholders: the values are parameters.
        "hash": (f"(SELECT encode(sha256(convert_to({digest_sql}, 'UTF8')), 'hex') FROM {sources})",  # noqa: S608
                 digest_params),
    })
    statement.add("ah2", f"UPDATE {_head_table()} SET last_hash = ae.hash, last_event_id = ae.id "  # noqa: S608
                         f"FROM ae WHERE {_head_table()}.id = 1")


def new_event(*, action: str, obj=None, actor=None, ward=None, data=None, object_type=None, object_id=None,
              actor_label=None, moment=None) -> AuditEvent:
    """The event record() would append (without its hashes)."""
    return AuditEvent(
        created_at=moment or now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label or actor_label_for(actor),
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(object_id if object_id is not None else (obj.pk if obj is not None else "")),
        ward=ward,
        data=json.loads(json.dumps(data or {}, default=str)),
    )


def _head_table() -> str:
    return connection.ops.quote_name(AuditChainHead._meta.db_table)


def _locked_head_hash() -> str:
    """The hash at the head of the chain, its row locked until the transaction ends (created on first use).
    Plain SQL: every audited action runs this, and the ORM's query building cost more than the query."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT last_hash FROM {_head_table()} WHERE id = 1{lock}")  # noqa: S608
        row = cursor.fetchone()
    if row is not None:
        return row[0]
    AuditChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH})
    return AuditChainHead.objects.select_for_update().get(pk=1).last_hash


@dataclass
class ChainReport:
    ok: bool
    checked: int
    first_broken_id: int | None = None
    reason: str = ""


def verify_chain(batch_size: int = 2000) -> ChainReport:
    """Walk the whole log in order and check every link; name the first broken one."""
    prev = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        rows = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not rows:
            break
        for event in rows:
            if event.prev_hash != prev:
                return ChainReport(False, checked, event.pk, "previous hash does not match")
            if _digest(prev_hash=prev, event=event) != event.hash:
                return ChainReport(False, checked, event.pk, "content does not match its hash")
            prev = event.hash
            checked += 1
            last_id = event.pk
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != prev:
        return ChainReport(False, checked, None, "the newest events are missing")
    return ChainReport(True, checked)
