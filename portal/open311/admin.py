from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext as _

from portal.audit.services import record

from .models import ApiKey
from .services import set_key_hash


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "ward", "is_active", "created_at", "last_used_at")
    list_filter = ("is_active", "ward")
    search_fields = ("name", "prefix")
    readonly_fields = ("prefix", "created_at", "last_used_at")
    fields = ("name", "ward", "is_active", "prefix", "created_at", "last_used_at")

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: the audit log refers to keys

    def save_model(self, request, obj, form, change):
        raw = None if change else set_key_hash(key=obj)
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record(action="open311.key_changed" if change else "open311.key_issued", obj=obj, actor=request.user,
                   ward=obj.ward, data={"name": obj.name, "is_active": obj.is_active})
        if raw:
            messages.warning(request, _("The new API key is %(key)s — copy it now, it will not be shown again.")
                             % {"key": raw})
