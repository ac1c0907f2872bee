"""Request types for views.

A view behind ``login_required`` (or ``employees.permissions.role_required``, which logs in first) never sees an
anonymous user, so its ``request.user`` is a ``User``. django-stubs types ``HttpRequest.user`` as
``User | AnonymousUser``; annotating such a view's request as ``AuthenticatedHttpRequest`` says what the decorator
guarantees (the pattern django-stubs documents for "a request that's guaranteed to have an authenticated user").
Views that also serve anonymous visitors keep ``HttpRequest``.
"""

from __future__ import annotations

from typing import TypeGuard

from django.contrib.auth.models import User
from django.http import HttpRequest


class AuthenticatedHttpRequest(HttpRequest):
    """Only a type: Django still builds a plain ``HttpRequest``; this one promises ``request.user`` is logged in."""

    user: User


def is_authenticated(request: HttpRequest) -> TypeGuard[AuthenticatedHttpRequest]:
    """True for a logged-in user. Safe on requests the authentication middleware never saw (no ``user``)."""
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated
