"""Reading the audit log (portal.audit.selectors, display, permissions): pages by cursor, the scan window, names of
actions, and the privacy rule that hides residents' personal data."""

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

from portal.audit import display, models, selectors
from portal.audit.permissions import (
    AccountLogScope,
    account_log_scope,
    log_ward_ids,
    may_read_account_log,
    may_read_log,
)
from portal.audit.selectors import Cursor, LogFilters, log_page
from portal.audit.services import record, record_many
from portal.cases.workflow import TRANSITIONS
from portal.dialogues.models import ChangeKind
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
# Events of these domains belong to no ward (logins, residents' accounts): the log page never lists them.
WARDLESS = ("auth.", "resident.")


def _add(ward, n, action="case.note_added", **kwargs):
    made = []
    for i in range(n):
        with transaction.atomic():
            made.append(record(action=action, ward=ward, object_type="cases.case", object_id=i, **kwargs))
    return made


def _walk(filters, size):
    """Every page from the newest, by the "older" cursors; the ids seen, page by page."""
    pages, cursor = [], None
    for _ in range(1000):
        page = log_page(filters, older_than=cursor, size=size)
        pages.append([e.pk for e in page.events])
        if page.older is None:
            return pages
        cursor = page.older
    raise AssertionError("no end")


# --- what the code records has a name -------------------------------------------------------------------------------

def _recorded_actions() -> set[str]:
    """The action names written in portal/: literals given to record()/record_many() (action="x.y", "action": "x.y",
    NAME = "x.y" constants of actions) and the computed ones (the state machine's, a session's changes, hidden
    posts)."""
    found = set()
    for path in (ROOT / "portal").rglob("*.py"):
        if "migrations" in path.parts or path.parts[-2] == "audit":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            value = None
            if isinstance(node, ast.keyword) and node.arg == "action":
                value = node.value
            elif isinstance(node, ast.Dict):
                for key, item in zip(node.keys, node.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value == "action":
                        value = item
            elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id.endswith("_ACTION")
                                                      for t in node.targets):
                value = node.value
            if isinstance(value, ast.Constant) and isinstance(value.value, str) and "." in value.value:
                found.add(value.value)
    found |= {f"case.{action}" for action in TRANSITIONS}
    found |= {f"dialogue.{kind}" for kind in ChangeKind.values}
    found |= {"disclosure.comment_hidden", "disclosure.question_hidden"}
    return found


def test_every_action_the_code_records_has_a_label():
    actions = _recorded_actions()
    assert {"case.submitted", "case.identity_viewed", "case.overdue_escalated", "disclosure.published",
            "dialogue.scheduled", "open311.request_filed", "case.accept", "dialogue.rescheduled"} <= actions
    missing = sorted(a for a in actions if not a.startswith(WARDLESS) and a not in display.ACTION_LABELS)
    assert missing == []


# Events of no ward that are no change to an account: far more numerous, and on no page.
NOT_ACCOUNT_EVENTS = {"auth.login", "auth.logout", "auth.login_failed", "auth.locked_out", "auth.second_factor_passed",
                      "auth.second_factor_failed", "resident.registered"}


def test_every_account_event_the_code_records_is_on_the_accounts_log():
    """A new auth.* action must be placed: on the accounts' log (models.ACCOUNT_ACTIONS about an account, or
    GROUP_ACTIONS about a group of permissions; the partial index and labels follow) or deliberately not. The staff
    roles' events are on it too."""
    recorded = _recorded_actions()
    wardless = {a for a in recorded if a.startswith(WARDLESS)}
    assert wardless - NOT_ACCOUNT_EVENTS == set(models.ACCOUNT_ACTIONS) | set(models.GROUP_ACTIONS)
    assert {a for a in recorded if a.startswith("membership.")} == set(models.STAFF_ROLE_ACTIONS)
    assert set(display.ACCOUNT_ACTIONS) == set(models.ACCOUNT_ACTIONS)
    assert set(display.GROUP_ACTIONS) == set(models.GROUP_ACTIONS)
    assert set(display.STAFF_ACTIONS) == set(models.STAFF_ROLE_ACTIONS)
    assert set(models.ACCOUNT_LOG_ACTIONS) == set(models.ACCOUNT_ACTIONS) | set(models.GROUP_ACTIONS) | set(
        models.STAFF_ROLE_ACTIONS)
    index = next(i for i in models.AuditEvent._meta.indexes if i.name == "audit_account_time_idx")
    assert index.condition.children == [("action__in", models.ACCOUNT_LOG_ACTIONS)]


def test_labels_are_vietnamese_by_default_and_english_on_request():
    for action in display.ACTION_LABELS:
        with override("en"):
            english = display.action_label(action)
        with override("vi"):
            vietnamese = display.action_label(action)
        assert vietnamese != english, action
    with override("vi"):
        assert display.action_label("case.accept") == "Thụ lý đơn"
        assert display.action_label("case.identity_viewed") == "Xem danh tính người tố cáo"
        assert display.object_label("cases.case") == "Đơn"
        assert display.action_label("case.brand_new") == "case.brand_new"  # no label: its name


# --- privacy --------------------------------------------------------------------------------------------------------

def test_masked_hides_personal_values_at_any_depth_and_keeps_the_rest():
    data = {"before": {"contact_phone": "0901234567", "title": "A"}, "after": {"contact_phone": "0912", "title": "B"},
            "email": "x@example.vn", "list": [{"address": "5 Hoa Sứ"}, 3], "name": "", "reason": "Lý do"}
    out = display.masked(data)
    assert out == {"before": {"contact_phone": display.HIDDEN, "title": "A"},
                   "after": {"contact_phone": display.HIDDEN, "title": "B"}, "email": display.HIDDEN,
                   "list": [{"address": display.HIDDEN}, 3], "name": "", "reason": "Lý do"}
    assert data["email"] == "x@example.vn"  # a copy
    # an API key's name is the integration's, not a person's
    assert display.masked({"name": "Zalo OA"}, object_type="open311.apikey") == {"name": "Zalo OA"}
    assert display.masked({"name": "Lê Văn Bình"}, object_type="cases.case") == {"name": display.HIDDEN}


# --- who may read ---------------------------------------------------------------------------------------------------

def test_leaders_and_supervisors_read_their_wards_only(ward, other_ward, leader, supervisor, officer):
    admin = MembershipFactory(user=UserFactory(username="qt"), ward=ward, role="admin").user
    assert log_ward_ids(leader) == [ward.pk] and log_ward_ids(supervisor) == [ward.pk]
    assert log_ward_ids(officer) == [] and log_ward_ids(admin) == []
    MembershipFactory(user=officer, ward=other_ward, role="supervisor")
    officer._openward_scope = None  # memberships changed: read them again
    assert log_ward_ids(officer) == [other_ward.pk]
    assert may_read_log(leader, ward.pk) and not may_read_log(leader, other_ward.pk)


def test_the_accounts_log_is_the_administrators(ward, other_ward, leader, supervisor, officer, admin_user):
    admin = MembershipFactory(user=UserFactory(username="qt"), ward=ward, role="admin").user
    MembershipFactory(user=admin, ward=other_ward, role="officer")
    assert account_log_scope(admin_user) == AccountLogScope(everyone=True)
    assert account_log_scope(admin) == AccountLogScope(everyone=False, ward_ids=(ward.pk,))
    for user in (leader, supervisor, officer, AnonymousUser()):
        assert account_log_scope(user) is None and not may_read_account_log(user)
    admin_user.is_active = False
    assert account_log_scope(admin_user) is None


def _about(user, action="auth.two_factor_reset"):
    with transaction.atomic():
        return record(action=action, object_type="auth.user", object_id=user.pk, data={})


def test_the_accounts_log_lists_account_events_of_the_accounts_asked(ward, leader, officer):
    made = [_about(leader), _about(officer, "auth.account_changed"), _about(leader, "auth.password_set_by_admin")]
    _about(leader, "auth.login")  # no change to the account
    _add(ward, 2)  # the ward's events

    def found(**kwargs):
        return [e.pk for e in log_page(LogFilters(accounts=True, **kwargs)).events]

    assert found() == [e.pk for e in reversed(made)]
    assert found(account_ids=(leader.pk,)) == [made[2].pk, made[0].pk]
    assert found(account_ids=()) == []
    assert found(account_id=officer.pk) == [made[1].pk]
    assert found(account_ids=(leader.pk,), account_id=officer.pk) == []
    assert found(action="auth.password_set_by_admin") == [made[2].pk]
    assert _walk(LogFilters(accounts=True), 2) == [
        [made[2].pk, made[1].pk], [made[0].pk]]


def test_the_accounts_log_holds_staff_roles_of_the_readers_wards_and_groups_for_everyone_only(ward, other_ward,
                                                                                             leader, officer):
    def role(action, on_ward, member):
        with transaction.atomic():
            return record(action=action, ward=on_ward, object_type="wards.membership", object_id=member.pk + 100,
                          data={"member": member.pk, "account": member.username, "role": "officer"})

    account = _about(leader)
    # a group whose id is the leader's: never taken for the leader's
    with transaction.atomic():
        group = record(action="auth.group_created", object_type="auth.group", object_id=leader.pk,
                       data={"group": "Quản lý", "permissions": []})
    here, there = role("membership.created", ward, officer), role("membership.changed", other_ward, leader)
    _add(ward, 2)  # the ward's other events

    def found(**kwargs):
        return [e.pk for e in log_page(LogFilters(accounts=True, **kwargs)).events]

    assert found() == [there.pk, here.pk, group.pk, account.pk]
    # a ward's administrator: its staff's accounts and the ward's staff roles, whoever the member; no group
    assert found(account_ids=(leader.pk,), ward_ids=(ward.pk,)) == [here.pk, account.pk]
    assert found(account_ids=(), ward_ids=(other_ward.pk,)) == [there.pk]
    # an administrator of both wards (on PostgreSQL, not read ward by ward as the wards' log: one index)
    assert found(account_ids=(leader.pk,), ward_ids=(ward.pk, other_ward.pk)) == [there.pk, here.pk, account.pk]
    assert found(account_ids=(), ward_ids=()) == []
    # one account: its own events and its staff roles'
    assert found(account_id=leader.pk) == [there.pk, account.pk]
    assert found(account_id=officer.pk) == [here.pk]
    assert found(account_ids=(leader.pk,), ward_ids=(ward.pk,), account_id=leader.pk) == [account.pk]
    assert found(action="auth.group_created") == [group.pk]
    assert found(account_ids=(leader.pk,), ward_ids=(ward.pk,), action="auth.group_created") == []


def _index_plan(sql: str) -> str:
    """The plan of `sql` when an index can serve it: scans of whole tables and sorts off. A test's few rows make a sort
    as cheap as an index's order, and the planner picked either from run to run (CI failed on a hash join then a
    sort): what is tested is that the index gives the page its order."""
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_accounts_log_reads_its_own_index(ward, leader):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plans")
    _about(leader)
    _add(ward, 3)
    plans = {}
    for name, filters in (("all", LogFilters(accounts=True)),
                          ("staff", LogFilters(accounts=True, account_ids=(leader.pk, leader.pk + 1),
                                               ward_ids=(ward.pk,))),
                          ("one", LogFilters(accounts=True, account_id=leader.pk, action="auth.two_factor_reset"))):
        with CaptureQueriesContext(connection) as captured:
            log_page(filters, size=50)
        sql = captured.captured_queries[0]["sql"]
        plans[name] = _index_plan(sql)
    assert "audit_account_time_idx" in plans["all"] and "Sort" not in plans["all"], plans["all"]
    # a ward's administrator: its staff's accounts or its staff roles, checked on the index's few rows
    assert "audit_account_time_idx" in plans["staff"] and "Sort" not in plans["staff"], plans["staff"]
    assert "Seq Scan" not in plans["one"], plans["one"]


def _role(action, ward, member):
    with transaction.atomic():
        return record(action=action, ward=ward, object_type="wards.membership", object_id=member.pk + 100,
                      data={"member": member.pk, "account": member.username, "role": "officer"})


def test_a_former_member_is_found_by_their_staff_roles_in_the_wards_asked_only(ward, other_ward, leader, officer):
    _role("membership.deleted", ward, officer)
    _about(leader)  # an account event is no staff role
    _add(ward, 2)  # nor are the ward's other events
    assert selectors.former_member("canbo", (ward.pk,)) == officer.pk
    assert selectors.former_member("canbo", (other_ward.pk, ward.pk)) == officer.pk
    assert selectors.former_member("canbo", (other_ward.pk,)) is None  # never staff there, as far as the log knows
    assert selectors.former_member("canbo", ()) is None
    assert selectors.former_member("chutich", (ward.pk,)) is None
    assert selectors.former_member("khong_ai", (ward.pk,)) is None


def test_a_former_member_is_looked_for_on_the_accounts_index(ward, officer):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plans")
    _role("membership.created", ward, officer)
    _add(ward, 3)
    with CaptureQueriesContext(connection) as captured:
        selectors.former_member("canbo", (ward.pk,))
    plan = _index_plan(captured.captured_queries[-1]["sql"])
    assert "audit_account_time_idx" in plan and "audit_ward_time_idx" not in plan, plan


# --- pages ----------------------------------------------------------------------------------------------------------

def test_cursors_are_written_and_read_back_exactly():
    moment = dt.datetime(2026, 3, 1, 16, 30, 0, 123456, tzinfo=dt.UTC)
    cursor = Cursor(moment, 42)
    assert Cursor.parse(str(cursor)) == cursor
    for bad in ("", "x", "1", "1.0", "-1.5", "1.2.3", "1.99999999999999999999", "9" * 18 + ".1", "1 .2", "１.2"):
        assert Cursor.parse(bad) is None, bad


def test_pages_follow_each_other_without_gaps_even_within_one_moment(ward):
    made = _add(ward, 7)
    with transaction.atomic():  # one moment for all: the id breaks the tie
        made += record_many([{"action": "case.overdue_escalated", "ward": ward, "object_type": "cases.case",
                              "object_id": n} for n in range(12)])
    made += _add(ward, 3)
    expected = [e.pk for e in sorted(made, key=lambda e: (e.created_at, e.pk), reverse=True)]
    pages = _walk(LogFilters(ward_ids=(ward.pk,)), size=5)
    assert [pk for page in pages for pk in page] == expected
    assert [len(page) for page in pages] == [5, 5, 5, 5, 2]
    # and back: "newer" from the last page gives the page before it
    last = log_page(LogFilters(ward_ids=(ward.pk,)), older_than=Cursor(made[0].created_at, 10**12), size=5)
    assert last.newer is not None
    second_to_last = log_page(LogFilters(ward_ids=(ward.pk,)), newer_than=Cursor.of(
        next(e for e in made if e.pk == pages[-1][0])), size=5)
    assert [e.pk for e in second_to_last.events] == pages[-2]


@pytest.mark.parametrize("size", [3, 50])
def test_several_wards_are_merged_newest_first_in_a_constant_number_of_queries(ward, other_ward, size):
    mine = _add(ward, 4)
    theirs = _add(other_ward, 4)
    more = _add(ward, 2)
    filters = LogFilters(ward_ids=(ward.pk, other_ward.pk))
    expected = [e.pk for e in reversed(mine + theirs + more)]
    with CaptureQueriesContext(connection) as queries:
        page = log_page(filters, size=size)
    assert [e.pk for e in page.events] == expected[:size]
    assert len(queries) == (2 if connection.vendor == "postgresql" else 1)
    assert [pk for page in _walk(filters, size=size) for pk in page] == expected


def test_the_scan_window_bounds_a_page_and_the_walk_still_finds_every_match(ward, other_ward, monkeypatch):
    monkeypatch.setattr(selectors, "SCAN_LIMIT", 4)
    made = []
    for n in range(25):
        made += _add(ward if n % 2 else other_ward, 1, action="case.identity_viewed" if n % 5 == 0 else
                     "case.note_added")
    for wards in ((ward.pk,), (ward.pk, other_ward.pk)):
        filters = LogFilters(ward_ids=wards, action="case.identity_viewed")
        expected = [e.pk for e in reversed(made) if e.action == "case.identity_viewed" and e.ward_id in wards]
        with CaptureQueriesContext(connection) as queries:
            first = log_page(filters, size=50)
        assert first.window_ended and len(first.events) < len(expected)
        assert len(queries) <= (4 if connection.vendor == "postgresql" and len(wards) > 1 else 2)
        assert [pk for page in _walk(filters, size=50) for pk in page] == expected


def test_filters_by_date_actor_and_case(ward, leader, officer):
    with dt_travel("2026-03-01T10:00:00+07:00"):
        early = _add(ward, 1, actor=officer)[0]
    with dt_travel("2026-03-03T10:00:00+07:00"):
        late = _add(ward, 1, actor=leader)[0]
        job = _add(ward, 1)[0]
    zone = dt.timezone(dt.timedelta(hours=7))

    def found(**kwargs):
        return [e.pk for e in log_page(LogFilters(ward_ids=(ward.pk,), **kwargs)).events]

    assert found(since=dt.datetime(2026, 3, 2, tzinfo=zone)) == [job.pk, late.pk]
    assert found(until=dt.datetime(2026, 3, 2, tzinfo=zone)) == [early.pk]
    assert found(actor=officer.pk) == [early.pk]
    assert found(actor="system") == [job.pk]
    assert found(case_id=0) == [job.pk, late.pk, early.pk]  # the helper's events are about object 0
    assert found(case_id=1) == []


def dt_travel(moment):
    import time_machine

    return time_machine.travel(dt.datetime.fromisoformat(moment), tick=False)


def test_the_log_queries_use_the_ward_and_object_indexes(ward):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plans")
    _add(ward, 3)
    plans = {}
    for name, filters in (("ward", LogFilters(ward_ids=(ward.pk,))),
                          ("dates", LogFilters(ward_ids=(ward.pk,), since=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                                               until=dt.datetime(2026, 2, 1, tzinfo=dt.UTC))),
                          ("case", LogFilters(ward_ids=(ward.pk,), case_id=1))):
        with CaptureQueriesContext(connection) as captured:
            log_page(filters, size=50)
        sql = captured.captured_queries[-1]["sql"]
        plans[name] = _index_plan(sql)
    assert "audit_ward_time_idx" in plans["ward"] and "Sort" not in plans["ward"]  # newest first from the index
    assert "audit_ward_time_idx" in plans["dates"]
    assert "audit_object_idx" in plans["case"] or "audit_ward_time_idx" in plans["case"]
