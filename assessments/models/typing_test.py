"""Typing tests (打字测试): the passages to copy, with the thresholds of a pass, and each result."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from employees.models import Employee


class TypingPassage(models.Model):
    """A Chinese customer-service passage to copy; its thresholds decide a pass."""

    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("text"))
    duration_seconds = models.PositiveSmallIntegerField(
        _("duration (seconds)"), default=120, validators=[MinValueValidator(30), MaxValueValidator(1200)]
    )
    min_cpm = models.PositiveSmallIntegerField(_("pass: characters per minute"), default=60)
    min_accuracy = models.PositiveSmallIntegerField(
        _("pass: accuracy (%)"), default=95, validators=[MaxValueValidator(100)]
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("typing passage")
        verbose_name_plural = _("typing passages")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class FlagReason(models.TextChoices):
    SPEED = "speed", _("faster than a person types")
    BURST = "burst", _("a burst of text in one input (pasted through the IME)")


class TypingResult(models.Model):
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="typing_results", verbose_name=_("employee")
    )
    passage = models.ForeignKey(
        TypingPassage, on_delete=models.PROTECT, related_name="results", verbose_name=_("passage")
    )
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    typed_text = models.TextField(_("typed text"))
    characters = models.PositiveIntegerField(_("characters typed"))
    correct_characters = models.PositiveIntegerField(_("correct characters"))
    cpm = models.DecimalField(_("characters per minute"), max_digits=6, decimal_places=1)
    accuracy = models.DecimalField(_("accuracy (%)"), max_digits=5, decimal_places=1)
    passed = models.BooleanField(_("passed"))
    flagged = models.BooleanField(
        _("flagged: typed faster than humanly possible"),
        default=False,
        help_text=_(
            "The text arrived faster than a person can type it (pasted or sent by a script); it does not pass."
        ),
    )
    flag_reason = models.CharField(_("why flagged"), max_length=8, choices=FlagReason.choices, blank=True)
    largest_burst = models.PositiveIntegerField(
        _("largest burst (characters)"),
        null=True,
        blank=True,
        help_text=_("The most characters that arrived in one input, as the test page reported it."),
    )

    class Meta:
        verbose_name = _("typing result")
        verbose_name_plural = _("typing results")
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return f"{self.employee} · {self.cpm} / {self.accuracy}%"
