"""The audit trail: who changed what, before → after, read from django-simple-history's tables.

Every audited model carries ``history = HistoricalRecords(...)``; saves record a row by themselves, and the
services' bulk writes use simple-history's ``bulk_create_with_history`` / ``bulk_update_with_history`` (or,
for the roster import, a COPY of the same rows). The author is the request's user
(``HistoryRequestMiddleware``) or, without a request, the service's ``by``.

An employee's timeline gathers what concerns them from every app. The apps above this one register a
*source* each (``register``, called from their ``AppConfig.ready``), so that this module imports nothing
from them: a source reads all versions of the rows about one employee in one query, and ``changes`` turns
consecutive versions into "field: before → after" in readable words (verbose names, choice labels,
people's names). The status history (``StatusChange``) joins the same timeline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

from .models import Employee, Status, StatusChange


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass
class Entry:
    """One line of the timeline: who, when, on what, and the fields that changed."""

    when: datetime
    who: str
    subject: str
    changes: list[Change] = field(default_factory=list)
    note: str = ""
    override: bool = False
    # Where in the plan the person stood (status changes): "phase 2, day 5", "day 1", "before day 1".
    position: str = ""


Source = Callable[[Employee], list[Entry]]
_sources: list[Source] = []


def register(source: Source) -> Source:
    """Add a timeline source (an app's ``ready`` does it); usable as a decorator."""
    if source not in _sources:
        _sources.append(source)
    return source


def person(user: User | None) -> str:
    """A user's display name: the employee's name, else the full name, else the login ("—" for nobody)."""
    if user is None:
        return _("System")
    try:
        return user.employee.name
    except ObjectDoesNotExist:
        return user.get_full_name() or user.get_username()


def shown(value: Any, model_field: models.Field | None = None) -> str:
    """A value as a person reads it."""
    if value is None or value == "":
        return "—"
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, User):
        return person(value)
    if isinstance(value, datetime):
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def _value(row: models.Model, name: str) -> Any:
    model_field = row._meta.get_field(name)
    if isinstance(model_field, models.ForeignKey):
        return getattr(row, name) if getattr(row, model_field.attname) is not None else None
    return getattr(row, name)


def changes(
    versions: Sequence[Any],
    fields: Sequence[str],
    *,
    subject: Callable[[Any], str],
    first_before: Callable[[Any, str], Any] | None = None,
    skip_created: bool = False,
) -> list[Entry]:
    """Entries from the historical rows of several objects (all versions, any order): each version against
    the one before it of the same object. A first version that is a creation lists the values it was created
    with; a first version that is a change (its creation predates the audit trail, or came from a bulk write
    that keeps none) compares against ``first_before(row, field)``, or shows the new values only."""
    entries: list[Entry] = []
    previous: dict[Any, Any] = {}
    for row in sorted(versions, key=lambda r: (r.id, r.history_date, r.history_id)):
        before = previous.get(row.id)
        previous[row.id] = row
        if before is None and row.history_type == "+" and skip_created:
            continue
        found = []
        for name in fields:
            model_field = row.instance_type._meta.get_field(name)
            after_value = _value(row, name)
            if before is not None:
                before_value = _value(before, name)
            elif first_before is not None:
                before_value = first_before(row, name)
            else:
                before_value = None
            if before is not None and getattr(before, model_field.attname) == getattr(row, model_field.attname):
                continue
            if before is None and after_value in (None, "", False):
                continue  # a first version lists what it set, not the empty fields
            old, new = shown(before_value, model_field), shown(after_value, model_field)
            if old != new:
                found.append(Change(str(model_field.verbose_name), old, new))
        if found:
            entries.append(
                Entry(when=row.history_date, who=person(row.history_user), subject=subject(row), changes=found)
            )
    return entries


# ---------------------------------------------------------------------------- the employee's own sources

EMPLOYEE_FIELDS = ["employee_no", "name", "phone", "tier", "position_class", "hire_date", "team", "mentor"]


@register
def employee_changes(employee: Employee) -> list[Entry]:
    """Tier, mentor and the other fields of the employee (their creation is the status history's "Hired")."""
    versions = Employee.history.filter(id=employee.pk).select_related("mentor", "history_user__employee")
    label = str(Employee._meta.verbose_name)
    return changes(list(versions), EMPLOYEE_FIELDS, subject=lambda row: label, skip_created=True)


@register
def status_changes(employee: Employee) -> list[Entry]:
    entries = []
    for c in StatusChange.objects.filter(employee=employee).select_related("changed_by__employee"):
        before = Status(c.from_status).label if c.from_status else "—"
        entries.append(
            Entry(
                when=c.changed_at,
                who=person(c.changed_by),
                subject=str(StatusChange._meta.verbose_name),
                changes=[Change(str(_("status")), str(before), str(Status(c.to_status).label))],
                note=c.reason,
                override=c.override,
                position=plan_position(c.phase_number, c.day_number),
            )
        )
    return entries


def plan_position(phase: int | None, day: int | None) -> str:
    """Where in the plan a change happened, in words (never "phase None")."""
    if day is None:
        return ""
    if day == 0:
        return _("Before day 1")
    if phase is None:
        return _("day %(day)s") % {"day": day}
    return _("phase %(phase)s, day %(day)s") % {"phase": phase, "day": day}


def timeline(employee: Employee, *, sources: Iterable[Source] | None = None) -> list[Entry]:
    """Every registered source's entries about the employee, newest first (one query a source)."""
    entries: list[Entry] = []
    for source in _sources if sources is None else sources:
        entries.extend(source(employee))
    # Each source gives its entries oldest first: of two at the same instant, the later one stays on top.
    order = {id(e): i for i, e in enumerate(entries)}
    entries.sort(key=lambda e: (e.when, order[id(e)]), reverse=True)
    return entries
