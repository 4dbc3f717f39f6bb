"""Statistics rollups: the figures of the public dashboard and the statistics downloads (SPEC §8).

The dashboard never reads cases: it reads `MonthlyStat`, one row per ward, month and *dimension value* (the ward's
total, one kind, one category or one residential area). Rows are kept per dimension rather than per full
(kind × category × area) cross so that a page reads a few hundred rows at most (a city page: one total row per ward
and month), and so that medians stay exact: each row keeps the histogram of working days to answer, and histograms add
up across months, where medians do not.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dimension(models.TextChoices):
    TOTAL = "total", _("All cases")
    KIND = "kind", _("Kind")
    CATEGORY = "category", _("Category")
    AREA = "area", _("Residential area")


class MonthlyStat(models.Model):
    """Figures of one ward for one month and one dimension value. Written only by `portal.transparency.rollups`.

    - received: cases received in the month (by `received_on`).
    - answered / answered_on_time: cases answered in the month (by the local date of `answered_at`); on time when
      that date is on or before `answer_due_date`, the due date in force when answered.
    - overdue_open: open cases received in the month whose due date has passed, as of `computed_at`.
    - days_histogram: {"working days from receipt to answer": number of cases answered in the month}.
    - ratings_count / ratings_sum: residents' ratings (1–5) of the answers of cases answered in the month.
    """

    ward = models.ForeignKey("wards.Ward", on_delete=models.CASCADE, related_name="monthly_stats")
    month = models.DateField(help_text=_("First day of the month"))
    dimension = models.CharField(max_length=16, choices=Dimension.choices)
    # "" for the total, the kind's code, the category's id, the area's id ("" with area=None: no area given).
    key = models.CharField(max_length=32, blank=True)
    category = models.ForeignKey("wards.Category", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey("wards.Area", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    received = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    answered_on_time = models.PositiveIntegerField(default=0)
    overdue_open = models.PositiveIntegerField(default=0)
    days_histogram = models.JSONField(default=dict, blank=True)
    ratings_count = models.PositiveIntegerField(default=0)
    ratings_sum = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["ward", "month", "dimension", "key"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "month", "dimension", "key"], name="monthly_stat_unique"),
        ]
        indexes = [
            # the city page: every ward's total rows over a period
            models.Index(fields=["dimension", "month", "ward"], name="monthly_stat_city_idx"),
            # the hourly refresh: months whose stored overdue count must be reset
            models.Index(fields=["overdue_open", "month"], name="monthly_stat_overdue_idx"),
        ]
        # the ward page reads (ward, month range, all dimensions): served by the unique constraint's index

    def __str__(self):
        return f"{self.ward_id} {self.month:%Y-%m} {self.dimension}:{self.key}"
