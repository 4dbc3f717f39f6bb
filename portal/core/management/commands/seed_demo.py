"""`manage.py seed_demo`: realistic Vietnamese demo data for the embedded mode (run by `make run` on every start).

Idempotent: everything is created in one transaction, and only when ward PN17 does not exist yet; later runs change
nothing (an admin's edits are kept) and print the same block. Every case is filed through the one intake service
(`portal.cases.services.submit_case`) at a backdated moment (time-machine), then moved through its states by the
state machine (`portal.cases.workflow.transition`, and the propose/approve answer services for complaints and
denunciations), every step at its own moment in chronological order across all cases, so tracking codes, timelines,
deadline clocks and the audit chain all read as if the last six months happened.
Reproducible: a seeded random.Random; dates are relative to the day it runs.
"""

import datetime as dt
import os
import random
import time
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import import_module
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation

from portal.cases.models import OPEN_STATES, AnswerState, Case, CaseAnswer, Channel, NotifyBy, hash_token
from portal.cases.permissions import can_work
from portal.cases.services import Submission, approve_answer, propose_answer, secret_link_path, submit_case
from portal.cases.workflow import transition
from portal.core import demo_data as data
from portal.deadlines.selectors import calendar_for
from portal.routing.models import RoutingRule
from portal.wards.models import Area, Category, Department, Membership, Ward

try:
    import time_machine
except ImportError:  # pragma: no cover - time-machine is a dev dependency; patching timezone.now is enough here
    time_machine = None

SEED = 20260701
F, C, D = data.F, data.C, data.D
STAFF_CHANNELS = (Channel.WALK_IN, Channel.PHONE, Channel.LETTER)
CHANNEL_WEIGHTS = {
    F: [(Channel.WEB, 60), (Channel.PHONE, 15), (Channel.WALK_IN, 12), (Channel.LETTER, 13)],
    C: [(Channel.WALK_IN, 40), (Channel.LETTER, 35), (Channel.WEB, 25)],
    D: [(Channel.WALK_IN, 50), (Channel.LETTER, 30), (Channel.WEB, 20)],
    "multi": [(Channel.LETTER, 60), (Channel.WALK_IN, 40)],
}
# Calendar days between steps (then moved to the next working day, during office hours).
GAPS = {
    F: {"accepted": (0, 2), "in_progress": (0, 3), "needs_info": (1, 4), "answered": (2, 8), "closed": (4, 14),
        "rejected": (1, 4), "transferred": (1, 4)},
    C: {"accepted": (3, 9), "in_progress": (1, 4), "needs_info": (2, 5), "answered": (12, 26), "closed": (31, 40),
        "rejected": (2, 7), "transferred": (2, 5)},
    D: {"accepted": (3, 7), "in_progress": (1, 3), "needs_info": (2, 5), "answered": (14, 26), "closed": (7, 20),
        "rejected": (2, 5), "transferred": (2, 5)},
}
PATHS = {
    "received": [],
    "accepted": ["accepted"],
    "in_progress": ["accepted", "in_progress"],
    "needs_info": ["accepted", "needs_info"],
    "answered": ["accepted", "in_progress", "answered"],
    "closed": ["accepted", "in_progress", "answered", "closed"],
    "rejected": ["rejected"],
    "transferred": ["transferred"],
}
# The workflow action that reaches each state (portal.cases.workflow.TRANSITIONS).
ACTIONS = {"accepted": "accept", "in_progress": "start_work", "needs_info": "request_info", "answered": "answer",
           "closed": "close", "rejected": "reject", "transferred": "transfer"}
LEADER_DECISIONS = {"accepted", "answered", "rejected"}  # for complaints and denunciations the chair decides
DOMAIN_SEEDERS = ("portal.disclosures.demo", "portal.dialogues.demo", "portal.security.demo",
                  "portal.transparency.demo")  # statistics last
UNROUTED_CATEGORIES = {"an-ninh"}  # left to the ward's screening queue, so the demo has one


@contextmanager
def frozen_at(moment: dt.datetime):
    """Everything inside sees `moment` as now: received_at, audit created_at, auto_now fields."""
    moment = moment.astimezone(dt.UTC)  # timezone.now() is UTC; the audit hash covers created_at.isoformat()
    if time_machine is not None:
        with time_machine.travel(moment, tick=False):
            yield
    else:  # pragma: no cover
        with mock.patch("django.utils.timezone.now", return_value=moment):
            yield


@dataclass
class Step:
    at: dt.datetime
    state: str  # the state reached, or "propose" (an officer drafts a complaint's or denunciation's answer)
    text: str = ""
    leader: bool = False  # only a leader may do it (transfer; accept, reject and answer complaints/denunciations)
    reason_code: str = ""
    to_body: str = ""


@dataclass
class Plan:
    submission: Submission
    received_at: dt.datetime
    actor: object
    steps: list[Step] = field(default_factory=list)
    demo: bool = False
    case: Case | None = None


@dataclass
class Result:
    created: dict
    accounts: list
    demo_case: Case | None
    states: dict
    overdue: int


def _ascii(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


class Seeder:
    def __init__(self):
        self.rng = random.Random(SEED)
        self.cal = calendar_for(None)  # the city-wide calendar: both demo wards are in one city
        self.tz = timezone.get_default_timezone()
        self.real_now = timezone.now()
        self.today = timezone.localdate(self.real_now)
        self.latest = self.real_now - dt.timedelta(minutes=20)
        self.created = {"wards": 0, "areas": 0, "departments": 0, "categories": 0, "routing_rules": 0, "users": 0,
                        "memberships": 0, "cases": 0}

    # --- reference data -------------------------------------------------------------------------------------
    def ensure_reference_data(self):
        self.wards, self.areas, self.depts = {}, {}, {}
        for spec in data.WARDS:
            ward, made = Ward.objects.get_or_create(code=spec["code"], defaults={
                "name": spec["name"], "city": data.CITY, "address": spec["address"],
                "voters_count": spec["voters_count"]})
            self.created["wards"] += made
            self.wards[ward.code] = ward
            self.areas[ward.code] = []
            for n in range(1, spec["areas"] + 1):
                area, made = Area.objects.get_or_create(ward=ward, code=f"KP{n}", defaults={"name": f"Khu phố {n}"})
                self.created["areas"] += made
                self.areas[ward.code].append(area)
            self.depts[ward.code] = {}
            for code, name in data.DEPARTMENTS:
                dept, made = Department.objects.get_or_create(ward=ward, code=code, defaults={"name": name})
                self.created["departments"] += made
                self.depts[ward.code][code] = dept
        self.categories, self.category_dept = {}, {}
        for order, (code, name, name_en, kinds, dept_code) in enumerate(data.CATEGORIES, 1):
            category, made = Category.objects.get_or_create(code=code, defaults={
                "name": name, "name_en": name_en, "kinds": kinds, "sort_order": order * 10})
            self.created["categories"] += made
            self.categories[code] = category
            self.category_dept[code] = dept_code
        for ward in self.wards.values():
            depts = self.depts[ward.code]
            for code, category in self.categories.items():
                if code not in UNROUTED_CATEGORIES:
                    self._rule(ward, "", category, depts[self.category_dept[code]], 0,
                               f"{category.name}: {depts[self.category_dept[code]].name}")
            for kind in (C, D):  # complaints and denunciations go to citizen reception, whatever their category
                self._rule(ward, kind, None, depts["tcd"], 10, "Đơn khiếu nại, tố cáo: Bộ phận Tiếp công dân")

    def _rule(self, ward, kind, category, department, priority, note):
        _, made = RoutingRule.objects.get_or_create(
            ward=ward, kind=kind, category=category, area=None, is_active=True,
            defaults={"department": department, "priority": priority, "note": note})
        self.created["routing_rules"] += made

    def ensure_accounts(self):
        User = get_user_model()
        self.accounts = []
        for spec in data.ACCOUNTS:
            superuser = spec.get("superuser", False)
            user, made = User.objects.get_or_create(username=spec["username"], defaults={
                "first_name": spec["first_name"], "last_name": spec["last_name"], "is_staff": True,
                "is_superuser": superuser, "email": f"{spec['username']}@openward.local"})
            if made:
                user.set_password(spec["password"])
                user.save(update_fields=["password"])
            self.created["users"] += made
            ward = self.wards[spec["ward"]]
            membership, made = Membership.objects.get_or_create(user=user, ward=ward, defaults={"role": spec["role"]})
            self.created["memberships"] += made
            if made and spec.get("departments"):
                membership.departments.add(*[self.depts[ward.code][code] for code in spec["departments"]])
            self.accounts.append({**spec, "user": user})
        self.officer = {code: self._first(code, "officer") for code in self.wards}
        self.leader = {code: self._first(code, "leader") or self.officer[code] for code in self.wards}

    def _first(self, ward_code, role):
        return next((a["user"] for a in self.accounts if a["ward"] == ward_code and a["role"] == role), None)

    # --- dates ----------------------------------------------------------------------------------------------
    def _working_on_or_after(self, day):
        while not self.cal.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def _working_on_or_before(self, day):
        while not self.cal.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day

    def _at(self, day, minutes):
        return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=self.tz)

    def _office_time(self, day):
        morning = self.rng.random() < 0.6
        low, high = (7 * 60 + 30, 11 * 60 + 15) if morning else (13 * 60 + 30, 16 * 60 + 45)
        return self._at(day, self.rng.randint(low, high))

    def _after(self, prev, gap):
        day = self._working_on_or_after(timezone.localtime(prev).date() + dt.timedelta(days=self.rng.randint(*gap)))
        moment = self._office_time(day)
        if moment <= prev:  # same day, later on; or the next working morning when the office has closed
            moment = prev + dt.timedelta(minutes=self.rng.randint(25, 150))
            local = timezone.localtime(moment)
            if local.hour >= 17 or local.hour < 7:
                next_day = local.date() + dt.timedelta(days=1 if local.hour >= 17 else 0)
                moment = self._at(self._working_on_or_after(next_day), self.rng.randint(7 * 60 + 30, 9 * 60 + 30))
        return moment

    def _date_vi(self, day):
        return day.strftime("%d/%m/%Y")

    # --- people ---------------------------------------------------------------------------------------------
    def _person(self):
        rng = self.rng
        male = rng.random() < 0.5
        middle, given = (rng.choice(data.MALE_MIDDLE), rng.choice(data.MALE_GIVEN)) if male else \
            (rng.choice(data.FEMALE_MIDDLE), rng.choice(data.FEMALE_GIVEN))
        surname = rng.choice(data.SURNAMES)
        name = f"{surname} {middle} {given}"
        phone = rng.choice(["090", "091", "093", "097", "098", "086", "035", "070", "077", "083"]) + \
            f"{rng.randint(0, 9_999_999):07d}"
        email = f"{_ascii(given).lower()}.{_ascii(surname).lower()}{rng.randint(60, 99)}@example.com"
        return {"name": name, "honorific": "ông" if male else "bà", "phone": phone, "email": email}

    # --- plans ----------------------------------------------------------------------------------------------
    def _pool(self):
        rng = self.rng
        pool = []
        for code in self.wards:
            for tpl in data.FEEDBACK:
                if code in tpl.get("wards", [code]):
                    pool.append((code, F, tpl))
        for tpl in data.MULTI_FEEDBACK:
            pool.append((rng.choice(list(self.wards)), F, {**tpl, "multi": True}))
        for tpl in data.COMPLAINTS:
            pool.append(("PN17", C, tpl))
        for tpl in rng.sample(data.COMPLAINTS, 4):
            pool.append(("BT03", C, tpl))
        for tpl in data.LATE_COMPLAINTS:
            pool.append(("PN17", C, tpl))
        for i, tpl in enumerate(data.DENUNCIATIONS):
            pool.append((("PN17", "BT03")[i % 2], D, {**tpl, "category": "can-bo"}))
        return pool

    def build_plans(self) -> list[Plan]:
        plans = [self._plan(code, kind, tpl) for code, kind, tpl in self._pool()]
        plans.append(self._demo_plan())
        return plans

    def _choose(self, weights):
        values, w = zip(*weights, strict=True)
        return self.rng.choices(values, weights=w)[0]

    def _plan(self, code, kind, tpl) -> Plan:
        rng = self.rng
        ward, spec = self.wards[code], next(w for w in data.WARDS if w["code"] == code)
        multi = tpl.get("multi", False)
        channel = self._choose(CHANNEL_WEIGHTS["multi" if multi else kind])
        age = 1 + int(179 * rng.random() ** 1.5)
        if tpl.get("reject"):
            age = max(age, 10)  # old enough to have been refused already
        day = self.today - dt.timedelta(days=age)
        if channel == Channel.WEB:
            received_at = self._at(day, rng.randint(6 * 60, 23 * 60 + 30))
        else:
            received_at = self._office_time(self._working_on_or_before(day))
        received_on = timezone.localtime(received_at).date()

        street, area = rng.choice(spec["streets"]), rng.choice(self.areas[code])
        hem, so = rng.choice([12, 25, 45, 68, 79, 102, 120, 147, 166, 203, 251, 314, 372]), rng.randint(2, 480)
        decision_date = None
        fill = {"street": street, "hem": hem, "so": so, "area": area.name, "qd": rng.randint(12, 480)}
        if kind == C:
            back = rng.randint(120, 200) if tpl.get("late") else rng.randint(5, 75)
            decision_date = received_on - dt.timedelta(days=back)
            fill["ngay_qd"] = self._date_vi(decision_date - dt.timedelta(days=rng.randint(0, 5)))

        anonymous = kind == F and not multi and rng.random() < {Channel.WEB: 0.25, Channel.PHONE: 0.15}.get(channel, 0)
        person = self._person()
        sub = Submission(
            ward=ward, kind=kind, category=self.categories[tpl["category"]],
            title=tpl["title"].format(**fill), description=tpl["description"].format(**fill),
            area=area if (channel != Channel.WEB or rng.random() < 0.85) else None,
            address=(f"Hẻm {hem} {street}" if "{hem}" in tpl["title"] + tpl["description"] else f"{so} {street}"),
            channel=channel, is_anonymous=anonymous,
        )
        if channel == Channel.WEB and kind == F and rng.random() < 0.4:
            lat, lon = spec["center"]
            sub.latitude = Decimal(f"{lat + rng.uniform(-0.006, 0.006):.6f}")
            sub.longitude = Decimal(f"{lon + rng.uniform(-0.006, 0.006):.6f}")
        if not anonymous:
            sub.contact_name = person["name"]
            identity = kind in (C, D) or multi
            if identity or rng.random() < 0.85:
                sub.contact_phone = person["phone"]
            if channel == Channel.WEB and rng.random() < 0.55:
                sub.contact_email = person["email"]
            if identity or channel in (Channel.WALK_IN, Channel.LETTER) or rng.random() < 0.5:
                sub.contact_address = f"{rng.randint(2, 480)} {rng.choice(spec['streets'])}, {area.name}, {ward.name}"
            if sub.contact_email and rng.random() < 0.12:
                sub.notify_by = NotifyBy.EMAIL
            sub.publish_consent = kind == F and rng.random() < 0.5
        else:
            sub.publish_consent = rng.random() < 0.6
        if multi:
            sub.signatory_count = rng.randint(5, 38)
            sub.representative_name = person["name"]
        if kind == C:
            sub.decision_date = decision_date
            sub.decision_reference = tpl["decision"].format(**fill)
        actor = self.officer[code] if channel in STAFF_CHANNELS else AnonymousUser()
        plan = Plan(submission=sub, received_at=received_at, actor=actor)
        self._plan_steps(plan, kind, tpl, fill, person, age)
        return plan

    def _target(self, kind, tpl, age):
        rng = self.rng
        if tpl.get("reject"):
            return "rejected"
        if tpl.get("transfer") and age > 3 and rng.random() < 0.45:
            return "transferred"
        if age <= 7:
            weights = [("received", 50), ("accepted", 25), ("in_progress", 20), ("needs_info", 5)]
        elif age <= 21:
            weights = [("received", 10), ("accepted", 15), ("in_progress", 25), ("needs_info", 10), ("answered", 30),
                       ("closed", 10)]
        else:  # mostly done; the few still open are overdue, as in any real ward
            weights = [("received", 1), ("accepted", 2), ("in_progress", 4), ("needs_info", 2), ("answered", 30),
                       ("closed", 61)]
        return self._choose(weights)

    def _plan_steps(self, plan, kind, tpl, fill, person, age):
        rng, sub = self.rng, plan.submission
        target = self._target(kind, tpl, age)
        path = list(PATHS[target])
        if target == "needs_info" and kind == F and rng.random() < 0.5:
            path = ["needs_info"]
        prev = plan.received_at
        for state in path:
            gap = GAPS[kind][state]
            if state == "answered" and kind == F and rng.random() < 0.12:
                gap = (gap[0] + 6, gap[1] + 12)  # some answers come late: the dashboard should show it
            at = self._after(prev, gap)
            if at > self.latest:
                break
            step = Step(at=at, state=state, text=self._note(kind, state, tpl, person, sub),
                        leader=state == "transferred" or (kind in (C, D) and state in LEADER_DECISIONS))
            if state == "answered":
                step.text = self._reply(kind, tpl, fill, person, plan, at)
                if kind in (C, D):  # drafted by the officer, approved and sent by the chair
                    drafted = max(at - dt.timedelta(hours=rng.randint(3, 52)), prev + (at - prev) / 2)
                    plan.steps.append(Step(at=drafted, state="propose", text=step.text))
            if state == "transferred":
                step.to_body = tpl["transfer"]
            if state == "rejected":
                step.reason_code = tpl.get("reject_code", "other")
            plan.steps.append(step)
            prev = at

    def _note(self, kind, state, tpl, person, sub):
        notes = data.STATE_NOTES[state]
        if state == "needs_info":
            note = self.rng.choice(notes)
        elif state == "transferred":
            note = notes
        else:
            note = notes[kind].replace("{reason}", tpl.get("reject", ""))
        return _address(note, person, sub)

    def _reply(self, kind, tpl, fill, person, plan, at):
        sub = plan.submission
        answered_on = timezone.localtime(at).date()
        received_on = timezone.localtime(plan.received_at).date()
        done_on = max(answered_on - dt.timedelta(days=1), received_on) if kind == F else answered_on
        body = tpl["reply"].format(**fill, ngay=self._date_vi(done_on), so_qd=self.rng.randint(30, 990))
        body = _address(body, person, sub)
        if sub.is_anonymous:
            greeting = "Kính gửi người phản ánh"
        else:
            greeting = f"Kính gửi {person['honorific']} {person['name']}"
            if sub.signatory_count >= 5:
                greeting += " (người đại diện) và các hộ dân cùng ký đơn"
        return f"{greeting},\n\n{body}\n\nTrân trọng.\nỦy ban nhân dân {sub.ward.name}"

    def _demo_plan(self) -> Plan:
        spec = data.DEMO_CASE
        ward = self.wards[spec["ward"]]
        day = self.today - dt.timedelta(days=12)
        sub = Submission(
            ward=ward, kind=F, category=self.categories[spec["category"]], title=spec["title"],
            description=spec["description"], area=self.areas[ward.code][0], address=spec["address"],
            latitude=Decimal("10.801210"), longitude=Decimal("106.683950"), contact_name=spec["contact_name"],
            contact_phone=spec["contact_phone"], contact_address=spec["contact_address"], publish_consent=True,
        )
        plan = Plan(submission=sub, received_at=self._at(day, 20 * 60 + 15), actor=AnonymousUser(), demo=True)
        person = {"name": spec["contact_name"], "honorific": "bà"}
        tpl = {"category": spec["category"], "reply": spec["reply"]}
        prev = plan.received_at
        for state, gap in (("accepted", (1, 1)), ("in_progress", (1, 1)), ("answered", (2, 3))):
            at = self._after(prev, gap)
            text = self._reply(F, tpl, {}, person, plan, at) if state == "answered" else \
                self._note(F, state, tpl, person, sub)
            plan.steps.append(Step(at=at, state=state, text=text))
            prev = at
        return plan

    # --- execution ------------------------------------------------------------------------------------------
    def run_plans(self, plans: list[Plan]) -> None:
        """Replay every submission and transition in time order, each at its own moment."""
        events = [(p.received_at, 0, i, -1) for i, p in enumerate(plans)]
        events += [(s.at, 1, i, j) for i, p in enumerate(plans) for j, s in enumerate(p.steps) if s.at <= self.latest]
        events.sort()
        for at, _, i, j in events:
            plan = plans[i]
            with frozen_at(at):
                if j < 0:
                    plan.case = submit_case(submission=plan.submission, actor=plan.actor).case
                    if plan.demo:
                        # The one case with a documented secret: residents can try the status page from the README.
                        Case.objects.filter(pk=plan.case.pk).update(access_token_hash=hash_token(data.DEMO_TOKEN))
                    self.created["cases"] += 1
                else:
                    plan.case = self._act(plan.case, plan.steps[j])

    def _act(self, case: Case, step: Step) -> Case:
        """One step through the case services: the workflow writes state, timeline, clock, audit and notices."""
        code = case.ward.code
        officer, leader = self.officer[code], self.leader[code]
        actor = leader if step.leader or not can_work(officer, case) else officer
        text = step.text.replace("{dept}", case.department.name if case.department else "cán bộ phụ trách")
        text = text[:1].upper() + text[1:]
        if step.state == "propose":
            propose_answer(case=case, actor=actor, text=text)
            return case
        if step.state == "answered" and case.kind in (C, D):
            answer = CaseAnswer.objects.get(case=case, state=AnswerState.PENDING)
            return approve_answer(answer=answer, actor=leader)
        return transition(case=case, action=ACTIONS[step.state], actor=actor, text=text,
                          reason_code=step.reason_code, to_body=step.to_body)


def _address(text, person, sub):
    """Speak to the resident as ông or bà when their name is known."""
    return text if sub.is_anonymous else text.replace("ông/bà", person["honorific"])


def seed() -> Result:
    """Create everything when the first demo ward is missing; otherwise change nothing (an admin's later edits to
    wards, categories, routing rules or accounts are kept) and only report what is there."""
    seeder = Seeder()
    # Texts the services write into timelines (reasons, "forwarded to") are stored in the cases' language.
    with translation.override("vi"), transaction.atomic():
        if not Ward.objects.filter(code=data.WARDS[0]["code"]).exists():
            seeder.ensure_reference_data()
            seeder.ensure_accounts()
            seeder.run_plans(seeder.build_plans())
    wards = {w.code: w for w in Ward.objects.filter(code__in=[w["code"] for w in data.WARDS])}
    # Each capability seeds its own demo records (idempotent: nothing when they exist already).
    for module in DOMAIN_SEEDERS:
        with translation.override("vi"), transaction.atomic():
            seeder.created.update(import_module(module).seed(wards=wards, today=seeder.today))
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[a["username"] for a in
                                                                               data.ACCOUNTS])}
    accounts = [{**spec, "ward_obj": wards[spec["ward"]]} for spec in data.ACCOUNTS
                if spec["username"] in users and spec["ward"] in wards]
    cases = Case.objects.filter(ward__in=wards.values())
    states = {}
    for state in cases.values_list("state", flat=True):
        states[state] = states.get(state, 0) + 1
    overdue = cases.filter(state__in=[s.value for s in OPEN_STATES], due_date__lt=seeder.today).count()
    demo_case = Case.objects.filter(access_token_hash=hash_token(data.DEMO_TOKEN)).first()
    return Result(created=seeder.created, accounts=accounts, demo_case=demo_case, states=states, overdue=overdue)


def _ensure_broker_folders():
    """The embedded filesystem:// broker needs its folders before the notifications are queued after commit."""
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False) or not settings.CELERY_BROKER_URL.startswith("filesystem"):
        return
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    for key in ("data_folder_in", "data_folder_out", "processed_folder"):
        if options.get(key):
            os.makedirs(options[key], exist_ok=True)


class Command(BaseCommand):
    help = "Load Vietnamese demo data (two wards, staff accounts, ~100 cases). Safe to run on every start."

    def add_arguments(self, parser):
        parser.add_argument("--allow-production", action="store_true",
                            help="Seed even when OPENWARD_ENV=production (demo passwords are public: don't).")

    def handle(self, *args, **options):
        if getattr(settings, "PRODUCTION", False) and not options["allow_production"]:
            raise CommandError("seed_demo creates accounts with published passwords; refusing in production.")
        started = time.monotonic()
        _ensure_broker_folders()
        result = seed()
        self._print(result, time.monotonic() - started)

    def _print(self, result: Result, seconds: float):
        w = self.stdout.write
        site = settings.SITE_URL
        line = "=" * 78
        made = {k: v for k, v in result.created.items() if v}
        w(line)
        w(" OpenWard — dữ liệu minh họa / demo data")
        if made:
            w(" Đã tạo / created: " + ", ".join(f"{v} {k}" for k, v in made.items()) + f"  ({seconds:.1f} s)")
        else:
            w(f" Dữ liệu minh họa đã có sẵn, không tạo thêm / already present, nothing created ({seconds:.1f} s)")
        states = ", ".join(f"{state} {n}" for state, n in sorted(result.states.items(), key=lambda kv: -kv[1]))
        w(f" Đơn / cases: {sum(result.states.values())} ({states}); quá hạn / overdue: {result.overdue}")
        w("")
        w(f" Mở cổng / open the portal:  {site}")
        w(f" Quản trị Django / admin:     {site}/admin/  (quantri)")
        w("")
        w(" Tài khoản cán bộ / staff accounts:")
        w(f"   {'username':<12} {'password':<22} {'role':<11} ward")
        for acc in result.accounts:
            w(f"   {acc['username']:<12} {acc['password']:<22} {acc['role']:<11} "
              f"{acc['ward_obj'].code} {acc['ward_obj'].name}")
        w("   (mật khẩu minh họa chỉ được đặt khi tạo tài khoản / demo passwords are set only on creation)")
        w("")
        w(" Xác thực hai bước / two-step verification (lãnh đạo, quản trị / leaders, admin):")
        w("   khóa cho ứng dụng xác thực (TOTP) / authenticator secret; mã dự phòng dùng một lần / backup codes:")
        for username, spec in data.TWO_FACTOR.items():
            w(f"   {username:<12} {spec['secret']}  {' '.join(spec['backup_codes'])}")
        w("   mã hiện tại / current code:  .venv/bin/python manage.py demo_totp")
        w("")
        if result.demo_case is not None:
            case = result.demo_case
            w(" Tra cứu đơn thử / try a resident's case:")
            w(f"   Mã đơn / tracking code: {case.tracking_code}   Mã bí mật / secret: {data.DEMO_TOKEN}")
            w(f"   {site}{secret_link_path(case, data.DEMO_TOKEN)}")
        w(line)
