"""A real Celery worker on Redis runs the tasks (CI sets CELERY_TEST_WORKER=1 and points the
broker and result backend at a private Redis)."""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from employees.models import Status, StatusChange
from tests.factories import CohortFactory, EmployeeFactory
from training.services import enroll

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("CELERY_TEST_WORKER"), reason="needs a Redis broker (CELERY_TEST_WORKER=1)"),
]


def test_a_real_worker_runs_the_daily_job_and_a_second_run_changes_nothing(worker):
    from training.tasks import start_due_trainings_task

    hire = EmployeeFactory(status=Status.PRE_ONBOARDING)
    with time_machine.travel(datetime(2026, 11, 10, 9, tzinfo=ZoneInfo("Asia/Shanghai"))):
        enroll(cohort=CohortFactory(start_date=date(2026, 11, 16)), employees=[hire])
    with time_machine.travel(datetime(2026, 11, 16, 0, 5, tzinfo=ZoneInfo("Asia/Shanghai"))):
        first = start_due_trainings_task.delay()
        second = start_due_trainings_task.delay()
        results = sorted([first.get(timeout=60), second.get(timeout=60)])
    # The first run moves the hire to "in training" and their enrollment to "in progress"; the second, nothing.
    assert results == [0, 2]
    hire.refresh_from_db()
    assert hire.status == Status.IN_TRAINING
    assert StatusChange.objects.filter(employee=hire, to_status=Status.IN_TRAINING).count() == 1
