"""Training after go-live: who needs a refresher (回炉) and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedSource(models.TextChoices):
    """What asked for a refresher."""

    MANUAL = "manual", _("HR's choice")
    EXPIRY = "expiry", _("certification expiring")
    UPDATE = "update", _("knowledge update")
    QUALITY = "quality", _("quality check")
    KPI = "kpi", _("KPI below threshold")


class RefresherNeed(models.Model):
    """One employee who should take a refresher, for one reason; HR turns open needs into a refresher cohort.

    The same source (a quality check, a KPI import row, an update) asks at most once per employee:
    ``(employee, source, source_key)`` is unique, so a trigger that fires again changes nothing.
    """

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="refresher_needs", verbose_name=_("employee")
    )
    source = models.CharField(_("source"), max_length=16, choices=NeedSource.choices)
    # The record behind the source, e.g. "quality-check:17" or "update:3:v2"; "" for a manual need.
    source_key = models.CharField(_("source record"), max_length=64, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Set when HR puts the employee into a refresher cohort for it.
    enrollment = models.ForeignKey(
        "training.Enrollment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="refresher_needs",
        verbose_name=_("refresher enrollment"),
    )

    class Meta:
        verbose_name = _("refresher need")
        verbose_name_plural = _("refresher needs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "source", "source_key"], name="refresher_need_once_per_source"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.get_source_display()}"
