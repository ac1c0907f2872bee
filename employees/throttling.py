"""Login throttling with django-axes: whose address a failed login counts against.

Behind the reverse proxy (``BEHIND_TLS_PROXY``) every request reaches gunicorn from the proxy, so the
client's address is the last one the proxy appended to ``X-Forwarded-For``; addresses before it were
sent by the client and could be anything. Without a proxy it is ``REMOTE_ADDR``.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client that tried to log in (see the module's docstring)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded and forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """What a locked-out login gets (``AXES_LOCKOUT_CALLABLE``): the login page's place with the reason
    and how long it lasts, in the user's language, status 429 (Too Many Requests)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)
