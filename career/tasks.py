"""Celery tasks of career: thin wrappers around its services."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .services import create_expiry_needs


@shared_task(name="career.create_expiry_needs", acks_late=True)
def create_expiry_needs_task() -> int:
    """Daily: certifications ending within the warning period (or ended) ask for a refresher, once each.
    Safe to run twice."""
    return len(create_expiry_needs(on=timezone.localdate()))
