"""Who may see which cohort, roll call and enrollment: HR every one, a trainer the cohorts they train,
a mentor their own mentees. Outside your scope is a 404."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import Http404
from django.shortcuts import get_object_or_404

from employees.models import Employee
from employees.permissions import employee_of
from employees.roles import Role, has_role

from .models import Cohort, Enrollment


def get_cohort_for_user(user: User, pk: int) -> Cohort:
    """HR sees every cohort; a trainer only the cohorts they train."""
    cohort = get_object_or_404(Cohort, pk=pk)
    if has_role(user, Role.HR):
        return cohort
    if has_role(user, Role.TRAINER) and cohort.trainers.filter(pk=user.pk).exists():
        return cohort
    raise Http404


def get_roll_call_scope(user: User, pk: int) -> tuple[Cohort, Employee | None]:
    """HR and the cohort's trainers take the whole cohort's roll call; a mentor only their own
    mentees in it (returned as the second item). Anyone else: 404."""
    cohort = get_object_or_404(Cohort, pk=pk)
    if has_role(user, Role.HR) or (has_role(user, Role.TRAINER) and cohort.trainers.filter(pk=user.pk).exists()):
        return cohort, None
    if has_role(user, Role.MENTOR):
        mentor = employee_of(user)
        if mentor is not None and Enrollment.objects.filter(cohort=cohort, employee__mentor=mentor).exists():
            return cohort, mentor
    raise Http404


def get_enrollment_for_hr(pk: int) -> Enrollment:
    return get_object_or_404(Enrollment.objects.select_related("cohort", "employee", "plan"), pk=pk)
