"""Staff logins: lockout after repeated failures (django-axes, per username and address), every login, logout,
failure and lockout in the audit log, the idle timeout of staff sessions, password reset by e-mail."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from tests.conftest import log_in

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # what UserFactory sets
LOGIN = "/dang-nhap/"
DESK = "/can-bo/"


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_wrong_passwords_lock_the_username_from_that_address_with_a_clear_message(settings, officer):
    settings.AXES_FAILURE_LIMIT = 5
    client = Client()
    for _n in range(4):
        assert attempt(client, "canbo", "sai-mat-khau").status_code == 200
    locked = attempt(client, "canbo", "sai-mat-khau")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Tạm khóa đăng nhập" in text and "5 lần" in text and "15 phút" in text
    # Even the right password is refused from there, for that username...
    assert attempt(client, "canbo", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # ...but the same user from another address, and another user from the same address, may log in.
    assert attempt(Client(), "canbo", PASSWORD, ip="10.0.0.2").status_code == 302

    events = AuditEvent.objects.filter(action__startswith="auth.").order_by("pk")
    failed = events.filter(action="auth.login_failed")
    assert failed.count() >= 5
    assert failed.first().data == {"username": "canbo", "ip": "10.0.0.1"} and failed.first().actor is None
    lockout = events.filter(action="auth.locked_out").first()  # and again for each attempt while locked
    assert lockout.data == {"username": "canbo", "ip": "10.0.0.1", "minutes": 15}
    assert not any("sai-mat-khau" in str(e.data) for e in events)  # no password in the log
    assert verify_chain().ok


@pytest.mark.parametrize(("login", "username"), [
    (LOGIN, "a" * 151), (LOGIN, "a" * 256), (LOGIN, "đ" * 300), ("/admin/login/", "a" * 256),
    ("/admin/login/", "đ" * 151),
])
def test_an_overlong_username_is_a_form_error_that_keeps_what_was_typed(officer, login, username):
    """django-axes kept each failed attempt's username in a varchar(255): a longer one was a 500 on PostgreSQL."""
    from axes.models import AccessAttempt

    client = Client()
    response = client.post(login, {"username": username, "password": "sai-mat-khau"}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 200
    text = response.content.decode()
    assert f"Tên đăng nhập có tối đa 150 ký tự (tên vừa nhập có {len(username)} ký tự)." in text
    assert f'value="{username}"' in text and "_auth_user_id" not in client.session
    assert not AccessAttempt.objects.exists()  # no password was tried
    if login == LOGIN:  # no password was compared: the page does not say it was wrong
        assert "Tên đăng nhập hoặc mật khẩu không đúng" not in text


def test_a_wrong_password_is_told_as_such_and_an_empty_field_is_not(officer):
    wrong = attempt(Client(), "canbo", "sai-mat-khau").content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng. Vui lòng thử lại." in wrong
    empty = Client().post(LOGIN, {"username": "canbo", "password": ""}, REMOTE_ADDR="10.0.0.3")
    assert empty.status_code == 200 and "Tên đăng nhập hoặc mật khẩu không đúng" not in empty.content.decode()
    assert "Trường này là bắt buộc." in empty.content.decode()


@pytest.mark.parametrize("login", [LOGIN, "/admin/login/"])
def test_a_username_of_the_models_length_is_still_tried(officer, login):
    from axes.models import AccessAttempt

    response = Client().post(login, {"username": "a" * 150, "password": "sai-mat-khau"}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 200 and "tối đa 150 ký tự" not in response.content.decode()
    assert AccessAttempt.objects.get().username == "a" * 150
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 1


def test_a_nul_character_in_the_username_is_a_form_error(officer):
    from axes.models import AccessAttempt

    response = attempt(Client(), "can\x00bo", PASSWORD)
    assert response.status_code == 200 and "_auth_user_id" not in response.wsgi_request.session
    assert "Không được dùng ký tự NUL (mã 0)." in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_the_lockout_ends_after_the_lockout_period(settings, officer):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)):
        for _n in range(3):
            attempt(client, "canbo", "sai")
        assert attempt(client, "canbo", PASSWORD).status_code == 429
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 16, tzinfo=dt.UTC)):
        assert attempt(client, "canbo", PASSWORD).status_code == 302


def test_logins_and_logouts_are_audited(client, officer):
    assert attempt(client, "canbo", PASSWORD).status_code == 302
    client.post(reverse("frontend:logout"))
    events = list(AuditEvent.objects.filter(actor=officer).order_by("pk").values_list("action", "data"))
    assert events == [("auth.login", {"ip": "10.0.0.1", "staff": True}),
                      ("auth.logout", {"ip": "127.0.0.1", "reason": "user"})]


def test_a_staff_session_ends_after_the_idle_timeout(settings, officer):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    start = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start):
        client = log_in(Client(), officer)
    with time_machine.travel(start + dt.timedelta(minutes=25)):
        assert client.get(DESK).status_code == 200  # activity moves the deadline on
    with time_machine.travel(start + dt.timedelta(minutes=50)):
        assert client.get(DESK).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=81)):
        response = client.get(DESK)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)
        page = client.get(response["Location"]).content.decode()
        assert "Ông/bà đã bị đăng xuất sau 30 phút không thao tác" in page
        assert client.get("/api/v1/staff/cases/").status_code == 401
    logout = AuditEvent.objects.get(action="auth.logout")
    assert logout.actor == officer and logout.data["reason"] == "idle"


def test_residents_sessions_have_no_idle_timeout(settings, resident):
    settings.SESSION_IDLE_TIMEOUT = 60
    start = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start):
        client = log_in(Client(), resident)
    with time_machine.travel(start + dt.timedelta(hours=2)):
        assert client.get("/don-cua-toi/").status_code == 200


def test_password_reset_never_tells_whether_an_account_exists(settings, officer):
    settings.SITE_URL = "https://phuong.example.vn"
    officer.email = "canbo@phuong.example.vn"
    officer.save(update_fields=["email"])
    known = Client().post("/dang-nhap/quen-mat-khau/", {"email": "canbo@phuong.example.vn"})
    unknown = Client().post("/dang-nhap/quen-mat-khau/", {"email": "khong-co@phuong.example.vn"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known["Location"] == "/dang-nhap/quen-mat-khau/da-gui/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["canbo@phuong.example.vn"]
    done = Client().get(known["Location"]).content.decode()
    assert "Kiểm tra hộp thư của ông/bà" in done

    message = mail.outbox[0]
    assert message.subject == "OpenWard: chọn mật khẩu mới"
    assert "Có người đã yêu cầu đặt lại mật khẩu của tài khoản OpenWard “canbo”" in message.body
    link = re.search(r"https://phuong\.example\.vn(/dang-nhap/dat-lai-mat-khau/\S+/)", message.body).group(1)
    client = Client()
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "Chọn mật khẩu mới" in form.content.decode()
    new = "mat-khau-moi-rat-dai-2026"
    saved = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert saved.status_code == 302 and saved["Location"] == "/dang-nhap/dat-lai-mat-khau/xong/"
    assert attempt(Client(), "canbo", new).status_code == 302
    assert AuditEvent.objects.filter(action="auth.password_reset", actor=officer).exists()
    # The link works once.
    assert "không còn hiệu lực" in Client().get(link, follow=True).content.decode()


def test_staff_passwords_are_hashed_with_argon2(settings):
    from portal import settings as configured

    assert configured.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    settings.PASSWORD_HASHERS = configured.PASSWORD_HASHERS  # the suite uses MD5 for speed
    assert make_password("mat-khau").startswith("argon2$argon2id$")
