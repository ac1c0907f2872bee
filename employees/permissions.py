"""Access helpers: the wrong role is a 403; an object outside your scope is a 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from .models import Employee
from .roles import has_role


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


def get_employee_for_hr(pk: int) -> Employee:
    return get_object_or_404(Employee.objects.select_related("user", "mentor"), pk=pk)
