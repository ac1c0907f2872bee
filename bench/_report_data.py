"""The data of the report benchmark (``bench/report.py``): one new-hire cohort with nine plan days of
records, as the portal would hold it, with 1 % of names and comments that Excel would take for formulas."""

from __future__ import annotations

import random
import sys
import time
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from _common import START, add_typing_results, exam_sittings, make_hires, make_staff, submitted_attempt

HOSTILE = ['=HYPERLINK("http://x.example","点我")', "+86 138", "-1 分", "@SUM(A1)"]


def fill(count: int, seed: int = 2026) -> int:
    """One new-hire cohort of `count` employees with nine days of records; returns its id."""
    from django.utils import timezone

    from assessments.models import (
        Attempt,
        CriterionScore,
        PracticalAssessment,
        Rubric,
    )
    from employees.models import Employee, Status, StatusChange, Tier
    from training.models import Attendance, Enrollment, ItemRecord, PlanItem, ShadowingLog
    from training.services import create_cohort, enroll

    rng = random.Random(seed)
    started = time.perf_counter()
    staff = make_staff()
    hires = make_hires(count, "r", staff.mentor)
    for i, hire in enumerate(hires):
        if i % 100 == 7:
            hire.name = HOSTILE[i % len(HOSTILE)]
    Employee.objects.bulk_update([h for i, h in enumerate(hires) if i % 100 == 7], ["name"])
    cohort = create_cohort(name="万人批", tier=Tier.NEW_HIRE, start_date=START, trainers=[staff.trainer], by=staff.hr)
    enroll(cohort=cohort, employees=hires)
    enrollments = list(Enrollment.objects.filter(cohort=cohort).select_related("employee"))
    print(f"  {count} employees enrolled ({time.perf_counter() - started:.0f} s)", file=sys.stderr)

    items: dict[tuple[int, str], list[PlanItem]] = {}
    plan_items = list(PlanItem.objects.filter(template_id__in={e.plan_id for e in enrollments}, day_number__lte=9))
    marks = [Attendance.PRESENT] * 16 + [Attendance.LATE] * 2 + [Attendance.ABSENT, Attendance.LEAVE]
    records = []
    for e in enrollments:
        key = (e.plan_id, e.employee.position_class)
        if key not in items:
            items[key] = [i for i in plan_items if i.applies_to(key[1])]
        for item in items[key]:
            note = rng.choice(HOSTILE) if rng.random() < 0.01 else ""
            records.append(
                ItemRecord(
                    enrollment=e, item=item, attendance=rng.choice(marks), completed=rng.random() < 0.9, note=note
                )
            )
    ItemRecord.objects.bulk_create(records, batch_size=5000)
    print(f"  {len(records)} roll-call records ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    del records

    day9 = datetime(2026, 11, 26, 9, tzinfo=timezone.get_current_timezone())
    attempts = []
    for e, exam, number, retaken in exam_sittings(enrollments, rng):
        percent = Decimal(rng.randint(55, 100))
        if exam.code == "business-knowledge" and number == 1 and retaken:
            percent = Decimal(rng.randint(40, 79))
        attempts.append(submitted_attempt(exam, e.employee, number, percent, day9 + timedelta(minutes=60 * number)))
    Attempt.objects.bulk_create(attempts, batch_size=5000)
    print(f"  {len(attempts)} exam attempts ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    del attempts

    rubrics = list(Rubric.objects.prefetch_related("criteria__levels"))
    assessments = []
    chosen: list[list[tuple[Any, Any]]] = []
    for e in enrollments:
        for rubric in rubrics:
            lines = []
            earned, weights = Decimal(0), 0
            for criterion in rubric.criteria.all():
                levels = list(criterion.levels.all())
                level = rng.choice(levels)
                best = max(lv.points for lv in levels)
                lines.append((criterion, level))
                if best:
                    earned += criterion.weight * Decimal(level.points) / best
                    weights += criterion.weight
            percent = (earned * 100 / weights).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            comment = rng.choice(HOSTILE) if rng.random() < 0.01 else "话术规范，响应及时"
            assessments.append(
                PracticalAssessment(
                    rubric=rubric,
                    employee=e.employee,
                    assessor=staff.trainer,
                    percent=percent,
                    passed=percent >= rubric.pass_mark,
                    comment=comment,
                )
            )
            chosen.append(lines)
    PracticalAssessment.objects.bulk_create(assessments, batch_size=5000)
    CriterionScore.objects.bulk_create(
        (
            CriterionScore(assessment=a, criterion=criterion, level=level)
            for a, lines in zip(assessments, chosen, strict=True)
            for criterion, level in lines
        ),
        batch_size=5000,
    )
    print(f"  {len(assessments)} practicals ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    del assessments, chosen

    add_typing_results(enrollments, day9, rng)
    ShadowingLog.objects.bulk_create(
        (
            ShadowingLog(
                enrollment=e,
                day_number=day,
                mentor=staff.mentor,
                chats_observed=rng.randint(5, 30),
                score=rng.randint(2, 5),
            )
            for e in enrollments
            for day in (4, 5, 7, 8)
        ),
        batch_size=5000,
    )
    eliminated = [e.employee for e in enrollments[:: max(count // 50, 1)]]
    StatusChange.objects.bulk_create(
        StatusChange(
            employee=emp,
            from_status=emp.status,
            to_status=Status.ELIMINATED,
            reason="试岗期间差评较多",
            changed_by=staff.hr,
            phase_number=6,
            day_number=11,
        )
        for emp in eliminated
    )
    Employee.objects.filter(pk__in=[emp.pk for emp in eliminated]).update(status=Status.ELIMINATED)
    # Table statistics as autovacuum would have them by the time HR asks for a report. (Without
    # them the report still runs fast: see reports.services.whole_result_plans.)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  filled in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return cohort.pk
