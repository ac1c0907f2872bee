"""Access helpers shared by every app: the wrong role is a 403; an object outside your scope is a 404.

The rules here: a view names the roles it is for (``role_required``); HR alone opens an employee's
record by id; a mentor is the employee named as the mentor on a trainee's record (``is_mentor_of``),
and a mentor's mentees are the employees naming them (``mentees_of``). Being HR does not make anyone
a mentor.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404

from common.http import AuthenticatedHttpRequest

from .models import Employee
from .roles import has_role

_P = ParamSpec("_P")
_R = TypeVar("_R", bound=HttpResponseBase)
_View = Callable[Concatenate[AuthenticatedHttpRequest, _P], _R]


def role_required(*roles: str) -> Callable[[_View[_P, _R]], _View[_P, _R]]:
    """Log in first; then 403 unless the user has one of the roles."""

    def decorator(view: _View[_P, _R]) -> _View[_P, _R]:
        # login_required, outermost, sends anonymous visitors to the login page: wrapped only sees logged-in users.
        @login_required
        @wraps(view)
        def wrapped(request: AuthenticatedHttpRequest, *args: _P.args, **kwargs: _P.kwargs) -> _R:
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


def get_employee_for_hr(pk: int) -> Employee:
    return get_object_or_404(Employee.objects.select_related("user", "mentor"), pk=pk)


def is_mentor_of(user: User | AnonymousUser, employee: Employee) -> bool:
    """Is the user's own employee record this employee's mentor? No query when the employee's
    mentor is already loaded (``select_related("mentor")``), one otherwise."""
    if employee.mentor_id is None or user.pk is None:
        return False
    if Employee.mentor.is_cached(employee):
        return employee.mentor is not None and employee.mentor.user_id == user.pk
    return Employee.objects.filter(pk=employee.mentor_id, user_id=user.pk).exists()


def mentees_of(mentor: Employee) -> QuerySet[Employee]:
    """The employees whose mentor this employee is."""
    return Employee.objects.filter(mentor=mentor)
