import pytest

from tests.portal.opendata.data import build


@pytest.fixture
def opendata(ward, other_ward, category, area):
    return build(ward=ward, other_ward=other_ward, category=category, area=area)
