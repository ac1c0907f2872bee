"""Curating the team library: approval is refused on banned words (listing them with what to say instead),
editing an approved phrase checks again, groups keep their names apart."""

from __future__ import annotations

import pytest

from replies.models import PhraseStatus, Scope
from replies.services import ReplyError, approve_phrase, edit_team_phrase, propose_phrase, save_group
from tests.factories import PhraseFactory, PhraseGroupFactory

pytestmark = pytest.mark.django_db


def test_a_phrase_with_lowest_price_and_add_wechat_cannot_be_approved(world):
    group = PhraseGroupFactory(name="催付")
    phrase = propose_phrase(
        group=group, code="zd", text="全网最低价，加微信领券", position_classes=[], tags=[], by=world.trainee.user
    )
    with pytest.raises(ReplyError) as refused:
        approve_phrase(phrase=phrase, by=world.trainer)
    assert "最低价" in str(refused.value) and "加微信" in str(refused.value) and "优惠价" in str(refused.value)
    phrase.refresh_from_db()
    assert phrase.status == PhraseStatus.PROPOSED and phrase.approved_by is None


def test_editing_an_approved_phrase_into_a_banned_word_is_refused(world):
    phrase = PhraseFactory(text="亲，今天下单今天发货")
    with pytest.raises(ReplyError):
        edit_team_phrase(
            phrase=phrase,
            group=phrase.group,
            code="x",
            text="加微信返现",
            position_classes=[],
            tags=[],
            by=world.trainer,
        )
    phrase.refresh_from_db()
    assert phrase.text == "亲，今天下单今天发货"


def test_a_proposal_goes_to_a_team_group_only(world):
    mine = PhraseGroupFactory(scope=Scope.PERSONAL, owner=world.trainee.user)
    with pytest.raises(ReplyError):
        propose_phrase(group=mine, code="", text="亲", position_classes=[], tags=[], by=world.trainee.user)


def test_two_groups_of_a_library_cannot_share_a_name_but_two_people_can(world):
    save_group(name="常用", order=0, scope=Scope.PERSONAL, owner=world.trainee.user)
    save_group(name="常用", order=0, scope=Scope.PERSONAL, owner=world.outsider.user)
    with pytest.raises(ReplyError):
        save_group(name="常用", order=1, scope=Scope.PERSONAL, owner=world.trainee.user)
