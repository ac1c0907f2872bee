"""The demo's quick replies: a team library in four groups, proposals waiting (one refused for its banned
words), and the trainee's own phrases."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from replies.models import Phrase, PhraseGroup, PhraseStatus, Scope
from replies.selectors import usable_phrases
from replies.services import ReplyError, approve_phrase

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_team_library_with_proposals_waiting(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("demo_data", stdout=StringIO(), stderr=StringIO())

    team = PhraseGroup.objects.filter(scope=Scope.TEAM).order_by("order")
    assert [g.name for g in team] == ["欢迎语", "物流", "售后", "催付"]
    assert Phrase.objects.filter(group__scope=Scope.TEAM, status=PhraseStatus.APPROVED).count() >= 19
    waiting = Phrase.objects.filter(status=PhraseStatus.PROPOSED)
    assert waiting.count() == 2
    banned = waiting.get(code="zd")
    with pytest.raises(ReplyError):
        approve_phrase(phrase=banned, by=banned.proposed_by)
    trainee = banned.proposed_by
    assert trainee.username == "trainee"
    assert usable_phrases(trainee).filter(group__scope=Scope.PERSONAL).count() == 3
