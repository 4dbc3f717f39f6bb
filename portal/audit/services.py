"""Writing and verifying the audit log. Services call record() inside their own transaction."""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from portal.core.timeutil import now
from portal.notifications.models import NotificationChannel
from portal.notifications.services import enqueue_many
from portal.wards.models import Membership, Role

from .display import break_text
from .models import AuditChainCheck, AuditChainHead, AuditEvent, ChainBreak

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
    code: str = ""  # a ChainBreak value when broken


def verify_chain(batch_size: int = 2000) -> ChainReport:
    """Walk the log in order, a batch at a time from the last id seen (never the whole table at once), and check every
    link; name the first broken one.

    It checks the chain up to the head as it stands when the walk starts: events appended meanwhile (the log keeps
    growing while a nightly check walks millions of events) are left to the next check, and the last event walked
    must be the head's, or the newest events are missing. The head and the events it names are written in one
    transaction, so every event up to it is there to read. (A head that names no event, from before the head kept
    its id, leaves the walk to the end of the table.)"""
    head = AuditChainHead.objects.filter(pk=1).values_list("last_hash", "last_event_id").first()
    events = AuditEvent.objects.order_by("id")
    if head is not None and head[1]:
        events = events.filter(id__lte=head[1])
    prev = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        rows = list(events.filter(id__gt=last_id)[:batch_size])
        if not rows:
            break
        for event in rows:
            if event.prev_hash != prev:
                return ChainReport(False, checked, event.pk, "previous hash does not match", ChainBreak.PREVIOUS)
            if _digest(prev_hash=prev, event=event) != event.hash:
                return ChainReport(False, checked, event.pk, "content does not match its hash", ChainBreak.CONTENT)
            prev = event.hash
            checked += 1
            last_id = event.pk
    if head is not None and head[0] != prev:
        return ChainReport(False, checked, None, "the newest events are missing", ChainBreak.HEAD)
    return ChainReport(True, checked)


def check_chain(*, batch_size: int = 2000) -> AuditChainCheck:
    """The nightly check (portal.audit.tasks): verify the whole chain, keep the result for the log page, and when the
    chain is broken alert the administrators by e-mail through the outbox (sent after commit). An administrator is told
    once per break: a chain that stays broken shows on the log page every day, but does not fill their mailboxes."""
    started = now()
    report = verify_chain(batch_size)
    with transaction.atomic():
        check = AuditChainCheck.objects.create(
            started_at=started, finished_at=now(), checked=report.checked, ok=report.ok,
            first_broken_id=report.first_broken_id, reason=report.code)
        if not report.ok:
            _alert_admins(check)
    return check


def chain_admins():
    """Who is alerted when the chain breaks: active Django superusers and ward administrators with an e-mail address."""
    admin_role = Membership.objects.filter(user_id=OuterRef("pk"), role=Role.ADMIN)
    return (get_user_model().objects.filter(Q(is_superuser=True) | Exists(admin_role), is_active=True)
            .exclude(email="").order_by("pk"))


def _alert_admins(check: AuditChainCheck) -> None:
    where = check.first_broken_id if check.first_broken_id is not None else f"head{check.checked}"
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("OpenWard: the audit log's hash chain is broken")
        body = gettext(
            "The check of the audit log on %(when)s found its hash chain broken: %(where)s. %(count)s entries "
            "before the break verified.\n\nThe log may have been altered directly in the database. Find out who had "
            "access to it, compare it with the latest backup, and run `python manage.py verify_audit` to check it "
            "again. The wards' leaders and supervisors see this result at the top of their audit log page."
        ) % {"when": formats.date_format(timezone.localtime(check.started_at), "DATETIME_FORMAT"),
             "where": break_text(check.reason, check.first_broken_id),
             "count": formats.number_format(check.checked, force_grouping=True)}
    enqueue_many([{"key": f"audit-chain:broken:{where}:{check.reason}:{admin.pk}", "channel": NotificationChannel.EMAIL,
                   "recipient": admin.email, "subject": subject, "body": body} for admin in chain_admins()])
