"""Automatic grading of each question type, with the edge cases trainers argue about."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessments.grading import clean_response, grade, normalise
from assessments.models import MultipleChoiceRule

P = Decimal("4")
MULTI = {"options": [{"key": k, "text": k} for k in "ABCD"], "correct": ["A", "B", "C"]}


@pytest.mark.parametrize(
    ("response", "rule", "expected"),
    [
        (["A", "B", "C"], MultipleChoiceRule.ALL_OR_NOTHING, "4.0"),
        (["C", "B", "A"], MultipleChoiceRule.ALL_OR_NOTHING, "4.0"),
        (["A", "B"], MultipleChoiceRule.ALL_OR_NOTHING, "0.0"),
        (["A", "B"], MultipleChoiceRule.HALF_IF_SUBSET, "2.0"),
        (["A"], MultipleChoiceRule.HALF_IF_SUBSET, "2.0"),
        (["A", "D"], MultipleChoiceRule.HALF_IF_SUBSET, "0.0"),  # a wrong option: nothing
        (["A", "B", "C", "D"], MultipleChoiceRule.HALF_IF_SUBSET, "0.0"),
        (["A", "B"], MultipleChoiceRule.PROPORTIONAL, "2.7"),  # 4 × 2/3, rounded half up
        (["A"], MultipleChoiceRule.PROPORTIONAL, "1.3"),
        (["A", "D"], MultipleChoiceRule.PROPORTIONAL, "0.0"),
        ([], MultipleChoiceRule.HALF_IF_SUBSET, "0.0"),
        (None, MultipleChoiceRule.HALF_IF_SUBSET, "0.0"),
        ("A", MultipleChoiceRule.HALF_IF_SUBSET, "0.0"),  # not a list
    ],
)
def test_multiple_choice_rules(response, rule, expected):
    assert grade(type="multiple", snapshot=MULTI, response=response, points=P, rule=rule) == Decimal(expected)


def test_single_choice_and_true_false():
    snap = {"options": [{"key": "A"}, {"key": "B"}], "correct": ["B"]}
    assert grade(type="single", snapshot=snap, response="B", points=P) == P
    assert grade(type="single", snapshot=snap, response="A", points=P) == 0
    assert grade(type="single", snapshot=snap, response=["B"], points=P) == 0
    assert grade(type="true_false", snapshot={"correct": False}, response=False, points=P) == P
    assert grade(type="true_false", snapshot={"correct": False}, response=True, points=P) == 0
    assert grade(type="true_false", snapshot={"correct": False}, response=None, points=P) == 0
    assert grade(type="true_false", snapshot={"correct": False}, response=0, points=P) == 0  # not a bool


@pytest.mark.parametrize(
    ("typed", "ok"),
    [
        ("七天无理由", True),
        ("  七天无理由 ", True),
        ("７天无理由", True),  # full-width digit
        ("7天无理由", True),
        ("SKU", True),
        ("ｓｋｕ", True),  # full-width letters, lower case
        ("sku ", True),
        ("七天", False),
        ("", False),
    ],
)
def test_fill_in_is_trimmed_and_width_and_case_insensitive(typed, ok):
    snap = {"accepted": ["七天无理由", "7天无理由", "SKU"]}
    assert (grade(type="fill", snapshot=snap, response=typed, points=P) == P) is ok


def test_short_answers_wait_for_a_person():
    assert grade(type="short", snapshot={"reference": "x"}, response="anything", points=P) is None


def test_normalise_collapses_inner_spaces_and_width():
    assert normalise("  Ａ　 B ") == "a b"


@pytest.mark.parametrize(
    ("type", "raw"),
    [
        ("single", "E"),
        ("single", ["A"]),
        ("multiple", ["A", "Z"]),
        ("multiple", "A"),
        ("true_false", "yes"),
        ("fill", "x" * 201),
        ("short", 5),
    ],
)
def test_responses_that_cannot_answer_the_question_are_refused(type, raw):
    snap = {"options": [{"key": k} for k in "ABCD"]}
    with pytest.raises(ValueError):
        clean_response(type=type, snapshot=snap, raw=raw)


def test_responses_are_normalised():
    snap = {"options": [{"key": k} for k in "ABCD"]}
    assert clean_response(type="multiple", snapshot=snap, raw=["C", "A", "C"]) == ["A", "C"]
    assert clean_response(type="true_false", snapshot=snap, raw="false") is False
    assert clean_response(type="single", snapshot=snap, raw="") is None
