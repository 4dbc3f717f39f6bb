from django.contrib import admin

from .models import Area, Category, Department, Membership, Ward


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "city", "voters_count", "is_remote", "is_active"]
    search_fields = ["code", "name"]
    inlines = [AreaInline, DepartmentInline]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "kinds", "is_active", "sort_order"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "ward", "role"]
    list_filter = ["ward", "role"]
    filter_horizontal = ["departments"]
