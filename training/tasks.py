"""Celery tasks of training: thin wrappers that load what they need and call a service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from . import tasks_roster  # noqa: F401  (Celery autodiscovers <app>.tasks only)
from .services import start_due_enrollments, start_due_trainings


@shared_task(name="employees.start_due_trainings", acks_late=True)
def start_due_trainings_task() -> int:
    """Daily: hires whose day 1 has come are now in training, and every enrollment whose day 1 has come is in
    progress (a live veteran's refresher too; the status stays). Safe to run twice."""
    today = timezone.localdate()
    started = start_due_trainings(on=today)
    return len(started) + len(start_due_enrollments(on=today))
