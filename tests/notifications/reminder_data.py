"""Dates of the world's cohort and the reading of reminders, for the reminder tests."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from notifications.models import Notification
from training.models import PlanItem
from training.services import CheckOff, record_check_offs

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY1 = date(2026, 11, 16)
DAY4 = date(2026, 11, 19)
DAY8 = date(2026, 11, 25)
DAY9 = date(2026, 11, 26)


def notes(kind: str, user=None) -> list[Notification]:
    qs = Notification.objects.filter(kind=kind).order_by("id")
    return list(qs.filter(user=user) if user is not None else qs)


def items_of(enrollment, day: int) -> list[PlanItem]:
    position_class = enrollment.employee.position_class
    return [
        i for i in PlanItem.objects.filter(template=enrollment.plan, day_number=day) if i.applies_to(position_class)
    ]


def record_all(enrollment, day: int, by) -> None:
    record_check_offs(
        check_offs=[CheckOff(enrollment.pk, i.pk, "present", True) for i in items_of(enrollment, day)], by=by
    )
