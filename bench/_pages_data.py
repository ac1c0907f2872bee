"""The data of the page benchmark (``bench/pages.py``): a portal of 10,000 employees and 250,000 scheduled
days, with one 3,000-member cohort on plan day 9, as the portal would hold it on ``ON``.

A helper module, not a benchmark. Everything is written in bulk (``bulk_create`` where ids are needed next,
``common.bulk.insert_rows``, one ``COPY`` on PostgreSQL, for the rest); scheduling goes through the portal's
own ``enroll()``, so the scheduled days are exactly what the portal would lay out.
"""

from __future__ import annotations

import random
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from _common import add_typing_results, exam_sittings, submitted_attempt

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from employees.models import Employee
    from training.models import Cohort, Enrollment

ON = date(2026, 11, 26)  # a Thursday: plan day 9 of the big cohort, which starts on Monday 2026-11-16
BIG_START = date(2026, 11, 16)
# New-hire cohorts besides the big one: (start, share of the remaining hires). Running, finished within the
# dashboard's 90 days, long finished, and one still to start.
NEW_HIRE_STARTS = [
    (date(2026, 11, 9), 0.2),
    (date(2026, 11, 23), 0.2),
    (date(2026, 12, 7), 0.1),
    (date(2026, 10, 12), 0.2),
    (date(2026, 9, 14), 0.15),
    (date(2026, 6, 1), 0.15),
]
# Refresher (回炉) cohorts of people hired earlier, until the scheduled days reach the target.
REFRESHER_STARTS = [date(2026, 7, 6), date(2026, 8, 3), date(2026, 8, 31), date(2026, 10, 19), date(2026, 11, 2)]
REFRESHER_SIZE = 1000
MENTEES_PER_MENTOR = 9


@dataclass
class Portal:
    """Who and what the page benchmark looks at."""

    hr: User
    trainer: User
    mentor: Employee  # mentor of some of the big cohort's trainees
    trainee: Employee  # in the big cohort
    big: Cohort
    employees: int = 0
    scheduled_days: int = 0
    cohorts: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def _log(started: float, what: str) -> None:
    print(f"  {what} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)


def _people(count: int, tag: str, *, status: str, tier: str, roles: list[str]) -> list[Employee]:
    """`count` employees with logins and roles, as create_employee() would write them, in a few statements."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group, User

    from common.bulk import insert_rows
    from employees.models import Employee, PositionClass, Preference, StatusChange

    unusable = make_password(None)
    users = User.objects.bulk_create(
        [User(username=f"{tag}{i:05d}", first_name=f"{tag}员工{i}", password=unusable) for i in range(count)],
        batch_size=2000,
    )
    membership = User.groups.through
    for role in roles:
        group_id = Group.objects.get(name=role).pk
        insert_rows(membership, ["user_id", "group_id"], [(u.pk, group_id) for u in users])
    insert_rows(Preference, ["user_id"], [(u.pk,) for u in users])
    classes = PositionClass.values
    employees = Employee.objects.bulk_create(
        [
            Employee(
                user=user,
                employee_no=f"{tag}{i:05d}",
                name=f"员工{tag}{i}",
                phone=f"138{i:08d}",
                position_class=classes[i % len(classes)],
                tier=tier,
                status=status,
                hire_date=date(2026, 5, 1),
            )
            for i, user in enumerate(users)
        ],
        batch_size=2000,
    )
    insert_rows(
        StatusChange,
        ["employee_id", "from_status", "to_status", "reason"],
        [(e.pk, "", status, "Hired") for e in employees],
    )
    return employees


def fill(*, employees: int, days: int, big: int, seed: int = 2026) -> Portal:
    """Fill the database; `employees` in all (mentors included), `big` of them in the big cohort, and
    refresher cohorts until at least `days` scheduled days exist."""
    from django.contrib.auth.models import Group, User
    from django.db import connection
    from django.utils import timezone

    from assessments.models import (
        Attempt,
        PracticalAssessment,
        Rubric,
    )
    from common.bulk import insert_rows
    from employees.models import Employee, Status, StatusChange, Tier
    from employees.roles import Role
    from notifications.models import Notification
    from reports.models import Report, ReportKind, ReportStatus
    from training.models import Attendance, Cohort, Enrollment, ItemRecord, PlanItem, ScheduledDay, ShadowingLog
    from training.services import create_cohort, enroll

    rng = random.Random(seed)
    started = time.perf_counter()

    hr = User.objects.create_user("bench-hr", first_name="周敏", is_staff=True)
    hr.groups.add(Group.objects.get(name=Role.HR))
    trainers = []
    for i in range(6):
        trainer = User.objects.create_user(f"bench-trainer{i or ''}", first_name=f"培训师{i}", is_staff=True)
        trainer.groups.add(Group.objects.get(name=Role.TRAINER))
        trainers.append(trainer)

    mentor_count = max(1, employees // (MENTEES_PER_MENTOR + 1))
    mentors = _people(mentor_count, "M", status=Status.LIVE, tier=Tier.VETERAN, roles=[Role.MENTOR])
    hires = _people(
        employees - mentor_count, "H", status=Status.PRE_ONBOARDING, tier=Tier.NEW_HIRE, roles=[Role.TRAINEE]
    )
    for i, hire in enumerate(hires):
        hire.mentor = mentors[i % mentor_count]
    Employee.objects.bulk_update(hires, ["mentor"], batch_size=2000)
    _log(started, f"{employees} employees ({mentor_count} mentors)")

    def new_cohort(name: str, tier: str, start: date, trainer: User, members: list[Employee]) -> Cohort:
        cohort = create_cohort(name=name, tier=tier, start_date=start, trainers=[trainer], by=hr, location="三楼培训室")
        enroll(cohort=cohort, employees=members)
        return cohort

    big_members, rest = hires[:big], hires[big:]
    big_cohort = new_cohort("万人批·十一月", Tier.NEW_HIRE, BIG_START, trainers[0], big_members)
    _log(started, f"the big cohort: {big} members")
    finished_people: list[Employee] = []
    offset = 0
    for n, (start, share) in enumerate(NEW_HIRE_STARTS):
        size = round(len(rest) * share) if n < len(NEW_HIRE_STARTS) - 1 else len(rest) - offset
        members = rest[offset : offset + size]
        offset += size
        new_cohort(f"新人批 {start:%Y-%m-%d}", Tier.NEW_HIRE, start, trainers[1 + n % 5], members)
        if start < date(2026, 11, 1):
            finished_people.extend(members)
    total = ScheduledDay.objects.count()
    _log(started, f"new-hire cohorts: {total} scheduled days")
    # Refreshers: people whose training is over, 1,000 a cohort, before they (and the mentors) go live.
    pool = finished_people or rest
    n = 0
    while total < days:
        start = REFRESHER_STARTS[n % len(REFRESHER_STARTS)] + timedelta(weeks=n // len(REFRESHER_STARTS))
        members = [pool[(n * REFRESHER_SIZE + i) % len(pool)] for i in range(min(REFRESHER_SIZE, len(pool)))]
        Employee.objects.filter(pk__in=[m.pk for m in members]).update(status=Status.IN_TRAINING)
        for m in members:
            m.status = Status.IN_TRAINING
        new_cohort(f"回炉 {n + 1:02d} · {start:%m-%d}", Tier.VETERAN, start, trainers[1 + n % 5], members)
        total = ScheduledDay.objects.count()
        n += 1
    _log(started, f"{n} refresher cohorts: {total} scheduled days")

    finished_ids = [e.pk for e in finished_people]
    Employee.objects.filter(pk__in=finished_ids).update(status=Status.LIVE)
    insert_rows(
        StatusChange,
        ["employee_id", "from_status", "to_status", "reason", "phase_number", "day_number"],
        [(pk, Status.TRIAL_POST, Status.LIVE, "上岗签字", 6, 16) for pk in finished_ids],
    )
    eliminated = [e.pk for e in big_members[7::60]]
    Employee.objects.filter(pk__in=eliminated).update(status=Status.ELIMINATED)
    insert_rows(
        StatusChange,
        ["employee_id", "from_status", "to_status", "reason", "phase_number", "day_number", "changed_by_id"],
        [(pk, Status.IN_TRAINING, Status.ELIMINATED, "考试未通过", 2, 5, hr.pk) for pk in eliminated],
    )

    # Roll calls of the big cohort's days 1–8, and its exams, practicals, typing tests and shadowing logs.
    enrollments: list[Enrollment] = list(Enrollment.objects.filter(cohort=big_cohort).select_related("employee"))
    plan_items = list(
        PlanItem.objects.filter(template_id__in={e.plan_id for e in enrollments}, day_number__range=(1, 8))
    )
    marks = [Attendance.PRESENT] * 16 + [Attendance.LATE] * 2 + [Attendance.ABSENT, Attendance.LEAVE]
    records = [
        (e.pk, item.pk, rng.choice(marks), rng.random() < 0.9, trainers[0].pk)
        for e in enrollments
        for item in plan_items
        if item.template_id == e.plan_id and item.applies_to(e.employee.position_class)
    ]
    insert_rows(ItemRecord, ["enrollment_id", "item_id", "attendance", "completed", "recorded_by_id"], records)
    insert_rows(
        ShadowingLog,
        ["enrollment_id", "day_number", "mentor_id", "chats_observed", "score", "notes"],
        [
            (e.pk, d, e.employee.mentor_id, rng.randint(5, 30), rng.randint(2, 5), "")
            for e in enrollments
            for d in (4, 5, 7, 8)
        ],
    )
    _log(started, f"{len(records)} roll-call records")

    day8 = datetime(2026, 11, 25, 9, tzinfo=timezone.get_current_timezone())
    attempts = []
    for e, exam, number, _retaken in exam_sittings(enrollments, rng):
        percent = Decimal(rng.randint(40, 100))
        attempts.append(submitted_attempt(exam, e.employee, number, percent, day8 + timedelta(minutes=60 * number)))
    Attempt.objects.bulk_create(attempts, batch_size=5000)
    rubrics = list(Rubric.objects.all())
    PracticalAssessment.objects.bulk_create(
        (
            PracticalAssessment(
                rubric=rubric,
                employee=e.employee,
                assessor=trainers[0],
                percent=Decimal(rng.randint(50, 100)),
                passed=rng.random() < 0.8,
                comment="话术规范，响应及时",
            )
            for e in enrollments
            for rubric in rubrics
        ),
        batch_size=5000,
    )
    add_typing_results(enrollments, day8, rng)
    _log(started, f"{len(attempts)} exam attempts, practicals, typing tests")

    # Ten notifications a person (three unread), and reports HR and the trainer asked for.
    users = list(User.objects.values_list("pk", flat=True))
    now = timezone.now()
    insert_rows(
        Notification,
        ["user_id", "kind", "title", "body", "url", "created_at", "read_at"],
        [
            (
                pk,
                "daily_plan",
                f"第 {k} 天的安排",
                "09:00 三楼培训室",
                "/today/",
                now - timedelta(days=k),
                None if k < 3 else now,
            )
            for pk in users
            for k in range(10)
        ],
    )
    Report.objects.bulk_create(
        Report(
            kind=ReportKind.COHORT,
            params={"cohort_id": big_cohort.pk},
            title=f"{big_cohort.name} 报告 {k}",
            requested_by=hr if k % 2 else trainers[0],
            status=ReportStatus.DONE if k else ReportStatus.QUEUED,
            progress=100 if k else 0,
        )
        for k in range(40)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # statistics as autovacuum would have them
    _log(started, "filled")

    trainee = big_members[0]
    trainee.refresh_from_db()
    mentor = Employee.objects.get(pk=trainee.mentor_id)
    return Portal(
        hr=hr,
        trainer=trainers[0],
        mentor=mentor,
        trainee=trainee,
        big=big_cohort,
        employees=Employee.objects.count(),
        scheduled_days=ScheduledDay.objects.count(),
        cohorts=Cohort.objects.count(),
        counts={
            "roll-call records": ItemRecord.objects.count(),
            "exam attempts": Attempt.objects.count(),
            "notifications": Notification.objects.count(),
        },
    )
