"""Permission matrix cells of dialogues (SPEC §6): public pages and feeds for everyone; residents' actions for signed-in
residents verified by a one-time code (signed out → sign in, anyone else → 403); staff pages and actions for the ward's
officers and leaders (supervisors read only: 403 on writes; staff of another ward: 404); scheduling for leaders only.
Complaint dialogues are never public (404 on the public page and API for anyone but the ward's staff).

The dialogue data is created inside each test's savepoint by the kwargs functions (before the matrix takes its
snapshot of the database), and rolled back with it."""

import datetime as dt

from django.utils import timezone

MARK = "Phiên ma trận đối thoại"


def _data(world):
    from portal.accounts.models import ResidentProfile
    from portal.dialogues.models import (
        Commitment,
        CommitmentUpdate,
        DialogueRequest,
        Question,
        Registration,
        Session,
        SessionKind,
        SessionState,
    )

    from .test_permission_matrix import LEADER, OTHER_RESIDENT, OWNER

    existing = Session.objects.filter(ward=world.ward, title=f"{MARK} mở").first()
    if existing is None:
        for persona in (OWNER, OTHER_RESIDENT):
            user = world.users[persona]
            ResidentProfile.objects.get_or_create(user=user, defaults={
                "channel": "email", "contact": user.email, "verified_at": timezone.now()})
        leader = world.users[LEADER]
        now = timezone.now()

        def session(suffix, kind, state, starts_at):
            return Session.objects.create(
                ward=world.ward, kind=kind, title=f"{MARK} {suffix}", starts_at=starts_at, venue="Hội trường",
                state=state, capacity=50, announced_at=now - dt.timedelta(days=20),
                announced_on=(now - dt.timedelta(days=20)).date(), created_by=leader,
                held_on=starts_at.date() if state == SessionState.HELD else None,
                results_due=starts_at.date() + dt.timedelta(days=10) if state == SessionState.HELD else None)

        open_session = session("mở", SessionKind.CONFERENCE, SessionState.OPEN, now + dt.timedelta(days=30))
        held = session("đã họp", SessionKind.CONFERENCE, SessionState.HELD, now - dt.timedelta(days=2))
        session("khiếu nại", SessionKind.COMPLAINT, SessionState.PLANNED, now + dt.timedelta(days=3))
        Question.objects.create(session=open_session, author=world.users[OWNER], text="Câu hỏi ma trận?")
        Registration.objects.create(session=open_session, user=world.users[OWNER], status="confirmed", queued_at=now)
        commitment = Commitment.objects.create(session=held, ward=world.ward, title="Cam kết ma trận",
                                               department=world.department, due_date=dt.date(2030, 1, 1))
        CommitmentUpdate.objects.create(commitment=commitment, status="planned", actor=leader, created_at=now)
        DialogueRequest.objects.create(ward=world.ward, title="Đề nghị ma trận", reason="Lý do",
                                       created_by=world.users[OWNER], created_at=now)
    sessions = {s.title.removeprefix(f"{MARK} "): s for s in Session.objects.filter(title__startswith=MARK)}
    return {
        "open": sessions["mở"].pk, "held": sessions["đã họp"].pk, "complaint": sessions["khiếu nại"].pk,
        "question": Question.objects.get(session_id=sessions["mở"].pk).pk,
        "commitment": Commitment.objects.get(session_id=sessions["đã họp"].pk).pk,
        "request": DialogueRequest.objects.get(title="Đề nghị ma trận").pk,
    }


def setup(world, persona):
    """No URL kwargs; creates the dialogue data (and the residents' verified accounts) first."""
    _data(world)
    return {}


def pk_of(what):
    return lambda w, p: {"pk": _data(w)[what]}


def action_on(what, action):
    return lambda w, p: {"pk": _data(w)[what], "action": action}


def cells():
    from .test_permission_matrix import (
        ADMIN,
        ALLOW,
        ANONYMOUS,
        FORBID,
        HIDE,
        LEADER,
        LOGIN,
        OFFICER,
        OTHER_DEPT,
        OTHER_RESIDENT,
        OTHER_WARD,
        OWNER,
        PEER,
        SUPERVISOR,
        TOKEN_HOLDER,
        WARD_STAFF,
        Cell,
        const,
        everyone,
        only,
        staff,
    )

    residents = only(ALLOW, [OWNER, OTHER_RESIDENT], others=FORBID, signed_out=LOGIN)
    ward_staff = [OFFICER, PEER, OTHER_DEPT, LEADER, SUPERVISOR]
    reads = staff(allow=ward_staff, hide=[OTHER_WARD])
    runs = staff(allow=[OFFICER, PEER, OTHER_DEPT, LEADER], forbid=[SUPERVISOR], hide=[OTHER_WARD])
    schedules = staff(allow=[LEADER], forbid=[OFFICER, PEER, OTHER_DEPT, OTHER_WARD, SUPERVISOR])
    complaint_api = only(ALLOW, ward_staff, others=HIDE)
    assert ANONYMOUS in residents and TOKEN_HOLDER in residents and ADMIN in runs

    def lists_ward(world, persona, text):
        assert MARK in text, "the list does not show the ward's sessions"

    def no_complaint(world, persona, text):
        assert f"{MARK} khiếu nại" not in text, "a complaint dialogue is on a public page"

    def complaint_for_ward_staff_only(world, persona, text):
        shown = f"{MARK} khiếu nại" in text
        assert shown == (persona in ward_staff), f"complaint dialogue listed: {shown} for {persona}"

    def owner_contact(world):
        from .test_permission_matrix import OWNER

        return world.users[OWNER].email

    def registrants_for_ward_staff_only(world, persona, text):
        shown = owner_contact(world) in text
        assert not shown or persona in ward_staff, f"a registrant's contact is shown to {persona}"

    def registrants_listed(world, persona, text):
        if persona in ward_staff:
            assert owner_contact(world) in text, "the ward's staff do not see the registrants"

    def no_registrant_contact(world, persona, text):
        assert owner_contact(world) not in text, "a public page shows a registrant's contact"

    changes = staff(allow=[LEADER], forbid=[OFFICER, PEER, OTHER_DEPT, SUPERVISOR], hide=[OTHER_WARD])
    later = lambda w, p: {"ward": w.ward.code, "kind": "conference", "title": "Phiên thử",  # noqa: E731
                          "starts_at": (timezone.now() + dt.timedelta(days=1)).isoformat(), "venue": "Hội trường"}
    return {
        # --- public pages -------------------------------------------------------------------------------------------
        "frontend:dialogues-calendar": [Cell("GET", everyone(ALLOW), public=True, checks=(lists_ward, no_complaint),
                                             kwargs=setup)],
        "frontend:dialogues-ical": [Cell("GET", everyone(ALLOW), public=True, query=const(ward="MX01"),
                                         checks=(no_complaint,), kwargs=setup)],
        "frontend:dialogues-commitments": [Cell("GET", everyone(ALLOW), public=True,
                                                kwargs=setup)],
        "frontend:dialogues-compliance": [Cell("GET", everyone(ALLOW), public=True, kwargs=setup,
                                               query=const(ward="MX01"))],
        "frontend:dialogues-requests": [
            Cell("GET", everyone(ALLOW), public=True, kwargs=setup),
            Cell("POST", residents, kwargs=setup, body=const(title="")),
        ],
        "frontend:dialogues-request": [
            Cell("GET", everyone(ALLOW), public=True, kwargs=pk_of("request")),
            Cell("POST", residents, kwargs=pk_of("request")),
        ],
        "frontend:dialogues-session": [
            Cell("GET", everyone(ALLOW), public=True, kwargs=pk_of("open"), checks=(no_registrant_contact,)),
            Cell("GET", everyone(HIDE), variant="complaint dialogue", kwargs=pk_of("complaint")),
        ],
        "frontend:dialogues-register": [Cell("POST", residents, kwargs=pk_of("open"))],
        "frontend:dialogues-ask": [Cell("POST", residents, kwargs=pk_of("open"), body=const(text="Câu hỏi thử?"))],
        "frontend:dialogues-vote": [Cell("POST", residents, kwargs=pk_of("question"))],
        # No minutes are published in the matrix's data: there is no scan to serve, for anyone.
        "frontend:dialogues-minutes-scan": [Cell("GET", everyone(HIDE), kwargs=pk_of("held"))],
        # --- staff pages --------------------------------------------------------------------------------------------
        "frontend:dialogues-staff": [
            Cell("GET", staff(allow=WARD_STAFF), kwargs=setup),
            Cell("POST", schedules, kwargs=setup, body=lambda w, p: {"ward": w.ward.pk, "title": ""}),
        ],
        "frontend:dialogues-staff-session": [
            Cell("GET", reads, kwargs=pk_of("open"), checks=(registrants_listed, registrants_for_ward_staff_only)),
            Cell("GET", reads, variant="complaint dialogue", kwargs=pk_of("complaint")),
        ],
        "frontend:dialogues-staff-action": [
            Cell("POST", runs, kwargs=action_on("open", "held")),
            Cell("POST", changes, variant="cancel", kwargs=action_on("open", "cancel"),
                 body=const(**{"cancel-reason": "Bão số 10"})),
        ],
        "frontend:dialogues-staff-question": [Cell("POST", runs, kwargs=action_on("question", "topic"),
                                                   body=const(topic="Giao thông"))],
        "frontend:dialogues-staff-commitment": [Cell("POST", runs, kwargs=pk_of("commitment"),
                                                     body=const(status="in_progress", note="Đang làm"))],
        # --- API ----------------------------------------------------------------------------------------------------
        "api:dialogues-sessions": [
            Cell("GET", everyone(ALLOW), public=True, checks=(complaint_for_ward_staff_only,), kwargs=setup),
            Cell("POST", schedules, kwargs=setup, body=later),  # announced late without a reason: 400 for the leader
        ],
        "api:dialogues-session": [
            Cell("GET", everyone(ALLOW), public=True, kwargs=pk_of("open"), checks=(no_registrant_contact,)),
            Cell("GET", complaint_api, variant="complaint dialogue", kwargs=pk_of("complaint")),
        ],
        "api:dialogues-registration": [Cell("POST", residents, kwargs=pk_of("open"))],
        "api:dialogues-questions": [Cell("POST", residents, kwargs=pk_of("open"), body=const(text="Hỏi qua API?"))],
        "api:dialogues-vote": [Cell("POST", residents, kwargs=pk_of("question"))],
        "api:dialogues-state": [Cell("POST", runs, kwargs=pk_of("open"), body=const(step="held"))],
        "api:dialogues-minutes": [Cell("POST", runs, kwargs=pk_of("open"), body=const(minutes="Biên bản"))],
        "api:dialogues-session-commitments": [Cell("POST", runs, kwargs=pk_of("held"), body=const(title=""))],
        "api:dialogues-moderation": [Cell("POST", runs, kwargs=pk_of("question"),
                                          body=const(moderation="topic", topic="An ninh"))],
        "api:dialogues-edit": [Cell("POST", changes, kwargs=pk_of("open"),
                                    body=const(reason="Đổi địa điểm", venue="Nhà văn hóa khu phố 2"))],
        "api:dialogues-reschedule": [Cell("POST", changes, kwargs=pk_of("open"), body=lambda w, p: {
            "reason": "Trùng lịch", "starts_at": (timezone.now() + dt.timedelta(days=40)).isoformat()})],
        "api:dialogues-cancel": [Cell("POST", changes, kwargs=pk_of("open"), body=const(reason="Bão số 10"))],
        "api:dialogues-registrants": [Cell("GET", reads, kwargs=pk_of("open"),
                                           checks=(registrants_listed, registrants_for_ward_staff_only))],
        "api:dialogues-request-link": [Cell("POST", changes, kwargs=pk_of("request"),
                                            body=lambda w, p: {"session": _data(w)["open"]})],
        "api:dialogues-commitments": [Cell("GET", everyone(ALLOW), public=True,
                                           kwargs=setup)],
        "api:dialogues-commitment-progress": [Cell("POST", runs, kwargs=pk_of("commitment"),
                                                   body=const(status="in_progress", note="Đang làm"))],
        "api:dialogues-compliance": [Cell("GET", everyone(ALLOW), public=True, kwargs=const(ward_code="MX01"))],
        "api:dialogues-requests": [
            Cell("GET", everyone(ALLOW), public=True, kwargs=setup),
            Cell("POST", residents, kwargs=setup, body=const(title="")),
        ],
        "api:dialogues-request-support": [Cell("POST", residents, kwargs=pk_of("request"))],
    }
