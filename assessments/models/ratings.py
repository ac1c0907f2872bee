"""The training score sheet (培训评分表): a trainee's rating of one of the day's sessions and who led it."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from employees.models import Employee
from training.models import Enrollment


class SessionRating(models.Model):
    """培训评分表: a trainee rates one of the day's sessions and who led it, once."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="session_ratings", verbose_name=_("enrollment")
    )
    item = models.ForeignKey(
        "training.PlanItem", on_delete=models.CASCADE, related_name="ratings", verbose_name=_("plan item")
    )
    leader_name = models.CharField(_("led by"), max_length=100)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ratings_received",
        verbose_name=_("trainer"),
    )
    mentor = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ratings_received",
        verbose_name=_("mentor"),
    )
    content = models.PositiveSmallIntegerField(_("content"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    delivery = models.PositiveSmallIntegerField(_("delivery"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    usefulness = models.PositiveSmallIntegerField(
        _("usefulness"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("rated at"), auto_now_add=True)

    class Meta:
        verbose_name = _("session rating")
        verbose_name_plural = _("session ratings")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["enrollment", "item"], name="session_rated_once")]

    def __str__(self) -> str:
        return f"{self.enrollment} · {self.item}"

    @property
    def average(self) -> Decimal:
        return (Decimal(self.content + self.delivery + self.usefulness) / 3).quantize(Decimal("0.1"))
