"""selectors.case_for_staff(): the case a staff page shows, read by a query whose SQL is made once per shape of the
viewer's permissions (issue 7). Whatever the shape, it finds exactly the cases permissions.visible_cases() lets the
viewer see, with the same values Django's own query gives, and its clock events read with it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.cases import reference, selectors
from portal.cases.models import Case, CaseClockEvent
from portal.cases.permissions import visibility_shape, visible_cases
from tests.factories import DepartmentFactory, MembershipFactory, UserFactory
from tests.frontend.desk.helpers import file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_queries():
    """Each test starts with no kept SQL (a shape kept by another test's database would be as good, but the tests
    below check when it is made)."""
    selectors._case_queries.clear()
    yield
    selectors._case_queries.clear()


@pytest.fixture
def city(ward, other_ward, category):
    """Two wards with two departments each, and cases routed to each department, unrouted, and assigned across."""
    departments = {(w.code, n): DepartmentFactory(ward=w, code=f"{w.code.lower()}-p{n}", name=f"Phòng {n}")
                   for w in (ward, other_ward) for n in range(3)}
    assignee = UserFactory(username="duoc_giao")
    cases = {}
    for w in (ward, other_ward):
        for n in range(3):
            cases[(w.code, n)] = file(w, category, title=f"Đơn {w.code} {n}", department=departments[(w.code, n)])
        cases[(w.code, "none")] = file(w, category, title=f"Đơn {w.code} chưa chuyển")
        assigned = file(w, category, title=f"Đơn {w.code} được giao", department=departments[(w.code, 2)])
        Case.objects.filter(pk=assigned.pk).update(assignee=assignee)
        cases[(w.code, "assigned")] = assigned
    return {"departments": departments, "cases": cases, "assignee": assignee, "wards": (ward, other_ward)}


def _member(user, ward, role, departments=()):
    membership = MembershipFactory(user=user, ward=ward, role=role)
    membership.departments.add(*departments)
    return user


def _users(city):
    """A user of each shape of permissions: ward seen whole or as an officer of 0, 1 or 2 departments, one ward or
    two, and nothing to see."""
    ward, other = city["wards"]
    dept = city["departments"]
    users = {
        "leader": _member(UserFactory(username="lanh_dao"), ward, "leader"),
        "supervisor": _member(UserFactory(username="giam_sat"), ward, "supervisor"),
        "officer of no department": _member(UserFactory(username="cb0"), ward, "officer"),
        "officer of one department": _member(UserFactory(username="cb1"), ward, "officer", [dept[(ward.code, 0)]]),
        "another officer of one department": _member(UserFactory(username="cb1b"), ward, "officer",
                                                     [dept[(ward.code, 1)]]),
        "officer of two departments": _member(UserFactory(username="cb2"), ward, "officer",
                                              [dept[(ward.code, 0)], dept[(ward.code, 1)]]),
        "assignee": _member(city["assignee"], ward, "officer", [dept[(ward.code, 0)]]),
        "administrator": _member(UserFactory(username="quan_tri"), ward, "admin"),
        "nobody": UserFactory(username="nguoi_ngoai"),
    }
    mixed = _member(UserFactory(username="hai_phuong"), ward, "leader")
    users["leader here, officer there"] = _member(mixed, other, "officer", [dept[(other.code, 1)]])
    both = _member(UserFactory(username="hai_phuong_b"), ward, "officer", [dept[(ward.code, 1)]])
    users["officer here, supervisor there"] = _member(both, other, "supervisor")
    _member(city["assignee"], other, "officer")
    return users


def _fields(case):
    return {field.attname: getattr(case, field.attname) for field in Case._meta.concrete_fields}


def test_every_shape_of_permissions_finds_what_visible_cases_finds_with_the_same_values(city):
    users = _users(city)
    for name, user in users.items():
        for _twice in range(2):  # made, then kept
            for case in city["cases"].values():
                expected = visible_cases(user).filter(pk=case.pk).first()
                found = selectors.case_for_staff(user, case.tracking_code, messages=False)
                if expected is None:
                    assert found is None, (name, case.title)
                    continue
                assert found is not None, (name, case.title)
                assert _fields(found) == _fields(expected), (name, case.title)
                assert found.assignee == expected.assignee
                assert [(e.pk, e.kind, e.on, e.step, e.reason, e.actor_id, e.created_at)
                        for e in found.clock_events.all()] == [
                    (e.pk, e.kind, e.on, e.step, e.reason, e.actor_id, e.created_at)
                    for e in CaseClockEvent.objects.filter(case=case)]
    # Someone saw something, and not everything: the matrix means something.
    seen = {name: sum(visible_cases(user).filter(pk=c.pk).exists() for c in city["cases"].values())
            for name, user in users.items()}
    assert seen["nobody"] == seen["administrator"] == 0 and seen["leader"] == 5
    assert seen["officer of one department"] == 2 and seen["officer of two departments"] == 3
    assert seen["assignee"] == 5 and seen["leader here, officer there"] == 7


def test_the_kept_sql_is_what_django_makes_for_each_user_of_the_shape(city):
    users = _users(city)
    code = city["cases"][(city["wards"][0].code, 0)].tracking_code
    for name, user in users.items():
        selectors.case_for_staff(user, code, messages=False)
        kept, params = selectors._compiled_case_query(user, code)
        fresh = selectors._CompiledCaseQuery.of(selectors._staff_case_query(user, code))
        if fresh is None:
            assert kept is None, name
            continue
        assert (kept.sql, params) == (fresh.sql, list(fresh.params)), name
    # Officers of one department each in the same ward share one shape, and so one SQL.
    assert visibility_shape(users["officer of one department"])[0] == \
        visibility_shape(users["another officer of one department"])[0]


def test_a_shape_whose_parameters_django_orders_otherwise_is_made_for_each_call(city, monkeypatch):
    """Should visibility_shape() ever disagree with Django's parameters, the SQL is not kept and every call makes its
    own: slower, never wrong."""
    from portal.cases import permissions

    ward = city["wards"][0]
    user = _users(city)["officer of two departments"]
    real = permissions.visibility_shape
    monkeypatch.setattr(permissions, "visibility_shape", lambda u: (real(u)[0], list(reversed(real(u)[1]))))
    for key in ((ward.code, 0), (ward.code, 1), (ward.code, 2), (ward.code, "none")):
        case = city["cases"][key]
        found = selectors.case_for_staff(user, case.tracking_code, messages=False)
        assert (found is not None) == visible_cases(user).filter(pk=case.pk).exists()
    assert selectors._case_queries == {}


def test_the_case_its_assignee_and_its_clock_events_come_in_one_query(city, leader):
    case = city["cases"][(city["wards"][0].code, "assigned")]
    CaseClockEvent.objects.create(case=case, kind="pause", on=case.received_on + dt.timedelta(days=3))
    CaseClockEvent.objects.create(case=case, kind="resume", on=case.received_on + dt.timedelta(days=1))
    ref = reference.view()  # the page reads the memo's version once, for all it shows
    selectors.case_for_staff(leader, case.tracking_code, messages=False, ref=ref)  # makes the SQL, fills the memo
    with CaptureQueriesContext(connection) as queries:
        found = selectors.case_for_staff(leader, case.tracking_code, messages=False, ref=ref)
        events = list(found.clock_events.all())
        assert all(event.case is found for event in events)
        assert found.assignee.username == "duoc_giao" and found.merged_into is None
        assert list(found.attachments.all()) == list(found.answers.all()) == list(found.ratings.all()) == []
    assert len(queries.captured_queries) == 1
    # In the order of the model (the day, then the id), as prefetch_related() gave them.
    assert [e.pk for e in events] == list(CaseClockEvent.objects.filter(case=case).values_list("pk", flat=True))
    assert [e.kind for e in events] == ["start", "resume", "pause"]
    # The relation still queries as a relation does.
    assert found.clock_events.filter(kind="pause").count() == 1


def test_a_case_without_clock_events_has_none(city, leader):
    case = city["cases"][(city["wards"][0].code, 0)]
    CaseClockEvent.objects.filter(case=case).delete()
    found = selectors.case_for_staff(leader, case.tracking_code)
    with CaptureQueriesContext(connection) as queries:
        assert list(found.clock_events.all()) == []
    assert queries.captured_queries == []


def test_the_case_it_was_merged_into_and_its_timeline_are_read(city, leader):
    ward = city["wards"][0]
    case, target = city["cases"][(ward.code, 0)], city["cases"][(ward.code, 1)]
    Case.objects.filter(pk=case.pk).update(merged_into=target)
    timeline = list(case.messages.values_list("kind", flat=True))
    found = selectors.case_for_staff(leader, case.tracking_code.lower())
    with CaptureQueriesContext(connection) as queries:
        assert found.merged_into.tracking_code == target.tracking_code
        assert [m.kind for m in found.messages.all()] == timeline and timeline
    assert queries.captured_queries == []


def test_an_unknown_or_empty_code_finds_nothing(city, leader):
    assert selectors.case_for_staff(leader, "PN17-2026-999999") is None
    assert selectors.case_for_staff(leader, "") is None
    assert selectors.case_for_staff(UserFactory(username="khong_ai"), "PN17-2026-999999") is None
    assert selectors.case_for_staff(leader, city["cases"][(city["wards"][1].code, 0)].tracking_code) is None


def test_the_timeline_rows_are_what_djangos_query_gives(city, leader):
    """timeline_rows() runs SQL made once per database: its rows are Django's values, converted alike (the times
    aware), names as the page shows them, for each case whatever was read before."""
    from portal.cases import services
    from portal.cases.models import Message

    named = UserFactory(username="co_ten", first_name="Lan", last_name="Trần")
    _member(named, city["wards"][0], "leader")
    for key in ((city["wards"][0].code, 0), (city["wards"][0].code, 1)):
        case = city["cases"][key]
        services.add_note(case=case, actor=named, text=f"Ghi chú của Lan {key}")
        services.add_note(case=case, actor=leader, text="Ghi chú không tên")
        rows = selectors.timeline_rows(case, viewer=leader)
        expected = list(Message.objects.filter(case=case).order_by("created_at", "id").values_list(
            "kind", "body", "is_public", "from_state", "to_state", "created_at", "author_id"))
        assert [tuple(row)[:7] for row in rows] == [
            (kind, body or "", public, old or "", new or "", at, author) for kind, body, public, old, new, at, author
            in expected]
        assert all(row.created_at.tzinfo is not None for row in rows)
        assert [row.author_name for row in rows if row.author_id] == ["Lan Trần", leader.username]
