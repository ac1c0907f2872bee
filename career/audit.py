"""Timeline sources for an employee's page (see ``employees.audit``): certifications and refresher needs.
Both are records that are only ever added (a need is later linked to a refresher enrollment), so each row
is one entry. One query each."""

from __future__ import annotations

from django.utils.translation import gettext as _

from employees.audit import Change, Entry, person, register, shown
from employees.models import Employee

from .models import Certification, RefresherNeed


@register
def certification_entries(employee: Employee) -> list[Entry]:
    rows = Certification.objects.filter(employee=employee).select_related(
        "competency", "created_by__employee", "attempt__exam", "enrollment__cohort"
    )
    entries = []
    for row in rows:
        changes = [
            Change(str(Certification._meta.get_field("valid_until").verbose_name), "—", shown(row.valid_until)),
            Change(str(Certification._meta.get_field("source").verbose_name), "—", row.get_source_display()),
        ]
        if row.attempt is not None and row.attempt.exam is not None:
            changes.append(Change(_("exam"), "—", row.attempt.exam.title))
        if row.enrollment is not None:
            changes.append(Change(_("cohort"), "—", row.enrollment.cohort.name))
        entries.append(
            Entry(
                when=row.created_at,
                who=person(row.created_by),
                subject=_("Certification · %(competency)s") % {"competency": row.competency.name},
                changes=changes,
                note=row.reason,
            )
        )
    return entries


@register
def refresher_need_entries(employee: Employee) -> list[Entry]:
    rows = RefresherNeed.objects.filter(employee=employee).select_related("created_by__employee", "enrollment__cohort")
    entries = []
    for row in rows:
        changes = [Change(str(RefresherNeed._meta.get_field("source").verbose_name), "—", row.get_source_display())]
        if row.enrollment is not None:
            changes.append(Change(_("refresher cohort"), "—", row.enrollment.cohort.name))
        entries.append(
            Entry(
                when=row.created_at,
                who=person(row.created_by),
                subject=_("Refresher needed"),
                changes=changes,
                note=row.reason,
            )
        )
    return entries
