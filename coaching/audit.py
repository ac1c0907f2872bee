"""Timeline sources for an employee's page (see ``employees.audit``): rewards and penalties (proposed,
approved or rejected), coaching plans (owner, status, next check-in) and the trial-post log."""

from __future__ import annotations

from django.utils.translation import gettext as _

from employees.audit import Entry, changes, register
from employees.models import Employee

from .models import CoachingPlan, RewardPenalty, TrialPostLog


@register
def reward_changes(employee: Employee) -> list[Entry]:
    versions = RewardPenalty.history.filter(employee_id=employee.pk).select_related(
        "history_user__employee", "decided_by__employee"
    )
    return changes(
        list(versions),
        ["kind", "points", "amount", "reason", "status", "decided_by", "decision_note"],
        subject=lambda row: _("Reward or penalty no. %(no)s") % {"no": row.id},
    )


@register
def coaching_plan_changes(employee: Employee) -> list[Entry]:
    versions = CoachingPlan.history.filter(employee_id=employee.pk).select_related(
        "history_user__employee", "owner__employee"
    )
    return changes(
        list(versions),
        ["origin", "reason", "owner", "status", "next_check_in"],
        subject=lambda row: _("Coaching plan no. %(no)s") % {"no": row.id},
    )


@register
def trial_post_log_changes(employee: Employee) -> list[Entry]:
    versions = TrialPostLog.history.filter(enrollment__employee_id=employee.pk).select_related("history_user__employee")
    return changes(
        list(versions),
        ["chats_handled", "problems", "score", "note"],
        subject=lambda row: _("Trial-post log · day %(day)s") % {"day": row.day_number},
    )
