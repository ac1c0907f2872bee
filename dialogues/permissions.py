"""Who reaches which dialogue page.

* Trainees practise: the scenario list, starting a run and replying are theirs (``role_required(Role.TRAINEE)``);
  a run is replied to only by its own employee (anyone else: 404).
* A run's page is read by its employee, by HR, by a trainer of a cohort the employee is (or was) enrolled in,
  and by the employee's mentor; anyone else gets a 404.
* Scoring (the queue and the rubric) is HR's and the trainers': HR scores anyone, a trainer the people of
  the cohorts they train. Outside the scope: 404.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from employees.permissions import is_mentor_of
from employees.roles import Role, has_role
from training.models import Enrollment
from training.permissions import is_trainer_of_employee

from .models import Scenario, Session

SCORERS = (Role.HR, Role.TRAINER)
READERS = (Role.HR, Role.TRAINER, Role.MENTOR, Role.TRAINEE)


def sessions_in_scope(user: User) -> QuerySet[Session]:
    """The runs a scorer may score: HR every run, a trainer those of the people of their cohorts."""
    if has_role(user, Role.HR):
        return Session.objects.all()
    if not has_role(user, Role.TRAINER):
        return Session.objects.none()
    trained = Enrollment.objects.filter(cohort__trainers=user).values("employee_id")
    return Session.objects.filter(employee_id__in=trained)


def may_score(user: User, session: Session) -> bool:
    if has_role(user, Role.HR):
        return True
    return has_role(user, Role.TRAINER) and is_trainer_of_employee(user, session.employee_id)


def _session(pk: int) -> Session:
    return get_object_or_404(
        Session.objects.select_related("scenario", "employee__mentor", "employee__user", "scored_by"), pk=pk
    )


def get_scenario_to_practise(code: str) -> Scenario:
    return get_object_or_404(Scenario.objects.filter(active=True), code=code)


def get_own_session(user: User, pk: int) -> Session:
    session = _session(pk)
    if session.employee.user_id != user.pk:
        raise Http404
    return session


def get_session_for_user(user: User, pk: int) -> Session:
    session = _session(pk)
    if session.employee.user_id == user.pk or may_score(user, session):
        return session
    if has_role(user, Role.MENTOR) and is_mentor_of(user, session.employee):
        return session
    raise Http404


def get_session_to_score(user: User, pk: int) -> Session:
    session = _session(pk)
    if not may_score(user, session):
        raise Http404
    return session
