"""Staff accounts and their second factor in the Django admin.

Admins manage users and roles but have no access to cases (SPEC §1, §7). django-otp's own admin showed each
authenticator's secret key (and its QR code) and listed every backup code, editable: an admin who read a leader's
backup code, then set the leader's password, could log in as the leader and read a denouncer's identity. Here the
second factor is never shown nor edited: the admin sees who set up what and when it was last used, and the users
list's action "Reset two-step verification" removes all of a user's devices (services.reset_two_factor), audited
with the admin as actor. A password an admin sets in the admin is audited too (services.password_set_by_admin), and so
are an account created, deleted (its staff roles with it, each in its ward's log) and changed: its username, e-mail
address (the old address is told), whether it is active, staff or superuser, its groups and its own permissions
(services.account_created_by_admin, account_changed_by_admin, account_deleted_by_admin). A group of permissions is
another way to give admin powers (each member has its permissions): a group created, renamed, given or taken
permissions and deleted is audited too (StaffGroupAdmin; services.group_saved_by_admin, group_deleted_by_admin). The
administrators read these on the accounts' log page (/can-bo/nhat-ky/tai-khoan/), linked from the users' list and each
user's page; the groups' events are the superusers' (groups are the whole portal's), linked from the groups' list.
API tokens are the same kind of secret: the admin sees who has one, never its key (ApiTokenAdmin).
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db import router, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

from portal.audit.permissions import account_log_scope, may_read_account_log
from portal.wards.services import memberships_of

from . import services

User = get_user_model()


class DeviceAdmin(admin.ModelAdmin):
    """Who has a second factor, read-only: never its key, QR code or codes. (django-otp names its fields in English
    only: the columns are named here.)"""

    list_display = fields = readonly_fields = ["account", "device_name", "set_up", "created", "last_used"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    ordering = ["user__username", "pk"]

    @admin.display(description=_("user"), ordering="user__username")
    def account(self, device):
        return device.user

    @admin.display(description=_("name"), ordering="name")
    def device_name(self, device):
        return device.name

    @admin.display(description=_("set up"), boolean=True, ordering="confirmed")
    def set_up(self, device):
        return device.confirmed

    @admin.display(description=_("created at"), ordering="created_at")
    def created(self, device):
        return device.created_at

    @admin.display(description=_("last used at"), ordering="last_used_at")
    def last_used(self, device):
        return device.last_used_at

    def lookup_allowed(self, lookup, value, request=None):
        # None. Django admits a lookup on any of the model's own fields from the address (?key__startswith=3a…):
        # the number of rows found would tell the secret one character at a time.
        return False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # "Reset two-step verification" on the users list: all devices, audited


def _register(model, model_admin):
    if admin.site.is_registered(model):
        admin.site.unregister(model)  # django-otp's admin (autodiscovered first: its apps come first)
    admin.site.register(model, model_admin)


_register(TOTPDevice, DeviceAdmin)
_register(StaticDevice, DeviceAdmin)


class _DeletedOneByOne:
    """"Delete selected" deletes each object through delete_model (which audits it), all of them or none."""

    def delete_queryset(self, request, queryset):
        with transaction.atomic(using=router.db_for_write(self.model)):
            for obj in queryset.order_by("pk"):
                self.delete_model(request, obj)


class StaffUserAdmin(_DeletedOneByOne, UserAdmin):
    """Django's user admin, with the two-step verification reset, audited accounts (created, changed, deleted) and
    password changes, and links to the accounts' log."""

    actions = ["reset_two_factor"]
    change_list_template = "security/admin/user_change_list.html"
    change_form_template = "security/admin/user_change_form.html"
    list_display = [*UserAdmin.list_display, "has_two_factor"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))

    @admin.display(description=_("two-step verification"), boolean=True, ordering="two_factor")
    def has_two_factor(self, user):
        return user.two_factor

    @admin.action(description=_("Reset two-step verification (remove the authenticator app and backup codes)"),
                  permissions=["change"])
    def reset_two_factor(self, request, queryset):
        users = list(queryset.order_by("username"))
        for user in users:
            services.reset_two_factor(user=user, actor=request.user, request=request)
            self.log_change(request, user, [{"changed": {"fields": ["two-step verification"]}}])
        self.message_user(request, ngettext(
            "Two-step verification was reset for %(count)d account: %(names)s. Its authenticator app and backup codes "
            "no longer work; the user sets up a new app at the next login.",
            "Two-step verification was reset for %(count)d accounts: %(names)s. Their authenticator apps and backup "
            "codes no longer work; each user sets up a new app at the next login.",
            len(users)) % {"count": len(users), "names": ", ".join(user.get_username() for user in users)},
            messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        # In the add or change view's transaction (ModelAdmin.changeform_view): the account as saved before the form's
        # values are; its groups and permissions are saved after this (save_related).
        form.audit_before = services.account_state(obj.pk) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.audit_before is None:
            services.account_created_by_admin(user=form.instance, actor=request.user, request=request)
        else:
            # What changed of its name, address, access and powers audited (the old address told).
            services.account_changed_by_admin(user=form.instance, before=form.audit_before, actor=request.user,
                                              request=request)

    def delete_model(self, request, obj):
        # In the delete view's transaction: the account and its staff roles as they were, audited once deleted.
        pk = obj.pk  # (None once deleted)
        before, roles = services.account_state(pk), memberships_of(pk)
        super().delete_model(request, obj)
        services.account_deleted_by_admin(user_id=pk, before=before, roles=roles, actor=request.user,
                                          request=request)

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), **_log_link(request)})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **_log_link(request)})

    def user_change_password(self, request, id, form_url=""):
        # The new password and its audit event are written together, or not at all.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().user_change_password(request, id, form_url)

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        match = request.resolver_match
        if match is not None and match.url_name == self._password_change_url_name():
            # Django's password view calls this once the form has saved the new password (and only then).
            services.password_set_by_admin(user=obj, actor=request.user, request=request)
        return entry

    def _password_change_url_name(self) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_password_change"


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)


class StaffGroupAdmin(_DeletedOneByOne, GroupAdmin):
    """Django's group admin, audited: a group created, renamed, given or taken permissions (auth.group_created,
    auth.group_changed) and deleted (auth.group_deleted), by name, with the administrator as actor, in the transaction
    that saved or deleted it. Its list links superusers to the accounts' log, where they read these events."""

    change_list_template = "security/admin/user_change_list.html"  # (the link to the accounts' log, as the users')

    def save_model(self, request, obj, form, change):
        # In the add or change view's transaction: the group as saved before the form's values are; its permissions
        # are saved after this (save_related).
        form.audit_before = services.group_state(obj.pk) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.group_saved_by_admin(group=form.instance, before=form.audit_before, actor=request.user,
                                      request=request)

    def delete_model(self, request, obj):
        # In the delete view's transaction: the group, and how many accounts lose its permissions, as they were.
        pk = obj.pk  # (None once deleted)
        before, members = services.group_state(pk), obj.user_set.count()
        super().delete_model(request, obj)
        services.group_deleted_by_admin(group_id=pk, before=before, members=members, actor=request.user,
                                        request=request)

    def changelist_view(self, request, extra_context=None):
        scope = account_log_scope(request.user)
        link = {"account_log_url": reverse("frontend:desk-audit-accounts")} if scope and scope.everyone else {}
        return super().changelist_view(request, {**(extra_context or {}), **link})


admin.site.unregister(Group)
admin.site.register(Group, StaffGroupAdmin)


def _log_link(request) -> dict:
    """The accounts' log page, for the users' list and (with ?account=) a user's page, when the admin may read it."""
    return {"account_log_url": reverse("frontend:desk-audit-accounts")} if may_read_account_log(request.user) else {}


class ApiTokenAdmin(TokenAdmin):
    """Django REST framework's token admin listed every key and issued a token for any user, readable in the list at
    once: an admin's token for a leader was the leader on the staff API, without the leader's password or second factor
    (a token request does not pass the two-step check). Here no key is shown and none is issued (the server's operator
    runs `manage.py drf_create_token <username>`); the admin sees who has a token since when, and revokes one
    (audited)."""

    list_display = ("user", "created")
    fields = readonly_fields = ("user", "created")

    def lookup_allowed(self, lookup, value, request=None):
        return False  # ?key__startswith=… would tell a key one character at a time by the rows found

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        services.revoke_api_token(token=obj, actor=request.user, request=request)


def _token_label(token) -> str:
    return gettext("API token of %(username)s") % {"username": token.user.get_username()}


# TokenProxy (Django REST framework's proxy of Token, there for its admin only) is named by its key: the admin's page
# titles, breadcrumbs, delete confirmation, messages and its own log (LogEntry.object_repr) would show the key. It is
# named by its user instead. (Token itself, which the API uses, is left as it is.)
TokenProxy.__str__ = _token_label
_register(TokenProxy, ApiTokenAdmin)
