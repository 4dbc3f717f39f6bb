"""The periodic jobs beat sends (settings.CELERY_BEAT_SCHEDULE) must name tasks the workers know."""

import datetime as dt

from django.conf import settings

from portal.celery import app


def seconds(schedule):
    if isinstance(schedule, dt.timedelta):
        return schedule.total_seconds()
    if isinstance(schedule, int | float):
        return float(schedule)
    return None  # crontab and friends: checked by the registration test only


def test_every_periodic_job_names_a_registered_task():
    app.autodiscover_tasks(force=True)  # what a worker does at start: import portal/*/tasks.py
    unknown = {
        name: entry["task"] for name, entry in settings.CELERY_BEAT_SCHEDULE.items() if entry["task"] not in app.tasks
    }
    assert not unknown, f"beat would send tasks no worker has: {unknown}"


def test_outbox_is_flushed_every_minute_and_stale_ticks_expire():
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "notifications.flush_outbox")
    assert seconds(entry["schedule"]) == 60
    assert 0 < entry.get("options", {}).get("expires", 0) <= 60
