"""Scripted buyer dialogues (情景对话): scenarios of buyer turns per position class and topic, practice runs
(sessions) and the trainee's replies, each scored on the server; a trainer's rubric score on top."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from employees.models import PositionClass


class Stage(models.TextChoices):
    PRE_SALE = "pre_sale", _("Pre-sale (售前)")
    IN_SALE = "in_sale", _("In-sale (售中)")
    AFTER_SALE = "after_sale", _("After-sale (售后)")


class Topic(models.TextChoices):
    INQUIRY = "inquiry", _("Product inquiry (询单)")
    BARGAINING = "bargaining", _("Bargaining (议价)")
    PAYMENT_REMINDER = "payment_reminder", _("Payment reminder (催付)")
    LOGISTICS_DELAY = "logistics_delay", _("Logistics delay (物流延迟)")
    ADDRESS_CHANGE = "address_change", _("Address change (改地址)")
    RETURN_EXCHANGE = "return_exchange", _("Return or exchange (退换货)")
    QUALITY_PROBLEM = "quality_problem", _("Quality problem (质量问题)")
    BAD_REVIEW = "bad_review", _("Winning back a bad review (差评挽回)")
    COMPLAINT = "complaint", _("Complaint (投诉)")


class Difficulty(models.IntegerChoices):
    EASY = 1, _("Easy")
    MEDIUM = 2, _("Medium")
    HARD = 3, _("Hard")


class Scenario(models.Model):
    """A buyer who writes a fixed sequence of turns; the trainee answers each in turn."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=100)
    position_class = models.CharField(_("position class"), max_length=16, choices=PositionClass.choices)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    difficulty = models.PositiveSmallIntegerField(_("difficulty"), choices=Difficulty.choices, default=Difficulty.EASY)
    context = models.TextField(
        _("context"), blank=True, help_text=_("What the trainee knows before the buyer writes: the order, the shop.")
    )
    active = models.BooleanField(_("active"), default=True)
    plan_items = models.ManyToManyField(
        "training.PlanItem",
        blank=True,
        related_name="scenarios",
        verbose_name=_("plan items"),
        help_text=_("The plan days (情景对话) on which trainees are sent to this scenario."),
    )

    class Meta:
        verbose_name = _("dialogue scenario")
        verbose_name_plural = _("dialogue scenarios")
        ordering = ["position_class", "stage", "difficulty", "code"]

    def __str__(self) -> str:
        return f"{self.code} · {self.title}"


class Turn(models.Model):
    """One message of the buyer, with what the reply must cover (考核点), must not say, and how fast it is due."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="turns", verbose_name=_("scenario"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    buyer_text = models.TextField(_("buyer's message"))
    key_points = models.JSONField(
        _("key points"),
        default=list,
        blank=True,
        help_text=_('A list of {"label": "…", "any_of": ["keyword", …]}: a point is covered by any of its keywords.'),
    )
    forbidden_words = models.JSONField(
        _("forbidden words"), default=list, blank=True, help_text=_("Words this reply must not contain (a list).")
    )
    target_seconds = models.PositiveSmallIntegerField(_("target reply time (seconds)"), default=60)
    reference_answer = models.TextField(_("reference answer"))

    class Meta:
        verbose_name = _("buyer turn")
        verbose_name_plural = _("buyer turns")
        ordering = ["scenario", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "order"], name="dialogue_turn_order_unique"),
            models.CheckConstraint(condition=models.Q(target_seconds__gt=0), name="dialogue_turn_target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.scenario.code} #{self.order}"


class Session(models.Model):
    """One run of a scenario by an employee. The first run finished while enrolled counts as evidence;
    a "practise again" run never does."""

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="dialogue_sessions", verbose_name=_("employee")
    )
    scenario = models.ForeignKey(
        Scenario, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("scenario")
    )
    enrollment = models.ForeignKey(
        "training.Enrollment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dialogue_sessions",
        verbose_name=_("enrollment"),
    )
    counts = models.BooleanField(_("counts as evidence"), default=False)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    auto_score = models.PositiveSmallIntegerField(_("automatic score"), null=True, blank=True)
    trainer_score = models.PositiveSmallIntegerField(_("trainer's score"), null=True, blank=True)
    trainer_rubric = models.JSONField(_("trainer's rubric"), default=dict, blank=True)
    trainer_comment = models.TextField(_("trainer's comment"), blank=True)
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
        verbose_name = _("dialogue practice")
        verbose_name_plural = _("dialogue practices")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["employee", "scenario"], name="dialogue_session_emp_scen")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(auto_score__isnull=True) | models.Q(auto_score__lte=100),
                name="dialogue_session_auto_score_range",
            ),
            models.CheckConstraint(
                condition=models.Q(trainer_score__isnull=True) | models.Q(trainer_score__lte=100),
                name="dialogue_session_trainer_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.scenario.code}"

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


class Reply(models.Model):
    """The trainee's answer to one turn. ``shown_at`` and ``answered_at`` are the server's clock: the time the
    turn was first shown and the time the reply arrived."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="replies", verbose_name=_("practice"))
    turn = models.ForeignKey(Turn, on_delete=models.PROTECT, related_name="replies", verbose_name=_("turn"))
    text = models.TextField(_("reply"), blank=True)
    shown_at = models.DateTimeField(_("shown at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    seconds = models.PositiveIntegerField(_("reply time (seconds)"), null=True, blank=True)
    hits = models.JSONField(_("banned words found"), default=list, blank=True)
    covered = models.JSONField(_("key points covered"), default=list, blank=True)
    missed = models.JSONField(_("key points missed"), default=list, blank=True)
    similarity = models.PositiveSmallIntegerField(_("similarity to the reference"), null=True, blank=True)
    points = models.JSONField(_("points per part"), default=dict, blank=True)
    score = models.PositiveSmallIntegerField(_("turn score"), null=True, blank=True)
    failed = models.BooleanField(_("failed"), default=False)

    class Meta:
        verbose_name = _("dialogue reply")
        verbose_name_plural = _("dialogue replies")
        ordering = ["session", "turn__order", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "turn"], name="dialogue_reply_once_per_turn")]

    def __str__(self) -> str:
        return f"{self.session_id} #{self.turn_id}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None
