"""Who must finish the pre-onboarding step, and how far each hire has come.

An enrollment is *gated* when its plan has an active ``GatedPlan`` and its cohort starts on or after that
row's ``required_from``. A gated hire is *ready* when HR opened day 1 for them (an override with a reason), or
when they confirmed reading the handbook and passed every active exam on day 0 of their plan (the handbook
quiz). The checklist is reported but does not hold day 1: the accounts and groups are HR's and IT's to
hand out, so an unticked item is something to chase, not a reason to keep the hire out of the room.

Both ways of reading it, one hire (``gate_for``, for the hire's own pages) and a list (``with_readiness``,
for HR's pages and the reminders), use the same definition, written once as SQL expressions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from assessments.models import Attempt, AttemptStatus, Exam
from training.models import Enrollment, Method, PlanItem, ScheduledDay

from .models import ChecklistItem, GatedPlan, Readiness, Tick

HANDBOOK_DAY = 0  # day 0 of a plan: preparation before the start


def quiz_exams(plan_id: int) -> QuerySet[Exam]:
    """The handbook quiz of a plan: every active exam hanging on an item of its day 0."""
    return Exam.objects.filter(is_active=True, item__template_id=plan_id, item__day_number=HANDBOOK_DAY)


def _gated_rule() -> Exists:
    """True for an enrollment (the outer row) whose plan requires the step for its cohort's start date."""
    return Exists(
        GatedPlan.objects.filter(
            plan_id=OuterRef("plan_id"), is_active=True, required_from__lte=OuterRef("cohort__start_date")
        )
    )


def _quiz_unpassed() -> Exists:
    """True while some quiz of the enrollment's plan has no passed attempt by the enrollment's employee."""
    passed = Attempt.objects.filter(
        exam_id=OuterRef("pk"), employee_id=OuterRef(OuterRef("employee_id")), passed=True, is_practice=False
    )
    return Exists(
        Exam.objects.filter(
            is_active=True, item__template_id=OuterRef("plan_id"), item__day_number=HANDBOOK_DAY
        ).exclude(Exists(passed))
    )


def _quiz_attempts() -> QuerySet[Attempt]:
    return Attempt.objects.filter(
        employee_id=OuterRef("employee_id"),
        exam__is_active=True,
        exam__item__template_id=OuterRef("plan_id"),
        exam__item__day_number=HANDBOOK_DAY,
        is_practice=False,
    )


def with_readiness(enrollments: QuerySet[Enrollment]) -> QuerySet[Any]:
    """The enrollments annotated in the same query with ``gated``, ``confirmed_at``, ``overridden_at``,
    ``override_reason``, ``quiz_passed``, ``quiz_best`` (best percent or None), ``quiz_used`` (attempts),
    ``ticks`` (active checklist items ticked) and ``ready``. (Typed ``QuerySet[Any]``: the type checker cannot
    see the annotations by name.)"""
    ticks = (
        Tick.objects.filter(readiness__enrollment_id=OuterRef("pk"), item__is_active=True)
        .order_by()
        .values("readiness_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    best = _quiz_attempts().exclude(status=AttemptStatus.OPEN).order_by().values("employee_id")
    used = _quiz_attempts().order_by().values("employee_id")
    return enrollments.annotate(
        gated=ExpressionWrapper(_gated_rule(), output_field=BooleanField()),
        confirmed_at=F("readiness__handbook_confirmed_at"),
        overridden_at=F("readiness__overridden_at"),
        override_reason=F("readiness__override_reason"),
        quiz_passed=ExpressionWrapper(~_quiz_unpassed(), output_field=BooleanField()),
        quiz_best=Subquery(best.annotate(m=Max("percent")).values("m")),
        quiz_used=Coalesce(Subquery(used.annotate(n=Count("id")).values("n")), Value(0), output_field=IntegerField()),
        ticks=Coalesce(Subquery(ticks), Value(0), output_field=IntegerField()),
        ready=ExpressionWrapper(
            Q(readiness__overridden_at__isnull=False)
            | (Q(readiness__handbook_confirmed_at__isnull=False) & ~_quiz_unpassed()),
            output_field=BooleanField(),
        ),
    )


def gated(enrollments: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    """Only the enrollments that must go through the step."""
    return enrollments.filter(_gated_rule())


def not_ready(enrollments: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    """Gated enrollments whose day 1 is still held (no override, and the handbook unconfirmed or a quiz unpassed)."""
    return gated(enrollments).filter(
        Q(readiness__isnull=True)
        | Q(readiness__overridden_at__isnull=True)
        & (Q(readiness__handbook_confirmed_at__isnull=True) | _quiz_unpassed())
    )


def checklist() -> list[ChecklistItem]:
    return list(ChecklistItem.objects.filter(is_active=True))


# ---------------------------------------------------------------------------- one hire


@dataclass
class Quiz:
    """One handbook quiz and where the hire stands with it."""

    exam: Exam
    used: int = 0
    passed: bool = False
    open: bool = False
    best: Decimal | None = None

    @property
    def attempts_left(self) -> int:
        return max(self.exam.max_attempts - self.used, 0)


@dataclass
class Gate:
    """The pre-onboarding step of one gated enrollment, as the hire's pages show it."""

    enrollment: Enrollment
    readiness: Readiness | None
    quizzes: list[Quiz]
    checklist: list[ChecklistItem]
    ticked: set[int]
    handbook_day: date | None  # the date of day 0, when the quiz opens
    day_one: date | None
    handbook: list[PlanItem] = field(default_factory=list)  # filled by gate_for(..., handbook=True)

    @property
    def confirmed(self) -> bool:
        return self.readiness is not None and self.readiness.handbook_confirmed_at is not None

    @property
    def overridden(self) -> bool:
        return self.readiness is not None and self.readiness.overridden

    @property
    def quiz_passed(self) -> bool:
        return all(q.passed for q in self.quizzes)

    @property
    def ready(self) -> bool:
        return self.overridden or (self.confirmed and self.quiz_passed)

    @property
    def ticked_count(self) -> int:
        return sum(1 for item in self.checklist if item.pk in self.ticked)

    @property
    def entries(self) -> list[tuple[ChecklistItem, bool]]:
        return [(item, item.pk in self.ticked) for item in self.checklist]

    def locks(self, day_number: int | None) -> bool:
        """Is this plan day held back? Every day from day 1 on, until the hire is ready."""
        return day_number is not None and day_number >= 1 and not self.ready


def is_gated(enrollment: Enrollment) -> bool:
    """One query; the enrollment's cohort must be loaded (``select_related("cohort")``)."""
    return GatedPlan.objects.filter(
        plan_id=enrollment.plan_id, is_active=True, required_from__lte=enrollment.cohort.start_date
    ).exists()


def gate_for(enrollment: Enrollment | None, *, handbook: bool = False) -> Gate | None:
    """The step of an enrollment, or None when it has none. Six queries (one when not gated), two more
    with ``handbook`` (the reading items of day 0 and their attachments)."""
    if enrollment is None or not is_gated(enrollment):
        return None
    readiness = Readiness.objects.filter(enrollment=enrollment).first()
    ticked = set(Tick.objects.filter(readiness=readiness).values_list("item_id", flat=True)) if readiness else set()
    exams = list(quiz_exams(enrollment.plan_id).order_by("title"))
    quizzes = {exam.pk: Quiz(exam=exam) for exam in exams}
    for row in (
        Attempt.objects.filter(employee_id=enrollment.employee_id, exam__in=exams, is_practice=False)
        .values("exam_id")
        .annotate(
            used=Count("id"),
            passes=Count("id", filter=Q(passed=True)),
            open=Count("id", filter=Q(status=AttemptStatus.OPEN)),
            best=Max("percent"),
        )
    ):
        quiz = quizzes[row["exam_id"]]
        quiz.used, quiz.passed, quiz.open, quiz.best = row["used"], bool(row["passes"]), bool(row["open"]), row["best"]
    dates: dict[int, Any] = dict(
        ScheduledDay.objects.filter(enrollment=enrollment, day_number__in=[HANDBOOK_DAY, 1]).values_list(
            "day_number", "date"
        )
    )
    gate = Gate(
        enrollment=enrollment,
        readiness=readiness,
        quizzes=list(quizzes.values()),
        checklist=checklist(),
        ticked=ticked,
        handbook_day=dates.get(HANDBOOK_DAY),
        day_one=dates.get(1),
    )
    if handbook:
        gate.handbook = handbook_items(enrollment)
    return gate


def handbook_items(enrollment: Enrollment) -> list[PlanItem]:
    """The reading of day 0 (its items other than exams, for the hire's position class), with attachments."""
    items = (
        PlanItem.objects.filter(template_id=enrollment.plan_id, day_number=HANDBOOK_DAY)
        .exclude(method=Method.EXAM)
        .prefetch_related("attachments")
        .order_by("order", "id")
    )
    return [item for item in items if item.applies_to(enrollment.employee.position_class)]
