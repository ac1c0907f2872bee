"""Who may see and do what on the promotion track. The wrong role is a 403 (``role_required`` on the views);
a candidate, request or defence outside your scope is a 404.

* HR: everything; alone starts promotion cohorts, asks for 360 feedback, sets the panel and decides.
* Team lead: a mentor in the same team (``Employee.team``) as the employee; nominates and reads the dossier.
* Trainers of the candidate's promotion cohort: read the dossier and score the practicals.
* Judges: read the dossier of the defence they sit on and score it once.
* The candidate: hands in their practicals and keeps their goals; never sees the dossier or the 360 answers.
* A rater: answers their own request and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.http import Http404
from django.shortcuts import get_object_or_404

from employees.roles import Role, has_role

from .models import Candidate, Defence, FeedbackRequest
from .selectors import team_lead_of

STAFF = (Role.HR, Role.TRAINER, Role.MENTOR)
NOMINATORS = (Role.HR, Role.MENTOR)


@dataclass(frozen=True)
class Access:
    hr: bool = False
    trainer: bool = False
    judge: bool = False
    lead: bool = False
    candidate: bool = False

    @property
    def reads_dossier(self) -> bool:
        return self.hr or self.trainer or self.judge or self.lead

    @property
    def scores(self) -> bool:
        return self.hr or self.trainer


def access_to(user: User, candidate: Candidate) -> Access:
    """What the user is to this candidate (a few queries; none for HR)."""
    if candidate.employee.user_id == user.pk:
        return Access(candidate=True)
    if has_role(user, Role.HR):
        return Access(hr=True)
    trainer = (
        has_role(user, Role.TRAINER)
        and candidate.enrollment is not None
        and candidate.enrollment.cohort.trainers.filter(pk=user.pk).exists()
    )
    judge = Defence.objects.filter(candidate=candidate, judges=user).exists()
    return Access(trainer=trainer, judge=judge, lead=team_lead_of(user, candidate.employee))


def _candidate(pk: int) -> Candidate:
    return get_object_or_404(
        Candidate.objects.select_related("employee__user", "employee__mentor", "enrollment__cohort", "nominated_by"),
        pk=pk,
    )


def get_candidate_for_reader(user: User, pk: int) -> tuple[Candidate, Access]:
    """A candidate whose dossier the user reads (HR, the cohort's trainers, judges, the team lead)."""
    candidate = _candidate(pk)
    access = access_to(user, candidate)
    if not access.reads_dossier:
        raise Http404
    return candidate, access


def get_candidate_for_hr(pk: int) -> Candidate:
    return _candidate(pk)


def get_candidate_for_work(user: User, pk: int) -> tuple[Candidate, Access]:
    """Practicals and goals: the candidate themself, HR, and (practicals) the cohort's trainers."""
    candidate = _candidate(pk)
    access = access_to(user, candidate)
    if not (access.candidate or access.scores):
        raise Http404
    return candidate, access


def get_request_for_rater(user: User, pk: int) -> FeedbackRequest:
    return get_object_or_404(FeedbackRequest.objects.select_related("candidate__employee"), pk=pk, rater_id=user.pk)


def get_defence_for_judge(user: User, pk: int) -> Defence:
    return get_object_or_404(
        Defence.objects.select_related("candidate__employee").filter(judges=user).distinct(), candidate_id=pk
    )
