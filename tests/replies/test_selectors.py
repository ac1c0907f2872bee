from __future__ import annotations

import pytest

from replies.models import Phrase, PhraseStatus, Scope
from replies.selectors import usable_phrases
from tests.factories import PhraseFactory, PhraseGroupFactory

pytestmark = pytest.mark.django_db


def test_usable_phrases_are_approved_team_phrases_and_my_own(world):
    welcome = PhraseGroupFactory(name="欢迎语", order=0)
    logistics = PhraseGroupFactory(name="物流", order=1)
    PhraseFactory(group=logistics, code="fh", text="下单后48小时内发货")
    PhraseFactory(group=welcome, code="hy", text="亲，您好！")
    PhraseFactory(group=welcome, code="xx", text="还在审核", status=PhraseStatus.PROPOSED)
    PhraseFactory(group=welcome, code="no", text="被退回", status=PhraseStatus.REJECTED)
    mine = PhraseGroupFactory(scope=Scope.PERSONAL, owner=world.trainee.user, name="我的", order=5)
    PhraseFactory(group=mine, code="wd", text="我自己的")
    theirs = PhraseGroupFactory(scope=Scope.PERSONAL, owner=world.outsider.user, name="别人的", order=0)
    PhraseFactory(group=theirs, code="br", text="别人的短语")

    phrases = list(usable_phrases(world.trainee.user))

    assert [p.text for p in phrases] == ["亲，您好！", "下单后48小时内发货", "我自己的"]
    assert [p.text for p in usable_phrases(world.outsider.user)] == ["别人的短语", "亲，您好！", "下单后48小时内发货"]


def test_usable_phrases_load_their_group_in_one_query(world, django_assert_num_queries):
    group = PhraseGroupFactory()
    PhraseFactory.create_batch(3, group=group)
    with django_assert_num_queries(1):  # the phrases joined to their groups
        assert {p.group.name for p in usable_phrases(world.trainer)} == {group.name}


def test_phrase_lists_read_position_classes_and_tags():
    phrase = Phrase(code="tuihuo", position_classes="after_sale,in_sale", tags="退货，运费")
    assert phrase.class_list == ["after_sale", "in_sale"]
    assert phrase.tag_list == ["退货", "运费"]
    assert phrase.qianniu_code == "tuih"
