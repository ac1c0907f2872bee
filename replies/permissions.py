"""Who reaches which quick reply. Everyone with a role uses the library, proposes to the team and keeps their
own; trainers and HR curate the team library (``curates_team``). A personal phrase or group of someone else,
or a team phrase that is not in the state the page needs, is a 404."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.shortcuts import get_object_or_404

from employees.roles import Role

from .models import Phrase, PhraseGroup, PhraseStatus, Scope

USERS = (Role.HR, Role.TRAINER, Role.MENTOR, Role.TRAINEE)
CURATORS = (Role.HR, Role.TRAINER)


def get_proposal(pk: int) -> Phrase:
    """A team phrase waiting for approval."""
    return get_object_or_404(
        Phrase.objects.select_related("group", "proposed_by"),
        pk=pk,
        group__scope=Scope.TEAM,
        status=PhraseStatus.PROPOSED,
    )


def get_team_phrase(pk: int) -> Phrase:
    return get_object_or_404(Phrase.objects.select_related("group"), pk=pk, group__scope=Scope.TEAM)


def get_own_phrase(user: User, pk: int) -> Phrase:
    return get_object_or_404(
        Phrase.objects.select_related("group"), pk=pk, group__scope=Scope.PERSONAL, group__owner=user
    )


def get_group(user: User, pk: int, *, team: bool) -> PhraseGroup:
    """A team group (the caller checked the role) or one of the user's own."""
    if team:
        return get_object_or_404(PhraseGroup, pk=pk, scope=Scope.TEAM)
    return get_object_or_404(PhraseGroup, pk=pk, scope=Scope.PERSONAL, owner=user)
