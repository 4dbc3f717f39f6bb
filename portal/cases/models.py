"""Cases (đơn), their attachments and their timeline (SPEC §2)."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.wards.models import CaseKind


class CaseState(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted for handling")
    IN_PROGRESS = "in_progress", _("In progress")
    NEEDS_INFO = "needs_info", _("Waiting for more information")
    SUSPENDED = "suspended", _("Suspended")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Not accepted")
    TRANSFERRED = "transferred", _("Forwarded to the competent body")
    MERGED = "merged", _("Merged with another case")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REOPENED = "reopened", _("Reopened")
    ESCALATED = "escalated", _("Escalated")


OPEN_STATES = frozenset({
    CaseState.RECEIVED, CaseState.ACCEPTED, CaseState.IN_PROGRESS, CaseState.NEEDS_INFO, CaseState.SUSPENDED,
    CaseState.REOPENED,
})


class ClockState(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    STOPPED = "stopped", _("Stopped")


class RejectionReason(models.TextChoices):
    """Legal reasons for not accepting a case (Law on Complaints Art. 11; Law on Denunciations Art. 25)."""

    NOT_COMPETENT = "not_competent", _("Not within the ward's competence")
    OUT_OF_TIME = "out_of_time", _("Filed after the legal time limit without a good reason")
    ALREADY_RESOLVED = "already_resolved", _("Already resolved with a final decision")
    NOT_ADMINISTRATIVE = "not_administrative", _("Not about an administrative decision or act")
    NO_CAPACITY = "no_capacity", _("The person filing lacks legal capacity or authority")
    COURT = "court", _("Already accepted by a court")
    ANONYMOUS = "anonymous", _("Anonymous or false identity, not processed as a denunciation")
    WITHDRAWN_BEFORE = "withdrawn_before", _("Withdrawn before acceptance")
    OTHER = "other", _("Other legal reason (explained)")


# The reasons that cannot apply to a kind of case: the filing window (thời hiệu), a court's acceptance and a
# complainant's capacity come from the Law on Complaints (Art. 9, 11), a false identity from the Law on Denunciations
# (Art. 25), and a denunciation is of a violation, not of an administrative decision. The others apply to any case.
_REASONS_NOT_FOR = {
    CaseKind.FEEDBACK: {RejectionReason.OUT_OF_TIME, RejectionReason.COURT, RejectionReason.NO_CAPACITY,
                        RejectionReason.ANONYMOUS},
    CaseKind.COMPLAINT: {RejectionReason.ANONYMOUS},
    CaseKind.DENUNCIATION: {RejectionReason.OUT_OF_TIME, RejectionReason.COURT, RejectionReason.NOT_ADMINISTRATIVE},
}


def rejection_reasons(kind: str) -> list[tuple[str, str]]:
    """The legal reasons for not accepting a case of this kind, as choices."""
    excluded = _REASONS_NOT_FOR.get(kind, set())
    return [(value, label) for value, label in RejectionReason.choices if value not in excluded]


class LeadOutcome(models.TextChoices):
    """What a leader did with an inspection lead: an anonymous denunciation that names the violator and gives evidence
    is not processed as a denunciation, but the ward inspects or checks it within its competence, or passes it to the
    body competent to inspect it (Law on Denunciations Art. 25(2)); one without a basis to verify is filed."""

    INSPECT = "inspect", _("Inspected or checked within the ward's competence")
    FORWARD = "forward", _("Passed to the competent body for inspection")
    FILED = "filed", _("Filed without action (no basis to verify)")


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")
    WALK_IN = "walk_in", _("Citizen reception (walk-in)")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    FORWARDED = "forwarded", _("Forwarded by another body")


class NotifyBy(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    NONE = "none", _("No notifications")


def hash_token(token: str) -> str:
    """Access tokens are 192-bit random strings, so a plain SHA-256 is a safe one-way store."""
    return hashlib.sha256(token.encode("ascii", "ignore")).hexdigest()


def token_matches(stored_hash: str, token: str) -> bool:
    return bool(token) and secrets.compare_digest(stored_hash, hash_token(token))


def new_access_token() -> str:
    return secrets.token_urlsafe(24)


def inspection_leads() -> models.Q:
    """The condition of Case.is_inspection_lead: anonymous denunciations. Intake admits one only when it names the
    violator and gives evidence (rules.submission_errors); it has no deadline clock, no department, no assignee, and is
    left out of the staff queue, the public statistics, open data and Open311 (only the ward's leaders read it)."""
    return models.Q(kind=CaseKind.DENUNCIATION, is_anonymous=True)


class CaseSequence(models.Model):
    """The last number used for a ward's tracking codes in a year (locked row, so numbers never repeat)."""

    # db_index=False: case_sequence_unique (ward, year) serves every lookup by ward (issue 7: index upkeep per case)
    ward = models.ForeignKey("wards.Ward", on_delete=models.CASCADE, db_index=False)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ward", "year"], name="case_sequence_unique")]

    def __str__(self):
        return f"{self.ward_id}/{self.year}: {self.last_number}"


class Case(models.Model):
    # Every filing writes each index of this table (issue 7): the ward, department, assignee and owner have no
    # single-column index of their own, because the composite indexes in Meta lead with them and serve the same
    # lookups (and PostgreSQL's checks when a ward, department or user is deleted).
    ward = models.ForeignKey("wards.Ward", on_delete=models.PROTECT, related_name="cases", db_index=False)
    kind = models.CharField(_("kind"), max_length=16, choices=CaseKind.choices)
    category = models.ForeignKey("wards.Category", on_delete=models.PROTECT, related_name="cases")
    area = models.ForeignKey("wards.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    department = models.ForeignKey("wards.Department", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="cases", db_index=False)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="assigned_cases", db_index=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="own_cases", help_text=_("The resident's account, when filed signed in"),
                              db_index=False)

    # Unique by a constraint in Meta, not unique=True: on PostgreSQL a unique CharField also gets a second index
    # (varchar_pattern_ops, for LIKE 'prefix%'), which nothing here queries and every filing would write.
    tracking_code = models.CharField(_("tracking code"), max_length=32)
    access_token_hash = models.CharField(max_length=64)

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    address = models.CharField(_("address of the issue"), max_length=300, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    contact_name = models.CharField(_("full name"), max_length=200, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_address = models.CharField(_("your address"), max_length=300, blank=True)
    notify_by = models.CharField(_("notify me by"), max_length=8, choices=NotifyBy.choices, default=NotifyBy.NONE)
    language = models.CharField(max_length=8, default="vi")

    # Filed by a resident signed in with a verified e-mail or phone: online, this stands in for the signature
    # that a complaint must carry (Law on Complaints Art. 8).
    identity_verified = models.BooleanField(_("identity verified"), default=False)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.WEB)
    publish_consent = models.BooleanField(_("may publish question and answer"), default=False)
    signatory_count = models.PositiveIntegerField(_("number of signatories"), default=1)
    representative_name = models.CharField(_("representative"), max_length=200, blank=True)

    # Denunciations: who is denounced (an official or a body), and the evidence the denouncer describes (besides
    # attachments). An anonymous denunciation must give both to become an inspection lead (Law on Denunciations
    # Art. 25(2)). Empty for the other kinds.
    denounced_person = models.CharField(_("person or body denounced"), max_length=300, blank=True, default="")
    evidence = models.TextField(_("evidence"), blank=True, default="")
    # An inspection lead's outcome, recorded by a leader (workflow "lead_outcome"); empty until then and for every
    # other case.
    lead_outcome = models.CharField(_("what was done with the lead"), max_length=16, choices=LeadOutcome.choices,
                                    blank=True, default="")

    # Complaints: the day the complainant learned of the decision (Law on Complaints Art. 9).
    decision_date = models.DateField(_("date you learned of the decision"), null=True, blank=True)
    decision_reference = models.CharField(_("decision or act complained about"), max_length=300, blank=True)
    is_late_filing = models.BooleanField(_("filed after the 90-day window"), default=False)

    state = models.CharField(_("state"), max_length=16, choices=CaseState.choices, default=CaseState.RECEIVED)
    clock_state = models.CharField(_("deadline clock"), max_length=8, choices=ClockState.choices,
                                   default=ClockState.RUNNING)
    is_complex = models.BooleanField(_("complex case"), default=False)
    # A denunciation marked especially complex (on top of complex) may be extended twice, a complex one once (Law on
    # Denunciations Art. 30).
    is_especially_complex = models.BooleanField(_("especially complex case"), default=False)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="merged_cases")
    transferred_to = models.CharField(_("forwarded to"), max_length=300, blank=True)
    rejection_reason = models.CharField(_("reason for not accepting"), max_length=32,
                                        choices=RejectionReason.choices, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # The due date in force when the case was answered: "answered on time" is answered_at's date <= this.
    answer_due_date = models.DateField(_("due date when answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Lower-cased, without diacritics (đ → d): "duong" finds "đường" on SQLite and PostgreSQL alike. A word searched
    # with diacritics is rechecked in title, description and address themselves (portal.core.search).
    search_text = models.TextField(blank=True, default="")
    # A denunciation's texts as those who may not see the denouncer read them: title and description with the
    # identity masked, and the address, in both forms of portal.core.search.both_forms()
    # (presentation.masked_search_text(); the queue's search and the merge suggestions look here for those viewers).
    # Empty for the other kinds. Written at filing, as search_text; a change of the masking
    # (portal.transparency.redaction) needs a migration that writes it again, as 0017 did.
    masked_search_text = models.TextField(blank=True, default="", editable=False)
    received_at = models.DateTimeField(_("received at"))
    received_on = models.DateField(_("received on"), help_text=_("Local date the law counts from"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    deadline_step = models.CharField(_("deadline step"), max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            # the staff queue: a ward's cases in a state, by due date
            models.Index(fields=["ward", "state", "due_date"], name="case_queue_idx"),
            # a resident's "my cases"
            models.Index(fields=["owner", "-received_at"], name="case_owner_idx"),
            # a department's queue and an officer's own cases, by due date
            models.Index(fields=["department", "state", "due_date"], name="case_department_idx"),
            models.Index(fields=["assignee", "state", "due_date"], name="case_assignee_idx"),
            # the departments of an officer's assigned cases, for the queue's department filter
            # (permissions.queue_departments(): does the officer have a case in this department? one probe each; the
            # indexes above made it read every case of the officer or of the department: 366 ms → 0.2 ms at 300k cases)
            models.Index(fields=["assignee", "department"], name="case_assignee_department_idx"),
            # the hourly deadline sweep: open cases due before a horizon, across wards
            models.Index(fields=["state", "due_date"], name="case_state_due_idx"),
            # ... read in keyset chunks by id (reminders._open_cases): only the open cases with a due date are in it
            # (a running clock, or one paused after its due date had passed: portal.deadlines.clock), so a chunk
            # walks them in id order and stops after its 1,000, where case_state_due_idx made every chunk read and
            # sort all of them (320 → 18 ms a chunk at 1M cases, 35 chunks)
            models.Index(fields=["id"], name="case_sweep_keyset_idx", condition=models.Q(
                state__in=sorted(OPEN_STATES), due_date__isnull=False)),
            # open-data exports: a ward's (or the city's) cases received in a date range (ward-year: 5 s → 40 ms a page)
            models.Index(fields=["ward", "received_on", "id"], name="case_export_ward_idx"),
            models.Index(fields=["received_on", "id"], name="case_export_idx"),
            # the queue page and GET /api/v1/staff/cases/ in their default order (due date, NULLs last = finished
            # cases, then received_at, id) within a ward: an ordered index scan stops after one page instead of
            # sorting every visible case of the ward (EXPLAIN at 1M cases: 50 ms → 0.4 ms); keyset cursors of the API
            # continue on it. Statistics on (ward, department, assignee) in migration 0008 let the planner see that
            # an officer's visibility filter keeps most of a ward's rows, so that it picks this scan.
            models.Index(fields=["ward", "due_date", "received_at", "id"], name="case_ward_due_order_idx"),
            # the same for the "newest first" sort of the queue and the API
            models.Index(fields=["ward", "-received_at", "-id"], name="case_ward_received_idx"),
            # the default queue (open cases of a ward by due date): only the ~0.5 % of rows that are open, so an
            # officer's page and its COUNT read a few hundred index entries instead of AND-ing bitmaps over all the
            # ward's cases (EXPLAIN at 1M cases: the bitmap part 6.7 ms → 0.2 ms)
            models.Index(fields=["ward", "due_date", "received_at", "id"], name="case_open_ward_due_idx",
                         condition=models.Q(state__in=sorted(OPEN_STATES))),
            # the published answers' order: PostgreSQL only (migrations 0011, 0012: SQLite cannot index NULLS LAST)
        ]
        constraints = [
            models.UniqueConstraint(fields=["tracking_code"], name="case_tracking_code_unique"),
            models.CheckConstraint(condition=models.Q(signatory_count__gte=1), name="case_signatories_positive"),
        ]

    def __str__(self):
        return f"{self.tracking_code} · {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_inspection_lead(self) -> bool:
        """An anonymous denunciation: not processed as a denunciation (Law on Denunciations Art. 25) but kept as an
        internal inspection lead for the ward's leaders only (see inspection_leads())."""
        return self.kind == CaseKind.DENUNCIATION and self.is_anonymous

    @property
    def is_multi_signatory(self) -> bool:
        return self.signatory_count >= 5

    def check_token(self, token: str) -> bool:
        return token_matches(self.access_token_hash, token)


class AttachmentKind(models.TextChoices):
    IMAGE = "image", _("Image")
    PDF = "pdf", _("PDF document")


def attachment_path(instance, filename):
    return f"cases/{instance.case.received_on:%Y/%m}/{instance.case_id}/{filename}"


def thumbnail_path(instance, filename):
    return f"cases/{instance.case.received_on:%Y/%m}/{instance.case_id}/thumbs/{filename}"


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=8, choices=AttachmentKind.choices)
    file = models.FileField(upload_to=attachment_path, max_length=300)
    thumbnail = models.ImageField(upload_to=thumbnail_path, max_length=300, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.original_name or self.file.name


def redacted_path(instance, filename):
    case = instance.attachment.case
    return f"cases/{case.received_on:%Y/%m}/{case.pk}/redacted/{filename}"


def redacted_thumbnail_path(instance, filename):
    case = instance.attachment.case
    return f"cases/{case.received_on:%Y/%m}/{case.pk}/redacted/thumbs/{filename}"


class RedactedCopy(models.Model):
    """The copy of a denunciation's attachment with the denouncer's identity blacked out ("bản đã che thông tin người
    tố cáo", SPEC §7, Law on Denunciations Art. 56), uploaded by the assigned officer or a leader
    (services.upload_redacted_copy). It is what everyone else who reads the case gets instead of the original
    (supervisors, officers who are not the assignee, whoever the case is forwarded to). One per attachment; a new
    upload replaces it (audited)."""

    attachment = models.OneToOneField(Attachment, on_delete=models.CASCADE, related_name="redacted_copy")
    kind = models.CharField(max_length=8, choices=AttachmentKind.choices)
    file = models.FileField(upload_to=redacted_path, max_length=300)
    thumbnail = models.ImageField(upload_to=redacted_thumbnail_path, max_length=300, blank=True)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("redacted copy")
        verbose_name_plural = _("redacted copies")

    def __str__(self):
        return f"{self.attachment_id} (redacted)"


def redacted_copy_of(attachment: Attachment) -> RedactedCopy | None:
    """The attachment's redacted copy, or None. Read with the attachment (select_related) where a page lists them, so
    this asks the database nothing."""
    return getattr(attachment, "redacted_copy", None)


class MessageKind(models.TextChoices):
    SUBMISSION = "submission", _("Submitted")
    STATE_CHANGE = "state_change", _("Status changed")
    REPLY = "reply", _("Reply to the resident")
    ANSWER = "answer", _("Official answer")
    RESIDENT = "resident", _("Message from the resident")
    NOTE = "note", _("Internal note")
    DEADLINE = "deadline", _("Deadline changed")
    SYSTEM = "system", _("System")


class Message(models.Model):
    """One entry of a case's timeline. Entries with is_public=False are never shown to residents.

    Entries are only ever added, never edited or deleted: the resident's status page is kept per process while the
    number of public entries stays the same (frontend.views.resident.status), and so are ratings."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages", db_index=False)  # timeline idx
    kind = models.CharField(max_length=16, choices=MessageKind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    body = models.TextField(blank=True)
    is_public = models.BooleanField(default=False)
    from_state = models.CharField(max_length=16, choices=CaseState.choices, blank=True)
    to_state = models.CharField(max_length=16, choices=CaseState.choices, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # a case's timeline, public part first filter
            models.Index(fields=["case", "is_public", "created_at"], name="message_timeline_idx"),
        ]

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.created_at:%Y-%m-%d}"


class ClockEventKind(models.TextChoices):
    START = "start", _("Step started")
    SWITCH = "switch", _("Complex case: longer period")
    PAUSE = "pause", _("Clock paused")
    RESUME = "resume", _("Clock resumed")
    EXTEND = "extend", _("Deadline extended")
    STOP = "stop", _("Clock stopped")


class CaseClockEvent(models.Model):
    """One event of a case's deadline clock; the due date is the replay of these (portal.deadlines.clock)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="clock_events", db_index=False)  # Meta
    kind = models.CharField(max_length=8, choices=ClockEventKind.choices)
    on = models.DateField()
    step = models.CharField(max_length=32, blank=True)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["case", "on", "id"], name="clock_event_case_idx")]

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.on}"


class AnswerState(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved and sent")
    RETURNED = "returned", _("Returned for changes")


class CaseAnswer(models.Model):
    """An answer drafted by an officer; for complaints and denunciations a leader approves it before it is sent."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="answers")
    body = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=16, choices=AnswerState.choices, default=AnswerState.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decision_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=models.Q(state="pending"),
                                    name="one_pending_answer_per_case"),
        ]

    def __str__(self):
        return f"answer to {self.case_id} ({self.state})"


class Rating(models.Model):
    """The resident's rating of an answer (Law on Grassroots Democracy Art. 35(2)(a))."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="ratings")
    answer_message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="rating_1_to_5")]

    def __str__(self):
        return f"{self.case_id}: {self.score}/5"


class AnswerTemplate(models.Model):
    ward = models.ForeignKey("wards.Ward", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("ward"),
                             help_text=_("Leave empty for every ward"))
    kind = models.CharField(_("kind of case"), max_length=16, choices=CaseKind.choices, blank=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))

    class Meta:
        ordering = ["title"]
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")

    def __str__(self):
        return self.title


class RecommendationState(models.TextChoices):
    OPEN = "open", _("Waiting for the ward's answer")
    ANSWERED = "answered", _("Answered")


class Recommendation(models.Model):
    """A recommendation of the People's Inspection Board (or the Fatherland Front) to the ward, which must be
    answered within 15 days (Law on Grassroots Democracy Art. 40). It may concern one case or the ward in general."""

    ward = models.ForeignKey("wards.Ward", on_delete=models.PROTECT, related_name="recommendations")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="recommendations")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("recommendation"))
    received_on = models.DateField()
    due_date = models.DateField()
    state = models.CharField(max_length=16, choices=RecommendationState.choices, default=RecommendationState.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["ward", "state", "due_date"], name="recommendation_ward_idx")]

    def __str__(self):
        return self.title
