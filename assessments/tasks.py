"""Celery tasks for assessments: thin wrappers around services."""

from __future__ import annotations

from celery import shared_task

from .exams import close_expired


@shared_task(name="assessments.close_expired_attempts", acks_late=True)
def close_expired_attempts_task() -> int:
    """Every minute: close and score exam attempts whose time is up, also those abandoned.
    Safe to run twice or on two workers (each close is a conditional update)."""
    return close_expired()
