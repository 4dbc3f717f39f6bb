"""Dialogues, citizen-reception days and commitments (SPEC §6).

Rows here are never deleted: a session that does not take place stays with its state, a hidden question keeps its
text and the reason it was hidden, a dropped commitment keeps the reason it was dropped.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    CONFERENCE = "conference", _("Ward dialogue conference with residents")
    RECEPTION = "reception", _("Chair's citizen-reception day")
    AREA_CONFERENCE = "area_conference", _("Residential area's annual conference")
    COMPLAINT = "complaint", _("Complaint dialogue")


# Complaint dialogues concern one complainant's case: they are for the ward's staff and the parties, never public.
PUBLIC_KINDS = (SessionKind.CONFERENCE, SessionKind.RECEPTION, SessionKind.AREA_CONFERENCE)


class SessionState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for questions")
    HELD = "held", _("Held")
    PUBLISHED = "published", _("Minutes published")
    CANCELLED = "cancelled", _("Cancelled")


# Before the session: it can still be edited, rescheduled or cancelled.
UPCOMING_STATES = (SessionState.PLANNED, SessionState.OPEN)
HELD_STATES = (SessionState.HELD, SessionState.PUBLISHED)


class Session(models.Model):
    ward = models.ForeignKey("wards.Ward", on_delete=models.PROTECT, related_name="dialogue_sessions")
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=300)
    online_link = models.URLField(_("online link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True,
                                           help_text=_("Seats for registered residents; empty for no limit"))
    state = models.CharField(_("state"), max_length=12, choices=SessionState.choices, default=SessionState.PLANNED)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="dialogue_sessions")
    area = models.ForeignKey("wards.Area", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="dialogue_sessions")
    announced_at = models.DateTimeField()
    announced_on = models.DateField()
    announcement_late = models.BooleanField(default=False)
    late_reason = models.TextField(blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    results_due = models.DateField(null=True, blank=True)  # conferences: results published within 10 days
    minutes = models.TextField(_("minutes"), blank=True)  # Markdown as written
    minutes_html = models.TextField(blank=True)  # rendered and sanitised once, when published
    minutes_scan = models.FileField(upload_to="dialogues/minutes/%Y/", blank=True)
    minutes_scan_type = models.CharField(max_length=100, blank=True)
    minutes_scan_sha256 = models.CharField(max_length=64, blank=True)
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    minutes_published_on = models.DateField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)  # public: why the session does not take place
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            # the public calendar and the compliance view: a ward's sessions by date
            models.Index(fields=["ward", "starts_at"], name="dialogue_ward_start_idx"),
            # reminders: sessions starting tomorrow
            models.Index(fields=["starts_at", "state"], name="dialogue_start_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(announcement_late=False) | ~Q(late_reason=""),
                                   name="dialogue_late_needs_reason"),
            models.CheckConstraint(condition=~Q(state="cancelled") | ~Q(cancel_reason=""),
                                   name="dialogue_cancel_needs_reason"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_upcoming(self) -> bool:
        return self.state in UPCOMING_STATES

    @property
    def is_cancelled(self) -> bool:
        return self.state == SessionState.CANCELLED

    @property
    def is_public(self) -> bool:
        return self.kind in PUBLIC_KINDS

    @property
    def is_held(self) -> bool:
        return self.state in HELD_STATES


class ChangeKind(models.TextChoices):
    EDITED = "edited", _("Details changed")
    RESCHEDULED = "rescheduled", _("Rescheduled")
    CANCELLED = "cancelled", _("Cancelled")


class SessionChange(models.Model):
    """The public log of changes to an announced session, each with its reason (the audit log keeps the details)."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(max_length=12, choices=ChangeKind.choices)
    reason = models.TextField()
    before = models.JSONField(default=dict)  # the announced values that changed, as they were
    after = models.JSONField(default=dict)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="dialogue_change_needs_reason"),
        ]

    def __str__(self):
        return f"{self.session_id}: {self.kind}"


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="dialogue_registrations")
    status = models.CharField(max_length=12, choices=RegistrationStatus.choices)
    queued_at = models.DateTimeField()  # place in the waiting list (re-registering after a cancel goes to the end)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="dialogue_one_registration_per_resident"),
        ]
        indexes = [
            # capacity count and the head of the waiting list of a session
            models.Index(fields=["session", "status", "queued_at"], name="dialogue_reg_queue_idx"),
        ]

    def __str__(self):
        return f"{self.session_id}:{self.user_id}:{self.status}"


class QuestionState(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden", _("Hidden by the moderators")
    MERGED = "merged", _("Merged into a similar question")


class Question(models.Model):
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="questions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("question"))
    topic = models.CharField(_("topic"), max_length=120, blank=True)  # the moderators' grouping
    state = models.CharField(max_length=8, choices=QuestionState.choices, default=QuestionState.VISIBLE)
    hidden_reason = models.CharField(max_length=300, blank=True)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged")
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            # the questions of a session page
            models.Index(fields=["session", "state"], name="dialogue_question_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(state="hidden") | ~Q(hidden_reason=""),
                                   name="dialogue_hidden_needs_reason"),
        ]

    def __str__(self):
        return self.text[:60]


class Vote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # One vote per verified resident and question, whatever arrives at the same time.
            models.UniqueConstraint(fields=["question", "user"], name="dialogue_one_vote_per_resident"),
        ]

    def __str__(self):
        return f"vote {self.question_id}:{self.user_id}"


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_COMMITMENT_STATES = (CommitmentStatus.PLANNED, CommitmentStatus.IN_PROGRESS)


class Commitment(models.Model):
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="commitments")
    ward = models.ForeignKey("wards.Ward", on_delete=models.PROTECT, related_name="dialogue_commitments")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="commitments")
    title = models.CharField(_("commitment"), max_length=300)
    department = models.ForeignKey("wards.Department", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("responsible department"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(max_length=12, choices=CommitmentStatus.choices, default=CommitmentStatus.PLANNED)
    status_reason = models.TextField(blank=True)  # why it was dropped
    done_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [
            # the public page of open commitments, by ward and due date
            models.Index(fields=["status", "ward", "due_date"], name="dialogue_commitment_open_idx"),
            # the same page for the whole city: open commitments soonest due first (an ordered scan that stops at
            # the page's length, not a sort of every open commitment)
            models.Index(fields=["due_date", "id"], name="dialogue_commitment_due_idx",
                         condition=Q(status__in=["planned", "in_progress"])),
            # (its "recently closed" list has dialogue_commitment_closed_idx, on PostgreSQL only: migration 0003)
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(status="dropped") | ~Q(status_reason=""),
                                   name="dialogue_dropped_needs_reason"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_COMMITMENT_STATES

    @property
    def done_on_time(self) -> bool:
        return self.status == CommitmentStatus.DONE and self.done_on is not None and self.done_on <= self.due_date


class CommitmentUpdate(models.Model):
    """The public progress log of a commitment."""

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="updates")
    status = models.CharField(max_length=12, choices=CommitmentStatus.choices)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.commitment_id}: {self.status}"


class DialogueRequest(models.Model):
    """Residents asking the ward to hold a dialogue conference; 10% of the voters oblige it (Art. 32)."""

    ward = models.ForeignKey("wards.Ward", on_delete=models.PROTECT, related_name="dialogue_requests")
    title = models.CharField(_("subject"), max_length=200)
    reason = models.TextField(_("why a dialogue is needed"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    session = models.ForeignKey(Session, on_delete=models.PROTECT, null=True, blank=True, related_name="requests")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title


class RequestSupport(models.Model):
    request = models.ForeignKey(DialogueRequest, on_delete=models.PROTECT, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "user"], name="dialogue_one_support_per_resident"),
        ]

    def __str__(self):
        return f"support {self.request_id}:{self.user_id}"
