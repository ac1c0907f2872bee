"""Writes about people: hiring, status changes with their history, cohorts and enrollments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.contrib.auth.models import Group, User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from .models import Employee, StatusChange
from .roles import Role


class EmployeeError(Exception):
    """A change to an employee is refused; the message is shown to the user."""


@transaction.atomic
def create_employee(
    *,
    employee_no: str,
    name: str,
    position_class: str,
    tier: str,
    by: User | None,
    phone: str = "",
    hire_date: date | None = None,
    team: str = "",
    mentor: Employee | None = None,
    username: str | None = None,
    password: str | None = None,
    email: str = "",
    roles: Sequence[str] = (Role.TRAINEE,),
) -> Employee:
    """Create the login and the employee together. Without a password the account gets an
    unusable one until HR sets it; the first status is recorded like every later one."""
    username = username or employee_no
    login_taken = _("The login %(username)s is already taken.") % {"username": username}
    number_taken = _("Employee number %(no)s is already taken.") % {"no": employee_no}
    if User.objects.filter(username=username).exists():
        raise EmployeeError(login_taken)
    if Employee.objects.filter(employee_no=employee_no).exists():
        raise EmployeeError(number_taken)
    user = User(username=username, first_name=name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    # Two HR users hiring the same number at once both pass the checks above; the unique constraints
    # stop the second, who gets the same message as if they had come a moment later.
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        if User.objects.filter(username=username).exists():
            raise EmployeeError(login_taken) from None
        raise
    user.groups.add(*Group.objects.filter(name__in=roles))
    try:
        with transaction.atomic():
            employee = Employee(
                user=user,
                employee_no=employee_no,
                name=name,
                phone=phone,
                tier=tier,
                position_class=position_class,
                hire_date=hire_date or timezone.localdate(),
                team=team,
                mentor=mentor,
            )
            employee._history_user = by  # type: ignore[attr-defined]  # the audit history's author without a request
            employee.save()
    except IntegrityError:
        if Employee.objects.filter(employee_no=employee_no).exists():
            raise EmployeeError(number_taken) from None
        raise
    StatusChange.objects.create(
        employee=employee, from_status="", to_status=employee.status, reason=_("Hired"), changed_by=by
    )
    if mentor is not None:
        # Whoever is named a mentor gets the mentor's pages (roll call, my mentees).
        Group.objects.get(name=Role.MENTOR).user_set.add(mentor.user_id)
    return employee


@transaction.atomic
def assign_mentors(*, assignments: dict[Employee, Employee | None], by: User | None = None) -> int:
    """Set each trainee's mentor (师傅); an employee cannot mentor themself. The audit history records
    each change, by `by` (or the request's user)."""
    changed = []
    for trainee, mentor in assignments.items():
        if mentor is not None and mentor.pk == trainee.pk:
            raise EmployeeError(_("%(name)s cannot be their own mentor.") % {"name": trainee.name})
        if trainee.mentor_id != (mentor.pk if mentor else None):
            trainee.mentor = mentor
            changed.append(trainee)
    bulk_update_with_history(changed, Employee, ["mentor"], default_user=by)
    if changed:
        mentor_group = Group.objects.get(name=Role.MENTOR)
        mentor_group.user_set.add(*{m.user_id for m in assignments.values() if m is not None})
    return len(changed)
