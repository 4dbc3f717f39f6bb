"""Admins edit reference data only. Cases hold residents' personal data and are not in the admin (SPEC §7)."""

from django.contrib import admin

from .models import AnswerTemplate


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "ward", "kind"]
    list_filter = ["ward", "kind"]
    search_fields = ["title", "body"]
