"""Wards, residential areas, departments, case categories and staff memberships (SPEC §1)."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    FEEDBACK = "feedback", _("Feedback / petition")
    COMPLAINT = "complaint", _("Complaint")
    DENUNCIATION = "denunciation", _("Denunciation")


# A ward's code starts every tracking code, which links, lookups (upper-cased) and the open data carry as it is.
WARD_CODE = RegexValidator(r"\A[A-Z0-9]{2,16}\Z", _("Use 2 to 16 capital letters and digits, e.g. PN17."))


class Ward(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True, validators=[WARD_CODE],
                            help_text=_("Used in tracking codes, e.g. PN17"))
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city / province"), max_length=200)
    address = models.CharField(_("office address"), max_length=300, blank=True)
    voters_count = models.PositiveIntegerField(_("number of voters"), null=True, blank=True)
    is_remote = models.BooleanField(_("remote area"), default=False,
                                    help_text=_("Remote areas get the longer complaint periods of Art. 28"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("ward")
        verbose_name_plural = _("wards")

    def __str__(self):
        return self.name


class Area(models.Model):
    """Khu phố / tổ dân phố / ấp."""

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="areas")
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["ward", "name"]
        constraints = [models.UniqueConstraint(fields=["ward", "code"], name="area_unique_code_per_ward")]
        verbose_name = _("residential area")
        verbose_name_plural = _("residential areas")

    def __str__(self):
        return self.name


class Department(models.Model):
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="departments")
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["ward", "name"]
        constraints = [models.UniqueConstraint(fields=["ward", "code"], name="department_unique_code_per_ward")]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name


class Category(models.Model):
    """City-wide categories of cases; `kinds` lists the case kinds a category applies to."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True)
    kinds = models.JSONField(_("kinds"), default=list, help_text=_("Case kinds this category applies to"))
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def applies_to(self, kind: str) -> bool:
        return kind in (self.kinds or [])

    def display_name(self, language: str = "vi") -> str:
        return self.name_en if language == "en" and self.name_en else self.name


class Role(models.TextChoices):
    OFFICER = "officer", _("Officer")
    LEADER = "leader", _("Leader")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Administrator")


class Membership(models.Model):
    """A staff member's role in one ward, and for officers the departments whose cases they work."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name=_("user"))
    ward = models.ForeignKey(Ward, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("ward"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    # Departments of the membership's ward only (checked by the admin's form, portal/wards/admin.py).
    departments = models.ManyToManyField(Department, blank=True, related_name="members", verbose_name=_("departments"),
                                         help_text=_("For officers: the departments whose cases they work. Only "
                                                     "departments of the membership's ward."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "ward"], name="membership_one_role_per_ward")]
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")

    def __str__(self):
        return f"{self.user} · {self.ward} · {self.get_role_display()}"
