"""The bell in the navigation bar: the number of unread notifications."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import cached_property

from common.http import AuthenticatedHttpRequest, is_authenticated

from .services import unread_count


class Bell:
    """Counts unread notifications the first time a template asks (one query), then remembers."""

    def __init__(self, request: AuthenticatedHttpRequest) -> None:
        self._user = request.user

    @cached_property
    def unread(self) -> int:
        return unread_count(self._user)

    @property
    def badge(self) -> str:
        """What the badge shows: the count, or 99+."""
        return "99+" if self.unread > 99 else str(self.unread)


def bell_for(request: AuthenticatedHttpRequest) -> Bell:
    """The request's bell, made once and kept on the request so every template shares one count."""
    bell = getattr(request, "_notification_bell", None)
    if bell is None:
        bell = request._notification_bell = Bell(request)  # type: ignore[attr-defined]
    return bell


def notifications(request: HttpRequest) -> dict[str, object]:
    """`bell` for logged-in users; nothing (and no query) for anonymous visitors."""
    if not is_authenticated(request):
        return {}
    return {"bell": bell_for(request)}
