"""The benchmark data generator (bench/generate.py) makes data the app itself works with: the staff queue, the case
page with a long timeline, the resident's status page by its secret link, the dashboard."""

import pytest
from django.db import connection
from django.db.models import Count

from bench import generate
from portal.cases import selectors
from portal.cases.models import OPEN_STATES, Case, Message
from portal.wards.models import Membership

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="bench/generate.py loads PostgreSQL by COPY")


@pytest.fixture
def generated(db):
    return generate.generate(generate.parse_args(["--cases", "400", "--wards", "3", "--long-timelines", "2",
                                                  "--seed", "7"]))


def test_generator_loads_the_cases_it_reports(generated):
    assert Case.objects.count() == generated["cases"] == 400
    assert Message.objects.count() == generated["messages"]
    assert Case.objects.filter(state__in=[s.value for s in OPEN_STATES]).count() == generated["open"]
    assert 0 < generated["open"] < 400
    assert not Case.objects.filter(state__in=[s.value for s in OPEN_STATES], due_date__isnull=True).exists()
    codes = list(Case.objects.values_list("tracking_code", flat=True))
    assert len(set(codes)) == len(codes)


def test_officers_queue_case_page_and_status_page_work_on_generated_data(generated, client):
    longest = Message.objects.values("case_id").annotate(n=Count("id")).order_by("-n")[0]
    assert longest["n"] > 300
    long_case = Case.objects.get(pk=longest["case_id"])
    officer = Membership.objects.filter(ward=long_case.ward, role="officer",
                                        departments=long_case.department).get().user
    assert selectors.queue(officer, selectors.QueueFilters()).exists()
    client.force_login(officer)
    page = client.get(f"/can-bo/don/{long_case.tracking_code}/")
    assert page.status_code == 200
    assert long_case.title in page.content.decode()
    client.logout()
    status = client.get(f"/tra-cuu/{long_case.tracking_code}/bench-{long_case.pk}/")
    assert status.status_code == 200
    assert client.get(f"/minh-bach/{long_case.ward.code}/").status_code == 200


# --- dialogues (bench/dialogues.py) -------------------------------------------------------------------------------

def _dialogue_counts():
    from portal.accounts.models import ResidentProfile
    from portal.dialogues.models import (
        Commitment,
        CommitmentUpdate,
        DialogueRequest,
        Question,
        Registration,
        Session,
        SessionChange,
        Vote,
    )

    return {"dialogue sessions": Session.objects.count(),
            "residents": ResidentProfile.objects.filter(user__username__startswith="bench-resident-").count(),
            "registrations": Registration.objects.count(), "questions": Question.objects.count(),
            "votes": Vote.objects.count(), "commitments": Commitment.objects.count(),
            "commitment updates": CommitmentUpdate.objects.count(), "session changes": SessionChange.objects.count(),
            "dialogue requests": DialogueRequest.objects.count()}


def check_foreign_keys():
    """COPY's rows are checked against their foreign keys at commit, which a test never reaches: check them now."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_generator_loads_dialogues_of_every_kind_with_what_residents_and_staff_did(generated):
    from portal.dialogues.models import Commitment, Question, Registration, Session

    check_foreign_keys()
    assert {k: generated[k] for k in _dialogue_counts()} == _dialogue_counts()
    sessions = Session.objects.all()
    assert set(sessions.values_list("kind", flat=True)) == {"conference", "reception", "area_conference", "complaint"}
    assert {"planned", "open", "held", "published", "cancelled"} <= set(sessions.values_list("state", flat=True))
    assert sessions.filter(kind="reception").count() >= 3 * 52 * 4  # weekly, five years, three wards
    for session in sessions.filter(kind="complaint").select_related("case"):
        assert session.case.kind == "complaint" and session.case.ward_id == session.ward_id
    assert not sessions.filter(state="published", minutes_html="").exists()
    assert sessions.filter(announcement_late=True).exclude(late_reason="").exists()
    # capacity is honoured: the others wait
    for session in sessions.filter(capacity__isnull=False, kind="conference"):
        assert session.registrations.filter(status="confirmed").count() <= session.capacity
    assert Registration.objects.filter(status="cancelled").exists()
    assert Question.objects.filter(state="hidden").exclude(hidden_reason="").exists()
    merged = Question.objects.filter(state="merged").select_related("merged_into").first()
    assert merged is not None and merged.merged_into.session_id == merged.session_id
    held = Question.objects.filter(session__state__in=["held", "published"], state="visible")
    assert held.exists() and not held.filter(answer="").exists()  # every question of a held session answered
    assert set(Commitment.objects.values_list("status", flat=True)) == {"planned", "in_progress", "done", "dropped"}
    for commitment in Commitment.objects.filter(status__in=["done", "dropped"]).prefetch_related("updates")[:50]:
        assert [u.status for u in commitment.updates.all()][-1] == commitment.status
    assert not Commitment.objects.filter(status="dropped", status_reason="").exists()


def test_the_app_pages_and_selectors_work_on_the_generated_dialogues(generated, client):
    from portal.dialogues import selectors
    from portal.dialogues.models import Question, Session
    from portal.wards.models import Ward

    ward = Ward.objects.get(code="BW001")
    upcoming, past = selectors.calendar_split(ward=ward, limit=200)
    assert upcoming and past
    busiest = (Question.objects.filter(session__kind__in=["conference", "reception", "area_conference"])
               .values("session_id").annotate(n=Count("id")).order_by("-n").first())
    session = Session.objects.get(pk=busiest["session_id"])
    ranked = selectors.ranked_questions(session)
    assert [q.votes_count for q in ranked] == sorted((q.votes_count for q in ranked), reverse=True)
    report = selectors.compliance(ward=ward, year=ward_year(session))
    assert report.conferences_held >= 1 and report.reception_days_held > 40
    assert selectors.dashboard_figures(ward_ids=None, first=session.held_on or session.starts_at.date(),
                                       last=session.starts_at.date())
    for path in ("/doi-thoai/", "/doi-thoai/?ward=BW001", "/doi-thoai/cam-ket/", "/doi-thoai/cam-ket/?ward=BW002",
                 "/doi-thoai/tuan-thu/?ward=BW001", "/doi-thoai/de-nghi/", "/doi-thoai/lich.ics",
                 "/api/v1/dialogues/sessions/", "/api/v1/dialogues/commitments/"):
        assert client.get(path).status_code == 200, path
    page = client.get(f"/doi-thoai/{session.pk}/")
    assert page.status_code == 200
    assert ranked[0].text.split(",")[0] in page.content.decode()
    assert client.get(f"/api/v1/dialogues/sessions/{session.pk}/").json()["questions"]
    complaint = Session.objects.filter(kind="complaint").first()
    if complaint is not None:
        assert client.get(f"/doi-thoai/{complaint.pk}/").status_code == 404  # never public


def ward_year(session):
    return (session.held_on or session.starts_at.date()).year


def test_dialogues_are_reproducible_from_the_seed_and_added_only_once(generated):
    import datetime as dt

    from bench import dialogues
    from portal.dialogues.models import Question, Session

    def digest():
        return (list(Session.objects.order_by("starts_at", "title", "ward_id")
                     .values_list("ward__code", "kind", "title", "starts_at", "state", "capacity")),
                list(Question.objects.order_by("session__starts_at", "created_at", "text")
                     .values_list("text", "state", "topic")[:500]))

    day = dt.date(2026, 11, 2)
    with pytest.raises(dialogues.AlreadyGenerated):
        dialogues.generate(seed=7, years=2, today=day)
    with pytest.raises(SystemExit, match="only once"):
        dialogues.main([])
    tables = ("dialogues_requestsupport, dialogues_dialoguerequest, dialogues_commitmentupdate, dialogues_commitment, "
              "dialogues_vote, dialogues_question, dialogues_registration, dialogues_sessionchange, "
              "dialogues_session")
    runs = []
    for _ in range(2):
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the rows COPY wrote are checked now, not at commit
            cursor.execute(f"TRUNCATE {tables}")
            cursor.execute("DELETE FROM accounts_residentprofile WHERE user_id IN "
                           "(SELECT id FROM auth_user WHERE username LIKE 'bench-resident-%')")
            cursor.execute("DELETE FROM auth_user WHERE username LIKE 'bench-resident-%'")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as in the generator's own transaction
        counts = dialogues.generate(seed=11, years=2, today=day)
        check_foreign_keys()
        runs.append((counts.pop("seconds") and counts, digest()))
    assert runs[0] == runs[1]
    assert runs[0][0]["dialogue sessions"] > 0
