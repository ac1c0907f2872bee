from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest

from .roles import Role, roles_of


class _Roles:
    """``role.hr`` and the like in templates: asks ``roles_of`` only when a template reads a flag."""

    def __init__(self, user: User | AnonymousUser) -> None:
        self._user = user

    def __getattr__(self, name: str) -> bool:
        return name in roles_of(self._user)


def roles(request: HttpRequest) -> dict[str, object]:
    """Lazy role flags for the navigation bar: no query on pages that do not ask."""
    user: User | AnonymousUser | None = getattr(request, "user", None)
    if user is None:
        return {}
    return {"role": _Roles(user), "Role": Role}
