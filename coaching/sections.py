"""What coaching adds to pages lower in the stack: the trial-post log on the go-live page
(``assessments.evidence.go_live_sections``), and coaching plans and rewards and penalties on HR's employee
page (``training.panels.employee_sections``). Registered from ``CoachingConfig.ready``; each provider runs a
fixed number of queries."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from common.sections import Section
from employees.models import Employee
from employees.permissions import is_mentor_of
from employees.roles import Role, has_role
from training.models import Enrollment

from .models import ACTIVE_STATUSES, Decision, RewardKind, RewardPenalty
from .selectors import trial_post_of

RECENT = 5


def trial_post_section(*, enrollment: Enrollment, viewer: User | AnonymousUser) -> Section | None:
    """The mentor's trial-post log beside the other go-live evidence: average score and chats, days logged
    of the trial-post days, and each day's log (three queries; one for a plan without a trial post)."""
    record = trial_post_of(enrollment)
    if not record.days:
        return None
    today = timezone.localdate()
    return Section(
        title=_("Trial-post log"),
        template="coaching/sections/trial_post.html",
        context={
            "enrollment": enrollment,
            "record": record,
            "come": sum(1 for d in record.days if d.has_come(today)),
            "can_write": has_role(viewer, Role.MENTOR) and is_mentor_of(viewer, enrollment.employee),
            "today": today,
        },
        order=40,
    )


def coaching_section(*, employee: Employee, viewer: User | AnonymousUser) -> Section | None:
    """The employee's coaching plans, newest first (two queries: the counts and the latest few)."""
    plans = employee.coaching_plans.all()
    counts = plans.aggregate(total=Count("pk"), active=Count("pk", filter=Q(status__in=ACTIVE_STATUSES)))
    latest = list(plans.select_related("owner__employee").order_by("-created_at", "-pk")[:RECENT])
    return Section(
        title=_("Coaching plans"),
        template="coaching/sections/coaching.html",
        context={"employee": employee, "plans": latest, "counts": counts},
        order=60,
    )


def rewards_section(*, employee: Employee, viewer: User | AnonymousUser) -> Section | None:
    """Approved rewards and penalties in points and yuan, what is pending, and the latest few (two queries)."""
    items = employee.rewards_penalties.all()
    approved = Q(status=Decision.APPROVED)
    totals = items.aggregate(
        reward_points=Sum("points", filter=approved & Q(kind=RewardKind.REWARD)),
        penalty_points=Sum("points", filter=approved & Q(kind=RewardKind.PENALTY)),
        reward_amount=Sum("amount", filter=approved & Q(kind=RewardKind.REWARD)),
        penalty_amount=Sum("amount", filter=approved & Q(kind=RewardKind.PENALTY)),
        pending=Count("pk", filter=Q(status=Decision.PENDING)),
    )
    for key in ("reward_points", "penalty_points"):
        totals[key] = totals[key] or 0
    for key in ("reward_amount", "penalty_amount"):
        totals[key] = totals[key] or Decimal(0)
    latest: list[RewardPenalty] = list(
        items.select_related("proposed_by__employee").order_by("-proposed_at", "-pk")[:RECENT]
    )
    return Section(
        title=_("Rewards and penalties"),
        template="coaching/sections/rewards.html",
        context={"employee": employee, "items": latest, "totals": totals},
        order=70,
    )
