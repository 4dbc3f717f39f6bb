"""Staff roles given, changed and taken in the Django admin are audit events of their ward, with the admin as actor:
the ward's leaders read on the log page who was given which role and departments, and by whom."""

import re

import pytest
from django.test import Client

from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from portal.wards.models import Membership
from tests.conftest import log_in
from tests.factories import DepartmentFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

MEMBERSHIPS = "/admin/wards/membership/"
LOG = "/can-bo/nhat-ky/"


@pytest.fixture
def new_officer(db):
    return UserFactory(username="canbo_moi", first_name="Minh", last_name="Trần", is_staff=True)


@pytest.fixture
def second_department(ward):
    return DepartmentFactory(ward=ward, code="vhxh", name="Phòng Văn hóa - Xã hội")


def form_data(user, ward, *departments, role="officer"):
    return {"user": user.pk, "ward": ward.pk, "role": role, "departments": [d.pk for d in departments]}


def staff_events():
    return list(AuditEvent.objects.filter(action__startswith="membership.").order_by("id"))


def log_text(user) -> str:
    """The events of the log page as the user reads them, as text (tags dropped, spaces squeezed)."""
    html = log_in(Client(), user).get(LOG).content.decode()
    events = html.split('<ol class="audit-log"', 1)[1].split("</ol>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", events))


def logged_actions(user) -> list[str]:
    html = log_in(Client(), user).get(LOG).content.decode()
    return re.findall(r'data-testid="audit-event" data-action="([^"]*)"', html)


def test_a_role_given_is_audited_in_its_ward_and_read_by_its_leaders(admin_client, admin_user, ward, department,
                                                                     new_officer, leader):
    response = admin_client.post(f"{MEMBERSHIPS}add/", form_data(new_officer, ward, department))
    assert response.status_code == 302
    membership = Membership.objects.get(user=new_officer)
    [event] = staff_events()
    assert (event.action, event.object_type, event.object_id) == (
        "membership.created", "wards.membership", str(membership.pk))
    assert event.actor == admin_user and event.ward == ward
    assert event.data == {"member": new_officer.pk, "account": "canbo_moi", "role": "officer",
                          "departments": [department.pk]}
    assert verify_chain().ok

    text = log_text(leader)
    assert "Giao vai trò cho cán bộ" in text and "Vai trò của cán bộ" in text
    assert "Cán bộ Trần Minh" in text or "Cán bộ Minh Trần" in text  # the member by name (staff of the ward)
    assert "Vai trò Cán bộ" in text and "Bộ phận Phòng Kinh tế - Hạ tầng - Đô thị" in text
    assert "admin" in text  # who gave it


def test_a_changed_role_or_departments_is_audited_with_before_and_after(admin_client, admin_user, ward, officer,
                                                                        department, second_department, leader):
    membership = officer.memberships.get()
    response = admin_client.post(f"{MEMBERSHIPS}{membership.pk}/change/",
                                 form_data(officer, ward, department, second_department))
    assert response.status_code == 302
    response = admin_client.post(f"{MEMBERSHIPS}{membership.pk}/change/", form_data(officer, ward, role="leader"))
    assert response.status_code == 302
    departments_added, made_leader = staff_events()
    assert departments_added.action == "membership.changed" and departments_added.actor == admin_user
    assert departments_added.data == {
        "member": officer.pk, "account": "canbo", "before": {"departments": [department.pk]},
        "after": {"departments": sorted([department.pk, second_department.pk])}}
    assert made_leader.data["before"] == {"role": "officer", "departments": sorted(
        [department.pk, second_department.pk])}
    assert made_leader.data["after"] == {"role": "leader", "departments": []}
    assert verify_chain().ok

    text = log_text(leader)
    assert "Thay đổi vai trò hoặc bộ phận của cán bộ" in text
    assert "Vai trò Cán bộ → thành Lãnh đạo" in text


def test_saving_a_role_as_it_stands_records_nothing(admin_client, ward, officer, department):
    membership = officer.memberships.get()
    response = admin_client.post(f"{MEMBERSHIPS}{membership.pk}/change/", form_data(officer, ward, department))
    assert response.status_code == 302
    assert staff_events() == []


def test_a_refused_form_records_nothing(admin_client, ward, other_ward, new_officer):
    foreign = DepartmentFactory(ward=other_ward, code="x", name="Phòng khác")
    response = admin_client.post(f"{MEMBERSHIPS}add/", form_data(new_officer, ward, foreign))
    assert response.status_code == 200
    assert staff_events() == []


def test_a_role_taken_away_is_audited_with_what_it_was(admin_client, admin_user, ward, officer, department, leader):
    membership = officer.memberships.get()
    response = admin_client.post(f"{MEMBERSHIPS}{membership.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    [event] = staff_events()
    assert (event.action, event.object_id, event.ward, event.actor) == (
        "membership.deleted", str(membership.pk), ward, admin_user)
    assert event.data == {"member": officer.pk, "account": "canbo", "role": "officer",
                          "departments": [department.pk]}
    assert "Thu hồi vai trò của cán bộ" in log_text(leader)


def test_roles_deleted_together_are_each_audited(admin_client, ward, officer, supervisor):
    memberships = [officer.memberships.get(), supervisor.memberships.get()]
    response = admin_client.post(MEMBERSHIPS, {"action": "delete_selected", "post": "yes",
                                               "_selected_action": [m.pk for m in memberships]})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk__in=[m.pk for m in memberships]).exists()
    assert [(e.action, e.object_id, e.data["role"]) for e in staff_events()] == [
        ("membership.deleted", str(memberships[0].pk), "officer"),
        ("membership.deleted", str(memberships[1].pk), "supervisor")]
    assert verify_chain().ok


def test_a_role_moved_to_another_ward_is_taken_from_one_and_given_in_the_other(admin_client, ward, other_ward,
                                                                               new_officer, leader):
    membership = MembershipFactory(user=new_officer, ward=ward, role="supervisor")
    other_leader = MembershipFactory(user=UserFactory(username="chutich_bt", is_staff=True), ward=other_ward,
                                     role="leader").user
    response = admin_client.post(f"{MEMBERSHIPS}{membership.pk}/change/",
                                 form_data(new_officer, other_ward, role="supervisor"))
    assert response.status_code == 302
    taken, given = staff_events()
    assert (taken.action, taken.ward, taken.data["role"]) == ("membership.deleted", ward, "supervisor")
    assert (given.action, given.ward, given.data["role"]) == ("membership.created", other_ward, "supervisor")
    assert logged_actions(leader) == ["membership.deleted"]  # each ward's leaders read their own ward's
    assert logged_actions(other_leader) == ["membership.created"]
