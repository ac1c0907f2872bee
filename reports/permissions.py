"""Who may ask for, see and download which Excel report, and whose figures the dashboards show.

* HR: every report, every cohort, every trainer's and mentor's figures.
* A trainer: the cohort report, the training report and the employee list of a cohort they train,
  and the transcript of a member of such a cohort. A cohort or an employee outside that scope is a
  404 (its existence is not revealed); the reports that span every cohort (a training report over
  dates, the weekly HR report, the list of all employees) are a 403. A trainer sees and downloads
  only the reports they asked for, and only while the cohort or the employee is still within their
  scope. Their dashboard covers the cohorts they train.
* Trainees and mentors: none. A trainee does not get their own transcript because it holds what the
  portal does not show them (hidden exam scores, HR's reasons for status changes, assessors' comments).
* In the admin, superusers and HR see every report; anyone else only the reports they asked for.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from employees.models import Employee
from employees.roles import Role, has_role
from training.models import Cohort
from training.permissions import cohorts_for, is_trainer_of, is_trainer_of_employee

from .models import Report, ReportKind


def sees_every_cohort(user: User | AnonymousUser) -> bool:
    """HR: every cohort and every report, including those across every cohort; the dashboards' full view."""
    return has_role(user, Role.HR)


def report_cohorts(user: User) -> QuerySet[Cohort]:
    """The cohorts the user may ask reports about: HR every one, a trainer those they train."""
    return cohorts_for(user)


def may_see(user: User, kind: str, params: dict[str, Any]) -> bool:
    """Is the subject of a report within the trainer's scope (HR: always)?"""
    if has_role(user, Role.HR):
        return True
    if not has_role(user, Role.TRAINER):
        return False
    if kind == ReportKind.TRANSCRIPT:
        employee_id = params.get("employee_id")
        return employee_id is not None and is_trainer_of_employee(user, employee_id)
    cohort_id = params.get("cohort_id")
    return cohort_id is not None and is_trainer_of(user, cohort_id)


def check_employee_in_scope(user: User, employee_id: int) -> None:
    """404 unless the employee exists and the user is HR or trains a cohort they are enrolled in."""
    get_object_or_404(Employee, pk=employee_id)
    if not has_role(user, Role.HR) and not is_trainer_of_employee(user, employee_id):
        raise Http404


def get_report_for_user(user: User, pk: int) -> Report:
    """HR: any report. A trainer: reports they asked for whose subject is still in their scope.
    Anything else: 404."""
    report = get_object_or_404(Report.objects.select_related("requested_by"), pk=pk)
    if has_role(user, Role.HR):
        return report
    if report.requested_by_id == user.pk and may_see(user, report.kind, report.params):
        return report
    raise Http404


def reports_for(user: User, reports: QuerySet[Report]) -> QuerySet[Report]:
    """On the portal's pages: HR every report; anyone else the reports they asked for."""
    return reports if has_role(user, Role.HR) else reports.filter(requested_by=user)


def admin_reports_for(user: User, reports: QuerySet[Report]) -> QuerySet[Report]:
    """In the admin: superusers and HR every report; anyone else the reports they asked for."""
    if user.is_superuser or has_role(user, Role.HR):
        return reports
    return reports.filter(requested_by=user)
