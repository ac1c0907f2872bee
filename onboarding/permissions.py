"""Who may see and do what with the pre-onboarding step.

* A hire (trainee role): only their own step, of the training they follow now (``active_enrollment``); a
  login without an employee record, or whose training has no step, gets a 404.
* Readiness per cohort: HR every cohort; a trainer the cohorts they train (another cohort is a 404).
* Opening day 1 without the step: HR only.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from employees.permissions import employee_of
from training.models import Enrollment
from training.selectors import active_enrollment

from .selectors import is_gated


def own_gated_enrollment(user: User) -> Enrollment:
    """The hire's current enrollment if it has a pre-onboarding step; a 404 otherwise."""
    employee = employee_of(user)
    enrollment = active_enrollment(employee, timezone.localdate()) if employee is not None else None
    if enrollment is None or not is_gated(enrollment):
        raise Http404
    assert employee is not None  # an enrollment was found for it
    enrollment.employee = employee  # the same row: spares a query
    return enrollment


def get_gated_enrollment_for_hr(pk: int) -> Enrollment:
    """Any gated enrollment (HR sees every cohort); one without the step is a 404."""
    enrollment = get_object_or_404(Enrollment.objects.select_related("cohort", "employee", "plan"), pk=pk)
    if not is_gated(enrollment):
        raise Http404
    return enrollment
