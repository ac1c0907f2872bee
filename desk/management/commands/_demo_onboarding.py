"""Pre-onboarding demo data: a new-hire cohort starting next week whose hires are before day 1. The login
``newhire`` has confirmed reading the handbook and ticked half of the checklist (the quiz opens on day 0);
one colleague has not started, another has done the checklist only."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from employees.models import PositionClass, Tier
from employees.services import create_employee
from onboarding.models import ChecklistItem
from onboarding.selectors import is_gated
from onboarding.services import confirm_handbook, save_checklist
from training.models import Enrollment
from training.services import create_cohort, enroll
from training.workdays import WorkCalendar

NAMES = ["郑新月", "冯嘉怡", "蒋浩然"]


def load(*, hr: User, trainer: User) -> None:
    today = timezone.localdate()
    start = WorkCalendar.load(since=today).next_workday(today + timedelta(days=7))
    cohort = create_cohort(
        name=f"{start.year}年{start.month}月新人批（入职准备中）",
        tier=Tier.NEW_HIRE,
        start_date=start,
        trainers=[trainer],
        location="3 楼培训室 A",
        by=hr,
    )
    hires = [
        create_employee(
            employee_no=f"P{start:%y%m}{i + 1:03d}",
            username="newhire" if i == 0 else None,
            name=name,
            phone=f"139{start:%m%d}{i + 1:04d}",
            position_class=[PositionClass.PRE_SALE, PositionClass.AFTER_SALE, PositionClass.IN_SALE][i],
            tier=Tier.NEW_HIRE,
            hire_date=start,
            team="天猫旗舰店",
            by=hr,
        )
        for i, name in enumerate(NAMES)
    ]
    enroll(cohort=cohort, employees=hires)
    enrollments = {e.employee_id: e for e in Enrollment.objects.filter(cohort=cohort).select_related("cohort")}
    first = enrollments[hires[0].pk]
    if not is_gated(first):  # the step was switched off or moved in the admin
        return
    items = list(ChecklistItem.objects.filter(is_active=True).values_list("pk", flat=True))
    confirm_handbook(enrollment=first, by=hires[0].user)
    save_checklist(enrollment=first, item_ids=items[: len(items) // 2], by=hires[0].user)
    save_checklist(enrollment=enrollments[hires[2].pk], item_ids=items, by=hires[2].user)
