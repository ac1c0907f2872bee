"""Timeline source for an employee's page: the handbook confirmation and HR opening day 1 (see
``employees.audit``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from employees.audit import Entry, changes, register
from employees.models import Employee

from .models import Readiness


@register
def pre_onboarding_changes(employee: Employee) -> list[Entry]:
    versions = Readiness.history.filter(enrollment__employee_id=employee.pk).select_related(
        "enrollment__cohort", "overridden_by__employee", "history_user__employee"
    )
    entries = changes(
        list(versions),
        ["handbook_confirmed_at", "overridden_by", "override_reason"],
        subject=lambda row: _("Pre-onboarding · %(cohort)s") % {"cohort": row.enrollment.cohort.name},
    )
    reason = str(Readiness._meta.get_field("override_reason").verbose_name)
    for entry in entries:
        entry.override = any(change.field == reason for change in entry.changes)
    return entries
