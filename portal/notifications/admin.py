from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["id", "channel", "recipient", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["channel", "state"]
    readonly_fields = [f.name for f in Notification._meta.fields]
