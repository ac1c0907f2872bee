"""A trainer's dashboard: short answers waiting for a grader, today's roll calls, the exam alerts of
their cohorts and this week's score-sheet averages. HR may open it too, and then it covers every cohort."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.models import User
from django.db.models import Count, Exists, Max, Min, OuterRef, QuerySet

from assessments.exams import pending_answers
from assessments.gates import ExamAlert
from assessments.ratings import ItemAverages, LeaderAverages, item_averages, leader_averages, ratings_between
from training.models import ACTIVE_STATES, Cohort, ItemRecord, ScheduledDay
from training.permissions import cohorts_trained_by

from .shared import ALERTS_SHOWN, alerts_with_enrollments


@dataclass
class BacklogRow:
    """Short answers of one exam waiting for a grader."""

    exam_id: int
    title: str
    waiting: int
    oldest: datetime | None


@dataclass
class RollCallToday:
    """A cohort with a plan day today: who is scheduled, and how far the roll call has got."""

    cohort_id: int
    name: str
    first_day: int
    last_day: int
    scheduled: int
    marked: int = 0
    marks: int = 0

    @property
    def state(self) -> str:
        if not self.marked:
            return "todo"
        return "done" if self.marked >= self.scheduled else "partial"


@dataclass
class TrainerDashboard:
    today: date
    week: tuple[date, date]
    backlog: list[BacklogRow]
    roll_calls: list[RollCallToday]
    alerts: list[ExamAlert]
    leaders: list[LeaderAverages]
    items: list[ItemAverages]

    @property
    def backlog_total(self) -> int:
        return sum(r.waiting for r in self.backlog)

    @property
    def alerts_shown(self) -> list[ExamAlert]:
        return self.alerts[:ALERTS_SHOWN]

    @property
    def ratings_total(self) -> int:
        return sum(i.count for i in self.items)


def grading_backlog(user: User) -> list[BacklogRow]:
    """Short answers the user may grade, per exam, oldest submission first (one query)."""
    rows = (
        pending_answers(user)
        .order_by()
        .values("attempt__exam_id", "attempt__exam__title")
        .annotate(waiting=Count("id", distinct=True), oldest=Min("attempt__submitted_at"))
    )
    out = [
        BacklogRow(
            exam_id=r["attempt__exam_id"], title=r["attempt__exam__title"], waiting=r["waiting"], oldest=r["oldest"]
        )
        for r in rows
    ]
    return sorted(out, key=lambda r: (r.oldest is None, r.oldest.timestamp() if r.oldest else 0, r.title))


def roll_calls_today(cohorts: QuerySet[Cohort], today: date) -> list[RollCallToday]:
    """The cohorts with a plan day today, how many trainees with a training still followed are scheduled (as
    the roll call lists them), how many have at least one attendance mark for today's sessions, and how many
    marks there are (two queries)."""
    scheduled = (
        ScheduledDay.objects.filter(enrollment__cohort__in=cohorts, date=today, enrollment__state__in=ACTIVE_STATES)
        .order_by()
        .values("enrollment__cohort_id", "enrollment__cohort__name")
        .annotate(n=Count("enrollment", distinct=True), first=Min("day_number"), last=Max("day_number"))
    )
    out = {
        r["enrollment__cohort_id"]: RollCallToday(
            cohort_id=r["enrollment__cohort_id"],
            name=r["enrollment__cohort__name"],
            first_day=r["first"],
            last_day=r["last"],
            scheduled=r["n"],
        )
        for r in scheduled
    }
    if not out:
        return []
    today_of_record = ScheduledDay.objects.filter(
        enrollment=OuterRef("enrollment"), day_number=OuterRef("item__day_number"), date=today
    )
    for r in (
        ItemRecord.objects.filter(Exists(today_of_record), enrollment__cohort_id__in=list(out))
        .exclude(attendance="")
        .order_by()
        .values("enrollment__cohort_id")
        .annotate(marked=Count("enrollment", distinct=True), marks=Count("id"))
    ):
        entry = out[r["enrollment__cohort_id"]]
        entry.marked, entry.marks = r["marked"], r["marks"]
    return sorted(out.values(), key=lambda r: r.name)


def trainer_dashboard(user: User, today: date, *, is_hr: bool) -> TrainerDashboard:
    """A trainer's day: grading to do, today's roll calls, exam alerts of their cohorts and this
    week's score-sheet averages (ten queries at most). With ``is_hr``, over every cohort and every
    trainer's and mentor's averages."""
    scope = Cohort.objects.all() if is_hr else cohorts_trained_by(user)
    monday = today - timedelta(days=today.weekday())
    sunday = monday + timedelta(days=6)
    ratings = ratings_between(monday, sunday)
    if is_hr:
        leaders, items = leader_averages(ratings), item_averages(ratings)
    else:
        # Their own averages wherever they were credited; the sessions only of cohorts they train
        # (as on the score-sheet page).
        leaders = leader_averages(ratings, trainer=user)
        items = item_averages(ratings.filter(enrollment__cohort__in=scope))
    return TrainerDashboard(
        today=today,
        week=(monday, sunday),
        backlog=grading_backlog(user),
        roll_calls=roll_calls_today(scope, today),
        alerts=alerts_with_enrollments(None if is_hr else scope),
        leaders=leaders,
        items=items,
    )
