"""Rubric-scored practicals: rubrics with their criteria and levels, and the assessments scored against them."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from employees.models import Employee


class Rubric(models.Model):
    """A scoring rubric for a practical assessment: criteria with weights, levels with points."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    item = models.ForeignKey(
        "training.PlanItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rubrics",
        verbose_name=_("plan item"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("rubric"))
    title = models.CharField(_("criterion"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1, validators=[MinValueValidator(1)])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["rubric", "order", "id"]

    def __str__(self) -> str:
        return self.title


class Level(models.Model):
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="levels", verbose_name=_("criterion")
    )
    label = models.CharField(_("level"), max_length=30)
    descriptor = models.TextField(_("descriptor"))
    points = models.PositiveSmallIntegerField(_("points"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        ordering = ["criterion", "order", "-points"]

    def __str__(self) -> str:
        return f"{self.label} ({self.points})"


class PracticalAssessment(models.Model):
    """A trainer scores one trainee against a rubric. Percent = Σ weight × points / max points
    of the criterion, over Σ weight."""

    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("rubric"))
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="practicals", verbose_name=_("employee")
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessor")
    )
    assessed_at = models.DateTimeField(_("assessed at"), auto_now_add=True)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=1, default=Decimal("0"))
    passed = models.BooleanField(_("passed"), default=False)
    comment = models.TextField(_("overall comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("practical assessment")
        verbose_name_plural = _("practical assessments")
        ordering = ["-assessed_at"]

    def __str__(self) -> str:
        return f"{self.employee} · {self.rubric}"


class CriterionScore(models.Model):
    assessment = models.ForeignKey(
        PracticalAssessment, on_delete=models.CASCADE, related_name="scores", verbose_name=_("assessment")
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion"))
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+", verbose_name=_("level"))
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [models.UniqueConstraint(fields=["assessment", "criterion"], name="criterion_scored_once")]

    def __str__(self) -> str:
        return f"{self.criterion} · {self.level}"

    def clean(self) -> None:
        if self.level_id and self.criterion_id and self.level.criterion_id != self.criterion_id:
            raise ValidationError({"level": _("Choose a level of this criterion.")})
