"""Celery task for the Excel reports: a thin wrapper around ``reports.services.build_report``.

Celery's autodiscovery imports ``<app>.tasks`` only; this module is imported from
``training/tasks.py`` so that the worker knows the task.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, shared_task

from .models import Report
from .services import TRANSIENT_ERRORS, build_report, give_up

logger = logging.getLogger(__name__)


class ReportTask(Task):
    """Marks the report failed once the retries of transient errors are used up."""

    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        report_id = args[0] if args else kwargs.get("report_id")
        if report_id is not None:
            give_up(int(report_id))


@shared_task(
    base=ReportTask,
    name="training.build_report",
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def build_report_task(report_id: int) -> str | None:
    """Build one report (see build_report). Running it twice builds once; a deleted report is
    skipped."""
    try:
        return build_report(report_id).status
    except Report.DoesNotExist:
        logger.warning("Report %s no longer exists; nothing to build", report_id)
        return None
