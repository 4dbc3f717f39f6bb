"""Admins see the disclosure categories (reference data from the law) and may read disclosures; nobody may delete
anything (SPEC §5: nothing published is ever deleted). Disclosures are written through the staff pages and the API,
which keep versions and the audit log."""

from django.contrib import admin

from .models import Disclosure, DisclosureCategory


class NoDeleteAdmin(admin.ModelAdmin):
    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(DisclosureCategory)
class DisclosureCategoryAdmin(NoDeleteAdmin):
    list_display = ["number", "name", "board_min_days", "is_permanent", "loudspeaker_min_days"]
    readonly_fields = ["number", "code"]

    def has_add_permission(self, request):
        return False


@admin.register(Disclosure)
class DisclosureAdmin(NoDeleteAdmin):
    list_display = ["title", "ward", "category", "state", "posted_on", "disclose_by"]
    list_filter = ["ward", "state", "category"]
    search_fields = ["title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
