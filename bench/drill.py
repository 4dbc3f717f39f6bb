"""Load and fault drill (issue 8 item 6): a bounded mixed load against gunicorn on 127.0.0.1 — submissions
(POST /api/v1/cases/), status lookups, the staff queue and the dashboard — while faults are injected, then a count of
every 201 against the rows in the database and of every notification against the mail actually sent.

    .venv/bin/python bench/drill.py                  # five minutes of load with the faults (about 8 minutes in all)
    .venv/bin/python bench/drill.py --duration 20    # quick mode (about 3 minutes: setup and the outbox drain)

Faults, at fixed fractions of --duration:
  15 %  the Celery worker (with its beat) is killed with SIGKILL;   30 %  it is started again;
  40 %  Redis (broker and rate-limit cache) is stopped for --redis-outage seconds (default 60, at most 20 % of the run);
  75 %  PostgreSQL is restarted (pg_ctl restart -m fast): the web workers are NOT restarted.
Expected: zero lost submissions (every 201 is a row), zero 5xx outside the seconds PostgreSQL is down, the app
serving again right after it is back, and every notification of an accepted submission sent exactly once after
recovery (the outbox keeps them while the worker or the broker is away).

Everything it stops or restarts is its own: a private PostgreSQL cluster (initdb in a temporary directory, port
--pg-port, default 5440, as the `postgres` user when run as root), a private Redis (--redis-port, default 6390, no
persistence), its own gunicorn and Celery worker. It never touches the machine's shared PostgreSQL (5432) or Redis
(6379). Only loopback addresses are used; every wait is bounded. The temporary directory is removed at the end
(--keep to look at it: mail files, worker log).
"""

from __future__ import annotations

import argparse
import contextlib
import email
import email.policy
import glob
import http.client
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PYTHON = sys.executable
BIN = Path(PYTHON).parent
CODE = re.compile(r"\b[A-Z0-9]{2,8}-\d{4}-\d{6}\b")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=300, help="seconds of mixed load (default 300)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes (default 2)")
    parser.add_argument("--port", type=int, default=8207, help="gunicorn port on 127.0.0.1 (default 8207)")
    parser.add_argument("--pg-port", type=int, default=5440)
    parser.add_argument("--redis-port", type=int, default=6390)
    parser.add_argument("--redis-outage", type=int, default=60, help="seconds Redis stays down (default 60)")
    parser.add_argument("--drain-timeout", type=int, default=240,
                        help="seconds to wait for the outbox to empty (a send claimed by the killed worker is "
                             "reclaimed after 2 minutes, then sent by the next sweep; default 240)")
    parser.add_argument("--no-faults", action="store_true", help="the mixed load only")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--json", default="", help="also write the figures to this file")
    return parser.parse_args(argv)


# --- private services ---------------------------------------------------------------------------------------------

def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        sys.exit(f"{name} not found (Debian's postgresql package)")
    return found[-1]


class PrivatePostgres:
    def __init__(self, base: Path, port: int):
        self.dir = base / "pg"
        self.port = port
        self.log = base / "pg.log"

    def _ctl(self, *args: str, timeout: int = 60) -> None:
        cmd = _as_postgres([_pg_bin("pg_ctl"), "-D", str(self.dir), "-l", str(self.log), "-w", "-t", "30", *args])
        subprocess.run(cmd, check=True, timeout=timeout, stdout=subprocess.DEVNULL)

    def init(self) -> None:
        self.dir.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.dir.parent, "postgres")
            shutil.chown(self.dir, "postgres")
        subprocess.run(_as_postgres([_pg_bin("initdb"), "-D", str(self.dir), "-U", "postgres", "--auth=trust",
                                     "-E", "UTF8", "--locale=C.UTF-8"]),
                       check=True, timeout=120, stdout=subprocess.DEVNULL)
        options = f"-p {self.port} -k {self.dir} -c listen_addresses={HOST} -c fsync=off"
        self._ctl("-o", options, "start")
        self.options = options
        subprocess.run([_pg_bin("createdb"), "-h", HOST, "-p", str(self.port), "-U", "postgres", "drill"],
                       check=True, timeout=30)

    def restart(self) -> float:
        started = time.monotonic()
        self._ctl("-m", "fast", "-o", self.options, "restart")
        return time.monotonic() - started

    def stop(self) -> None:
        if (self.dir / "postmaster.pid").exists():
            self._ctl("-m", "immediate", "stop")

    @property
    def url(self) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/drill"


class PrivateRedis:
    def __init__(self, base: Path, port: int):
        self.port = port
        self.dir = base / "redis"
        self.dir.mkdir()

    def start(self) -> None:
        subprocess.run(["redis-server", "--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly", "no",
                        "--daemonize", "yes", "--dir", str(self.dir), "--pidfile", str(self.dir / "redis.pid"),
                        "--logfile", str(self.dir / "redis.log")], check=True, timeout=30)
        self._wait(up=True)

    def stop(self) -> None:
        subprocess.run(["redis-cli", "-h", HOST, "-p", str(self.port), "shutdown", "nosave"], timeout=30,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait(up=False)

    def _wait(self, *, up: bool) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            ok = subprocess.run(["redis-cli", "-h", HOST, "-p", str(self.port), "ping"], capture_output=True,
                                text=True, timeout=10).stdout.strip() == "PONG"
            if ok == up:
                return
            time.sleep(0.2)
        sys.exit(f"redis on {self.port} did not {'start' if up else 'stop'}")


# --- the portal -----------------------------------------------------------------------------------------------------

def portal_env(base: Path, pg: PrivatePostgres, args) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "CELERY_"))},
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "OPENWARD_ENV": "production",
        "SECRET_KEY": "drill-" + "x" * 60,
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": pg.url,
        "REDIS_URL": f"redis://{HOST}:{args.redis_port}/1",
        "CELERY_BROKER_URL": f"redis://{HOST}:{args.redis_port}/0",
        # rate limits stay ON (their cache is Redis, which the drill stops), with limits the load never reaches
        "RATELIMIT_ENABLE": "1", "RATE_SUBMIT": "100000/m", "RATE_LOOKUP": "100000/m",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(base / "mail"),
        "OPENWARD_VAR_DIR": str(base / "var"),
        "STATIC_ROOT": str(base / "static"),
        "MEDIA_ROOT": str(base / "media"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def manage(env, *args: str, timeout: int = 600) -> str:
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=timeout,
                          capture_output=True, text=True).stdout


def django_snippet(env, code: str, timeout: int = 120) -> dict:
    out = subprocess.run([PYTHON, "-c", "import django, json\ndjango.setup()\n" + code], cwd=ROOT, env=env,
                         check=True, timeout=timeout, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


PREPARE = r"""
from rest_framework.authtoken.models import Token
from django.contrib.auth import get_user_model
from portal.cases.models import Case
from portal.wards.models import Category
officer = get_user_model().objects.get(username="canbo")
token, _ = Token.objects.get_or_create(user=officer)
category = next(c for c in Category.objects.filter(is_active=True).order_by("code") if c.applies_to("feedback"))
print(json.dumps({"token": token.key, "category": category.code, "cases_before": Case.objects.count()}))
"""

VERIFY = r"""
import sys
from portal.cases.models import Case
from portal.notifications.models import Notification
codes = json.load(open(sys.argv[1]))
found = set(Case.objects.filter(tracking_code__in=codes).values_list("tracking_code", flat=True))
ids = dict(Case.objects.filter(tracking_code__in=codes).values_list("pk", "tracking_code"))
rows = Notification.objects.filter(case_id__in=list(ids), key__endswith=":received:email")
states = {}
for state, attempts in rows.values_list("state", "attempts"):
    states[state] = states.get(state, 0) + 1
print(json.dumps({"found": len(found), "missing": sorted(set(codes) - found)[:20], "cases_after": Case.objects.count(),
                  "notifications": rows.count(), "states": states,
                  "attempts_over_one": rows.filter(attempts__gt=1).count()}))
"""


def start_gunicorn(env, base: Path, args) -> subprocess.Popen:
    log = open(base / "gunicorn.log", "ab")  # noqa: SIM115 - closed with the process at the end
    proc = subprocess.Popen([str(BIN / "gunicorn"), "portal.wsgi:application", "-b", f"{HOST}:{args.port}",
                             "-w", str(args.workers), "--timeout", "60", "--log-level", "warning"],
                            cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if call(args.port, "GET", "/api/v1/wards/")[0] == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.3)
    stop_group(proc)
    sys.exit("gunicorn did not start (see gunicorn.log with --keep)")


def start_worker(env, base: Path) -> subprocess.Popen:
    log = open(base / "worker.log", "ab")  # noqa: SIM115
    return subprocess.Popen([str(BIN / "celery"), "-A", "portal", "worker", "-B", "--concurrency", "1", "-l", "warning",
                             "-s", str(base / "celerybeat-schedule"), "--without-gossip", "--without-mingle"],
                            cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)


def stop_group(proc: subprocess.Popen | None, sig=signal.SIGTERM) -> None:
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
        proc.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass


def call(port: int, method: str, path: str, *, body: dict | None = None, headers: dict | None = None):
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        all_headers = {"Accept": "application/json", **(headers or {})}
        if payload is not None:
            all_headers["Content-Type"] = "application/json"
        conn.request(method, path, body=payload, headers=all_headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# --- the load -------------------------------------------------------------------------------------------------------

@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    by_kind: Counter = field(default_factory=Counter)  # (kind, status) → n
    by_phase: Counter = field(default_factory=Counter)  # (phase, "5xx"|"ok"|"other"|"error") → n
    accepted: list = field(default_factory=list)  # (code, token)
    errors: Counter = field(default_factory=Counter)  # connection errors by type
    latencies: list = field(default_factory=list)
    first_ok_after_pg: float | None = None


class Phase:
    def __init__(self):
        self.name = "normal"
        self.pg_restarted_at: float | None = None


def client_loop(stop: threading.Event, tally: Tally, phase: Phase, ctx: dict, args, seed: int) -> None:
    rng = random.Random(seed)
    n = 0
    while not stop.is_set():
        n += 1
        roll = rng.random()
        with tally.lock:
            known = tally.accepted[-200:]
        if roll < 0.45 or not known:
            kind = "submit"
            body = {"ward": "PN17", "kind": "feedback", "category": ctx["category"],
                    "title": f"Đèn đường hỏng số {seed}-{n}", "address": f"{n} Phan Đăng Lưu",
                    "description": "Đèn đường trước nhà không sáng ba đêm nay, xin phường kiểm tra.",
                    "contact_name": "Người dân thử tải", "contact_email": f"drill{seed}.{n}@example.vn",
                    "notify_by": "email"}
            request = ("POST", "/api/v1/cases/", body, None)
        elif roll < 0.75:
            kind = "status"
            code, token = rng.choice(known)
            request = ("GET", f"/api/v1/cases/track/{code}/", None, {"X-Access-Token": token})
        elif roll < 0.90:
            kind = "queue"
            request = ("GET", "/api/v1/staff/cases/?ward=PN17", None, {"Authorization": f"Token {ctx['token']}"})
        else:
            kind = "dashboard"
            request = ("GET", rng.choice(["/minh-bach/PN17/", "/api/v1/stats/wards/PN17/"]), None, None)
        started = time.monotonic()
        current = phase.name
        try:
            status, content = call(args.port, request[0], request[1], body=request[2], headers=request[3])
        except OSError as exc:
            with tally.lock:
                tally.errors[type(exc).__name__] += 1
                tally.by_phase[(current, "error")] += 1
            time.sleep(0.2)
            continue
        elapsed = time.monotonic() - started
        if phase.name == "postgres restart":
            current = "postgres restart"  # it was in flight when PostgreSQL went down
        with tally.lock:
            tally.by_kind[(kind, status)] += 1
            tally.latencies.append(elapsed)
            bucket = ("503" if status == 503 else "5xx" if status >= 500 else "ok" if status < 400 else "other")
            tally.by_phase[(current, bucket)] += 1
            if kind == "submit" and status == 201:
                receipt = json.loads(content)
                tally.accepted.append((receipt["tracking_code"], receipt["access_token"]))
            if phase.pg_restarted_at and status < 400 and tally.first_ok_after_pg is None:
                tally.first_ok_after_pg = time.monotonic() - phase.pg_restarted_at


def run_load(args, ctx, services) -> tuple[Tally, list[str]]:
    tally, phase, stop = Tally(), Phase(), threading.Event()
    threads = [threading.Thread(target=client_loop, args=(stop, tally, phase, ctx, args, i), daemon=True)
               for i in range(args.clients)]
    events: list[str] = []
    started = time.monotonic()

    def at(fraction: float) -> None:
        wait = started + args.duration * fraction - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    def note(text: str) -> None:
        line = f"  t={time.monotonic() - started:6.1f}s  {text}"
        events.append(line)
        print(line, flush=True)

    for t in threads:
        t.start()
    if not args.no_faults:
        outage = max(2, min(args.redis_outage, int(args.duration * 0.2)))
        at(0.15)
        stop_group(services["worker"], signal.SIGKILL)
        phase.name = "worker killed"
        note("Celery worker (and beat) killed with SIGKILL")
        at(0.30)
        services["worker"] = start_worker(services["env"], services["base"])
        phase.name = "normal"
        note("Celery worker started again")
        at(0.40)
        services["redis"].stop()
        phase.name = "redis down"
        note(f"Redis stopped for {outage} s")
        time.sleep(outage)
        services["redis"].start()
        phase.name = "normal"
        note("Redis started again")
        at(0.75)
        phase.name = "postgres restart"
        note("PostgreSQL restart (pg_ctl restart -m fast)…")
        took = services["pg"].restart()
        phase.pg_restarted_at = time.monotonic()
        note(f"PostgreSQL back after {took:.1f} s")
        time.sleep(min(5, args.duration * 0.05))
        phase.name = "normal"
    at(1.0)
    stop.set()
    for t in threads:
        t.join(timeout=40)
    note("load stopped")
    return tally, events


def mail_codes(mail_dir: Path) -> Counter:
    """Tracking codes in the subjects of the e-mails actually written by the file backend."""
    seen: Counter = Counter()
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_text(errors="replace").split("\n" + "-" * 79 + "\n"):
            if not chunk.strip():
                continue
            message = email.message_from_string(chunk.strip() + "\n", policy=email.policy.default)
            found = CODE.search(str(message.get("Subject", "")))
            if found:
                seen[found.group(0)] += 1
    return seen


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main(argv=None) -> int:
    args = parse_args(argv)
    base = Path(tempfile.mkdtemp(prefix="openward-drill-"))
    os.chmod(base, 0o755)
    pg = PrivatePostgres(base, args.pg_port)
    redis = PrivateRedis(base, args.redis_port)
    gunicorn = worker = None
    services: dict = {"base": base, "pg": pg, "redis": redis}
    try:
        print(f"drill: private PostgreSQL on {HOST}:{args.pg_port}, Redis on {HOST}:{args.redis_port}, "
              f"gunicorn on {HOST}:{args.port}; {args.duration} s of load, {args.clients} clients", flush=True)
        t0 = time.monotonic()
        pg.init()
        redis.start()
        env = portal_env(base, pg, args)
        services["env"] = env
        (base / "mail").mkdir()
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        manage(env, "seed_demo", "--allow-production")
        ctx = django_snippet(env, PREPARE)
        gunicorn = start_gunicorn(env, base, args)
        worker = services["worker"] = start_worker(env, base)
        print(f"setup done in {time.monotonic() - t0:.0f} s ({ctx['cases_before']} demo cases)", flush=True)

        tally, events = run_load(args, ctx, services)
        worker = services["worker"]

        codes = [code for code, _token in tally.accepted]
        codes_file = base / "codes.json"
        codes_file.write_text(json.dumps(codes))
        drain_started = time.monotonic()
        verify: dict = {}
        while time.monotonic() - drain_started < args.drain_timeout:
            verify = json.loads(subprocess.run(
                [PYTHON, "-c", "import django, json\ndjango.setup()\n" + VERIFY, str(codes_file)], cwd=ROOT, env=env,
                check=True, capture_output=True, text=True, timeout=120).stdout.strip().splitlines()[-1])
            if verify["states"].get("sent", 0) == verify["notifications"]:
                break
            time.sleep(5)
        drained_in = time.monotonic() - drain_started
        mailed = mail_codes(base / "mail")
        accepted = set(codes)
        report = {
            "duration_s": args.duration,
            "requests": sum(tally.by_kind.values()),
            "by_kind": {f"{k} {s}": n for (k, s), n in sorted(tally.by_kind.items())},
            "by_phase": {f"{p}: {b}": n for (p, b), n in sorted(tally.by_phase.items())},
            "connection_errors": dict(tally.errors),
            "submissions_201": len(codes),
            "rows_found": verify.get("found"),
            "lost": len(codes) - (verify.get("found") or 0),
            "duplicate_201_codes": len(codes) - len(accepted),
            "rows_created": verify.get("cases_after", 0) - ctx["cases_before"],
            "server_errors_500": sum(n for (k, s), n in tally.by_kind.items() if s >= 500 and s != 503),
            "unavailable_503": sum(n for (k, s), n in tally.by_kind.items() if s == 503),
            "server_errors_5xx_outside_pg_restart": sum(n for (p, b), n in tally.by_phase.items()
                                                        if b in ("5xx", "503") and p != "postgres restart"),
            "first_success_after_pg_back_s": tally.first_ok_after_pg,
            "p50_ms": round(percentile(tally.latencies, 0.5) * 1000, 1),
            "p95_ms": round(percentile(tally.latencies, 0.95) * 1000, 1),
            "p99_ms": round(percentile(tally.latencies, 0.99) * 1000, 1),
            "max_ms": round(max(tally.latencies, default=0) * 1000, 1),
            "notifications": verify.get("notifications"),
            "notification_states": verify.get("states"),
            "notifications_attempted_more_than_once": verify.get("attempts_over_one"),
            "outbox_drained_in_s": round(drained_in, 1),
            "emails_for_accepted": sum(n for code, n in mailed.items() if code in accepted),
            "accepted_without_email": len(accepted - set(mailed)),
            "emails_sent_twice": sum(1 for code, n in mailed.items() if code in accepted and n > 1),
            "events": events,
        }
        print_report(report)
        if args.json:
            Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False))
        ok = (report["lost"] == 0 and report["server_errors_5xx_outside_pg_restart"] == 0
              and report["server_errors_500"] == 0
              and report["accepted_without_email"] == 0 and report["emails_sent_twice"] == 0)
        print("RESULT:", "PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        stop_group(services.get("worker") or worker)
        stop_group(gunicorn)
        with contextlib.suppress(SystemExit, subprocess.SubprocessError):
            redis.stop()
        with contextlib.suppress(subprocess.SubprocessError):
            pg.stop()
        if args.keep:
            print(f"kept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


def print_report(r: dict) -> None:
    print("\n=== drill results ===")
    print(f"load: {r['duration_s']} s, {r['requests']} requests; p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, "
          f"p99 {r['p99_ms']} ms, max {r['max_ms']} ms")
    for key, n in r["by_kind"].items():
        print(f"  {key:<22} {n}")
    print("by phase (ok = 2xx/3xx, other = 4xx, error = no HTTP answer):")
    for key, n in r["by_phase"].items():
        print(f"  {key:<30} {n}")
    if r["connection_errors"]:
        print(f"connection errors: {r['connection_errors']}")
    print(f"submissions accepted (201): {r['submissions_201']}; rows found: {r['rows_found']}; lost: {r['lost']}; "
          f"rows created: {r['rows_created']}")
    print(f"500: {r['server_errors_500']}; 503 + Retry-After (database unreachable): {r['unavailable_503']}; "
          f"5xx outside the PostgreSQL restart: {r['server_errors_5xx_outside_pg_restart']}")
    after = r["first_success_after_pg_back_s"]
    print(f"first success after PostgreSQL was back: {after:.2f} s" if after is not None else "no success after PG")
    print(f"notifications of accepted submissions: {r['notifications']} {r['notification_states']}; "
          f"attempted more than once: {r['notifications_attempted_more_than_once']}; "
          f"outbox drained in {r['outbox_drained_in_s']} s")
    print(f"e-mails written: {r['emails_for_accepted']}; accepted without e-mail: {r['accepted_without_email']}; "
          f"sent twice: {r['emails_sent_twice']}")


if __name__ == "__main__":
    sys.exit(main())
