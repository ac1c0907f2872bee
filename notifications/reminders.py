"""The scheduled reminders: today's plan (08:00), unfinished roll calls and shadowing logs (18:00),
exams on the next working day (17:00), the grading backlog (10:00) and the weekly HR report
(Monday 09:00).

Each service takes the date it is about and returns how many notifications it created. People are
read in batches of `batch_size` with a fixed number of queries per batch (keyset pages by id), and
delivered through `notifications.deliver`, which skips whoever already had the reminder: running a
service twice, or on two workers at once, sends nothing the second time.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar

from django.contrib.auth.models import User
from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.exams import pending_answers
from assessments.models import Attempt, Exam, Retake
from employees.models import Employee, Status
from employees.roles import Role
from reports.models import Report, ReportStatus
from reports import services as reports
from training.models import Cohort, ItemRecord, Leader, Method, PlanItem, ScheduledDay, ShadowingLog
from training.selectors import leader_name
from training.workdays import WorkCalendar

from .models import ReminderLog
from .services import Draft, Kind, Writer, deliver

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# Trainees who still follow a plan; live, eliminated and left employees get no plan reminders.
FOLLOWING_PLAN = (Status.PRE_ONBOARDING, Status.IN_TRAINING, Status.TRIAL_POST)
# Sessions listed in the 08:00 reminder; the rest are counted ("and 2 more").
LISTED_SESSIONS = 3

M = TypeVar("M", bound=Model)


def pages(queryset: QuerySet[M], size: int) -> Iterator[list[M]]:
    """The rows of `queryset` in pages of `size`, ordered by id, one query a page (keyset
    pagination: later pages do not get slower, and rows written meanwhile do not shift them)."""
    last = 0
    while True:
        page = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if page:
            yield page
        if len(page) < size:
            return
        last = page[-1].pk


def short_date(day: date) -> str:
    """11月19日 / November 19, in the active language."""
    return date_format(day, "MONTH_DAY_FORMAT")


def session_line(item: PlanItem, *, location: str, leader: str) -> str:
    """09:00–12:00 破冰 · 培训室 A · 李雪"""
    if item.start_time and item.end_time:
        when = f"{item.start_time:%H:%M}–{item.end_time:%H:%M}"
    elif item.start_time:
        when = f"{item.start_time:%H:%M}"
    else:
        when = ""
    return " · ".join(part for part in (f"{when} {item.topic}".strip(), location, leader) if part)


def items_on(on: date) -> dict[tuple[int, int], list[PlanItem]]:
    """The plan items of every (plan, day number) someone does on `on`, in day order (one query)."""
    used = ScheduledDay.objects.filter(
        date=on, enrollment__plan_id=OuterRef("template_id"), day_number=OuterRef("day_number")
    )
    items: dict[tuple[int, int], list[PlanItem]] = defaultdict(list)
    for item in PlanItem.objects.filter(Exists(used)).order_by("day_number", "order", "start_time", "id"):
        items[(item.template_id, item.day_number)].append(item)
    return items


# --- 08:00 today's plan ----------------------------------------------------------------------


def send_daily_plans(*, on: date, batch_size: int = BATCH_SIZE) -> int:
    """Every trainee with a plan day on `on` who still follows a plan gets today's sessions (times,
    place, who leads) and a link to /today/. Two queries up front (the day's items, the cohorts'
    trainers), then per batch: scheduled days with trainee, mentor and cohort, and `deliver`."""
    items = items_on(on)
    trainers = _trainer_names(on)
    url = reverse("today")
    scheduled = ScheduledDay.objects.filter(
        date=on, enrollment__employee__status__in=FOLLOWING_PLAN, enrollment__employee__user__is_active=True
    ).select_related("enrollment__employee__mentor", "enrollment__cohort")
    sent = 0
    for page in pages(scheduled, batch_size):
        drafts = []
        for s in page:
            employee = s.enrollment.employee
            day_items = [
                i for i in items.get((s.enrollment.plan_id, s.day_number), []) if i.applies_to(employee.position_class)
            ]
            drafts.append(
                Draft(
                    user_id=employee.user_id,
                    kind=Kind.DAILY_PLAN,
                    day=on,
                    url=url,
                    write=_daily_plan_writer(
                        on=on,
                        day_number=s.day_number,
                        employee=employee,
                        cohort=s.enrollment.cohort,
                        items=day_items,
                        trainer_names=trainers.get(s.enrollment.cohort_id, ""),
                    ),
                )
            )
        sent += len(deliver(drafts))
    return sent


def _trainer_names(on: date) -> dict[int, str]:
    """Cohort id → its trainers' names, for the cohorts with someone scheduled on `on` (one query)."""
    through = Cohort.trainers.through
    cohorts = ScheduledDay.objects.filter(date=on).values("enrollment__cohort_id")
    names: dict[int, list[str]] = defaultdict(list)
    for link in through.objects.filter(cohort_id__in=cohorts).select_related("user").order_by("user_id"):
        names[link.cohort_id].append(link.user.get_full_name() or link.user.get_username())
    return {cohort_id: "、".join(people) for cohort_id, people in names.items()}


def _daily_plan_writer(
    *, on: date, day_number: int, employee: Employee, cohort: Cohort, items: list[PlanItem], trainer_names: str
) -> Writer:
    def write() -> tuple[str, str]:
        if day_number == 0:
            title = _("Before your first day, %(date)s: preparation") % {"date": short_date(on)}
        else:
            title = _("Today's plan, %(date)s: day %(day)s") % {"date": short_date(on), "day": day_number}
        lines = [
            session_line(
                item,
                location=item.location or cohort.location,
                leader=leader_name(item, employee=employee, trainer_names=trainer_names),
            )
            for item in items[:LISTED_SESSIONS]
        ]
        more = len(items) - LISTED_SESSIONS
        if more > 0:
            lines.append(
                ngettext("…and %(count)d more session.", "…and %(count)d more sessions.", more) % {"count": more}
            )
        if not items:
            lines.append(_("No sessions are planned for you today. Open the portal for details."))
        return title, "\n".join(lines)

    return write


# --- 18:00 roll calls and shadowing logs -----------------------------------------------------


@dataclass
class _Gaps:
    """What is missing in one cohort on one date."""

    trainees: int = 0
    sessions: int = 0


@dataclass
class _Mentee:
    name: str
    cohort_id: int
    cohort_name: str
    day_number: int


@dataclass
class _CheckOffState:
    gaps: dict[int, _Gaps] = field(default_factory=lambda: defaultdict(_Gaps))
    cohort_names: dict[int, str] = field(default_factory=dict)
    mentees: dict[int, list[_Mentee]] = field(default_factory=lambda: defaultdict(list))  # mentor user id →


def send_check_off_reminders(*, on: date, batch_size: int = BATCH_SIZE) -> int:
    """Each trainer of a cohort whose trainees have sessions on `on` without attendance gets one
    reminder naming the cohorts and counts, linking to the roll call; each mentor whose mentee
    had a mentor-led shadowing day without a shadowing log gets one too. Nothing when all is
    recorded. One query for the day's items, three per batch of trainees (scheduled days,
    records, logs), one for the trainers, then `deliver` per batch of recipients."""
    items = items_on(on)
    state = _CheckOffState()
    scheduled = ScheduledDay.objects.filter(date=on, enrollment__employee__status__in=FOLLOWING_PLAN).select_related(
        "enrollment__employee__mentor", "enrollment__cohort"
    )
    for page in pages(scheduled, batch_size):
        _collect_gaps(page, items, state)
    drafts = _trainer_drafts(on, state) + _mentor_drafts(on, state)
    return sum(len(deliver(drafts[i : i + batch_size])) for i in range(0, len(drafts), batch_size))


def _collect_gaps(
    page: list[ScheduledDay], items: dict[tuple[int, int], list[PlanItem]], state: _CheckOffState
) -> None:
    enrollment_ids = [s.enrollment_id for s in page]
    day_numbers = {s.day_number for s in page}
    recorded = set(
        ItemRecord.objects.filter(enrollment_id__in=enrollment_ids, item__day_number__in=day_numbers)
        .exclude(attendance="")
        .values_list("enrollment_id", "item_id")
    )
    logged = set(
        ShadowingLog.objects.filter(enrollment_id__in=enrollment_ids, day_number__in=day_numbers).values_list(
            "enrollment_id", "day_number"
        )
    )
    for s in page:
        employee, cohort = s.enrollment.employee, s.enrollment.cohort
        day_items = [
            i for i in items.get((s.enrollment.plan_id, s.day_number), []) if i.applies_to(employee.position_class)
        ]
        missing = sum(1 for i in day_items if (s.enrollment_id, i.pk) not in recorded)
        if missing:
            state.gaps[cohort.pk].trainees += 1
            state.gaps[cohort.pk].sessions += missing
            state.cohort_names[cohort.pk] = cohort.name
        shadowing = any(i.leader == Leader.MENTOR and i.method == Method.SHADOWING for i in day_items)
        if shadowing and employee.mentor is not None and (s.enrollment_id, s.day_number) not in logged:
            state.mentees[employee.mentor.user_id].append(
                _Mentee(name=employee.name, cohort_id=cohort.pk, cohort_name=cohort.name, day_number=s.day_number)
            )


def _trainer_drafts(on: date, state: _CheckOffState) -> list[Draft]:
    if not state.gaps:
        return []
    cohorts_of: dict[int, list[int]] = defaultdict(list)
    for link in Cohort.trainers.through.objects.filter(cohort_id__in=list(state.gaps)).order_by("cohort_id"):
        cohorts_of[link.user_id].append(link.cohort_id)
    drafts = []
    for user_id, cohort_ids in cohorts_of.items():
        # The link opens the roll call with the most sessions left; the message names them all.
        cohort_ids.sort(key=lambda pk: (-state.gaps[pk].sessions, state.cohort_names[pk]))
        rows = [(state.cohort_names[pk], state.gaps[pk].trainees, state.gaps[pk].sessions) for pk in cohort_ids]
        drafts.append(
            Draft(
                user_id=user_id,
                kind=Kind.CHECK_OFF,
                day=on,
                url=reverse("roll_call", args=[cohort_ids[0], on.isoformat()]),
                write=_check_off_writer(on, rows),
            )
        )
    return drafts


def _check_off_writer(on: date, rows: list[tuple[str, int, int]]) -> Writer:
    def write() -> tuple[str, str]:
        title = _("Roll call not finished for %(date)s") % {"date": short_date(on)}
        lines = [
            _("%(cohort)s: %(sessions)s without attendance (%(trainees)s)")
            % {
                "cohort": name,
                "sessions": ngettext("%(count)d session", "%(count)d sessions", sessions) % {"count": sessions},
                "trainees": ngettext("%(count)d trainee", "%(count)d trainees", trainees) % {"count": trainees},
            }
            for name, trainees, sessions in rows
        ]
        return title, "\n".join(lines)

    return write


def _mentor_drafts(on: date, state: _CheckOffState) -> list[Draft]:
    drafts = []
    for user_id, mentees in state.mentees.items():
        mentees.sort(key=lambda m: (m.cohort_name, m.name))
        drafts.append(
            Draft(
                user_id=user_id,
                kind=Kind.SHADOWING_LOG,
                day=on,
                url=reverse("roll_call", args=[mentees[0].cohort_id, on.isoformat()]),
                write=_mentor_writer(on, mentees),
            )
        )
    return drafts


def _mentor_writer(on: date, mentees: list[_Mentee]) -> Writer:
    def write() -> tuple[str, str]:
        title = _("Shadowing log missing for %(date)s") % {"date": short_date(on)}
        lines = [
            _("%(name)s · %(cohort)s · day %(day)s") % {"name": m.name, "cohort": m.cohort_name, "day": m.day_number}
            for m in mentees
        ]
        return title, "\n".join(lines)

    return write


# --- 17:00 exams on the next working day -----------------------------------------------------


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
        exams[(exam.item.template_id, exam.item.day_number)].append(exam)
    candidates: list[tuple[Employee, Exam, bool]] = []  # (trainee, exam, retake?)
    has_exam = Exam.objects.filter(
        is_active=True, item__template_id=OuterRef("enrollment__plan_id"), item__day_number=OuterRef("day_number")
    )
    scheduled = (
        ScheduledDay.objects.filter(date=exam_day, enrollment__employee__status__in=FOLLOWING_PLAN)
        .filter(Exists(has_exam))
        .select_related("enrollment__employee")
    )
    retakes = Retake.objects.filter(
        date=exam_day, exam__is_active=True, employee__status__in=FOLLOWING_PLAN
    ).select_related("exam", "employee")
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
            row = standing.get((employee.pk, exam.pk), {})
            if row.get("passes"):
                continue
            left = max(exam.max_attempts - row.get("used", 0), 0)
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


# --- 10:00 grading backlog -------------------------------------------------------------------


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


# --- Monday 09:00 weekly HR report -----------------------------------------------------------


def week_before(on: date) -> date:
    """The Monday of the week before the one `on` falls in (on a Monday: seven days earlier)."""
    return on - timedelta(days=on.weekday() + 7)


def send_weekly_hr_report(*, on: date, batch_size: int = BATCH_SIZE) -> int:
    """Build last week's HR report once and tell every HR user, once, where to download it. A
    report already built for that week is reused (a retried run does not build a second one);
    when every HR user has been told, nothing is built at all."""
    week_start = week_before(on)
    hr_ids = list(
        User.objects.filter(groups__name=Role.HR, is_active=True).order_by("pk").values_list("pk", flat=True).distinct()
    )
    told = set(
        ReminderLog.objects.filter(kind=Kind.WEEKLY_REPORT, day=week_start, subject="", user_id__in=hr_ids).values_list(
            "user_id", flat=True
        )
    )
    if not hr_ids or told >= set(hr_ids):
        return 0
    params = {"week_start": week_start.isoformat()}
    report = (
        Report.objects.filter(kind="weekly", params__week_start=params["week_start"], status=ReportStatus.DONE)
        .order_by("-requested_at")
        .first()
    )
    if report is None:
        report = reports.request_report(kind="weekly", params=params, user=None)
        reports.build_report(report.pk)
        report.refresh_from_db()
    if report.status != ReportStatus.DONE:
        logger.warning("Weekly report %s for %s was not built (%s): nobody told", report.pk, week_start, report.status)
        return 0
    url = reverse("report_download", args=[report.pk])
    drafts = [
        Draft(user_id=pk, kind=Kind.WEEKLY_REPORT, day=week_start, url=url, write=_weekly_writer(week_start))
        for pk in hr_ids
        if pk not in told
    ]
    return sum(len(deliver(drafts[i : i + batch_size])) for i in range(0, len(drafts), batch_size))


def _weekly_writer(week_start: date) -> Writer:
    def write() -> tuple[str, str]:
        week_end = week_start + timedelta(days=6)
        values = {"start": short_date(week_start), "end": short_date(week_end)}
        title = _("Weekly HR report %(start)s – %(end)s") % values
        body = _("Last week's training report is ready to download.")
        return title, body

    return write
