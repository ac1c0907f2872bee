"""Reads: which plan days are a new hire's trial post (试岗), the trial-post log of one enrollment with its
averages, and the coaching plans and rewards a user may list. Each in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef, Q, QuerySet

from employees.models import Tier
from employees.roles import Role, has_role
from training.models import Enrollment, Leader, Method, Phase, PlanItem, ScheduledDay

from .models import CoachingPlan, RewardPenalty, TrialPostLog


def trial_post_days(plan_ids: Iterable[int]) -> dict[int, list[int]]:
    """Plan id → its trial-post plan days, in order (one query).

    Phases carry no type, so the trial post is recognised by what it holds: a phase of a new-hire plan with at
    least one on-the-job session led by the mentor (the standard plan's phase 6, 试岗, days 10–15). Every day of
    such a phase is a trial-post day, also one that holds a retake rather than a mentor's session."""
    mentor_on_the_job = PlanItem.objects.filter(
        template_id=OuterRef("template_id"),
        day_number__gte=OuterRef("first_day"),
        day_number__lte=OuterRef("last_day"),
        method=Method.ON_THE_JOB,
        leader=Leader.MENTOR,
    )
    days: dict[int, set[int]] = defaultdict(set)
    phases = Phase.objects.filter(template_id__in=list(plan_ids), template__tier=Tier.NEW_HIRE).filter(
        Exists(mentor_on_the_job)
    )
    for template_id, first, last in phases.values_list("template_id", "first_day", "last_day"):
        days[template_id].update(range(first, last + 1))
    return {plan_id: sorted(numbers) for plan_id, numbers in days.items()}


@dataclass
class TrialDay:
    day_number: int
    on: date | None  # its scheduled date
    log: TrialPostLog | None

    def has_come(self, today: date) -> bool:
        return self.on is not None and self.on <= today


@dataclass
class TrialPostRecord:
    """An enrollment's trial post: its days (with dates and logs) and what the logs add up to."""

    days: list[TrialDay] = field(default_factory=list)

    @property
    def logs(self) -> list[TrialPostLog]:
        return [d.log for d in self.days if d.log is not None]

    @property
    def logged(self) -> int:
        return len(self.logs)

    @property
    def average_score(self) -> Decimal | None:
        logs = self.logs
        if not logs:
            return None
        return (Decimal(sum(log.score for log in logs)) / len(logs)).quantize(Decimal("0.1"))

    @property
    def average_chats(self) -> Decimal | None:
        logs = self.logs
        if not logs:
            return None
        return (Decimal(sum(log.chats_handled for log in logs)) / len(logs)).quantize(Decimal("0.1"))

    def day(self, day_number: int) -> TrialDay | None:
        return next((d for d in self.days if d.day_number == day_number), None)


def trial_post_of(enrollment: Enrollment) -> TrialPostRecord:
    """The trial-post days of the enrollment's plan with their dates and logs: three queries (phases, dates,
    logs), whatever the number of days. Empty for a plan without a trial post."""
    numbers = trial_post_days([enrollment.plan_id]).get(enrollment.plan_id, [])
    if not numbers:
        return TrialPostRecord()
    dates = dict(
        ScheduledDay.objects.filter(enrollment=enrollment, day_number__in=numbers).values_list("day_number", "date")
    )
    logs = {
        log.day_number: log
        for log in TrialPostLog.objects.filter(enrollment=enrollment, day_number__in=numbers).select_related("mentor")
    }
    return TrialPostRecord([TrialDay(n, dates.get(n), logs.get(n)) for n in numbers])


# ---------------------------------------------------------------------------- lists


def plans_visible_to(user: User | AnonymousUser) -> QuerySet[CoachingPlan]:
    """HR: every plan; anyone else the plans they own or created, and those about their mentees."""
    plans = CoachingPlan.objects.all()
    if has_role(user, Role.HR):
        return plans
    if user.pk is None:
        return plans.none()
    return plans.filter(Q(owner_id=user.pk) | Q(created_by_id=user.pk) | Q(employee__mentor__user_id=user.pk))


def rewards_visible_to(user: User | AnonymousUser) -> QuerySet[RewardPenalty]:
    """HR: every reward and penalty; anyone else the ones they proposed."""
    items = RewardPenalty.objects.all()
    if has_role(user, Role.HR):
        return items
    if user.pk is None:
        return items.none()
    return items.filter(proposed_by_id=user.pk)
