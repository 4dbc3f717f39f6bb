from django.contrib import admin

from .models import CalendarOverride, DeadlinePolicy


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "is_working_day", "ward", "source"]
    list_filter = ["is_working_day", ("ward", admin.EmptyFieldListFilter), "ward"]
    search_fields = ["name", "source"]
    date_hierarchy = "date"
    autocomplete_fields = ["ward"]
    ordering = ["-date"]


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin):
    list_display = ["kind", "step", "period", "unit", "remote_area_period", "max_extensions", "effective_from",
                    "ward", "source"]
    list_filter = ["kind", "step", "unit", ("ward", admin.EmptyFieldListFilter)]
    search_fields = ["source"]
    autocomplete_fields = ["ward"]
    ordering = ["kind", "step", "-effective_from"]
