from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from employees.models import Status, StatusChange
from tests.factories import CohortFactory, EmployeeFactory
from training.services import enroll, start_due_trainings

pytestmark = pytest.mark.django_db


SHANGHAI = ZoneInfo("Asia/Shanghai")


@time_machine.travel(datetime(2026, 11, 10, 9, tzinfo=SHANGHAI), tick=False)
def test_hires_move_to_in_training_when_day_one_comes_and_only_once():
    hire = EmployeeFactory(status=Status.PRE_ONBOARDING)
    later = EmployeeFactory(status=Status.PRE_ONBOARDING)
    enroll(cohort=CohortFactory(start_date=date(2026, 11, 16)), employees=[hire])
    enroll(cohort=CohortFactory(start_date=date(2026, 11, 30)), employees=[later])

    assert start_due_trainings(on=date(2026, 11, 13)) == []  # day 0 only
    changes = start_due_trainings(on=date(2026, 11, 16))
    assert [c.employee for c in changes] == [hire]
    assert start_due_trainings(on=date(2026, 11, 16)) == []

    hire.refresh_from_db()
    later.refresh_from_db()
    assert (hire.status, later.status) == (Status.IN_TRAINING, Status.PRE_ONBOARDING)
    assert StatusChange.objects.filter(employee=hire, to_status=Status.IN_TRAINING).count() == 1


def test_the_daily_job_is_in_the_editable_beat_schedule():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="employees.start_due_trainings")
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == ("0", "5", "Asia/Shanghai")


@time_machine.travel(datetime(2026, 11, 18, 9, tzinfo=SHANGHAI), tick=False)
def test_a_hire_added_to_a_cohort_that_has_begun_is_in_training_at_once():
    early = EmployeeFactory(status=Status.PRE_ONBOARDING)
    enroll(cohort=CohortFactory(start_date=date(2026, 11, 30)), employees=[early])
    late = EmployeeFactory(status=Status.PRE_ONBOARDING)
    enroll(cohort=CohortFactory(start_date=date(2026, 11, 16)), employees=[late])

    early.refresh_from_db()
    late.refresh_from_db()
    assert (early.status, late.status) == (Status.PRE_ONBOARDING, Status.IN_TRAINING)
    assert late.status_changes.get().day_number == 1


def test_starting_many_hires_takes_a_constant_number_of_queries(django_assert_max_num_queries):
    cohort = CohortFactory(start_date=date(2026, 11, 16))
    with time_machine.travel(datetime(2026, 11, 2, 9, tzinfo=SHANGHAI), tick=False):
        enroll(cohort=cohort, employees=EmployeeFactory.create_batch(12, status=Status.PRE_ONBOARDING))
    with django_assert_max_num_queries(6):
        assert len(start_due_trainings(on=date(2026, 11, 16))) == 12


def test_naming_a_mentor_at_hire_gives_them_the_mentor_pages():
    from employees.services import create_employee

    mentor = EmployeeFactory(status=Status.LIVE)
    assert not mentor.user.groups.filter(name="mentor").exists()
    create_employee(
        employee_no="N9001", name="新人", position_class="pre_sale", tier="new_hire", by=None, mentor=mentor
    )
    assert mentor.user.groups.filter(name="mentor").exists()
