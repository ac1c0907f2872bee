"""Coaching reminders: at 18:00 the mentors whose mentee had a trial-post day without a log (试岗日志), and
in the morning the owners of coaching plans with a goal or a check-in due (today or overdue). One reminder
per person and day, whatever the number of mentees or plans; nothing once the log is written or the goal
reached."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coaching.models import ACTIVE_STATUSES, CoachingPlan, Goal, TrialPostLog
from coaching.selectors import trial_post_days
from employees.models import Status, Tier
from training.models import PlanTemplate, ScheduledDay

from ..services import Draft, Kind, Writer, deliver
from .shared import BATCH_SIZE, pages, short_date


@dataclass
class _Mentee:
    name: str
    cohort_name: str
    enrollment_id: int
    day_number: int


def send_trial_post_log_reminders(*, on: date, batch_size: int = BATCH_SIZE) -> int:
    """Each mentor with a mentee on the trial post whose trial-post day `on` has no log gets one reminder
    naming them, linking to the first one's log. Two queries for the plans' trial-post days, two per batch of
    trainees (their days on `on`, the logs), then `deliver` per batch of mentors."""
    days = trial_post_days(PlanTemplate.objects.filter(tier=Tier.NEW_HIRE).values_list("pk", flat=True))
    if not days:
        return 0
    scheduled = ScheduledDay.objects.filter(
        date=on,
        enrollment__plan_id__in=list(days),
        enrollment__employee__status=Status.TRIAL_POST,
        enrollment__employee__mentor__isnull=False,
    ).select_related("enrollment__employee__mentor", "enrollment__cohort")
    mentees: dict[int, list[_Mentee]] = defaultdict(list)  # mentor user id →
    for page in pages(scheduled, batch_size):
        logged = set(
            TrialPostLog.objects.filter(
                enrollment_id__in=[s.enrollment_id for s in page], day_number__in={s.day_number for s in page}
            ).values_list("enrollment_id", "day_number")
        )
        for s in page:
            if s.day_number not in days[s.enrollment.plan_id] or (s.enrollment_id, s.day_number) in logged:
                continue
            employee = s.enrollment.employee
            assert employee.mentor is not None  # filtered above
            mentees[employee.mentor.user_id].append(
                _Mentee(employee.name, s.enrollment.cohort.name, s.enrollment_id, s.day_number)
            )
    drafts = []
    for user_id, rows in mentees.items():
        rows.sort(key=lambda m: (m.cohort_name, m.name))
        drafts.append(
            Draft(
                user_id=user_id,
                kind=Kind.TRIAL_POST_LOG,
                day=on,
                url=reverse("trial_post_log_day", args=[rows[0].enrollment_id, rows[0].day_number]),
                write=_trial_post_writer(on, rows),
            )
        )
    return sum(len(deliver(drafts[i : i + batch_size])) for i in range(0, len(drafts), batch_size))


def _trial_post_writer(on: date, rows: list[_Mentee]) -> Writer:
    def write() -> tuple[str, str]:
        title = _("Trial-post log missing for %(date)s") % {"date": short_date(on)}
        lines = [
            _("%(name)s · %(cohort)s · day %(day)s") % {"name": m.name, "cohort": m.cohort_name, "day": m.day_number}
            for m in rows
        ]
        return title, "\n".join(lines)

    return write


@dataclass
class _DuePlan:
    pk: int
    name: str
    goals_due: int
    check_in: date | None
    first_due: date | None


def send_coaching_reminders(*, on: date, batch_size: int = BATCH_SIZE) -> int:
    """Each owner of an open coaching plan with a goal due on or before `on` and not reached, or a check-in
    due on or before `on`, gets one reminder listing those plans. One query per batch of plans, then
    `deliver` per batch of owners. A closed plan (done, cancelled) reminds nobody."""
    goal_due = Goal.objects.filter(plan=OuterRef("pk"), done_at__isnull=True, due_date__lte=on)
    due = Q(goals__done_at__isnull=True, goals__due_date__lte=on)
    plans = (
        CoachingPlan.objects.filter(status__in=ACTIVE_STATUSES)
        .filter(Q(next_check_in__lte=on) | Exists(goal_due))
        .select_related("employee")
        .annotate(goals_due=Count("goals", filter=due), first_due=Min("goals__due_date", filter=due))
    )
    owners: dict[int, list[_DuePlan]] = defaultdict(list)
    for page in pages(plans, batch_size):
        for plan in page:
            check_in = plan.next_check_in if plan.next_check_in and plan.next_check_in <= on else None
            owners[plan.owner_id].append(
                _DuePlan(plan.pk, plan.employee.name, plan.goals_due, check_in, plan.first_due)  # type: ignore[attr-defined]
            )
    drafts = []
    for user_id, rows in owners.items():
        rows.sort(key=lambda r: (r.name, r.pk))
        url = reverse("coaching_plan_detail", args=[rows[0].pk]) if len(rows) == 1 else reverse("coaching_plans")
        drafts.append(Draft(user_id=user_id, kind=Kind.COACHING_DUE, day=on, url=url, write=_coaching_writer(rows)))
    return sum(len(deliver(drafts[i : i + batch_size])) for i in range(0, len(drafts), batch_size))


def _coaching_writer(rows: list[_DuePlan]) -> Writer:
    def write() -> tuple[str, str]:
        title = ngettext(
            "Coaching: %(count)d plan needs you today", "Coaching: %(count)d plans need you today", len(rows)
        ) % {"count": len(rows)}
        lines = []
        for r in rows:
            parts = []
            if r.goals_due:
                parts.append(
                    ngettext("%(count)d goal due", "%(count)d goals due", r.goals_due) % {"count": r.goals_due}
                )
            if r.check_in is not None:
                parts.append(_("check-in due %(date)s") % {"date": short_date(r.check_in)})
            lines.append(f"{r.name}: {'; '.join(parts)}")
        return title, "\n".join(lines)

    return write
