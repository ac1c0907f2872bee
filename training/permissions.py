"""Who may see which cohort, roll call, enrollment and plan material.

* HR: every cohort and everything in it. HR does not train a cohort unless named among its trainers.
* A trainer: the cohorts they are named a trainer of (``is_trainer_of``, ``cohorts_trained_by``) and
  the people enrolled in them (``is_trainer_of_employee``).
* A mentor: the roll call of a cohort with one of their own mentees in it, showing only their
  mentees; only a trainee's own mentor writes that trainee's shadowing log.
* Plan materials: HR, trainers and mentors any file; a trainee only the files of a plan they are
  enrolled on.

Outside your scope is a 404 (the object is not revealed); the wrong role is a 403 (``role_required``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from employees.models import Employee
from employees.permissions import employee_of, is_mentor_of, mentees_of
from employees.roles import Role, has_role

from .models import Attachment, Cohort, Enrollment


def is_trainer_of(user: User | AnonymousUser, cohort: Cohort | int) -> bool:
    """Is the user among the cohort's trainers (a Cohort or its id)? HR is not, unless named. No
    query when the cohort's trainers are prefetched, one otherwise."""
    if user.pk is None:
        return False
    if isinstance(cohort, Cohort):
        prefetched = getattr(cohort, "_prefetched_objects_cache", {}).get("trainers")
        if prefetched is not None:
            return any(trainer.pk == user.pk for trainer in prefetched)
        cohort = cohort.pk
    return Cohort.trainers.through.objects.filter(cohort_id=cohort, user_id=user.pk).exists()


def cohorts_trained_by(user: User) -> QuerySet[Cohort]:
    """The cohorts the user is named a trainer of."""
    return Cohort.objects.filter(trainers=user)


def cohorts_for(user: User) -> QuerySet[Cohort]:
    """HR: every cohort; anyone else: the cohorts they train."""
    return Cohort.objects.all() if has_role(user, Role.HR) else cohorts_trained_by(user)


def is_trainer_of_employee(user: User, employee: Employee | int) -> bool:
    """Does the user train a cohort the employee (or employee id) is enrolled in? One query."""
    employee_id = employee.pk if isinstance(employee, Employee) else employee
    return Enrollment.objects.filter(employee_id=employee_id, cohort__in=cohorts_trained_by(user)).exists()


def mentee_enrollments(mentor: Employee) -> QuerySet[Enrollment]:
    """The enrollments of the mentor's mentees, in any cohort."""
    return Enrollment.objects.filter(employee__in=mentees_of(mentor))


def get_cohort_for_user(user: User, pk: int) -> Cohort:
    """HR sees every cohort; a trainer only the cohorts they train."""
    cohort = get_object_or_404(Cohort, pk=pk)
    if has_role(user, Role.HR):
        return cohort
    if has_role(user, Role.TRAINER) and is_trainer_of(user, cohort):
        return cohort
    raise Http404


def get_roll_call_scope(user: User, pk: int) -> tuple[Cohort, Employee | None]:
    """HR and the cohort's trainers take the whole cohort's roll call; a mentor only their own
    mentees in it (returned as the second item). Anyone else: 404."""
    cohort = get_object_or_404(Cohort, pk=pk)
    if has_role(user, Role.HR) or (has_role(user, Role.TRAINER) and is_trainer_of(user, cohort)):
        return cohort, None
    if has_role(user, Role.MENTOR):
        mentor = employee_of(user)
        if mentor is not None and mentee_enrollments(mentor).filter(cohort=cohort).exists():
            return cohort, mentor
    raise Http404


def shadowing_log_scope(user: User, enrollments: Iterable[Enrollment]) -> tuple[Employee | None, set[int]]:
    """Only a trainee's own mentor writes their shadowing log: the user's employee record if they
    have the mentor role (else None), and the pks of those enrollments whose trainee they mentor.
    The enrollments should come with ``employee__mentor``."""
    me = employee_of(user) if has_role(user, Role.MENTOR) else None
    if me is None:
        return None, set()
    return me, {e.pk for e in enrollments if is_mentor_of(user, e.employee)}


def get_enrollment_for_hr(pk: int) -> Enrollment:
    return get_object_or_404(Enrollment.objects.select_related("cohort", "employee", "plan"), pk=pk)


def get_attachment_for_user(user: User, pk: int) -> Attachment:
    """HR, trainers and mentors: any plan material; a trainee only one of a plan they are enrolled on."""
    item_file = get_object_or_404(Attachment.objects.select_related("item"), pk=pk)
    if not has_role(user, Role.HR, Role.TRAINER, Role.MENTOR):
        employee = employee_of(user)
        if (
            employee is None
            or not Enrollment.objects.filter(employee=employee, plan_id=item_file.item.template_id).exists()
        ):
            raise Http404
    return item_file
