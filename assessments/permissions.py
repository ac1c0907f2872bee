"""Who may see and do what in assessments.

* A trainee: only their own attempts and enrollments (anyone else's is a 404, not revealed).
* Exam alerts, the grading of short answers, practical assessments and the per-item score-sheet
  averages: HR every cohort; a trainer the cohorts they train and their members. In the admin, a
  superuser counts as HR; only a superuser deletes an attempt.
* The score-sheet averages per trainer and mentor: HR everyone's; a trainer only their own.
* The go-live page: HR, the cohort's trainers and the trainee's own mentor. A trainer of the cohort
  signs off as trainer and may eliminate, the mentor signs off as mentor, HR may eliminate. Anyone
  else with one of those roles gets a 404; other roles a 403.
* Typing results: the employee themself, HR, a trainer of one of their cohorts, their mentor.
* The question import: HR and trainers.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from employees.models import Employee
from employees.permissions import employee_of, is_mentor_of
from employees.roles import Role, has_role
from training.models import Cohort, Enrollment
from training.permissions import (
    cohorts_for,
    cohorts_trained_by,
    get_cohort_for_user,
    is_trainer_of,
    is_trainer_of_employee,
)

from .models import Answer, Attempt, PracticalAssessment, TypingResult


def sees_every_cohort(user: User | AnonymousUser) -> bool:
    """HR: every cohort's figures and every trainer's and mentor's scores."""
    return has_role(user, Role.HR)


def may_import_questions(user: User | AnonymousUser) -> bool:
    return has_role(user, Role.HR, Role.TRAINER)


def may_delete_attempts(user: User | AnonymousUser) -> bool:
    return user.is_superuser


def own_employee(user: User) -> Employee:
    """The trainee's own employee record; a login without one gets a 404."""
    employee = employee_of(user)
    if employee is None:
        raise Http404
    return employee


def get_own_attempt(user: User, pk: int) -> Attempt:
    """The trainee's own attempt; another trainee's is not found, not forbidden."""
    return get_object_or_404(Attempt.objects.select_related("exam", "employee"), pk=pk, employee=own_employee(user))


def get_own_enrollment(user: User, pk: int) -> Enrollment:
    """The trainee's own enrollment; anyone else's is a 404 (do not leak that it exists)."""
    return get_object_or_404(
        Enrollment.objects.select_related("cohort", "plan", "employee__mentor"), pk=pk, employee__user=user
    )


def alert_cohorts(user: User) -> QuerySet[Cohort] | None:
    """The cohorts whose exam alerts the user sees: None (every one) for HR."""
    return None if sees_every_cohort(user) else cohorts_trained_by(user)


def rating_cohorts(user: User) -> QuerySet[Cohort]:
    """The cohorts whose score-sheet averages per plan item the user sees: HR every one."""
    return cohorts_for(user)


def gradable_answers(user: User, answers: QuerySet[Answer]) -> QuerySet[Answer]:
    """HR and superusers: every answer; a trainer: those of trainees in the cohorts they train."""
    if getattr(user, "is_superuser", False) or has_role(user, Role.HR):
        return answers
    return answers.filter(attempt__employee__enrollments__cohort__in=cohorts_trained_by(user)).distinct()


def get_go_live_scope(user: User, pk: int) -> tuple[Enrollment, set[str]]:
    """The enrollment and what the user may do on its go-live page: 'trainer' and 'eliminate' (a
    trainer of the cohort), 'eliminate' (HR), 'mentor' (the trainee's own mentor)."""
    if not has_role(user, Role.HR, Role.TRAINER, Role.MENTOR):
        raise PermissionDenied
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("employee", "employee__mentor", "cohort", "plan"), pk=pk
    )
    can: set[str] = set()
    if has_role(user, Role.TRAINER) and is_trainer_of(user, enrollment.cohort):
        can |= {"trainer", "eliminate"}
    if has_role(user, Role.HR):
        can.add("eliminate")
    if is_mentor_of(user, enrollment.employee):
        can.add("mentor")
    if not (can or has_role(user, Role.HR)):
        raise Http404
    return enrollment, can


def get_member_for_user(user: User, pk: int, employee_pk: int) -> tuple[Cohort, Employee]:
    """The cohort (in the user's scope) and one of its members; 404 outside either."""
    cohort = get_cohort_for_user(user, pk)
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("employee"), cohort=cohort, employee_id=employee_pk
    )
    return cohort, enrollment.employee


def get_practical_for_user(user: User, pk: int, assessment_pk: int) -> tuple[Cohort, PracticalAssessment]:
    """The cohort (in the user's scope) and a practical assessment of one of its members."""
    cohort = get_cohort_for_user(user, pk)
    assessment = get_object_or_404(
        PracticalAssessment.objects.select_related("rubric", "employee", "assessor"),
        pk=assessment_pk,
        employee__enrollments__cohort=cohort,
    )
    return cohort, assessment


def may_see_typing_of(user: User, employee: Employee) -> bool:
    """The employee themself, HR, a trainer of one of their cohorts, or their mentor."""
    if employee.user_id == user.pk or has_role(user, Role.HR):
        return True
    if has_role(user, Role.TRAINER) and is_trainer_of_employee(user, employee):
        return True
    if has_role(user, Role.MENTOR):
        return is_mentor_of(user, employee)
    return False


def get_typing_employee_for_user(user: User, pk: int) -> Employee:
    employee = get_object_or_404(Employee.objects.select_related("user"), pk=pk)
    if not may_see_typing_of(user, employee):
        raise Http404
    return employee


def get_typing_result_for_user(user: User, pk: int) -> TypingResult:
    result = get_object_or_404(TypingResult.objects.select_related("employee", "passage"), pk=pk)
    if not may_see_typing_of(user, result.employee):
        raise Http404
    return result
