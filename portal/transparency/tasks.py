"""Periodic job: keep the statistics rollups current (beat entry "transparency-rollups")."""

from celery import shared_task

from . import rollups


@shared_task(name="transparency.refresh_rollups")
def refresh_rollups() -> int:
    """The current and the previous month, plus every month whose "overdue now" count changed."""
    return rollups.refresh()
