"""培训评分表, the training score sheet: trainees rate the day's sessions and who led them; HR reads
the averages per trainer and per plan item.

Writes (``rate_day``) and the read models of the pages (``load_rating_day``, ``leader_averages``,
``item_averages``) live together because they share one idea of "a session a trainee can rate":

- an item of the trainee's plan day that applies to their position class,
- led by a trainer or a mentor (exams, self-study items and self-led items are not rated: nobody
  taught them),
- that the roll call has not marked absent or on leave (not marked yet counts as attended: the
  roll call is often taken after the sessions are rated).

Who led is stored with the rating, as it was on the day: ``leader_name`` is the name shown on the
trainee's "today" page, ``trainer`` the cohort trainer credited (with several trainers, the first by
name; we do not know which of them taught which session) and ``mentor`` the trainee's own mentor for
mentor-led items.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from employees.models import Employee
from training.models import Attendance, Cohort, Enrollment, ItemRecord, Leader, Method, PlanItem, ScheduledDay
from training.selectors import leader_name
from training.workdays import WorkCalendar

from .models import SessionRating

# From this time on the day's sessions may be rated (most of the day has been taught by then).
OPENS_AT = time(12, 0)
# How many working days back a day may still be rated: a trainee who forgot on Friday rates on Monday.
WORKING_DAYS_BACK = 3
SCORE_RANGE = range(1, 6)
CRITERIA = ("content", "delivery", "usefulness")
NOT_RATED_METHODS = frozenset({Method.EXAM, Method.SELF_STUDY})
NOT_ATTENDED = frozenset({Attendance.ABSENT, Attendance.LEAVE})


class RatingError(Exception):
    """A rating is refused; the message is shown to the trainee."""


@dataclass(frozen=True)
class SessionScore:
    """What a trainee gives one session: three scores from 1 to 5 and an optional comment."""

    item_id: int
    content: int
    delivery: int
    usefulness: int
    comment: str = ""


@dataclass
class RatableSession:
    """A session of the day, who led it, and the trainee's rating if they gave one."""

    item: PlanItem
    leader_name: str
    trainer: User | None
    mentor: Employee | None
    rating: SessionRating | None = None

    @property
    def is_rated(self) -> bool:
        return self.rating is not None


@dataclass
class RatingDay:
    """One trainee's rating sheet for one date. ``refusal`` says why it cannot be rated now
    ('' when it can); the sessions and earlier ratings are shown either way."""

    enrollment: Enrollment
    date: date
    day_number: int | None
    sessions: list[RatableSession]
    refusal: str = ""

    @property
    def open_sessions(self) -> list[RatableSession]:
        return [s for s in self.sessions if not s.is_rated]

    @property
    def rated_sessions(self) -> list[RatableSession]:
        return [s for s in self.sessions if s.is_rated]

    @property
    def can_rate(self) -> bool:
        return not self.refusal and bool(self.open_sessions)


# ---------------------------------------------------------------------------- the window


def display_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def rating_window_refusal(on: date, *, now: datetime | None = None) -> str:
    """Why the sessions of `on` cannot be rated at `now` ('' if they can): not before 12:00 on the
    day, not for a future day or a day off, and not more than three working days later."""
    now = timezone.localtime(now or timezone.now())
    today = now.date()
    shown = date_format(on, "MONTH_DAY_FORMAT")
    if on > today:
        return _("%(date)s has not come yet: sessions are rated at the end of their day.") % {"date": shown}
    calendar = WorkCalendar.load(since=today - timedelta(days=WORKING_DAYS_BACK * 7 + 30))
    if not calendar.is_workday(on):
        return _("%(date)s is a day off: there were no sessions to rate.") % {"date": shown}
    if on == today:
        if now.time() < OPENS_AT:
            return _("Today's sessions can be rated from %(time)s.") % {"time": OPENS_AT.strftime("%H:%M")}
        return ""
    earliest = today
    for _step in range(WORKING_DAYS_BACK):
        earliest = calendar.previous_workday(earliest)
    if on < earliest:
        return _("Sessions can be rated until %(days)s working days after their day; %(date)s is closed.") % {
            "days": WORKING_DAYS_BACK,
            "date": shown,
        }
    return ""


# ---------------------------------------------------------------------------- the day's sessions


def cohort_trainers(cohort: Cohort) -> list[User]:
    """The cohort's trainers, first by name. Sorted here rather than in SQL so that the trainer
    credited does not depend on the database's collation."""
    return sorted(cohort.trainers.all(), key=lambda u: (display_name(u), u.pk))


def load_rating_day(enrollment: Enrollment, on: date, *, now: datetime | None = None) -> RatingDay:
    """The trainee's sessions on a date with their ratings so far, and whether they may rate now.

    Six queries whatever the day: scheduled day, items, roll-call records, ratings, trainers, and
    the calendar (two). The enrollment should come with ``employee__mentor`` and ``cohort``.
    """
    employee = enrollment.employee
    scheduled = ScheduledDay.objects.filter(enrollment=enrollment, date=on).first()
    refusal = rating_window_refusal(on, now=now)
    if scheduled is None:
        if not refusal:
            refusal = _("You had no training on %(date)s.") % {"date": date_format(on, "MONTH_DAY_FORMAT")}
        return RatingDay(enrollment=enrollment, date=on, day_number=None, sessions=[], refusal=refusal)

    items = [
        item
        for item in PlanItem.objects.filter(template_id=enrollment.plan_id, day_number=scheduled.day_number)
        .exclude(method__in=NOT_RATED_METHODS)
        .exclude(leader=Leader.SELF)
        if item.applies_to(employee.position_class)
    ]
    missed = set(
        ItemRecord.objects.filter(enrollment=enrollment, item__in=items, attendance__in=NOT_ATTENDED).values_list(
            "item_id", flat=True
        )
    )
    items = [item for item in items if item.pk not in missed]
    ratings = {r.item_id: r for r in SessionRating.objects.filter(enrollment=enrollment, item__in=items)}
    trainers = cohort_trainers(enrollment.cohort) if any(i.leader == Leader.TRAINER for i in items) else []
    trainer_names = "、".join(display_name(u) for u in trainers)
    sessions = [
        RatableSession(
            item=item,
            leader_name=leader_name(item, employee=employee, trainer_names=trainer_names),
            trainer=trainers[0] if item.leader == Leader.TRAINER and trainers else None,
            mentor=employee.mentor if item.leader == Leader.MENTOR else None,
            rating=ratings.get(item.pk),
        )
        for item in items
    ]
    if not refusal and not sessions:
        refusal = _("There are no sessions to rate on %(date)s.") % {"date": date_format(on, "MONTH_DAY_FORMAT")}
    return RatingDay(
        enrollment=enrollment, date=on, day_number=scheduled.day_number, sessions=sessions, refusal=refusal
    )


# ---------------------------------------------------------------------------- the write


def rate_day(
    *,
    enrollment: Enrollment,
    on_date: date,
    ratings: Sequence[SessionScore],
    by_user: User,
    now: datetime | None = None,
) -> list[SessionRating]:
    """Save a trainee's ratings of one day's sessions, all of them or none.

    Refuses (RatingError) a user who is not the enrolled trainee, a date outside the rating window,
    an item that is not one of that day's sessions, a score outside 1–5, and a session rated
    before. Two submissions racing past the "rated before" check meet the unique constraint:
    the loser's whole batch is rolled back and refused with the same message.
    """
    if by_user.pk is None or enrollment.employee.user_id != by_user.pk:
        raise RatingError(_("Only the trainee can rate their own sessions."))
    if not ratings:
        raise RatingError(_("Rate at least one session."))
    day = load_rating_day(enrollment, on_date, now=now)
    if day.refusal:
        raise RatingError(day.refusal)
    sessions = {s.item.pk: s for s in day.sessions}
    seen: set[int] = set()
    rows = []
    for score in ratings:
        session = sessions.get(score.item_id)
        if session is None or score.item_id in seen:
            raise RatingError(_("That is not one of the sessions you can rate on this day."))
        seen.add(score.item_id)
        if session.is_rated:
            raise RatingError(already_rated_message(session.item))
        values = [getattr(score, c) for c in CRITERIA]
        if any(not isinstance(v, int) or isinstance(v, bool) or v not in SCORE_RANGE for v in values):
            raise RatingError(_("Scores go from 1 to 5."))
        rows.append(
            SessionRating(
                enrollment=enrollment,
                item=session.item,
                leader_name=session.leader_name[:100],
                trainer=session.trainer,
                mentor=session.mentor,
                content=score.content,
                delivery=score.delivery,
                usefulness=score.usefulness,
                comment=score.comment.strip(),
            )
        )
    try:
        with transaction.atomic():
            # One INSERT: on a duplicate the whole statement fails, so nothing is half-written.
            return SessionRating.objects.bulk_create(rows)
    except IntegrityError as exc:
        raise RatingError(
            _("You have already rated these sessions (perhaps in another window). Nothing new was saved.")
        ) from exc


def already_rated_message(item: PlanItem) -> str:
    return _("You have already rated “%(topic)s”; a rating cannot be changed.") % {"topic": item.topic}


# ---------------------------------------------------------------------------- averages


@dataclass
class Averages:
    """Averages of one group of ratings: per criterion, overall, and how many there were."""

    count: int
    trainees: int
    content: Decimal
    delivery: Decimal
    usefulness: Decimal

    @property
    def overall(self) -> Decimal:
        return _quantize((self.content + self.delivery + self.usefulness) / 3)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Averages:
        n = row["n"]
        return cls(
            count=n,
            trainees=row["trainees"],
            content=_quantize(Decimal(row["content_sum"]) / n),
            delivery=_quantize(Decimal(row["delivery_sum"]) / n),
            usefulness=_quantize(Decimal(row["usefulness_sum"]) / n),
        )


@dataclass
class LeaderAverages(Averages):
    """A trainer (a user) or a mentor (an employee); neither when nobody was named on the day. ``cohort_id``: the
    cohort the ratings are of, when they are counted per cohort (else 0)."""

    trainer_id: int | None = None
    mentor_id: int | None = None
    name: str = ""
    cohort_id: int = 0

    @property
    def kind(self) -> str:
        if self.trainer_id:
            return str(Leader.TRAINER.label)
        if self.mentor_id:
            return str(Leader.MENTOR.label)
        return _("Not named")


@dataclass
class ItemAverages(Averages):
    item_id: int = 0
    plan_name: str = ""
    day_number: int = 0
    start_time: time | None = None
    topic: str = ""
    leader: str = ""

    @property
    def leader_label(self) -> str:
        return str(Leader(self.leader).label) if self.leader in Leader.values else self.leader


def _quantize(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


_SUMS = {
    "n": Count("id"),
    "trainees": Count("enrollment", distinct=True),
    "content_sum": Sum("content"),
    "delivery_sum": Sum("delivery"),
    "usefulness_sum": Sum("usefulness"),
}


def ratings_between(
    since: date, until: date, *, cohort: Cohort | None = None, cohorts: QuerySet[Cohort] | None = None
) -> QuerySet[SessionRating]:
    """Ratings of sessions held from `since` to `until` (by the date the trainee had that plan
    day), of one cohort or of a set of cohorts."""
    held = ScheduledDay.objects.filter(
        enrollment=OuterRef("enrollment"), day_number=OuterRef("item__day_number"), date__range=(since, until)
    )
    ratings = SessionRating.objects.filter(Exists(held))
    if cohort is not None:
        ratings = ratings.filter(enrollment__cohort=cohort)
    if cohorts is not None:
        ratings = ratings.filter(enrollment__cohort__in=cohorts)
    return ratings


def leader_averages(
    ratings: QuerySet[SessionRating], *, trainer: User | None = None, per_cohort: bool = False
) -> list[LeaderAverages]:
    """Averages per trainer and per mentor, in one query; with `trainer`, only that trainer's row; `per_cohort`:
    a row per cohort and leader."""
    if trainer is not None:
        ratings = ratings.filter(trainer=trainer)
    rows = list(
        ratings.order_by()
        .values(
            *(["enrollment__cohort_id"] if per_cohort else []),
            "trainer_id",
            "trainer__username",
            "trainer__first_name",
            "trainer__last_name",
            "mentor_id",
            "mentor__name",
        )
        .annotate(**_SUMS)
    )
    out = []
    for row in rows:
        if row["trainer_id"]:
            name = f"{row['trainer__first_name']} {row['trainer__last_name']}".strip() or row["trainer__username"]
        else:
            name = row["mentor__name"] or ""
        base = Averages.from_row(row)
        out.append(
            LeaderAverages(
                **vars(base),
                trainer_id=row["trainer_id"],
                mentor_id=row["mentor_id"],
                name=name,
                cohort_id=row.get("enrollment__cohort_id", 0),
            )
        )
    # Trainers first, then mentors, then sessions nobody was named for; by name within each.
    return sorted(out, key=lambda r: (0 if r.trainer_id else 1 if r.mentor_id else 2, r.name))


def item_averages(ratings: QuerySet[SessionRating]) -> list[ItemAverages]:
    """Averages per plan item (a topic on a plan day), in one query, in plan order."""
    rows = list(
        ratings.order_by()
        .values(
            "item_id",
            "item__template__name",
            "item__day_number",
            "item__order",
            "item__start_time",
            "item__topic",
            "item__leader",
        )
        .annotate(**_SUMS)
    )
    out = [
        ItemAverages(
            **vars(Averages.from_row(row)),
            item_id=row["item_id"],
            plan_name=row["item__template__name"],
            day_number=row["item__day_number"],
            start_time=row["item__start_time"],
            topic=row["item__topic"],
            leader=row["item__leader"],
        )
        for row in rows
    ]
    order = {row["item_id"]: row["item__order"] for row in rows}
    return sorted(out, key=lambda r: (r.plan_name, r.day_number, order[r.item_id], r.item_id))
