#!/usr/bin/env python3
"""Run pytest and judge the outcome by what really ran, not only by pytest's exit code.

pytest exits 0 when every collected test was skipped, and 5 when none was collected. Each run here states its policy:

    pytest_gate.py [--allow-empty] [--forbid-skips] [--min-passed N] -- PYTEST_ARGS...

* default: at least one test must pass (--min-passed 1); exit 5 is a failure. A whole suite that ran nothing is broken
  (wrong path, a marker expression that deselects everything, an import hook that skips all).
* --allow-empty: for a subset that may legitimately be empty today (e.g. `-m e2e` before the first browser test
  exists): exit 5 becomes 0 with a warning on stderr; if tests did run, the other rules apply.
* --forbid-skips: for a run whose whole point is its tests (the Celery worker integration run): a skipped test fails
  the run, with the skip reasons shown.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

NO_TESTS_COLLECTED = 5


def count(junit_path):
    root = ET.parse(junit_path).getroot()  # noqa: S314 - the report our own pytest run just wrote
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in suites:
        for key in totals:
            totals[key] += int(suite.get(key, 0))
    skipped = []
    for case in root.iter("testcase"):
        node = case.find("skipped")
        if node is not None:
            skipped.append(f"{case.get('classname')}::{case.get('name')}: {node.get('message', '')}")
    totals["passed"] = totals["tests"] - totals["failures"] - totals["errors"] - totals["skipped"]
    return totals, skipped


def main(argv):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter, allow_abbrev=False
    )
    parser.add_argument("--allow-empty", action="store_true")
    parser.add_argument("--forbid-skips", action="store_true")
    parser.add_argument("--min-passed", type=int, default=1)
    split = argv.index("--") if "--" in argv else len(argv)
    options = parser.parse_args(argv[:split])
    pytest_args = argv[split + 1 :]

    with tempfile.TemporaryDirectory(prefix="pytest-gate-") as tmp:
        junit = os.path.join(tmp, "junit.xml")
        rc = subprocess.call([sys.executable, "-m", "pytest", f"--junitxml={junit}", *pytest_args])  # noqa: S603
        label = " ".join(pytest_args) or "(whole suite)"
        if rc == NO_TESTS_COLLECTED:
            if options.allow_empty:
                print(f"pytest-gate: WARNING: no tests ran for {label}; allowed for this subset", file=sys.stderr)
                return 0
            print(f"pytest-gate: FAIL: no tests ran for {label} (pytest exit code 5)", file=sys.stderr)
            return rc
        if rc != 0:
            return rc
        if not os.path.exists(junit):
            print("pytest-gate: FAIL: pytest wrote no JUnit report", file=sys.stderr)
            return 1
        totals, skipped = count(junit)

    print(
        "pytest-gate: {passed} passed, {skipped} skipped, {failures} failed, {errors} errors".format(**totals),
        file=sys.stderr,
    )
    if options.forbid_skips and skipped:
        print("pytest-gate: FAIL: this run must not skip tests:", file=sys.stderr)
        for line in skipped:
            print(f"  {line}", file=sys.stderr)
        return 1
    if totals["passed"] < options.min_passed:
        print(
            f"pytest-gate: FAIL: {totals['passed']} tests passed, at least {options.min_passed} expected "
            f"(everything was skipped?)",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
