"""Reads for other apps' pages: the exams on a trainee's day, retakes due, the trial-post gate."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet

from employees.models import Employee
from training.models import Enrollment

from .models import Attempt, AttemptStatus, Exam, Retake


@dataclass
class ExamLink:
    exam: Exam
    used: int
    passed: bool
    open: bool
    best: object  # Decimal percent or None

    @property
    def attempts_left(self) -> int:
        return max(self.exam.max_attempts - self.used, 0)


def exam_links(employee: Employee, item_ids: Iterable[int]) -> dict[int, ExamLink]:
    """The exams hanging on these plan items, with where the employee stands (two queries)."""
    exams = list(Exam.objects.filter(is_active=True, item_id__in=list(item_ids)).order_by("title"))
    if not exams:
        return {}
    stats = {
        row["exam_id"]: row
        for row in Attempt.objects.filter(employee=employee, exam__in=exams, is_practice=False)
        .values("exam_id")
        .annotate(
            used=Count("id"),
            passes=Count("id", filter=Q(passed=True)),
            open=Count("id", filter=Q(status=AttemptStatus.OPEN)),
            best=Max("percent"),
        )
    }
    links: dict[int, ExamLink] = {}
    for exam in exams:
        row = stats.get(exam.pk)  # None: no attempt yet
        assert exam.item_id is not None  # the query above takes exams by item
        links.setdefault(
            exam.item_id,
            ExamLink(
                exam=exam,
                used=row["used"] if row else 0,
                passed=bool(row and row["passes"]),
                open=bool(row and row["open"]),
                best=row["best"] if row else None,
            ),
        )
    return links


def outstanding_retakes() -> QuerySet[Retake]:
    """Retakes still to be sat: the exam is not passed, no attempt was started since the failed
    one, and that attempt was not the last allowed. A retake's date may have passed (overdue);
    one left over after the last attempt is never announced."""
    of_same_exam = Attempt.objects.filter(employee=OuterRef("employee"), exam=OuterRef("exam"), is_practice=False)
    return (
        Retake.objects.filter(failed_attempt__number__lt=F("exam__max_attempts"))
        .exclude(Exists(of_same_exam.filter(number__gt=OuterRef("failed_attempt__number"))))
        .exclude(Exists(of_same_exam.filter(passed=True)))
    )


def retakes_on(employee: Employee, on: date) -> list[Retake]:
    """The retakes due on `on` and those overdue from before it (``is_overdue`` set on each)."""
    retakes = list(
        outstanding_retakes().filter(employee=employee, date__lte=on).select_related("exam").order_by("date", "pk")
    )
    for retake in retakes:
        retake.is_overdue = retake.date < on
    return retakes


def trial_post_locked(enrollment: Enrollment, day_number: int) -> bool:
    """After the pass exams' day, until they are all passed, the trial post stays closed."""
    gates = list(
        Exam.objects.filter(is_active=True, is_gate=True, item__template_id=enrollment.plan_id).values_list(
            "pk", "item__day_number"
        )
    )
    if not gates or day_number <= max(d for _pk, d in gates):
        return False
    passed = set(
        Attempt.objects.filter(
            employee_id=enrollment.employee_id, exam_id__in=[pk for pk, _d in gates], passed=True, is_practice=False
        ).values_list("exam_id", flat=True)
    )
    return passed != {pk for pk, _d in gates}
