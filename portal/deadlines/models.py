"""Deadline data: the holiday calendar's overrides and the statutory deadline policies (SPEC §3).

Both are data, edited by admins: the government announces swapped working days every year, and laws change the
periods (a case follows the policy in force on the day it was received).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarOverride(models.Model):
    """A day whose status differs from what weekends and the `holidays` package say: a compensatory or new day off,
    or a Saturday worked in exchange. City-wide when `ward` is empty; a ward's own override wins over the city's."""

    ward = models.ForeignKey(
        "wards.Ward", null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_overrides",
        verbose_name=_("ward"), help_text=_("Leave empty for the whole city"),
    )
    date = models.DateField(_("date"))
    is_working_day = models.BooleanField(
        _("working day"), help_text=_("Checked: a worked day (e.g. a make-up Saturday). Unchecked: a day off."),
    )
    name = models.CharField(_("name"), max_length=200)
    source = models.TextField(_("source"), help_text=_("The official notice or law that announced it"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "ward"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        constraints = [
            # NULL wards are distinct to a plain unique constraint, so the city-wide rows get their own.
            models.UniqueConstraint(
                fields=["ward", "date"], condition=models.Q(ward__isnull=False), name="calendar_override_ward_date",
                violation_error_message=_("This ward already has an override on this date."),
            ),
            models.UniqueConstraint(
                fields=["date"], condition=models.Q(ward__isnull=True), name="calendar_override_city_date",
                violation_error_message=_("The whole city already has an override on this date."),
            ),
        ]
        # calendar_for(ward): city-wide rows (ward IS NULL) plus the ward's rows, served by the two unique indexes.

    def __str__(self):
        kind = _("working day") if self.is_working_day else _("day off")
        return f"{self.date:%d/%m/%Y} · {self.name} ({kind})"


class PolicyKind(models.TextChoices):
    FEEDBACK = "feedback", _("Feedback / petition")
    COMPLAINT = "complaint", _("Complaint")
    DENUNCIATION = "denunciation", _("Denunciation")
    RECOMMENDATION = "recommendation", _("Recommendation of the People's Inspection Board")


class PolicyStep(models.TextChoices):
    ACCEPT = "accept", _("Accept or refuse")
    RESOLVE = "resolve", _("Resolve")
    RESOLVE_COMPLEX = "resolve_complex", _("Resolve (complex case)")
    SEND_DECISION = "send_decision", _("Send the decision")
    FORWARD = "forward", _("Forward to the competent body")
    ANSWER = "answer", _("Answer")
    RECEPTION_NOTICE = "reception_notice", _("Notify the result of citizen reception")
    # Not a deadline of the ward: the resident's window to take a complaint to the next level once the first-level
    # decision was sent (Law on Complaints Art. 33), counted from the day of the answer (portal.cases.escalation).
    ESCALATE = "escalate", _("Complain to the next level")


class PeriodUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    CALENDAR_DAYS = "calendar_days", _("calendar days")


class DeadlinePolicy(models.Model):
    """The period of one step of one kind of case, from `effective_from` until a later version takes effect.

    City-wide when `ward` is empty; a ward's own version (e.g. its answer time for feedback) wins over the city's.
    """

    ward = models.ForeignKey(
        "wards.Ward", null=True, blank=True, on_delete=models.CASCADE, related_name="deadline_policies",
        verbose_name=_("ward"), help_text=_("Leave empty for the whole city"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PolicyKind.choices)
    step = models.CharField(_("step"), max_length=32, choices=PolicyStep.choices)
    period = models.PositiveSmallIntegerField(_("period"))
    unit = models.CharField(_("unit"), max_length=16, choices=PeriodUnit.choices)
    remote_area_period = models.PositiveSmallIntegerField(
        _("period in remote areas"), null=True, blank=True,
        help_text=_("Used instead of the period in wards marked as remote areas; empty: the same period"),
    )
    max_extensions = models.PositiveSmallIntegerField(_("maximum extensions"), default=0)
    extension_period = models.PositiveSmallIntegerField(
        _("period of each extension"), null=True, blank=True, help_text=_("In the same unit as the period"),
    )
    effective_from = models.DateField(_("in force from"), help_text=_("Cases received on or after this day"))
    source = models.TextField(_("source"), help_text=_("The law and article the period comes from"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "step", "-effective_from"]
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "step", "effective_from"], condition=models.Q(ward__isnull=True),
                name="deadline_policy_city_version",
                violation_error_message=_("A city-wide version of this step already takes effect on this day."),
            ),
            models.UniqueConstraint(
                fields=["ward", "kind", "step", "effective_from"], condition=models.Q(ward__isnull=False),
                name="deadline_policy_ward_version",
                violation_error_message=_("This ward already has a version of this step taking effect on this day."),
            ),
            models.CheckConstraint(condition=models.Q(period__gte=1), name="deadline_policy_period_positive"),
            models.CheckConstraint(
                condition=models.Q(max_extensions=0) | models.Q(extension_period__isnull=False),
                name="deadline_policy_extension_has_period",
                violation_error_message=_("Give the period of each extension."),
            ),
        ]
        indexes = [
            # policy_in_force(kind, step, on_date): the latest version with effective_from <= on_date
            models.Index(fields=["kind", "step", "-effective_from"], name="deadline_policy_lookup_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.get_step_display()}: {self.period} {self.get_unit_display()}"

    def period_for(self, *, remote: bool = False) -> int:
        if remote and self.remote_area_period:
            return self.remote_area_period
        return self.period


class DeadlineStatus(models.TextChoices):
    """How an open case stands against its due date (computed, not stored)."""

    ON_TRACK = "on_track", _("On track")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
