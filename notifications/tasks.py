"""Celery tasks for reminders: thin wrappers that read the date and call a service.

The reminder tasks take the date they are about as an ISO string (JSON only) and default to
today in Asia/Shanghai. Running one twice, or on two workers, sends nothing twice: the
services skip whoever already had the reminder. Lost database connections are retried with
back-off; a mail server that fails is retried by the e-mail task alone.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from reports import tasks  # noqa: F401  (Celery autodiscovers <app>.tasks only)

from . import reminders
from .services import send_notification_email, send_notification_emails

SHANGHAI = ZoneInfo("Asia/Shanghai")
TRANSIENT = (OperationalError, InterfaceError)
REMINDER_TASK = {
    "acks_late": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "max_retries": 5,
}
# The e-mail tasks: retried for up to an hour between tries; nobody waits for their result (10,000 results
# would only fill the result backend).
EMAIL_TASK = {
    "acks_late": True,
    "ignore_result": True,
    "retry_backoff": 60,
    "retry_backoff_max": 3600,
    "max_retries": 8,
}


def day_of(on: str | None) -> date:
    """The date a reminder task is about: the ISO date given, or today in Asia/Shanghai."""
    return date.fromisoformat(on) if on else timezone.localdate(timezone=SHANGHAI)


@shared_task(name="training.send_daily_plans", **REMINDER_TASK)
def send_daily_plans_task(on: str | None = None) -> int:
    """08:00: today's plan for every trainee with a plan day."""
    return reminders.send_daily_plans(on=day_of(on))


@shared_task(name="training.send_checkoff_reminders", **REMINDER_TASK)
def send_checkoff_reminders_task(on: str | None = None) -> int:
    """18:00: trainers with sessions left without attendance, mentors with shadowing logs missing."""
    return reminders.send_check_off_reminders(on=day_of(on))


@shared_task(name="training.send_exam_eve_reminders", **REMINDER_TASK)
def send_exam_eve_reminders_task(on: str | None = None) -> int:
    """17:00: trainees with an exam or a retake on their next working day."""
    return reminders.send_exam_eve_reminders(on=day_of(on))


@shared_task(name="training.send_grading_backlog", **REMINDER_TASK)
def send_grading_backlog_task(on: str | None = None) -> int:
    """10:00: trainers and HR with short answers waiting to be graded."""
    return reminders.send_grading_backlog(on=day_of(on))


@shared_task(name="training.send_weekly_hr_report", **REMINDER_TASK)
def send_weekly_hr_report_task(on: str | None = None) -> int:
    """Monday 09:00: build last week's HR report and tell HR."""
    return reminders.send_weekly_hr_report(on=day_of(on))


@shared_task(name="notifications.send_trial_post_log_reminders", **REMINDER_TASK)
def send_trial_post_log_reminders_task(on: str | None = None) -> int:
    """18:00: mentors whose mentee's trial-post day has no log yet."""
    return reminders.send_trial_post_log_reminders(on=day_of(on))


@shared_task(name="notifications.send_coaching_reminders", **REMINDER_TASK)
def send_coaching_reminders_task(on: str | None = None) -> int:
    """09:00: owners of coaching plans with a goal or a check-in due."""
    return reminders.send_coaching_reminders(on=day_of(on))


@shared_task(name="onboarding.send_pre_onboarding_eve", **REMINDER_TASK)
def send_pre_onboarding_eve_task(on: str | None = None) -> int:
    """19:00: hires whose day 1 is the next working day and whose pre-onboarding step is not finished."""
    return reminders.send_pre_onboarding_eve(on=day_of(on))


@shared_task(name="onboarding.send_day_one_held", **REMINDER_TASK)
def send_day_one_held_task(on: str | None = None) -> int:
    """08:00: hires whose day 1 is today and still held by the pre-onboarding step."""
    return reminders.send_day_one_held(on=day_of(on))


@shared_task(name="notifications.send_knowledge_reminders", **REMINDER_TASK)
def send_knowledge_reminders_task(on: str | None = None) -> int:
    """09:30: people past the deadline of a knowledge update they have not finished."""
    return reminders.send_knowledge_reminders(on=day_of(on))


# SMTPException and connection errors are OSErrors: the mail server may be back in a minute.
@shared_task(name="training.send_notification_email", autoretry_for=(*TRANSIENT, OSError), **EMAIL_TASK)
def send_notification_email_task(notification_id: int) -> bool:
    """The e-mail copy of one notification, queued after the notification's commit."""
    return send_notification_email(notification_id)


@shared_task(name="training.send_notification_emails", autoretry_for=TRANSIENT, **EMAIL_TASK)
def send_notification_emails_task(notification_ids: list[int]) -> int:
    """The e-mail copies of a batch of notifications, over one mail-server connection; each one that
    fails goes on to `training.send_notification_email`, which retries it."""
    sent, _failed = send_notification_emails(notification_ids)
    return sent
