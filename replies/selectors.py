"""The read side of quick replies: what a person may use while answering a customer."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from .models import Phrase, PhraseStatus, Scope


def usable_phrases(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Phrase]:
    """Approved team phrases plus the user's own personal ones (any state), ``select_related("group")``,
    in group order, then by code. An anonymous user gets the team phrases only."""
    team = Q(group__scope=Scope.TEAM, status=PhraseStatus.APPROVED)
    mine = Q(group__scope=Scope.PERSONAL, group__owner_id=user.pk) if user.is_authenticated else Q(pk__in=[])
    return (
        Phrase.objects.filter(team | mine)
        .select_related("group")
        .order_by("group__order", "group__scope", "group__name", "group_id", "code", "id")
    )
