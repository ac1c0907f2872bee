"""Exams: their question rules and fixed questions, the attempts, the answers, regrades and retakes.

An attempt keeps a snapshot of every question as it was shown (text, options in the order shown,
the correct answer at the time), so editing the bank never changes an earlier attempt.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from employees.models import Employee

from .questions import Category, Difficulty, Question, QuestionType


class MultipleChoiceRule(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("All or nothing: every correct option and no wrong one")
    HALF_IF_SUBSET = "half_if_subset", _("Half the points for some correct options and no wrong one (少选得一半)")
    PROPORTIONAL = "proportional", _("Points in proportion to the correct options chosen; any wrong one gives 0")


class ResultPolicy(models.TextChoices):
    NOTHING = "nothing", _("Only that the exam was submitted")
    SCORE = "score", _("Score and pass / fail")
    ANSWERS = "answers", _("Score, pass / fail and the correct answers")
    ANSWERS_WHEN_FINAL = (
        "answers_when_final",
        _("Score and pass / fail; the correct answers once passed or out of attempts"),
    )


class Exam(models.Model):
    """An online exam. It hangs on a plan item so that "today" links to it on its day."""

    title = models.CharField(_("title"), max_length=100)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    item = models.ForeignKey(
        "training.PlanItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exams",
        verbose_name=_("plan item"),
        help_text=_("The plan item on whose day the exam is taken."),
    )
    description = models.TextField(_("instructions"), blank=True)
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=2, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_options = models.BooleanField(_("shuffle options"), default=True)
    multiple_choice_rule = models.CharField(
        _("multiple-choice scoring"),
        max_length=20,
        choices=MultipleChoiceRule.choices,
        default=MultipleChoiceRule.HALF_IF_SUBSET,
    )
    result_policy = models.CharField(
        _("after submission show"), max_length=20, choices=ResultPolicy.choices, default=ResultPolicy.ANSWERS_WHEN_FINAL
    )
    is_gate = models.BooleanField(
        _("pass exam (gate)"),
        default=False,
        help_text=_("Every pass exam of a trainee's plan must be passed before the trial post opens."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # An exam another app offers on its own page (a knowledge update's quiz) rather than on a plan day.
    page = models.CharField(
        _("offered on page"),
        max_length=200,
        blank=True,
        help_text=_(
            "Empty: the exam's own page. Otherwise the address of the page that offers it (a knowledge "
            "update's quiz): only that page starts it, its results link back there, and a fail schedules "
            "no retake day."
        ),
    )

    class Meta:
        verbose_name = _("exam")
        verbose_name_plural = _("exams")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class ExamRule(models.Model):
    """ "Draw N questions of this type from this category" (each attempt draws afresh)."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="rules", verbose_name=_("exam"))
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("category"),
        help_text=_("Empty: any category."),
    )
    type = models.CharField(_("type"), max_length=16, choices=QuestionType.choices)
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, null=True, blank=True, help_text=_("Empty: any difficulty.")
    )
    count = models.PositiveSmallIntegerField(_("number of questions"), validators=[MinValueValidator(1)])
    points = models.DecimalField(
        _("points each"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Empty: each question's own points."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question rule")
        verbose_name_plural = _("question rules")
        ordering = ["exam", "order", "id"]

    def __str__(self) -> str:
        return f"{self.count} × {self.get_type_display()} · {self.category or _('any category')}"


class ExamQuestion(models.Model):
    """A question always in the exam (a fixed list), besides whatever the rules draw."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="fixed_questions", verbose_name=_("exam"))
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("question"))
    points = models.DecimalField(
        _("points"), max_digits=5, decimal_places=1, null=True, blank=True, help_text=_("Empty: the question's own.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("fixed question")
        verbose_name_plural = _("fixed questions")
        ordering = ["exam", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["exam", "question"], name="exam_question_once")]

    def __str__(self) -> str:
        return str(self.question)


class AttemptStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    EXPIRED = "expired", _("Closed at the time limit")


class Attempt(models.Model):
    """One sitting of an exam by one employee. Practice attempts (from the wrong-answer notebook)
    have no exam and never count."""

    exam = models.ForeignKey(
        Exam, on_delete=models.PROTECT, null=True, blank=True, related_name="attempts", verbose_name=_("exam")
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("employee")
    )
    number = models.PositiveSmallIntegerField(_("attempt"), default=1)
    is_practice = models.BooleanField(_("practice"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=AttemptStatus.choices, default=AttemptStatus.OPEN)
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("deadline"))
    submitted_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    max_score = models.DecimalField(_("maximum score"), max_digits=6, decimal_places=1, default=Decimal("0"))
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=1, null=True, blank=True)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    pending_grading = models.PositiveSmallIntegerField(_("answers to grade"), default=0)

    class Meta:
        verbose_name = _("exam attempt")
        verbose_name_plural = _("exam attempts")
        ordering = ["-started_at"]
        constraints = [
            # Two "start" clicks at once cannot open two attempts with the same number.
            models.UniqueConstraint(
                fields=["exam", "employee", "number"], condition=Q(is_practice=False), name="attempt_number_once"
            ),
            # Nor two open attempts of the same exam.
            models.UniqueConstraint(
                fields=["exam", "employee"],
                condition=Q(status="open", is_practice=False),
                name="one_open_attempt_per_exam",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        title = self.exam.title if self.exam is not None else _("Practice")
        return f"{self.employee} · {title} #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status == AttemptStatus.OPEN


class Answer(models.Model):
    """A question as shown in one attempt (snapshot) and the answer given to it."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers", verbose_name=_("attempt"))
    question = models.ForeignKey(
        Question, on_delete=models.SET_NULL, null=True, related_name="answers", verbose_name=_("question")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    type = models.CharField(_("type"), max_length=16, choices=QuestionType.choices)
    # {"text", "options": [{"key", "text"}] in the order shown, "correct": [...], "accepted": [...],
    #  "reference", "explanation", "category"}
    snapshot = models.JSONField(_("question as shown"))
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1)
    response = models.JSONField(_("answer"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # The exam page numbers its saves of each answer 1, 2, 3…; a save that arrives after a higher
    # number was stored is older than the stored answer (the network reordered them) and is ignored.
    save_number = models.PositiveIntegerField(
        _("save number"), default=0, help_text=_("The page's count of saves of this answer.")
    )
    auto_score = models.DecimalField(_("automatic score"), max_digits=5, decimal_places=1, null=True, blank=True)
    manual_score = models.DecimalField(_("grader's score"), max_digits=5, decimal_places=1, null=True, blank=True)
    comment = models.TextField(_("grader's comment"), blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("graded by"),
    )
    graded_at = models.DateTimeField(_("graded at"), null=True, blank=True)
    # Grades only: the question as shown and the trainee's response are not part of the audit trail.
    history = HistoricalRecords(excluded_fields=["snapshot", "response", "answered_at"])

    if TYPE_CHECKING:
        # Not columns: set by the admin's page that grades one question across attempts, for its template.
        error: str
        entered_score: str
        entered_comment: str
        banned_words: str  # the grading hint: banned words in the answer (wording.matching)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["attempt", "order"]
        constraints = [models.UniqueConstraint(fields=["attempt", "order"], name="answer_order_once")]

    def __str__(self) -> str:
        return f"{self.attempt} · {self.order}"

    @property
    def score(self) -> Decimal | None:
        return self.manual_score if self.manual_score is not None else self.auto_score

    @property
    def needs_grading(self) -> bool:
        return self.type == QuestionType.SHORT and self.manual_score is None


class ShortAnswerPending(Answer):
    """The grading queue: short answers of closed attempts that no one has graded yet."""

    class Meta:
        proxy = True
        verbose_name = _("short answer to grade")
        verbose_name_plural = _("short answers to grade")


class Regrade(models.Model):
    """Every change of a graded answer's score: who, when, old → new, why."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="regrades", verbose_name=_("answer"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    old_score = models.DecimalField(_("old score"), max_digits=5, decimal_places=1, null=True)
    new_score = models.DecimalField(_("new score"), max_digits=5, decimal_places=1)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("regrade")
        verbose_name_plural = _("regrades")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.answer}: {self.change}"

    @property
    def change(self) -> str:
        """Old → new as people read it: a first grade has no old score ("— → 5.0", never "None")."""
        old = "—" if self.old_score is None else str(self.old_score)
        return f"{old} → {self.new_score}"

    @property
    def grader_name(self) -> str:
        """Who graded, by name (the login only when the account has no name)."""
        return self.by.get_full_name() or self.by.get_username()


class Retake(models.Model):
    """A failed attempt with attempts left puts a retake on the trainee's next working day."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="retakes", verbose_name=_("exam"))
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="retakes", verbose_name=_("employee"))
    failed_attempt = models.OneToOneField(
        Attempt, on_delete=models.CASCADE, related_name="retake", verbose_name=_("failed attempt")
    )
    date = models.DateField(_("retake on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    if TYPE_CHECKING:
        is_overdue: bool  # not a column: set by selectors.retakes_on for the today page

    class Meta:
        verbose_name = _("retake")
        verbose_name_plural = _("retakes")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.employee} · {self.exam} · {self.date}"
