"""Writes about people: hiring, status changes with their history, cohorts and enrollments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, Group, User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from training.services import pick_plan, schedule_cohort

from .models import FINISHED_STATUSES, Cohort, Employee, Enrollment, Status, StatusChange
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
    by: AbstractBaseUser | None,
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
    if User.objects.filter(username=username).exists():
        raise EmployeeError(_("The login %(username)s is already taken.") % {"username": username})
    if Employee.objects.filter(employee_no=employee_no).exists():
        raise EmployeeError(_("Employee number %(no)s is already taken.") % {"no": employee_no})
    user = User(username=username, first_name=name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    user.groups.add(*Group.objects.filter(name__in=roles))
    employee = Employee.objects.create(
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
    StatusChange.objects.create(
        employee=employee, from_status="", to_status=employee.status, reason=_("Hired"), changed_by=by
    )
    if mentor is not None:
        # Whoever is named a mentor gets the mentor's pages (roll call, my mentees).
        Group.objects.get(name=Role.MENTOR).user_set.add(mentor.user_id)
    return employee


@transaction.atomic
def change_status(
    *, employee: Employee, to_status: str, reason: str, by: AbstractBaseUser, on: date | None = None
) -> StatusChange:
    """Change an employee's status and record who, when, why and where in the plan: the plan day
    reached on `on` (default today), for a change recorded after the day it happened."""
    if to_status not in Status.values:
        raise EmployeeError(_("Unknown status."))
    if to_status == employee.status:
        raise EmployeeError(_("The employee already has this status."))
    if not reason.strip():
        raise EmployeeError(_("Give a reason for the change."))
    from training.selectors import current_position

    position = current_position(employee=employee, on=on or timezone.localdate())
    change = StatusChange.objects.create(
        employee=employee,
        from_status=employee.status,
        to_status=to_status,
        reason=reason.strip(),
        changed_by=by,
        phase_number=position.phase_number if position else None,
        day_number=position.day_number if position else None,
    )
    employee.status = to_status
    employee.save(update_fields=["status"])
    return change


@transaction.atomic
def create_cohort(
    *,
    name: str,
    tier: str,
    start_date: date,
    trainers: Sequence[User],
    by: AbstractBaseUser,
    location: str = "",
) -> Cohort:
    cohort = Cohort.objects.create(name=name, tier=tier, start_date=start_date, location=location, created_by=by)
    cohort.trainers.set(trainers)
    return cohort


@transaction.atomic
def enroll(*, cohort: Cohort, employees: Sequence[Employee]) -> list[Enrollment]:
    """Put employees into a cohort on the plan for the cohort's tier and their class, and
    schedule them. Refuses (and writes nothing) if one has no plan or is already a member."""
    already = set(
        Enrollment.objects.filter(cohort=cohort, employee__in=employees).values_list("employee__name", flat=True)
    )
    if already:
        raise EmployeeError(_("Already in this cohort: %(names)s") % {"names": "、".join(sorted(already))})
    finished = [e.name for e in employees if e.status in FINISHED_STATUSES]
    if finished:
        raise EmployeeError(_("No longer in training: %(names)s") % {"names": "、".join(finished)})
    from training.models import PlanTemplate

    plans = list(PlanTemplate.objects.filter(is_active=True, tier=cohort.tier))
    enrollments = [
        Enrollment(
            cohort=cohort, employee=e, plan=pick_plan(tier=cohort.tier, position_class=e.position_class, plans=plans)
        )
        for e in employees
    ]
    Enrollment.objects.bulk_create(enrollments)
    schedule_cohort(cohort=cohort, enrollments=enrollments, new=True)
    # Someone who joins a cohort that has already begun is in training from the start.
    today = timezone.localdate()
    if cohort.start_date <= today:
        start_due_trainings(on=today, employee_ids=[e.pk for e in employees])
    return enrollments


@transaction.atomic
def hire_into_cohort(*, cohort: Cohort, by: AbstractBaseUser, **employee_fields: Any) -> Employee:
    """Create a new hire and enroll them in one go: if no plan serves them, nothing is kept."""
    employee = create_employee(tier=cohort.tier, by=by, **employee_fields)
    enroll(cohort=cohort, employees=[employee])
    return employee


@transaction.atomic
def assign_mentors(*, assignments: dict[Employee, Employee | None]) -> int:
    """Set each trainee's mentor (师傅); an employee cannot mentor themself."""
    changed = []
    for trainee, mentor in assignments.items():
        if mentor is not None and mentor.pk == trainee.pk:
            raise EmployeeError(_("%(name)s cannot be their own mentor.") % {"name": trainee.name})
        if trainee.mentor_id != (mentor.pk if mentor else None):
            trainee.mentor = mentor
            changed.append(trainee)
    Employee.objects.bulk_update(changed, ["mentor"])
    if changed:
        mentor_group = Group.objects.get(name=Role.MENTOR)
        mentor_group.user_set.add(*{m.user_id for m in assignments.values() if m is not None})
    return len(changed)


@transaction.atomic
def start_due_trainings(*, on: date, employee_ids: Sequence[int] | None = None) -> list[StatusChange]:
    """Hires whose plan day 1 has come move from pre-onboarding to in training, in a constant
    number of queries. The rows are locked and re-read before the update, so a second run, or a
    second worker at the same moment, changes nothing and records nothing twice."""
    due = Employee.objects.filter(
        status=Status.PRE_ONBOARDING,
        enrollments__scheduled_days__day_number=1,
        enrollments__scheduled_days__date__lte=on,
    )
    if employee_ids is not None:
        due = due.filter(pk__in=employee_ids)
    candidates = set(due.values_list("pk", flat=True))
    if not candidates:
        return []
    locked = list(
        Employee.objects.select_for_update()
        .filter(pk__in=candidates, status=Status.PRE_ONBOARDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    Employee.objects.filter(pk__in=locked).update(status=Status.IN_TRAINING)
    return StatusChange.objects.bulk_create(
        StatusChange(
            employee_id=pk,
            from_status=Status.PRE_ONBOARDING,
            to_status=Status.IN_TRAINING,
            reason=_("Training started (day 1 reached)"),
            phase_number=None,
            day_number=1,
        )
        for pk in locked
    )
