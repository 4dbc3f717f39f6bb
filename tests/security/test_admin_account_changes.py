"""An administrator creating, changing or deleting an account in the Django admin: its username, e-mail address,
whether it is active, staff or superuser, its groups and its own permissions; and a group of permissions created,
renamed, given or taken permissions, deleted. Each change is in the audit chain with
the admin as actor, and a changed address is told to the OLD address, so the owner of a hijacked account notices (the
new address would get the password reset link)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import transaction
from django.test import Client

from portal.audit.models import AuditEvent
from portal.audit.services import record, verify_chain
from portal.notifications.models import Notification
from tests.conftest import log_in
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

USERS = "/admin/auth/user/"
EVENT = "auth.account_changed"
User = get_user_model()


def account_form(user, **changes):
    """The admin's change form of `user` as the browser posts it, with `changes` (a flag False is left out)."""
    values = {"username": user.username, "first_name": user.first_name, "last_name": user.last_name,
              "email": user.email, "is_active": user.is_active, "is_staff": user.is_staff,
              "is_superuser": user.is_superuser, **changes}
    form = {"date_joined_0": "2026-01-01", "date_joined_1": "08:00:00", "initial-date_joined_0": "2026-01-01",
            "initial-date_joined_1": "08:00:00"}
    for key, value in values.items():
        if value is True:
            form[key] = "on"
        elif value is not False:
            form[key] = value
    return form


def save(admin_client, user, django_capture_on_commit_callbacks, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"{USERS}{user.pk}/change/", account_form(user, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    return response


def test_a_changed_email_is_audited_masked_and_the_old_address_is_told(admin_client, admin_user, leader,
                                                                      django_capture_on_commit_callbacks):
    assert leader.email == "chutich@example.vn"
    save(admin_client, leader, django_capture_on_commit_callbacks, email="ke.gian@evil.example")
    assert leader.email == "ke.gian@evil.example"

    event = AuditEvent.objects.get(action=EVENT)
    assert event.actor == admin_user and (event.object_type, event.object_id) == ("auth.user", str(leader.pk))
    assert event.data["before"] == {"email": "c•••@example.vn"}
    assert event.data["after"] == {"email": "k•••@evil.example"}
    assert "chutich@example.vn" not in str(event.data) and "ke.gian" not in str(event.data)
    assert verify_chain().ok

    # The notice goes to the OLD address only, in Vietnamese, saying who changed it and where mail goes now.
    assert [m.to for m in mail.outbox] == [["chutich@example.vn"]]
    message = mail.outbox[0]
    assert message.subject == "Địa chỉ e-mail của tài khoản OpenWard của ông/bà đã được đổi"
    assert "Quản trị viên (admin) đã đổi địa chỉ e-mail của tài khoản chutich" in message.body
    assert "k•••@evil.example" in message.body and "ke.gian@evil.example" not in message.body
    assert "hãy báo ngay cho lãnh đạo phường" in message.body


def test_a_removed_email_is_told_to_the_old_address(admin_client, officer, django_capture_on_commit_callbacks):
    save(admin_client, officer, django_capture_on_commit_callbacks, email="")
    event = AuditEvent.objects.get(action=EVENT)
    assert (event.data["before"], event.data["after"]) == ({"email": "c•••@example.vn"}, {"email": ""})
    assert [m.to for m in mail.outbox] == [["canbo@example.vn"]]
    assert "đã xoá địa chỉ e-mail của tài khoản canbo" in mail.outbox[0].body


def test_an_email_given_to_an_account_without_one_is_audited_and_nobody_is_told(
        admin_client, officer, django_capture_on_commit_callbacks):
    type(officer).objects.filter(pk=officer.pk).update(email="")
    officer.refresh_from_db()
    save(admin_client, officer, django_capture_on_commit_callbacks, email="canbo.moi@example.vn")
    event = AuditEvent.objects.get(action=EVENT)
    assert (event.data["before"], event.data["after"]) == ({"email": ""}, {"email": "c•••@example.vn"})
    assert not mail.outbox and not Notification.objects.exists()


def test_powers_and_access_changes_are_audited_with_before_and_after(admin_client, admin_user, officer,
                                                                     django_capture_on_commit_callbacks):
    save(admin_client, officer, django_capture_on_commit_callbacks, is_superuser=True)
    made_superuser = AuditEvent.objects.get(action=EVENT)
    assert made_superuser.actor == admin_user
    assert (made_superuser.data["before"], made_superuser.data["after"]) == (
        {"is_superuser": False}, {"is_superuser": True})

    save(admin_client, officer, django_capture_on_commit_callbacks, is_active=False, is_staff=False,
         is_superuser=False)
    closed = AuditEvent.objects.filter(action=EVENT).latest("id")
    assert closed.data["before"] == {"is_active": True, "is_staff": True, "is_superuser": True}
    assert closed.data["after"] == {"is_active": False, "is_staff": False, "is_superuser": False}
    assert not mail.outbox  # only an address change is told to the user
    assert verify_chain().ok


def test_saving_an_account_without_such_a_change_records_nothing(admin_client, leader,
                                                                 django_capture_on_commit_callbacks):
    save(admin_client, leader, django_capture_on_commit_callbacks)  # saved as it stands
    save(admin_client, leader, django_capture_on_commit_callbacks, first_name="Minh", last_name="Trần")
    assert leader.first_name == "Minh"
    assert not AuditEvent.objects.filter(action=EVENT).exists()
    assert not mail.outbox and not Notification.objects.exists()


def test_a_refused_change_records_nothing(admin_client, leader, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"{USERS}{leader.pk}/change/",
                                     account_form(leader, username=officer.username, email="ke.gian@evil.example"))
    assert response.status_code == 200  # the username is taken: the form comes back
    leader.refresh_from_db()
    assert leader.email == "chutich@example.vn"
    assert not AuditEvent.objects.filter(action=EVENT).exists() and not mail.outbox


# --- created, renamed, given groups and permissions, deleted ---------------------------------------------------------

def test_an_account_created_is_audited_with_what_it_is(admin_client, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"{USERS}add/", {"username": "canbo_moi", "usable_password": "true",
                                                      "password1": "Mat-khau-rat-dai-2026",
                                                      "password2": "Mat-khau-rat-dai-2026"})
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="canbo_moi")
    event = AuditEvent.objects.get(action="auth.account_created")
    assert event.actor == admin_user and (event.object_type, event.object_id) == ("auth.user", str(user.pk))
    assert event.ward is None
    data = {key: value for key, value in event.data.items() if key != "ip"}
    assert data == {"account": "canbo_moi", "email": "", "is_active": True, "is_staff": False, "is_superuser": False,
                    "groups": [], "permissions": [], "usable_password": True}
    assert "Mat-khau" not in str(event.data)
    assert not AuditEvent.objects.filter(action="auth.account_changed").exists()
    assert verify_chain().ok


def test_a_refused_creation_records_nothing(admin_client, officer):
    response = admin_client.post(f"{USERS}add/", {"username": officer.username, "usable_password": "true",
                                                  "password1": "Mat-khau-rat-dai-2026",
                                                  "password2": "Mat-khau-rat-dai-2026"})
    assert response.status_code == 200  # the username is taken: the form comes back
    assert not AuditEvent.objects.filter(action__startswith="auth.account_").exists()


def test_a_changed_username_is_audited_before_and_after(admin_client, admin_user, officer,
                                                        django_capture_on_commit_callbacks):
    save(admin_client, officer, django_capture_on_commit_callbacks, username="canbo_doi_ten")
    event = AuditEvent.objects.get(action=EVENT)
    assert event.actor == admin_user and event.object_id == str(officer.pk)
    assert (event.data["before"], event.data["after"]) == ({"account": "canbo"}, {"account": "canbo_doi_ten"})
    assert not mail.outbox


def test_groups_and_own_permissions_given_and_taken_are_audited(admin_client, admin_user, officer,
                                                                 django_capture_on_commit_callbacks):
    """Groups and a user's own permissions give powers in the admin (to change users, say): each change is audited,
    by name (an id in the append-only log would mean nothing once the group is renamed or gone)."""
    managers = Group.objects.create(name="Quản lý tài khoản")
    change_user = Permission.objects.get(content_type__app_label="auth", codename="change_user")
    view_user = Permission.objects.get(content_type__app_label="auth", codename="view_user")
    save(admin_client, officer, django_capture_on_commit_callbacks, groups=[managers.pk],
         user_permissions=[change_user.pk, view_user.pk])
    given = AuditEvent.objects.get(action=EVENT)
    assert given.actor == admin_user
    assert given.data["before"] == {"groups": [], "permissions": []}
    assert given.data["after"] == {"groups": ["Quản lý tài khoản"],
                                   "permissions": ["auth.change_user", "auth.view_user"]}

    save(admin_client, officer, django_capture_on_commit_callbacks, groups=[managers.pk],
         user_permissions=[view_user.pk])
    taken = AuditEvent.objects.filter(action=EVENT).latest("id")
    assert (taken.data["before"], taken.data["after"]) == ({"permissions": ["auth.change_user", "auth.view_user"]},
                                                           {"permissions": ["auth.view_user"]})
    save(admin_client, officer, django_capture_on_commit_callbacks, groups=[managers.pk],
         user_permissions=[view_user.pk])  # as it stands
    assert AuditEvent.objects.filter(action=EVENT).count() == 2
    assert verify_chain().ok


def test_an_account_deleted_is_audited_and_its_roles_are_taken_in_their_wards(admin_client, admin_user, ward,
                                                                               department):
    membership = MembershipFactory(user=UserFactory(username="canbo_tam", is_staff=True), ward=ward, role="officer")
    membership.departments.add(department)
    user = membership.user
    response = admin_client.post(f"{USERS}{user.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    deleted = AuditEvent.objects.get(action="auth.account_deleted")
    assert deleted.actor == admin_user and deleted.object_id == str(user.pk) and deleted.ward is None
    assert deleted.data["account"] == "canbo_tam" and deleted.data["email"] == "c•••@example.vn"
    assert deleted.data["is_staff"] is True
    role = AuditEvent.objects.get(action="membership.deleted")
    assert role.ward == ward and role.actor == admin_user and role.object_id == str(membership.pk)
    assert role.data == {"member": user.pk, "account": "canbo_tam", "role": "officer",
                         "departments": [department.pk]}
    assert verify_chain().ok


def test_accounts_deleted_together_are_each_audited(admin_client, ward):
    users = [UserFactory(username=f"tam_{i}") for i in range(3)]
    MembershipFactory(user=users[0], ward=ward, role="officer")
    response = admin_client.post(USERS, {"action": "delete_selected", "post": "yes",
                                         "_selected_action": [str(u.pk) for u in users]})
    assert response.status_code == 302
    assert sorted(AuditEvent.objects.filter(action="auth.account_deleted").values_list("object_id", flat=True)) == \
        sorted(str(u.pk) for u in users)
    assert AuditEvent.objects.filter(action="membership.deleted", ward=ward).count() == 1
    assert verify_chain().ok


def test_an_account_that_cannot_be_deleted_records_nothing(admin_client, leader):
    with transaction.atomic():  # the leader did something: the log protects the account that did it
        record(action="case.note_added", actor=leader, object_type="cases.case", object_id=1)
    response = admin_client.post(f"{USERS}{leader.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200  # Django's "cannot delete" page
    assert User.objects.filter(pk=leader.pk).exists()
    assert not AuditEvent.objects.filter(action__in=("auth.account_deleted", "membership.deleted")).exists()


# --- groups of permissions: each member has its permissions, so the group is audited too ---------------------------

GROUPS = "/admin/auth/group/"


def perm(codename):
    return Permission.objects.get(content_type__app_label="auth", codename=codename)


def test_a_group_created_is_audited_by_name_with_its_permissions(admin_client, admin_user):
    response = admin_client.post(f"{GROUPS}add/", {"name": "Quản lý tài khoản",
                                                   "permissions": [perm("change_user").pk, perm("view_user").pk]})
    assert response.status_code == 302
    group = Group.objects.get()
    event = AuditEvent.objects.get(action="auth.group_created")
    assert event.actor == admin_user and event.ward is None
    assert (event.object_type, event.object_id) == ("auth.group", str(group.pk))
    assert event.data == {"group": "Quản lý tài khoản", "permissions": ["auth.change_user", "auth.view_user"],
                          "ip": "127.0.0.1"}
    assert verify_chain().ok


def test_a_group_renamed_or_given_and_taken_permissions_is_audited_with_before_and_after(admin_client, admin_user):
    group = Group.objects.create(name="Biên tập")
    group.permissions.add(perm("view_user"))

    def save(**form):
        response = admin_client.post(f"{GROUPS}{group.pk}/change/", form)
        assert response.status_code == 302, response.content.decode()[:2000]

    save(name="Biên tập viên", permissions=[perm("view_user").pk])
    save(name="Biên tập viên", permissions=[perm("view_user").pk, perm("change_user").pk])
    save(name="Biên tập viên", permissions=[perm("change_user").pk])
    save(name="Biên tập viên", permissions=[perm("change_user").pk])  # as it stands: nothing
    events = list(AuditEvent.objects.filter(action="auth.group_changed").order_by("id"))
    assert [(e.data["group"], e.data["before"], e.data["after"]) for e in events] == [
        ("Biên tập viên", {"group": "Biên tập"}, {"group": "Biên tập viên"}),
        ("Biên tập viên", {"permissions": ["auth.view_user"]},
         {"permissions": ["auth.change_user", "auth.view_user"]}),
        ("Biên tập viên", {"permissions": ["auth.change_user", "auth.view_user"]},
         {"permissions": ["auth.change_user"]}),
    ]
    assert all(e.actor == admin_user and e.object_id == str(group.pk) for e in events)
    assert verify_chain().ok


def test_a_refused_group_records_nothing(admin_client):
    Group.objects.create(name="Quản lý")
    assert admin_client.post(f"{GROUPS}add/", {"name": "Quản lý"}).status_code == 200  # the name is taken
    assert admin_client.post(f"{GROUPS}add/", {"name": ""}).status_code == 200
    assert not AuditEvent.objects.filter(action__startswith="auth.group_").exists()


def test_a_group_deleted_is_audited_with_what_it_was_and_how_many_accounts_lose_it(admin_client, admin_user,
                                                                                  leader, officer):
    group = Group.objects.create(name="Quản lý tài khoản")
    group.permissions.add(perm("change_user"))
    group.user_set.add(leader, officer)
    pk = group.pk
    assert admin_client.post(f"{GROUPS}{pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Group.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.get(action="auth.group_deleted")
    assert event.actor == admin_user and event.object_id == str(pk)
    assert event.data == {"group": "Quản lý tài khoản", "permissions": ["auth.change_user"], "members": 2,
                          "ip": "127.0.0.1"}
    assert verify_chain().ok


def test_groups_deleted_together_are_each_audited(admin_client):
    groups = [Group.objects.create(name=f"Nhóm {i}") for i in range(3)]
    response = admin_client.post(GROUPS, {"action": "delete_selected", "post": "yes",
                                          "_selected_action": [str(g.pk) for g in groups]})
    assert response.status_code == 302
    assert not Group.objects.exists()
    assert sorted(AuditEvent.objects.filter(action="auth.group_deleted").values_list("data__group", flat=True)) == [
        "Nhóm 0", "Nhóm 1", "Nhóm 2"]
    assert verify_chain().ok


# --- forbidden: an admin user without the user admin's permissions --------------------------------------------------

@pytest.fixture
def ward_admin(ward):
    return MembershipFactory(user=UserFactory(username="quantri", is_staff=True), ward=ward, role="admin").user


def test_a_staff_account_without_the_permissions_creates_changes_and_deletes_nothing(ward_admin, leader):
    client = log_in(Client(), ward_admin)
    before = AuditEvent.objects.count()
    assert client.post(f"{USERS}add/", {"username": "ke_gian", "usable_password": "false"}).status_code == 403
    assert client.post(f"{USERS}{leader.pk}/change/", account_form(leader, is_superuser=True)).status_code == 403
    assert client.post(f"{USERS}{leader.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"{USERS}{ward_admin.pk}/change/",
                       account_form(ward_admin, is_superuser=True)).status_code == 403
    leader.refresh_from_db()
    ward_admin.refresh_from_db()
    assert not User.objects.filter(username="ke_gian").exists()
    assert not leader.is_superuser and not ward_admin.is_superuser
    assert AuditEvent.objects.count() == before  # (after the login's own events)


def test_a_staff_account_without_the_permissions_creates_changes_and_deletes_no_group(ward_admin):
    group = Group.objects.create(name="Quản lý")
    client = log_in(Client(), ward_admin)
    before = AuditEvent.objects.count()
    assert client.post(f"{GROUPS}add/", {"name": "Toàn quyền"}).status_code == 403
    assert client.post(f"{GROUPS}{group.pk}/change/", {"name": "Quản lý",
                                                       "permissions": [perm("change_user").pk]}).status_code == 403
    assert client.post(f"{GROUPS}{group.pk}/delete/", {"post": "yes"}).status_code == 403
    assert list(Group.objects.values_list("name", flat=True)) == ["Quản lý"] and not group.permissions.exists()
    assert AuditEvent.objects.count() == before


# --- the users' pages link to the accounts' log ---------------------------------------------------------------------

def test_the_users_list_and_a_users_page_link_to_the_accounts_log(admin_client, leader):
    listing = admin_client.get(USERS).content.decode()
    assert '<a href="/can-bo/nhat-ky/tai-khoan/" data-testid="account-log-link">Nhật ký tài khoản</a>' in listing
    page = admin_client.get(f"{USERS}{leader.pk}/change/").content.decode()
    assert ('<a href="/can-bo/nhat-ky/tai-khoan/?account=chutich" data-testid="account-log-link">'
            'Nhật ký của tài khoản này</a>') in page
