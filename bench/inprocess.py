"""In-process service times of the pages and APIs that bench/load.py drives over HTTP: Django's test client, one
request at a time, the benchmark server's settings (production settings, the floor views, `X-Queries`), against the
database bench/generate.py loaded. No queueing and no HTTP: the time a request costs the server, which is what page
work (queries, templates) changes. Prints the median and p95 of N runs, the median CPU time of this process (the
Python side, steadier than wall time on a shared machine) and the query count of each scenario;
`--profile NAME` prints a pyinstrument profile of one scenario instead.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/ow_bench
    .venv/bin/python bench/inprocess.py                    # every read scenario, 30 runs each
    .venv/bin/python bench/inprocess.py --only queue,case --runs 50
    .venv/bin/python bench/inprocess.py --profile "case page"

Only GET scenarios run here (submissions write: bench/load.py and bench/intake.py measure them).
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _configure() -> None:
    var_dir = Path(tempfile.mkdtemp(prefix="openward-inprocess-"))
    from bench import load

    for key, value in load.server_env(var_dir).items():
        os.environ.setdefault(key, value)
    os.environ["SECRET_KEY"] = os.environ.get("BENCH_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--only", default="")
    parser.add_argument("--profile", default="", help="print a pyinstrument profile of this scenario")
    parser.add_argument("--cprofile", action="store_true", help="with --profile: cProfile's top functions instead")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("set DATABASE_URL to the PostgreSQL database that bench/generate.py loaded")
    _configure()
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench import load

    call_command("collectstatic", interactive=False, verbosity=0)
    data = _data()
    client = Client()
    client.force_login(get_user_model().objects.get(username=data["officer"]))
    cookie = "; ".join(f"{k}={v.value}" for k, v in client.cookies.items())
    wanted = [w.strip().lower() for w in (args.profile or args.only).split(",") if w.strip()]
    chosen = [sc for sc in load.scenarios(data, cookie, port=0, deep_pages=0)
              if sc.method == "GET" and not sc.name.startswith("floor")
              and (not wanted or any(w in sc.name.lower() for w in wanted))]
    anonymous = Client()

    def get(who, path):
        response = who.get(path)
        if response.streaming:  # the open-data exports: the work happens as the body is read
            b"".join(response.streaming_content)
        return response

    for sc in chosen:
        who = client if sc.headers.get("Cookie") else anonymous
        paths = sc.paths
        for path in paths[:3]:  # warm: templates, translations, the connection
            get(who, path)
        if args.profile and args.cprofile:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.enable()
            for i in range(args.runs):
                get(who, paths[i % len(paths)])
            profile.disable()
            pstats.Stats(profile).sort_stats("tottime").print_stats(35)
            return
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
            for i in range(args.runs):
                get(who, paths[i % len(paths)])
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))
            return
        times, cpu, queries = [], [], 0
        for i in range(args.runs):
            count = [0]

            def counter(execute, sql, params, many, context, count=count):
                count[0] += 1
                return execute(sql, params, many, context)

            started, started_cpu = time.perf_counter(), time.process_time()
            with connection.execute_wrapper(counter):
                response = get(who, paths[i % len(paths)])
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            queries = max(queries, count[0])
            if response.status_code != 200:
                sys.exit(f"{sc.name}: HTTP {response.status_code} for {paths[i % len(paths)]}")
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(f"  {sc.name:<46} median {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms  "
              f"Python CPU {statistics.median(cpu):6.1f} ms  queries {queries}", flush=True)


def _data() -> dict:
    """bench.data.pick() in this process (as bench/load.py's prepare()), kept in a file per database between runs."""
    import json

    from django.db import connection

    saved = Path(tempfile.gettempdir()) / f"openward-inprocess-{connection.settings_dict['NAME']}.json"
    if saved.exists():
        return json.loads(saved.read_text())
    from bench.data import pick

    data = pick(status_links=100)
    saved.write_text(json.dumps(data))
    return data


if __name__ == "__main__":
    main()
