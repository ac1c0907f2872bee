from __future__ import annotations

from django.http import HttpRequest

from .roles import Role, roles_of


def roles(request: HttpRequest) -> dict[str, object]:
    """Lazy role flags for the navigation bar: no query on pages that do not ask."""
    user = getattr(request, "user", None)
    if user is None:
        return {}

    class _Roles:
        def __getattr__(self, name: str) -> bool:
            return name in roles_of(user)

    return {"role": _Roles(), "Role": Role}
