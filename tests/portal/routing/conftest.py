"""Routing fixtures: a second department, area and category in the persona ward, another ward's, and make_rule."""

import pytest
from django.conf import settings
from django.utils import translation

from portal.routing.models import RoutingRule
from tests.factories import AreaFactory, CategoryFactory, DepartmentFactory


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are checked in their English source form (the portal itself speaks Vietnamese by default)."""
    with translation.override("en"):
        yield


@pytest.fixture
def admin_client(admin_client):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return admin_client


@pytest.fixture
def make_rule():
    """Build a rule (in its department's ward unless told), check it as the admin does, and save it."""

    def make(**fields):
        fields.setdefault("ward", fields["department"].ward)
        rule = RoutingRule(**fields)
        rule.full_clean()
        rule.save()
        return rule

    return make


@pytest.fixture
def social_department(ward):
    return DepartmentFactory(ward=ward, code="vhxh", name="Phòng Văn hóa - Xã hội")


@pytest.fixture
def area2(ward):
    return AreaFactory(ward=ward, code="KP2", name="Khu phố 2")


@pytest.fixture
def other_category(db):
    return CategoryFactory(code="trat-tu", name="Trật tự đô thị", name_en="Public order")


@pytest.fixture
def other_department(other_ward):
    return DepartmentFactory(ward=other_ward, code="dothi", name="Phòng Kinh tế - Hạ tầng - Đô thị")


@pytest.fixture
def other_area(other_ward):
    return AreaFactory(ward=other_ward, code="KP1", name="Khu phố 1")
