"""Training after go-live: competencies and certifications (recertification), and who needs a refresher (回炉)
and why."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from training.models import validate_position_classes


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


class Competency(models.Model):
    """Something an employee is certified in for a while (platform rules, returns, a product line): passing
    one of its exams or completing one of its refresher plans certifies until today + the validity."""

    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    description = models.TextField(_("description"), blank=True)
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"), default=12, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    position_classes = models.JSONField(
        _("position classes"),
        default=list,
        blank=True,
        validators=[validate_position_classes],
        help_text=_("Who needs it. Leave empty for all position classes."),
    )
    exams = models.ManyToManyField(
        "assessments.Exam",
        blank=True,
        related_name="competencies",
        verbose_name=_("certifying exams"),
        help_text=_("Passing one of these exams certifies."),
    )
    plans = models.ManyToManyField(
        "training.PlanTemplate",
        blank=True,
        related_name="competencies",
        verbose_name=_("certifying plans"),
        help_text=_("Completing a training on one of these plans certifies."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def serves(self, position_class: str) -> bool:
        return not self.position_classes or position_class in self.position_classes


class CertificationSource(models.TextChoices):
    EXAM = "exam", _("Exam passed")
    REFRESHER = "refresher", _("Refresher completed")
    HR = "hr", _("Recorded by HR")


class Certification(models.Model):
    """One certification of one employee in one competency, from an exam passed, a refresher completed or
    HR's record with a reason. Rows are never changed or deleted: a renewal is a new row, and the current
    certification is the latest (by date certified, then id)."""

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="certifications", verbose_name=_("employee")
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, related_name="certifications", verbose_name=_("competency")
    )
    certified_on = models.DateField(_("certified on"))
    valid_until = models.DateField(_("valid until"))
    source = models.CharField(_("source"), max_length=16, choices=CertificationSource.choices)
    attempt = models.ForeignKey(
        "assessments.Attempt",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certifications",
        verbose_name=_("exam attempt"),
    )
    enrollment = models.ForeignKey(
        "training.Enrollment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certifications",
        verbose_name=_("refresher enrollment"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["-certified_on", "-id"]
        indexes = [
            models.Index(fields=["employee", "competency", "certified_on"], name="certification_latest"),
        ]
        constraints = [
            # One certification per competency from one attempt or one enrollment: a signal delivered twice
            # (or a regrade that keeps the pass) certifies once.
            models.UniqueConstraint(
                fields=["competency", "attempt"],
                condition=Q(attempt__isnull=False),
                name="certification_once_per_attempt",
            ),
            models.UniqueConstraint(
                fields=["competency", "enrollment"],
                condition=Q(enrollment__isnull=False),
                name="certification_once_per_enrollment",
            ),
            models.CheckConstraint(condition=Q(valid_until__gte=F("certified_on")), name="certification_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.competency} · {self.valid_until:%Y-%m-%d}"
