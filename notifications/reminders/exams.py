"""17:00: exams and retakes on the next working day, to the trainees who sit them; 10:00: the grading
backlog, to the trainers and HR."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.contrib.auth.models import User
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.exams import pending_answers
from assessments.models import Attempt, Exam
from assessments.selectors import outstanding_retakes
from employees.models import Employee
from employees.roles import Role
from training.models import Enrollment, ScheduledDay
from training.workdays import WorkCalendar

from ..services import Draft, Kind, Writer, deliver
from .shared import BATCH_SIZE, FOLLOWING_PLAN_STATES, pages, short_date


def next_working_day(on: date) -> date:
    return WorkCalendar.load(since=on).next_workday(on, include=False)


def send_exam_eve_reminders(*, on: date, batch_size: int = BATCH_SIZE) -> int:
    """Trainees whose next working day after `on` has an exam of their plan (an exam hanging on a
    plan item of that day's number) or a retake, and who have not passed that exam, get its title,
    time limit and attempts left with a link to /exams/<code>/. The reminder is logged on the exam
    date with the exam code, so a weekend run does not repeat Friday's. Three queries up front
    (calendar, exams), then two per batch: trainees and their attempts."""
    exam_day = next_working_day(on)
    exams: dict[tuple[int, int], list[Exam]] = defaultdict(list)
    for exam in Exam.objects.filter(is_active=True, item__isnull=False).select_related("item").order_by("title"):
        assert exam.item is not None  # item__isnull=False
        exams[(exam.item.template_id, exam.item.day_number)].append(exam)
    candidates: list[tuple[Employee, Exam, bool]] = []  # (trainee, exam, retake?)
    has_exam = Exam.objects.filter(
        is_active=True, item__template_id=OuterRef("enrollment__plan_id"), item__day_number=OuterRef("day_number")
    )
    scheduled = (
        ScheduledDay.objects.filter(date=exam_day, enrollment__state__in=FOLLOWING_PLAN_STATES)
        .filter(Exists(has_exam))
        .select_related("enrollment__employee")
    )
    # Only retakes still to be sat: none after the last attempt, none already sat or passed; of people with a
    # training still followed.
    in_training = Enrollment.objects.filter(employee_id=OuterRef("employee_id"), state__in=FOLLOWING_PLAN_STATES)
    retakes = (
        outstanding_retakes()
        .filter(Exists(in_training), date=exam_day, exam__is_active=True)
        .select_related("exam", "employee")
    )
    sent = 0

    def flush() -> int:
        employee_ids = {e.pk for e, _x, _r in candidates}
        standing = {
            (row["employee_id"], row["exam_id"]): row
            for row in Attempt.objects.filter(
                employee_id__in=employee_ids, exam_id__in={x.pk for _e, x, _r in candidates}, is_practice=False
            )
            .values("employee_id", "exam_id")
            .annotate(used=Count("id"), passes=Count("id", filter=Q(passed=True)))
        }
        drafts = []
        for employee, exam, retake in candidates:
            row = standing.get((employee.pk, exam.pk))  # None: not sat yet
            if row and row["passes"]:
                continue
            left = max(exam.max_attempts - (row["used"] if row else 0), 0)
            if left == 0:
                continue
            drafts.append(
                Draft(
                    user_id=employee.user_id,
                    kind=Kind.EXAM_EVE,
                    day=exam_day,
                    subject=exam.code,
                    url=reverse("exam_detail", args=[exam.code]),
                    write=_exam_writer(exam_day, exam, left, retake=retake),
                )
            )
        candidates.clear()
        return len(deliver(drafts))

    for page in pages(scheduled, batch_size):
        for s in page:
            employee = s.enrollment.employee
            for exam in exams.get((s.enrollment.plan_id, s.day_number), []):
                assert exam.item is not None  # `exams` holds exams with an item only
                if exam.item.applies_to(employee.position_class):
                    candidates.append((employee, exam, False))
        sent += flush()
    for retake_page in pages(retakes, batch_size):
        candidates.extend((r.employee, r.exam, True) for r in retake_page)
        sent += flush()
    return sent


def _exam_writer(exam_day: date, exam: Exam, attempts_left: int, *, retake: bool) -> Writer:
    def write() -> tuple[str, str]:
        values = {"date": short_date(exam_day), "exam": exam.title}
        template = _("Retake on %(date)s: %(exam)s") if retake else _("Exam on %(date)s: %(exam)s")
        title = template % values
        lines = []
        if not retake and exam.item and exam.item.start_time:
            lines.append(_("Starts at %(time)s.") % {"time": f"{exam.item.start_time:%H:%M}"})
        lines.append(
            _("Time limit %(minutes)s minutes, pass mark %(mark)s%%.")
            % {"minutes": exam.time_limit_minutes, "mark": exam.pass_mark}
        )
        lines.append(
            ngettext("You have %(count)d attempt left.", "You have %(count)d attempts left.", attempts_left)
            % {"count": attempts_left}
        )
        return title, "\n".join(lines)

    return write


class _EveryGrader:
    """`pending_answers()` gives a superuser every pending answer: the queue HR sees."""

    is_superuser = True
    is_authenticated = True


def send_grading_backlog(*, on: date, batch_size: int = BATCH_SIZE) -> int:
    """Each trainer with short answers waiting in the cohorts they train, and each HR user when
    any answer waits, gets the count and a link to the grading queue. Nothing when none waits.
    Three queries (HR's total, every trainer's count, who holds which role) and `deliver`."""
    everything = pending_answers(_EveryGrader())  # type: ignore[arg-type]
    total = everything.count()
    if not total:
        return 0
    trainer = "attempt__employee__enrollments__cohort__trainers"
    per_trainer = {
        row[trainer]: row["n"]
        for row in everything.filter(**{f"{trainer}__isnull": False})
        .order_by()
        .values(trainer)
        .annotate(n=Count("id", distinct=True))
    }
    counts: dict[int, int] = {}
    for user_id, role in (
        User.groups.through.objects.filter(group__name__in=[Role.HR, Role.TRAINER], user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", "group__name")
    ):
        count = total if role == Role.HR else per_trainer.get(user_id, 0)
        if count:
            counts[user_id] = max(count, counts.get(user_id, 0))
    url = reverse("admin:assessments_shortanswerpending_changelist")
    drafts = [
        Draft(user_id=user_id, kind=Kind.GRADING_BACKLOG, day=on, url=url, write=_grading_writer(count))
        for user_id, count in counts.items()
    ]
    return sum(len(deliver(drafts[i : i + batch_size])) for i in range(0, len(drafts), batch_size))


def _grading_writer(count: int) -> Writer:
    def write() -> tuple[str, str]:
        title = ngettext("%(count)d short answer to grade", "%(count)d short answers to grade", count) % {
            "count": count
        }
        body = _("Trainees are waiting for their results. Open the grading queue to score them.")
        return title, body

    return write
