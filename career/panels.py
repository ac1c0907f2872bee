"""The block career adds to HR's employee page (``training.panels.employee_sections``): the person's
certifications, the current one per competency, and their open refresher needs. Two queries."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from common.sections import Section
from employees.models import Employee

from .models import RefresherNeed
from .selectors import certifications_of
from .services import expiry_warning_days


def certifications_section(*, employee: Employee, viewer: Any = None, **kwargs: Any) -> Section | None:
    certifications = certifications_of(employee, today=timezone.localdate(), days=expiry_warning_days())
    needs = list(RefresherNeed.objects.filter(employee=employee, enrollment__isnull=True).order_by("-created_at"))
    return Section(
        title=_("Certifications and refreshers"),
        template="career/_employee_certifications.html",
        context={"certifications": certifications, "needs": needs},
        order=40,
    )
