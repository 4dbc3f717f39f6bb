"""An administrator changing an account in the Django admin: its e-mail address, whether it is active, staff or
superuser. Each change is in the audit chain with the admin as actor, and a changed address is told to the OLD
address, so the owner of a hijacked account notices (the new address would get the password reset link)."""

import pytest
from django.core import mail

from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from portal.notifications.models import Notification

pytestmark = pytest.mark.django_db

USERS = "/admin/auth/user/"
EVENT = "auth.account_changed"


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
