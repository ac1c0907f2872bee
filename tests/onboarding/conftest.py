"""The World's cohort (new-hire plan, day 0 Friday 2026-11-13, day 1 Monday 11-16) made to require the
pre-onboarding step: the data migration requires it only of cohorts starting from the day it ran."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from assessments.models import Attempt, AttemptStatus, Exam
from employees.models import Employee
from onboarding.models import GatedPlan

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY0 = date(2026, 11, 13)
DAY1 = date(2026, 11, 16)


def at(day: date, hour: int = 9):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


def require_step_of_world() -> None:
    GatedPlan.objects.filter(plan__code="new-hire-16").update(required_from=date(2026, 11, 1), is_active=True)


@pytest.fixture
def gated_world(world):
    require_step_of_world()
    return world


def pass_quiz(employee: Employee, percent: int = 90) -> Attempt:
    """A closed, passed attempt at the handbook quiz (the exam engine's own path is tested in test_gate)."""
    now = timezone.now()
    return Attempt.objects.create(
        exam=Exam.objects.get(code="handbook-quiz"),
        employee=employee,
        number=Attempt.objects.filter(employee=employee, exam__code="handbook-quiz").count() + 1,
        status=AttemptStatus.SUBMITTED,
        started_at=now,
        deadline=now,
        submitted_at=now,
        max_score=Decimal(100),
        score=Decimal(percent),
        percent=Decimal(percent),
        passed=percent >= 80,
    )
