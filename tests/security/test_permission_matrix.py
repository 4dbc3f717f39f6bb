"""The permission matrix (ARCHITECTURE rule 7; SPEC §1 roles, §7 privacy): every URL pattern of the project × every
persona, forbidden cases included.

How it works
- `MATRIX` declares, for every URL pattern (keyed by its namespaced name, e.g. "frontend:desk-case"), the requests to
  make (method, URL kwargs, body, optional variant such as the denunciation instead of the feedback) and, for each
  persona, the expected outcome. `test_every_url_pattern_is_declared` walks the whole URLconf: a pattern with no
  declaration fails the suite by name, so nothing new can be added without saying who may use it.
- Outcomes: ALLOW (2xx/3xx; a POST may also get 400 — it got past the permission checks), FORBID (403), HIDE (404:
  the design hides the case, e.g. a staff case page for staff who may not see the case, or a wrong secret),
  REFUSE (400 "no case you can see has this code": the API's bulk assign treats an invisible case as unknown) and
  LOGIN (302 to a login page; 401 from the API).
- Every refused request (and every GET) must leave the database exactly as it was: row counts and highest ids of
  every table of the portal, the audit log included, and the rows of cases, answers, recommendations, memberships
  and users.
- Privacy (SPEC §7) is checked on every response: a resident's contact appears only to the personas who may know it;
  a denouncer's identity appears to nobody except in the answer of an allowed, audited "show identity" request;
  public pages never contain any resident's contact. Likewise the cases' titles, an internal note and a draft answer
  appear only to the personas who may see them (RESTRICTED).
- `test_allowed_posts_need_the_csrf_token` replays each POST cell, as a persona allowed to make it, without a CSRF
  token: it must be refused (403) and change nothing.

The data is built once for the module inside an outer transaction that is rolled back at the end; each test runs in
a savepoint of it (pytest-django's `db`), so allowed POSTs that change things are undone before the next cell.
A real permission bug is never "fixed" here by weakening an expectation: its cell goes into KNOWN_BUGS (strict xfail).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import URLResolver, get_resolver, reverse

from portal.audit.models import AuditEvent
from portal.cases import recommendations as recommendation_service
from portal.cases import services
from portal.cases.models import Case, CaseAnswer, Recommendation
from portal.cases.workflow import transition
from portal.deadlines.models import DeadlinePolicy
from portal.wards.models import Membership
from tests.conftest import REFERENCE_SEEDS, log_in
from tests.factories import (
    CategoryFactory,
    DepartmentFactory,
    MembershipFactory,
    UserFactory,
    WardFactory,
    image_bytes,
)

# --- personas ---------------------------------------------------------------------------------------------------------

ANONYMOUS = "anonymous"
OWNER = "owner"  # signed-in resident who filed both cases
TOKEN_HOLDER = "token_holder"  # not signed in, holds the case's secret link
OTHER_RESIDENT = "other_resident"  # signed in, owns nothing here, uses a wrong secret
OFFICER = "officer_dept"  # officer of the cases' department, the denunciation's assignee
PEER = "officer_dept_peer"  # another officer of the same department, assigned nothing
OTHER_DEPT = "officer_other_dept"  # officer of another department of the same ward
OTHER_WARD = "officer_other_ward"  # officer of another ward
LEADER = "leader"
SUPERVISOR = "supervisor"
ADMIN = "admin"  # Membership role "admin", is_staff: reference data only, no cases

PERSONAS = (ANONYMOUS, OWNER, TOKEN_HOLDER, OTHER_RESIDENT, OFFICER, PEER, OTHER_DEPT, OTHER_WARD, LEADER,
            SUPERVISOR, ADMIN)
SIGNED_OUT = (ANONYMOUS, TOKEN_HOLDER)
NO_CASE_ROLE = (OWNER, OTHER_RESIDENT, ADMIN)  # signed in, but no officer/leader/supervisor membership anywhere
WARD_STAFF = (OFFICER, PEER, OTHER_DEPT, OTHER_WARD, LEADER, SUPERVISOR)
VIEWERS = (OFFICER, PEER, LEADER, SUPERVISOR)  # may see both cases (SPEC §1)
WORKERS = (OFFICER, PEER, LEADER)  # may work them
OUTSIDERS = (OTHER_DEPT, OTHER_WARD)  # ward staff who may not see them: 404, existence hidden
NOT_LEADERS = (OFFICER, PEER, OTHER_DEPT, OTHER_WARD, SUPERVISOR)  # ward staff who may not read inspection leads

# Who may know each resident's contact at all (SPEC §7). For the denunciation even the assignee and the leader see it
# only in the answer of an audited "show identity" request (Cell.reveals).
MAY_KNOW = {
    "feedback": {OWNER, TOKEN_HOLDER, OFFICER, PEER, LEADER, SUPERVISOR},
    "denunciation": {OWNER, TOKEN_HOLDER},
}

# --- outcomes ---------------------------------------------------------------------------------------------------------

ALLOW = "allow"
FORBID = "deny-403"
HIDE = "deny-404"
REFUSE = "deny-400"
LOGIN = "login"
OUTCOMES = {ALLOW, FORBID, HIDE, REFUSE, LOGIN}


def everyone(outcome: str) -> dict[str, str]:
    return dict.fromkeys(PERSONAS, outcome)


def only(outcome: str, personas, *, others: str, signed_out: str | None = None) -> dict[str, str]:
    """`outcome` for `personas`, `others` for everyone else (`signed_out` for the two signed-out personas)."""
    expected = everyone(others)
    if signed_out is not None:
        expected.update(dict.fromkeys(SIGNED_OUT, signed_out))
    expected.update(dict.fromkeys(personas, outcome))
    return expected


def staff(*, allow=(), forbid=(), hide=(), refuse=()) -> dict[str, str]:
    """A desk page/action or a staff API endpoint. Signed out → login; signed in without a case role (residents,
    the ward's admin) → 403. Every ward-staff persona must be placed explicitly."""
    placed = [*allow, *forbid, *hide, *refuse]
    assert sorted(placed) == sorted(WARD_STAFF), f"place each ward-staff persona exactly once: {placed}"
    expected = dict.fromkeys(SIGNED_OUT, LOGIN) | dict.fromkeys(NO_CASE_ROLE, FORBID)
    for outcome, personas in ((ALLOW, allow), (FORBID, forbid), (HIDE, hide), (REFUSE, refuse)):
        expected.update(dict.fromkeys(personas, outcome))
    return expected


TOKEN_ONLY = only(ALLOW, [TOKEN_HOLDER], others=HIDE)  # secret-link URLs: anyone else has a wrong secret → 404

# --- the data ------------------------------------------------------------------------------------------------------

WRONG_TOKEN = "sai-ma-bi-mat-0123456789abcdefghijklmnopq"
CONTACTS = {
    "feedback": {"contact_name": "Trần Thị Phản Ánh", "contact_phone": "0911222333",
                 "contact_email": "phananh.mx@example.vn", "contact_address": "12 Ngõ Phản Ánh, tổ 3"},
    "denunciation": {"contact_name": "Nguyễn Văn Tố Giác", "contact_phone": "0988777666",
                     "contact_email": "togiac.mx@example.vn", "contact_address": "99 Hẻm Bí Mật, tổ 7"},
}
REPRESENTATIVE = "Phạm Người Đại Diện"  # the denunciation is multi-signatory: its representative is a denouncer too
NEEDLES = {
    "feedback": list(CONTACTS["feedback"].values()),
    "denunciation": [*CONTACTS["denunciation"].values(), REPRESENTATIVE],
}
TITLES = {"feedback": "Đèn đường hỏng ở hẻm ma trận", "denunciation": "Tố cáo cán bộ thu tiền sai quy định",
          "lead": "Tố cáo nặc danh cán bộ ma trận nhận tiền"}
NOTE = "Ghi chú nội bộ: đã liên hệ điện lực, chưa báo cư dân."
DRAFT = "Dự thảo trả lời: phường đã thay bóng đèn ngày 20/11."
# Text that only some personas may ever get, on any page or endpoint: the cases themselves (their titles) and what
# is internal to the ward (an internal note, a draft answer not yet approved).
RESTRICTED = {
    "the feedback's title": (TITLES["feedback"], {OWNER, TOKEN_HOLDER, *VIEWERS}),
    "the denunciation's title": (TITLES["denunciation"], {OWNER, TOKEN_HOLDER, *VIEWERS}),
    # an anonymous denunciation (an inspection lead): the ward's leaders only (SPEC §2, Law on Denunciations Art. 25)
    "the inspection lead's title": (TITLES["lead"], {LEADER}),
    "an internal note": (NOTE, set(VIEWERS)),
    "a draft answer": (DRAFT, set(VIEWERS)),
}


@dataclass
class World:
    media_root: str
    ward: object
    other_ward: object
    department: object
    other_department: object
    category: object
    users: dict
    cases: dict
    tokens: dict
    attachments: dict
    answer_id: int
    recommendation_id: int

    def code(self, case: str) -> str:
        return self.cases[case].tracking_code

    def token(self, persona: str, case: str) -> str:
        return self.tokens[case] if persona == TOKEN_HOLDER else WRONG_TOKEN


def _build_world(media_root: str) -> World:
    ward = WardFactory(code="MX01", name="Phường Ma Trận")
    other_ward = WardFactory(code="MX02", name="Phường Bên Cạnh")
    department = DepartmentFactory(ward=ward, code="mx-dothi", name="Bộ phận Đô thị (ma trận)")
    other_department = DepartmentFactory(ward=ward, code="mx-vanhoa", name="Bộ phận Văn hóa (ma trận)")
    far_department = DepartmentFactory(ward=other_ward, code="mx-xa", name="Bộ phận Đô thị phường bên")
    category = CategoryFactory(code="mx-ha-tang", name="Hạ tầng (ma trận)")

    def member(username, on_ward, role, departments=()):
        membership = MembershipFactory(user=UserFactory(username=username, is_staff=True), ward=on_ward, role=role)
        membership.departments.add(*departments)
        return membership.user

    users = {
        ANONYMOUS: None,
        TOKEN_HOLDER: None,
        OWNER: UserFactory(username="mx_owner", email="mx_owner@example.vn"),
        OTHER_RESIDENT: UserFactory(username="mx_other_resident", email="mx_other@example.vn"),
        OFFICER: member("mx_officer", ward, "officer", [department]),
        PEER: member("mx_officer_peer", ward, "officer", [department]),
        OTHER_DEPT: member("mx_officer_other_dept", ward, "officer", [other_department]),
        OTHER_WARD: member("mx_officer_other_ward", other_ward, "officer", [far_department]),
        LEADER: member("mx_leader", ward, "leader"),
        SUPERVISOR: member("mx_supervisor", ward, "supervisor"),
        ADMIN: member("mx_admin", ward, "admin"),
    }
    assert not users[OWNER].is_staff and users[ADMIN].is_staff

    def submit(kind, title, **extra):
        upload = SimpleUploadedFile(f"{kind}.jpg", image_bytes(), content_type="image/jpeg")
        submission = services.Submission(
            ward=ward, kind=kind, category=category, title=title, notify_by="email", files=[upload],
            description="Nội dung đơn của cư dân dùng cho ma trận phân quyền.", **CONTACTS[kind], **extra)
        return services.submit_case(submission=submission, actor=users[OWNER])

    feedback = submit("feedback", TITLES["feedback"])
    denunciation = submit("denunciation", TITLES["denunciation"], signatory_count=5,
                          representative_name=REPRESENTATIVE)
    Case.objects.filter(pk=feedback.case.pk).update(department=department, assignee=None)
    Case.objects.filter(pk=denunciation.case.pk).update(department=department, assignee=users[OFFICER])
    # An anonymous denunciation naming the official, with a photo as evidence: an inspection lead.
    lead = services.submit_case(submission=services.Submission(
        ward=ward, kind="denunciation", category=category, title=TITLES["lead"], is_anonymous=True,
        description="Nội dung tố cáo nặc danh dùng cho ma trận phân quyền.",
        denounced_person="Ông cán bộ ma trận, công chức địa chính",
        files=[SimpleUploadedFile("lead.jpg", image_bytes(), content_type="image/jpeg")]), actor=users[OWNER])
    cases = {"feedback": Case.objects.get(pk=feedback.case.pk),
             "denunciation": Case.objects.get(pk=denunciation.case.pk), "lead": Case.objects.get(pk=lead.case.pk)}
    assert cases["lead"].is_inspection_lead and cases["lead"].owner_id is None
    assert cases["feedback"].owner_id == cases["denunciation"].owner_id == users[OWNER].pk

    # The feedback is accepted (so both an officer's and a leader-only transition are possible), has an internal
    # note and a draft answer waiting for a leader; the supervisors filed a recommendation about it.
    cases["feedback"] = transition(case=cases["feedback"], action="accept", actor=users[OFFICER])
    services.add_note(case=cases["feedback"], actor=users[OFFICER], text=NOTE)
    answer = services.propose_answer(case=cases["feedback"], actor=users[OFFICER], text=DRAFT)
    recommendation = recommendation_service.file_recommendation(
        ward=ward, actor=users[SUPERVISOR], title="Chậm xử lý đèn đường",
        body="Đề nghị phường trả lời đúng hạn.", case=cases["feedback"])
    # The denunciation's file has its redacted copy (SPEC §7: what supervisors and other officers get instead).
    services.upload_redacted_copy(attachment=cases["denunciation"].attachments.get(), actor=users[LEADER],
                                  upload=SimpleUploadedFile("che.jpg", image_bytes(), content_type="image/jpeg"))
    attachments = {name: case.attachments.get().pk for name, case in cases.items()}
    return World(media_root=media_root, ward=ward, other_ward=other_ward, department=department,
                 other_department=other_department, category=category, users=users, cases=cases,
                 tokens={"feedback": feedback.access_token, "denunciation": denunciation.access_token,
                         "lead": lead.access_token},
                 attachments=attachments, answer_id=answer.pk, recommendation_id=recommendation.pk)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once, inside a transaction that is rolled back when the module is done (each test runs in a savepoint
    of it, so what an allowed POST changes is undone before the next cell)."""
    media_root = str(tmp_path_factory.mktemp("permission-matrix-media"))
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            if not DeadlinePolicy.objects.exists():  # wiped by a transactional test's flush: as tests/conftest.py
                for module in REFERENCE_SEEDS:
                    importlib.import_module(module).seed(django_apps, None)
            with override_settings(
                MEDIA_ROOT=media_root,
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                SMS_BACKEND="portal.notifications.channels.sms.LocmemSMSBackend",
                CELERY_TASK_ALWAYS_EAGER=True,
            ):
                built = _build_world(media_root)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def matrix_media(_isolated_side_effects, settings, world):
    """The suite's autouse fixture points MEDIA_ROOT at a fresh folder per test; the module's files live elsewhere."""
    settings.MEDIA_ROOT = world.media_root


# --- the table -----------------------------------------------------------------------------------------------------

Kwargs = Callable[[World, str], dict]


@dataclass(frozen=True)
class Cell:
    method: str
    expect: dict[str, str]
    variant: str = ""
    kwargs: Kwargs | None = None
    query: Kwargs | None = None
    body: Kwargs | None = None
    public: bool = False  # a public page: no resident's contact, for anyone
    shows: str = ""  # an allowed GET shows this case (its tracking code): the "allow" is not a vacuous page
    reveals: str = ""  # an allowed request answers with this case's contact (identity endpoints)
    checks: tuple = ()  # extra checks: (world, persona, text) -> None
    path: Kwargs | None = None  # only for a pattern without a name: build the URL by hand
    follow: bool = False  # POST/redirect/GET: what a redirected request shows is the page it redirects to
    # An allowed GET that is itself audited (a denunciation's original file opened): it writes exactly one event of
    # this action, by the persona, and changes nothing else.
    audits: str = ""

    def label(self) -> str:
        return self.method + (f"[{self.variant}]" if self.variant else "")


def case_code(case: str) -> Kwargs:
    return lambda w, p: {"code": w.code(case)}


def case_attachment(case: str, of: str | None = None) -> Kwargs:
    """The case's code with an attachment id (`of` another case: a file that is not this case's)."""
    return lambda w, p: {"code": w.code(case), "attachment_id": w.attachments[of or case]}


def secret(case: str, *, code_of: str | None = None, attachment_of: str | None = None, action: str = "") -> Kwargs:
    """Secret-link kwargs: the right token for the token holder, a wrong one for everyone else."""

    def make(w, p):
        kwargs = {"code": w.code(code_of or case), "token": w.token(p, case)}
        if attachment_of:
            kwargs["attachment_id"] = w.attachments[attachment_of]
        if action:
            kwargs["action"] = action
        return kwargs

    return make


def const(**values) -> Kwargs:
    return lambda w, p: dict(values)


def listed_only_for(viewers, cases=("feedback", "denunciation")):
    """A list page/endpoint: each case's tracking code appears for the viewers and for nobody else."""

    def check(w, persona, text):
        for case in cases:
            code = w.code(case)
            if persona in viewers:
                assert code in text, f"{persona} should find {case} {code} in the list"
            else:
                assert code not in text, f"{persona} must not find {case} {code} in the list"

    return check


def no_identity(case):
    def check(w, persona, text):
        shown = [needle for needle in NEEDLES[case] if needle in text]
        assert not shown, f"{case}: the resident's identity is on the page for {persona}: {shown}"

    return check


def redacted_upload(world, persona) -> dict:
    """A redacted copy to upload (a new file object each time: an upload is read once)."""
    return {"file": SimpleUploadedFile("ban-da-che.jpg", image_bytes(), content_type="image/jpeg")}


TEXT = const(text="Nội dung thử của ma trận phân quyền.")
REASON = const(reason="Lý do thử của ma trận phân quyền.")
CODE_FB, CODE_DN = case_code("feedback"), case_code("denunciation")


def answer_kwargs(w, p):
    return {"code": w.code("feedback"), "answer_id": w.answer_id}


def assign_body(w, p):
    return {"assignee": w.users[OFFICER].pk, "department": w.department.pk}


MATRIX: dict[str, list[Cell]] = {
    # --- public pages ------------------------------------------------------------------------------------------------
    "frontend:home": [Cell("GET", everyone(ALLOW), public=True)],
    "frontend:case-choose-ward": [Cell("GET", everyone(ALLOW), public=True)],
    # Without a receipt in the session it sends everyone to the lookup form.
    "frontend:case-submitted": [Cell("GET", everyone(ALLOW), public=True)],
    "frontend:case-new": [
        Cell("GET", everyone(ALLOW), kwargs=lambda w, p: {"ward": w.ward.code}, public=True),
        # Filing is open to anyone; an empty form is refused by validation (400), nothing is created.
        Cell("POST", everyone(ALLOW), kwargs=lambda w, p: {"ward": w.ward.code}, body=const(title="")),
    ],
    "frontend:case-lookup": [
        Cell("GET", everyone(ALLOW), public=True),
        Cell("GET", TOKEN_ONLY, variant="code+secret",
             query=lambda w, p: {"code": w.code("feedback"), "token": w.token(p, "feedback")}),
    ],
    "frontend:calendar": [Cell("GET", everyone(ALLOW), public=True)],
    "frontend:resident-sign-in": [
        Cell("GET", everyone(ALLOW), public=True),
        Cell("POST", everyone(ALLOW), body=const(channel="email", contact="khong-phai-email")),
    ],
    # The second step of a resident's sign-in: with no code pending in the session, everyone is sent back to the
    # sign-in page (a login redirect), whether signed in or not.
    "frontend:resident-code": [
        Cell("GET", everyone(LOGIN), public=True),
        Cell("POST", everyone(LOGIN), body=const(code="000000")),
    ],
    "frontend:login": [
        Cell("GET", everyone(ALLOW), public=True),
        Cell("POST", everyone(ALLOW), body=const(username="mx_nobody", password="sai-mat-khau")),
    ],
    "frontend:logout": [Cell("POST", everyone(ALLOW))],
    # --- a resident's case by its secret link ------------------------------------------------------------------------
    "frontend:case-status": [
        Cell("GET", TOKEN_ONLY, kwargs=secret("feedback"), shows="feedback"),
        Cell("GET", TOKEN_ONLY, variant="denunciation", kwargs=secret("denunciation"), shows="denunciation"),
        # One case's secret does not open another case.
        Cell("GET", everyone(HIDE), variant="other case's secret", kwargs=secret("feedback", code_of="denunciation")),
    ],
    "frontend:case-attachment": [
        Cell("GET", TOKEN_ONLY, kwargs=secret("feedback", attachment_of="feedback")),
        Cell("GET", TOKEN_ONLY, variant="denunciation", kwargs=secret("denunciation", attachment_of="denunciation")),
        Cell("GET", everyone(HIDE), variant="other case's file",
             kwargs=secret("feedback", attachment_of="denunciation")),
    ],
    "frontend:case-action": [
        Cell("POST", TOKEN_ONLY, kwargs=secret("feedback", action="message"), body=TEXT),
    ],
    # --- a signed-in resident's own cases ----------------------------------------------------------------------------
    "frontend:my-cases": [
        Cell("GET", only(LOGIN, SIGNED_OUT, others=ALLOW), checks=(listed_only_for([OWNER]),)),
    ],
    "frontend:my-case": [
        Cell("GET", only(ALLOW, [OWNER], others=HIDE, signed_out=LOGIN), kwargs=CODE_FB, shows="feedback"),
    ],
    # Not behind login_required: without an account there is no owner to match, so 404 like for any non-owner.
    "frontend:my-case-action": [
        Cell("POST", only(ALLOW, [OWNER], others=HIDE),
             kwargs=lambda w, p: {"code": w.code("feedback"), "action": "message"}, body=TEXT),
    ],
    "frontend:my-case-attachment": [
        Cell("GET", only(ALLOW, [OWNER], others=HIDE, signed_out=LOGIN), kwargs=case_attachment("feedback")),
        Cell("GET", only(HIDE, [OWNER], others=HIDE, signed_out=LOGIN), variant="other case's file",
             kwargs=case_attachment("feedback", of="denunciation")),
    ],
    # --- recommendations of the People's Inspection Board ------------------------------------------------------------
    "frontend:recommendations": [
        Cell("GET", only(ALLOW, [LEADER, SUPERVISOR], others=FORBID, signed_out=LOGIN)),
        Cell("POST", only(ALLOW, [SUPERVISOR], others=FORBID, signed_out=LOGIN),
             body=lambda w, p: {"ward": w.ward.pk, "case_code": "", "title": "Kiến nghị thử",
                                "body": "Nội dung kiến nghị thử."}),
    ],
    "frontend:recommendation-answer": [
        # GET only sends the board's members back to the list.
        Cell("GET", only(ALLOW, [LEADER, SUPERVISOR], others=HIDE, signed_out=LOGIN),
             kwargs=lambda w, p: {"pk": w.recommendation_id}),
        Cell("POST", only(ALLOW, [LEADER], others=HIDE, signed_out=LOGIN) | {SUPERVISOR: FORBID},
             kwargs=lambda w, p: {"pk": w.recommendation_id}, body=const(answer="Phường đã xử lý.")),
    ],
    # --- the audit log (SPEC §7: viewable by leaders and supervisors; never a resident's personal data) -------------
    "frontend:desk-audit": [
        Cell("GET", only(ALLOW, [LEADER, SUPERVISOR], others=FORBID, signed_out=LOGIN),
             checks=(no_identity("denunciation"),)),
        Cell("GET", only(ALLOW, [LEADER, SUPERVISOR], others=FORBID, signed_out=LOGIN), variant="one case",
             query=lambda w, p: {"case": w.code("denunciation")}, checks=(no_identity("denunciation"),)),
    ],
    # The accounts' log: the portal's administrators (superusers, who are no persona here, and a ward's administrator
    # for the ward's staff). Naming an account of another ward's staff is a form error, as naming none.
    "frontend:desk-audit-accounts": [
        Cell("GET", only(ALLOW, [ADMIN], others=FORBID, signed_out=LOGIN), checks=(no_identity("denunciation"),)),
        Cell("GET", only(ALLOW, [ADMIN], others=FORBID, signed_out=LOGIN), variant="a staff member of the ward",
             query=const(account="mx_leader")),
        Cell("GET", only(REFUSE, [ADMIN], others=FORBID, signed_out=LOGIN), variant="another ward's staff member",
             query=const(account="mx_officer_other_ward")),
        Cell("GET", only(REFUSE, [ADMIN], others=FORBID, signed_out=LOGIN), variant="a resident",
             query=const(account="mx_owner")),
    ],
    # --- the staff desk ----------------------------------------------------------------------------------------------
    "frontend:desk-queue": [
        Cell("GET", staff(allow=WARD_STAFF), checks=(listed_only_for(VIEWERS), no_identity("denunciation"))),
        # Bulk assign: leaders only.
        Cell("POST", staff(allow=[LEADER], forbid=[OFFICER, PEER, OTHER_DEPT, OTHER_WARD, SUPERVISOR]),
             body=lambda w, p: {"cases": [str(w.cases["feedback"].pk)], "assignee": str(w.users[OFFICER].pk)}),
    ],
    "frontend:desk-case": [
        Cell("GET", staff(allow=VIEWERS, hide=OUTSIDERS), kwargs=CODE_FB, shows="feedback"),
        # SPEC §7: nobody's page shows the denouncer without an audited reveal; the supervisors never see it.
        Cell("GET", staff(allow=VIEWERS, hide=OUTSIDERS), variant="denunciation", kwargs=CODE_DN,
             shows="denunciation", checks=(no_identity("denunciation"),)),
    ],
    "frontend:desk-claim": [Cell("POST", staff(allow=WORKERS, forbid=[SUPERVISOR], hide=OUTSIDERS), kwargs=CODE_FB)],
    "frontend:desk-note": [
        Cell("POST", staff(allow=WORKERS, forbid=[SUPERVISOR], hide=OUTSIDERS), kwargs=CODE_FB, body=TEXT)],
    "frontend:desk-reply": [
        Cell("POST", staff(allow=WORKERS, forbid=[SUPERVISOR], hide=OUTSIDERS), kwargs=CODE_FB, body=TEXT)],
    "frontend:desk-transition": [
        Cell("POST", staff(allow=WORKERS, forbid=[SUPERVISOR], hide=OUTSIDERS), variant="start_work",
             kwargs=lambda w, p: {"code": w.code("feedback"), "action": "start_work"}, body=TEXT),
        Cell("POST", staff(allow=[LEADER], forbid=[OFFICER, PEER, SUPERVISOR], hide=OUTSIDERS),
             variant="suspend (leaders)", kwargs=lambda w, p: {"code": w.code("feedback"), "action": "suspend"},
             body=const(text="Căn cứ: chờ kết luận của cơ quan chuyên môn.")),
    ],
    "frontend:desk-propose": [
        Cell("POST", staff(allow=WORKERS, forbid=[SUPERVISOR], hide=OUTSIDERS), kwargs=CODE_FB, body=TEXT)],
    "frontend:desk-assign": [
        Cell("POST", staff(allow=[LEADER], forbid=[OFFICER, PEER, SUPERVISOR], hide=OUTSIDERS), kwargs=CODE_FB,
             body=assign_body)],
    "frontend:desk-approve": [
        Cell("POST", staff(allow=[LEADER], forbid=[OFFICER, PEER, SUPERVISOR], hide=OUTSIDERS), kwargs=answer_kwargs,
             body=const(note="Đồng ý."))],
    "frontend:desk-return": [
        Cell("POST", staff(allow=[LEADER], forbid=[OFFICER, PEER, SUPERVISOR], hide=OUTSIDERS), kwargs=answer_kwargs,
             body=const(note="Bổ sung căn cứ."))],
    "frontend:desk-extend": [
        Cell("POST", staff(allow=[LEADER], forbid=[OFFICER, PEER, SUPERVISOR], hide=OUTSIDERS), kwargs=CODE_FB,
             body=REASON)],
    "frontend:desk-complex": [
        Cell("POST", staff(allow=[LEADER], forbid=[OFFICER, PEER, SUPERVISOR], hide=OUTSIDERS), kwargs=CODE_DN,
             body=REASON)],
    "frontend:desk-reveal": [
        Cell("POST", staff(allow=VIEWERS, hide=OUTSIDERS), kwargs=CODE_FB, reveals="feedback", follow=True),
        # SPEC §7: a denouncer's identity only for the assigned officer and the leader, audited.
        Cell("POST", staff(allow=[OFFICER, LEADER], forbid=[PEER, SUPERVISOR], hide=OUTSIDERS),
             variant="denunciation", kwargs=CODE_DN, reveals="denunciation", follow=True),
    ],
    "frontend:desk-attachment": [
        Cell("GET", staff(allow=VIEWERS, hide=OUTSIDERS), kwargs=case_attachment("feedback")),
        # A denunciation's originals may name the denouncer: only for those who may see the identity, audited.
        Cell("GET", staff(allow=[OFFICER, LEADER], hide=[PEER, SUPERVISOR, *OUTSIDERS]), variant="denunciation",
             kwargs=case_attachment("denunciation"), audits="case.original_file_opened"),
        Cell("GET", staff(hide=WARD_STAFF), variant="other case's file",
             kwargs=case_attachment("feedback", of="denunciation")),
    ],
    # The redacted copy of a denunciation's file: whoever reads the case; other cases' files have none.
    "frontend:desk-redacted-copy": [
        Cell("GET", staff(allow=VIEWERS, hide=OUTSIDERS), kwargs=case_attachment("denunciation")),
        Cell("GET", staff(hide=WARD_STAFF), variant="feedback", kwargs=case_attachment("feedback")),
        Cell("GET", staff(hide=WARD_STAFF), variant="other case's file",
             kwargs=case_attachment("denunciation", of="feedback")),
    ],
    "frontend:desk-redact": [
        Cell("POST", staff(allow=[OFFICER, LEADER], forbid=[PEER, SUPERVISOR], hide=OUTSIDERS),
             kwargs=case_attachment("denunciation"), body=redacted_upload),
        Cell("POST", staff(forbid=VIEWERS, hide=OUTSIDERS), variant="feedback", kwargs=case_attachment("feedback"),
             body=redacted_upload),
    ],
    # Anonymous denunciations kept as inspection leads: the ward's leaders only (SPEC §2; Law on Denunciations Art. 25).
    "frontend:desk-leads": [Cell("GET", staff(allow=[LEADER], forbid=NOT_LEADERS), shows="lead",
                                 audits="case.leads_listed")],
    "frontend:desk-lead": [Cell("GET", staff(allow=[LEADER], hide=NOT_LEADERS), kwargs=case_code("lead"), shows="lead",
                                audits="case.lead_viewed")],
    "frontend:desk-lead-outcome": [Cell("POST", staff(allow=[LEADER], hide=NOT_LEADERS), kwargs=case_code("lead"),
                                        body=const(outcome="filed", note="Lưu đơn, không đủ cơ sở."))],
    "frontend:desk-lead-attachment": [
        Cell("GET", staff(allow=[LEADER], hide=NOT_LEADERS), kwargs=case_attachment("lead"),
             audits="case.lead_attachment_viewed"),
        Cell("GET", staff(hide=WARD_STAFF), variant="other case's file", kwargs=case_attachment("lead", of="feedback")),
    ],
    # --- public API ---------------------------------------------------------------------------------------------------
    "api:schema": [Cell("GET", everyone(ALLOW), public=True)],
    "api:docs": [Cell("GET", everyone(ALLOW), public=True)],
    "api:ward-list": [Cell("GET", everyone(ALLOW), public=True)],
    "api:ward-detail": [Cell("GET", everyone(ALLOW), kwargs=lambda w, p: {"code": w.ward.code}, public=True)],
    "api:category-list": [Cell("GET", everyone(ALLOW), public=True)],
    "api:calendar-add-working-days": [
        Cell("GET", everyone(ALLOW), query=const(start="2026-02-12", days="5"), public=True)],
    "api:case-submit": [Cell("POST", everyone(ALLOW), body=const())],  # open to anyone; an empty body is a 400
    "api:case-track": [
        Cell("GET", TOKEN_ONLY, kwargs=CODE_FB, query=lambda w, p: {"token": w.token(p, "feedback")},
             shows="feedback"),
        Cell("GET", everyone(HIDE), variant="other case's secret", kwargs=CODE_DN,
             query=lambda w, p: {"token": w.token(p, "feedback") if p == TOKEN_HOLDER else WRONG_TOKEN}),
    ],
    "api:case-resident-action": [
        Cell("POST", TOKEN_ONLY, kwargs=lambda w, p: {"code": w.code("feedback"), "action": "message"},
             body=lambda w, p: {"token": w.token(p, "feedback"), "text": "Xin hỏi tiến độ xử lý."}),
    ],
    # --- staff API ----------------------------------------------------------------------------------------------------
    "api:staff-case-list": [
        Cell("GET", staff(allow=WARD_STAFF), checks=(listed_only_for(VIEWERS), no_identity("denunciation")))],
    # The API checks what the codes name after reading them: a case the officer cannot see is "unknown" (400).
    "api:staff-case-bulk-assign": [
        Cell("POST", staff(allow=[LEADER], forbid=[OFFICER, PEER, SUPERVISOR], refuse=OUTSIDERS),
             body=lambda w, p: {"codes": [w.code("feedback")], "assignee": w.users[OFFICER].pk})],
    "api:staff-case-detail": [
        Cell("GET", staff(allow=VIEWERS, hide=OUTSIDERS), kwargs=CODE_FB, shows="feedback"),
        Cell("GET", staff(allow=VIEWERS, hide=OUTSIDERS), variant="denunciation", kwargs=CODE_DN,
             shows="denunciation", checks=(no_identity("denunciation"),)),
    ],
    "api:staff-case-attachment": [
        Cell("GET", staff(allow=VIEWERS, hide=OUTSIDERS), kwargs=case_attachment("feedback")),
        Cell("GET", staff(allow=[OFFICER, LEADER], forbid=[PEER, SUPERVISOR], hide=OUTSIDERS),
             variant="denunciation", kwargs=case_attachment("denunciation"), audits="case.original_file_opened"),
        Cell("GET", staff(hide=WARD_STAFF), variant="other case's file",
             kwargs=case_attachment("feedback", of="denunciation")),
    ],
    "api:staff-case-attachment-redacted": [
        Cell("GET", staff(allow=VIEWERS, hide=OUTSIDERS), kwargs=case_attachment("denunciation")),
        Cell("GET", staff(forbid=VIEWERS, hide=OUTSIDERS), variant="feedback", kwargs=case_attachment("feedback")),
        Cell("GET", staff(hide=WARD_STAFF), variant="other case's file",
             kwargs=case_attachment("denunciation", of="feedback")),
        # The matrix posts JSON: an allowed request gets past the checks to "no file" (400).
        Cell("POST", staff(allow=[OFFICER, LEADER], forbid=[PEER, SUPERVISOR], hide=OUTSIDERS),
             kwargs=case_attachment("denunciation")),
        Cell("POST", staff(forbid=VIEWERS, hide=OUTSIDERS), variant="feedback", kwargs=case_attachment("feedback")),
    ],
    # Supervisors read only (every POST of the staff API is refused to them), so they get a feedback's contact inline
    # in the case detail instead.
    "api:staff-case-identity": [
        Cell("POST", staff(allow=WORKERS, forbid=[SUPERVISOR], hide=OUTSIDERS), kwargs=CODE_FB, reveals="feedback"),
        Cell("POST", staff(allow=[OFFICER, LEADER], forbid=[PEER, SUPERVISOR], hide=OUTSIDERS),
             variant="denunciation", kwargs=CODE_DN, reveals="denunciation"),
    ],
    "api:staff-case-transition": [
        Cell("POST", staff(allow=WORKERS, forbid=[SUPERVISOR], hide=OUTSIDERS), variant="start_work", kwargs=CODE_FB,
             body=const(action="start_work", text="")),
        Cell("POST", staff(allow=[LEADER], forbid=[OFFICER, PEER, SUPERVISOR], hide=OUTSIDERS),
             variant="suspend (leaders)", kwargs=CODE_FB,
             body=const(action="suspend", text="Căn cứ: chờ kết luận của cơ quan chuyên môn.")),
    ],
    "api:staff-case-claim": [Cell("POST", staff(allow=WORKERS, forbid=[SUPERVISOR], hide=OUTSIDERS), kwargs=CODE_FB)],
    "api:staff-case-notes": [
        Cell("POST", staff(allow=WORKERS, forbid=[SUPERVISOR], hide=OUTSIDERS), kwargs=CODE_FB, body=TEXT)],
    "api:staff-case-replies": [
        Cell("POST", staff(allow=WORKERS, forbid=[SUPERVISOR], hide=OUTSIDERS), kwargs=CODE_FB, body=TEXT)],
    "api:staff-case-answers": [
        Cell("POST", staff(allow=WORKERS, forbid=[SUPERVISOR], hide=OUTSIDERS), kwargs=CODE_FB, body=TEXT)],
    "api:staff-case-assign": [
        Cell("POST", staff(allow=[LEADER], forbid=[OFFICER, PEER, SUPERVISOR], hide=OUTSIDERS), kwargs=CODE_FB,
             body=assign_body)],
    "api:staff-case-answer-approve": [
        Cell("POST", staff(allow=[LEADER], forbid=[OFFICER, PEER, SUPERVISOR], hide=OUTSIDERS), kwargs=answer_kwargs,
             body=const(note="Đồng ý."))],
    "api:staff-case-answer-return": [
        Cell("POST", staff(allow=[LEADER], forbid=[OFFICER, PEER, SUPERVISOR], hide=OUTSIDERS), kwargs=answer_kwargs,
             body=const(note="Bổ sung căn cứ."))],
    "api:staff-case-extend": [
        Cell("POST", staff(allow=[LEADER], forbid=[OFFICER, PEER, SUPERVISOR], hide=OUTSIDERS), kwargs=CODE_FB,
             body=REASON)],
    "api:staff-case-complex": [
        Cell("POST", staff(allow=[LEADER], forbid=[OFFICER, PEER, SUPERVISOR], hide=OUTSIDERS), kwargs=CODE_DN,
             body=REASON)],
    # Inspection leads, as at the desk: the list is 403 and a lead, its file and its outcome 404 for other staff (a
    # supervisor's POST included: it says nothing of the lead).
    "api:staff-lead-list": [Cell("GET", staff(allow=[LEADER], forbid=NOT_LEADERS), shows="lead",
                                 audits="case.leads_listed")],
    "api:staff-lead-detail": [Cell("GET", staff(allow=[LEADER], hide=NOT_LEADERS), kwargs=case_code("lead"),
                                   shows="lead", audits="case.lead_viewed")],
    "api:staff-lead-attachment": [
        Cell("GET", staff(allow=[LEADER], hide=NOT_LEADERS), kwargs=case_attachment("lead"),
             audits="case.lead_attachment_viewed"),
        Cell("GET", staff(hide=WARD_STAFF), variant="other case's file", kwargs=case_attachment("lead", of="feedback")),
    ],
    "api:staff-lead-outcome": [Cell("POST", staff(allow=[LEADER], hide=NOT_LEADERS), kwargs=case_code("lead"),
                                    body=const(outcome="filed", note="Lưu đơn, không đủ cơ sở."))],
}

# Other capabilities declare their URL patterns in their own module, tests/security/matrix_<name>.py, with a function
# `cells()` returning {URL key: [Cell, ...]}; it imports what it needs (Cell, everyone, ALLOW, ...) from this module.
for _extension in sorted(p.stem for p in Path(__file__).parent.glob("matrix_*.py")):
    _cells = importlib.import_module(f"{__package__}.{_extension}").cells()
    _clash = set(_cells) & set(MATRIX)
    assert not _clash, f"{_extension} declares URL keys already declared: {sorted(_clash)}"
    MATRIX.update(_cells)

# Cells that fail because of a real permission bug: (URL key, Cell.label(), persona) → reason. Never weaken a cell.
KNOWN_BUGS: dict[tuple[str, str, str], str] = {}

# --- the URLconf -----------------------------------------------------------------------------------------------------

# Not part of the matrix, on purpose.
EXCLUDED = {
    "admin": "Django admin under /admin/ (namespace 'admin'): its own authentication (is_staff plus per-model "
             "permissions), outside the product's ward roles",
    "set_language": "django.views.i18n.set_language under /i18n/setlang/: stores the visitor's language choice, "
                    "reads and changes no data",
}


def url_patterns() -> tuple[dict[str, list[str]], list[str]]:
    """(key → routes, excluded routes) for every URL pattern of the project, walking includes and namespaces. A
    pattern's key is its namespaced name, or "<namespaces>:route:<full route>" when it has no name."""
    found: dict[str, list[str]] = {}
    excluded: list[str] = []

    def walk(resolver, prefix: str, namespaces: list[str]) -> None:
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                if entry.namespace in EXCLUDED:
                    excluded.append(route)
                    continue
                walk(entry, route, namespaces + ([entry.namespace] if entry.namespace else []))
                continue
            key = ":".join([*namespaces, entry.name or f"route:{route}"])
            if key in EXCLUDED:
                excluded.append(route)
                continue
            found.setdefault(key, []).append(route)

    walk(get_resolver(), "", [])
    # Two patterns sharing one name would hide one of them behind the other's declaration: key them by route too.
    keyed: dict[str, list[str]] = {}
    for key, routes in found.items():
        if len(routes) == 1:
            keyed[key] = routes
        else:
            keyed.update({f"{key}@{route}": [route] for route in routes})
    return keyed, excluded


def test_every_url_pattern_is_declared():
    found, _excluded = url_patterns()
    missing = sorted(f"{key}  (/{routes[0]})" for key, routes in found.items() if key not in MATRIX)
    assert not missing, ("URL patterns without a declared expectation in MATRIX — say who may use them:\n  "
                         + "\n  ".join(missing))
    stale = sorted(set(MATRIX) - set(found))
    assert not stale, f"MATRIX declares URL patterns that no longer exist: {stale}"


def test_exclusions_are_exactly_the_admin_and_setlang():
    _found, excluded = url_patterns()
    assert sorted(excluded) == ["admin/", "i18n/setlang/"], excluded


def test_every_cell_declares_every_persona():
    for key, cells in MATRIX.items():
        assert cells, key
        labels = [cell.label() for cell in cells]
        assert len(labels) == len(set(labels)), f"{key}: two cells with the same method and variant"
        for cell in cells:
            assert cell.method in ("GET", "POST"), (key, cell.method)
            assert set(cell.expect) == set(PERSONAS), f"{key} {cell.label()}: {set(PERSONAS) ^ set(cell.expect)}"
            assert set(cell.expect.values()) <= OUTCOMES, (key, cell.label())
    for key, label, persona in KNOWN_BUGS:
        assert persona in PERSONAS and any(c.label() == label for c in MATRIX.get(key, ())), (key, label, persona)


# --- the matrix ------------------------------------------------------------------------------------------------------


def _params():
    for key, cells in MATRIX.items():
        for cell in cells:
            for persona in PERSONAS:
                bug = KNOWN_BUGS.get((key, cell.label(), persona))
                marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
                yield pytest.param(key, cell, persona, id=f"{key} {cell.label()} {persona}", marks=marks)




def _watched_tables():
    models = [m for m in django_apps.get_models()
              if not m._meta.proxy and m._meta.managed
              and (m._meta.app_config.name.startswith("portal.") or m._meta.label in ("auth.User", "authtoken.Token"))]
    return [(m._meta.db_table, m._meta.pk.column) for m in models]


def db_state(*, skip: tuple[str, ...] = ()) -> tuple:
    """Everything a refused request could have changed: each table's row count and highest id, and the rows of the
    tables whose rows are updated in place. `skip`: tables left out (the audit log, for an audited GET)."""
    q = connection.ops.quote_name
    parts = []
    for table, pk in _watched_tables():
        if table in skip:
            continue
        parts += [f"(SELECT COUNT(*) FROM {q(table)})", f"(SELECT MAX({q(pk)}) FROM {q(table)})"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        counts = cursor.fetchone()
    rows = tuple(list(qs) for qs in (
        Case.objects.order_by("pk").values(),
        CaseAnswer.objects.order_by("pk").values(),
        Recommendation.objects.order_by("pk").values(),
        Membership.objects.order_by("pk").values("pk", "user_id", "ward_id", "role"),
        get_user_model().objects.order_by("pk").values("pk", "is_active", "is_staff", "is_superuser", "password"),
    ))
    return counts, rows


def _url(key: str, cell: Cell, world: World, persona: str) -> str:
    if cell.path is not None:
        return cell.path(world, persona)
    return reverse(key, kwargs=cell.kwargs(world, persona) if cell.kwargs else None)


def _login_paths() -> set[str]:
    return {reverse("frontend:login"), reverse("frontend:resident-sign-in")}


def _is_login_redirect(response) -> bool:
    return response.status_code in (301, 302, 303) and urlsplit(response["Location"]).path in _login_paths()


def _text(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)  # the test client closes the response (and the file)
        try:
            return content.decode()
        except UnicodeDecodeError:
            return ""  # a file
    return response.content.decode("utf-8", "replace")


def _check_outcome(outcome: str, response, *, api: bool, method: str, where: str) -> None:
    status = response.status_code
    if outcome == ALLOW:
        assert not _is_login_redirect(response), f"{where}: sent to log in, expected to be allowed"
        if method == "GET":
            assert 200 <= status < 400, f"{where}: {status}, expected allowed (2xx/3xx)"
        else:
            assert status < 500 and status not in (401, 403, 404, 405), (
                f"{where}: {status}, expected to get past the permission checks")
    elif outcome == FORBID:
        assert status == 403, f"{where}: {status}, expected 403"
    elif outcome == HIDE:
        assert status == 404, f"{where}: {status}, expected 404 (existence hidden)"
    elif outcome == REFUSE:
        assert status == 400, f"{where}: {status}, expected 400 (refused as an unknown case)"
    elif outcome == LOGIN:
        if api:
            assert status == 401, f"{where}: {status}, expected 401"
        else:
            assert _is_login_redirect(response), (
                f"{where}: {status} {response.get('Location', '')}, expected a redirect to a login page")
    else:  # pragma: no cover
        raise AssertionError(outcome)


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "cell", "persona"), list(_params()))
def test_permission_matrix(key, cell, persona, world, matrix_media):
    api = key.startswith("api:")
    outcome = cell.expect[persona]
    client = Client()
    user = world.users[persona]
    if user is not None:
        log_in(client, user)  # leaders and the admin past the second factor too (tests/security/test_two_factor.py)
    url = _url(key, cell, world, persona)
    query = cell.query(world, persona) if cell.query else None
    body = cell.body(world, persona) if cell.body else {}
    before, audit_before = db_state(), AuditEvent.objects.count()
    views_before = AuditEvent.objects.filter(action="case.identity_viewed").count()
    audit_table = (AuditEvent._meta.db_table,)
    audited = outcome == ALLOW and bool(cell.audits)
    if audited:
        rest_before, last_event = db_state(skip=audit_table), AuditEvent.objects.order_by("-pk").first()

    if cell.method == "GET":
        response = client.get(url, query)
    elif api:
        response = client.post(url, json.dumps(body), content_type="application/json")
    else:
        response = client.post(url, body)
    where = f"{cell.method} {url} as {persona}"
    text = _text(response)

    _check_outcome(outcome, response, api=api, method=cell.method, where=where)
    if cell.follow and response.status_code in (302, 303) and not _is_login_redirect(response):
        text = _text(client.get(response["Location"]))

    # Nothing changes unless the request was allowed to change something (an audited GET: its one event).
    if audited:
        written = AuditEvent.objects.filter(pk__gt=last_event.pk if last_event else 0)
        assert [(e.action, e.actor_id) for e in written] == [(cell.audits, user.pk)], f"{where}: not audited once"
        assert db_state(skip=audit_table) == rest_before, f"{where}: the database changed"
    elif outcome != ALLOW or cell.method == "GET":
        assert AuditEvent.objects.count() == audit_before, f"{where}: the audit log changed"
        assert db_state() == before, f"{where}: the database changed"

    # Privacy (SPEC §7), on every response.
    allowed_reveal = cell.reveals if outcome == ALLOW else ""
    for case, needles in NEEDLES.items():
        shown = [needle for needle in needles if needle in text]
        if cell.public:
            assert not shown, f"{where}: a public page shows the {case} resident's contact {shown}"
        elif shown:
            assert persona in MAY_KNOW[case] or allowed_reveal == case, (
                f"{where}: shows the {case} resident's contact {shown}")

    for what, (needle, who) in RESTRICTED.items():
        if needle in text:
            assert not cell.public and persona in who, f"{where}: shows {what}"

    if outcome == ALLOW and cell.shows and cell.method == "GET" and response.status_code == 200:
        assert world.code(cell.shows) in text, f"{where}: the page does not show case {world.code(cell.shows)}"
    if allowed_reveal:
        contact = CONTACTS[allowed_reveal]
        assert contact["contact_name"] in text and contact["contact_phone"] in text, f"{where}: identity not shown"
        if allowed_reveal == "denunciation":
            views = AuditEvent.objects.filter(action="case.identity_viewed")
            assert views.count() == views_before + 1, f"{where}: seeing a denouncer's identity was not audited"
            assert views.order_by("-pk").first().actor_id == user.pk
    elif cell.reveals == "denunciation":
        assert AuditEvent.objects.filter(action="case.identity_viewed").count() == views_before

    for check in cell.checks:
        check(world, persona, text)


# --- two-step verification: a leader's or admin's session that passed only the password ----------------------------

# The pages such a session may still use (portal.security.middleware.EXEMPT_VIEWS).
SECOND_FACTOR_EXEMPT = {"frontend:login", "frontend:logout", "frontend:two-factor-verify", "frontend:two-factor-setup",
                        "frontend:password-reset", "frontend:password-reset-done", "frontend:password-reset-confirm",
                        "frontend:password-reset-complete"}


def _unverified_params():
    for key, cells in MATRIX.items():
        if key in SECOND_FACTOR_EXEMPT:
            continue
        for cell in cells:
            for persona in (LEADER, ADMIN):
                yield pytest.param(key, cell, persona, id=f"{key} {cell.label()} {persona}")


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "cell", "persona"), list(_unverified_params()))
def test_a_session_without_the_second_factor_is_refused(key, cell, persona, world, matrix_media):
    """Every page and endpoint, as a leader (who has an authenticator: sent to type its code) or the ward's admin
    (who has none yet: sent to set one up) right after the password: web pages redirect to the two-step page,
    the API and Open311 answer 403; nothing changes and nothing of a case is shown."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = world.users[persona]
    if persona == LEADER:
        TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "authenticator"})
    else:
        TOTPDevice.objects.filter(user=user).delete()
    client = log_in(Client(), user, second_factor=False)
    url = _url(key, cell, world, persona)
    query = cell.query(world, persona) if cell.query else None  # may build the cell's data: before the snapshot
    body = cell.body(world, persona) if cell.body else {}
    before, audit_before = db_state(), AuditEvent.objects.count()
    api = url.startswith(("/api/", "/open311/"))
    if cell.method == "GET":
        response = client.get(url, query)
    elif api:
        response = client.post(url, json.dumps(body), content_type="application/json")
    else:
        response = client.post(url, body)
    where = f"{cell.method} {url} as {persona} without the second factor"
    if api:
        assert response.status_code == 403, f"{where}: {response.status_code}, expected 403"
    else:
        step = reverse("frontend:two-factor-verify" if persona == LEADER else "frontend:two-factor-setup")
        assert response.status_code == 302 and urlsplit(response["Location"]).path == step, (
            f"{where}: {response.status_code} {response.get('Location', '')}, expected a redirect to {step}")
    assert AuditEvent.objects.count() == audit_before, f"{where}: the audit log changed"
    assert db_state() == before, f"{where}: the database changed"
    text = _text(response)
    for needle in [*NEEDLES["feedback"], *NEEDLES["denunciation"], *(n for n, _who in RESTRICTED.values())]:
        assert needle not in text, f"{where}: shows {needle!r}"


# --- CSRF: a cross-site form cannot make an allowed request on a visitor's behalf ------------------------------------


def _csrf_params():
    """Each POST cell once, as a persona allowed to make it (signed in if possible). DRF views are exempt from
    Django's CSRF middleware and check CSRF only for session-authenticated users, so an API cell needs one."""
    for key, cells in MATRIX.items():
        for cell in cells:
            if cell.method != "POST":
                continue
            allowed = [p for p in PERSONAS if cell.expect[p] == ALLOW]
            signed_in = [p for p in allowed if p not in SIGNED_OUT]
            persona = (signed_in or ([] if key.startswith("api:") else allowed) or [None])[0]
            if persona is not None:
                yield pytest.param(key, cell, persona, id=f"{key} {cell.label()} {persona}")


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "cell", "persona"), list(_csrf_params()))
def test_allowed_posts_need_the_csrf_token(key, cell, persona, world, matrix_media):
    client = Client(enforce_csrf_checks=True)
    if world.users[persona] is not None:
        log_in(client, world.users[persona])
    url = _url(key, cell, world, persona)
    body = cell.body(world, persona) if cell.body else {}
    before = db_state()
    if key.startswith("api:"):
        response = client.post(url, json.dumps(body), content_type="application/json")
    else:
        response = client.post(url, body)
    assert response.status_code == 403, f"POST {url} as {persona} without a CSRF token: {response.status_code}"
    assert db_state() == before, f"POST {url} as {persona} without a CSRF token changed the database"
