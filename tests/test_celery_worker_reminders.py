"""A real Celery worker on Redis delivers the 08:00 reminder once, even when the task is sent twice
(CI sets CELERY_TEST_WORKER=1 and points the broker and result backend at a private Redis)."""

from __future__ import annotations

import os
from datetime import date

import pytest

from notifications.models import Notification, ReminderLog
from tests.factories import CohortFactory, EmployeeFactory
from training.services import enroll

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("CELERY_TEST_WORKER"), reason="needs a Redis broker (CELERY_TEST_WORKER=1)"),
]

ON = date(2026, 11, 19)  # plan day 4 of a cohort that starts on Monday 2026-11-16


def test_a_real_worker_sends_the_daily_plan_once_when_the_task_is_sent_twice(worker):
    from notifications.tasks import send_daily_plans_task

    trainees = EmployeeFactory.create_batch(5)
    enroll(cohort=CohortFactory(start_date=date(2026, 11, 16)), employees=trainees)
    first = send_daily_plans_task.apply_async(kwargs={"on": ON.isoformat()})
    second = send_daily_plans_task.apply_async(kwargs={"on": ON.isoformat()})
    assert sorted([first.get(timeout=60), second.get(timeout=60)]) == [0, 5]
    for trainee in trainees:
        assert Notification.objects.filter(user=trainee.user, kind="daily_plan").count() == 1
    assert ReminderLog.objects.filter(kind="daily_plan", day=ON).count() == 5
