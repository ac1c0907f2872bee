"""The seeded question bank: enough questions of each category and type, and every one of them valid."""

from __future__ import annotations

from collections import Counter

import pytest

from assessments.models import Question, QuestionType
from assessments.question_import import check_choices
from assessments.seeds.questions import QUESTIONS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_and_media")]


# ---------------------------------------------------------------------------- the seeded bank

MINIMUMS = {
    ("handbook", "single"): 10,
    ("handbook", "true_false"): 6,
    ("platform-rules", "single"): 10,
    ("platform-rules", "multiple"): 4,
    ("platform-rules", "fill"): 2,
    ("returns", "single"): 6,
    ("returns", "multiple"): 3,
    ("returns", "true_false"): 2,
    ("product", "single"): 6,
    ("product", "fill"): 2,
    ("scripts", "true_false"): 6,
    ("scripts", "short"): 3,
    ("systems", "single"): 10,
    ("systems", "multiple"): 4,
    ("systems", "true_false"): 5,
    ("systems", "fill"): 3,
    ("systems", "short"): 3,
}


def test_the_seeded_bank_meets_the_minimum_per_category_and_type():
    have = Counter(Question.objects.filter(is_active=True).values_list("category__code", "type"))
    short_of = {key: (have[key], wanted) for key, wanted in MINIMUMS.items() if have[key] < wanted}
    assert not short_of, short_of
    assert Question.objects.count() >= len(QUESTIONS)


def test_every_seeded_question_is_valid():
    seeded_texts = {row["text"] for row in QUESTIONS}
    questions = Question.objects.filter(text__in=seeded_texts).prefetch_related("choices")
    assert questions.count() == len(QUESTIONS) == len(seeded_texts)
    for question in questions:
        question.full_clean()
        choices = [(c.text, c.is_correct) for c in question.choices.all()]
        assert check_choices(question.type, choices) == [], question.text
        assert question.explanation, question.text
        if question.type == QuestionType.SINGLE:
            assert len(choices) == 4, question.text
        if question.type == QuestionType.MULTIPLE:
            assert 4 <= len(choices) <= 5, question.text
        if question.type == QuestionType.FILL:
            assert all(len(answer) <= 10 for answer in question.accepted_list()), question.text
        if question.type == QuestionType.SHORT:
            assert len(question.reference_answer) > 50, question.text
