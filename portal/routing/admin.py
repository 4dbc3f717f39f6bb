from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from portal.wards.models import Area, Department

from .models import ASSIGNEE_ROLES, RoutingRule


class RoutingRuleForm(forms.ModelForm):
    """Departments and areas of every ward share names ("Phòng Văn hóa - Xã hội"), so choices show the ward code.
    Mismatches (another ward's area or department, an assignee without a role) come back from RoutingRule.clean()
    as errors on the fields concerned."""

    class Meta:
        model = RoutingRule
        fields = ["ward", "is_active", "kind", "category", "area", "department", "default_assignee", "priority",
                  "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, model in (("department", Department), ("area", Area)):
            if name in self.fields:
                field = self.fields[name]
                field.queryset = model.objects.select_related("ward").order_by("ward__code", "name")
                field.label_from_instance = lambda obj: f"{obj.ward.code} · {obj.name}"
        if "default_assignee" in self.fields:
            field = self.fields["default_assignee"]
            field.queryset = (get_user_model().objects
                              .filter(is_active=True, memberships__role__in=ASSIGNEE_ROLES)
                              .distinct().order_by("username"))
            field.label_from_instance = self._assignee_label

    @staticmethod
    def _assignee_label(user):
        full_name = user.get_full_name()
        return f"{user.get_username()} ({full_name})" if full_name else user.get_username()


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    form = RoutingRuleForm
    list_display = ["id", "ward", "kind_display", "category", "area", "department", "default_assignee", "priority",
                    "is_active", "updated_at"]
    list_display_links = ["id", "ward"]
    list_filter = ["ward", "department", "is_active", "kind", ("category", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["ward", "category", "area", "department", "default_assignee"]
    search_fields = ["note", "department__name", "category__name", "area__name"]
    ordering = ["ward", "-priority", "id"]
    fieldsets = [
        (None, {"fields": ["ward", "is_active"]}),
        (_("When a case matches"), {
            "fields": ["kind", "category", "area"],
            "description": _("Empty fields match any case. The rule with the most fields set wins; then the higher "
                             "priority; then the older rule."),
        }),
        (_("Route it to"), {"fields": ["department", "default_assignee", "priority", "note"]}),
    ]

    @admin.display(description=_("kind of case"), ordering="kind")
    def kind_display(self, obj):
        return obj.get_kind_display() if obj.kind else _("any")
