"""The four roles, as Django groups created by a migration."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HR = "hr", _("HR")
    TRAINER = "trainer", _("Trainer")
    MENTOR = "mentor", _("Mentor")
    TRAINEE = "trainee", _("Trainee")


def roles_of(user: User | AnonymousUser) -> frozenset[str]:
    """The user's role names, read once per request and kept on the user object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
        user._role_names = cached  # type: ignore[attr-defined]  # per-request cache kept on the user object
    return cached


def has_role(user: User | AnonymousUser, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))
