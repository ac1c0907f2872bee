"""The roster's checks against the database: employee numbers and logins already taken, the mentors, and a plan
for every position class, in four queries whatever the number of rows (``database_problems``)."""

from __future__ import annotations

from typing import TypedDict

from django.contrib.auth.models import User
from django.db.models.functions import Upper
from django.utils.translation import gettext as _

from employees.models import Employee, PositionClass, Status
from training.models import Cohort

from .columns import COLUMN_BY_KEY, Problem, RosterRow


def _duplicates_in_file(rows: list[RosterRow], header: str) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for row in rows:
        if not row.employee_no:
            continue
        key = row.employee_no.upper()
        if key in first:
            problems.append(
                Problem(
                    row.row,
                    header,
                    _("The employee number %(no)s is already in row %(row)s of this file.")
                    % {"no": row.employee_no, "row": first[key]},
                )
            )
        else:
            first[key] = row.row
    return problems


class _Mentor(TypedDict):
    """What the checks read of a mentor named in the file."""

    pk: int
    user_id: int
    name: str
    status: str
    employee_no: str


def database_problems(rows: list[RosterRow], cohort: Cohort) -> list[Problem]:
    """The checks that need the database, in four queries whatever the number of rows: employee numbers and
    logins already taken, the mentors, and a plan for every position class."""
    from training.models import PlanTemplate
    from training.services import PlanError, pick_plan

    no_header = COLUMN_BY_KEY["employee_no"].header
    mentor_header = COLUMN_BY_KEY["mentor"].header
    problems = _duplicates_in_file(rows, no_header)
    numbers = {row.employee_no.upper() for row in rows if row.employee_no}
    taken_numbers = set(
        Employee.objects.annotate(key=Upper("employee_no")).filter(key__in=numbers).values_list("key", flat=True)
    )
    taken_logins = set(
        User.objects.annotate(key=Upper("username")).filter(key__in=numbers).values_list("key", flat=True)
    )
    mentor_numbers = {row.mentor_no.upper() for row in rows if row.mentor_no}
    mentors: dict[str, _Mentor] = {
        m["key"]: m
        for m in Employee.objects.annotate(key=Upper("employee_no"))
        .filter(key__in=mentor_numbers)
        .values("key", "pk", "user_id", "name", "status", "employee_no")
    }
    plans = list(PlanTemplate.objects.filter(is_active=True, tier=cohort.tier))
    plan_missing: dict[str, list[RosterRow]] = {}
    plan_ok: set[str] = set()
    for row in rows:
        key = row.employee_no.upper()
        if key and key in taken_numbers:
            problems.append(
                Problem(
                    row.row,
                    no_header,
                    _("The employee number %(no)s is already taken by an employee in the portal.")
                    % {"no": row.employee_no},
                )
            )
        elif key and key in taken_logins:
            problems.append(
                Problem(
                    row.row,
                    no_header,
                    _("The login %(no)s is already taken (the employee number is the login name).")
                    % {"no": row.employee_no},
                )
            )
        if row.mentor_no:
            problems.extend(_check_mentor(row, mentors, numbers, mentor_header))
        if row.position_class and row.position_class not in plan_ok:
            try:
                pick_plan(tier=cohort.tier, position_class=row.position_class, plans=plans)
            except PlanError:
                plan_missing.setdefault(row.position_class, []).append(row)
            else:
                plan_ok.add(row.position_class)
    for position_class, affected in plan_missing.items():
        problems.append(
            Problem(
                affected[0].row,
                COLUMN_BY_KEY["position_class"].header,
                _(
                    "No active plan of this cohort's tier serves %(class)s (%(count)s rows). Add one in the admin "
                    "under plan templates, or import these people into another cohort."
                )
                % {"class": PositionClass(position_class).label, "count": len(affected)},
            )
        )
    return problems


def _check_mentor(row: RosterRow, mentors: dict[str, _Mentor], numbers: set[str], header: str) -> list[Problem]:
    key = row.mentor_no.upper()
    mentor = mentors.get(key)
    if mentor is None:
        if key in numbers:
            message = _(
                "%(no)s is a new hire in this file and cannot mentor anyone yet. Name an existing employee who "
                "already works on their own, or leave the mentor empty and assign one later."
            )
        else:
            message = _(
                "No employee has the number %(no)s. Write the employee number of an existing mentor, or leave it empty."
            )
        row.shown["mentor"] = row.mentor_no
        return [Problem(row.row, header, message % {"no": row.mentor_no})]
    row.mentor_id, row.mentor_user_id, row.mentor_name = mentor["pk"], mentor["user_id"], mentor["name"]
    if mentor["status"] != Status.LIVE:
        return [
            Problem(
                row.row,
                header,
                _("%(name)s (%(no)s) is “%(status)s”, not live: only employees who work on their own can mentor.")
                % {"name": mentor["name"], "no": mentor["employee_no"], "status": Status(mentor["status"]).label},
            )
        ]
    return []
