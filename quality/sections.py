"""The block this app adds to HR's employee page (``training.panels.employee_sections``): the latest checks,
the average and red lines of the last 90 days, links to the results and to a new check. Two queries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from common.sections import Section
from employees.models import Employee

from .models import QualityCheck
from .permissions import may_check
from .selectors import summary

RECENT = 5
RECENT_DAYS = 90


def employee_quality(*, employee: Employee, viewer: Any, **_ignored: Any) -> Section | None:
    if not may_check(viewer, employee):
        return None
    checks = QualityCheck.objects.filter(employee=employee)
    since = timezone.localdate() - timedelta(days=RECENT_DAYS - 1)
    return Section(
        title=_("Quality checks"),
        template="quality/_section.html",
        context={
            "employee": employee,
            "recent": list(checks.order_by("-chat_date", "-id")[:RECENT]),
            "stats": summary(checks.filter(chat_date__gte=since)),
            "days": RECENT_DAYS,
            "may_check": not employee.is_finished,
        },
        order=50,
    )
