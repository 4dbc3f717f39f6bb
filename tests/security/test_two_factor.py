"""Two-step verification (TOTP with django-otp, backup codes): required for leaders and admins, offered to officers
and supervisors; a session that has not passed it is refused by the desk, the staff API and Django admin."""

import re
import time

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.audit.models import AuditEvent
from tests.conftest import log_in, totp_code, totp_device
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # what UserFactory sets
DESK = "/can-bo/"
VERIFY = "/dang-nhap/xac-thuc/"
SETUP = "/tai-khoan/bao-mat/thiet-lap/"


def password_login(client, username, next_url=""):
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("frontend:login"), data)


def actions(user=None):
    events = AuditEvent.objects.order_by("pk")
    if user is not None:
        events = events.filter(actor=user)
    return list(events.values_list("action", flat=True))


def test_a_leader_without_an_authenticator_is_sent_to_set_one_up_and_then_reaches_the_desk(client, leader):
    response = password_login(client, "chutich")
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    assert client.get(DESK)["Location"].startswith(SETUP)  # nothing else until it is done

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "<path" in html  # the QR code, drawn on the server
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html).group(1)
    assert secret.replace(" ", "") in device.config_url
    assert "otpauth://totp/OpenWard%3Achutich?secret=" in html
    assert "Thiết lập xác thực hai bước" in html  # Vietnamese
    # no backup codes exist before the set-up is done: the field's help does not speak of them
    assert "Sáu chữ số mà ứng dụng xác thực đang hiển thị." in html and "mã dự phòng" not in html

    wrong = client.post(response["Location"], {"code": "000000"})
    assert wrong.status_code == 400 and wrong.content.decode().count("Mã này không đúng") == 1  # by the field only
    assert not TOTPDevice.objects.filter(user=leader, confirmed=True).exists()

    done = client.post(response["Location"], {"code": totp_code(device)})
    assert done.status_code == 302 and done["Location"].startswith(reverse("frontend:two-factor-backup-codes"))
    codes_page = client.get(done["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", codes_page)
    assert len(codes) == 10 and set(codes) == set(StaticToken.objects.filter(device__user=leader)
                                                    .values_list("token", flat=True))
    assert 'href="/can-bo/"' in codes_page  # then on to where the login was going
    assert client.get(done["Location"]).status_code == 302  # shown once only
    assert client.get(DESK).status_code == 200
    assert actions(leader) == ["auth.login", "auth.two_factor_enabled"]


def test_a_leader_with_an_authenticator_types_its_code_after_the_password(client, leader):
    device = totp_device(leader)
    response = password_login(client, "chutich", next_url="/can-bo/?q=den")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert client.get(DESK)["Location"].startswith(VERIFY)

    page = client.get(response["Location"])
    assert page.status_code == 200 and "Xác thực hai bước" in page.content.decode()
    session_before = client.cookies["sessionid"].value
    wrong = client.post(response["Location"], {"code": "123456"})
    assert wrong.status_code == 400 and wrong.content.decode().count("không đúng") == 1  # by the field only
    assert "mã dự phòng" in wrong.content.decode()  # here a backup code is accepted too
    with time_machine.travel(time.time() + 5):  # past the throttle of one wrong code
        right = client.post(response["Location"], {"code": totp_code(device)})
        assert right.status_code == 302 and right["Location"] == "/can-bo/?q=den"
        assert client.cookies["sessionid"].value != session_before  # a new session key after the second step
        assert client.get(DESK).status_code == 200
    assert actions(leader) == ["auth.login", "auth.second_factor_failed", "auth.second_factor_passed"]
    failed = AuditEvent.objects.get(action="auth.second_factor_failed")
    assert failed.actor == leader and failed.data["ip"] == "127.0.0.1"


def test_codes_are_throttled_after_a_wrong_one(client, leader):
    device = totp_device(leader)
    password_login(client, "chutich")
    with time_machine.travel(time.time(), tick=False):
        client.post(VERIFY, {"code": "111111"})
        refused = client.post(VERIFY, {"code": totp_code(device)})
    assert refused.status_code == 400 and "Nhập sai quá nhiều lần" in refused.content.decode()
    assert client.get(DESK).status_code == 302


def test_a_backup_code_works_once(leader):
    totp_device(leader)
    device = StaticDevice.objects.create(user=leader, name="backup", confirmed=True)
    device.token_set.create(token="abcd2345")
    first = Client()
    password_login(first, "chutich")
    assert first.post(VERIFY, {"code": "ABCD 2345"}).status_code == 302
    assert first.get(DESK).status_code == 200
    assert AuditEvent.objects.filter(action="auth.second_factor_passed").get().data["device"] == "backup_code"
    second = Client()
    password_login(second, "chutich")
    assert second.post(VERIFY, {"code": "abcd2345"}).status_code == 400
    assert second.get(DESK).status_code == 302


def test_an_unverified_leader_is_refused_by_the_desk_the_staff_api_recommendations_and_admin(leader, ward):
    totp_device(leader)
    client = log_in(Client(), leader, second_factor=False)
    for url in (DESK, "/can-bo/kien-nghi/", "/admin/", "/", "/tai-khoan/bao-mat/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(VERIFY), url
    api = client.get("/api/v1/staff/cases/")
    assert api.status_code == 403 and "xác thực hai bước" in api.json()["detail"]
    assert client.post(DESK + "don/PN17-2026-000001/ghi-chu/", {"text": "x"}).status_code == 302
    # ...and passes once verified.
    verified = log_in(Client(), leader)
    assert verified.get(DESK).status_code == 200
    assert verified.get("/api/v1/staff/cases/").status_code == 200


def test_django_admin_needs_the_second_factor_of_a_superuser(admin_user):
    client = Client()
    client.force_login(admin_user)
    assert client.get("/admin/")["Location"].startswith(SETUP)
    assert log_in(Client(), admin_user).get("/admin/").status_code == 200


def test_the_ward_admin_role_needs_it_too(ward):
    from tests.factories import MembershipFactory

    MembershipFactory(user=UserFactory(username="quantri", is_staff=True), ward=ward, role="admin")
    client = Client()
    assert password_login(client, "quantri")["Location"].startswith(SETUP)


def test_an_officer_may_turn_it_on_and_then_needs_it_at_login_and_may_turn_it_off(client, officer):
    response = password_login(client, "canbo")
    assert response["Location"] == DESK  # not required: straight to the desk
    page = client.get("/tai-khoan/bao-mat/").content.decode()
    assert "Đang tắt" in page
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=officer)
    assert client.post(SETUP, {"code": totp_code(device)}).status_code == 302
    assert "Đang bật" in client.get("/tai-khoan/bao-mat/").content.decode()

    later = Client()
    assert password_login(later, "canbo")["Location"].startswith(VERIFY)
    assert later.get(DESK)["Location"].startswith(VERIFY)
    with time_machine.travel(time.time() + 31):
        assert later.post(VERIFY, {"code": totp_code(device)}).status_code == 302
        assert later.get(DESK).status_code == 200
        assert later.post("/tai-khoan/bao-mat/tat/").status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    assert password_login(Client(), "canbo")["Location"] == DESK
    assert "auth.two_factor_disabled" in actions(officer)


def test_a_leader_cannot_turn_it_off_but_may_renew_backup_codes(leader):
    client = log_in(Client(), leader)
    StaticDevice.objects.create(user=leader, name="backup", confirmed=True).token_set.create(token="oldcode2")
    response = client.post("/tai-khoan/bao-mat/tat/", follow=True)
    assert "bắt buộc" in response.content.decode()
    assert TOTPDevice.objects.filter(user=leader, confirmed=True).exists()
    renewed = client.post(reverse("frontend:two-factor-backup-codes"), follow=True)
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", renewed.content.decode())
    assert len(codes) == 10 and "oldcode2" not in codes
    assert not StaticToken.objects.filter(token="oldcode2").exists()
    assert actions(leader)[-1] == "auth.backup_codes_renewed"


def test_residents_sign_in_with_a_one_time_code_as_before_and_have_no_two_step_pages(client, resident):
    log_in(client, resident)
    assert client.get("/don-cua-toi/").status_code == 200
    assert client.get("/tai-khoan/bao-mat/").status_code == 403
    assert client.get(SETUP).status_code == 403
    assert not TOTPDevice.objects.filter(user=resident).exists()


def test_the_demo_leader_gets_the_published_authenticator_and_backup_codes(ward):
    from io import StringIO

    from django.core.management import call_command

    from portal.core.demo_data import TWO_FACTOR
    from portal.security import demo
    from tests.factories import MembershipFactory

    MembershipFactory(user=UserFactory(username="chutich", is_staff=True), ward=ward, role="leader")
    assert demo.seed(wards={"PN17": ward}, today=None) == {"authenticators": 1}
    assert demo.seed(wards={"PN17": ward}, today=None) == {"authenticators": 0}  # idempotent
    out = StringIO()
    call_command("demo_totp", "chutich", stdout=out)
    code = out.getvalue().strip().split(": ")[1]
    first = Client()
    password_login(first, "chutich")
    assert first.post(VERIFY, {"code": code}).status_code == 302 and first.get(DESK).status_code == 200
    second = Client()
    password_login(second, "chutich")
    assert second.post(VERIFY, {"code": TWO_FACTOR["chutich"]["backup_codes"][0]}).status_code == 302


def test_the_two_step_pages_address_the_officer_as_ong_ba(client, officer):
    """As the rest of the portal: “ông/bà”, never “bạn” (found by a browser walkthrough)."""
    password_login(client, "canbo")
    pages = {"security, off": client.get("/tai-khoan/bao-mat/"), "set-up": client.get(SETUP)}
    device = TOTPDevice.objects.get(user=officer)
    done = client.post(SETUP, {"code": totp_code(device)})
    pages["backup codes"] = client.get(done["Location"])
    pages["security, on"] = client.get("/tai-khoan/bao-mat/")
    later = Client()
    password_login(later, "canbo")
    pages["code at login"] = later.get(VERIFY)
    for name, page in pages.items():
        html = page.content.decode()
        assert page.status_code == 200, name
        assert not re.search(r"\bbạn\b", html, re.IGNORECASE), name
        assert "ông/bà" in html.lower(), name
    assert "Mã dự phòng của ông/bà" in pages["backup codes"].content.decode()
    assert "Đang tắt: chỉ cần mật khẩu là mở được tài khoản của ông/bà." in pages["security, off"].content.decode()


def test_an_account_made_a_leader_while_logged_in_must_still_pass_the_second_factor(ward):
    """A new account logs in before it has any role (the desk refuses it), then an administrator makes it a leader: the
    session it already has must not reach the desk, the staff API or denouncers' identities without the second step.
    The session noted at login that it was no staff session, and the rule was skipped for the rest of its life."""
    from tests.factories import MembershipFactory

    user = UserFactory(username="chutich_moi")  # not is_staff, no membership yet
    client = Client()
    assert password_login(client, "chutich_moi").status_code == 302
    assert client.get(DESK).status_code == 403  # no role yet

    MembershipFactory(user=user, ward=ward, role="leader")
    response = client.get(DESK)
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    assert client.get("/api/v1/staff/cases/").status_code == 403
    # Once set up and verified, it works as a leader's session.
    assert log_in(Client(), user).get(DESK).status_code == 200



def test_a_signed_in_resident_still_needs_no_second_factor_nor_an_extra_query(client, resident,
                                                                            django_assert_num_queries):
    client.force_login(resident)
    client.get("/don-cua-toi/")  # the session notes at its first request that it is no staff session
    with django_assert_num_queries(4):  # the session, the user, their scope (the menu's) and their cases
        assert client.get("/don-cua-toi/").status_code == 200
