"""First login: an account whose ``Preference.must_set_password`` is set must choose a password before anything else.

Add ``"employees.middleware.SetPasswordFirstMiddleware"`` to ``MIDDLEWARE`` after Django's authentication and
message middleware. Every request of such an account is redirected to the set-password page, except that page
itself, logging out, static files and the language switch (``i18n/``).

The flag is read once per login, not once per request: the ``user_logged_in`` receiver below stores it in the
session, so pages keep their query counts. A session from before this middleware existed is looked up once and
then remembered. Clearing the flag (the set-password page) updates the session too; setting it on an account
that is logged in takes effect at its next login.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .models import Preference

SESSION_KEY = "employees_must_set_password"


def _lookup(user_id: int) -> bool:
    return Preference.objects.filter(user_id=user_id, must_set_password=True).exists()


def must_set_password(request: HttpRequest) -> bool:
    """Whether the logged-in user still has to choose a password (remembered in the session)."""
    if not request.user.is_authenticated:
        return False
    remembered = request.session.get(SESSION_KEY)
    if remembered is None:
        remembered = request.session[SESSION_KEY] = _lookup(request.user.pk)
    return bool(remembered)


def password_set(request: HttpRequest) -> None:
    """The user has chosen a password: forget the duty for this session."""
    request.session[SESSION_KEY] = False


@receiver(user_logged_in, dispatch_uid="employees.remember_password_duty")
def remember_password_duty(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Read the flag once, at login."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = _lookup(user.pk)


class SetPasswordFirstMiddleware:
    """Send accounts that must set a password to the set-password page, whatever they ask for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._exempt: tuple[str, ...] | None = None

    def exempt_prefixes(self) -> tuple[str, ...]:
        if self._exempt is None:
            static = "/" + settings.STATIC_URL.lstrip("/") if settings.STATIC_URL else "/static/"
            i18n = reverse("set_language").rsplit("/", 2)[0] + "/"  # /i18n/setlang/ → /i18n/
            self._exempt = (reverse("set_password"), reverse("logout"), static, i18n)
        return self._exempt

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(self.exempt_prefixes()) and must_set_password(request):
            return redirect("set_password")
        return self.get_response(request)
