"""`manage.py seed_demo`: realistic demo data through the real intake service, safe to run on every start."""

import datetime as dt
import io

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from portal.cases.models import OPEN_STATES, Case, Message
from portal.cases.selectors import case_for_resident
from portal.cases.workflow import TRANSITIONS
from portal.core.demo_data import ACCOUNTS, DEMO_TOKEN
from portal.routing.models import RoutingRule
from portal.wards.models import Category, Membership, Ward

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 25, 3, 0, tzinfo=dt.UTC)  # 10:00 in Ho Chi Minh City


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@time_machine.travel(NOW, tick=False)
def test_seed_demo_loads_wards_staff_and_cases_through_the_services_and_runs_again_as_a_no_op():
    output = seed()

    wards = {w.code: w for w in Ward.objects.annotate(n_areas=Count("areas", distinct=True),
                                                      n_depts=Count("departments", distinct=True))}
    assert set(wards) == {"PN17", "BT03"}
    for ward in wards.values():
        assert ward.city == "Thành phố Hồ Chí Minh" and ward.voters_count
        assert 5 <= ward.n_areas <= 8 and ward.n_depts == 4
    categories = list(Category.objects.all())
    assert 10 <= len(categories) <= 12
    assert all(c.name_en and set(c.kinds) <= {"feedback", "complaint", "denunciation"} for c in categories)
    assert {kind for c in categories for kind in c.kinds} == {"feedback", "complaint", "denunciation"}

    # one account per role in PN17, a second officer in BT03; staff, with the documented passwords
    roles = set(Membership.objects.filter(ward__code="PN17").values_list("role", flat=True))
    assert roles == {"officer", "leader", "supervisor", "admin"}
    assert Membership.objects.filter(ward__code="BT03", role="officer").exists()
    users = get_user_model().objects.filter(username__in=[a["username"] for a in ACCOUNTS])
    assert users.count() == len(ACCOUNTS) and all(u.is_staff for u in users)
    assert users.get(username="quantri").is_superuser
    assert users.get(username="canbo").check_password("demo-canbo-2026")
    assert Membership.objects.get(user__username="canbo", ward__code="PN17").departments.count() == 2

    cases = Case.objects.all()
    assert cases.count() >= 100
    assert set(cases.values_list("ward__code", flat=True)) == {"PN17", "BT03"}
    states = set(cases.values_list("state", flat=True))
    assert len(states) >= 5 and {"received", "answered", "closed"} <= states
    assert set(cases.values_list("kind", flat=True)) == {"feedback", "complaint", "denunciation"}
    assert {"web", "walk_in", "phone", "letter"} <= set(cases.values_list("channel", flat=True))
    assert cases.filter(kind="feedback", is_anonymous=True, contact_name="").exists()
    assert cases.filter(signatory_count__gte=5).exclude(representative_name="").exists()
    assert not cases.filter(kind="complaint", decision_date=None).exists()
    assert cases.filter(kind="complaint", is_late_filing=True, state="rejected").exists()
    for case in cases.filter(kind="denunciation"):
        assert case.contact_name and case.contact_address and (case.contact_phone or case.contact_email)
    # spread over about six months before "now", never in the future
    first, last = cases.order_by("received_at")[0].received_at, cases.order_by("-received_at")[0].received_at
    assert last <= NOW and (NOW - first).days >= 120
    assert cases.filter(state__in=list(OPEN_STATES), due_date__lt=NOW.date()).exists()  # some are overdue

    # every case came through submit_case: one submission entry and one audit event each
    assert Message.objects.filter(kind="submission").count() == cases.count()
    assert AuditEvent.objects.filter(action="case.submitted").count() == cases.count()
    # states changed through the workflow: a public timeline entry and an audit event each; answers are public
    for case in cases.exclude(state="received").prefetch_related("messages"):
        changes = [m for m in case.messages.all() if m.to_state and m.kind != "submission"]
        assert changes and changes[-1].to_state == case.state and changes[-1].is_public
    workflow_events = AuditEvent.objects.filter(action__in=[f"case.{action}" for action in TRANSITIONS])
    assert workflow_events.count() == Message.objects.exclude(kind="submission").exclude(to_state="").count()
    for case in cases.filter(state__in=["answered", "closed"]):
        assert case.messages.filter(kind="answer", is_public=True).exclude(body="").exists()
    assert cases.filter(kind="complaint", answered_at__isnull=False).exists()
    assert AuditEvent.objects.filter(action="case.answer_approved").exists()  # complaints: drafted, then approved
    assert cases.filter(department__isnull=True).exists() and cases.filter(department__isnull=False).exists()

    # residents rated some answers (through the service, none poor), and the dashboard has every month at once
    from portal.cases.models import Rating
    from portal.transparency.models import MonthlyStat
    from portal.transparency.rollups import month_start

    ratings = Rating.objects.all()
    assert ratings.count() >= 20 and min(ratings.values_list("score", flat=True)) >= 3
    assert AuditEvent.objects.filter(action="case.rated").count() == ratings.count()
    first_month = month_start(cases.order_by("received_on")[0].received_on)
    assert MonthlyStat.objects.filter(month=first_month, dimension="total").exists()
    assert MonthlyStat.objects.filter(dimension="total").aggregate(n=Sum("ratings_count"))["n"] == ratings.count()

    # the audit log reads in time order and its chain holds
    assert verify_chain().ok
    times = list(AuditEvent.objects.order_by("id").values_list("created_at", flat=True))
    assert times == sorted(times)

    # the printed block: the URL, the accounts and a case residents can open
    assert "http://127.0.0.1:8000" in output
    for account in ACCOUNTS:
        assert account["username"] in output and account["password"] in output
    demo = Case.objects.get(access_token_hash__isnull=False, tracking_code__in=[
        line.split("/tra-cuu/")[1].split("/")[0] for line in output.splitlines() if "/tra-cuu/" in line])
    assert f"/tra-cuu/{demo.tracking_code}/{DEMO_TOKEN}/" in output
    assert case_for_resident(code=demo.tracking_code, token=DEMO_TOKEN) == demo

    # `make run` runs it on every start: the second time it creates nothing, keeps an admin's edits (here a
    # routing rule switched off) and prints the same block
    RoutingRule.objects.filter(pk=RoutingRule.objects.order_by("pk")[0].pk).update(is_active=False)
    before = row_counts()
    again = seed()
    assert row_counts() == before
    assert RoutingRule.objects.filter(is_active=False).count() == 1
    assert "nothing created" in again
    for account in ACCOUNTS:
        assert f"{account['username']} " in again and account["password"] in again
    assert f"/tra-cuu/{demo.tracking_code}/{DEMO_TOKEN}/" in again


def test_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        seed()
    assert not Ward.objects.exists()


def test_works_without_time_machine_as_installed_by_make_run(monkeypatch):
    """`make run` installs only the runtime dependencies: the seed then freezes time by patching timezone.now."""
    from portal.core.management.commands import seed_demo

    monkeypatch.setattr(seed_demo, "time_machine", None)
    seed()

    assert verify_chain().ok
    cases = Case.objects.all()
    assert cases.count() >= 100 and len(set(cases.values_list("state", flat=True))) >= 5
    received = sorted(cases.values_list("received_at", flat=True))
    assert (received[-1] - received[0]).days >= 120
