"""The migration that gives enrollments made before enrollment states their state, from the facts known then:
the employee's status and its history, the cohort's tier and its scheduled days."""

from __future__ import annotations

from datetime import date, datetime, time
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps

from employees.models import Status, StatusChange, Tier
from tests.factories import CohortFactory, EmployeeFactory
from training.models import Enrollment, EnrollmentState, Outcome
from training.services import enroll

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 12, 3)
backfill = import_module("training.migrations.0015_enrollment_state_backfill").forwards


def _as_before_states(employee, to_status: str, on: date) -> None:
    """The status as it was set before enrollment states: a status change on `on` and the status, nothing else."""
    StatusChange.objects.create(employee=employee, from_status=employee.status, to_status=to_status, reason="旧记录")
    StatusChange.objects.filter(employee=employee, to_status=to_status).update(
        changed_at=datetime.combine(on, time(18), tzinfo=SHANGHAI)
    )
    employee.status = to_status
    employee.save(update_fields=["status"])


def test_the_backfill_fills_each_enrollment_from_status_schedule_and_tier(world):
    veteran = EmployeeFactory(status=Status.LIVE, tier=Tier.VETERAN)
    done_refresher = CohortFactory(tier=Tier.VETERAN, start_date=date(2026, 11, 2))
    next_refresher = CohortFactory(tier=Tier.VETERAN, start_date=date(2027, 1, 4))
    enroll(cohort=done_refresher, employees=[veteran])
    enroll(cohort=next_refresher, employees=[veteran])
    eliminated, departed, waiting = EmployeeFactory.create_batch(3, status=Status.IN_TRAINING)
    enroll(cohort=world.cohort, employees=[eliminated, departed])
    enroll(cohort=CohortFactory(start_date=date(2027, 1, 4)), employees=[waiting])
    _as_before_states(world.trainee, Status.TRIAL_POST, date(2026, 11, 30))
    _as_before_states(world.trainee, Status.LIVE, date(2026, 12, 2))
    _as_before_states(eliminated, Status.ELIMINATED, date(2026, 11, 26))
    _as_before_states(departed, Status.LEFT, date(2026, 11, 18))
    # Every enrollment as the migration finds it: the column's default.
    Enrollment.objects.update(state=EnrollmentState.ENROLLED, outcome="", ended_on=None)

    with time_machine.travel(datetime.combine(TODAY, time(3), tzinfo=SHANGHAI), tick=False):
        backfill(apps, None)

    found = {
        (e.employee_id, e.cohort_id): (e.state, e.outcome, e.ended_on)
        for e in Enrollment.objects.select_related("cohort")
    }
    last_refresher_day = done_refresher.enrollments.get().scheduled_days.latest("date").date
    assert found == {
        (world.trainee.pk, world.cohort.pk): (EnrollmentState.COMPLETED, Outcome.PASSED, date(2026, 12, 2)),
        (eliminated.pk, world.cohort.pk): (EnrollmentState.FAILED, Outcome.NOT_PASSED, date(2026, 11, 26)),
        (departed.pk, world.cohort.pk): (EnrollmentState.WITHDRAWN, "", date(2026, 11, 18)),
        (world.outsider.pk, world.other_cohort.pk): (EnrollmentState.IN_PROGRESS, "", None),
        (veteran.pk, done_refresher.pk): (EnrollmentState.COMPLETED, "", last_refresher_day),
        (veteran.pk, next_refresher.pk): (EnrollmentState.ENROLLED, "", None),
        (waiting.pk, waiting.enrollments.get().cohort_id): (EnrollmentState.ENROLLED, "", None),
    }
    assert last_refresher_day < TODAY


def test_the_backfill_leaves_states_already_set_alone(world):
    Enrollment.objects.filter(pk=world.enrollment.pk).update(state=EnrollmentState.WITHDRAWN, ended_on=TODAY)
    _as_before_states(world.trainee, Status.ELIMINATED, date(2026, 11, 26))
    backfill(apps, None)
    assert Enrollment.objects.get(pk=world.enrollment.pk).state == EnrollmentState.WITHDRAWN
