"""The data the report tests build their reports of, and the reading of the built workbooks."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from openpyxl import load_workbook

from assessments.models import Attempt, AttemptStatus, Exam, Rubric, SessionRating, TypingPassage, TypingResult
from assessments.practicals import score_practical
from employees.models import Employee, Status
from reports.models import Report, ReportStatus
from reports.services import build_report, request_report
from tests.factories import EmployeeFactory
from training.models import ItemRecord, PlanItem, ShadowingLog
from training.services import change_status, enroll

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY1 = datetime(2026, 11, 16, 10, 0, tzinfo=SHANGHAI)  # plan day 1 (phase 1) of the world's cohorts
DAY4 = datetime(2026, 11, 19, 10, 0, tzinfo=SHANGHAI)  # plan day 4 (phase 2, shadowing)
DAY9 = datetime(2026, 11, 26, 9, 0, tzinfo=SHANGHAI)  # plan day 9: the pass exams

# ---------------------------------------------------------------------------- data


def exam(code: str) -> Exam:
    return Exam.objects.get(code=code)


def items_of(enrollment, day: int) -> list[PlanItem]:
    position = enrollment.employee.position_class
    items = PlanItem.objects.filter(template_id=enrollment.plan_id, day_number=day).order_by("order", "pk")
    return [i for i in items if i.applies_to(position)]


def sit(employee: Employee, code: str, number: int, percent: int | None, *, passed=..., pending: int = 0, at=DAY9):
    """A closed attempt with a given percent; pass / fail follows the exam's pass mark unless given."""
    e = exam(code)
    if passed is ...:
        passed = None if pending else percent >= e.pass_mark
    return Attempt.objects.create(
        exam=e,
        employee=employee,
        number=number,
        status=AttemptStatus.SUBMITTED,
        started_at=at,
        deadline=at + timedelta(minutes=45),
        submitted_at=at + timedelta(minutes=30),
        max_score=Decimal(100),
        score=Decimal(percent),
        percent=Decimal(percent),
        passed=passed,
        pending_grading=pending,
    )


def assess(employee: Employee, assessor, code: str = "receiving-presale", level: int = 0, comment: str = ""):
    """Score a practical with the `level`-th best level of every criterion."""
    rubric = Rubric.objects.get(code=code)
    levels = {
        c.pk: list(c.levels.order_by("-points"))[min(level, c.levels.count() - 1)].pk for c in rubric.criteria.all()
    }
    return score_practical(
        rubric=rubric, employee=employee, assessor=assessor, levels_by_criterion=levels, overall_comment=comment
    )


def typed(employee: Employee, cpm: str, accuracy: str, passed: bool, at=DAY4) -> TypingResult:
    return TypingResult.objects.create(
        employee=employee,
        passage=TypingPassage.objects.order_by("pk").first(),
        started_at=at,
        finished_at=at + timedelta(minutes=2),
        typed_text="您好，欢迎光临",
        characters=120,
        correct_characters=110,
        cpm=Decimal(cpm),
        accuracy=Decimal(accuracy),
        passed=passed,
    )


def mark(enrollment, day: int, *marks: str, completed: int = 0) -> None:
    """Roll-call marks for the first items of a plan day; the first `completed` are done."""
    items = items_of(enrollment, day)
    ItemRecord.objects.bulk_create(
        ItemRecord(enrollment=enrollment, item=item, attendance=m, completed=i < completed)
        for i, (item, m) in enumerate(zip(items, marks, strict=False))
    )


def members(world, count: int, tag: str, cohort=None) -> list:
    """`count` more trainees in the world's cohort (or `cohort`), each with a full record: roll
    call, two exam attempts, a practical, a typing test, a rating, a shadowing log."""
    cohort = cohort or world.cohort
    hires = [
        EmployeeFactory(name=f"学员{tag}{i}", employee_no=f"{tag}{i:03d}", mentor=world.mentor) for i in range(count)
    ]
    enrollments = enroll(cohort=cohort, employees=hires)
    for i, e in enumerate(enrollments):
        mark(e, 1, "present", "late", "absent", completed=2)
        sit(e.employee, "business-knowledge", 1, 60 + i % 40)
        sit(e.employee, "business-systems", 1, 80)
        typed(e.employee, "66.0", "97.0", True)
        ShadowingLog.objects.create(enrollment=e, day_number=4, mentor=world.mentor, chats_observed=10, score=4)
        SessionRating.objects.create(
            enrollment=e,
            item=items_of(e, 1)[0],
            leader_name="李雪",
            trainer=world.trainer,
            content=4,
            delivery=4,
            usefulness=5,
        )
    for e in enrollments:
        assess(e.employee, world.trainer)
    with time_machine.travel(DAY4, tick=False):
        change_status(employee=hires[0], to_status=Status.ELIMINATED, reason="沟通能力不足", by=world.hr)
    return enrollments


def build(kind: str, params: dict, user=None) -> Report:
    """Ask for a report (queueing disabled) and build it here."""
    report = request_report(kind=kind, params=params, user=user)
    return build_report(report.pk)


def workbook(report: Report, **kwargs):
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    return load_workbook(report.file.path, **kwargs)


def table(ws) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def by(rows: list[dict], column: str, value) -> dict:
    found = [r for r in rows if r[column] == value]
    assert len(found) == 1, f"{column}={value!r}: {len(found)} rows"
    return found[0]


def attendance_rate(enrollment) -> float:
    """From the rows themselves: present or late over every mark given."""
    marks = [r.attendance for r in ItemRecord.objects.filter(enrollment=enrollment) if r.attendance]
    return round(sum(m in ("present", "late") for m in marks) / len(marks), 4)
