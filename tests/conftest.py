"""Fixed personas and helpers shared by the whole suite."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from portal.notifications.channels.sms import LocmemSMSBackend

from .factories import AreaFactory, CategoryFactory, DepartmentFactory, MembershipFactory, UserFactory, WardFactory


@pytest.fixture(autouse=True)
def _isolated_side_effects(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "portal.notifications.channels.sms.LocmemSMSBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    # Argon2 is deliberately slow; the personas' passwords need no protection (production keeps Argon2).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    LocmemSMSBackend.outbox.clear()
    from django.core.cache import cache

    cache.clear()
    yield


# CI machines have 2 cores shared with PostgreSQL, Redis and a Celery worker: wall-clock limits would make
# property tests flaky, so they are judged on their examples only.
hypothesis_settings.register_profile("openward", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("openward")

REFERENCE_SEEDS = ("portal.deadlines.migrations.0002_seed_calendar_overrides",
                   "portal.deadlines.migrations.0003_seed_deadline_policies",
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
def make_upload():
    def make(name, content, content_type="application/octet-stream"):
        return SimpleUploadedFile(name, content, content_type=content_type)

    return make
