"""HR's dashboard: the cohorts in view, their progress and attendance, exam results and score spreads,
the elimination funnel, the counts by status and the exam alerts, each from an aggregate query."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _

from assessments.gates import ExamAlert
from assessments.models import Attempt, AttemptStatus
from employees.models import Employee, Status, StatusChange
from training.models import Attendance, Cohort, Enrollment, ItemRecord, Phase
from training.selectors import CohortProgressCounts, cohorts_with_progress

from .shared import ALERTS_SHOWN, RECENT_DAYS, alerts_with_enrollments, percent_of, quartiles

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


CohortDays = CohortProgressCounts  # what ``load_cohorts`` puts on each cohort


class EmployeeId(TypedDict):
    employee_id: int


# ---------------------------------------------------------------------------- HR: the rows


@dataclass
class CohortProgress:
    """A running cohort: the share of its trainee-days reached, and the plan day it is on."""

    cohort: Cohort
    percent: int
    current_day: int
    last_day: int


@dataclass
class CohortAttendance:
    """Roll-call marks of one cohort. Attended = present or late, over every recorded mark."""

    cohort: Cohort
    present: int = 0
    late: int = 0
    absent: int = 0
    leave: int = 0

    @property
    def recorded(self) -> int:
        return self.present + self.late + self.absent + self.leave

    @property
    def attended(self) -> int:
        return self.present + self.late

    @property
    def rate(self) -> Decimal | None:
        return percent_of(self.attended, self.recorded)


@dataclass
class ExamResults:
    """One exam: who sat it (a final result on a counted attempt), who passed, the spread of each
    trainee's best percentage, and how many still wait for their short answers to be graded."""

    exam_id: int
    title: str
    pass_mark: int
    sat: int
    passed: int
    awaiting: int
    spread: tuple[Decimal, Decimal, Decimal, Decimal, Decimal] | None = None

    @property
    def pass_rate(self) -> Decimal | None:
        return percent_of(self.passed, self.sat)

    @property
    def minimum(self) -> Decimal | None:
        return self.spread[0] if self.spread else None

    @property
    def q1(self) -> Decimal | None:
        return self.spread[1] if self.spread else None

    @property
    def median(self) -> Decimal | None:
        return self.spread[2] if self.spread else None

    @property
    def q3(self) -> Decimal | None:
        return self.spread[3] if self.spread else None

    @property
    def maximum(self) -> Decimal | None:
        return self.spread[4] if self.spread else None


@dataclass
class FunnelStep:
    """People eliminated, and people who left, while in one phase of their plan (None: before
    their plan had begun, or with no plan)."""

    phase_number: int | None
    phase_names: list[str] = field(default_factory=list)
    eliminated: int = 0
    left: int = 0

    @property
    def label(self) -> str:
        if self.phase_number is None:
            return _("Before the plan started")
        return _("Phase %(n)s") % {"n": self.phase_number}

    @property
    def total(self) -> int:
        return self.eliminated + self.left


@dataclass
class StatusCount:
    status: str
    label: str
    count: int


@dataclass
class HRDashboard:
    today: date
    since: date
    cohorts: list[WithAnnotations[Cohort, CohortDays]]
    progress: list[CohortProgress]
    attendance: list[CohortAttendance]
    exams: list[ExamResults]
    funnel: list[FunnelStep]
    statuses: list[StatusCount]
    alerts: list[ExamAlert]

    @property
    def alerts_shown(self) -> list[ExamAlert]:
        return self.alerts[:ALERTS_SHOWN]

    @property
    def spreads(self) -> list[ExamResults]:
        return [e for e in self.exams if e.spread]

    @property
    def people(self) -> int:
        return sum(s.count for s in self.statuses)

    def chart_data(self) -> dict[str, Any]:
        """The numbers the charts draw, as plain JSON (category labels are data: cohort names and
        exam titles; series names and axis titles come from the template)."""
        return {
            "progress": {
                "labels": [p.cohort.name for p in self.progress],
                "values": [p.percent for p in self.progress],
            },
            "attendance": {
                "labels": [a.cohort.name for a in self.attendance if a.recorded],
                "values": [float(a.rate) for a in self.attendance if a.rate is not None],
            },
            "pass_rates": {
                "labels": [e.title for e in self.exams if e.sat],
                "values": [float(e.pass_rate) for e in self.exams if e.pass_rate is not None],
            },
            "spread": {
                "labels": [e.title for e in self.spreads],
                "values": [[float(v) for v in e.spread] for e in self.spreads if e.spread],
                "pass_marks": [e.pass_mark for e in self.spreads],
            },
            "funnel": {
                "labels": [s.label for s in self.funnel],
                # On the axis, under its title "phase": the number alone ("–" before the plan).
                "ticks": [str(s.phase_number) if s.phase_number is not None else "–" for s in self.funnel],
                "eliminated": [s.eliminated for s in self.funnel],
                "left": [s.left for s in self.funnel],
            },
        }


# ---------------------------------------------------------------------------- HR: the queries


def cohorts_in_view(today: date) -> QuerySet[Cohort]:
    """Cohorts running now, starting later, or finished in the last RECENT_DAYS days. A cohort
    with nobody enrolled has no schedule (no end date) and nothing to show."""
    return Cohort.objects.filter(end_date__gte=today - timedelta(days=RECENT_DAYS))


def load_cohorts(today: date) -> list[WithAnnotations[Cohort, CohortDays]]:
    """Cohorts in view with their trainers, member counts, progress and plan days (four queries: the
    cohorts, their trainers, their members and their scheduled days grouped by cohort)."""
    return cohorts_with_progress(
        cohorts_in_view(today).prefetch_related("trainers").order_by("start_date", "id"), today
    )


def progress_of(cohorts: list[WithAnnotations[Cohort, CohortDays]], today: date) -> list[CohortProgress]:
    """The running cohorts (started, not finished) and how far they are."""
    return [
        CohortProgress(
            cohort=c,
            percent=round(100 * c.days_reached / c.days_total) if c.days_total else 0,
            current_day=c.current_day or 0,
            last_day=c.last_day or 0,
        )
        for c in cohorts
        if c.end_date is not None and c.start_date <= today <= c.end_date  # no end date: nobody enrolled
    ]


def attendance_of(cohorts: Sequence[Cohort]) -> list[CohortAttendance]:
    """Marks per cohort and attendance value (one query). Unmarked records (completion only)
    do not count."""
    rows = (
        ItemRecord.objects.filter(enrollment__cohort__in=[c.pk for c in cohorts])
        .exclude(attendance="")
        .order_by()
        .values("enrollment__cohort_id", "attendance")
        .annotate(n=Count("id"))
    )
    by_cohort = {c.pk: CohortAttendance(cohort=c) for c in cohorts}
    for row in rows:
        entry = by_cohort[row["enrollment__cohort_id"]]
        if row["attendance"] in Attendance.values:
            setattr(entry, row["attendance"], getattr(entry, row["attendance"]) + row["n"])
    return list(by_cohort.values())


def _people_in(cohorts: QuerySet[Cohort]) -> QuerySet[Enrollment, EmployeeId]:
    """The ids of the employees enrolled in the cohorts, as a subquery (no duplicates to join)."""
    return Enrollment.objects.filter(cohort__in=cohorts).values("employee_id")


def exam_results(people: QuerySet[Enrollment, EmployeeId]) -> list[ExamResults]:
    """Pass rate and score spread per exam, over counted attempts (not practice, closed) of these
    people (two queries). A trainee has sat an exam once an attempt has a final result; they
    passed it if any attempt passed. The spread is over each trainee's best final percentage."""
    counted = Attempt.objects.filter(is_practice=False, exam__isnull=False, employee_id__in=people).exclude(
        status=AttemptStatus.OPEN
    )
    rows = list(
        counted.order_by()
        .values("exam_id", "exam__title", "exam__pass_mark", "exam__item__day_number")
        .annotate(
            sat=Count("employee", distinct=True, filter=Q(passed__isnull=False)),
            passed_count=Count("employee", distinct=True, filter=Q(passed=True)),
            awaiting=Count("employee", distinct=True, filter=Q(passed__isnull=True)),
        )
    )
    best: dict[int, list[Decimal]] = defaultdict(list)
    for exam_id, percent in (
        counted.filter(passed__isnull=False)
        .order_by()
        .values("exam_id", "employee_id")
        .annotate(best=Max("percent"))
        .values_list("exam_id", "best")
    ):
        if percent is not None:
            best[exam_id].append(Decimal(percent))
    rows.sort(key=lambda r: (r["exam__item__day_number"] is None, r["exam__item__day_number"] or 0, r["exam__title"]))
    return [
        ExamResults(
            exam_id=r["exam_id"],
            title=r["exam__title"],
            pass_mark=r["exam__pass_mark"],
            sat=r["sat"],
            passed=r["passed_count"],
            awaiting=r["awaiting"],
            spread=quartiles(best[r["exam_id"]]) if best.get(r["exam_id"]) else None,
        )
        for r in rows
    ]


def elimination_funnel(cohorts: QuerySet[Cohort], people: QuerySet[Enrollment, EmployeeId]) -> list[FunnelStep]:
    """People eliminated or gone, by the phase of the plan they were in (two queries: the status
    changes grouped by phase, the phases of the plans in use). Every phase of those plans gets a
    step, with zeros where nobody dropped out; a step before day 1 only when someone did."""
    rows = (
        StatusChange.objects.filter(to_status__in=[Status.ELIMINATED, Status.LEFT], employee_id__in=people)
        .order_by()
        .values("phase_number", "to_status")
        .annotate(n=Count("employee", distinct=True))
    )
    names: dict[int, list[str]] = defaultdict(list)
    for number, name in (
        Phase.objects.filter(template__enrollments__cohort__in=cohorts)
        .order_by("number", "name")
        .values_list("number", "name")
        .distinct()
    ):
        if name not in names[number]:
            names[number].append(name)
    steps: dict[int | None, FunnelStep] = {n: FunnelStep(phase_number=n, phase_names=names[n]) for n in names}
    for row in rows:
        step = steps.setdefault(row["phase_number"], FunnelStep(phase_number=row["phase_number"]))
        if row["to_status"] == Status.ELIMINATED:
            step.eliminated += row["n"]
        else:
            step.left += row["n"]
    return sorted(steps.values(), key=lambda s: -1 if s.phase_number is None else s.phase_number)


def status_counts(people: QuerySet[Enrollment, EmployeeId]) -> list[StatusCount]:
    """How many of these people have each status now (one query), every status listed."""
    counts = dict(Employee.objects.filter(pk__in=people).order_by().values_list("status").annotate(n=Count("id")))
    return [StatusCount(status=s.value, label=str(s.label), count=counts.get(s.value, 0)) for s in Status]


def hr_dashboard(today: date) -> HRDashboard:
    """Everything HR's dashboard shows, in thirteen queries."""
    in_view = cohorts_in_view(today)
    people = _people_in(in_view)
    cohorts = load_cohorts(today)
    return HRDashboard(
        today=today,
        since=today - timedelta(days=RECENT_DAYS),
        cohorts=cohorts,
        progress=progress_of(cohorts, today),
        attendance=attendance_of(cohorts),
        exams=exam_results(people),
        funnel=elimination_funnel(in_view, people),
        statuses=status_counts(people),
        alerts=alerts_with_enrollments(None),
    )
