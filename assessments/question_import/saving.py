"""Saving the questions of a checked file in one transaction: the whole file lands or nothing does."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Choice, Question, QuestionType
from .columns import ImportResult


class ImportRefusedError(Exception):
    """The file still has problems (or nothing in it); nothing was saved."""


@transaction.atomic
def import_questions(*, result: ImportResult) -> list[Question]:
    """Save every question of a checked file, or none of them: one transaction, bulk inserts.

    Raises ImportRefusedError if the result has problems, so a caller cannot save half a file by mistake.
    """
    if not result.ok:
        raise ImportRefusedError(_("The file has problems; nothing was imported."))
    questions = Question.objects.bulk_create(
        [
            Question(
                category=row.category,
                type=row.type,
                text=row.text,
                difficulty=row.difficulty,
                points=row.points,
                true_false_answer=row.true_false if row.type == QuestionType.TRUE_FALSE else None,
                accepted_answers="\n".join(row.accepted) if row.type == QuestionType.FILL else "",
                reference_answer=row.reference if row.type == QuestionType.SHORT else "",
                explanation=row.explanation,
            )
            for row in result.rows
        ],
        batch_size=500,
    )
    Choice.objects.bulk_create(
        [
            Choice(question=question, text=text, is_correct=is_correct, order=order)
            for question, row in zip(questions, result.rows, strict=True)
            for order, (_letter, text, is_correct) in enumerate(row.choices)
        ],
        batch_size=1000,
    )
    return questions
