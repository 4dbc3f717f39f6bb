"""The accounts' log, /can-bo/nhat-ky/tai-khoan/: what was done to accounts (created, changed, deleted, a password
set, two-step verification reset, a token revoked; the owner's own security changes) belongs to no ward, and the
portal's administrators read it: a superuser every account's, a ward's administrator those of the ward's staff.
Leaders, supervisors, officers and residents may not; e-mail and IP addresses are never shown, nor a resident's
account named."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import ResidentProfile
from portal.audit.models import ACCOUNT_ACTIONS, AuditEvent
from portal.audit.services import record
from tests.factories import DepartmentFactory, MembershipFactory, UserFactory, WardFactory

from .helpers import file

pytestmark = pytest.mark.django_db

LOG = "/can-bo/nhat-ky/tai-khoan/"
WARD_LOG = "/can-bo/nhat-ky/"
USERS = "/admin/auth/user/"


def ids(response) -> list[int]:
    return [int(n) for n in re.findall(r'data-testid="audit-event" data-action="[^"]*" data-id="(\d+)"',
                                       response.content.decode())]


def actions(response) -> list[str]:
    return re.findall(r'data-testid="audit-event" data-action="([^"]*)"', response.content.decode())


def text(response) -> str:
    """The events as text (tags dropped, spaces squeezed)."""
    html = response.content.decode()
    events = html.split('<ol class="audit-log"', 1)[1].split("</ol>", 1)[0] if 'class="audit-log"' in html else ""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", events))


def about(user, action="auth.two_factor_reset", *, actor=None, data=None):
    """An account event about `user`, as portal.security.services records them (no ward)."""
    with transaction.atomic():
        return record(action=action, actor=actor, object_type="auth.user", object_id=user.pk,
                      data=data if data is not None else {"authenticators": 1, "backup_codes": 10})


@pytest.fixture
def ward_admin(ward):
    return MembershipFactory(user=UserFactory(username="quantri", first_name="Lan", last_name="Phạm",
                                              is_staff=True), ward=ward, role="admin").user


@pytest.fixture
def other_admin(other_ward):
    return MembershipFactory(user=UserFactory(username="quantri_bt", is_staff=True), ward=other_ward,
                             role="admin").user


# --- who may read it ------------------------------------------------------------------------------------------------

def test_the_url_is_the_vietnamese_slug():
    assert reverse("frontend:desk-audit-accounts") == LOG


@pytest.mark.parametrize(("persona", "status"), [
    ("admin_user", 200), ("ward_admin", 200), ("leader", 403), ("supervisor", 403), ("officer", 403),
    ("resident", 403)])
def test_only_the_portals_administrators_may_read_it(request, login, leader, persona, status):
    about(leader)
    response = login(request.getfixturevalue(persona)).get(LOG)
    assert response.status_code == status
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    html = response.content.decode()
    if status == 403:
        assert 'data-testid="audit-event"' not in html and "chutich" not in html
        assert "Nhật ký tài khoản dành cho quản trị viên" in html
    else:
        assert actions(response) == ["auth.two_factor_reset"]


def test_an_inactive_superuser_may_not_read_it(login, admin_user):
    client = login(admin_user)
    type(admin_user).objects.filter(pk=admin_user.pk).update(is_active=False)
    assert client.get(LOG).status_code in (302, 403)  # logged out by Django (inactive) or refused


def test_an_anonymous_visitor_is_sent_to_the_staff_login_and_back(client):
    response = client.get(LOG, {"action": "auth.account_changed"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('frontend:login')}?next={LOG}%3Faction%3Dauth.account_changed"


def test_the_accounts_log_accepts_no_post(login, admin_user):
    assert login(admin_user).post(LOG).status_code == 405


# --- what it shows --------------------------------------------------------------------------------------------------

def test_a_superuser_reads_what_administrators_did_to_an_account(admin_client, admin_user, leader,
                                                                 django_capture_on_commit_callbacks):
    managers = Group.objects.create(name="Quản lý tài khoản")
    form = {"username": "chutich", "email": "ke.gian@evil.example", "is_active": "on", "is_staff": "on",
            "is_superuser": "on", "groups": [managers.pk], "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00", "initial-date_joined_0": "2026-01-01", "initial-date_joined_1": "08:00:00"}
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(f"{USERS}{leader.pk}/change/", form).status_code == 302
        assert admin_client.post(USERS, {"action": "reset_two_factor",
                                         "_selected_action": [str(leader.pk)]}).status_code == 302
    response = admin_client.get(LOG)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Nhật ký tài khoản" in html
    assert actions(response) == ["auth.two_factor_reset", "auth.account_changed"]
    words = text(response)
    assert "Thay đổi tài khoản (tên đăng nhập, e-mail, quyền truy cập, quyền hạn)" in words
    assert "Quản trị viên đặt lại xác thực hai bước" in words
    # the account by its username, linked to its page in the admin; the administrator who did it
    assert f'Tài khoản <a href="/admin/auth/user/{leader.pk}/change/">chutich</a>' in html
    assert '<span class="audit-actor audit-actor-staff" data-testid="audit-actor">admin</span>' in html
    # what changed, before and after; the addresses never shown, not even masked
    assert "Siêu quản trị viên (mọi quyền) không → thành có" in words
    assert "Nhóm quyền — → thành Quản lý tài khoản" in words
    assert "Thư điện tử đã thay đổi (giá trị được ẩn)" in words
    for address in ("chutich@example.vn", "ke.gian@evil.example", "k•••@evil.example", "c•••@example.vn",
                    "127.0.0.1"):
        assert address not in html
    assert "Số ứng dụng xác thực đã gỡ 0" in words  # the reset (the leader had no device)


def test_the_page_is_in_english_when_asked(login, admin_user, leader):
    about(leader, "auth.account_changed", actor=admin_user,
          data={"before": {"is_superuser": False}, "after": {"is_superuser": True}})
    client = login(admin_user)
    client.cookies["django_language"] = "en"
    response = client.get(LOG)
    words = text(response)
    assert "<h1>Accounts' audit log" in response.content.decode()
    assert "Account changed (username, e-mail, access, powers)" in words
    assert "Superuser (every power) no → became yes" in words


def test_a_residents_account_is_never_named(login, admin_user):
    account = UserFactory(username="resident-0123abcd", email="cudan@example.vn")
    ResidentProfile.objects.create(user=account, channel="email", contact="cudan@example.vn",
                                   verified_at=timezone.now(), display_name="Lê Văn Bình")
    about(account, "auth.account_changed", actor=admin_user,
          data={"before": {"is_active": True, "account": "resident-0123abcd"},
                "after": {"is_active": False, "account": "resident-0123abcd-x"}})
    html = login(admin_user).get(LOG).content.decode()
    assert "Tài khoản của cư dân" in html and "Đang hoạt động" in html
    for name in ("resident-0123abcd", "Lê Văn Bình", "cudan@example.vn"):
        assert name not in html
    assert f"/admin/auth/user/{account.pk}/" not in html


def test_an_account_an_administrator_created_is_named_before_it_has_a_role(admin_client):
    admin_client.post(f"{USERS}add/", {"username": "canbo_moi", "usable_password": "false"})
    response = admin_client.get(LOG)
    assert actions(response) == ["auth.account_created"]
    assert "Tài khoản canbo_moi" in text(response) and "Có mật khẩu không" in text(response)


def test_a_deleted_account_is_shown_by_its_number_and_its_events_name(admin_client, ward):
    user = UserFactory(username="canbo_tam")
    pk = user.pk
    assert admin_client.post(f"{USERS}{pk}/delete/", {"post": "yes"}).status_code == 302
    response = admin_client.get(LOG)
    assert actions(response) == ["auth.account_deleted"]
    words = text(response)
    assert "Xoá tài khoản" in words and f"Tài khoản #{pk}" in words and "Tài khoản canbo_tam" in words


# --- whose accounts ------------------------------------------------------------------------------------------------

def test_a_ward_admin_reads_the_accounts_of_the_wards_staff_only(login, admin_user, ward, other_ward, leader,
                                                                 officer, outsider_officer, ward_admin, other_admin):
    resident = UserFactory(username="resident-9f9f")
    superuser = UserFactory(username="sieuquantri", is_superuser=True, is_staff=True)
    mine = [about(leader, actor=admin_user), about(officer, "auth.password_set_by_admin", actor=other_admin,
                                                   data={"staff": True, "usable": True}),
            about(ward_admin, "auth.two_factor_enabled", actor=ward_admin, data={"device": "totp"})]
    theirs = [about(outsider_officer, actor=admin_user), about(resident, "auth.account_changed", actor=admin_user),
              about(superuser, "auth.account_created", actor=admin_user, data={"account": "sieuquantri"})]
    about(leader, "auth.login", actor=leader, data={"staff": True})  # not an account event: nobody's here
    with transaction.atomic():
        record(action="case.note_added", ward=ward, actor=officer, object_type="cases.case", object_id=1)

    assert ids(login(ward_admin).get(LOG)) == [e.pk for e in reversed(mine)]
    assert ids(login(other_admin).get(LOG)) == [theirs[0].pk]
    assert ids(login(admin_user).get(LOG)) == [e.pk for e in reversed(mine + theirs)]
    # what another ward's administrator did to this ward's staff is there too
    assert "quantri_bt" in login(ward_admin).get(LOG).content.decode()

    # An account that leaves the ward leaves its administrators' view (the rule is the account's roles now).
    officer.memberships.all().delete()
    assert ids(login(ward_admin).get(LOG)) == [mine[2].pk, mine[0].pk]


def test_an_admin_of_two_wards_reads_both_wards_staff(login, admin_user, ward, other_ward, leader, outsider_officer,
                                                      ward_admin):
    MembershipFactory(user=ward_admin, ward=other_ward, role="admin")
    made = [about(leader, actor=admin_user), about(outsider_officer, actor=admin_user)]
    with transaction.atomic():  # and the staff roles of both wards
        made += [record(action="membership.created", actor=admin_user, ward=on_ward, object_type="wards.membership",
                        object_id=membership.pk, data={"member": membership.user_id, "role": membership.role})
                 for on_ward, membership in ((other_ward, outsider_officer.memberships.get()),
                                             (ward, leader.memberships.get()))]
    assert ids(login(ward_admin).get(LOG)) == [e.pk for e in reversed(made)]


def test_the_wards_log_never_shows_account_events(login, admin_user, leader, supervisor):
    about(leader, "auth.account_changed", actor=admin_user,
          data={"before": {"is_superuser": False}, "after": {"is_superuser": True}})
    for reader in (leader, supervisor):
        assert ids(login(reader).get(WARD_LOG)) == []


# --- staff roles: a ward's own, for its administrators ------------------------------------------------------------

MEMBERSHIPS = "/admin/wards/membership/"


def made_officer_then_leader(admin_client, user, ward, department):
    """In the Django admin (audited in the ward): `user` made an officer of the ward, then its leader. Returns the
    membership."""
    assert admin_client.post(f"{MEMBERSHIPS}add/", {"user": user.pk, "ward": ward.pk, "role": "officer",
                                                    "departments": [department.pk]}).status_code == 302
    membership = user.memberships.get()
    assert admin_client.post(f"{MEMBERSHIPS}{membership.pk}/change/", {
        "user": user.pk, "ward": ward.pk, "role": "leader", "departments": [department.pk]}).status_code == 302
    return membership


def test_a_ward_admin_reads_the_staff_roles_given_changed_and_taken_in_the_ward(
        login, admin_client, admin_user, ward, other_ward, department, ward_admin, other_admin):
    newcomer = UserFactory(username="canbo_moi", first_name="Hoa", last_name="Trần", is_staff=True)
    membership = made_officer_then_leader(admin_client, newcomer, ward, department)
    there = MembershipFactory(user=UserFactory(username="canbo_bt", is_staff=True), ward=other_ward, role="officer")
    assert admin_client.post(f"{MEMBERSHIPS}{there.pk}/delete/", {"post": "yes"}).status_code == 302
    assert admin_client.post(f"{MEMBERSHIPS}{membership.pk}/delete/", {"post": "yes"}).status_code == 302
    events = {e.action + str(e.ward_id): e.pk for e in AuditEvent.objects.filter(action__startswith="membership.")}
    here = [events[f"membership.deleted{ward.pk}"], events[f"membership.changed{ward.pk}"],
            events[f"membership.created{ward.pk}"]]

    # this ward's administrator: the three of this ward, though the officer has left it since
    response = login(ward_admin).get(LOG)
    assert ids(response) == here
    words = text(response)
    assert "Giao vai trò cho cán bộ" in words and "Thay đổi vai trò hoặc bộ phận của cán bộ" in words
    assert "Thu hồi vai trò của cán bộ" in words
    assert "Tài khoản canbo_moi (Hoa Trần)" in words and "Phường Phú Nhuận" in words
    assert "Vai trò Cán bộ → thành Lãnh đạo" in words
    assert "Phòng Kinh tế - Hạ tầng - Đô thị" in words  # the departments by name
    assert "canbo_bt" not in response.content.decode()
    # the other ward's administrator: only the role taken there
    assert ids(login(other_admin).get(LOG)) == [events[f"membership.deleted{other_ward.pk}"]]
    # a superuser: all of them; the wards' leaders still read their own on the wards' log
    assert set(ids(login(admin_user).get(LOG))) >= set(events.values())


def test_a_ward_admin_filters_the_staff_roles_by_member_and_action(login, admin_user, ward, leader, officer,
                                                                  ward_admin):
    from portal.wards.services import membership_deleted, membership_state

    with transaction.atomic():
        state = membership_state(officer.memberships.get().pk)
    account_event = about(leader, actor=admin_user)
    with transaction.atomic():
        membership_deleted(membership_id=officer.memberships.get().pk, before=state, actor=admin_user)
    role_event = AuditEvent.objects.get(action="membership.deleted")
    client = login(ward_admin)
    assert ids(client.get(LOG)) == [role_event.pk, account_event.pk]
    assert ids(client.get(LOG, {"action": "membership.deleted"})) == [role_event.pk]
    assert ids(client.get(LOG, {"account": "canbo"})) == [role_event.pk]
    assert ids(client.get(LOG, {"account": "chutich"})) == [account_event.pk]
    assert ids(login(admin_user).get(LOG, {"account": "canbo"})) == [role_event.pk]


@pytest.fixture
def third_admin(db):
    """The administrator of a ward where the member of these tests never was."""
    return MembershipFactory(user=UserFactory(username="quantri_q1", is_staff=True),
                             ward=WardFactory(code="Q101", name="Phường Bến Nghé"), role="admin").user


def history_of_a_member_who_left(admin_client, admin_user, ward, other_ward, department, *, deactivated):
    """canbo_cu: given a role in the ward, changed, taken (all in the Django admin, audited in the ward), then given a
    role in the other ward; an account event while in the ward and one after. Returns the member and the events by
    name."""
    member = UserFactory(username="canbo_cu", first_name="Minh", last_name="Võ", is_staff=True)
    membership = made_officer_then_leader(admin_client, member, ward, department)
    while_here = about(member, actor=admin_user)
    assert admin_client.post(f"{MEMBERSHIPS}{membership.pk}/delete/", {"post": "yes"}).status_code == 302
    there = DepartmentFactory(ward=other_ward, code="vhxh", name="Phòng Văn hoá - Xã hội")
    assert admin_client.post(f"{MEMBERSHIPS}add/", {"user": member.pk, "ward": other_ward.pk, "role": "officer",
                                                    "departments": [there.pk]}).status_code == 302
    after = about(member, "auth.password_set_by_admin", actor=admin_user, data={"staff": True, "usable": True})
    if deactivated:
        type(member).objects.filter(pk=member.pk).update(is_active=False)
    roles = {(e.action, e.ward_id): e.pk for e in AuditEvent.objects.filter(action__startswith="membership.")}
    return member, {"here": [roles["membership.deleted", ward.pk], roles["membership.changed", ward.pk],
                             roles["membership.created", ward.pk]],
                    "there": roles["membership.created", other_ward.pk],
                    "while_here": while_here.pk, "after": after.pk}


@pytest.mark.parametrize("deactivated", [False, True])
def test_a_ward_admin_finds_the_wards_staff_roles_of_a_member_who_has_left_by_their_username(
        login, admin_client, admin_user, ward, other_ward, department, ward_admin, deactivated):
    member, events = history_of_a_member_who_left(admin_client, admin_user, ward, other_ward, department,
                                                  deactivated=deactivated)
    response = login(ward_admin).get(LOG, {"account": "canbo_cu"})
    assert response.status_code == 200
    # the roles given, changed and taken in this ward: the ward's history, though the member has left it
    assert ids(response) == events["here"]
    words = text(response)
    assert "Tài khoản canbo_cu (Minh Võ)" in words and "Phường Phú Nhuận" in words
    assert '· <span class="code">canbo_cu</span>' in response.content.decode()
    # not the role given in the other ward, nor the account's own events (of no ward: an account that has left the
    # ward is no longer its administrators', portal.audit.permissions)
    assert "Phường Bình Thạnh" not in words and "Phòng Văn hoá - Xã hội" not in words
    for pk in (events["there"], events["while_here"], events["after"]):
        assert pk not in ids(response)
    # narrowed further, as for a member
    assert ids(login(ward_admin).get(LOG, {"account": "canbo_cu", "action": "membership.changed"})) == [
        events["here"][1]]


def test_the_other_wards_admin_reads_only_its_own_staff_roles_of_a_member_who_came_from_this_ward(
        login, admin_client, admin_user, ward, other_ward, department, other_admin):
    member, events = history_of_a_member_who_left(admin_client, admin_user, ward, other_ward, department,
                                                  deactivated=False)
    response = login(other_admin).get(LOG, {"account": "canbo_cu"})
    assert response.status_code == 200
    # their staff now: the account's events and the role given there; none of the roles given and taken in this ward
    assert ids(response) == [events["after"], events["there"], events["while_here"]]
    assert "Phường Phú Nhuận" not in text(response)


def test_a_deactivated_member_who_keeps_the_role_is_still_the_wards_staff(login, admin_user, officer, ward_admin,
                                                                          other_admin):
    before = about(officer, actor=admin_user)
    deactivated = about(officer, "auth.account_changed", actor=admin_user,
                        data={"before": {"is_active": True}, "after": {"is_active": False}})
    type(officer).objects.filter(pk=officer.pk).update(is_active=False)
    assert ids(login(ward_admin).get(LOG, {"account": "canbo"})) == [deactivated.pk, before.pk]
    assert login(other_admin).get(LOG, {"account": "canbo"}).status_code == 400


@pytest.mark.parametrize("deactivated", [False, True])
def test_an_admin_of_a_ward_where_the_member_never_was_cannot_find_them(
        login, admin_client, admin_user, ward, other_ward, department, third_admin, deactivated):
    history_of_a_member_who_left(admin_client, admin_user, ward, other_ward, department, deactivated=deactivated)
    client = login(third_admin)
    for name in ("canbo_cu", "khong_ai_co_ten_nay"):  # the same error as for no such account
        response = client.get(LOG, {"account": name})
        assert response.status_code == 400
        html = response.content.decode()
        assert 'data-testid="audit-event"' not in html and "Minh Võ" not in html
        assert "Không có cán bộ nào của phường ông/bà phụ trách có tên đăng nhập này." in html
    assert "canbo_cu" not in text(client.get(LOG))


def test_a_member_who_left_without_an_audited_role_in_the_ward_cannot_be_found_there(
        login, admin_user, ward, officer, ward_admin):
    """Only the ward's log says who was its staff: a membership removed outside the admin (no event) leaves nothing
    of the account for the ward's administrators."""
    about(officer, actor=admin_user)
    officer.memberships.all().delete()
    response = login(ward_admin).get(LOG, {"account": "canbo"})
    assert response.status_code == 400 and 'data-testid="audit-event"' not in response.content.decode()


def test_filtering_by_a_member_who_left_costs_a_constant_number_of_queries(
        login, admin_client, admin_user, ward, other_ward, department, ward_admin, django_assert_max_num_queries):
    history_of_a_member_who_left(admin_client, admin_user, ward, other_ward, department, deactivated=False)
    client = login(ward_admin)
    client.get(LOG, {"account": "canbo_cu"})
    # the page's (session, reader, its roles and staff, the events, their accounts, reference data, the chain's check)
    # and two to find the former member: their account, their roles in the ward
    with django_assert_max_num_queries(13) as few:
        assert client.get(LOG, {"account": "canbo_cu"}).status_code == 200
    counted = len(few.captured_queries)
    for n in range(5):  # more former members, more of their roles in the ward
        other = UserFactory(username=f"canbo_cu{n}", is_staff=True)
        assert admin_client.post(f"{MEMBERSHIPS}add/", {"user": other.pk, "ward": ward.pk, "role": "officer",
                                                        "departments": [department.pk]}).status_code == 302
        assert admin_client.post(f"{MEMBERSHIPS}{other.memberships.get().pk}/delete/",
                                 {"post": "yes"}).status_code == 302
    client.get(LOG, {"account": "canbo_cu"})  # reference data read again once (the admin's saves bump its version)
    with django_assert_max_num_queries(counted):
        assert client.get(LOG, {"account": "canbo_cu"}).status_code == 200


# --- groups of permissions: the superusers' ------------------------------------------------------------------------

GROUPS = "/admin/auth/group/"


def test_a_superuser_reads_groups_created_changed_and_deleted_in_the_admin(admin_client, admin_user, leader):
    from django.contrib.auth.models import Permission

    change_user = Permission.objects.get(content_type__app_label="auth", codename="change_user")
    view_user = Permission.objects.get(content_type__app_label="auth", codename="view_user")
    assert admin_client.post(f"{GROUPS}add/", {"name": "Quản lý tài khoản",
                                               "permissions": [view_user.pk]}).status_code == 302
    group = Group.objects.get(name="Quản lý tài khoản")
    assert admin_client.post(f"{GROUPS}{group.pk}/change/", {"name": "Quản trị tài khoản",
                                                             "permissions": [view_user.pk, change_user.pk]}
                             ).status_code == 302
    response = admin_client.get(LOG)
    assert actions(response) == ["auth.group_changed", "auth.group_created"]
    words, html = text(response), response.content.decode()
    assert "Tạo nhóm quyền" in words and "Thay đổi nhóm quyền (tên, quyền)" in words
    assert f'Nhóm quyền <a href="/admin/auth/group/{group.pk}/change/">Quản trị tài khoản</a>' in html
    assert "Nhóm quyền Quản lý tài khoản → thành Quản trị tài khoản" in words
    assert "Quyền auth.view_user → thành auth.change_user, auth.view_user" in words
    assert '<span class="audit-actor audit-actor-staff" data-testid="audit-actor">admin</span>' in html
    assert "127.0.0.1" not in html

    leader.groups.add(group)
    assert admin_client.post(f"{GROUPS}{group.pk}/delete/", {"post": "yes"}).status_code == 302
    response = admin_client.get(LOG, {"action": "auth.group_deleted"})
    assert actions(response) == ["auth.group_deleted"]
    words = text(response)
    assert "Xoá nhóm quyền" in words and "Nhóm quyền Quản trị tài khoản" in words  # by its name, gone since
    assert "Số tài khoản trong nhóm 1" in words and "auth.change_user, auth.view_user" in words
    assert "/admin/auth/group/" not in response.content.decode().split('class="audit-log"', 1)[1]


def test_group_events_are_in_english_when_asked(login, admin_user):
    with transaction.atomic():
        record(action="auth.group_changed", actor=admin_user, object_type="auth.group", object_id=99,
               data={"group": "Biên tập", "before": {"permissions": []}, "after": {"permissions": ["auth.view_user"]}})
    client = login(admin_user)
    client.cookies["django_language"] = "en"
    words = text(client.get(LOG))
    assert "Group of permissions changed (name, permissions)" in words
    assert "Group of permissions Biên tập" in words and "Permissions — → became auth.view_user" in words


def test_a_ward_admin_never_reads_group_events(login, admin_user, leader, ward_admin):
    mine = about(leader, actor=admin_user)
    with transaction.atomic():  # a group whose id is the leader's: not taken for the leader's
        record(action="auth.group_created", actor=admin_user, object_type="auth.group", object_id=leader.pk,
               data={"group": "Quản lý", "permissions": ["auth.change_user"]})
    client = login(ward_admin)
    response = client.get(LOG)
    assert ids(response) == [mine.pk] and "Quản lý" not in text(response)
    assert "auth.group_created" not in response.content.decode()  # not offered as a filter either
    assert client.get(LOG, {"action": "auth.group_created"}).status_code == 400
    assert actions(login(admin_user).get(LOG)) == ["auth.group_created", "auth.two_factor_reset"]


def test_the_groups_list_links_superusers_to_the_accounts_log(admin_client):
    html = admin_client.get(GROUPS).content.decode()
    assert f'<a href="{LOG}" data-testid="account-log-link">Nhật ký tài khoản</a>' in html


# --- filters --------------------------------------------------------------------------------------------------------

def test_filter_by_account_action_and_dates(login, admin_user, leader, officer):
    with time_machine.travel(dt.datetime(2026, 3, 1, 3, tzinfo=dt.UTC), tick=False):
        early = about(leader, actor=admin_user)
    with time_machine.travel(dt.datetime(2026, 3, 5, 3, tzinfo=dt.UTC), tick=False):
        late = about(officer, "auth.api_token_revoked", actor=admin_user, data={})
        changed = about(leader, "auth.account_changed", actor=admin_user,
                        data={"before": {"is_staff": True}, "after": {"is_staff": False}})
    client = login(admin_user)
    response = client.get(LOG, {"account": "chutich"})
    assert ids(response) == [changed.pk, early.pk]
    assert '· <span class="code">chutich</span>' in response.content.decode()
    assert ids(client.get(LOG, {"action": "auth.api_token_revoked"})) == [late.pk]
    assert ids(client.get(LOG, {"date_to": "2026-03-02"})) == [early.pk]
    assert ids(client.get(LOG, {"account": "chutich", "date_from": "2026-03-02"})) == [changed.pk]
    html = client.get(LOG, {"account": "chutich", "action": "auth.account_changed"}).content.decode()
    assert '<span class="badge">2 bộ lọc đang áp dụng</span>' in html


def test_a_ward_admin_naming_another_wards_account_gets_the_same_error_as_for_no_account(
        login, admin_user, outsider_officer, ward_admin):
    about(outsider_officer, actor=admin_user)
    client = login(ward_admin)
    for name in ("canbo_khac", "khong_ai_co_ten_nay"):
        response = client.get(LOG, {"account": name})
        assert response.status_code == 400
        html = response.content.decode()
        assert 'data-testid="filter-errors"' in html and 'data-testid="audit-event"' not in html
        assert "Không có cán bộ nào của phường ông/bà phụ trách có tên đăng nhập này." in html
    assert ids(client.get(LOG, {"account": "quantri"})) == []  # their own account: allowed, nothing done to it


def test_a_superuser_naming_no_account_gets_a_form_error(login, admin_user):
    response = login(admin_user).get(LOG, {"account": "khong_ai_co_ten_nay"})
    assert response.status_code == 400
    assert "Không có tài khoản nào có tên đăng nhập này." in response.content.decode()


@pytest.mark.parametrize("query", [
    {"action": "case.accept"}, {"action": "auth.login"}, {"date_from": "2026-13-45"}, {"before": "abc"},
    {"before": "1.5", "after": "1.6"}, {"account": "x" * 200}])
def test_invalid_filters_are_form_errors(login, admin_user, query):
    response = login(admin_user).get(LOG, query)
    assert response.status_code == 400
    assert 'data-testid="filter-errors"' in response.content.decode()


# --- pages and queries ---------------------------------------------------------------------------------------------

def page_queries(login, readers, django_assert_max_num_queries, *, at_most) -> dict[int, int]:
    """The queries of each reader's newest page (once the session and reference data are warm), by reader id."""
    counts = {}
    for reader in readers:
        client = login(reader)
        client.get(LOG)
        with django_assert_max_num_queries(at_most) as few:
            assert client.get(LOG).status_code == 200
        counts[reader.pk] = len(few.captured_queries)
    return counts


def test_pages_go_back_in_time_and_the_number_of_queries_does_not_grow(login, admin_user, ward, leader, officer,
                                                                       ward_admin, django_assert_max_num_queries):
    def add(n):
        for i in range(n):
            about(leader if i % 2 else officer, ACCOUNT_ACTIONS[i % len(ACCOUNT_ACTIONS)], actor=admin_user,
                  data={"before": {"is_staff": False}, "after": {"is_staff": True}} if i % 3 else {"count": i})

    add(3)
    counts = page_queries(login, (admin_user, ward_admin), django_assert_max_num_queries, at_most=12)
    add(60)
    for reader in (admin_user, ward_admin):
        client = login(reader)
        client.get(LOG)
        with django_assert_max_num_queries(counts[reader.pk]):
            first = client.get(LOG)
        assert len(ids(first)) == 50
        older = re.search(r'rel="next" href="([^"]+)"', first.content.decode())[1].replace("&amp;", "&")
        with django_assert_max_num_queries(counts[reader.pk]):
            second = client.get(LOG + older)
        assert ids(first) + ids(second) == list(AuditEvent.objects.filter(action__in=ACCOUNT_ACTIONS)
                                                .order_by("-id").values_list("id", flat=True))


def test_a_page_of_accounts_staff_roles_and_groups_costs_the_same_whatever_its_size(
        login, admin_user, ward, department, leader, officer, ward_admin, django_assert_max_num_queries):
    def add(n):
        for i in range(n):
            with transaction.atomic():
                if i % 3 == 0:
                    record(action="membership.changed", actor=admin_user, ward=ward, object_type="wards.membership",
                           object_id=i, data={"member": officer.pk, "account": "canbo",
                                              "before": {"role": "officer"}, "after": {"role": "leader"},
                                              "departments": [department.pk]})
                elif i % 3 == 1:
                    record(action="auth.group_changed", actor=admin_user, object_type="auth.group", object_id=i,
                           data={"group": f"Nhóm {i}", "before": {"permissions": []}, "after": {"permissions": []}})
                else:
                    about(leader, actor=admin_user)

    Group.objects.create(name="Nhóm 1")
    add(3)
    counts = page_queries(login, (admin_user, ward_admin), django_assert_max_num_queries, at_most=14)
    add(120)
    for reader, shown in ((admin_user, 50), (ward_admin, 50)):
        client = login(reader)
        client.get(LOG)
        with django_assert_max_num_queries(counts[reader.pk]):
            page = client.get(LOG)
        assert len(ids(page)) == shown
    assert "auth.group_changed" not in actions(login(ward_admin).get(LOG))


# --- finding it -----------------------------------------------------------------------------------------------------

def test_the_wards_log_refuses_a_superuser_and_links_to_the_accounts_log(login, admin_user, ward_admin, officer):
    for reader in (admin_user, ward_admin):
        response = login(reader).get(WARD_LOG)
        assert response.status_code == 403
        assert f'<a href="{LOG}">nhật ký tài khoản</a>' in response.content.decode()
    assert 'data-testid="account-log-link"' not in login(officer).get(WARD_LOG).content.decode()


@pytest.mark.parametrize("admin", [True, False])
def test_a_leader_who_is_also_an_administrator_switches_between_the_logs(login, ward, category, leader, admin):
    if admin:
        type(leader).objects.filter(pk=leader.pk).update(is_superuser=True)
        leader.refresh_from_db()
    file(ward, category)
    client = login(leader)
    html = client.get(WARD_LOG).content.decode()
    assert ('data-testid="audit-tabs"' in html) is admin
    if admin:
        assert f'<a href="{LOG}">Tài khoản</a>' in html
        accounts = client.get(LOG).content.decode()
        assert f'<a href="{WARD_LOG}">Sự kiện của phường</a>' in accounts
        assert f'<a href="{LOG}" aria-current="page">Tài khoản</a>' in accounts
        # the desk menu, its audit log entry marked as the section the page is in
        nav = accounts.split('class="desk-nav"', 1)[1].split("</nav>", 1)[0]
        assert f'<a href="{WARD_LOG}" aria-current="true">Nhật ký kiểm tra</a>' in nav


@pytest.mark.parametrize("persona", ["admin_user", "ward_admin"])
def test_an_administrator_without_a_desk_role_gets_no_desk_menu(request, login, persona):
    html = login(request.getfixturevalue(persona)).get(LOG).content.decode()
    assert 'class="desk-nav"' not in html and 'data-testid="audit-tabs"' not in html
    assert html.count('<div class="desk desk-wide">') == 1 and 'href="/static/frontend/desk.css"' in html

