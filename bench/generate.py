"""Load a city's worth of cases into PostgreSQL for the benchmarks (issue 7): N cases (default 1,000,000) over five
years in --wards wards, with realistic distributions, Vietnamese text, timelines, clock events and attachment metadata,
reproducibly from --seed, by COPY.

    createdb -h 127.0.0.1 -U postgres ow_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ow_bench .venv/bin/python bench/generate.py --cases 1000000

It migrates the database and refuses one that already holds cases unless --reset (which empties it). Everything it
creates is reachable through the app: staff accounts `bench-<ward>-officer<n>`, `-leader`, `-supervisor` with the
password `bench-password-2026`, and every case's secret link is `/tra-cuu/<code>/bench-<id>/` (so a load generator can
open status pages). What it creates:

- wards (`BW001`…, sizes skewed like a real city: a few big wards, many small), 6–12 residential areas each, the four
  departments of the demo, routing by category to a department, one leader, one supervisor and four officers each;
- cases: 80 % feedback, 14 % complaints, 6 % denunciations, received over the last five years (more each year),
  during office hours; the older a case the likelier it is finished (closed, answered, rejected, forwarded, merged,
  withdrawn), the newest mostly open; due dates from the statutory periods in Vietnamese working days (the city's
  calendar); answered cases carry their answer time and the due date they were answered against; 35 % anonymous
  feedback; contact details for the others;
- timelines: the submission, every state change, replies and the answer (3–6 entries), plus a few cases with
  hundreds of entries (the "long timeline" scenario); clock events (start, stop); attachment rows for 15 % of cases
  (metadata only, no files);
- the dashboard rollups (portal.transparency.rollups.refresh_all), timed separately;
- the public disclosures (bench/disclosures.py) and five years of dialogue sessions with their residents,
  registrations, questions, votes, minutes and commitments (bench/dialogues.py, by COPY).

Prints the counts and how long each part took. The scenarios that use this data are in bench/load.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

PASSWORD = "bench-password-2026"
SEEDS = (
    "portal.deadlines.migrations.0002_seed_calendar_overrides",
    "portal.deadlines.migrations.0003_seed_deadline_policies",
    "portal.deadlines.migrations.0005_seed_escalation_policy",
    "portal.disclosures.migrations.0002_seed_categories",  # flush empties them; the disclosures need them
)
WARD_NAMES = [
    "Bến Thành", "Sài Gòn", "Tân Định", "Đa Kao", "Cầu Ông Lãnh", "Nguyễn Cư Trinh", "Bàn Cờ", "Xuân Hòa",
    "Nhiêu Lộc", "Chợ Quán", "An Đông", "Chợ Lớn", "Bình Tây", "Phú Lâm", "Bình Phú", "Tân Thuận", "Phú Thuận",
    "Tân Mỹ", "Tân Hưng", "Chánh Hưng", "Phú Định", "Bình Đông", "Diên Hồng", "Vườn Lài", "Hòa Hưng", "Minh Phụng",
    "Bình Thới", "Hòa Bình", "Phú Thọ", "Đông Hưng Thuận", "Trung Mỹ Tây", "Tân Thới Hiệp", "Thới An", "An Phú Đông",
    "An Lạc", "Tân Tạo", "Bình Tân", "Bình Trị Đông", "Bình Hưng Hòa", "Gia Định", "Bình Thạnh", "Bình Lợi Trung",
    "Thạnh Mỹ Tây", "Bình Quới", "Hạnh Thông", "An Nhơn", "Gò Vấp", "An Hội Đông", "Thông Tây Hội", "An Hội Tây",
    "Đức Nhuận", "Cầu Kiệu", "Phú Nhuận", "Tân Sơn Hòa", "Tân Sơn Nhất", "Tân Hòa", "Bảy Hiền", "Tân Bình",
    "Tân Sơn", "Tây Thạnh", "Tân Sơn Nhì", "Phú Thọ Hòa", "Tân Phú", "Phú Thạnh", "Hiệp Bình", "Thủ Đức",
    "Tam Bình", "Linh Xuân", "Tăng Nhơn Phú", "Long Bình", "Long Phước", "Long Trường", "Cát Lái", "Bình Trưng",
    "Phước Long", "An Khánh",
]
DEPARTMENT_OF = {"vp": 0, "kthtdt": 1, "vhxh": 2, "tcd": 3}
F, C, D = "feedback", "complaint", "denunciation"
KINDS = [(F, 80), (C, 14), (D, 6)]
FINISHED = [("closed", 62), ("answered", 14), ("rejected", 7), ("transferred", 8), ("merged", 3), ("withdrawn", 3),
            ("escalated", 1), ("reopened", 0.3), ("in_progress", 0.5), ("needs_info", 0.2), ("suspended", 0.1)]
RECENT = [("received", 22), ("accepted", 18), ("in_progress", 22), ("needs_info", 6), ("suspended", 2),
          ("answered", 18), ("closed", 6), ("rejected", 3), ("transferred", 3)]
OPEN = {"received", "accepted", "in_progress", "needs_info", "suspended", "reopened"}
# Transitions leading to each state (for the timeline).
PATH = {
    "received": [], "accepted": ["accepted"], "in_progress": ["accepted", "in_progress"],
    "needs_info": ["accepted", "needs_info"], "suspended": ["accepted", "suspended"],
    "answered": ["accepted", "in_progress", "answered"], "closed": ["accepted", "in_progress", "answered", "closed"],
    "rejected": ["rejected"], "transferred": ["transferred"], "merged": ["merged"], "withdrawn": ["withdrawn"],
    "escalated": ["accepted", "in_progress", "answered", "escalated"],
    "reopened": ["accepted", "in_progress", "answered", "reopened"],
}
# The statutory step each kind's clock counts while open, in working days (SPEC §3; simplified to one period).
OPEN_PERIOD = {F: ("answer", 10), C: ("accept", 10), D: ("accept", 7)}
ANSWER_PERIOD = {F: 10, C: 30, D: 30}


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--wards", type=int, default=170)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--long-timelines", type=int, default=20, help="cases with a few hundred timeline entries")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reset", action="store_true", help="empty the database first (throwaway databases only)")
    parser.add_argument("--no-rollups", action="store_true", help="skip the dashboard rollups")
    return parser.parse_args(argv)


def setup(reset: bool) -> None:
    import importlib

    import django

    django.setup()
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if settings.PRODUCTION:
        sys.exit("refusing to run against a production configuration")
    if connection.vendor != "postgresql":
        sys.exit("bench/generate.py loads PostgreSQL (COPY): set DATABASE_URL=postgres://…")
    call_command("migrate", verbosity=0)
    from portal.wards.models import Ward

    if reset:
        call_command("flush", interactive=False, verbosity=0)
        for module in SEEDS:
            importlib.import_module(module).seed(apps, None)
    elif Ward.objects.exists():
        sys.exit("the database already holds wards: use a throwaway database, or --reset to empty it")


class Timer:
    def __init__(self):
        self.parts: list[tuple[str, float]] = []
        self._t = time.monotonic()

    def lap(self, name: str) -> None:
        now = time.monotonic()
        self.parts.append((name, now - self._t))
        print(f"  {name:<28} {now - self._t:8.1f} s", flush=True)
        self._t = now


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def reference_data(rng: random.Random, n_wards: int):
    """Wards, areas, departments, categories, routing rules, staff. Returns lookups for the case generator."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from portal.core import demo_data as demo
    from portal.routing.models import RoutingRule
    from portal.wards.models import Area, Category, Department, Membership, Role, Ward

    users = get_user_model()
    password = make_password(PASSWORD)
    categories = {}
    for order, (code, name, name_en, kinds, _dept) in enumerate(demo.CATEGORIES):
        categories[code], _ = Category.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "kinds": kinds, "sort_order": order})
    wards = Ward.objects.bulk_create([
        Ward(code=f"BW{i + 1:03d}", name=f"Phường {WARD_NAMES[i % len(WARD_NAMES)]}"
             + (f" {i // len(WARD_NAMES) + 1}" if i >= len(WARD_NAMES) else ""),
             city=demo.CITY, voters_count=rng.randint(15_000, 90_000), is_remote=rng.random() < 0.03)
        for i in range(n_wards)])
    areas = Area.objects.bulk_create([Area(ward=w, code=f"KP{k}", name=f"Khu phố {k}")
                                      for w in wards for k in range(1, rng.randint(6, 12) + 1)])
    depts = Department.objects.bulk_create([Department(ward=w, code=code, name=name)
                                            for w in wards for code, name in demo.DEPARTMENTS])
    dept_by = {(d.ward_id, d.code): d for d in depts}
    RoutingRule.objects.bulk_create([
        RoutingRule(ward=w, category=categories[code], department=dept_by[(w.id, dept)], priority=100,
                    note="bench")
        for w in wards for code, _n, _e, _k, dept in demo.CATEGORIES])
    staff = users.objects.bulk_create([
        users(username=f"bench-{w.code.lower()}-{role}", password=password, is_staff=True,
              email=f"bench-{w.code.lower()}-{role}@example.vn", first_name=role)
        for w in wards for role in ("leader", "supervisor", "officer1", "officer2", "officer3", "officer4")])
    by_name = {u.username: u for u in staff}
    memberships = []
    for w in wards:
        for role in ("leader", "supervisor", "officer1", "officer2", "officer3", "officer4"):
            memberships.append(Membership(user=by_name[f"bench-{w.code.lower()}-{role}"], ward=w,
                                          role=role.rstrip("1234") if role.startswith("officer") else role))
    memberships = Membership.objects.bulk_create(memberships)
    through = Membership.departments.through
    through.objects.bulk_create([
        through(membership_id=m.id,
                department_id=dept_by[(m.ward_id, demo.DEPARTMENTS[int(m.user.username[-1]) - 1][0])].id)
        for m in memberships if m.role == Role.OFFICER])
    officers = {(w.id, code): by_name[f"bench-{w.code.lower()}-officer{DEPARTMENT_OF[code] + 1}"].id
                for w in wards for code in DEPARTMENT_OF}
    areas_by_ward: dict[int, list[int]] = {}
    for a in areas:
        areas_by_ward.setdefault(a.ward_id, []).append(a.id)
    return {
        "wards": wards, "areas": areas_by_ward, "departments": dept_by, "officers": officers,
        "categories": categories, "category_dept": {code: dept for code, _n, _e, _k, dept in demo.CATEGORIES},
        "leaders": {w.id: by_name[f"bench-{w.code.lower()}-leader"].id for w in wards},
    }


def _texts():
    from portal.core import demo_data as demo

    def pick(templates):
        return [(t.get("category", "can-bo"), t["title"], t["description"], t.get("reply", "")) for t in templates]

    return {F: pick(demo.FEEDBACK), C: pick(demo.COMPLAINTS), D: pick(demo.DENUNCIATIONS)}


def _fill(text: str, fill: dict) -> str:
    for key, value in fill.items():
        text = text.replace("{" + key + "}", value)
    # Placeholders that only some templates use.
    out, i = [], 0
    while i < len(text):
        j = text.find("{", i)
        if j < 0:
            out.append(text[i:])
            break
        k = text.find("}", j)
        out.append(text[i:j])
        out.append("12" if k < 0 else "")
        i = len(text) if k < 0 else k + 1
    return "".join(out)


def _copy(cursor, table: str, columns: list[str], rows) -> int:
    """COPY rows (tuples; None is NULL) into table; returns the count."""
    n = 0
    names = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


def generate(args: argparse.Namespace) -> dict:
    from django.db import connection, transaction

    from portal.cases.models import Attachment, Case, CaseClockEvent, CaseSequence, Message
    from portal.cases.presentation import masked_search_text
    from portal.core.text import fold
    from portal.deadlines.selectors import calendar_for

    timer = Timer()
    rng = random.Random(args.seed)
    with transaction.atomic():
        ref = reference_data(rng, args.wards)
    timer.lap(f"reference data ({args.wards} wards)")

    cal = calendar_for(None)
    tz = dt.timezone(dt.timedelta(hours=7))
    today = dt.datetime.now(tz).date()
    start = today - dt.timedelta(days=365 * args.years)
    texts = _texts()
    from portal.core import demo_data as demo

    streets = [s for w in demo.WARDS for s in w["streets"]]
    wards = ref["wards"]
    ward_weights = [1 / (i + 1) ** 0.6 for i in range(len(wards))]  # a few big wards, many small
    add_wd_cache: dict[tuple[dt.date, int], dt.date] = {}

    def add_wd(day: dt.date, n: int) -> dt.date:
        key = (day, n)
        if key not in add_wd_cache:
            add_wd_cache[key] = cal.add_working_days(day, n)
        return add_wd_cache[key]

    # Received dates: more each year (growth), on working days.
    span = (today - start).days

    def received_day() -> dt.date:
        day = start + dt.timedelta(days=int(span * rng.random() ** 0.8))
        return cal.next_working_day(day) if not cal.is_working_day(day) else day

    case_cols = [f.column for f in Case._meta.concrete_fields]
    msg_cols = [f.column for f in Message._meta.concrete_fields]
    clock_cols = [f.column for f in CaseClockEvent._meta.concrete_fields]
    att_cols = [f.column for f in Attachment._meta.concrete_fields]
    sequences: dict[tuple[int, int], int] = {}
    counts = {"cases": 0, "messages": 0, "clock_events": 0, "attachments": 0, "open": 0}
    msg_id = clock_id = att_id = 0
    long_ids = set(rng.sample(range(1, args.cases + 1), min(args.long_timelines, args.cases)))
    people = [f"{s} {m} {g}" for s in demo.SURNAMES for m in demo.MALE_MIDDLE + demo.FEMALE_MIDDLE
              for g in demo.MALE_GIVEN[:6] + demo.FEMALE_GIVEN[:6]]

    # Generate in received order so tracking numbers rise with time, like real intake.
    days = sorted(received_day() for _ in range(args.cases))
    timer.lap("dates")
    case_rows, msg_rows, clock_rows, att_rows = [], [], [], []

    def flush(cursor):
        nonlocal case_rows, msg_rows, clock_rows, att_rows
        counts["cases"] += _copy(cursor, Case._meta.db_table, case_cols, case_rows)
        counts["messages"] += _copy(cursor, Message._meta.db_table, msg_cols, msg_rows)
        counts["clock_events"] += _copy(cursor, CaseClockEvent._meta.db_table, clock_cols, clock_rows)
        counts["attachments"] += _copy(cursor, Attachment._meta.db_table, att_cols, att_rows)
        case_rows, msg_rows, clock_rows, att_rows = [], [], [], []

    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg's own cursor, for COPY
        for case_id, day in enumerate(days, start=1):
            ward = rng.choices(wards, weights=ward_weights)[0]
            kind = _weighted(rng, KINDS)
            cat_code, title_t, desc_t, reply_t = rng.choice(texts[kind])
            category = ref["categories"][cat_code]
            dept_code = ref["category_dept"][cat_code]
            department = ref["departments"][(ward.id, dept_code)]
            area_id = rng.choice(ref["areas"][ward.id])
            age = (today - day).days
            state = _weighted(rng, FINISHED if age > 75 else RECENT)
            if age < 3 and state not in OPEN:
                state = "received"
            fill = {"street": rng.choice(streets), "so": str(rng.randint(1, 400)), "hem": str(rng.randint(2, 300)),
                    "ngay": f"{day:%d/%m/%Y}", "qd": str(rng.randint(10, 999)), "ngay_qd": f"{day:%d/%m/%Y}",
                    "so_qd": str(rng.randint(10, 999))}
            title = _fill(title_t, fill)[:200]
            description = _fill(desc_t, fill)
            anonymous = kind == F and rng.random() < 0.35
            name = "" if anonymous else rng.choice(people)
            received_at = dt.datetime.combine(day, dt.time(7, 30), tz) + dt.timedelta(minutes=rng.randint(0, 540))
            year = day.year
            number = sequences.get((ward.id, year), 0) + 1
            sequences[(ward.id, year)] = number
            code = f"{ward.code}-{year}-{number:06d}"
            step, period = OPEN_PERIOD[kind]
            due = add_wd(day, period)
            answered_at = answer_due = closed_at = None
            clock_state = "running"
            if state in ("answered", "closed", "escalated", "reopened"):
                answer_due = add_wd(day, ANSWER_PERIOD[kind]) if kind == F else day + dt.timedelta(
                    days=ANSWER_PERIOD[kind] + 10)
                late = rng.random() < 0.12
                answered_day = answer_due + dt.timedelta(days=rng.randint(1, 20)) if late else \
                    day + dt.timedelta(days=rng.randint(1, max(1, (answer_due - day).days)))
                answered_day = min(answered_day, today)
                answered_at = dt.datetime.combine(answered_day, dt.time(15, 0), tz)
                if state == "closed":
                    closed_at = answered_at + dt.timedelta(days=rng.randint(5, 20))
            if state in OPEN:
                counts["open"] += 1
                if state in ("needs_info", "suspended"):
                    clock_state = "paused"
                if state in ("in_progress", "reopened"):
                    if kind == F:
                        step, due = "answer", add_wd(day, ANSWER_PERIOD[kind])
                    else:
                        step, due = "resolve", day + dt.timedelta(days=ANSWER_PERIOD[kind])
            else:
                clock_state, due, step = "stopped", None, ""
            assignee = ref["officers"][(ward.id, dept_code)] if state not in ("received", "rejected") else None
            row = {
                "id": case_id, "ward_id": ward.id, "kind": kind, "category_id": category.id, "area_id": area_id,
                "department_id": department.id, "assignee_id": assignee, "owner_id": None, "tracking_code": code,
                "access_token_hash": hashlib.sha256(f"bench-{case_id}".encode()).hexdigest(),
                "title": title, "description": description, "address": f"{fill['so']} {fill['street']}",
                "latitude": None, "longitude": None, "is_anonymous": anonymous, "contact_name": name,
                "contact_phone": "" if anonymous else f"09{rng.randint(10_000_000, 99_999_999)}",
                "contact_email": "", "contact_address": "" if anonymous else f"{fill['so']} {fill['street']}",
                "notify_by": "none" if anonymous else "sms", "language": "vi",
                "identity_verified": False, "channel": rng.choice(("web", "web", "web", "walk_in", "letter", "phone")),
                "publish_consent": rng.random() < 0.4, "signatory_count": 1, "representative_name": "",
                "decision_date": day - dt.timedelta(days=20) if kind == C else None,
                "decision_reference": "", "denounced_person": "", "evidence": "", "lead_outcome": "",
                "is_late_filing": False, "state": state, "clock_state": clock_state,
                "is_complex": False, "is_especially_complex": False, "merged_into_id": None,
                "transferred_to": "Công an phường" if state == "transferred" else "",
                "rejection_reason": "other" if state == "rejected" else "",
                "answered_at": answered_at, "answer_due_date": answer_due, "closed_at": closed_at,
                "search_text": fold(f"{title} {description} {fill['so']} {fill['street']}"),
                "received_at": received_at, "received_on": day, "due_date": due, "deadline_step": step,
                "created_at": received_at, "updated_at": closed_at or answered_at or received_at,
            }
            row["masked_search_text"] = masked_search_text(SimpleNamespace(**row))
            case_rows.append(tuple(row[c] for c in case_cols))
            # Timeline: submission, each state change, the answer; a few very long ones.
            at = received_at
            entries = [("submission", "", "", True, "")]
            for to in PATH[state]:
                entries.append(("state_change", "", to, True, ""))
                if to == "answered" and reply_t:
                    entries.append(("answer", "", "", True, _fill(reply_t, fill)))
            if case_id in long_ids:
                entries += [("note" if i % 3 else "reply", "", "", i % 3 == 0,
                             f"Trao đổi lần {i + 1}: đã liên hệ và ghi nhận thêm thông tin.") for i in range(300)]
            prev = "received"
            for kind_m, _f, to, public, body in entries:
                msg_id += 1
                at = at + dt.timedelta(hours=rng.randint(1, 30))
                msg_rows.append(tuple({
                    "id": msg_id, "case_id": case_id, "kind": kind_m, "author_id": None, "body": body,
                    "is_public": public, "from_state": prev if kind_m == "state_change" else "",
                    "to_state": to, "created_at": min(at, answered_at or at) if kind_m != "submission" else
                    received_at}[c] for c in msg_cols))
                if kind_m == "state_change":
                    prev = to
            clock_id += 1
            clock_rows.append(tuple({"id": clock_id, "case_id": case_id, "kind": "start", "on": day, "step": step
                                     or OPEN_PERIOD[kind][0], "reason": "", "actor_id": None,
                                     "created_at": received_at}[c] for c in clock_cols))
            if state not in OPEN:
                clock_id += 1
                clock_rows.append(tuple({"id": clock_id, "case_id": case_id, "kind": "stop",
                                         "on": (answered_at or received_at).date(), "step": "", "reason": "",
                                         "actor_id": None, "created_at": answered_at or received_at}[c]
                                        for c in clock_cols))
            if rng.random() < 0.15:
                att_id += 1
                att_rows.append(tuple({
                    "id": att_id, "case_id": case_id, "kind": "image",
                    "file": f"cases/{day:%Y/%m}/{case_id}/anh-{att_id}.jpg", "thumbnail": "",
                    "original_name": "anh-hien-truong.jpg", "content_type": "image/jpeg",
                    "size": rng.randint(150_000, 2_500_000), "sha256": hashlib.sha256(str(att_id).encode()).hexdigest(),
                    "width": 1600, "height": 1200, "uploaded_by_id": None, "created_at": received_at}[c]
                    for c in att_cols))
            if len(case_rows) >= 20_000:
                flush(cursor)
                if case_id % 100_000 < 20_000:
                    print(f"    {case_id:>9,} cases", flush=True)
        flush(cursor)
        CaseSequence.objects.bulk_create([CaseSequence(ward_id=w, year=y, last_number=n)
                                          for (w, y), n in sequences.items()])
        for model in (Case, Message, CaseClockEvent, Attachment):
            table = model._meta.db_table
            wrapper.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"COALESCE((SELECT MAX(id) FROM {table}), 1))")
    timer.lap(f"cases and timelines ({counts['cases']:,})")
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE") if connection.get_autocommit() else c.execute("ANALYZE")
    timer.lap("ANALYZE")
    if not args.no_rollups:
        from portal.transparency.rollups import refresh_all

        refresh_all()
        timer.lap("dashboard rollups")
    from bench.disclosures import generate as disclosures

    counts.update(disclosures(seed=args.seed, years=args.years))
    timer.lap("disclosures")
    from bench.dialogues import generate as dialogues

    made = dialogues(seed=args.seed, years=args.years)
    made.pop("seconds")
    counts.update(made)
    timer.lap(f"dialogues ({made['dialogue sessions']:,} sessions)")
    counts["seconds"] = round(sum(t for _, t in timer.parts), 1)
    return counts


def main(argv=None) -> None:
    args = parse_args(argv)
    started = time.monotonic()
    setup(args.reset)
    print(f"bench/generate.py: {args.cases:,} cases in {args.wards} wards, seed {args.seed}", flush=True)
    counts = generate(args)
    print(f"done in {time.monotonic() - started:.1f} s: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()
                                                                          if k != "seconds"))
    print(f"staff password: {PASSWORD}; status pages: /tra-cuu/<code>/bench-<id>/")


if __name__ == "__main__":
    main()
