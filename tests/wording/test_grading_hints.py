"""Grading hints: where a trainer grades short answers in the admin, the banned words in the trainee's answer
are marked, with category, block or warn, and the suggested replacement."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Answer, Question
from tests.matrix_admin import MAKERS
from wording import matching

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    matching.clear_cache()
    yield
    matching.clear_cache()


def answered(world, text: str):
    answer = MAKERS["assessments.answer"](world, "trainee")
    answer.response = text
    answer.question = Question.objects.filter(type="short").first()
    answer.save(update_fields=["response", "question"])
    return answer


def test_the_answer_grading_page_marks_the_banned_words_of_the_answer(client, world):
    answer = answered(world, "亲，这个不可能退，加微信私聊我吧")
    client.force_login(world.trainer)
    page = client.get(reverse("admin:assessments_answer_change", args=[answer.pk])).content.decode()
    assert '<mark class="wording-warn"' in page and "不可能" in page and "暂时无法" in page
    assert '<mark class="wording-block"' in page and ">加微信</mark>" in page
    assert "请在平台内沟通" in page  # the replacement offered


def test_a_clean_answer_has_no_hint_marks(client, world):
    answer = answered(world, "您好，我马上为您核实订单，第一时间给您回复。")
    client.force_login(world.trainer)
    page = client.get(reverse("admin:assessments_answer_change", args=[answer.pk])).content.decode()
    assert "<mark" not in page and "banned-none" in page


def test_grading_a_question_across_attempts_shows_each_answers_hints_with_one_automaton(client, world):
    first = answered(world, "这是全网最低价")
    client.force_login(world.trainer)
    url = reverse("admin:assessments_grade_question", args=[first.question_id])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        page = client.get(url).content.decode()
    assert ">全网最低价</mark>" in page and "优惠价" in page
    Answer.objects.create(
        attempt=first.attempt,
        question=first.question,
        order=2,
        type="short",
        snapshot=first.snapshot,
        points=10,
        response="加VX有优惠",
    )
    with CaptureQueriesContext(connection) as two:
        page = client.get(url).content.decode()
    assert ">VX</mark>" in page
    assert len(two) == len(one)
