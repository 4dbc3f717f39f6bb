"""Benchmark of the deadline sweep (portal.cases.reminders.sweep) over many open cases.

Run it against a throwaway database; it writes cases, outbox rows and audit events there:

    createdb ow_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ow_bench .venv/bin/python bench/sweep.py --cases 20000

It migrates the database, refuses to touch one that already holds cases unless --reset is given (which empties it
and puts back the seeded reference data), bulk-creates N open cases in --wards wards (intake is bypassed for speed),
and times these scenarios, printing one line each:

  on-track      every case is due later than the reminder window: nothing to send
  due-soon      --due-soon share of the cases due within the reminder window: reminders are queued
  due-soon x2   the same sweep again: everything was sent already, nothing to send
  overdue       --overdue share of the cases past their due date: escalations (note, audit event, leaders' e-mails)
  overdue x2    again: nothing to send
  full read     for reference, reading and classifying every open case (what a sweep without the due-date
                window in SQL would cost)

E-mails are only queued: the broker is kombu's in-memory transport, so nothing is sent and no worker is needed.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
# Queue to an in-memory broker: the sweep's cost is queueing; sending is the workers' job.
os.environ["CELERY_BROKER_URL"] = "memory://localhost/"
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "0"
os.environ.setdefault("LOG_LEVEL", "WARNING")

SEEDS = (
    "portal.deadlines.migrations.0002_seed_calendar_overrides",
    "portal.deadlines.migrations.0003_seed_deadline_policies",
    "portal.deadlines.migrations.0005_seed_escalation_policy",
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=20_000, help="open cases to create (default 20000)")
    parser.add_argument("--wards", type=int, default=20, help="wards to spread them over (default 20)")
    parser.add_argument("--due-soon", type=float, default=0.01, help="share due within the window (default 0.01)")
    parser.add_argument("--overdue", type=float, default=0.01, help="share past their due date (default 0.01)")
    parser.add_argument("--chunk-size", type=int, default=None, help="cases per query (default: the sweep's)")
    parser.add_argument("--reset", action="store_true", help="empty the database first (throwaway databases only)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed")
    return parser.parse_args()


def setup(reset: bool) -> None:
    import django

    django.setup()
    import importlib

    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command

    if settings.PRODUCTION:
        sys.exit("refusing to run against a production configuration")
    call_command("migrate", verbosity=0)
    from portal.cases.models import Case

    if Case.objects.exists():
        if not reset:
            sys.exit("the database already holds cases: use a throwaway database, or --reset to empty this one")
        call_command("flush", interactive=False, verbosity=0)
        for module in SEEDS:
            importlib.import_module(module).seed(apps, None)


def create_data(args: argparse.Namespace) -> dict:
    """Wards with two leaders and five officers each, a category, and N on-track open cases. Returns timings."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from portal.cases.models import Case, CaseState, hash_token
    from portal.core.timeutil import local_today, now
    from portal.deadlines.selectors import calendar_for
    from portal.wards.models import CaseKind, Category, Membership, Role, Ward

    started = time.monotonic()
    rng = random.Random(args.seed)
    user_model = get_user_model()
    password = make_password(None)
    category, _ = Category.objects.get_or_create(
        code="bench",
        defaults={"name": "Hạ tầng (bench)", "name_en": "Infrastructure (bench)", "kinds": list(CaseKind.values)},
    )
    wards = Ward.objects.bulk_create(
        [
            Ward(code=f"BW{i:03d}", name=f"Phường Bench {i}", city="Thành phố Hồ Chí Minh", voters_count=20000)
            for i in range(args.wards)
        ]
    )
    officers: dict[int, list] = {}
    for ward in wards:
        users = user_model.objects.bulk_create(
            [
                user_model(
                    username=f"{ward.code.lower()}-{role}{n}",
                    email=f"{ward.code.lower()}-{role}{n}@example.vn",
                    password=password,
                    is_staff=True,
                )
                for role, count in (("leader", 2), ("officer", 5))
                for n in range(count)
            ]
        )
        Membership.objects.bulk_create(
            [
                Membership(user=user, ward=ward, role=Role.LEADER if "-leader" in user.username else Role.OFFICER)
                for user in users
            ]
        )
        officers[ward.pk] = [user for user in users if "-officer" in user.username]

    today = local_today()
    calendar = calendar_for(None)
    received_at = now()
    states = [CaseState.RECEIVED, CaseState.ACCEPTED, CaseState.IN_PROGRESS, CaseState.REOPENED]
    batch: list[Case] = []
    for i in range(args.cases):
        ward = wards[i % len(wards)]
        batch.append(
            Case(
                ward=ward,
                kind=CaseKind.FEEDBACK,
                category=category,
                assignee=rng.choice(officers[ward.pk]) if rng.random() < 0.8 else None,
                tracking_code=f"{ward.code}-2026-{i:07d}",
                access_token_hash=hash_token(f"bench-{i}"),
                title=f"Phản ánh số {i}",
                description="Đèn đường hỏng, cống ngập khi mưa.",
                state=rng.choice(states),
                received_at=received_at,
                received_on=today,
                due_date=calendar.add_working_days(today, rng.randint(5, 30)),
            )
        )
        if len(batch) == 5000:
            Case.objects.bulk_create(batch)
            batch = []
    if batch:
        Case.objects.bulk_create(batch)
    return {"seconds": time.monotonic() - started, "today": today}


def move_due_dates(share: float, *, overdue: bool, seed: int) -> int:
    """Give `share` of the on-track cases a due date within the window (or in the past)."""
    from portal.cases.models import Case
    from portal.core.timeutil import local_today
    from portal.deadlines.selectors import calendar_for

    today = local_today()
    calendar = calendar_for(None)
    ids = list(Case.objects.filter(due_date__gt=calendar.add_working_days(today, 2)).values_list("pk", flat=True))
    rng = random.Random(seed)
    chosen = rng.sample(ids, min(len(ids), round(share * Case.objects.count())))
    offsets = (-5, -3, -1) if overdue else (0, 1, 2)
    for offset in offsets:
        part = chosen[offsets.index(offset) :: len(offsets)]
        for start in range(0, len(part), 5000):
            Case.objects.filter(pk__in=part[start : start + 5000]).update(
                due_date=calendar.add_working_days(today, offset)
            )
    return len(chosen)


def analyze() -> None:
    """Fresh statistics, as autovacuum would have them in a running system."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE cases_case")


def timed_sweep(label: str, chunk_size: int | None) -> None:
    from django.db import connection

    from portal.cases.reminders import CHUNK_SIZE, sweep

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.monotonic()
        report = sweep(chunk_size=chunk_size or CHUNK_SIZE)
        seconds = time.monotonic() - started
    print(
        f"{label:<12} {seconds:8.3f} s  queries {queries:6d}  scanned {report.scanned:8d}  "
        f"reminded {report.reminded:6d}  escalated {report.escalated:6d}  e-mails {report.notifications:6d}"
    )


def timed_full_read(chunk_size: int | None) -> None:
    """Read every open case with a running clock in keyset chunks and classify it, sending nothing."""
    import datetime as dt

    from portal.cases import reminders
    from portal.core.timeutil import local_today
    from portal.deadlines.services import working_days_left

    started = time.monotonic()
    today = local_today()
    context = reminders._SweepContext.load(today)
    scanned = due = 0
    for chunk in reminders._open_cases(due_before=dt.date.max, chunk_size=chunk_size or reminders.CHUNK_SIZE):
        scanned += len(chunk)
        for case in chunk:
            due += working_days_left(case.due_date, today, calendar=context.calendar(case.ward_id)) <= 2
    seconds = time.monotonic() - started
    print(
        f"{'full read':<12} {seconds:8.3f} s  ({scanned} open cases read and classified, {due} within the window; "
        f"{scanned / seconds:,.0f} cases/s)"
    )


def main() -> None:
    args = parse_args()
    setup(args.reset)
    from django.db import connection

    created = create_data(args)
    analyze()
    print(f"database     {connection.vendor} {connection.settings_dict['NAME']}")
    print(
        f"data         {args.cases} open cases in {args.wards} wards created in {created['seconds']:.1f} s "
        f"(today {created['today']})"
    )
    timed_sweep("on-track", args.chunk_size)
    moved = move_due_dates(args.due_soon, overdue=False, seed=args.seed)
    analyze()
    print(f"             {moved} cases now due within the reminder window")
    timed_sweep("due-soon", args.chunk_size)
    timed_sweep("due-soon x2", args.chunk_size)
    moved = move_due_dates(args.overdue, overdue=True, seed=args.seed + 1)
    analyze()
    print(f"             {moved} cases now overdue")
    timed_sweep("overdue", args.chunk_size)
    timed_sweep("overdue x2", args.chunk_size)
    timed_full_read(args.chunk_size)


if __name__ == "__main__":
    main()
