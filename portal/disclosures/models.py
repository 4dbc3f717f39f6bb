"""Public disclosures (công khai), their versions, attachments, consultations, comments and questions (SPEC §5).

Nothing here is ever deleted: foreign keys PROTECT, corrections make new versions, withdrawal is a state, and
moderation hides a comment or question with a recorded reason.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Posting rules of Law on Grassroots Democracy 10/2022/QH15 Art. 12(3) and Art. 13.
DISCLOSE_WITHIN_WORKING_DAYS = 5
BOARD_MIN_DAYS = 30
LOUDSPEAKER_MIN_DAYS = 3
CONSULTATION_MIN_DAYS = 20


class DisclosureCategory(models.Model):
    """One of the 14 items of Art. 11 (seeded by a data migration), with its posting rules from Art. 13."""

    number = models.PositiveSmallIntegerField(_("item of Art. 11"), unique=True)
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    board_min_days = models.PositiveSmallIntegerField(
        _("minimum days on the notice board"), null=True, blank=True,
        help_text=_("Consecutive days; empty when the law sets no minimum or the posting is permanent"))
    is_permanent = models.BooleanField(_("posted permanently"), default=False)
    loudspeaker_min_days = models.PositiveSmallIntegerField(_("minimum days on the loudspeaker"), null=True,
                                                            blank=True)
    disclose_within_working_days = models.PositiveSmallIntegerField(
        _("disclose within (working days of the decision)"), default=DISCLOSE_WITHIN_WORKING_DAYS)

    class Meta:
        ordering = ["number"]
        verbose_name = _("disclosure category")
        verbose_name_plural = _("disclosure categories")

    def __str__(self):
        return f"{self.number}. {self.name}"

    def display_name(self, language: str = "vi") -> str:
        return self.name_en if language == "en" and self.name_en else self.name


class DisclosureState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("disclosure state", "Draft")
    SCHEDULED = "scheduled", pgettext_lazy("disclosure state", "Scheduled")
    POSTED = "posted", pgettext_lazy("disclosure state", "Posted")
    ENDED = "ended", pgettext_lazy("disclosure state", "Posting ended")
    WITHDRAWN = "withdrawn", pgettext_lazy("disclosure state", "Withdrawn")


PUBLIC_STATES = (DisclosureState.POSTED, DisclosureState.ENDED, DisclosureState.WITHDRAWN)


class DisclosureForm(models.TextChoices):
    """Forms of disclosure (Art. 12(1))."""

    PORTAL = "portal", _("On the ward's web portal")
    OFFICE_BOARD = "office_board", _("Notice board at the ward office")
    AREA_BOARDS = "area_boards", _("Notice boards in residential areas")
    LOUDSPEAKER = "loudspeaker", _("Loudspeaker system")
    AREA_HEADS = "area_heads", _("Through the heads of residential areas")


class Disclosure(models.Model):
    ward = models.ForeignKey("wards.Ward", on_delete=models.PROTECT, related_name="disclosures")
    category = models.ForeignKey(DisclosureCategory, on_delete=models.PROTECT, related_name="disclosures")
    # The current version's content (the versions keep every earlier one).
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body (Markdown)"), blank=True)
    body_html = models.TextField(blank=True, editable=False)
    version_number = models.PositiveIntegerField(default=1)
    decision_date = models.DateField(_("date of the decision"))
    decision_reference = models.CharField(_("decision number"), max_length=100, blank=True)
    disclose_by = models.DateField(_("to be disclosed by"), help_text=_("Art. 12(3): working days after the decision"))
    posting_start = models.DateField(_("posted from"))
    posting_end = models.DateField(_("posted until"), null=True, blank=True,
                                   help_text=_("Empty for a permanent posting"))
    forms = models.JSONField(_("forms of disclosure"), default=list)
    loudspeaker_days = models.PositiveSmallIntegerField(_("days on the loudspeaker"), null=True, blank=True)
    notice_photo = models.ForeignKey("DisclosureAttachment", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("photo of the physical notice"))
    state = models.CharField(_("state"), max_length=16, choices=DisclosureState.choices,
                             default=DisclosureState.DRAFT)
    posted_on = models.DateField(_("posted on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    early_end_reason = models.TextField(_("reason for ending early"), blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    # Lower-cased, without diacritics: "ngan sach" finds "ngân sách" on SQLite and PostgreSQL alike. A word searched
    # with diacritics is rechecked in the texts themselves (portal.core.search).
    search_text = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-posted_on", "-id"]
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        indexes = [
            # the public register and the feeds: a ward's public disclosures, newest first
            models.Index(fields=["ward", "state", "-posted_on"], name="disclosure_register_idx"),
            # the daily state job: scheduled ones starting, posted ones ending
            models.Index(fields=["state", "posting_start"], name="disclosure_state_start_idx"),
            models.Index(fields=["state", "posting_end"], name="disclosure_state_end_idx"),
            # the dashboard figures and the quarterly list: posted between two dates
            models.Index(fields=["posted_on", "ward"], name="disclosure_posted_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES

    @property
    def is_late(self) -> bool:
        return self.posted_on is not None and self.posted_on > self.disclose_by

    def form_labels(self) -> list[str]:
        labels = dict(DisclosureForm.choices)
        return [str(labels[f]) for f in self.forms if f in labels]


class DisclosureVersion(models.Model):
    """A snapshot of the content. Version 1 is the first published text; each correction adds one with its reason."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    reason = models.TextField(_("reason for the correction"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["disclosure", "number"]
        constraints = [models.UniqueConstraint(fields=["disclosure", "number"], name="disclosure_version_unique")]

    def __str__(self):
        return f"{self.disclosure_id} v{self.number}"


def attachment_path(instance, filename):
    return f"disclosures/{instance.disclosure.ward_id}/{instance.disclosure_id}/{filename}"


class DisclosureAttachment(models.Model):
    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="attachments")
    version_number = models.PositiveIntegerField(_("added in version"), default=1)
    kind = models.CharField(max_length=8)  # "image" | "pdf"
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    is_notice_photo = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.original_name or self.file.name


class Consultation(models.Model):
    """A comment period on a disclosure (Arts. 25–28), then the ward's synthesis and what it took up."""

    disclosure = models.OneToOneField(Disclosure, on_delete=models.PROTECT, related_name="consultation")
    question = models.TextField(_("what the ward asks residents"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    synthesis = models.TextField(_("synthesis of the comments"), blank=True)
    explanation = models.TextField(_("what the ward took up, and why not the rest"), blank=True)
    synthesis_html = models.TextField(blank=True)
    explanation_html = models.TextField(blank=True)
    synthesis_published_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.disclosure_id}: {self.opens_on}–{self.closes_on}"

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on and self.disclosure.state == DisclosureState.POSTED

    def is_closed_on(self, day) -> bool:
        return day > self.closes_on


class ResidentPost(models.Model):
    """What comments and questions share: the text, how the author is shown, a private contact, moderation."""

    body = models.TextField(_("text"))
    author_name = models.CharField(_("your name"), max_length=120, blank=True)
    show_name = models.BooleanField(_("show my name"), default=False)
    contact = models.CharField(_("contact (kept private)"), max_length=200, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    created_at = models.DateTimeField()
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.TextField(blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def public_name(self) -> str:
        return self.author_name if self.show_name and self.author_name else ""


class Comment(ResidentPost):
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="comments")

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"comment {self.pk}"


class Question(ResidentPost):
    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="questions")
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"question {self.pk}"
