"""Demo data: a running new-hire cohort, a finished one that crossed National Day, and a
veteran refresher group, with HR, trainers, mentors and trainees who can log in."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from employees.models import Employee, PositionClass, Status, StatusChange, Tier
from employees.roles import Role
from employees.services import assign_mentors, create_employee
from training.models import Attendance, PlanItem, ScheduledDay
from training.services import CheckOff, change_status, create_cohort, enroll, record_check_offs
from training.workdays import WorkCalendar

from . import _demo_onboarding
from ._demo_feeds import load as load_feeds
from ._demo_knowledge import load as load_knowledge
from ._demo_robots import load as load_robots

PASSWORD = "demo-pass-2026"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = [
    "芳",
    "伟",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
]
CLASSES = [PositionClass.PRE_SALE, PositionClass.IN_SALE, PositionClass.AFTER_SALE]


def _name(i: int) -> str:
    """A different name for each of the first 400 people (mentors are 40–45, trainees 0–27)."""
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7 + i // len(SURNAMES)) % len(GIVEN)]


class Command(BaseCommand):
    help = "Load demo cohorts and accounts (password for every demo account: demo-pass-2026)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--start",
            type=date.fromisoformat,
            help="Start date of the running new-hire cohort (default: day 5 is today).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if User.objects.filter(username="hr").exists():
            self.stdout.write("Demo data is already loaded.")
        else:
            with transaction.atomic():
                self._load(options.get("start"))
                # One hash for every demo account: hashing each password separately takes seconds.
                User.objects.filter(employee__isnull=False).update(password=make_password(PASSWORD))
        self._queue_todays_reminders()
        self._print_logins()

    def _queue_todays_reminders(self) -> None:
        """Queue today's reminders now rather than at their hour (08:00 plans, 10:00 grading backlog,
        17:00 exam eve), so that someone trying the portal sees them arrive as soon as `serve` starts
        the worker. Nobody gets one twice: the reminder log skips whoever already had today's."""
        from kombu.exceptions import OperationalError

        from notifications.tasks import send_daily_plans_task, send_exam_eve_reminders_task, send_grading_backlog_task

        try:
            for task in (send_daily_plans_task, send_grading_backlog_task, send_exam_eve_reminders_task):
                task.delay()
        except OperationalError as error:
            self.stderr.write(f"Today's reminders were not queued (the broker is unreachable: {error}).")
            return
        self.stdout.write(
            "Today's reminders are queued: the worker that `manage.py serve` starts delivers them "
            "(the bell at the top of each page)."
        )

    def _user(self, username: str, name: str, role: str, *, staff: bool = False) -> User:
        user = User.objects.create_user(username=username, password=PASSWORD, first_name=name, is_staff=staff)
        user.groups.add(Group.objects.get(name=role))
        return user

    def _load(self, start: date | None) -> None:
        today = timezone.localdate()
        calendar = WorkCalendar.load(since=today - timedelta(days=60))
        hr = self._user("hr", "周敏（HR）", Role.HR, staff=True)
        trainer = self._user("trainer", "李雪（培训师）", Role.TRAINER, staff=True)
        trainer2 = self._user("trainer2", "陈晨（培训师）", Role.TRAINER, staff=True)
        User.objects.create_superuser("admin", password=PASSWORD, first_name="系统管理员")

        mentors = []
        for i in range(6):
            mentor = create_employee(
                employee_no=f"M{1001 + i}",
                username="mentor" if i == 0 else None,
                name=_name(40 + i),
                position_class=CLASSES[i % 3],
                tier=Tier.VETERAN,
                hire_date=date(2023, 3, 1) + timedelta(days=40 * i),
                team="天猫旗舰店",
                roles=[Role.MENTOR],
                by=hr,
            )
            # Staff already at work before the portal: HR records them as live outside the training gates.
            change_status(employee=mentor, to_status=Status.LIVE, reason="在岗老员工", by=hr, override=True)
            mentors.append(mentor)

        # The running cohort: by default today is its fifth working day (the first shadowing day).
        if start is None:
            start = today
            for _ in range(4):
                start = calendar.previous_workday(start)
        running = create_cohort(
            name=f"{start.year}年{start.month}月新人批",
            tier=Tier.NEW_HIRE,
            start_date=start,
            trainers=[trainer],
            location="3 楼培训室 A",
            by=hr,
        )
        hires = self._hires(running, "N", 12, hr, username_first="trainee")
        assign_mentors(assignments={h: mentors[i % 6] for i, h in enumerate(hires)})
        enroll(cohort=running, employees=hires)  # the cohort has begun: they are in training
        self._roll_calls(running, upto=today - timedelta(days=1), by=trainer, absent_every=9)

        # A finished cohort whose plan crossed National Day 2026 (10-01..10-07 off, Saturday 10-10 worked).
        september = create_cohort(
            name="2026年9月新人批（跨国庆）",
            tier=Tier.NEW_HIRE,
            start_date=date(2026, 9, 28),
            trainers=[trainer2],
            location="3 楼培训室 B",
            by=hr,
        )
        old = self._hires(september, "S", 12, hr)
        assign_mentors(assignments={h: mentors[(i + 3) % 6] for i, h in enumerate(old)})
        enroll(cohort=september, employees=old)
        self._roll_calls(september, upto=min(today, date(2026, 10, 30)), by=trainer2, absent_every=7)
        old = list(Employee.objects.filter(pk__in=[h.pk for h in old]).order_by("employee_no"))
        # Each change on the plan day it happened: one left during the basics (day 3), one failed the
        # pass exam (day 9) and its retake (day 10), the others went to the trial post (day 11) and live (day 16).
        on_day = dict(
            ScheduledDay.objects.filter(enrollment__cohort=september, enrollment__employee=old[0]).values_list(
                "day_number", "date"
            )
        )
        for i, h in enumerate(old):
            if i == 4:
                self._change(h, Status.ELIMINATED, "过关考试两次未通过", hr, on_day[10])
            elif i == 9:
                self._change(h, Status.LEFT, "个人原因离职", hr, on_day[3])
            else:
                self._change(h, Status.TRIAL_POST, "过关考试通过", hr, on_day[11])
                self._change(h, Status.LIVE, "试岗合格，正式上线", hr, on_day[16])

        # A small veteran group on the 回炉 refresher, started two working days ago.
        vstart = calendar.previous_workday(calendar.previous_workday(today))
        veterans = create_cohort(
            name=f"{vstart.year}年{vstart.month}月老员工回炉",
            tier=Tier.VETERAN,
            start_date=vstart,
            trainers=[trainer2],
            location="5 楼会议室",
            by=hr,
        )
        group = self._hires(veterans, "V", 4, hr)
        Employee.objects.filter(pk__in=[v.pk for v in group]).update(status=Status.LIVE, hire_date=date(2024, 6, 1))
        enroll(cohort=veterans, employees=group)

        from ._demo_assessments import load as load_assessments

        load_assessments(september=september, running=running, trainer=trainer, trainer2=trainer2, mentors=mentors)
        from ._demo_coaching import load as load_coaching

        load_coaching(september=september, hr=hr, trainer=trainer2, mentors=mentors)
        _demo_onboarding.load(hr=hr, trainer=trainer)
        from ._demo_career import load as load_career

        load_career(hr=hr)
        from ._demo_kpi import load as load_kpi

        load_kpi(hr=hr)
        from ._demo_quality import load as load_quality

        load_quality(hr=hr, trainer=trainer, trainer2=trainer2)
        load_knowledge(hr=hr)
        from ._demo_wording import load as load_wording

        load_wording(trainer=trainer)
        from ._demo_replies import load as load_replies

        load_replies(trainer=trainer, trainee=User.objects.filter(username="trainee").first())
        from ._demo_dialogues import load as load_dialogues

        load_dialogues(running=running, september=september, trainer=trainer, trainer2=trainer2)
        load_feeds()
        load_robots(hr=hr, running=running)
        from ._demo_promotion import load as load_promotion

        load_promotion(hr=hr, trainer=trainer, trainer2=trainer2, mentors=mentors)

    def _change(self, employee: Employee, to_status: str, reason: str, by: User, on: date) -> None:
        """A status change recorded on the evening of the day it happened. The finished cohort's trial
        posts and go-lives passed their gates: its passed exams and sign-offs are written afterwards."""
        change = change_status(
            employee=employee,
            to_status=to_status,
            reason=reason,
            by=by,
            on=on,
            through_gate=to_status in (Status.TRIAL_POST, Status.LIVE),
        )
        evening = timezone.make_aware(datetime.combine(on, time(18, 0)))
        StatusChange.objects.filter(pk=change.pk).update(changed_at=evening)

    def _hires(
        self, cohort: Any, prefix: str, count: int, hr: User, username_first: str | None = None
    ) -> list[Employee]:
        base = {"N": 0, "S": 12, "V": 24}[prefix]
        tier = cohort.tier
        return [
            create_employee(
                employee_no=f"{prefix}{cohort.start_date:%y%m}{i + 1:03d}",
                username=username_first if (i == 0 and username_first) else None,
                name=_name(base + i),
                phone=f"138{cohort.start_date:%m%d}{i + 1:04d}",
                position_class=CLASSES[i % 3],
                tier=tier,
                hire_date=cohort.start_date,
                team="天猫旗舰店" if i % 2 else "抖音小店",
                by=hr,
            )
            for i in range(count)
        ]

    def _roll_calls(self, cohort: Any, *, upto: date, by: User, absent_every: int) -> None:
        """Mark the past days: mostly present, now and then late, absent or on leave."""
        marks = [Attendance.PRESENT] * 6 + [Attendance.LATE]
        check_offs = []
        rows = ScheduledDay.objects.filter(enrollment__cohort=cohort, date__lte=upto, day_number__gte=1).select_related(
            "enrollment__employee"
        )
        items = list(PlanItem.objects.filter(template__enrollments__cohort=cohort).distinct())
        for n, row in enumerate(rows):
            for item in items:
                if item.template_id != row.enrollment.plan_id or item.day_number != row.day_number:
                    continue
                if not item.applies_to(row.enrollment.employee.position_class):
                    continue
                attendance = Attendance.ABSENT if n % absent_every == absent_every - 1 else marks[n % len(marks)]
                check_offs.append(
                    CheckOff(
                        enrollment_id=row.enrollment_id,
                        item_id=item.id,
                        attendance=attendance,
                        completed=attendance != Attendance.ABSENT,
                    )
                )
        record_check_offs(check_offs=check_offs, by=by)

    def _print_logins(self) -> None:
        trainee = Employee.objects.filter(user__username="trainee").first()
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {PASSWORD}):"))
        for role, username in [
            ("HR", "hr"),
            ("trainer / 培训师", "trainer"),
            ("mentor / 师傅", "mentor"),
            ("trainee / 新员工", "trainee"),
            ("new hire before day 1 / 入职准备中", "newhire"),
            ("superuser", "admin"),
        ]:
            self.stdout.write(f"  {role:<18} {username}")
        if trainee:
            self.stdout.write(f"  other trainees log in with their employee number, e.g. {trainee.employee_no[:-3]}002")
