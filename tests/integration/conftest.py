"""Helpers for tests that start real processes (Celery workers) beside the test process."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# Variables of the test process that must not leak into a worker started with its own configuration.
CONFIG_VARS = (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "CELERY_TASK_ALWAYS_EAGER",
    "EMAIL_BACKEND",
    "SMS_BACKEND",
    "OPENWARD_ENV",
    "OPENWARD_VAR_DIR",
    "DJANGO_SETTINGS_MODULE",
)


def process_env(**values):
    env = {key: value for key, value in os.environ.items() if key not in CONFIG_VARS}
    env.update({"DJANGO_SETTINGS_MODULE": "portal.settings", "PYTHONUNBUFFERED": "1", "LOG_LEVEL": "INFO"})
    env.update({key: str(value) for key, value in values.items()})
    return env


def wait_until(condition, timeout=30.0, interval=0.2, message="condition", on_timeout=None):
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            details = on_timeout() if on_timeout else ""
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {message}\n{details}")
        time.sleep(interval)


class WorkerProcess:
    """`celery -A portal worker ...` as a child process, its output in a file the test can read."""

    def __init__(self, args, env, log_path):
        self.log_path = Path(log_path)
        self._log = self.log_path.open("wb")
        self.proc = subprocess.Popen(  # noqa: S603 - fixed command line
            [sys.executable, "-m", "celery", "-A", "portal", "worker", *args],
            cwd=REPO,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: the pool children and beat stop with it
        )

    @property
    def output(self):
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def tail(self, lines=60):
        return "--- worker output (last lines) ---\n" + "\n".join(self.output.splitlines()[-lines:])

    def wait_ready(self, timeout=60.0):
        def ready():
            if self.proc.poll() is not None:
                pytest.fail(f"the Celery worker exited with code {self.proc.returncode}\n{self.tail()}")
            return " ready." in self.output

        wait_until(ready, timeout, message="the Celery worker to be ready", on_timeout=self.tail)

    def stop(self, timeout=20.0):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout)
            except ProcessLookupError:
                pass
        self._log.close()
