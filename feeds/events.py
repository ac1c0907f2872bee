"""What a person's calendar feed holds: their own plan and exams as a trainee, the sessions of the cohorts they
train, the shadowing days of their mentees. Nothing but what, when, where and who leads: no scores, no phone
numbers, no names the person would not already see on their pages.

UIDs name what an event is, never when: a trainee's plan item is ``plan-<enrollment>-<item>``, a trainer's session
``session-<cohort>-<item>``, a mentor's ``shadowing-<mentor>-<cohort>-<item>``. Moving the cohort's start, a new
holiday or an extension changes DTSTART under the same UID, and calendar apps move the event instead of adding a
second one.

SEQUENCE: the plan has no revision counter, but every reschedule rewrites the trainee's ``ScheduledDay`` rows
(``training.services.schedule_cohort`` deletes and inserts them), and the new rows get higher ids, which the
database never reuses. The id of the row behind an event is therefore a SEQUENCE that rises with every move, as
RFC 5545 asks, with no column to keep and no write on a read. It also rises when a reschedule left the date where
it was (a holiday added elsewhere); a calendar app then rereads an unchanged event, which does no harm.

Each builder reads a fixed number of queries, whatever the number of days, items or members.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.contrib.auth.models import User
from django.db.models import Q
from django.utils.translation import gettext as _

from assessments.models import Exam
from assessments.selectors import outstanding_retakes
from employees.models import Employee
from employees.permissions import employee_of
from employees.roles import Role, has_role
from training.models import Cohort, Leader, PlanItem, ScheduledDay
from training.permissions import cohorts_trained_by, mentee_enrollments
from training.selectors import ItemView, follows_plan_on, load_trainee_plan

# Feeds reach this far back (a live veteran's new-hire plan of years ago is not carried along for ever).
PAST_DAYS = 60


@dataclass
class FeedEvent:
    uid: str  # without the host: "plan-12-345"
    summary: str
    on: date
    start: time | None = None  # None: an all-day event
    end: time | None = None
    location: str = ""
    description: str = ""
    sequence: int = 0
    cancelled: bool = False


def _exams_by_item(item_ids: Iterable[int]) -> dict[int, Exam]:
    exams: dict[int, Exam] = {}
    for exam in Exam.objects.filter(is_active=True, item_id__in=list(item_ids)).order_by("title", "pk"):
        assert exam.item_id is not None  # taken by item
        exams.setdefault(exam.item_id, exam)
    return exams


def _end_of(item: PlanItem, exam: Exam | None) -> time | None:
    """The item's end, or for a timed exam without one, its start plus the time limit."""
    if item.end_time is not None or item.start_time is None or exam is None:
        return item.end_time
    minutes = item.start_time.hour * 60 + item.start_time.minute + exam.time_limit_minutes
    return time(minutes // 60, minutes % 60) if minutes < 24 * 60 else None


def _describe(*lines: str) -> str:
    return "\n".join(line for line in lines if line)


def _materials(item: PlanItem) -> str:
    titles = [a.title for a in item.attachments.all()]
    return _("Materials: %(titles)s") % {"titles": "、".join(titles)} if titles else ""


def _exam_line(exam: Exam | None) -> str:
    if exam is None:
        return ""
    return _("Exam: %(title)s (%(minutes)s minutes)") % {"title": exam.title, "minutes": exam.time_limit_minutes}


# --- A trainee's own plan ------------------------------------------------------------------------


def _led_by(iv: ItemView) -> str:
    return iv.leader_name if iv.item.leader == Leader.SELF else _("Led by: %(name)s") % {"name": iv.leader_name}


def trainee_events(employee: Employee, today: date) -> list[FeedEvent]:
    """The trainee's current plan (as "today" and "this week" show it) item by item, and retakes to sit. Days
    after a withdrawal or failure stay in the feed as cancelled, so calendar apps take them away."""
    plan = load_trainee_plan(employee, today)
    events: list[FeedEvent] = []
    if plan is not None:
        enrollment = plan.enrollment
        row_ids = dict(
            ScheduledDay.objects.filter(enrollment=enrollment).values_list("day_number", "id")
        )  # the SEQUENCE of each day
        exams = _exams_by_item(iv.item.pk for day in plan.days for iv in day.items if iv.is_exam)
        for day in plan.days:
            if day.date < today - timedelta(days=PAST_DAYS):
                continue
            cancelled = not follows_plan_on(enrollment, day.date)
            for iv in day.items:
                item, exam = iv.item, exams.get(iv.item.pk)
                events.append(
                    FeedEvent(
                        uid=f"plan-{enrollment.pk}-{item.pk}",
                        summary=item.topic,
                        on=day.date,
                        start=item.start_time,
                        end=_end_of(item, exam),
                        location=iv.location,
                        description=_describe(_led_by(iv), _exam_line(exam), _materials(item)),
                        sequence=row_ids.get(day.day_number, 0),
                        cancelled=cancelled,
                    )
                )
    retakes = (
        outstanding_retakes()
        .filter(employee=employee, date__gte=today - timedelta(days=PAST_DAYS))
        .select_related("exam")
        .order_by("date", "pk")
    )
    for retake in retakes:
        events.append(
            FeedEvent(
                uid=f"retake-{retake.pk}",
                summary=_("Retake: %(title)s") % {"title": retake.exam.title},
                on=retake.date,
                description=_exam_line(retake.exam),
            )
        )
    return events


# --- Sessions led for a whole cohort (trainers) or for one's mentees (mentors) ------------------------


@dataclass
class _Seat:
    """One member's place at a session on one date."""

    row_id: int  # the ScheduledDay's
    enrollment_id: int
    name: str
    following: bool


@dataclass
class _Session:
    cohort: Cohort
    item: PlanItem
    by_date: dict[date, list[_Seat]] = field(default_factory=lambda: defaultdict(list))


def _sessions(scheduled: Iterable[ScheduledDay], leader: str, cohorts: dict[int, Cohort]) -> list[_Session]:
    """Every (cohort, plan item) led by `leader` that a member of `scheduled` takes, with who takes it when.
    Two queries (the items with their attachments), whatever the number of rows."""
    rows = list(scheduled)
    plan_ids = {r.enrollment.plan_id for r in rows}
    by_day: dict[tuple[int, int], list[PlanItem]] = defaultdict(list)
    for item in PlanItem.objects.filter(template_id__in=plan_ids, leader=leader).prefetch_related("attachments"):
        by_day[(item.template_id, item.day_number)].append(item)
    sessions: dict[tuple[int, int], _Session] = {}
    for r in rows:
        enrollment = r.enrollment
        for item in by_day.get((enrollment.plan_id, r.day_number), []):
            if not item.applies_to(enrollment.employee.position_class):
                continue
            key = (enrollment.cohort_id, item.pk)
            session = sessions.get(key)
            if session is None:
                session = sessions[key] = _Session(cohort=cohorts[enrollment.cohort_id], item=item)
            session.by_date[r.date].append(
                _Seat(
                    row_id=r.pk,
                    enrollment_id=enrollment.pk,
                    name=enrollment.employee.name,
                    following=follows_plan_on(enrollment, r.date),
                )
            )
    return list(sessions.values())


def _session_events(sessions: list[_Session], uid_prefix: str, describe_members) -> list[FeedEvent]:
    """One event per session and date. Most members take a session on the same date: that event carries the
    session's UID. Members whose extension put it on another date get their own event, named after the first
    of them, so the main event stays where the cohort is. A date where nobody follows the plan any more
    (all withdrawn) is cancelled."""
    exams = _exams_by_item(s.item.pk for s in sessions)
    events = []
    for session in sessions:
        item, cohort = session.item, session.cohort
        main = max(session.by_date, key=lambda d: (len(session.by_date[d]), -d.toordinal()))
        for on, seats in sorted(session.by_date.items()):
            uid = f"{uid_prefix}-{cohort.pk}-{item.pk}"
            if on != main:
                uid += f"-{min(s.enrollment_id for s in seats)}"
            following = [s for s in seats if s.following]
            exam = exams.get(item.pk)
            events.append(
                FeedEvent(
                    uid=uid,
                    summary=f"{item.topic} · {cohort.name}",
                    on=on,
                    start=item.start_time,
                    end=_end_of(item, exam),
                    location=item.location or cohort.location,
                    description=_describe(describe_members(following or seats), _exam_line(exam), _materials(item)),
                    sequence=max(s.row_id for s in seats),
                    cancelled=not following,
                )
            )
    return events


def trainer_events(user: User, today: date) -> list[FeedEvent]:
    """The trainer-led sessions of the cohorts the user trains: one event per session, not per trainee."""
    since = today - timedelta(days=PAST_DAYS)
    cohorts = {c.pk: c for c in cohorts_trained_by(user).filter(Q(end_date__isnull=True) | Q(end_date__gte=since))}
    if not cohorts:
        return []
    scheduled = ScheduledDay.objects.filter(date__gte=since, enrollment__cohort_id__in=list(cohorts)).select_related(
        "enrollment__employee"
    )
    sessions = _sessions(scheduled, Leader.TRAINER, cohorts)

    def members(seats: list[_Seat]) -> str:
        return _("Trainees: %(count)s") % {"count": len(seats)}

    return _session_events(sessions, "session", members)


def mentor_events(mentor: Employee, today: date) -> list[FeedEvent]:
    """The mentor-led days (shadowing) of the mentor's mentees, one event per cohort session with the mentees'
    names."""
    since = today - timedelta(days=PAST_DAYS)
    scheduled = list(
        ScheduledDay.objects.filter(date__gte=since, enrollment__in=mentee_enrollments(mentor)).select_related(
            "enrollment__employee", "enrollment__cohort"
        )
    )
    cohorts = {r.enrollment.cohort_id: r.enrollment.cohort for r in scheduled}
    sessions = _sessions(scheduled, Leader.MENTOR, cohorts)

    def members(seats: list[_Seat]) -> str:
        return _("Mentees: %(names)s") % {"names": "、".join(sorted({s.name for s in seats}))}

    return _session_events(sessions, f"shadowing-{mentor.pk}", members)


def events_for(user: User, today: date) -> list[FeedEvent]:
    """Everything the user's feed holds, for each role they have: a trainee's plan (any employee with one: a
    live veteran on a refresher too), a trainer's sessions, a mentor's shadowing days."""
    employee = employee_of(user)
    events: list[FeedEvent] = []
    if employee is not None:
        events += trainee_events(employee, today)
    if has_role(user, Role.TRAINER):
        events += trainer_events(user, today)
    if employee is not None and has_role(user, Role.MENTOR):
        events += mentor_events(employee, today)
    return events
