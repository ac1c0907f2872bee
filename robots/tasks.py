"""Celery tasks of the group robots: thin wrappers that take ids or an ISO date and call a service.

A digest task that runs twice queues nothing twice (RobotDelivery is unique per robot, event, day and
subject). The send task re-queues itself with a countdown when the robot has no token left or the platform
answered with a rate-limit errcode; the minute sweep sends whatever is due if such a message was lost.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from . import digests, services
from .models import Event

SHANGHAI = ZoneInfo("Asia/Shanghai")
TASK = {
    "acks_late": True,
    "ignore_result": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


def _day(on: str | None) -> date:
    return date.fromisoformat(on) if on else timezone.localdate(timezone=SHANGHAI)


@shared_task(name="robots.send_delivery", **TASK)
def send_delivery_task(delivery_id: int) -> None:
    wait = services.send_delivery(delivery_id=delivery_id)
    if wait:
        send_delivery_task.apply_async((delivery_id,), countdown=wait)


@shared_task(name="robots.send_due_deliveries", **TASK)
def send_due_deliveries_task() -> int:
    """Every minute: deliveries whose wait is over, in case their delayed task was lost."""
    due = services.due_deliveries()
    for delivery_id in due:
        send_delivery_task.delay(delivery_id)
    return len(due)


@shared_task(name="robots.post_daily_plans", **TASK)
def post_daily_plans_task(on: str | None = None) -> int:
    return len(digests.post_cohort_digests(event=Event.DAILY_PLAN, on=_day(on)))


@shared_task(name="robots.post_exam_eve", **TASK)
def post_exam_eve_task(on: str | None = None) -> int:
    return len(digests.post_cohort_digests(event=Event.EXAM_EVE, on=_day(on)))


@shared_task(name="robots.post_check_offs", **TASK)
def post_check_offs_task(on: str | None = None) -> int:
    return len(digests.post_cohort_digests(event=Event.CHECK_OFF, on=_day(on)))


@shared_task(name="robots.post_exam_results", **TASK)
def post_exam_results_task(on: str | None = None) -> int:
    return len(digests.post_cohort_digests(event=Event.EXAM_RESULTS, on=_day(on)))


@shared_task(name="robots.post_late_readers", **TASK)
def post_late_readers_task(on: str | None = None) -> int:
    return len(digests.post_late_readers(on=_day(on)))
