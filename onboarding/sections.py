"""The block this app adds to HR's employee page: where the hire stands with the pre-onboarding step of
their latest gated training."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from common.sections import Section
from employees.models import Employee
from training.models import Enrollment

from .selectors import checklist, gated, with_readiness


def employee_section(*, employee: Employee, viewer: Any, **_subject: Any) -> Section | None:
    """Two queries: the employee's latest gated enrollment with its readiness, and the checklist."""
    rows = list(
        with_readiness(gated(Enrollment.objects.filter(employee=employee)))
        .select_related("cohort")
        .order_by("-cohort__start_date")[:1]
    )
    if not rows:
        return None
    return Section(
        title=_("Pre-onboarding step"),
        template="onboarding/_employee_section.html",
        context={"row": rows[0], "total": len(checklist())},
        order=20,
        met=bool(rows[0].ready),
    )
