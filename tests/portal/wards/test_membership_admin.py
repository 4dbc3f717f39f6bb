"""Staff roles in the Django admin: an officer works the cases of departments of the ward of the membership only.

A browser walkthrough found /admin/wards/membership/add/ listing the departments of every ward under the same names
(each ward has a "Phòng Kinh tế - Hạ tầng - Đô thị") and accepting a PN17 officer with a BT01 department."""

import re

import pytest

from portal.wards.models import Membership
from tests.factories import DepartmentFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/wards/membership/add/"


@pytest.fixture
def same_named_department(other_ward, department):
    """The other ward's department of the same name as the persona ward's."""
    return DepartmentFactory(ward=other_ward, code=department.code, name=department.name)


@pytest.fixture
def new_officer(db):
    return UserFactory(username="canbo_moi", is_staff=True)


def form_data(user, ward, *departments, role="officer"):
    return {"user": user.pk, "ward": ward.pk, "role": role, "departments": [d.pk for d in departments]}


def selected_options(html: str) -> set[int]:
    select = re.search(r'<select[^>]*name="departments".*?</select>', html, re.S).group(0)
    return {int(value) for value in re.findall(r'<option value="(\d+)" selected>', select)}


def test_the_departments_are_labelled_with_their_ward(admin_client, department, same_named_department):
    html = admin_client.get(ADD).content.decode()
    assert f"PN17 · {department.name}" in html and f"BT01 · {department.name}" in html


def test_another_wards_department_is_refused_on_the_field_in_vietnamese_and_the_choice_is_kept(
        admin_client, ward, department, same_named_department, new_officer):
    response = admin_client.post(ADD, form_data(new_officer, ward, department, same_named_department))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.errors) == ["departments"]
    assert form.errors["departments"] == [
        f"BT01 · {department.name} thuộc phường khác. Chỉ chọn bộ phận của Phường Phú Nhuận (PN17)."]
    html = response.content.decode()
    assert selected_options(html) == {department.pk, same_named_department.pk}  # what was chosen is kept
    assert not Membership.objects.filter(user=new_officer).exists()


def test_the_wards_own_departments_are_accepted(admin_client, ward, department, new_officer):
    response = admin_client.post(ADD, form_data(new_officer, ward, department))
    assert response.status_code == 302
    membership = Membership.objects.get(user=new_officer)
    assert (membership.ward, list(membership.departments.all())) == (ward, [department])


def test_moving_a_membership_to_another_ward_keeps_no_department_of_the_old_one(admin_client, officer, department,
                                                                               other_ward):
    membership = officer.memberships.get()
    response = admin_client.post(f"/admin/wards/membership/{membership.pk}/change/",
                                 form_data(officer, other_ward, department))
    assert response.status_code == 200 and list(response.context["adminform"].form.errors) == ["departments"]
    membership.refresh_from_db()
    assert membership.ward.code == "PN17"


def test_a_membership_without_departments_is_fine_in_any_ward(admin_client, other_ward, new_officer):
    response = admin_client.post(ADD, form_data(new_officer, other_ward, role="supervisor"))
    assert response.status_code == 302
    assert Membership.objects.get(user=new_officer).ward == other_ward


def test_the_form_speaks_vietnamese(admin_client, ward):
    MembershipFactory(user=UserFactory(username="lanhdao"), ward=ward, role="leader")
    html = admin_client.get(ADD).content.decode()
    for label in ("Người dùng:", "Phường:", "Vai trò:", "Bộ phận:"):
        assert label in html
    for english in ("User:", "Ward:", "Departments:"):
        assert english not in html
    listing = admin_client.get("/admin/wards/membership/").content.decode()
    assert ">Người dùng<" in listing and ">User<" not in listing
