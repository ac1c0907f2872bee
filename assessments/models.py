"""Assessments: the question bank, exams and their attempts, rubric practicals, typing tests,
the training score sheet, and the sign-offs that decide who goes live.

An attempt keeps a snapshot of every question as it was shown (text, options in the order shown,
the correct answer at the time), so editing the bank never changes an earlier attempt.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from employees.models import Employee, Enrollment

# ---------------------------------------------------------------------------- question bank


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True / false")
    FILL = "fill", _("Fill in the blank")
    SHORT = "short", _("Short answer")


OBJECTIVE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE, QuestionType.FILL)
CHOICE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE)


class Difficulty(models.IntegerChoices):
    EASY = 1, _("Easy")
    MEDIUM = 2, _("Medium")
    HARD = 3, _("Hard")


class Category(models.Model):
    """A subject of the bank: platform rules, returns and exchanges, product knowledge, …"""

    name = models.CharField(_("name"), max_length=50, unique=True)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="questions", verbose_name=_("category")
    )
    type = models.CharField(_("type"), max_length=16, choices=QuestionType.choices)
    text = models.TextField(_("question"))
    difficulty = models.PositiveSmallIntegerField(_("difficulty"), choices=Difficulty.choices, default=Difficulty.EASY)
    points = models.DecimalField(
        _("points"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    true_false_answer = models.BooleanField(
        _("correct answer (true / false)"), null=True, blank=True, help_text=_("Only for true / false questions.")
    )
    accepted_answers = models.TextField(
        _("accepted answers"),
        blank=True,
        help_text=_(
            "Fill in the blank: one accepted answer per line. Spaces at either end, letter case and "
            "full-width / half-width forms are ignored when comparing."
        ),
    )
    reference_answer = models.TextField(
        _("reference answer"), blank=True, help_text=_("Short answer: shown to the grader, not to the trainee.")
    )
    explanation = models.TextField(_("explanation"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["category__order", "id"]
        indexes = [models.Index(fields=["category", "type", "is_active"])]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 40 else self.text[:39] + "…"

    def accepted_list(self) -> list[str]:
        return [line.strip() for line in self.accepted_answers.splitlines() if line.strip()]

    def clean(self) -> None:
        if self.type == QuestionType.TRUE_FALSE and self.true_false_answer is None:
            raise ValidationError({"true_false_answer": _("Say whether the statement is true or false.")})
        if self.type == QuestionType.FILL and not self.accepted_list():
            raise ValidationError({"accepted_answers": _("Give at least one accepted answer.")})
        if self.type == QuestionType.SHORT and not self.reference_answer.strip():
            raise ValidationError({"reference_answer": _("Give a reference answer for the grader.")})


class Choice(models.Model):
    """An option of a single- or multiple-choice question. Keys (A, B, C…) follow the order."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question"))
    text = models.CharField(_("option"), max_length=300)
    is_correct = models.BooleanField(_("correct"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["question", "order", "id"]

    def __str__(self) -> str:
        return self.text


# ---------------------------------------------------------------------------- exams


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
        title = self.exam.title if self.exam_id else _("Practice")
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
        return f"{self.answer}: {self.old_score} → {self.new_score}"


class Retake(models.Model):
    """A failed attempt with attempts left puts a retake on the trainee's next working day."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="retakes", verbose_name=_("exam"))
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="retakes", verbose_name=_("employee"))
    failed_attempt = models.OneToOneField(
        Attempt, on_delete=models.CASCADE, related_name="retake", verbose_name=_("failed attempt")
    )
    date = models.DateField(_("retake on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("retake")
        verbose_name_plural = _("retakes")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.employee} · {self.exam} · {self.date}"


# ---------------------------------------------------------------------------- practicals


class Rubric(models.Model):
    """A scoring rubric for a practical assessment: criteria with weights, levels with points."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    item = models.ForeignKey(
        "training.PlanItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rubrics",
        verbose_name=_("plan item"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("rubric"))
    title = models.CharField(_("criterion"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1, validators=[MinValueValidator(1)])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["rubric", "order", "id"]

    def __str__(self) -> str:
        return self.title


class Level(models.Model):
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="levels", verbose_name=_("criterion")
    )
    label = models.CharField(_("level"), max_length=30)
    descriptor = models.TextField(_("descriptor"))
    points = models.PositiveSmallIntegerField(_("points"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        ordering = ["criterion", "order", "-points"]

    def __str__(self) -> str:
        return f"{self.label} ({self.points})"


class PracticalAssessment(models.Model):
    """A trainer scores one trainee against a rubric. Percent = Σ weight × points / max points
    of the criterion, over Σ weight."""

    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("rubric"))
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="practicals", verbose_name=_("employee")
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessor")
    )
    assessed_at = models.DateTimeField(_("assessed at"), auto_now_add=True)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=1, default=Decimal("0"))
    passed = models.BooleanField(_("passed"), default=False)
    comment = models.TextField(_("overall comment"), blank=True)

    class Meta:
        verbose_name = _("practical assessment")
        verbose_name_plural = _("practical assessments")
        ordering = ["-assessed_at"]

    def __str__(self) -> str:
        return f"{self.employee} · {self.rubric}"


class CriterionScore(models.Model):
    assessment = models.ForeignKey(
        PracticalAssessment, on_delete=models.CASCADE, related_name="scores", verbose_name=_("assessment")
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion"))
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+", verbose_name=_("level"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [models.UniqueConstraint(fields=["assessment", "criterion"], name="criterion_scored_once")]

    def __str__(self) -> str:
        return f"{self.criterion} · {self.level}"

    def clean(self) -> None:
        if self.level_id and self.criterion_id and self.level.criterion_id != self.criterion_id:
            raise ValidationError({"level": _("Choose a level of this criterion.")})


# ---------------------------------------------------------------------------- typing


class TypingPassage(models.Model):
    """A Chinese customer-service passage to copy; its thresholds decide a pass."""

    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("text"))
    duration_seconds = models.PositiveSmallIntegerField(
        _("duration (seconds)"), default=120, validators=[MinValueValidator(30), MaxValueValidator(1200)]
    )
    min_cpm = models.PositiveSmallIntegerField(_("pass: characters per minute"), default=60)
    min_accuracy = models.PositiveSmallIntegerField(
        _("pass: accuracy (%)"), default=95, validators=[MaxValueValidator(100)]
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("typing passage")
        verbose_name_plural = _("typing passages")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class TypingResult(models.Model):
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="typing_results", verbose_name=_("employee")
    )
    passage = models.ForeignKey(
        TypingPassage, on_delete=models.PROTECT, related_name="results", verbose_name=_("passage")
    )
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    typed_text = models.TextField(_("typed text"))
    characters = models.PositiveIntegerField(_("characters typed"))
    correct_characters = models.PositiveIntegerField(_("correct characters"))
    cpm = models.DecimalField(_("characters per minute"), max_digits=6, decimal_places=1)
    accuracy = models.DecimalField(_("accuracy (%)"), max_digits=5, decimal_places=1)
    passed = models.BooleanField(_("passed"))

    class Meta:
        verbose_name = _("typing result")
        verbose_name_plural = _("typing results")
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return f"{self.employee} · {self.cpm} / {self.accuracy}%"


# ---------------------------------------------------------------------------- score sheet


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


# ---------------------------------------------------------------------------- go-live


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

    class Meta:
        verbose_name = _("go-live sign-off")
        verbose_name_plural = _("go-live sign-offs")
        ordering = ["at"]
        constraints = [models.UniqueConstraint(fields=["enrollment", "role"], name="one_sign_off_per_role")]

    def __str__(self) -> str:
        return f"{self.enrollment} · {self.get_role_display()}"
