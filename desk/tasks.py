"""Celery tasks of desk: the sweeper that looks after the background work of every app."""

from __future__ import annotations

from celery import shared_task

from reports.services import fail_stalled_reports
from training.roster import fail_stalled_imports


@shared_task(name="desk.sweep_stalled_work", acks_late=True)
def sweep_stalled_work_task() -> int:
    """Every 5 minutes: reports and roster imports whose worker died (no progress for 15 minutes) are
    marked failed, with a retry button on their page. Safe to run twice (conditional updates)."""
    return fail_stalled_reports() + fail_stalled_imports()
