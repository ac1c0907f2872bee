"""The pre-onboarding step (入职前准备) that holds a new hire's day 1: a read confirmation of the handbook, a
passed handbook quiz, and a checklist of accounts and groups.

The handbook is the reading on day 0 of the hire's plan (the plan items of day 0 with their materials and
attachments, which HR edits with the plan), and the quiz is the exam hanging on day 0 of the plan (the
seeded 手册测验). This app adds what the plans do not hold: which plans require the step and from when
(``GatedPlan``), the checklist HR keeps (``ChecklistItem``), and each hire's progress and any HR override
(``Readiness``, audited).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class GatedPlan(models.Model):
    """A plan whose hires must finish the pre-onboarding step before day 1 opens.

    ``required_from`` keeps the step off cohorts that were already under way when it was switched on: the
    data migration sets it to the day it ran, and HR may move it in the admin.
    """

    plan = models.OneToOneField(
        "training.PlanTemplate",
        on_delete=models.CASCADE,
        related_name="pre_onboarding",
        verbose_name=_("plan"),
    )
    required_from = models.DateField(
        _("required of cohorts starting on or after"),
        help_text=_("Cohorts that start earlier are not held back."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("plan with a pre-onboarding step")
        verbose_name_plural = _("plans with a pre-onboarding step")
        ordering = ["plan__name"]

    def __str__(self) -> str:
        return str(self.plan)


class ChecklistItem(models.Model):
    """One thing a new hire ticks before day 1 (accounts received, groups joined); HR keeps the list."""

    label = models.CharField(_("item"), max_length=100)
    hint = models.CharField(_("hint"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("pre-onboarding checklist item")
        verbose_name_plural = _("pre-onboarding checklist")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label


class Readiness(models.Model):
    """Where one hire stands with the pre-onboarding step of one enrollment. Written only by
    ``onboarding.services``; the quiz result is read from the hire's attempts, never copied here."""

    enrollment = models.OneToOneField(
        "training.Enrollment", on_delete=models.CASCADE, related_name="readiness", verbose_name=_("enrollment")
    )
    handbook_confirmed_at = models.DateTimeField(_("handbook read, confirmed at"), null=True, blank=True)
    ticked = models.ManyToManyField(
        ChecklistItem, through="Tick", related_name="+", blank=True, verbose_name=_("checklist items ticked")
    )
    overridden_at = models.DateTimeField(_("opened by HR at"), null=True, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    override_reason = models.TextField(_("reason for opening day 1"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pre-onboarding progress")
        verbose_name_plural = _("pre-onboarding progress")

    def __str__(self) -> str:
        return str(self.enrollment)

    @property
    def overridden(self) -> bool:
        return self.overridden_at is not None


class Tick(models.Model):
    """A checklist item the hire has ticked."""

    readiness = models.ForeignKey(Readiness, on_delete=models.CASCADE, related_name="ticks", verbose_name=_("progress"))
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="ticks", verbose_name=_("item"))
    ticked_at = models.DateTimeField(_("ticked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("checklist tick")
        verbose_name_plural = _("checklist ticks")
        constraints = [models.UniqueConstraint(fields=["readiness", "item"], name="checklist_tick_once")]

    def __str__(self) -> str:
        return f"{self.readiness} · {self.item}"
