"""Fixed personas and helpers shared by the whole suite."""

import importlib
import time
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from portal.notifications.channels.sms import LocmemSMSBackend

from .factories import AreaFactory, CategoryFactory, DepartmentFactory, MembershipFactory, UserFactory, WardFactory


@pytest.fixture(autouse=True)
def _isolated_side_effects(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "portal.notifications.channels.sms.LocmemSMSBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    # Tests change a case and look again within the second: each asks the database unless it tests the window
    # (tests/frontend/test_status_page_memo.py sets it back).
    settings.STATUS_PAGE_RECHECK_MS = 0
    # Argon2 is deliberately slow; the personas' passwords need no protection (production keeps Argon2).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    LocmemSMSBackend.outbox.clear()
    from django.core.cache import cache

    cache.clear()
    # Per-process memos are keyed by data that a rolled-back test can leave behind with the same ids.
    from frontend.views.resident import STATUS_PAGES
    from portal.cases.reference import MEMO

    STATUS_PAGES.clear()
    MEMO.clear()
    # django-ratelimit counts in windows that end at a moment of its own; a test's requests that straddled one were
    # counted in two windows (a limit of 3 let a 4th request through: 404, not 429). Its clock stands still here.
    import django_ratelimit.core

    frozen = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: frozen))
    yield


# CI machines have 2 cores shared with PostgreSQL, Redis and a Celery worker: wall-clock limits would make
# property tests flaky, so they are judged on their examples only.
hypothesis_settings.register_profile("openward", deadline=None,
                                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
hypothesis_settings.load_profile("openward")

REFERENCE_SEEDS = ("portal.deadlines.migrations.0002_seed_calendar_overrides",
                   "portal.deadlines.migrations.0003_seed_deadline_policies",
                   "portal.deadlines.migrations.0005_seed_escalation_policy",
                   "portal.disclosures.migrations.0002_seed_categories")


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Data that migrations seed (calendar swaps, deadline policies) is wiped by the flush after a transactional test
    (browser, Celery); put it back from the same seed functions before any test that uses the database."""
    names = request.fixturenames
    if not (request.node.get_closest_marker("django_db") or {"db", "transactional_db", "live_server"} & set(names)):
        return
    request.getfixturevalue("_django_db_helper")
    from portal.deadlines.models import DeadlinePolicy

    if not DeadlinePolicy.objects.exists():
        for module in REFERENCE_SEEDS:
            importlib.import_module(module).seed(django_apps, None)


def totp_device(user):
    """The user's confirmed authenticator (created when missing), as a leader's would be after the first login."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def totp_code(device, *, at: float | None = None) -> str:
    """The code the user's authenticator app shows now (or at `at`, Unix time), for a login through the pages."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def log_in(client, user, *, second_factor: bool = True):
    """Log `user` in on `client` as after the whole login: the password, and for leaders and admins (who must use
    two-step verification) a code from their authenticator too. `second_factor=False` stops after the password, as a
    session that has not passed the second step yet. Returns the client."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from portal.security.policy import second_factor_required

    needs_device = second_factor and second_factor_required(user)
    device = totp_device(user) if needs_device else None
    client.force_login(user)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin_client, past the second factor (Django admin requires it of superusers)."""
    return log_in(client, admin_user)


@pytest.fixture
def sms_outbox():
    return LocmemSMSBackend.outbox


@pytest.fixture
def ward(db):
    return WardFactory(code="PN17", name="Phường Phú Nhuận")


@pytest.fixture
def other_ward(db):
    return WardFactory(code="BT01", name="Phường Bình Thạnh")


@pytest.fixture
def area(ward):
    return AreaFactory(ward=ward, code="KP1", name="Khu phố 1")


@pytest.fixture
def department(ward):
    return DepartmentFactory(ward=ward, code="dothi", name="Phòng Kinh tế - Hạ tầng - Đô thị")


@pytest.fixture
def category(db):
    return CategoryFactory(code="ha-tang", name="Hạ tầng, giao thông", name_en="Infrastructure and roads")


@pytest.fixture
def resident(db):
    return UserFactory(username="cudan", email="cudan@example.vn")


@pytest.fixture
def other_resident(db):
    return UserFactory(username="cudan2", email="cudan2@example.vn")


@pytest.fixture
def officer(ward, department):
    membership = MembershipFactory(user=UserFactory(username="canbo", is_staff=True), ward=ward, role="officer")
    membership.departments.add(department)
    return membership.user


@pytest.fixture
def leader(ward):
    return MembershipFactory(user=UserFactory(username="chutich", is_staff=True), ward=ward, role="leader").user


@pytest.fixture
def supervisor(ward):
    return MembershipFactory(user=UserFactory(username="thanhtra", is_staff=True), ward=ward, role="supervisor").user


@pytest.fixture
def outsider_officer(other_ward):
    return MembershipFactory(user=UserFactory(username="canbo_khac", is_staff=True), ward=other_ward,
                             role="officer").user


@pytest.fixture
def other_leader(other_ward):
    return MembershipFactory(user=UserFactory(username="chutich_khac", is_staff=True), ward=other_ward,
                             role="leader").user


@pytest.fixture
def make_upload():
    def make(name, content, content_type="application/octet-stream"):
        return SimpleUploadedFile(name, content, content_type=content_type)

    return make
