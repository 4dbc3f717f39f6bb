"""`manage.py seed_demo`: realistic Vietnamese demo data for the embedded mode (run by `make run` on every start).

Idempotent: wards, areas, departments, categories, accounts and memberships are get_or_create'd; the ~100 demo cases
are created only when neither demo ward has a case yet. Every case is filed through the one intake service
(`portal.cases.services.submit_case`) at a backdated moment (time-machine), and then moved through its states in
chronological order, so tracking codes, timelines and the audit chain all read as if the last six months happened.
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
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from portal.audit.services import record
from portal.cases.models import OPEN_STATES, Case, Channel, Message, MessageKind, NotifyBy, hash_token
from portal.cases.services import Submission, secret_link_path, submit_case
from portal.core import demo_data as data
from portal.deadlines.selectors import NoPolicy, calendar_for, policy_in_force
from portal.deadlines.services import compute_due_date
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
LEADER_STEPS = {"rejected", "transferred"}
LEADER_STEPS_FOR_DECISIONS = {"accepted", "answered"}  # complaints and denunciations: the chair decides
# Accepting a complaint or a denunciation starts the clock of its "resolve" step (deadline policies, SPEC §3).
RESOLVE_WHAT = {C: "giải quyết khiếu nại", D: "giải quyết tố cáo"}


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
    to_state: str
    actor: object
    note: str
    reply: str = ""
    department: Department | None = None
    assignee: object = None
    deadline: tuple[str, dt.date, str] | None = None  # step, due date, explanation
    transferred_to: str = ""
    rejection_reason: str = ""


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
        self.created = {"wards": 0, "areas": 0, "departments": 0, "categories": 0, "users": 0, "memberships": 0,
                        "cases": 0}

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

    def ensure_accounts(self):
        User = get_user_model()
        self.staff, self.accounts = {}, []
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
            self.staff[spec["username"]] = user
            # Passwords are set only when the account is created (checking them again would cost an Argon2
            # verification per account on every start).
            self.accounts.append({**spec, "user": user, "membership": membership, "ward_obj": ward})
        self.officer = {code: self._first(code, "officer") for code in self.wards}
        self.leader = {code: self._first(code, "leader") or self.officer[code] for code in self.wards}
        self.officer_depts = {
            code: set(Membership.objects.filter(user=self.officer[code], ward=self.wards[code])
                      .values_list("departments__code", flat=True))
            for code in self.wards
        }

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
        if moment <= prev:
            moment = prev + dt.timedelta(minutes=self.rng.randint(25, 150))
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
            if sub.contact_email and rng.random() < 0.2:
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

    def _plan_steps(self, plan, kind, tpl, fill, person, age, target=None):
        rng, sub = self.rng, plan.submission
        code = sub.ward.code
        target = target or self._target(kind, tpl, age)
        path = list(PATHS[target])
        if target == "needs_info" and kind == F and rng.random() < 0.5:
            path = ["needs_info"]
        dept = self.depts[code]["tcd" if kind in (C, D) else self.category_dept[tpl["category"]]]
        assignee = self.officer[code] if dept.code in self.officer_depts[code] else None
        prev = plan.received_at
        for state in path:
            gap = GAPS[kind][state]
            if state == "answered" and kind == F and rng.random() < 0.12:
                gap = (gap[0] + 6, gap[1] + 12)  # some answers come late: the dashboard should show it
            at = self._after(prev, gap)
            if at > self.latest:
                break
            leader = state in LEADER_STEPS or (kind in (C, D) and state in LEADER_STEPS_FOR_DECISIONS)
            step = Step(at=at, to_state=state, actor=self.leader[code] if leader else self.officer[code],
                        note=self._note(kind, state, tpl, dept, person, sub))
            if state == "accepted":
                step.department, step.assignee = dept, assignee
                if kind in RESOLVE_WHAT:
                    step.deadline = self._resolve_deadline(sub.ward, kind, timezone.localtime(at).date())
            if state == "answered":
                step.reply = self._reply(kind, tpl, fill, person, plan, at)
            if state == "transferred":
                step.transferred_to = tpl["transfer"]
            if state == "rejected":
                step.rejection_reason = tpl.get("reject_code", "other")
            plan.steps.append(step)
            prev = at

    def _resolve_deadline(self, ward, kind, accepted_on):
        try:
            policy = policy_in_force(kind, "resolve", accepted_on, ward=ward)
        except NoPolicy:
            return None
        due = compute_due_date(policy, accepted_on, calendar_for(ward), remote=ward.is_remote)
        return ("resolve", due, f"Thời hạn {RESOLVE_WHAT[kind]}: đến hết ngày {self._date_vi(due)}. "
                                f"Căn cứ: {policy.source}")

    def _note(self, kind, state, tpl, dept, person, sub):
        notes = data.STATE_NOTES[state]
        if state == "needs_info":
            note = self.rng.choice(notes)
        elif state == "transferred":
            note = notes.format(body=tpl["transfer"])
        else:
            note = notes[kind].format(dept=dept.name, reason=tpl.get("reject", ""))
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
        dept = self.depts[ward.code]["kthtdt"]
        prev = plan.received_at
        for state, gap in (("accepted", (1, 1)), ("in_progress", (1, 1)), ("answered", (2, 3))):
            at = self._after(prev, gap)
            step = Step(at=at, to_state=state, actor=self.officer[ward.code],
                        note=self._note(F, state, tpl, dept, person, sub))
            if state == "accepted":
                step.department, step.assignee = dept, self.officer[ward.code]
            if state == "answered":
                step.reply = self._reply(F, tpl, {}, person, plan, at)
            plan.steps.append(step)
            prev = at
        return plan

    # --- execution ------------------------------------------------------------------------------------------
    def run_plans(self, plans: list[Plan]) -> None:
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
                    change_state(case=plan.case, step=plan.steps[j])


def _address(text, person, sub):
    """Speak to the resident as ông or bà when their name is known."""
    return text if sub.is_anonymous else text.replace("ông/bà", person["honorific"])


CASE_FIELDS = {f.name for f in Case._meta.get_fields()}
CLOCK_AFTER = {"needs_info": "paused", "answered": "stopped", "closed": "stopped", "rejected": "stopped",
               "transferred": "stopped", "accepted": "running", "in_progress": "running"}


def _workflow_fields(step: Step, moment) -> dict:
    values = {"clock_state": CLOCK_AFTER[step.to_state]}
    if step.to_state == "answered":
        values["answered_at"] = moment
    if step.to_state == "closed":
        values["closed_at"] = moment
    if step.transferred_to:
        values["transferred_to"] = step.transferred_to
    if step.rejection_reason:
        values["rejection_reason"] = step.rejection_reason
    return values


def change_state(*, case: Case, step: Step) -> None:
    """Stand-in for the workflow service: one transaction writes the state, the timeline and the audit event."""
    with transaction.atomic():
        moment = timezone.now()
        from_state = case.state
        fields = ["state", "updated_at"]
        case.state = step.to_state
        if step.department is not None and case.department_id is None:
            case.department = step.department
            fields.append("department")
        if step.assignee is not None and case.assignee_id is None:
            case.assignee = step.assignee
            fields.append("assignee")
        old_due = case.due_date
        if step.deadline is not None:
            case.deadline_step, case.due_date = step.deadline[0], step.deadline[1]
            fields += ["deadline_step", "due_date"]
        # Fields the workflow work adds to Case, written when this checkout has them.
        for name, value in _workflow_fields(step, moment).items():
            if name in CASE_FIELDS:
                setattr(case, name, value)
                fields.append(name)
        case.save(update_fields=fields)
        if step.reply:
            Message.objects.create(case=case, kind=MessageKind.REPLY, author=step.actor, body=step.reply,
                                   is_public=True, created_at=moment)
        Message.objects.create(case=case, kind=MessageKind.STATE_CHANGE, author=step.actor, body=step.note,
                               is_public=True, from_state=from_state, to_state=step.to_state, created_at=moment)
        if step.deadline is not None:
            Message.objects.create(case=case, kind=MessageKind.DEADLINE, author=step.actor, body=step.deadline[2],
                                   is_public=True, created_at=moment)
        data_ = {"tracking_code": case.tracking_code, "from": from_state, "to": step.to_state,
                 "department": case.department_id, "assignee": case.assignee_id, "replied": bool(step.reply)}
        if step.transferred_to:
            data_["transferred_to"] = step.transferred_to
        if step.rejection_reason:
            data_["rejection_reason"] = step.rejection_reason
        if step.deadline is not None:
            data_.update({"deadline_step": case.deadline_step, "due_date_before": old_due, "due_date": case.due_date})
        record(action="case.state_changed", obj=case, actor=step.actor, ward=case.ward, data=data_)


def seed() -> Result:
    seeder = Seeder()
    with transaction.atomic():
        seeder.ensure_reference_data()
        seeder.ensure_accounts()
        if not Case.objects.filter(ward__in=seeder.wards.values()).exists():
            seeder.run_plans(seeder.build_plans())
    cases = Case.objects.filter(ward__in=seeder.wards.values())
    states = {}
    for state in cases.values_list("state", flat=True):
        states[state] = states.get(state, 0) + 1
    overdue = cases.filter(state__in=[s.value for s in OPEN_STATES], due_date__lt=seeder.today).count()
    demo_case = Case.objects.filter(access_token_hash=hash_token(data.DEMO_TOKEN)).first()
    return Result(created=seeder.created, accounts=seeder.accounts, demo_case=demo_case, states=states,
                  overdue=overdue)


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
        if result.demo_case is not None:
            case = result.demo_case
            w(" Tra cứu đơn thử / try a resident's case:")
            w(f"   Mã đơn / tracking code: {case.tracking_code}   Mã bí mật / secret: {data.DEMO_TOKEN}")
            w(f"   {site}{secret_link_path(case, data.DEMO_TOKEN)}")
        w(line)
