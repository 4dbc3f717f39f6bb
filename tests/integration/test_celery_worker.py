"""Real Celery workers, started as separate processes, running the tasks this process sends.

Opt-in (CELERY_INTEGRATION=1) because they need servers and take seconds. CI runs them against PostgreSQL and Redis:

    CELERY_INTEGRATION=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/openward pytest -m celery_worker

* production shape: a worker on Redis (CELERY_INTEGRATION_BROKER_URL, default redis://127.0.0.1:6379/15) sharing
  pytest-django's PostgreSQL test database; each run uses a queue of its own, so runs in parallel do not meet;
* embedded shape (`make run`): a worker with beat on kombu's filesystem transport and a SQLite file, and the
  tasks sent by another process.
"""

import contextlib
import os
import re
import sqlite3
import subprocess
import sys
import uuid
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction

from portal.celery import app as celery_app
from portal.notifications import services
from portal.notifications.models import Notification
from portal.notifications.tasks import send_notification

from .conftest import REPO, WorkerProcess, process_env, wait_until

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        os.environ.get("CELERY_INTEGRATION") != "1", reason="needs a real Celery worker: set CELERY_INTEGRATION=1"
    ),
]

BROKER_URL = os.environ.get("CELERY_INTEGRATION_BROKER_URL", "redis://127.0.0.1:6379/15")
needs_postgres = pytest.mark.skipif(
    not django_settings.USING_POSTGRES,
    reason="needs PostgreSQL: the SQLite test database lives in memory, where a worker process cannot see it",
)


def database_url_of_test_db():
    """The test database pytest-django created (test_<name>, with the xdist suffix), as a DATABASE_URL."""
    db = connection.settings_dict
    auth = ""
    if db["USER"]:
        auth = quote(db["USER"], safe="") + (":" + quote(db["PASSWORD"], safe="") if db["PASSWORD"] else "") + "@"
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}{host}{port}/{quote(db['NAME'], safe='')}"


def forget_broker_connections():
    """Drop Celery's cached producer pool and queue/route tables, so the next send reads the settings again."""
    celery_app._pool = None
    celery_app.__dict__.pop("amqp", None)


def task_outcomes(output, task_ids):
    """{task id: return value as logged} for those of `task_ids` the worker finished."""
    found = {}
    for task_id in task_ids:
        match = re.search(rf"Task notifications\.send\[{task_id}\] succeeded in [^:]+: (\w+)", output)
        if match:
            found[task_id] = match.group(1)
    return found


@pytest.fixture(scope="module")
def queue_name():
    return f"openward-it-{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="module")
def redis_worker(django_db_setup, django_db_blocker, queue_name, tmp_path_factory):
    """A prefork worker (2 processes) on Redis, consuming only this module's queue, using the test database."""
    import redis

    try:
        redis.Redis.from_url(BROKER_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        pytest.fail(f"CELERY_INTEGRATION=1 but Redis at {BROKER_URL} does not answer: {exc}")
    with django_db_blocker.unblock():
        database_url = database_url_of_test_db()
    env = process_env(
        OPENWARD_ENV="test",
        OPENWARD_VAR_DIR=tmp_path_factory.mktemp("worker-var"),
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=BROKER_URL,
        CELERY_TASK_ALWAYS_EAGER="0",
        SMS_BACKEND="portal.notifications.channels.sms.LoggingSMSBackend",
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
    )
    worker = WorkerProcess(
        [
            "--loglevel=INFO",
            "--pool=prefork",
            "--concurrency=2",
            f"--queues={queue_name}",
            f"--hostname={queue_name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env,
        tmp_path_factory.mktemp("worker-log") / "worker.log",
    )
    try:
        worker.wait_ready()
        yield worker
    finally:
        worker.stop()
        with contextlib.suppress(redis.RedisError):  # the queue and kombu's bindings of its exchange
            redis.Redis.from_url(BROKER_URL).delete(
                queue_name, f"_kombu.binding.{queue_name}", f"_kombu.binding_permanent.{queue_name}"
            )


@pytest.fixture
def send_to_redis(settings, queue_name):
    """This (web) process sends tasks to the worker's Redis queue instead of running them eagerly."""
    settings.CELERY_BROKER_URL = BROKER_URL
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_TASK_DEFAULT_QUEUE = queue_name
    forget_broker_connections()
    yield
    forget_broker_connections()


def state_of(pk):
    return Notification.objects.values_list("state", flat=True).get(pk=pk)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_notification_enqueued_in_a_transaction_is_sent_by_the_worker_once(redis_worker, send_to_redis):
    key = f"it:{uuid.uuid4().hex}"
    body = f"OpenWard: hồ sơ của bạn đã được tiếp nhận ({key})"
    with transaction.atomic():
        notification = services.enqueue(key=key, channel="sms", recipient="0903123456", body=body)
        assert state_of(notification.pk) == "pending"

    wait_until(
        lambda: state_of(notification.pk) == "sent",
        message="the worker to send the notification",
        on_timeout=redis_worker.tail,
    )
    assert redis_worker.output.count(f"SMS to 0903123456: {body}") == 1

    # The same key again is the same row, and re-sending a sent notification is a no-op.
    assert services.enqueue(key=key, channel="sms", recipient="0903123456", body=body).pk == notification.pk
    again = send_notification.delay(notification.pk)
    outcomes = wait_until(
        lambda: task_outcomes(redis_worker.output, [again.id]) or None,
        message="the second send task",
        on_timeout=redis_worker.tail,
    )
    assert outcomes == {again.id: "False"}
    assert redis_worker.output.count(f"SMS to 0903123456: {body}") == 1
    notification.refresh_from_db()
    assert (notification.state, notification.attempts) == ("sent", 1)
    assert Notification.objects.filter(key=key).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_send_called_twice_at_once_sends_once(redis_worker, send_to_redis):
    """Two worker processes get the same notification at the same time (a retry racing the outbox sweep)."""
    key = f"it:{uuid.uuid4().hex}"
    body = f"Nhắc hạn xử lý ({key})"
    notification = Notification.objects.create(key=key, channel="sms", recipient="0911222333", body=body)
    task_ids = [send_notification.delay(notification.pk).id for _ in range(2)]

    def both_done():
        outcomes = task_outcomes(redis_worker.output, task_ids)
        return outcomes if len(outcomes) == 2 else None

    outcomes = wait_until(both_done, message="both send tasks", on_timeout=redis_worker.tail)
    assert sorted(outcomes.values()) == ["False", "True"]
    assert redis_worker.output.count(f"SMS to 0911222333: {body}") == 1
    notification.refresh_from_db()
    assert (notification.state, notification.attempts) == ("sent", 1)


def test_embedded_worker_with_beat_runs_tasks_sent_by_another_process_over_files(tmp_path):
    """`make run`: SQLite file, kombu's filesystem transport, worker with embedded beat, web process apart."""
    var = tmp_path / "var"
    for folder in ("broker/queue", "broker/processed", "media"):
        (var / folder).mkdir(parents=True)
    env = process_env(OPENWARD_ENV="development", OPENWARD_VAR_DIR=var)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=REPO, env=env, check=True)  # noqa: S603

    worker = WorkerProcess(
        [
            "-B",
            "--pool=solo",
            "--loglevel=INFO",
            "--hostname=embedded-it@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env,
        tmp_path / "worker.log",
    )
    try:
        worker.wait_ready()
        sender = (
            "import django; django.setup()\n"
            "from django.db import transaction\n"
            "from portal.notifications import services, tasks\n"
            "with transaction.atomic():\n"
            "    services.enqueue(key='embedded-1', channel='sms', recipient='0903', body='qua tep tin')\n"
            "tasks.flush_outbox.delay()\n"
        )
        subprocess.run([sys.executable, "-c", sender], cwd=REPO, env=env, check=True, timeout=60)  # noqa: S603

        wait_until(
            lambda: "SMS to 0903: qua tep tin" in worker.output,
            message="the worker to send the SMS",
            on_timeout=worker.tail,
        )
        wait_until(
            lambda: re.search(r"Task notifications\.flush_outbox\[[^]]+\] succeeded", worker.output),
            message="the outbox flush sent by the other process",
            on_timeout=worker.tail,
        )
        assert "beat: Starting..." in worker.output
        with sqlite3.connect(var / "openward.sqlite3") as db:
            rows = db.execute("SELECT state, attempts FROM notifications_notification").fetchall()
        assert rows == [("sent", 1)]
    finally:
        worker.stop()
