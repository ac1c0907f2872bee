"""The go-live sign-offs: the trainer's and the mentor's word that a trainee is ready to go live."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from training.models import Enrollment


class SignOffRole(models.TextChoices):
    TRAINER = "trainer", _("Trainer")
    MENTOR = "mentor", _("Mentor")


class SignOff(models.Model):
    """The trainer's and the mentor's sign-off that a trainee is ready to go live."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="sign_offs", verbose_name=_("enrollment")
    )
    role = models.CharField(_("as"), max_length=16, choices=SignOffRole.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    recommendation = models.TextField(_("recommendation"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("go-live sign-off")
        verbose_name_plural = _("go-live sign-offs")
        ordering = ["at"]
        constraints = [models.UniqueConstraint(fields=["enrollment", "role"], name="one_sign_off_per_role")]

    def __str__(self) -> str:
        return f"{self.enrollment} · {self.get_role_display()}"
