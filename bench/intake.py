"""Intake and status-page figures, in-process (no HTTP server): how many cases per second the intake service files,
how long the resident's status page takes, and how many queries it runs.

    .venv/bin/python bench/intake.py --cases 500            # SQLite in a temporary directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ow_bench .venv/bin/python bench/intake.py --cases 2000

It creates its own database (a throwaway SQLite file, or the test_ database of DATABASE_URL) and drops it after.
The server-level benchmarks (gunicorn, load generator, floors) belong to the performance work (issue 7).
"""

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("OPENWARD_ENV", "test")
os.environ.setdefault("OPENWARD_VAR_DIR", tempfile.mkdtemp(prefix="openward-bench-"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--lookups", type=int, default=200)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    logging.disable(logging.INFO)
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    settings.RATELIMIT_ENABLE = False
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from portal.cases.services import Submission, submit_case
        from portal.wards.models import Area, Category, Ward

        ward = Ward.objects.create(code="BN01", name="Phường Bến Nghé", city="TP.HCM")
        area = Area.objects.create(ward=ward, code="KP1", name="Khu phố 1")
        category = Category.objects.create(code="ha-tang", name="Hạ tầng", kinds=["feedback", "complaint"])

        started = time.perf_counter()
        receipts = []
        for i in range(args.cases):
            receipts.append(submit_case(submission=Submission(
                ward=ward, kind="feedback", category=category, area=area, title=f"Đèn đường hỏng số {i}",
                description="Đèn đường trước nhà số 12 hỏng đã hai tuần, buổi tối rất tối.",
                contact_email="an@example.vn", notify_by="email")))
        elapsed = time.perf_counter() - started
        print(f"database: {connection.vendor}")
        print(f"intake: {args.cases} cases in {elapsed:.2f} s = {args.cases / elapsed:.0f} cases/s "
              f"(service, audit, notification outbox; no HTTP)")

        client = Client()
        timings, queries = [], []
        for receipt in receipts[: args.lookups]:
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                response = client.get(receipt.secret_path)
                timings.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
            queries.append(len(ctx.captured_queries))
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"status page: {len(timings)} requests, median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, "
              f"queries per page {min(queries)}–{max(queries)}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
