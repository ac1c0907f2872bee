"""Who may score, read and change which quality check.

* Checkers are HR and trainers (the portal has no team-lead role). HR checks anyone; a trainer checks the
  people enrolled in a cohort they train (now or before: live staff they trained), as on their other pages.
* A check is read by HR, by a trainer whose scope holds the employee, by the employee's mentor and by the
  employee (read-only; they never see other people's checks).
* A check is changed by HR, or by the trainer who scored it while the employee is still in their scope.
* The results pages: HR every team and employee; a trainer the employees of their scope (the team page
  counts only those); a mentor their mentees' results; an employee their own.

Outside your scope is a 404, the wrong role a 403 (``role_required`` in the views).
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from employees.models import Employee
from employees.permissions import is_mentor_of
from employees.roles import Role, has_role
from training.models import Enrollment
from training.permissions import is_trainer_of_employee

from .models import QualityCheck

CHECKERS = (Role.HR, Role.TRAINER)
READERS = (Role.HR, Role.TRAINER, Role.MENTOR, Role.TRAINEE)


def sees_everyone(user: User) -> bool:
    return has_role(user, Role.HR)


def checkable_employees(user: User) -> QuerySet[Employee]:
    """The employees the user may check and whose results they see as a checker."""
    if sees_everyone(user):
        return Employee.objects.all()
    if not has_role(user, Role.TRAINER):
        return Employee.objects.none()
    trained = Enrollment.objects.filter(cohort__trainers=user).values("employee_id")
    return Employee.objects.filter(pk__in=trained)


def checks_in_scope(user: User) -> QuerySet[QualityCheck]:
    """The checks of the employees the user may check (one subquery, no duplicates)."""
    if sees_everyone(user):
        return QualityCheck.objects.all()
    return QualityCheck.objects.filter(employee__in=checkable_employees(user).values("pk"))


def may_check(user: User, employee: Employee) -> bool:
    if sees_everyone(user):
        return True
    return has_role(user, Role.TRAINER) and is_trainer_of_employee(user, employee)


def get_employee_to_check(user: User, pk: int) -> Employee:
    employee = get_object_or_404(Employee.objects.select_related("mentor"), pk=pk)
    if not may_check(user, employee):
        raise Http404
    return employee


def _reads(user: User, employee: Employee) -> bool:
    """May the user read this employee's checks? The employee should come with ``mentor`` loaded."""
    if employee.user_id == user.pk or may_check(user, employee):
        return True
    return has_role(user, Role.MENTOR) and is_mentor_of(user, employee)


def get_check_for_user(user: User, pk: int) -> QualityCheck:
    check = get_object_or_404(
        QualityCheck.objects.select_related("employee__mentor", "sheet", "checker__employee"), pk=pk
    )
    if not _reads(user, check.employee):
        raise Http404
    return check


def may_edit(user: User, check: QualityCheck) -> bool:
    if sees_everyone(user):
        return True
    return check.checker_id == user.pk and may_check(user, check.employee)


def get_check_to_edit(user: User, pk: int) -> QualityCheck:
    check = get_object_or_404(QualityCheck.objects.select_related("employee__mentor", "sheet"), pk=pk)
    if not may_edit(user, check):
        raise Http404
    return check


def get_employee_results_for_user(user: User, pk: int) -> Employee:
    employee = get_object_or_404(Employee.objects.select_related("mentor"), pk=pk)
    if not _reads(user, employee):
        raise Http404
    return employee
