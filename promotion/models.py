"""The promotion track (储备干部): a live employee nominated with a reason, trained in a promotion cohort with four
management practicals, 360 feedback, goals in 25 % steps and a panel defence (述职答辩), then HR's decision."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CandidateStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    IN_TRAINING = "in_training", _("In training")
    DECIDED = "decided", _("Decided")


class Verdict(models.TextChoices):
    PROMOTE = "promote", _("Promote")
    EXTEND = "extend", _("Extend")
    DECLINE = "decline", _("Decline")


class Candidate(models.Model):
    """One nomination of one employee, from the nomination to HR's decision."""

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="promotion_candidacies", verbose_name=_("employee")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CandidateStatus.choices, default=CandidateStatus.NOMINATED
    )
    reason = models.TextField(_("reason for the nomination"))
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("nominated by")
    )
    nominated_at = models.DateTimeField(_("nominated at"), auto_now_add=True)
    # The rules were not all met when the nomination was made: HR accepted it anyway, for this reason.
    eligible_when_nominated = models.BooleanField(_("eligible when nominated"), default=True)
    waiver = models.TextField(_("why HR accepts it despite the rules"), blank=True)
    enrollment = models.ForeignKey(
        "training.Enrollment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="promotion_candidacies",
        verbose_name=_("promotion cohort enrollment"),
    )
    decision_due = models.DateField(_("decision due"), null=True, blank=True)
    verdict = models.CharField(_("decision"), max_length=16, choices=Verdict.choices, blank=True)
    promoted_to = models.CharField(_("promoted to"), max_length=60, blank=True)
    history = HistoricalRecords(excluded_fields=["nominated_at"])

    class Meta:
        verbose_name = _("promotion candidate")
        verbose_name_plural = _("promotion candidates")
        ordering = ["-nominated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee"],
                condition=~models.Q(status="decided"),
                name="promotion_one_open_candidacy",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.get_status_display()}"


class Decision(models.Model):
    """HR's decision on a candidate with its reason; an extension is followed by a later decision."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("candidate")
    )
    verdict = models.CharField(_("decision"), max_length=16, choices=Verdict.choices)
    reason = models.TextField(_("reason"))
    promoted_to = models.CharField(_("promoted to"), max_length=60, blank=True)
    extended_to = models.DateField(_("new decision date"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("promotion decision")
        verbose_name_plural = _("promotion decisions")
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.candidate.employee} · {self.get_verdict_display()}"


class PracticalKind(models.TextChoices):
    ROTA = "rota", _("Week's shift rota")
    REPORT = "report", _("Weekly data report")
    CALIBRATION = "calibration", _("Quality-check calibration")
    MENTORING = "mentoring", _("Mentoring a new hire")


def practical_path(instance: Practical, filename: str) -> str:
    return f"promotion/{instance.candidate_id}/{instance.kind}/{filename}"


class Practical(models.Model):
    """One management practical of a candidate: what the candidate handed in, and a trainer's score."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="practicals", verbose_name=_("candidate")
    )
    kind = models.CharField(_("practical"), max_length=16, choices=PracticalKind.choices)
    text = models.TextField(_("text"), blank=True)
    # The rota as a week grid: seven lines, Monday first, each "who works which shift".
    week_grid = models.JSONField(_("week grid"), default=list, blank=True)
    file = models.FileField(_("file"), upload_to=practical_path, blank=True, max_length=300)
    mentee = models.ForeignKey(
        "training.Enrollment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mentee's enrollment"),
    )
    submitted_at = models.DateTimeField(_("handed in at"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    comment = models.TextField(_("trainer's comment"), blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scored by"),
    )
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True)

    class Meta:
        verbose_name = _("management practical")
        verbose_name_plural = _("management practicals")
        ordering = ["candidate", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "kind"], name="promotion_practical_once_per_kind"),
            models.CheckConstraint(condition=models.Q(score__lte=100), name="promotion_practical_score_max"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate.employee} · {self.get_kind_display()}"


class CalibrationLine(models.Model):
    """质检 calibration: the candidate scores a chat the reference checker already scored (the key)."""

    practical = models.ForeignKey(
        Practical, on_delete=models.CASCADE, related_name="calibration_lines", verbose_name=_("practical")
    )
    quality_check = models.ForeignKey(
        "quality.QualityCheck", on_delete=models.CASCADE, related_name="+", verbose_name=_("quality check")
    )
    score = models.DecimalField(_("candidate's score"), max_digits=6, decimal_places=1)

    class Meta:
        verbose_name = _("calibration line")
        verbose_name_plural = _("calibration lines")
        ordering = ["quality_check__chat_date", "quality_check_id"]
        constraints = [
            models.UniqueConstraint(fields=["practical", "quality_check"], name="promotion_calibration_once"),
        ]

    def __str__(self) -> str:
        return f"{self.practical} · {self.quality_check_id}"

    @property
    def difference(self) -> Decimal:
        return self.score - self.quality_check.total


class Relation(models.TextChoices):
    SELF = "self", _("Self")
    PEER = "peer", _("Peer")
    SUBORDINATE = "subordinate", _("Subordinate")
    LEAD = "lead", _("Lead")


class FeedbackRequest(models.Model):
    """A 360 feedback request to one rater. The answers are only ever shown averaged over a group."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="feedback_requests", verbose_name=_("candidate")
    )
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="promotion_feedback", verbose_name=_("rater")
    )
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)
    deadline = models.DateField(_("deadline"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    answers = models.JSONField(_("answers"), default=list, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("360 feedback request")
        verbose_name_plural = _("360 feedback requests")
        ordering = ["deadline", "id"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "rater"], name="promotion_feedback_once_per_rater"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate.employee} · {self.get_relation_display()}"


class Progress(models.IntegerChoices):
    P0 = 0, "0 %"
    P25 = 25, "25 %"
    P50 = 50, "50 %"
    P75 = 75, "75 %"
    P100 = 100, "100 %"


class Goal(models.Model):
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="goals", verbose_name=_("candidate")
    )
    title = models.CharField(_("goal"), max_length=200)
    due_date = models.DateField(_("due date"))
    progress = models.PositiveSmallIntegerField(_("progress"), choices=Progress.choices, default=0)
    done = models.BooleanField(_("done"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("promotion goal")
        verbose_name_plural = _("promotion goals")
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__in=[0, 25, 50, 75, 100]), name="promotion_goal_progress_steps"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Defence(models.Model):
    """述职答辩: the candidate reports and answers a panel of judges, who each score the rubric once."""

    candidate = models.OneToOneField(
        Candidate, on_delete=models.CASCADE, related_name="defence", verbose_name=_("candidate")
    )
    held_on = models.DateField(_("date of the defence"))
    judges = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="promotion_panels", verbose_name=_("judges"))

    class Meta:
        verbose_name = _("panel defence")
        verbose_name_plural = _("panel defences")

    def __str__(self) -> str:
        return f"{self.candidate.employee} · {self.held_on}"


class DefenceScore(models.Model):
    defence = models.ForeignKey(Defence, on_delete=models.CASCADE, related_name="scores", verbose_name=_("defence"))
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("judge")
    )
    marks = models.JSONField(_("marks per criterion"), default=dict)
    total = models.DecimalField(_("weighted score"), max_digits=5, decimal_places=1)
    comment = models.TextField(_("comment"), blank=True)
    scored_at = models.DateTimeField(_("scored at"), auto_now_add=True)

    class Meta:
        verbose_name = _("judge's score")
        verbose_name_plural = _("judges' scores")
        ordering = ["scored_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["defence", "judge"], name="promotion_defence_score_once_per_judge"),
        ]

    def __str__(self) -> str:
        return f"{self.defence} · {self.total}"
