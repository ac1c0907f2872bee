"""The question bank: categories, questions and their options, with the question types and difficulties."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True / false")
    FILL = "fill", _("Fill in the blank")
    SHORT = "short", _("Short answer")


OBJECTIVE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE, QuestionType.FILL)
CHOICE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE)


class Difficulty(models.IntegerChoices):
    EASY = 1, _("Easy")
    MEDIUM = 2, _("Medium")
    HARD = 3, _("Hard")


class Category(models.Model):
    """A subject of the bank: platform rules, returns and exchanges, product knowledge, …"""

    name = models.CharField(pgettext_lazy("not a person", "name"), max_length=50, unique=True)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="questions", verbose_name=_("category")
    )
    type = models.CharField(_("type"), max_length=16, choices=QuestionType.choices)
    text = models.TextField(_("question"))
    difficulty = models.PositiveSmallIntegerField(_("difficulty"), choices=Difficulty.choices, default=Difficulty.EASY)
    points = models.DecimalField(
        _("points"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    true_false_answer = models.BooleanField(
        _("correct answer (true / false)"), null=True, blank=True, help_text=_("Only for true / false questions.")
    )
    accepted_answers = models.TextField(
        _("accepted answers"),
        blank=True,
        help_text=_(
            "Fill in the blank: one accepted answer per line. Spaces at either end, letter case and "
            "full-width / half-width forms are ignored when comparing."
        ),
    )
    reference_answer = models.TextField(
        _("reference answer"), blank=True, help_text=_("Short answer: shown to the grader, not to the trainee.")
    )
    explanation = models.TextField(_("explanation"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["category__order", "id"]
        indexes = [models.Index(fields=["category", "type", "is_active"])]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 40 else self.text[:39] + "…"

    def accepted_list(self) -> list[str]:
        return [line.strip() for line in self.accepted_answers.splitlines() if line.strip()]

    def clean(self) -> None:
        if self.type == QuestionType.TRUE_FALSE and self.true_false_answer is None:
            raise ValidationError({"true_false_answer": _("Say whether the statement is true or false.")})
        if self.type == QuestionType.FILL and not self.accepted_list():
            raise ValidationError({"accepted_answers": _("Give at least one accepted answer.")})
        if self.type == QuestionType.SHORT and not self.reference_answer.strip():
            raise ValidationError({"reference_answer": _("Give a reference answer for the grader.")})


class Choice(models.Model):
    """An option of a single- or multiple-choice question. Keys (A, B, C…) follow the order."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question"))
    text = models.CharField(_("option"), max_length=300)
    is_correct = models.BooleanField(_("correct"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["question", "order", "id"]

    def __str__(self) -> str:
        return self.text
