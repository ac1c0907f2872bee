"""Records the coaching tests and the permission matrix start from."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from coaching.models import CoachingPlan, RewardPenalty
from coaching.services import GoalRow, create_plan, propose_reward
from employees.models import Employee
from training.models import Enrollment, ScheduledDay

TRIAL_DAYS = list(range(10, 16))  # the standard new-hire plan's 试岗 phase


def enrollment_of(employee: Employee) -> Enrollment:
    return Enrollment.objects.select_related("employee__mentor", "cohort", "plan").get(employee=employee)


def trial_day_on(employee: Employee, day_number: int, on: date) -> Enrollment:
    """Put one plan day of the employee's enrollment on a date (as if the schedule had moved)."""
    enrollment = enrollment_of(employee)
    ScheduledDay.objects.filter(enrollment=enrollment, day_number=day_number).update(date=on)
    return enrollment


def plan_for(employee: Employee, *, owner: User, by: User, due: date | None = None) -> CoachingPlan:
    due = due or date(2026, 12, 1)
    return create_plan(
        employee=employee,
        reason="试岗后响应偏慢",
        owner=owner,
        goals=[GoalRow("平均响应 30 秒内", due), GoalRow("差评率低于 1%", due + timedelta(days=7))],
        by=by,
    )


def reward_for(employee: Employee, *, by: User, with_file: bool = False, kind: str = "reward") -> RewardPenalty:
    return propose_reward(
        employee=employee,
        kind=kind,
        reason="大促期间接待量第一",
        points=10,
        amount=Decimal("200"),
        evidence_text="11 月接待 1,200 次，好评率 99%",
        evidence_file=SimpleUploadedFile("praise.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
        if with_file
        else None,
        by=by,
    )
