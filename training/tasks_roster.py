"""Celery tasks of the roster import: thin wrappers that take ids and call ``employees.roster``.

Files over ``SYNC_ROWS`` rows are checked in the background, and those, or files that give initial passwords,
are imported in the background; the page polls ``roster_status`` for the progress. Both tasks are safe to run
twice (a redelivered message after a worker crash): they act only on an import in the status they expect, and
every final write is conditional on that status. Transient database errors are retried; a task that fails for
good marks the import failed (nothing was saved: the save is one transaction) and deletes the upload.
"""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError

from .roster import check_roster_import, fail_roster_import, run_roster_import

RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "retry_backoff_max": 60,
    "max_retries": 3,
}


class RosterTask(Task):
    """Marks the import failed when the task fails for good (not on a retry)."""

    def on_failure(self, exc: Exception, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        roster_import_id = args[0] if args else kwargs.get("roster_import_id")
        if roster_import_id is not None:
            fail_roster_import(roster_import_id=int(roster_import_id))


@shared_task(name="employees.check_roster", base=RosterTask, **RETRY)
def check_roster_task(roster_import_id: int) -> str:
    """Check every row of a large upload and store the problems (uploaded → checked or failed)."""
    roster_import = check_roster_import(roster_import_id=roster_import_id, track_progress=True)
    return roster_import.status if roster_import else "missing"


@shared_task(name="employees.import_roster", base=RosterTask, **RETRY)
def import_roster_task(roster_import_id: int, user_id: int | None) -> int:
    """Import a confirmed roster (running → done); returns the number of employees created."""
    return run_roster_import(roster_import_id=roster_import_id, by_id=user_id, track_progress=True)
