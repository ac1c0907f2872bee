"""Excel reports built in the background on request."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    COHORT = "cohort", _("Cohort report")
    TRAINING = "training", _("Training report")
    TRANSCRIPT = "transcript", _("Trainee transcript")
    WEEKLY = "weekly", _("Weekly HR report")
    EMPLOYEES = "employees", _("Employee list")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Report(models.Model):
    """An xlsx built in the background on request, kept with who asked and when."""

    kind = models.CharField(_("report"), max_length=16, choices=ReportKind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    title = models.CharField(_("title"), max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="reports",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/", blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    # Last sign of life of the build (queued, claimed, every progress step): a report queued or
    # running with none for a while lost its worker, and the sweeper marks it failed.
    heartbeat = models.DateTimeField(_("last progress"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return self.title
