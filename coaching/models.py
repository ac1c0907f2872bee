"""Life after the pass exams: the mentor's trial-post log (试岗日志), coaching plans (跟踪辅导) with goals and
check-ins, and rewards and penalties (激励与奖惩) that HR approves."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class TrialPostLog(models.Model):
    """The mentor's log of one trial-post day of a new hire: keyed by plan day, not date, so moving the
    schedule keeps it with its day (as shadowing logs are)."""

    enrollment = models.ForeignKey(
        "training.Enrollment", on_delete=models.CASCADE, related_name="trial_post_logs", verbose_name=_("enrollment")
    )
    day_number = models.PositiveSmallIntegerField(_("plan day"))
    mentor = models.ForeignKey(
        "employees.Employee", on_delete=models.PROTECT, related_name="trial_post_logs_written", verbose_name=_("mentor")
    )
    chats_handled = models.PositiveIntegerField(_("chats handled"), default=0)
    problems = models.TextField(_("problems"), blank=True)
    score = models.PositiveSmallIntegerField(_("score (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("trial-post log")
        verbose_name_plural = _("trial-post logs")
        ordering = ["enrollment", "day_number"]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "day_number"], name="trial_post_log_once_a_day"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="trial_post_score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} · {self.day_number}"


class PlanStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# A plan in one of these is still followed: its owner is reminded of goals and check-ins due.
ACTIVE_STATUSES = (PlanStatus.OPEN, PlanStatus.ON_TRACK, PlanStatus.AT_RISK)


class PlanOrigin(models.TextChoices):
    GO_LIVE = "go_live", _("After go-live")
    QUALITY = "quality", _("Failed quality check")
    KPI = "kpi", _("KPI below target")
    OTHER = "other", _("Other")


class CoachingPlan(models.Model):
    """跟踪辅导: goals with due dates for one employee, followed by an owner (their mentor or a team lead)
    through dated check-ins."""

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="coaching_plans", verbose_name=_("employee")
    )
    origin = models.CharField(_("occasion"), max_length=16, choices=PlanOrigin.choices, default=PlanOrigin.GO_LIVE)
    # The quality check that asked for the plan: a plain number, as the quality app sits beside this one.
    quality_check_id = models.PositiveBigIntegerField(_("quality check no."), null=True, blank=True)
    reason = models.TextField(_("reason"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coaching_plans_owned", verbose_name=_("owner")
    )
    status = models.CharField(_("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.OPEN)
    next_check_in = models.DateField(_("next check-in"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("coaching plan")
        verbose_name_plural = _("coaching plans")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "status"], name="coachingplan_owner_status")]

    def __str__(self) -> str:
        return f"{self.employee} · {self.created_at:%Y-%m-%d}" if self.created_at else str(self.employee)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class Goal(models.Model):
    """One goal of a coaching plan, due on a date."""

    plan = models.ForeignKey(CoachingPlan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("plan"))
    text = models.CharField(_("goal"), max_length=300)
    due_date = models.DateField(_("due date"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "due_date", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def done(self) -> bool:
        return self.done_at is not None


class CheckIn(models.Model):
    """A conversation about the plan: when, a note, and the status the owner gave the plan then."""

    plan = models.ForeignKey(CoachingPlan, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("plan"))
    on = models.DateField(_("date"))
    note = models.TextField(_("note"))
    status = models.CharField(_("status"), max_length=16, choices=PlanStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.plan} · {self.on}"


class RewardKind(models.TextChoices):
    REWARD = "reward", _("Reward")
    PENALTY = "penalty", _("Penalty")


class Decision(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


def evidence_path(instance: RewardPenalty, filename: str) -> str:
    return f"coaching/evidence/{instance.employee_id}/{filename}"


class RewardPenalty(models.Model):
    """激励与奖惩: a reward or penalty for an employee in points and/or yuan, with its evidence. Proposed by a
    mentor, trainer or HR; it counts only once HR approves it."""

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="rewards_penalties", verbose_name=_("employee")
    )
    kind = models.CharField(_("type"), max_length=8, choices=RewardKind.choices)
    reason = models.TextField(_("reason"))
    points = models.PositiveIntegerField(_("points"), null=True, blank=True)
    amount = models.DecimalField(_("amount (¥)"), max_digits=9, decimal_places=2, null=True, blank=True)
    evidence_text = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to=evidence_path, blank=True, max_length=255)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    status = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["proposed_at"])

    class Meta:
        verbose_name = _("reward or penalty")
        verbose_name_plural = _("rewards and penalties")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(points__isnull=False) | models.Q(amount__isnull=False),
                name="reward_points_or_amount",
            ),
            models.CheckConstraint(
                condition=models.Q(points__isnull=True) | models.Q(points__gt=0), name="reward_points_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gt=0), name="reward_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.get_kind_display()}"
