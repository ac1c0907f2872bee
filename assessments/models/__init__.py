"""Assessments: the question bank, exams and their attempts, rubric practicals, typing tests,
the training score sheet, and the sign-offs that decide who goes live.

An attempt keeps a snapshot of every question as it was shown (text, options in the order shown,
the correct answer at the time), so editing the bank never changes an earlier attempt.

Modules: ``questions`` (the bank), ``exams`` (exams, attempts, answers, regrades, retakes), ``practicals``
(rubrics and practical assessments), ``typing_test`` (typing passages and results), ``ratings`` (the score
sheet) and ``signoffs`` (the go-live sign-offs). Every model is imported here, so ``assessments.models``
is still the one place to import them from.
"""

from __future__ import annotations

from .exams import (
    Answer,
    Attempt,
    AttemptStatus,
    Exam,
    ExamQuestion,
    ExamRule,
    MultipleChoiceRule,
    Regrade,
    ResultPolicy,
    Retake,
    ShortAnswerPending,
)
from .practicals import Criterion, CriterionScore, Level, PracticalAssessment, Rubric
from .questions import CHOICE_TYPES, OBJECTIVE_TYPES, Category, Choice, Difficulty, Question, QuestionType
from .ratings import SessionRating
from .signoffs import SignOff, SignOffRole
from .typing_test import FlagReason, TypingPassage, TypingResult

__all__ = [
    "CHOICE_TYPES",
    "OBJECTIVE_TYPES",
    "Answer",
    "Attempt",
    "AttemptStatus",
    "Category",
    "Choice",
    "Criterion",
    "CriterionScore",
    "Difficulty",
    "Exam",
    "ExamQuestion",
    "ExamRule",
    "Level",
    "MultipleChoiceRule",
    "PracticalAssessment",
    "Question",
    "QuestionType",
    "Regrade",
    "ResultPolicy",
    "Retake",
    "Rubric",
    "SessionRating",
    "ShortAnswerPending",
    "SignOff",
    "SignOffRole",
    "FlagReason",
    "TypingPassage",
    "TypingResult",
]
