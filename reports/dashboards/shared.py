"""What both dashboards share: how far back HR's dashboard looks, how many alerts a dashboard lists,
percentages and quartiles to one decimal, and the exam alerts with each trainee's enrollment."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from assessments.gates import ExamAlert, exam_alerts_with_enrollments
from training.models import Attendance, Cohort

# How long a finished cohort stays on HR's dashboard.
RECENT_DAYS = 90
# How many exam alerts the dashboards list before pointing to the alerts page.
ALERTS_SHOWN = 8
ATTENDED = (Attendance.PRESENT, Attendance.LATE)
ONE_DECIMAL = Decimal("0.1")


def percent_of(part: int, whole: int) -> Decimal | None:
    """part / whole as a percentage with one decimal; None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def percentile(values: list[Decimal], fraction: Decimal) -> Decimal:
    """The percentile of sorted values by linear interpolation between the two nearest ranks,
    the definition of PostgreSQL's ``percentile_cont`` and of numpy's default: position
    fraction × (n − 1), counted from 0."""
    if not values:
        raise ValueError("no values")
    position = fraction * (len(values) - 1)
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def quartiles(values: list[Decimal]) -> tuple[Decimal, Decimal, Decimal, Decimal, Decimal]:
    """(min, Q1, median, Q3, max) of the values, each to one decimal."""
    ordered = sorted(values)
    points = [percentile(ordered, Decimal(q) / 4) for q in range(5)]
    low, q1, median, q3, high = (p.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP) for p in points)
    return low, q1, median, q3, high


def alerts_with_enrollments(cohorts: QuerySet[Cohort] | None) -> list[ExamAlert]:
    """Exam alerts (failed attempts still to follow up), each with the trainee's latest enrollment
    for the link to the evidence page, as the alerts page does (three queries)."""
    rows = exam_alerts_with_enrollments(cohorts=cohorts)
    # Latest failure first (as exam_alerts returns them), those out of attempts ahead: HR decides.
    rows.sort(key=lambda r: not r.out_of_attempts)
    return rows
