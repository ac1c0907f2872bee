"""The demo's banned-word history: version 2 published by the trainer, a draft in progress, and loading
twice adds nothing."""

from __future__ import annotations

import pytest

from desk.management.commands._demo_wording import load
from wording import matching
from wording.models import WordListVersion

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_published_change_and_a_draft(world):
    matching.clear_cache()
    load(trainer=world.trainer)
    load(trainer=world.trainer)
    versions = WordListVersion.objects.order_by("number")
    assert [(v.number, v.is_draft) for v in versions] == [(1, False), (2, False), (3, True)]
    assert [h.word for h in matching.scan("第一步先给您秒退款")] == ["秒退款"]
    assert matching.blocking(matching.scan("没办法"))
    matching.clear_cache()
