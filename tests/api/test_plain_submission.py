"""The resident's JSON submission read without building CaseSubmitSerializer (api.v1.cases.plain_submission, issue 7):
whatever it accepts, the serializer accepts too and turns into the same values; whatever the serializer refuses, it
leaves to the serializer (None), so the resident gets the serializer's field errors as before."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

import api.v1.cases as cases_api
from api.v1.cases import CaseSubmitSerializer, plain_submission
from portal.cases import reference
from portal.cases.models import Case
from tests.factories import AreaFactory, CategoryFactory, WardFactory

pytestmark = pytest.mark.django_db

VALID = {"ward": "PN17", "kind": "feedback", "category": "ha-tang", "title": "Ổ gà trên đường Lê Lợi",
         "description": "Ổ gà lớn trước số 45 Lê Lợi, xe máy dễ té ngã khi trời mưa.", "area": "KP1"}


@pytest.fixture
def places(ward, area, category, other_ward):
    AreaFactory(ward=other_ward, code="KP9", name="Khu phố 9")
    WardFactory(code="OLD1", name="Phường cũ", is_active=False)
    CategoryFactory(code="cu", name="Cũ", is_active=False)
    CategoryFactory(code="to-cao-only", name="Tố cáo", kinds=["denunciation"])


def serializer_reading(data, ref):
    serializer = CaseSubmitSerializer(data=data, context={"ref": ref})
    return dict(serializer.validated_data) if serializer.is_valid() else None


def comparable(attrs):
    return {key: (value.pk if hasattr(value, "pk") else value, type(value).__name__) for key, value in attrs.items()}


TEXT = st.one_of(st.text(max_size=12), st.sampled_from(["", " ", "  Lê Lợi  ", "x" * 201, "a\x00b", "\ud800", "12"]),
                 st.text(min_size=5, max_size=40))
VALUES = st.one_of(TEXT, st.none(), st.booleans(), st.integers(-5, 200_000), st.floats(allow_nan=True),
                   st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=1))
FIELD_VALUES = {
    "ward": st.one_of(st.sampled_from(["PN17", "BT01", "OLD1", "pn17", "NONE", "PN17\x00"]), VALUES),
    "category": st.one_of(st.sampled_from(["ha-tang", "cu", "to-cao-only", "khong-co"]), VALUES),
    "kind": st.one_of(st.sampled_from(["feedback", "complaint", "denunciation", "other", ""]), VALUES),
    "area": st.one_of(st.sampled_from(["KP1", "KP9", "", "kp1"]), VALUES),
    "latitude": st.one_of(st.sampled_from(["10.7991", "10.12345678", 10.5, "abc", 1000]), VALUES),
    "longitude": st.one_of(st.sampled_from(["106.6801", 106, "1e3"]), VALUES),
    "is_anonymous": st.one_of(st.sampled_from([True, False, "true", 1, "yes"]), VALUES),
    "publish_consent": st.one_of(st.sampled_from([True, False, "false", 0]), VALUES),
    "contact_phone": st.one_of(st.sampled_from(["0912 345 678", "+84912345678", "12", "09x"]), VALUES),
    "contact_email": st.one_of(st.sampled_from(["a@example.vn", "not-an-email", " b@example.vn "]), VALUES),
    "notify_by": st.one_of(st.sampled_from(["none", "email", "sms", "fax"]), VALUES),
    "decision_date": st.one_of(st.sampled_from(["2026-11-01", "01/11/2026", "2026-02-30"]),
                               st.dates(dt.date(2020, 1, 1), dt.date(2027, 1, 1)).map(str), VALUES),
    "signatory_count": st.one_of(st.sampled_from([1, 6, "6", 0, 100_001, 2.0, 2.5]), VALUES),
    "files": st.sampled_from([[], None, "x"]),
}
OTHER_TEXTS = ["title", "description", "address", "contact_name", "contact_address", "decision_reference",
               "representative_name", "unknown_key"]


@st.composite
def submissions(draw):
    data = dict(VALID) if draw(st.booleans()) else {}
    for name in draw(st.lists(st.sampled_from([*FIELD_VALUES, *OTHER_TEXTS]), max_size=6, unique=True)):
        data[name] = draw(FIELD_VALUES.get(name, TEXT))
    for name in draw(st.lists(st.sampled_from(list(VALID)), max_size=2, unique=True)):
        data.pop(name, None)
    return data


@hypothesis_settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=submissions())
def test_what_it_accepts_the_serializer_accepts_with_the_same_values(places, data):
    ref = reference.view()
    plain = plain_submission(data, ref)
    expected = serializer_reading(data, ref)
    if plain is not None:
        assert expected is not None, data
        assert comparable(plain) == comparable(expected), data


@pytest.mark.parametrize("extra", [
    {},
    {"area": ""},
    {"is_anonymous": True, "publish_consent": True, "address": "12 Lê Văn Sỹ"},
    {"contact_name": "Nguyễn Văn A", "contact_phone": "0912 345 678", "contact_email": "a@example.vn",
     "notify_by": "email", "latitude": "10.799100", "longitude": 106.6801},
    {"kind": "complaint", "decision_date": "2026-11-01", "decision_reference": "QĐ 12/2026", "signatory_count": 6,
     "representative_name": "Trần Thị B", "contact_name": "Trần Thị B", "contact_address": "5 Hẻm 3"},
])
def test_a_plain_json_submission_is_read_without_the_serializer(places, extra):
    data = {**VALID, **extra}
    ref = reference.view()
    plain = plain_submission(data, ref)
    assert plain is not None
    assert comparable(plain) == comparable(serializer_reading(data, ref))
    if "latitude" in extra:
        assert plain["latitude"] == Decimal("10.799100") and plain["longitude"] == Decimal("106.680100")


@pytest.mark.parametrize("data", [
    {**VALID, "files": []},  # files: the serializer's (multipart) business
    {**VALID, "ward": "BT01"},  # KP1 is not an area of BT01
    {**VALID, "title": "Ổ gà"},  # too short
    {**VALID, "kind": "other"},
    {**VALID, "ward": "OLD1"},  # a ward that no longer accepts cases
    [VALID],
])
def test_anything_else_is_left_to_the_serializer(places, data):
    assert plain_submission(data, reference.view()) is None


def test_over_http_both_paths_file_the_same_case_and_errors_are_the_serializers(places, monkeypatch):
    api = APIClient()
    fast = api.post("/api/v1/cases/", VALID, format="json")
    monkeypatch.setattr(cases_api, "plain_submission", lambda data, ref: None)
    slow = api.post("/api/v1/cases/", VALID, format="json")
    assert fast.status_code == slow.status_code == 201
    one, two = (Case.objects.get(tracking_code=r.json()["tracking_code"]) for r in (fast, slow))
    fields = ["ward_id", "kind", "category_id", "area_id", "title", "description", "address", "latitude",
              "longitude", "is_anonymous", "notify_by", "publish_consent", "signatory_count", "due_date", "channel"]
    assert [getattr(one, f) for f in fields] == [getattr(two, f) for f in fields]
    monkeypatch.undo()
    refused = api.post("/api/v1/cases/", {**VALID, "title": "Ổ", "area": "KP9"}, format="json")
    assert refused.status_code == 400
    assert set(refused.json()) == {"title"}  # the serializer's answer: field errors first, the area after
