"""Timeline sources for an employee's page: attendance and completion, shadowing logs, the state of their
trainings, and the start date and other settings of their cohorts (see ``employees.audit``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from employees.audit import Entry, changes, register
from employees.models import Employee

from .models import Cohort, Enrollment, EnrollmentState, ItemRecord, ShadowingLog


def _item_subject(row: Any) -> str:
    return _("Attendance · day %(day)s · %(topic)s") % {"day": row.item.day_number, "topic": row.item.topic}


@register
def attendance_changes(employee: Employee) -> list[Entry]:
    versions = ItemRecord.history.filter(enrollment__employee_id=employee.pk).select_related(
        "item", "history_user__employee"
    )
    return changes(list(versions), ["attendance", "completed", "note"], subject=_item_subject)


@register
def shadowing_log_changes(employee: Employee) -> list[Entry]:
    versions = ShadowingLog.history.filter(enrollment__employee_id=employee.pk).select_related("history_user__employee")
    return changes(
        list(versions),
        ["chats_observed", "score", "notes"],
        subject=lambda row: _("Shadowing log · day %(day)s") % {"day": row.day_number},
    )


@register
def cohort_changes(employee: Employee) -> list[Entry]:
    """Changes to the employee's cohorts after they were created: a moved start date above all."""
    cohort_ids = Enrollment.objects.filter(employee_id=employee.pk).values("cohort_id")
    versions = Cohort.history.filter(id__in=cohort_ids).select_related("history_user__employee")
    return changes(
        list(versions),
        ["name", "start_date", "location", "tier"],
        subject=lambda row: _("Cohort · %(name)s") % {"name": row.name},
        skip_created=True,
    )


# Every enrollment starts enrolled with no outcome: the first version recorded after a bulk insert (which keeps
# none) is compared against that.
_ENROLLMENT_START = {"state": EnrollmentState.ENROLLED, "outcome": "", "outcome_note": "", "ended_on": None}


@register
def enrollment_changes(employee: Employee) -> list[Entry]:
    """The state of each of the employee's trainings: started, completed, withdrawn, failed, reopened."""
    versions = Enrollment.history.filter(employee_id=employee.pk).select_related("cohort", "history_user__employee")
    return changes(
        list(versions),
        ["state", "outcome", "outcome_note", "ended_on"],
        subject=lambda row: _("Training · %(cohort)s") % {"cohort": row.cohort.name if row.cohort else "—"},
        first_before=lambda row, name: _ENROLLMENT_START[name],
        skip_created=True,
    )
