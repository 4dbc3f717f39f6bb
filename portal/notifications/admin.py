"""The outbox in the admin, for operators watching delivery: state, attempts, errors — never what was sent to whom.

Admins keep reference data and have no access to cases (SPEC §1, §7). A notification's recipient is a resident's
e-mail or phone, its case may be a denunciation (whose author the law protects, Law on Denunciations Art. 47) and its
body may carry a one-time sign-in code: so the recipient is masked, and the subject, body and case are not shown.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.core.text import mask_recipient

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["id", "channel", "masked_recipient", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["channel", "state"]
    fields = readonly_fields = ["channel", "masked_recipient", "state", "attempts", "masked_error", "created_at",
                                "claimed_at", "sent_at"]

    @admin.display(description=_("recipient"))
    def masked_recipient(self, obj):
        return mask_recipient(obj.recipient)

    @admin.display(description=_("last error"))
    def masked_error(self, obj):
        # an SMTP error may quote the address it refused
        return (obj.last_error or "").replace(obj.recipient, mask_recipient(obj.recipient)) if obj.recipient else ""

    def lookup_allowed(self, lookup, value, request=None):
        # Only the list's own filters. Django admits a lookup on any of the model's fields from the address
        # (?recipient__startswith=09…, ?body__regex=…): the number of rows found would tell the hidden columns one
        # character at a time (a denouncer's phone, a resident's live sign-in code).
        return lookup in {"channel", "channel__exact", "state", "state__exact"}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
