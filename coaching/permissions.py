"""Who may see and do what in coaching. The wrong role is a 403 (``role_required`` on the views, HR, trainers
and mentors only); an object outside your scope is a 404.

* Trial-post log: the trainee's own mentor writes it; HR and the cohort's trainers read it.
* Coaching plans: HR sees and changes every plan. Others see the plans they own or created and the plans about
  their mentees; only HR and the owner change a plan or record a check-in. A plan is started by HR for anyone,
  by a mentor for a mentee, by a trainer for someone in a cohort they train.
* Rewards and penalties: proposed by HR (anyone), a mentor (their mentees) or a trainer (the people in their
  cohorts); seen by HR and by whoever proposed them; decided (approved or rejected) by HR alone.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404
from django.shortcuts import get_object_or_404

from employees.models import Employee
from employees.permissions import is_mentor_of
from employees.roles import Role, has_role
from training.models import Enrollment
from training.permissions import is_trainer_of, is_trainer_of_employee

from .models import CoachingPlan, RewardPenalty
from .selectors import plans_visible_to, rewards_visible_to

STAFF = (Role.HR, Role.TRAINER, Role.MENTOR)


def get_trial_post_scope(user: User, pk: int) -> tuple[Enrollment, bool]:
    """The enrollment and whether the user writes its trial-post log (its trainee's own mentor); HR and the
    cohort's trainers read it; anyone else: 404."""
    enrollment = get_object_or_404(Enrollment.objects.select_related("employee__mentor", "cohort", "plan"), pk=pk)
    if has_role(user, Role.MENTOR) and is_mentor_of(user, enrollment.employee):
        return enrollment, True
    if has_role(user, Role.HR) or (has_role(user, Role.TRAINER) and is_trainer_of(user, enrollment.cohort)):
        return enrollment, False
    raise Http404


def may_act_for(user: User | AnonymousUser, employee: Employee) -> bool:
    """May the user start a coaching plan or propose a reward or penalty for this employee?"""
    if employee.user_id == user.pk:
        return False  # nobody coaches or rewards themself
    if has_role(user, Role.HR):
        return True
    if has_role(user, Role.MENTOR) and is_mentor_of(user, employee):
        return True
    return has_role(user, Role.TRAINER) and isinstance(user, User) and is_trainer_of_employee(user, employee)


def get_subject_for_user(user: User, pk: int | str | None) -> Employee:
    """The employee a new plan or proposal is about (from ``?employee=``); 404 outside the user's scope."""
    try:
        employee_pk = int(pk or "")
    except ValueError:
        raise Http404 from None
    employee = get_object_or_404(Employee.objects.select_related("mentor", "user"), pk=employee_pk)
    if not may_act_for(user, employee):
        raise Http404
    return employee


def get_plan_for_user(user: User, pk: int) -> tuple[CoachingPlan, bool]:
    """A plan the user may see, and whether they may change it (HR or its owner)."""
    plan = get_object_or_404(
        plans_visible_to(user).select_related("employee__mentor", "owner__employee", "created_by"), pk=pk
    )
    return plan, has_role(user, Role.HR) or plan.owner_id == user.pk


def get_reward_for_user(user: User, pk: int) -> RewardPenalty:
    return get_object_or_404(
        rewards_visible_to(user).select_related("employee", "proposed_by__employee", "decided_by__employee"), pk=pk
    )


def may_decide_rewards(user: User | AnonymousUser) -> bool:
    return has_role(user, Role.HR)
