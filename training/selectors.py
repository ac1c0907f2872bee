"""Read models for pages: a trainee's day and week, cohort progress, the calendar grid, roll calls.

Each function loads what its page needs in a fixed number of queries, whatever the number of
trainees, days or items.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _

from employees.models import Employee, Status
from employees.permissions import mentees_of

from .models import (
    ACTIVE_STATES,
    Attendance,
    CalendarDay,
    Cohort,
    Enrollment,
    ItemRecord,
    Leader,
    Method,
    Phase,
    PlanItem,
    ScheduledDay,
    ShadowingLog,
    following_plan_on,
)
from .workdays import WorkCalendar

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise, WithAnnotations


@dataclass
class Position:
    enrollment: Enrollment
    day_number: int
    phase: Phase | None
    total_days: int

    @property
    def phase_number(self) -> int | None:
        return self.phase.number if self.phase else None


@dataclass
class ItemView:
    item: PlanItem
    leader_name: str
    location: str
    record: ItemRecord | None = None

    @property
    def is_exam(self) -> bool:
        return self.item.method == Method.EXAM


@dataclass
class DayView:
    date: date
    day_number: int
    phase: Phase | None
    items: list[ItemView]

    @property
    def has_exam(self) -> bool:
        return any(i.is_exam for i in self.items)


@dataclass
class TraineePlan:
    """Everything about one trainee's plan, loaded once, from which a day or a week is cut."""

    employee: Employee
    enrollment: Enrollment
    days: list[DayView]  # in date order
    total_days: int
    trainer_names: str

    def day_on(self, on: date) -> DayView | None:
        return next((d for d in self.days if d.date == on), None)

    def next_after(self, on: date) -> DayView | None:
        return next((d for d in self.days if d.date > on), None)

    def next_exam_after(self, on: date, *, include: bool = False) -> DayView | None:
        return next((d for d in self.days if (d.date >= on if include else d.date > on) and d.has_exam), None)

    def progress_percent(self, on: date) -> int:
        done = sum(1 for d in self.days if d.day_number >= 1 and d.date <= on)
        return round(100 * done / self.total_days) if self.total_days else 0

    @property
    def first_day(self) -> DayView | None:
        return next((d for d in self.days if d.day_number >= 1), None)

    @property
    def last_day(self) -> DayView | None:
        return self.days[-1] if self.days else None


def phase_for(phases: list[Phase], day_number: int) -> Phase | None:
    return next((p for p in phases if p.first_day <= day_number <= p.last_day), None)


def follows_plan_on(enrollment: Enrollment, on: date) -> bool:
    """The enrollment's plan is followed on `on` (as ``training.models.following_plan_on`` filters)."""
    return enrollment.state in ACTIVE_STATES or (enrollment.ended_on is not None and enrollment.ended_on > on)


def active_enrollment(employee: Employee, on: date) -> Enrollment | None:
    """The training the employee follows on `on`, whatever their employment status (a live veteran's refresher
    too): of the enrollments followed that day, the latest that has started, or else the soonest to start. With
    none, the latest that ended, so a finished trainee still finds their plan and how it ended."""
    enrollments = list(
        Enrollment.objects.filter(employee=employee)
        .select_related("cohort", "plan")
        .order_by("cohort__start_date", "pk")
    )
    following = [e for e in enrollments if follows_plan_on(e, on)]
    started = [e for e in following if e.cohort.start_date <= on]
    if started:
        return started[-1]
    if following:
        return following[0]
    ended = sorted((e for e in enrollments if e.ended_on is not None), key=lambda e: (e.ended_on, e.cohort.start_date))
    return ended[-1] if ended else None


def leader_name(item: PlanItem, *, employee: Employee, trainer_names: str) -> str:
    if item.leader == Leader.MENTOR:
        return employee.mentor.name if employee.mentor else _("Mentor not assigned yet")
    if item.leader == Leader.SELF:
        return _("Self-study")
    return trainer_names or _("Trainer to be named")


def load_trainee_plan(employee: Employee, on: date) -> TraineePlan | None:
    enrollment = active_enrollment(employee, on)
    if enrollment is None:
        return None
    cohort = enrollment.cohort
    scheduled = list(ScheduledDay.objects.filter(enrollment=enrollment).order_by("date", "day_number"))
    phases = list(Phase.objects.filter(template_id=enrollment.plan_id).order_by("first_day"))
    items = [
        item
        for item in PlanItem.objects.filter(template_id=enrollment.plan_id).prefetch_related("attachments")
        if item.applies_to(employee.position_class)
    ]
    records = {r.item_id: r for r in ItemRecord.objects.filter(enrollment=enrollment)}
    trainer_names = "、".join(u.get_full_name() or u.username for u in cohort.trainers.all())
    by_day: dict[int, list[PlanItem]] = defaultdict(list)
    for item in items:
        by_day[item.day_number].append(item)
    days = [
        DayView(
            date=s.date,
            day_number=s.day_number,
            phase=phase_for(phases, s.day_number),
            items=[
                ItemView(
                    item=item,
                    leader_name=leader_name(item, employee=employee, trainer_names=trainer_names),
                    location=item.location or cohort.location,
                    record=records.get(item.id),
                )
                for item in by_day.get(s.day_number, [])
            ],
        )
        for s in scheduled
    ]
    total = max((p.last_day for p in phases), default=0)
    return TraineePlan(
        employee=employee, enrollment=enrollment, days=days, total_days=total, trainer_names=trainer_names
    )


def current_position(*, employee: Employee, on: date) -> Position | None:
    """Where the employee stands in their plan on a date: the last plan day on or before it."""
    enrollment = active_enrollment(employee, on)
    if enrollment is None:
        return None
    last = ScheduledDay.objects.filter(enrollment=enrollment, date__lte=on).order_by("-date").first()
    if last is None:
        return None
    phases = list(Phase.objects.filter(template_id=enrollment.plan_id))
    total = max((p.last_day for p in phases), default=0)
    return Position(
        enrollment=enrollment, day_number=last.day_number, phase=phase_for(phases, last.day_number), total_days=total
    )


def day_off_name(on: date) -> StrOrPromise:
    """Why a date is not a working day: the holiday's name, or '' for an ordinary weekend."""
    calendar = WorkCalendar(overrides={r.date: r for r in CalendarDay.objects.filter(date=on)}, table_years=set())
    if calendar.is_workday(on):
        return ""
    return calendar.day_name(on) or (_("Weekend") if on.weekday() >= 5 else _("Day off"))


def is_workday(on: date) -> bool:
    calendar = WorkCalendar(overrides={r.date: r for r in CalendarDay.objects.filter(date=on)}, table_years=set())
    return calendar.is_workday(on)


def week_of(on: date) -> list[date]:
    monday = on - timedelta(days=on.weekday())
    return [monday + timedelta(days=i) for i in range(7)]


# --- Cohorts -----------------------------------------------------------------------------------


class CohortProgressCounts(TypedDict):
    """What ``cohorts_with_progress`` puts on each cohort."""

    member_count: int
    eliminated_count: int
    days_total: int
    days_reached: int
    current_day: int | None  # the highest plan day scheduled on or before today (None: not begun)
    last_day: int | None  # the highest plan day scheduled at all (None: nobody enrolled)


def cohorts_with_progress(
    cohorts: Iterable[Cohort], today: date
) -> list[WithAnnotations[Cohort, CohortProgressCounts]]:
    """Member counts and the share of scheduled trainee-days already reached, for the cohorts given (a
    page of them), in two aggregate queries whatever the number of members: the enrollments and the
    scheduled days of those cohorts, each grouped by cohort. (Subqueries per cohort beside a join on the
    enrollments made PostgreSQL count a cohort's scheduled days once per member: 25 s at 1,500 members.)
    The scheduled days are read from the index ``scheduledday_progress`` alone."""
    rows = list(cohorts)
    ids = [c.pk for c in rows]
    members: dict[int, dict[str, Any]] = {
        r["cohort_id"]: dict(r)
        for r in Enrollment.objects.filter(cohort_id__in=ids)
        .order_by()
        .values("cohort_id")
        .annotate(n=Count("id"), eliminated=Count("id", filter=Q(employee__status=Status.ELIMINATED)))
    }
    days: dict[int, dict[str, Any]] = {
        r["enrollment__cohort_id"]: dict(r)
        for r in ScheduledDay.objects.filter(enrollment__cohort_id__in=ids)
        .order_by()
        .values("enrollment__cohort_id")
        .annotate(
            total=Count("id", filter=Q(day_number__gte=1)),
            reached=Count("id", filter=Q(day_number__gte=1, date__lte=today)),
            current=Max("day_number", filter=Q(date__lte=today)),
            last=Max("day_number"),
        )
    }
    for cohort in rows:
        m = members.get(cohort.pk, {})
        d = days.get(cohort.pk, {})
        cohort.member_count = m.get("n", 0)  # type: ignore[attr-defined]
        cohort.eliminated_count = m.get("eliminated", 0)  # type: ignore[attr-defined]
        cohort.days_total = d.get("total", 0)  # type: ignore[attr-defined]
        cohort.days_reached = d.get("reached", 0)  # type: ignore[attr-defined]
        cohort.current_day = d.get("current")  # type: ignore[attr-defined]
        cohort.last_day = d.get("last")  # type: ignore[attr-defined]
    return cast("list[WithAnnotations[Cohort, CohortProgressCounts]]", rows)


@dataclass
class CalendarCell:
    day_number: int | None
    state: str  # future, done, present, late, absent, leave, unrecorded, off
    label: str = ""


@dataclass
class CalendarRow:
    enrollment: Enrollment
    cells: list[CalendarCell] = field(default_factory=list)


def calendar_members(cohort: Cohort) -> QuerySet[Enrollment]:
    """The rows of the cohort calendar, in their order (the page cuts a slice of them)."""
    return cohort.enrollments.select_related("employee", "employee__mentor").order_by("employee__employee_no")


def cohort_calendar(
    cohort: Cohort, today: date, *, enrollments: Iterable[Enrollment] | None = None
) -> tuple[list[date], list[CalendarRow]]:
    """Days × trainees (every member, or the `enrollments` given: a page of them). A cell is coloured by the
    trainee's attendance that day."""
    enrollments = list(calendar_members(cohort) if enrollments is None else enrollments)
    ids = [e.pk for e in enrollments]
    scheduled = ScheduledDay.objects.filter(enrollment_id__in=ids).values_list("enrollment_id", "day_number", "date")
    by_enrollment: dict[int, dict[date, int]] = defaultdict(dict)
    dates: set[date] = set()
    for enrollment_id, day_number, on in scheduled:
        by_enrollment[enrollment_id][on] = day_number
        dates.add(on)
    marks: dict[tuple[int, int], list[str]] = defaultdict(list)
    for enrollment_id, day_number, attendance in ItemRecord.objects.filter(enrollment_id__in=ids).values_list(
        "enrollment_id", "item__day_number", "attendance"
    ):
        marks[(enrollment_id, day_number)].append(attendance)
    columns = sorted(dates)
    rows = []
    for enrollment in enrollments:
        row = CalendarRow(enrollment=enrollment)
        days = by_enrollment.get(enrollment.id, {})
        for on in columns:
            number = days.get(on)
            if number is None:
                row.cells.append(CalendarCell(day_number=None, state="off"))
                continue
            row.cells.append(
                CalendarCell(day_number=number, state=_cell_state(marks.get((enrollment.id, number)), on, today))
            )
        rows.append(row)
    return columns, rows


# The worst mark of a day colours its cell.
_SEVERITY = [Attendance.ABSENT, Attendance.LEAVE, Attendance.LATE, Attendance.PRESENT]


def _cell_state(marks: list[str] | None, on: date, today: date) -> str:
    if marks:
        for state in _SEVERITY:
            if state in marks:
                return str(state)
        return "done"
    return "future" if on > today else "unrecorded"


@dataclass
class RollCallEntry:
    enrollment: Enrollment
    day_number: int
    phase: Phase | None
    items: list[PlanItem]
    records: dict[int, ItemRecord]
    shadowing: bool
    log: ShadowingLog | None


def roll_call_members(*, cohort: Cohort, on: date, mentor: Employee | None = None) -> QuerySet[ScheduledDay, int]:
    """The enrollments of the cohort scheduled on a date (for a mentor, their mentees'), by employee number:
    what the roll call's pages are cut from."""
    scheduled = ScheduledDay.objects.filter(following_plan_on(on, "enrollment__"), enrollment__cohort=cohort, date=on)
    if mentor is not None:
        scheduled = scheduled.filter(enrollment__employee__in=mentees_of(mentor))
    return scheduled.order_by("enrollment__employee__employee_no").values_list("enrollment_id", flat=True)


def roll_call(
    *, cohort: Cohort, on: date, mentor: Employee | None = None, enrollment_ids: Iterable[int] | None = None
) -> list[RollCallEntry]:
    """The trainees of a cohort scheduled on a date whose training is followed that day (not withdrawn,
    failed or completed before it), with their items and records; for a mentor, only their own mentees;
    with `enrollment_ids` (a page of them), only those."""
    scheduled = ScheduledDay.objects.filter(
        following_plan_on(on, "enrollment__"), enrollment__cohort=cohort, date=on
    ).select_related("enrollment__employee__mentor", "enrollment__plan")
    if mentor is not None:
        scheduled = scheduled.filter(enrollment__employee__in=mentees_of(mentor))
    if enrollment_ids is not None:
        scheduled = scheduled.filter(enrollment_id__in=list(enrollment_ids))
    scheduled_list = list(scheduled.order_by("enrollment__employee__employee_no"))
    if not scheduled_list:
        return []
    plan_ids = {s.enrollment.plan_id for s in scheduled_list}
    day_numbers = {s.day_number for s in scheduled_list}
    items_by_day: dict[tuple[int, int], list[PlanItem]] = defaultdict(list)
    for item in PlanItem.objects.filter(template_id__in=plan_ids, day_number__in=day_numbers):
        items_by_day[(item.template_id, item.day_number)].append(item)
    phases: dict[int, list[Phase]] = defaultdict(list)
    for phase in Phase.objects.filter(template_id__in=plan_ids).order_by("first_day"):
        phases[phase.template_id].append(phase)
    enrollment_ids = [s.enrollment_id for s in scheduled_list]
    records: dict[int, dict[int, ItemRecord]] = defaultdict(dict)
    for record in ItemRecord.objects.filter(enrollment_id__in=enrollment_ids, item__day_number__in=day_numbers):
        records[record.enrollment_id][record.item_id] = record
    logs = {
        (log.enrollment_id, log.day_number): log
        for log in ShadowingLog.objects.filter(enrollment_id__in=enrollment_ids, day_number__in=day_numbers)
    }
    entries = []
    for s in scheduled_list:
        employee = s.enrollment.employee
        items = [
            i
            for i in items_by_day.get((s.enrollment.plan_id, s.day_number), [])
            if i.applies_to(employee.position_class)
        ]
        entries.append(
            RollCallEntry(
                enrollment=s.enrollment,
                day_number=s.day_number,
                phase=phase_for(phases[s.enrollment.plan_id], s.day_number),
                items=items,
                records=records.get(s.enrollment_id, {}),
                shadowing=any(i.leader == Leader.MENTOR and i.method == Method.SHADOWING for i in items),
                log=logs.get((s.enrollment_id, s.day_number)),
            )
        )
    return entries
