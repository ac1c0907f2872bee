"""People: who is trained, in which tier and position class, with what status and mentor; per-login preferences."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Tier(models.TextChoices):
    """分级: which kind of training an employee is on."""

    NEW_HIRE = "new_hire", _("New hire")
    VETERAN = "veteran", _("Veteran")
    PROMOTION = "promotion", _("Promotion track")


class PositionClass(models.TextChoices):
    """分类: the customer-service position."""

    PRE_SALE = "pre_sale", _("Pre-sale")
    IN_SALE = "in_sale", _("In-sale")
    AFTER_SALE = "after_sale", _("After-sale")


class Status(models.TextChoices):
    PRE_ONBOARDING = "pre_onboarding", _("Pre-onboarding")
    IN_TRAINING = "in_training", _("In training")
    TRIAL_POST = "trial_post", _("Trial post")
    LIVE = "live", _("Live")
    ELIMINATED = "eliminated", _("Eliminated")
    LEFT = "left", _("Left")


# Statuses after which an employee no longer follows a training plan.
FINISHED_STATUSES = frozenset({Status.ELIMINATED, Status.LEFT})

# The status machine: from each status, the statuses a change may lead to
# (`training.services.change_status` refuses every other move unless HR overrides it with a reason).
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PRE_ONBOARDING: frozenset({Status.IN_TRAINING, Status.ELIMINATED, Status.LEFT}),
    Status.IN_TRAINING: frozenset({Status.TRIAL_POST, Status.ELIMINATED, Status.LEFT}),
    # Back to training when the trial post shows gaps.
    Status.TRIAL_POST: frozenset({Status.LIVE, Status.IN_TRAINING, Status.ELIMINATED, Status.LEFT}),
    Status.LIVE: frozenset({Status.LEFT}),
    Status.ELIMINATED: frozenset(),
    Status.LEFT: frozenset(),
}

# Statuses reached only through their gate in `assessments.gates`: the trial post by passing every pass
# exam, live by the go-live sign-off of trainer and mentor. A person's status form never offers them.
GATED_STATUSES = frozenset({Status.TRIAL_POST, Status.LIVE})

phone_validator = RegexValidator(
    r"^(\+?86[- ]?)?1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$",
    _("Enter a mainland mobile number (11 digits starting with 1) or a landline such as 0571-88886666."),
)


class Employee(models.Model):
    """A customer-service employee with a login: trainee, mentor, or both over time."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employee", verbose_name=_("login")
    )
    employee_no = models.CharField(_("employee number"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=64)
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[phone_validator])
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices, default=Tier.NEW_HIRE)
    position_class = models.CharField(_("position class"), max_length=16, choices=PositionClass.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PRE_ONBOARDING)
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    team = models.CharField(_("team / shop"), max_length=100, blank=True)
    mentor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentees",
        verbose_name=_("mentor"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The audit trail of tier, mentor and the other fields; statuses have their own history (StatusChange).
    history = HistoricalRecords(excluded_fields=["status", "created_at"])

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["employee_no"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(mentor=models.F("pk")), name="employee_not_own_mentor"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.employee_no}）"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES


class StatusChange(models.Model):
    """Every change of an employee's status: who, when, why (and where in the plan it happened)."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("employee")
    )
    from_status = models.CharField(_("from"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Status.choices)
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("changed by")
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    # Where the employee stood in the plan, so reports can count eliminations by phase.
    phase_number = models.PositiveSmallIntegerField(_("phase"), null=True, blank=True)
    day_number = models.PositiveSmallIntegerField(_("plan day"), null=True, blank=True)
    # HR moved the employee outside the status machine (a move it does not allow, or past a gate).
    override = models.BooleanField(_("HR override"), default=False)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.employee}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class Preference(models.Model):
    """Per-login settings: the language messages are sent in, e-mail opt-out, and whether the
    password must be set at the next login (accounts created by HR or a roster import)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference", verbose_name=_("login")
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans")
    email_reminders = models.BooleanField(_("reminders by e-mail"), default=True)
    must_set_password = models.BooleanField(_("must set a password at next login"), default=False)

    class Meta:
        verbose_name = _("preference")
        verbose_name_plural = _("preferences")

    def __str__(self) -> str:
        return str(self.user)
