"""Reads of cases for residents and the public."""

import copy
import datetime as dt
import functools
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL

from portal.core import prepared
from portal.core.search import words_condition, words_in_both_forms
from portal.core.text import fold
from portal.core.timeutil import local_today
from portal.transparency.redaction import REDACTED

from . import escalation
from .models import (
    OPEN_STATES,
    AnswerState,
    Attachment,
    Case,
    CaseAnswer,
    CaseClockEvent,
    Message,
    Rating,
    token_matches,
)
from .presentation import MASK_FIELDS, mask_titles, text_mask

_UNSET = object()


def _with_public_timeline(queryset: QuerySet) -> QuerySet:
    """Everything a resident's status page shows, in a constant number of queries."""
    return queryset.select_related("ward", "category", "area").prefetch_related(
        Prefetch("messages", queryset=Message.objects.filter(is_public=True).order_by("created_at", "id"),
                 to_attr="public_messages"),
        Prefetch("attachments", queryset=Attachment.objects.order_by("id")),
        "ratings",
    )


def resident_options(case: Case) -> dict[str, bool]:
    """What the resident may do on their case now (uses the prefetched public timeline and ratings)."""
    return options_for(case, timeline=case.public_messages, ratings=case.ratings.all())


def options_for(case: Case, *, timeline, ratings, window=_UNSET) -> dict[str, bool]:
    """resident_options() from the case's public timeline and its ratings, however they were read. `window`: the
    case's escalation.window(), when the caller has it already (None: none to count, see escalation.allowed())."""
    if case.is_inspection_lead:
        # Its sender gets a receipt only: no message, rating, withdrawal or escalation (Law on Denunciations Art. 25).
        return dict.fromkeys(("provide_info", "message", "rate", "withdraw", "escalate"), False)
    escalable = may_escalate(case)
    if escalable:
        window = escalation.window(case) if window is _UNSET else window
        escalable = escalation.allowed(case, window)
    return {
        "provide_info": case.state == "needs_info",
        "message": case.is_open or case.state == "answered",
        "rate": _may_rate(case, timeline, ratings),
        "withdraw": case.is_open,
        "escalate": escalable,
    }


def may_rate(case: Case) -> bool:
    """resident_options()["rate"] alone (the prefetched public timeline and ratings), without the escalation window's
    reference data: whether the latest answer of an answered or closed case waits for the resident's rating."""
    return _may_rate(case, case.public_messages, case.ratings.all())


def _may_rate(case: Case, timeline, ratings) -> bool:
    answers = [m for m in timeline if m.kind == "answer"]
    return (case.state in ("answered", "closed") and bool(answers)
            and answers[-1].pk not in {r.answer_message_id for r in ratings})


def may_escalate(case: Case) -> bool:
    """A complaint answered (or closed), or open and possibly overdue (escalation.applies()): escalation applies to
    it, within its window (escalation.window()) only. A resident's escalation of such a case goes to the service
    even outside the window (before an open complaint's due date has passed, after the window), which refuses it
    saying why."""
    return escalation.applies(case)


def may_try(case: Case, action: str, options: dict[str, bool]) -> bool:
    """Whether a resident's `action` goes on to its service: it is offered, or it is an escalation that only the time
    limit refuses (the service says so: a page opened on the last day and sent the next gets the reason, not a 404)."""
    return bool(options.get(action)) or (action == "escalate" and may_escalate(case))


def case_for_resident(*, code: str, token: str) -> Case | None:
    """The case behind a tracking code and secret. A wrong code and a wrong secret look the same: None."""
    code = (code or "").strip().upper()
    if not code or not token or len(code) > 32 or len(token) > 128:
        return None
    case = _with_public_timeline(Case.objects.filter(tracking_code=code)).first()
    if case is None or not case.check_token(token):
        return None
    return case


# What the status page shows of a case itself, and, from other tables, what tells whether the page changed.
_SUMMARY_FIELDS = {"id", "access_token_hash", "tracking_code", "kind", "is_anonymous", "state", "title",
                   "description", "address",
                   "received_at", "due_date", "is_late_filing", "ward_id", "category_id", "area_id",
                   # the escalation window's inputs (escalation.window())
                   "received_on", "answered_at", "clock_state", "deadline_step"}
_SUMMARY_EXTRA = ("ward_name", "category_name", "category_name_en", "area_name", "public_count", "attachment_count",
                  "thumbnail_count", "rating_count")
_summary_queries: dict[str, tuple[str, list[str], dict]] = {}


def _summary_query() -> tuple[str, list[str], dict]:
    """The SQL of status_summary(), its case columns (in the model's order, as Model.from_db() wants them)
    and the database's converters of them, made once per database: plain SQL, because building it with the ORM took
    longer than running it."""
    made = _summary_queries.get(connection.alias)
    if made is not None:
        return made
    qn = connection.ops.quote_name
    case, message, attachment, rating = (qn(m._meta.db_table) for m in (Case, Message, Attachment, Rating))
    ward, category, area = (qn(Case._meta.get_field(f).related_model._meta.db_table) for f in ("ward", "category",
                                                                                               "area"))
    fields = [field for field in Case._meta.concrete_fields if field.attname in _SUMMARY_FIELDS]
    columns = ", ".join(f"c.{qn(field.column)}" for field in fields)
    # Scalar subqueries rather than joins: each is an index lookup, and the plan is made in half the time.
    # Table names come from the models; the tracking code is a parameter.
    sql = (
        f"SELECT {columns}, "  # noqa: S608
        f"(SELECT w.name FROM {ward} w WHERE w.id = c.ward_id), "
        f"(SELECT g.name FROM {category} g WHERE g.id = c.category_id), "
        f"(SELECT g.name_en FROM {category} g WHERE g.id = c.category_id), "
        f"(SELECT a.name FROM {area} a WHERE a.id = c.area_id), "
        f"(SELECT COUNT(*) FROM {message} m WHERE m.case_id = c.id AND m.is_public), "
        f"(SELECT COUNT(*) FROM {attachment} t WHERE t.case_id = c.id), "
        f"(SELECT COUNT(*) FROM {attachment} t WHERE t.case_id = c.id AND t.thumbnail <> ''), "
        f"(SELECT COUNT(*) FROM {rating} r WHERE r.case_id = c.id) "
        f"FROM {case} c WHERE c.tracking_code = %s"
    )
    converters = Case.objects.none().query.get_compiler(connection=connection).get_converters(
        [field.get_col(Case._meta.db_table) for field in fields])
    made = _summary_queries[connection.alias] = (sql, [field.attname for field in fields], converters)
    return made


class StatusSummary:
    """The row of the status page's query: `key` is everything the page is made of, `case()` the Case built from it
    (only the fields the page shows, with `ward`, `category` (in both languages) and `area` carrying their names, and
    `public_count`, `attachment_count`, `thumbnail_count`, `rating_count`), which a page served from memory never
    needs."""

    __slots__ = ("key", "_case")

    def __init__(self, values: tuple):
        self.key = values
        self._case = None

    def case(self) -> Case:
        if self._case is None:
            self._case = _summary_case(list(self.key))
        return self._case


def status_summary(*, code: str, token: str) -> StatusSummary | None:
    """The case behind a tracking code and secret for the status page, in one query: the fields the page shows and
    how many public timeline entries, attachments (with thumbnails) and ratings it has, which together change
    whenever the page would. A page kept in memory is served from this row alone; read the rest with
    case_page_parts(). None for a wrong code and a wrong secret alike."""
    code = (code or "").strip().upper()
    if not code or not token or len(code) > 32 or len(token) > 128:
        return None
    sql, attnames, _ = _summary_query()
    with prepared.cursor() as cursor:
        cursor.execute(sql, [code])
        row = cursor.fetchone()
    if row is None:
        return None
    if not token_matches(row[attnames.index("access_token_hash")], token):
        return None
    return StatusSummary(row)


def _summary_case(values: list) -> Case:
    from portal.wards.models import Area, Category, Ward

    _, attnames, converters = _summary_query()
    for position, (functions, expression) in converters.items():
        for convert in functions:
            values[position] = convert(values[position], expression, connection)
    case = Case.from_db(connection.alias, attnames, values[:len(attnames)])
    for name, value in zip(_SUMMARY_EXTRA, values[len(attnames):], strict=True):
        setattr(case, name, value)
    db = connection.alias
    case.ward = Ward.from_db(db, ["id", "name"], [case.ward_id, case.ward_name])
    case.category = Category.from_db(db, ["id", "name", "name_en"],
                                      [case.category_id, case.category_name, case.category_name_en])
    case.area = Area.from_db(db, ["id", "name"], [case.area_id, case.area_name]) if case.area_id else None
    return case


def case_page_parts(case: Case) -> tuple[list[Message], list[Attachment], list[Rating]]:
    """The public timeline, attachments and ratings of a case from StatusSummary.case(): one query, plus one
    for attachments and one for ratings when it has any."""
    timeline = list(case.messages.filter(is_public=True).order_by("created_at", "id"))
    attachments = list(case.attachments.order_by("id")) if case.attachment_count else []
    ratings = list(case.ratings.all()) if case.rating_count else []
    return timeline, attachments, ratings


def case_of_owner(*, user, code: str) -> Case | None:
    code = (code or "").strip().upper()
    return _with_public_timeline(Case.objects.filter(owner=user, tracking_code=code)).first()


def cases_of_owner(user) -> QuerySet:
    return Case.objects.filter(owner=user).select_related("ward", "category").order_by("-received_at")


# --- the staff queue ---------------------------------------------------------------------------------------------

QUEUE_SORTS = {"due": ("due_date", "received_at", "id"), "-received": ("-received_at", "-id"),
               "received": ("received_at", "id")}


@dataclass(frozen=True)
class QueueFilters:
    ward: int | None = None
    department: int | None = None
    states: tuple[str, ...] = ()
    kind: str = ""
    category: int | None = None
    area: int | None = None
    assignee: str = ""  # "me", "none" or a user id
    deadline: str = ""  # "on_track", "due_soon", "overdue", "paused"
    q: str = ""
    sort: str = "due"
    open_only: bool = True
    answer: str = ""  # "pending": a draft answer waits for a leader's approval


# What a queue row (the desk's page, frontend/views/queue_rows.py, and GET /api/v1/staff/cases/,
# api/v1/desk_serializers.DeskQueueRowSerializer) shows, with the deadline's inputs (annotate_deadlines), the sort
# keys and what masking a denunciation's title needs (presentation.MASK_FIELDS: the identity, never shown in a row):
# only these columns are read, of the case and of the rows it joins. A caller that needs more reads the case itself
# (case_for_staff); reading a column left out here costs a query per row, which the queue's query-count tests would
# catch. queue() adds `pending_answer_id` (a draft answer waits for a leader) in the same query.
QUEUE_FIELDS = tuple(dict.fromkeys((
    "tracking_code", "title", "kind", "state", "received_at", "due_date", "clock_state", "ward", "category", "area",
    "department", "assignee", *MASK_FIELDS)))


def queue_page(cases, *, viewer, today: dt.date | None = None, ref=None) -> list[Case]:
    """A page of queue() as its rows: each case with its ward, category, area, department (from the per-process
    reference memo: one query for its token), assignee (one query for the page) and deadline (annotate_deadlines()).
    Not joined to the page's query: joining five tables made PostgreSQL spend longer planning it (4-5 ms at 1M cases)
    than running it. The titles read as `viewer` may read them (presentation.text_mask: a denunciation's title
    with the denouncer's identity masked for whoever may not see it)."""
    from django.contrib.auth import get_user_model

    from . import reference

    cases = list(cases)
    if not cases:
        return cases
    ref = ref or reference.view()
    _name_references(cases, ref, shared=True)
    assignee_ids = {case.assignee_id for case in cases if case.assignee_id}
    assignees = (get_user_model().objects.only("username", "first_name", "last_name").in_bulk(assignee_ids)
                 if assignee_ids else {})
    for case in cases:
        case.assignee = assignees.get(case.assignee_id) if case.assignee_id else None
        case.awaiting_approval = getattr(case, "pending_answer_id", None) is not None
    mask_titles(viewer, cases)
    return annotate_deadlines(cases, today=today, calendars=reference.calendars(ref, {c.ward_id for c in cases}))


def _name_references(cases: list[Case], ref, *, shared: bool) -> None:
    """Set each case's ward, category, area and department from the reference memo: the memo's own rows when
    `shared` (a page that only prints their names), private copies otherwise."""
    from portal.wards.models import Area, Category, Department, Ward

    from . import reference

    wards, categories, areas, departments = reference.names(ref)

    def pick(model, rows, key):
        if not key:
            return None
        row = rows.get(key)
        if row is None:  # added without the signals that renew the memo (a bulk insert): read it, never drop it
            return model.objects.get(pk=key)
        return row if shared else copy.copy(row)

    for case in cases:
        case.ward = pick(Ward, wards, case.ward_id)
        case.category = pick(Category, categories, case.category_id)
        case.area = pick(Area, areas, case.area_id)
        case.department = pick(Department, departments, case.department_id)


def queue(user, filters: QueueFilters, *, today: dt.date | None = None) -> QuerySet:
    """The cases a staff user may see, filtered and sorted (due date first by default). A constant number of queries
    whatever the page size; callers paginate, then call queue_page() on the page."""
    from .permissions import visible_cases

    today = today or local_today()
    # A draft waiting for a leader's approval: at most one per case, found by the partial unique index of CaseAnswer
    # (one_pending_answer_per_case: case_id WHERE state = 'pending'), which holds only the pending drafts. Each row
    # says which (queue_page() makes it awaiting_approval): a scalar subquery, which PostgreSQL runs for the page's
    # rows only, one index probe each; an EXISTS there may be planned as a hash of every pending draft of the city,
    # built for every page (0.45 ms with 1,000 drafts, 1.3 ms with 5,700, on 300,000 cases). The filter is an EXISTS
    # in WHERE: a semi-join.
    pending = CaseAnswer.objects.filter(case=OuterRef("pk"), state=AnswerState.PENDING)
    qs = visible_cases(user).only(*QUEUE_FIELDS).annotate(pending_answer_id=Subquery(pending.values("pk")[:1]))
    if filters.open_only and not filters.states:
        qs = qs.filter(state__in=list(OPEN_STATES))
    if filters.states:
        qs = qs.filter(state__in=list(filters.states))
    for field in ("ward", "department", "category", "area"):
        value = getattr(filters, field)
        if value:
            qs = qs.filter(**{f"{field}_id": value})
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.answer == "pending":
        qs = qs.filter(Exists(pending))
    if filters.assignee == "me":
        qs = qs.filter(assignee=user)
    elif filters.assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif filters.assignee.isdigit():
        qs = qs.filter(assignee_id=int(filters.assignee))
    if filters.deadline:
        from .permissions import scope_of

        qs = qs.filter(_deadline_condition(filters.deadline, today, scope_of(user).case_ward_ids))
    if filters.q:
        qs = qs.filter(search_condition(filters.q, viewer=user))
    order = QUEUE_SORTS.get(filters.sort, QUEUE_SORTS["due"])
    if order[0] == "due_date":
        return qs.order_by(F("due_date").asc(nulls_last=True), *order[1:])
    return qs.order_by(*order)


def search_condition(q: str, *, viewer) -> Q:
    """Every word must appear in the title, description or address: a word typed without diacritics in any accent
    ("den" finds "Đèn" and "đến"), one typed with them as typed, case aside ("đèn" finds "ĐÈN", not "đến"):
    portal.core.search. A tracking code matches exactly.

    A denunciation whose denouncer `viewer` may not see (permissions.identity_visible: a supervisor, an officer who
    is not its assignee) must also hold the words in its masked texts (Case.masked_search_text), the texts as that
    viewer reads them: otherwise which denunciations "Khánh" or "0912345678" finds would tell them who filed them,
    though the rows show "[***]". Only the rows that the folded words found (through their trigram index on
    PostgreSQL) are checked, with a LIKE on a column of the row: no query and no join more."""
    from .permissions import identity_visible

    q = (q or "").strip()[:200]
    code = q.upper()
    condition = words_condition(q, folded="search_text", original=["title", "description", "address"])
    masked = words_in_both_forms(q, field="masked_search_text")
    if masked:  # no word (a stray mark): no condition, as words_condition()
        condition &= identity_visible(viewer) | masked
    if "-" in code and len(code) >= 8:
        return Q(tracking_code=code) | condition
    return condition


def _deadline_condition(status: str, today: dt.date, ward_ids: list[int]) -> Q:
    """The same statuses as annotate_deadlines(): "due soon" is counted in each ward's own calendar."""
    from portal.deadlines.selectors import calendars_for

    if status == "overdue":
        return Q(due_date__lt=today)
    if status == "paused":
        return Q(due_date__isnull=True, clock_state="paused")
    if status not in ("due_soon", "on_track"):
        return Q()
    calendars = calendars_for(ward_ids)
    condition = Q(pk__in=[])
    for ward_id, calendar in calendars.items():
        cutoff = calendar.add_working_days(today, due_soon_days())
        bounds = Q(due_date__gte=today, due_date__lte=cutoff) if status == "due_soon" else Q(due_date__gt=cutoff)
        condition |= Q(ward_id=ward_id) & bounds
    return condition


def due_soon_days() -> int:
    from django.conf import settings

    from portal.deadlines.services import DUE_SOON_WORKING_DAYS

    return getattr(settings, "DEADLINE_DUE_SOON_WORKING_DAYS", DUE_SOON_WORKING_DAYS)


def annotate_deadlines(cases, *, today: dt.date | None = None, calendars: dict | None = None):
    """Set .deadline_status ("on_track", "due_soon", "overdue", "paused", "") and .working_days_left on each case,
    with one query for the calendars of all the wards involved."""
    from portal.deadlines.selectors import calendars_for
    from portal.deadlines.services import deadline_status, working_days_left

    cases = list(cases)
    today = today or local_today()
    if calendars is None:
        calendars = calendars_for({c.ward_id for c in cases}) if cases else {}
    for case in cases:
        if case.due_date is None or not case.is_open:
            case.deadline_status = "paused" if case.clock_state == "paused" and case.is_open else ""
            case.working_days_left = None
            continue
        calendar = calendars.get(case.ward_id)
        case.working_days_left = working_days_left(case.due_date, today, calendar=calendar)
        case.deadline_status = deadline_status(case.due_date, today, calendar=calendar)
    return cases


@functools.cache
def _exists_sql(model) -> str:
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    return (f"EXISTS (SELECT 1 FROM {table} WHERE {table}.{qn(model._meta.get_field('case').column)} = "  # noqa: S608
            f"{qn(Case._meta.db_table)}.{qn(Case._meta.pk.column)})")


def _exists_for_case(model) -> RawSQL:
    """Whether the case has a row of `model` (its `case` key): Exists(model.objects.filter(case=OuterRef("pk")))
    written as the SQL Django makes of it, once per model. Compiling the three such subqueries of the case page was
    two thirds of compiling its query (~1 ms of the page, issue 7). Only for a query whose cases table is not
    aliased (a query of Case)."""
    return RawSQL(_exists_sql(model), (), output_field=BooleanField())  # noqa: S611 - quoted names only


def _converted(rows: list, converters: list) -> list:
    """Rows of a query run apart from Django's iterables with the database's converters applied, as Django would
    (`converters`: (column, functions, expression) from the compiler's get_converters()); none on PostgreSQL here."""
    if not converters:
        return rows
    rows = [list(row) for row in rows]
    for row in rows:
        for position, functions, expression in converters:
            value = row[position]
            for convert in functions:
                value = convert(value, expression, connection)
            row[position] = value
    return rows


# Relations most cases have none of: the case's query says which it has (an EXISTS each), and only those are read
# (a query each). The others are set empty (.none()), as a prefetch that found nothing would leave them, except that a
# further .filter() or .order_by() on them finds nothing either, where a prefetched relation would query again: read
# them through .all() only (as the page, the API's serializers and the services do).
_SELDOM = {
    # Each with its redacted copy, if any (a LEFT JOIN, no query more): a denunciation's files are listed by it.
    "attachments": (Attachment, lambda: Prefetch("attachments", queryset=Attachment.objects
                                                 .select_related("redacted_copy").order_by("id"))),
    "answers": (CaseAnswer, lambda: Prefetch("answers", queryset=CaseAnswer.objects.select_related("author",
                                                                                                 "decided_by"))),
    "ratings": (Rating, lambda: "ratings"),
}
# The case's clock events come in the case's own query, one row each (a LEFT JOIN): their columns, as annotations.
_CLOCK_FIELDS = tuple(field for field in CaseClockEvent._meta.concrete_fields if field.name != "case")
_CLOCK_ATTNAMES = tuple(field.attname for field in _CLOCK_FIELDS)
_CLOCK_NAMES = tuple(f"clock_event_{name}" for name in _CLOCK_ATTNAMES)
_CLOCK_ROW = [field.attname for field in CaseClockEvent._meta.concrete_fields]


def _staff_case_query(user, code: str) -> QuerySet:
    """The query of case_for_staff(): the case if `user` may see it (permissions.visible_cases), whether it has
    attachments, answers and ratings, its assignee, and a row for each of its clock events, in their order."""
    from .permissions import visible_cases

    clock = {name: F(f"clock_events__{field.attname}") for name, field in zip(_CLOCK_NAMES, _CLOCK_FIELDS,
                                                                              strict=True)}
    return (
        # The ward, category, area and department come from the reference memo; the assignee is joined (a query
        # fewer for the many cases that have one: each costs ~1 ms of the page, issue 7), the case it was merged into
        # comes from a query when it has one.
        visible_cases(user)
        .annotate(**{f"has_{name}": _exists_for_case(model) for name, (model, _lookup) in _SELDOM.items()})
        .select_related("assignee")
        .annotate(**clock)
        .filter(tracking_code=code)
        .order_by(*(f"clock_event_{name}" for name in CaseClockEvent._meta.ordering))
    )


@dataclass(frozen=True)
class _CompiledCaseQuery:
    """The SQL of _staff_case_query() and what turns its rows into objects, as Django's ModelIterable does."""

    sql: str
    params: tuple
    init_list: list[str]
    case_columns: slice
    populators: list
    annotations: list[tuple[str, int]]
    clock_columns: list[int]
    converters: list[tuple[int, list, object]]

    @classmethod
    def of(cls, queryset: QuerySet) -> "_CompiledCaseQuery | None":
        """None when the query can find nothing (a user with no ward: Django runs no query then)."""
        from django.core.exceptions import EmptyResultSet
        from django.db.models.query import get_related_populators

        compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        select, klass_info, annotation_col_map = compiler.select, compiler.klass_info, compiler.annotation_col_map
        fields = klass_info["select_fields"]
        case_columns = slice(fields[0], fields[-1] + 1)
        converters = compiler.get_converters([column[0] for column in select[:compiler.col_count]])
        return cls(
            sql=sql, params=tuple(params), init_list=[column[0].target.attname for column in select[case_columns]],
            case_columns=case_columns, populators=get_related_populators(klass_info, select, queryset.db),
            annotations=[(name, position) for name, position in annotation_col_map.items()
                         if name not in _CLOCK_NAMES],
            clock_columns=[annotation_col_map[name] for name in _CLOCK_NAMES],
            converters=[(position, functions, expression) for position, (functions, expression)
                        in converters.items()],
        )

    def run(self, params) -> Case | None:
        db = connection.alias
        # Prepared on PostgreSQL: planning the query (its joins and EXISTS) took longer than running it.
        with prepared.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if not rows:
            return None
        rows = _converted(rows, self.converters)
        first = rows[0]
        case = Case.from_db(db, self.init_list, first[self.case_columns])
        for populator in self.populators:
            populator.populate(first, case)
        for name, position in self.annotations:
            setattr(case, name, first[position])
        # The clock events as prefetch_related("clock_events") leaves them: each knows its case, and the relation's
        # queryset holds them.
        case_field = CaseClockEvent._meta.get_field("case")
        events = []
        for row in rows:
            values = {name: row[position] for name, position in zip(_CLOCK_ATTNAMES, self.clock_columns, strict=True)}
            if values["id"] is None:  # no clock event: the LEFT JOIN's one row of NULLs
                continue
            values["case_id"] = case.pk
            # In the model's order: from_db() takes a full row positionally.
            event = CaseClockEvent.from_db(db, _CLOCK_ROW, [values[name] for name in _CLOCK_ROW])
            case_field.set_cached_value(event, case)
            events.append(event)
        clock_events = case.clock_events.get_queryset()
        clock_events._result_cache = events
        clock_events._prefetch_done = True
        case.__dict__.setdefault("_prefetched_objects_cache", {})["clock_events"] = clock_events
        return case


# The compiled query of case_for_staff() for each database and shape of the viewer's permissions
# (permissions.visibility_shape): compiling it cost more than running it (issue 7). Bounded: a shape is a list of
# wards and department counts, of which a city has a few dozen.
_case_queries: dict[tuple, _CompiledCaseQuery | None] = {}
_CASE_QUERIES_MAX = 256


def _compiled_case_query(user, code: str) -> tuple[_CompiledCaseQuery | None, list]:
    """The compiled query of case_for_staff() for `user` and `code`, and its parameters. Kept for the shape of the
    user's permissions when the parameters Django gives it are those visibility_shape() says (otherwise made for
    each call)."""
    from .permissions import visibility_shape

    shape, params = visibility_shape(user)
    params.append(code)
    key = (connection.alias, shape)
    try:
        return _case_queries[key], params
    except KeyError:
        pass
    compiled = _CompiledCaseQuery.of(_staff_case_query(user, code))
    if compiled is None or list(compiled.params) == params:
        if len(_case_queries) >= _CASE_QUERIES_MAX:
            _case_queries.clear()
        _case_queries[key] = compiled
        return compiled, params
    return compiled, list(compiled.params)


def case_for_staff(user, code: str, *, messages: bool = True, ref=None) -> Case | None:
    """A case with everything its staff page shows (timeline incl. internal notes, clock, answers). `messages=False`
    leaves the timeline out, for a caller that reads it through timeline_rows(); `ref`, the reference memo's view
    (reference.view()) when the caller has one already.

    One query for the case, its assignee and its clock events, whose SQL is made once for each shape of the
    viewer's permissions (_compiled_case_query); one more for each relation the case has rows of (attachments,
    answers, ratings, the case it was merged into) and, with `messages`, one for the timeline."""
    from . import reference

    compiled, params = _compiled_case_query(user, (code or "").strip().upper())
    case = compiled.run(params) if compiled is not None else None
    if case is None:
        return None
    cache = case._prefetched_objects_cache
    for name in _SELDOM:
        if not getattr(case, f"has_{name}"):
            cache[name] = getattr(case, name).none()
    lookups = [lookup() for name, (_m, lookup) in _SELDOM.items() if name not in cache]
    if messages:
        lookups.append(Prefetch("messages", queryset=Message.objects.select_related("author")
                                .order_by("created_at", "id")))
    if case.merged_into_id is None:
        Case._meta.get_field("merged_into").set_cached_value(case, None)
    else:
        lookups.append("merged_into")
    if lookups:
        prefetch_related_objects([case], *lookups)
    _name_references([case], ref or reference.view(), shared=False)
    return case


class TimelineRow(NamedTuple):
    kind: str
    body: str
    is_public: bool
    from_state: str
    to_state: str
    created_at: dt.datetime
    author_id: int | None
    author_name: str  # full name, else user name; "" without an author


_timeline_queries: dict[str, tuple[str, list]] = {}


def _timeline_query() -> tuple[str, list]:
    """The SQL of timeline_rows() (its one parameter the case's id) and the database's converters of its columns,
    made once per database: compiling it was a fifth of reading a 300-entry timeline (issue 7)."""
    made = _timeline_queries.get(connection.alias)
    if made is not None:
        return made
    rows = (Message.objects.filter(case_id=0).order_by("created_at", "id")
            .values_list("kind", "body", "is_public", "from_state", "to_state", "created_at", "author_id",
                         "author__first_name", "author__last_name", "author__username"))
    compiler = rows.query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    if list(params) != [0]:  # pragma: no cover - Django changed how it writes this query
        raise RuntimeError("timeline_rows(): unexpected parameters")
    converters = compiler.get_converters([column[0] for column in compiler.select[:compiler.col_count]])
    made = _timeline_queries[connection.alias] = (sql, [(position, functions, expression) for position,
                                                        (functions, expression) in converters.items()])
    return made


def timeline_rows(case: Case, *, viewer) -> list[TimelineRow]:
    """A case's whole timeline (internal notes included: for staff), oldest first, in one query, as plain rows: a
    timeline of hundreds of entries costs no model instances (issue 7: 306 entries, ≈20 ms of Message + User). The
    bodies read as `viewer` may read them (presentation.text_mask; `case` read with its identity)."""
    sql, converters = _timeline_query()
    with prepared.cursor() as cursor:
        cursor.execute(sql, [case.pk])
        rows = cursor.fetchall()
    rows = _converted(rows, converters)
    mask = text_mask(viewer, case)
    return [TimelineRow(kind, mask(body or ""), public, from_state or "", to_state or "", created, author_id,
                        f"{first} {last}".strip() or (username or ""))
            for kind, body, public, from_state, to_state, created, author_id, first, last, username in rows]


def merge_suggestions(case: Case, *, viewer, limit: int = 5, days: int = 90) -> list[Case]:
    """Open cases of the same ward, area and category from the last 90 days that share words with this one, their
    titles as `viewer` may read them (presentation.text_mask). Both sides as the viewer reads them: the words come
    from this case's title with a denouncer's identity masked for a viewer who may not see it, and are looked for in
    another denunciation's masked texts (Case.masked_search_text) when the viewer may not see who filed that one —
    which cases a hidden name finds would tell it, as in the queue's search (search_condition). Only cases the
    viewer may see (permissions.visible_cases, as the queue): an officer is not shown, even masked, the cases of
    departments not theirs. In the same query: the viewer's scope is read already."""
    from .permissions import identity_protected, identity_visible, may_see_identity, visible_cases

    since = case.received_at - dt.timedelta(days=days)
    title = text_mask(viewer, case)(case.title or "").replace(REDACTED, " ")
    words = [w for w in fold(title).split() if len(w) >= 3][:6]
    if not words:
        return []
    similar, masked = Q(), Q()
    for word in words:
        similar |= Q(search_text__contains=word)
        masked |= Q(masked_search_text__contains=word)
    candidates = (visible_cases(viewer)
                  .filter(ward_id=case.ward_id, category_id=case.category_id, area_id=case.area_id,
                          received_at__gte=since, state__in=list(OPEN_STATES))
                  .exclude(pk=case.pk).filter(similar, identity_visible(viewer) | masked)
                  .only("id", "tracking_code", "title", "search_text", "masked_search_text", "received_at", "state",
                        *MASK_FIELDS)[:50])

    def shared(other: Case) -> int:
        hidden = identity_protected(other) and not may_see_identity(viewer, other)  # identity_visible(), per row
        text = other.masked_search_text if hidden else other.search_text
        return sum(1 for word in words if word in text)

    scored = sorted(candidates, key=lambda c: -shared(c))[:limit]
    mask_titles(viewer, scored)
    return scored
