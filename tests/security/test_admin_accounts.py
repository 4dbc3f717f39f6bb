"""Django admin and staff accounts: admins manage users but never see or edit a second factor (SPEC §1, §7).

A browser walkthrough found django-otp's own admin showing each leader's authenticator key (editable, with a QR code)
and every backup code: the admin set the leader's password, logged in with a backup code read from the admin and read
a denouncer's identity as the leader. Now the admin lists devices without secrets, resets a user's two-step
verification (all devices) by an action, and that action and any password an admin sets are in the audit log, with
the admin as actor, and the user is told by e-mail."""

import re

import pytest
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from portal.notifications.models import Notification
from tests.conftest import log_in, totp_device

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # what UserFactory sets
DESK = "/can-bo/"
VERIFY = "/dang-nhap/xac-thuc/"
SETUP = "/tai-khoan/bao-mat/thiet-lap/"
USERS = "/admin/auth/user/"
TOTP = "/admin/otp_totp/totpdevice/"
STATIC = "/admin/otp_static/staticdevice/"
BACKUP_CODES = ("abcd2345", "efgh6723")


@pytest.fixture
def leader_devices(leader):
    """The leader's authenticator and backup codes, as after setting them up."""
    authenticator = totp_device(leader)
    backup = StaticDevice.objects.create(user=leader, name="backup", confirmed=True)
    for code in BACKUP_CODES:
        backup.token_set.create(token=code)
    return authenticator, backup


def secrets_of(authenticator) -> list[str]:
    """Every form in which the authenticator's secret could appear on a page."""
    import base64

    return [authenticator.key, authenticator.key.upper(), base64.b32encode(authenticator.bin_key).decode().rstrip("="),
            authenticator.config_url, "otpauth://"]


def test_the_device_pages_show_who_has_which_device_but_no_key_qr_code_or_backup_code(admin_client, leader,
                                                                                        leader_devices):
    authenticator, backup = leader_devices
    pages = {url: admin_client.get(url) for url in (TOTP, f"{TOTP}{authenticator.pk}/change/", STATIC,
                                                     f"{STATIC}{backup.pk}/change/")}
    for url, page in pages.items():
        html = page.content.decode()
        assert page.status_code == 200, url
        assert "chutich" in html, url
        for secret in [*secrets_of(authenticator), *BACKUP_CODES]:
            assert secret not in html, (url, secret)
        # (a CSRF token on the page may hold any letters: only links and the column's title are looked for)
        assert not re.search(r'href="[^"]*/(qrcode|config)/', html) and "QR Code" not in html, url
    assert "Lần sử dụng gần nhất" in pages[TOTP].content.decode()  # the columns the admin does see, in Vietnamese


def test_the_qr_code_and_key_views_of_django_otp_are_gone(admin_client, leader_devices):
    authenticator, _backup = leader_devices
    for view in ("config", "qrcode"):
        response = admin_client.get(f"{TOTP}{authenticator.pk}/{view}/", follow=True)
        text = response.content.decode("utf-8", "replace")
        assert response.get("Content-Type", "").startswith("text/html"), view
        assert not any(secret in text for secret in secrets_of(authenticator)), view


def test_devices_cannot_be_added_changed_or_deleted_in_the_admin(admin_client, leader, leader_devices):
    authenticator, backup = leader_devices
    key = authenticator.key
    assert admin_client.get(f"{TOTP}add/").status_code == 403
    assert admin_client.get(f"{STATIC}add/").status_code == 403
    changed = admin_client.post(f"{TOTP}{authenticator.pk}/change/", {
        "user": leader.pk, "name": "authenticator", "confirmed": "on", "key": "00" * 20, "step": 30, "t0": 0,
        "digits": 6, "tolerance": 1, "drift": 0, "throttling_failure_count": 0})
    assert changed.status_code == 403
    assert admin_client.post(f"{STATIC}{backup.pk}/change/", {
        "user": leader.pk, "name": "backup", "confirmed": "on", "token_set-TOTAL_FORMS": 1,
        "token_set-INITIAL_FORMS": 0, "token_set-0-token": "known123"}).status_code == 403
    assert admin_client.post(f"{TOTP}{authenticator.pk}/delete/", {"post": "yes"}).status_code == 403
    authenticator.refresh_from_db()
    assert authenticator.key == key
    assert sorted(backup.token_set.values_list("token", flat=True)) == sorted(BACKUP_CODES)
    assert TOTPDevice.objects.filter(user=leader).count() == 1


def test_the_secret_cannot_be_guessed_by_filtering_the_list(admin_client, leader_devices):
    """A filter on the key in the address would tell it one character at a time by the rows found."""
    authenticator, _backup = leader_devices
    assert admin_client.get(TOTP, {"key__startswith": authenticator.key[:2]}).status_code == 400
    assert admin_client.get(STATIC, {"token_set__token__startswith": "ab"}).status_code == 400
    assert admin_client.get(USERS, {"totpdevice__key__startswith": authenticator.key[:2]}).status_code == 400


def reset(admin_client, *users):
    return admin_client.post(USERS, {"action": "reset_two_factor", "_selected_action": [u.pk for u in users]})


def test_the_reset_action_removes_all_of_the_users_devices_and_is_audited(admin_client, admin_user, leader,
                                                                         leader_devices, officer,
                                                                         django_capture_on_commit_callbacks):
    TOTPDevice.objects.create(user=leader, name="authenticator", confirmed=False)  # a second one, being set up
    officers = totp_device(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = reset(admin_client, leader)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=leader).exists()
    assert not StaticDevice.objects.filter(user=leader).exists()
    assert TOTPDevice.objects.filter(pk=officers.pk).exists()  # only the selected user's
    message = admin_client.get(response["Location"]).content.decode()
    assert "Đã đặt lại xác thực hai bước cho 1 tài khoản: chutich" in message

    event = AuditEvent.objects.get(action="auth.two_factor_reset")
    assert event.actor == admin_user and event.actor_label == admin_user.get_username()
    assert (event.object_type, event.object_id) == ("auth.user", str(leader.pk))
    assert event.data["authenticators"] == 2 and event.data["backup_codes"] == len(BACKUP_CODES)
    assert verify_chain().ok

    # The leader is told, in Vietnamese, who did it.
    assert [m.to for m in mail.outbox] == [[leader.email]]
    assert "đã được đặt lại" in mail.outbox[0].subject
    assert admin_user.get_username() in mail.outbox[0].body and "ông/bà" in mail.outbox[0].body


def test_after_a_reset_the_leader_must_set_up_a_new_authenticator(admin_client, leader, leader_devices):
    session = log_in(Client(), leader)  # logged in and verified before the reset
    assert session.get(DESK).status_code == 200
    reset(admin_client, leader)

    # The open session's device is gone: it is sent to set up a new one, and so is the next login.
    assert session.get(DESK, follow=True).redirect_chain[-1][0].startswith(SETUP)
    client = Client()
    login = client.post("/dang-nhap/", {"username": "chutich", "password": PASSWORD})
    assert login.status_code == 302 and login["Location"].startswith(SETUP)
    assert client.get(DESK)["Location"].startswith(SETUP)
    # An old backup code no longer works anywhere.
    assert not StaticDevice.objects.filter(user=leader).exists()


def test_a_user_without_the_change_permission_cannot_reset(leader, leader_devices, ward):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    viewer = UserFactory(username="xem", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_user"))
    client = log_in(Client(), viewer)
    response = client.post(USERS, {"action": "reset_two_factor", "_selected_action": [leader.pk]})
    assert response.status_code in (200, 302, 403)
    assert TOTPDevice.objects.filter(user=leader).exists()
    assert not AuditEvent.objects.filter(action="auth.two_factor_reset").exists()


def password_form(password="Mat-khau-moi-cua-phuong-2026"):
    return {"password1": password, "password2": password, "usable_password": "true"}


def test_a_password_an_admin_sets_for_a_staff_user_is_audited_and_the_user_is_told(
        admin_client, admin_user, leader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"{USERS}{leader.pk}/password/", password_form())
    assert response.status_code == 302
    leader.refresh_from_db()
    assert leader.check_password("Mat-khau-moi-cua-phuong-2026")
    event = AuditEvent.objects.get(action="auth.password_set_by_admin")
    assert event.actor == admin_user and event.object_id == str(leader.pk)
    assert event.data["staff"] is True and event.data["usable"] is True
    assert verify_chain().ok
    assert [m.to for m in mail.outbox] == [[leader.email]]
    assert "Mật khẩu" in mail.outbox[0].subject and admin_user.get_username() in mail.outbox[0].body


def test_a_refused_password_or_another_change_of_the_user_records_no_password_event(admin_client, leader):
    refused = admin_client.post(f"{USERS}{leader.pk}/password/", {**password_form(), "password2": "khac-han"})
    assert refused.status_code == 200
    changed = admin_client.post(f"{USERS}{leader.pk}/change/", {
        "username": "chutich", "email": "chutich.moi@example.vn", "is_active": "on", "is_staff": "on",
        "date_joined_0": "2026-01-01", "date_joined_1": "08:00:00", "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "08:00:00"})
    assert changed.status_code == 302
    assert not AuditEvent.objects.filter(action="auth.password_set_by_admin").exists()
    # no password notice: the only one is the address change's, to the old address (test_admin_account_changes.py)
    assert list(Notification.objects.values_list("recipient", "subject")) == [
        ("chutich@example.vn", "Địa chỉ e-mail của tài khoản OpenWard của ông/bà đã được đổi")]


def test_the_users_list_shows_who_has_two_step_verification(admin_client, leader, leader_devices, officer):
    page = admin_client.get(USERS)
    rows = {user.username: user.two_factor for user in page.context["cl"].result_list}
    assert rows["chutich"] is True and rows["canbo"] is False


# --- API tokens: a token is its user on the API, without the password or the second step ----------------------------

TOKENS = "/admin/authtoken/tokenproxy/"


def test_the_token_admin_shows_who_has_a_token_but_never_a_key(admin_client, officer):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=officer)
    for url in (TOKENS, f"{TOKENS}{officer.pk}/change/"):
        page = admin_client.get(url)
        html = page.content.decode()
        assert page.status_code == 200 and "canbo" in html and token.key not in html, url
    assert admin_client.get(TOKENS, {"key__startswith": token.key[:2]}).status_code == 400


def test_the_admin_cannot_issue_a_token_for_a_leader_and_use_the_api_as_the_leader(admin_client, leader):
    from rest_framework.authtoken.models import Token

    assert admin_client.get(f"{TOKENS}add/").status_code == 403
    assert admin_client.post(f"{TOKENS}add/", {"user": leader.pk}).status_code == 403
    assert not Token.objects.filter(user=leader).exists()


def test_the_admin_revokes_a_token_and_it_is_audited(admin_client, admin_user, officer):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=officer)
    response = admin_client.post(f"{TOKENS}{officer.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Token.objects.filter(pk=token.pk).exists()
    event = AuditEvent.objects.get(action="auth.api_token_revoked")
    assert event.actor == admin_user and event.object_id == str(officer.pk) and token.key not in str(event.data)
    assert Client().get("/api/v1/staff/cases/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 401
