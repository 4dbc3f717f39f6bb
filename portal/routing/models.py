"""Routing rules: which department (and, optionally, which officer) gets a new case of a ward (SPEC §4).

Admins edit them in the Django admin; intake applies them through `portal.routing.services.route`. The matching
itself is pure and lives in `portal.routing.rules`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from portal.wards.models import CaseKind, Membership, Role

from .rules import ANY_KIND, Rule

ASSIGNEE_ROLES = (Role.OFFICER, Role.LEADER)


def qualifying_memberships(*, ward, department):
    """Memberships that let a user be the default assignee of a rule for `department` in `ward`: a leader of the
    ward, or an officer of the ward who works that department; active accounts only. `ward` and `department` may be
    ids, instances or OuterRef expressions (route() uses this inside an Exists)."""
    return Membership.objects.filter(ward=ward, user__is_active=True).filter(
        Q(role=Role.LEADER) | Q(role=Role.OFFICER, departments=department)
    )


class RoutingRuleQuerySet(models.QuerySet):
    def active_for(self, ward):
        # served by routing_rule_active_idx
        return self.filter(ward=ward, is_active=True)


class RoutingRule(models.Model):
    ward = models.ForeignKey("wards.Ward", on_delete=models.CASCADE, related_name="routing_rules",
                             verbose_name=_("ward"))
    kind = models.CharField(_("kind of case"), max_length=16, choices=CaseKind.choices, blank=True, default=ANY_KIND,
                            help_text=_("Leave empty for any kind"))
    # PROTECT, never SET_NULL: emptying the field would silently widen the rule to "any".
    category = models.ForeignKey("wards.Category", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="routing_rules", verbose_name=_("category"),
                                 help_text=_("Leave empty for any category"))
    area = models.ForeignKey("wards.Area", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="routing_rules", verbose_name=_("residential area"),
                             help_text=_("Leave empty for any residential area"))
    department = models.ForeignKey("wards.Department", on_delete=models.PROTECT, related_name="routing_rules",
                                   verbose_name=_("department"))
    default_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("default assignee"),
        help_text=_("Optional: a leader of the ward or an officer of the department who gets the case directly"),
    )
    priority = models.IntegerField(
        _("priority"), default=0,
        help_text=_("Among matching rules with as many fields set, the higher priority wins"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True, help_text=_("Why this rule exists; shown to staff"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RoutingRuleQuerySet.as_manager()

    class Meta:
        ordering = ["ward", "-priority", "id"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        indexes = [
            # route(): a ward's active rules (RoutingRule.objects.active_for(ward))
            models.Index(fields=["ward"], condition=Q(is_active=True), name="routing_rule_active_idx"),
        ]
        constraints = [
            # Two active rules with the same conditions would leave one of them dead (or decided by id alone).
            # Empty category/area are NULL, which a plain unique constraint treats as all different; hence Coalesce.
            models.UniqueConstraint(
                "ward", "kind", Coalesce("category", 0), Coalesce("area", 0), condition=Q(is_active=True),
                name="routing_rule_one_active_per_conditions",
                violation_error_message=_("An active rule of this ward already has the same kind, category and "
                                          "residential area. Edit that rule or deactivate it first."),
            ),
        ]

    def __str__(self):
        return _("Routing rule %(id)s") % {"id": self.pk or "-"}

    def as_rule(self) -> Rule:
        """The pure value that portal.routing.rules matches on."""
        return Rule(id=self.pk, kind=self.kind, category_id=self.category_id, area_id=self.area_id,
                    priority=self.priority, is_active=self.is_active)

    def clean(self):
        super().clean()
        errors: dict[str, list] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        if self.category_id is not None and self.kind and not self.category.applies_to(self.kind):
            add("category", _("This category does not apply to the chosen kind of case, so the rule would never "
                              "match."))
        if self.ward_id is not None:
            if self.area_id is not None and self.area.ward_id != self.ward_id:
                add("area", _("This residential area belongs to another ward."))
            if self.department_id is not None and self.department.ward_id != self.ward_id:
                add("department", _("This department belongs to another ward."))
            if self.default_assignee_id is not None:
                message = self._assignee_error()
                if message:
                    add("default_assignee", message)
        if errors:
            raise ValidationError(errors)

    def _assignee_error(self):
        if not self.default_assignee.is_active:
            return _("This account is deactivated.")
        membership = Membership.objects.filter(user_id=self.default_assignee_id, ward_id=self.ward_id).first()
        if membership is None:
            return _("This person has no staff role in this ward.")
        if membership.role not in ASSIGNEE_ROLES:
            return _("Only an officer or a leader of the ward can be the default assignee.")
        if (membership.role == Role.OFFICER and self.department_id is not None
                and not membership.departments.filter(pk=self.department_id).exists()):
            return _("This officer does not work in the chosen department.")
        return None
