"""08:00: today's plan, for every trainee with a plan day today (sessions, place, who leads)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from employees.models import Employee
from training.models import Cohort, PlanItem, ScheduledDay
from training.selectors import leader_name

from ..services import Draft, Kind, Writer, deliver
from .shared import BATCH_SIZE, FOLLOWING_PLAN_STATES, LISTED_SESSIONS, items_on, pages, short_date


def session_line(item: PlanItem, *, location: str, leader: str) -> str:
    """09:00–12:00 破冰 · 培训室 A · 李雪"""
    if item.start_time and item.end_time:
        when = f"{item.start_time:%H:%M}–{item.end_time:%H:%M}"
    elif item.start_time:
        when = f"{item.start_time:%H:%M}"
    else:
        when = ""
    return " · ".join(part for part in (f"{when} {item.topic}".strip(), location, leader) if part)


def send_daily_plans(*, on: date, batch_size: int = BATCH_SIZE) -> int:
    """Every trainee with a plan day on `on` of a training still followed (whatever their status) gets today's
    sessions (times, place, who leads) and a link to /today/. Two queries up front (the day's items, the cohorts'
    trainers), then per batch: scheduled days with trainee, mentor and cohort, and `deliver`."""
    items = items_on(on)
    trainers = _trainer_names(on)
    url = reverse("today")
    scheduled = ScheduledDay.objects.filter(
        date=on, enrollment__state__in=FOLLOWING_PLAN_STATES, enrollment__employee__user__is_active=True
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
