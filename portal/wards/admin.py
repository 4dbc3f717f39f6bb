from django import forms
from django.contrib import admin
from django.db import router, transaction
from django.utils.translation import ngettext

from . import services
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


def department_label(department: Department) -> str:
    return f"{department.ward.code} · {department.name}"


class MembershipForm(forms.ModelForm):
    """Every ward has departments of the same names ("Phòng Văn hóa - Xã hội"), so the choices show the ward code;
    a department of another ward than the membership's is refused on the field, with what was chosen kept."""

    class Meta:
        model = Membership
        fields = ["user", "ward", "role", "departments"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "departments" in self.fields:
            field = self.fields["departments"]
            field.queryset = Department.objects.select_related("ward").order_by("ward__code", "name")
            field.label_from_instance = department_label

    def clean(self):
        cleaned = super().clean()
        ward, departments = cleaned.get("ward"), cleaned.get("departments")
        if ward is not None and departments:
            foreign = [department for department in departments if department.ward_id != ward.pk]
            if foreign:
                self.add_error("departments", ngettext(
                    "%(departments)s is a department of another ward. Choose only departments of %(ward)s "
                    "(%(code)s).",
                    "%(departments)s are departments of other wards. Choose only departments of %(ward)s "
                    "(%(code)s).",
                    len(foreign)) % {"departments": ", ".join(department_label(d) for d in foreign),
                                     "ward": ward.name, "code": ward.code})
        return cleaned


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Staff roles. Giving, changing (role, departments) and taking one is audited in its ward's log, with the admin
    as actor (portal.wards.services), in the transaction that saves it."""

    form = MembershipForm
    list_display = ["user", "ward", "role"]
    list_filter = ["ward", "role"]
    list_select_related = ["user", "ward"]
    filter_horizontal = ["departments"]

    def save_model(self, request, obj, form, change):
        # The membership as saved before the form is: its departments are saved after this (save_related).
        form.audit_before = services.membership_state(obj.pk) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.membership_saved(membership=form.instance, before=form.audit_before, actor=request.user)

    def delete_model(self, request, obj):
        pk = obj.pk  # (None once deleted)
        before = services.membership_state(pk)
        super().delete_model(request, obj)
        if before is not None:
            services.membership_deleted(membership_id=pk, before=before, actor=request.user)

    def delete_queryset(self, request, queryset):
        # "Delete selected": each membership audited, all of them or none.
        with transaction.atomic(using=router.db_for_write(self.model)):
            for membership in queryset.order_by("pk"):
                self.delete_model(request, membership)
