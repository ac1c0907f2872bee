"""Access helpers: the wrong role is a 403; an object outside your scope is a 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from .models import Cohort, Employee, Enrollment
from .roles import Role, has_role


def role_required(*roles: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Log in first; then 403 unless the user has one of the roles."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def employee_of(user: User) -> Employee | None:
    try:
        return Employee.objects.select_related("mentor").get(user=user)
    except Employee.DoesNotExist:
        return None


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


def get_employee_for_hr(pk: int) -> Employee:
    return get_object_or_404(Employee.objects.select_related("user", "mentor"), pk=pk)


def get_enrollment_for_hr(pk: int) -> Enrollment:
    return get_object_or_404(Enrollment.objects.select_related("cohort", "employee", "plan"), pk=pk)
