"""Reads of dialogues: the public calendar, a session's questions ranked and grouped, open commitments, the
compliance view and the dashboard figures. Each list is a constant number of queries whatever its length."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal.core.timeutil import local_today

from . import rules
from .models import (
    HELD_STATES,
    OPEN_COMMITMENT_STATES,
    PUBLIC_KINDS,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    DialogueRequest,
    Question,
    QuestionState,
    Registration,
    RegistrationStatus,
    Session,
    SessionChange,
    SessionKind,
    SessionState,
)


def sessions_for(*, ward_ids_staff: list[int] | None = None) -> QuerySet:
    """Public sessions, plus every session of the wards whose staff is asking (complaint dialogues included)."""
    condition = Q(kind__in=PUBLIC_KINDS)
    if ward_ids_staff:
        condition |= Q(ward_id__in=ward_ids_staff)
    return with_confirmed_count(Session.objects.filter(condition).select_related("ward"))


def with_confirmed_count(sessions: QuerySet) -> QuerySet:
    """Annotate `confirmed_count`, the residents registered (not waiting), by a subquery per session returned: a
    list ordered and cut by an index reads the registrations of its own rows only, where a GROUP BY over the join
    would count those of every session before sorting (hundreds of milliseconds over five years of a city)."""
    confirmed = (Registration.objects.filter(session=OuterRef("pk"), status=RegistrationStatus.CONFIRMED)
                 .order_by().values("session").annotate(n=Count("pk")).values("n"))
    return sessions.annotate(confirmed_count=Coalesce(Subquery(confirmed, output_field=IntegerField()), Value(0)))


def calendar_sessions(*, ward=None, kind: str = "", staff_ward_ids=None) -> QuerySet:
    sessions = sessions_for(ward_ids_staff=staff_ward_ids)
    if ward is not None:
        sessions = sessions.filter(ward=ward)
    if kind:
        sessions = sessions.filter(kind=kind)
    return sessions.order_by("starts_at", "pk")


def calendar_split(*, ward=None, kind: str = "", limit: int, today: dt.date | None = None
                   ) -> tuple[list[Session], list[Session]]:
    """The public calendar: sessions from today on (local time) not yet held, soonest first, and the others, latest
    first; at most `limit` of each, in two queries whatever the number of sessions."""
    today = today or local_today()
    day_start = dt.datetime.combine(today, dt.time.min, tzinfo=timezone.get_current_timezone())
    # What a calendar card shows, no more: the long texts stay in the database (the minutes are kilobytes a session).
    sessions = calendar_sessions(ward=ward, kind=kind).only(
        "ward_id", "kind", "title", "starts_at", "venue", "state", "announcement_late", "capacity", "ward__name",
        "ward__code")
    ahead = Q(starts_at__gte=day_start) & ~Q(state__in=HELD_STATES)
    upcoming = list(sessions.filter(ahead).order_by("starts_at", "pk")[:limit])
    past = list(sessions.exclude(ahead).order_by("-starts_at", "-pk")[:limit])
    return upcoming, past


def with_revisions(sessions: QuerySet) -> QuerySet:
    """Annotate `revision`: how many times the announcement changed (the iCalendar SEQUENCE), in the same query."""
    changes = (SessionChange.objects.filter(session=OuterRef("pk")).order_by().values("session")
               .annotate(n=Count("pk")).values("n"))
    return sessions.annotate(revision=Coalesce(Subquery(changes, output_field=IntegerField()), Value(0)))


def session_detail(pk: int) -> Session | None:
    return with_confirmed_count(Session.objects.select_related("ward", "case", "area")).filter(pk=pk).first()


@dataclass
class QuestionGroup:
    topic: str
    questions: list = field(default_factory=list)

    @property
    def votes(self) -> int:
        return sum(q.votes_count for q in self.questions)


def questions_scope(session_id: int) -> str:
    """The cache scope (portal.core.pagecache) of one session's questions and votes: bumped when any of them
    changes (portal.dialogues.apps), so the session page's cached list is renewed at once."""
    return f"dialogue-questions:{session_id}"


def ranked_questions(session: Session, *, include_hidden: bool = False) -> list[Question]:
    """The session's questions, most votes first (then oldest first). Hidden and merged ones only for staff."""
    questions = Question.objects.filter(session=session)
    if not include_hidden:
        questions = questions.filter(state=QuestionState.VISIBLE)
    return list(questions.annotate(votes_count=Count("votes")).select_related("merged_into")
                .order_by("-votes_count", "created_at", "pk"))


def grouped_questions(questions: list[Question]) -> list[QuestionGroup]:
    """Visible questions grouped by the moderators' topic; groups ranked by their votes, untitled group last."""
    groups: dict[str, QuestionGroup] = {}
    for question in questions:
        if question.state != QuestionState.VISIBLE:
            continue
        groups.setdefault(question.topic, QuestionGroup(question.topic)).questions.append(question)
    return sorted(groups.values(), key=lambda g: (g.topic == "", -g.votes, g.topic))


def voted_question_ids(session: Session, user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Question.objects.filter(session=session, votes__user=user).values_list("pk", flat=True))


def registration_of(session: Session, user) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Registration.objects.filter(session=session, user=user).first()


def waiting_position(registration: Registration) -> int | None:
    if registration is None or registration.status != RegistrationStatus.WAITING:
        return None
    return Registration.objects.filter(
        session_id=registration.session_id, status=RegistrationStatus.WAITING,
    ).filter(Q(queued_at__lt=registration.queued_at)
             | Q(queued_at=registration.queued_at, pk__lt=registration.pk)).count() + 1


def registrants(session: Session) -> list[Registration]:
    """Registered and waiting residents of a session, in the order they registered, with their contact (for the
    ward's staff only: personal data). Waiting ones carry their place in the waiting list. Two queries."""
    rows = list(Registration.objects.filter(session=session).exclude(status=RegistrationStatus.CANCELLED)
                .select_related("user__resident").order_by("queued_at", "pk"))
    place = 0
    for row in rows:
        row.position = None
        if row.status == RegistrationStatus.WAITING:
            place += 1
            row.position = place
    return rows


def session_changes(session: Session) -> list[SessionChange]:
    """The public log of changes; a move carries the start it had before (`previous_start`)."""
    changes = list(session.changes.order_by("created_at", "pk"))
    for change in changes:
        before = (change.before or {}).get("starts_at")
        change.previous_start = dt.datetime.fromisoformat(before) if isinstance(before, str) else None
    return changes


def session_commitments(session: Session) -> list[Commitment]:
    updates = Prefetch("updates", queryset=CommitmentUpdate.objects.order_by("created_at", "pk"))
    return list(session.commitments.select_related("department").prefetch_related(updates)
                .order_by("due_date", "pk"))


def _ordered_updates() -> Prefetch:
    return Prefetch("updates", queryset=CommitmentUpdate.objects.order_by("created_at", "pk"))


def commitment_detail(pk: int) -> Commitment | None:
    """One commitment of any session (staff read it back after a change), with its progress log in order."""
    return (Commitment.objects.select_related("ward", "department", "session").prefetch_related(_ordered_updates())
            .filter(pk=pk).first())


# What the public lists of commitments show (the page's cards and the API's list): of the session only its title (its
# minutes alone are kilobytes), of the ward its code and name, of the department its name.
_LISTED = ("session_id", "ward_id", "question_id", "title", "department_id", "due_date", "status", "status_reason",
           "done_on", "session__title", "ward__code", "ward__name", "department__name")


def open_commitments(*, ward=None) -> QuerySet:
    commitments = (Commitment.objects.filter(status__in=OPEN_COMMITMENT_STATES, session__kind__in=PUBLIC_KINDS)
                   .select_related("ward", "department", "session").only(*_LISTED)
                   .prefetch_related(_ordered_updates()))
    if ward is not None:
        commitments = commitments.filter(ward=ward)
    return commitments.order_by("due_date", "pk")


def recently_done_commitments(*, ward=None, limit: int = 20) -> QuerySet:
    commitments = (Commitment.objects.filter(status__in=[CommitmentStatus.DONE, CommitmentStatus.DROPPED],
                                             session__kind__in=PUBLIC_KINDS)
                   .select_related("ward", "department", "session").only(*_LISTED)
                   .prefetch_related(_ordered_updates()))
    if ward is not None:
        commitments = commitments.filter(ward=ward)
    return commitments.order_by(F("done_on").desc(nulls_last=True), "-pk")[:limit]


def late_results(*, ward_ids: list[int], today: dt.date | None = None) -> QuerySet:
    """Held conferences whose results are due and not published, or were published late (for staff)."""
    today = today or local_today()
    return (Session.objects.filter(ward_id__in=ward_ids, results_due__isnull=False)
            .filter(Q(minutes_published_on__isnull=True, results_due__lt=today)
                    | Q(minutes_published_on__gt=F("results_due")))
            .select_related("ward").order_by("results_due", "pk"))


def requests_with_support(*, ward=None) -> QuerySet:
    requests = DialogueRequest.objects.select_related("ward", "session").annotate(support_count=Count("supports"))
    if ward is not None:
        requests = requests.filter(ward=ward)
    return requests.order_by("-created_at", "-pk")


def support_threshold(request: DialogueRequest) -> int | None:
    return rules.voters_threshold(request.ward.voters_count)


# --- compliance --------------------------------------------------------------------------------------------------

@dataclass
class Ratio:
    done: int
    total: int

    @property
    def ok(self) -> bool:
        return self.done >= self.total

    @property
    def pct(self) -> float | None:
        return round(100 * self.done / self.total, 1) if self.total else None


@dataclass
class Compliance:
    ward: object
    year: int
    weeks: int
    conferences_held: int
    reception_weeks: int
    reception_days_held: int
    announcements: Ratio
    results: Ratio  # conferences whose results were published within 10 days (of those due so far)
    minutes: Ratio  # held sessions with published minutes
    commitments: Ratio  # commitments due so far, done on time
    commitments_total: int
    commitments_done: int

    @property
    def conferences_ok(self) -> bool:
        return self.conferences_held >= 1

    @property
    def reception_ok(self) -> bool:
        return self.reception_weeks >= self.weeks


def _weeks_in(year: int, today: dt.date) -> int:
    """Weeks of the year so far (all of them for a past year): the reception days expected, one a week."""
    first, last = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
    if last < first:
        return 0
    return (last - first).days // 7 + 1


def compliance(*, ward, year: int, today: dt.date | None = None) -> Compliance:
    """What the law asks of a ward in a year against what its records show. A few queries, whatever the year holds."""
    today = today or local_today()
    sessions = list(Session.objects.filter(ward=ward, starts_at__year=year, kind__in=PUBLIC_KINDS)
                    .only("kind", "state", "starts_at", "announcement_late", "held_on", "results_due",
                          "minutes_published_on"))
    held = [s for s in sessions if s.state in HELD_STATES]
    conferences = [s for s in held if s.kind == SessionKind.CONFERENCE]
    receptions = [s for s in held if s.kind == SessionKind.RECEPTION]
    announced = [s for s in sessions if s.kind in (SessionKind.CONFERENCE, SessionKind.RECEPTION)
                 and s.state != SessionState.CANCELLED]
    due_results = [s for s in conferences if s.results_due is not None
                   and (s.minutes_published_on is not None or s.results_due < today)]
    results_on_time = [s for s in due_results
                       if s.minutes_published_on is not None and s.minutes_published_on <= s.results_due]
    commitments = list(Commitment.objects.filter(session__ward=ward, session__starts_at__year=year,
                                                 session__kind__in=PUBLIC_KINDS)
                       .only("status", "due_date", "done_on"))
    due_commitments = [c for c in commitments if c.due_date < today or c.status == CommitmentStatus.DONE]
    return Compliance(
        ward=ward, year=year, weeks=_weeks_in(year, today), conferences_held=len(conferences),
        reception_weeks=len({s.held_on.isocalendar()[:2] for s in receptions}), reception_days_held=len(receptions),
        announcements=Ratio(sum(1 for s in announced if not s.announcement_late), len(announced)),
        results=Ratio(len(results_on_time), len(due_results)),
        minutes=Ratio(sum(1 for s in held if s.minutes_published_on is not None), len(held)),
        commitments=Ratio(sum(1 for c in due_commitments if c.done_on_time), len(due_commitments)),
        commitments_total=len(commitments),
        commitments_done=sum(1 for c in commitments if c.status == CommitmentStatus.DONE),
    )


# --- the public dashboard ---------------------------------------------------------------------------------------------

def dashboard_figures(*, ward_ids: list[int] | None, first: dt.date, last: dt.date) -> dict[int, dict]:
    """Per ward id, for public sessions held between `first` and `last` (inclusive): dialogue conferences and reception
    days held, and their commitments (all, done, done on time). Two queries, whatever the number of wards."""
    sessions = Session.objects.filter(state__in=HELD_STATES, held_on__gte=first, held_on__lte=last,
                                      kind__in=PUBLIC_KINDS)
    if ward_ids is not None:
        sessions = sessions.filter(ward_id__in=ward_ids)
    figures: dict[int, dict] = {}

    def blank():
        return {"dialogues_held": 0, "reception_days_held": 0, "commitments": 0, "commitments_done": 0,
                "commitments_done_on_time": 0}

    rows = sessions.values("ward_id").annotate(
        dialogues=Count("pk", filter=Q(kind=SessionKind.CONFERENCE)),
        receptions=Count("pk", filter=Q(kind=SessionKind.RECEPTION)),
    )
    for row in rows:
        entry = figures.setdefault(row["ward_id"], blank())
        entry["dialogues_held"] = row["dialogues"]
        entry["reception_days_held"] = row["receptions"]
    done = Q(status=CommitmentStatus.DONE)
    commitment_rows = (Commitment.objects.filter(session__in=sessions.values("pk"))
                       .values("ward_id").annotate(
                           total=Count("pk"), done=Count("pk", filter=done),
                           on_time=Count("pk", filter=done & Q(done_on__lte=F("due_date")))))
    for row in commitment_rows:
        entry = figures.setdefault(row["ward_id"], blank())
        entry["commitments"] = row["total"]
        entry["commitments_done"] = row["done"]
        entry["commitments_done_on_time"] = row["on_time"]
    return figures

