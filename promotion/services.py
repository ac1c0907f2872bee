"""Writes of the promotion track. Each refuses with ``PromotionError`` and a message meant for the user."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.models import Employee, Status, Tier
from employees.roles import Role, has_role
from quality.models import QualityCheck
from training.models import Cohort, Enrollment
from training.services import EmployeeError, create_cohort, enroll_existing

from .models import (
    CalibrationLine,
    Candidate,
    CandidateStatus,
    Decision,
    Defence,
    DefenceScore,
    FeedbackRequest,
    Goal,
    Practical,
    PracticalKind,
    Progress,
    Relation,
    Verdict,
)
from .scoring import ANSWER_MAX, ANSWER_MIN, MARK_MAX, MARK_MIN, QUESTIONS, RUBRIC, weighted_total
from .selectors import eligibility_of, team_lead_of

FEEDBACK_DAYS = 7  # a 360 request's default deadline, from the day it is sent


class PromotionError(Exception):
    """A refused write; the message says why, in the user's language."""


# ---------------------------------------------------------------------------- nomination and cohort


@transaction.atomic
def nominate(*, employee: Employee, reason: str, by: User, waiver: str = "", today: date | None = None) -> Candidate:
    """Nominate a live employee. HR nominates anyone live; a team lead (a mentor of the same team) their team.
    The eligibility rules warn: someone who does not meet them is nominated only by HR, with a reason."""
    today = today or timezone.localdate()
    if employee.status != Status.LIVE:
        raise PromotionError(
            _("Only a live employee can be nominated; %(name)s is “%(status)s”.")
            % {"name": employee.name, "status": employee.get_status_display()}
        )
    if employee.user_id == by.pk:
        raise PromotionError(_("Nobody nominates themself."))
    is_hr = has_role(by, Role.HR)
    if not is_hr and not team_lead_of(by, employee):
        raise PromotionError(_("Only HR or the lead of the employee's team may nominate them."))
    if not reason.strip():
        raise PromotionError(_("Give the reason for the nomination."))
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    if Candidate.objects.filter(employee=employee).exclude(status=CandidateStatus.DECIDED).exists():
        raise PromotionError(_("%(name)s is already on the promotion track.") % {"name": employee.name})
    eligible = eligibility_of(employee, today=today).eligible
    if not eligible and not is_hr:
        raise PromotionError(
            _("%(name)s does not meet the rules; only HR may nominate them.") % {"name": employee.name}
        )
    if not eligible and not waiver.strip():
        raise PromotionError(_("The rules are not all met: say why you nominate anyway."))
    return Candidate.objects.create(
        employee=employee,
        reason=reason.strip(),
        nominated_by=by,
        eligible_when_nominated=eligible,
        waiver=waiver.strip() if not eligible else "",
    )


@transaction.atomic
def start_promotion_cohort(
    *,
    candidates: Sequence[Candidate],
    name: str,
    start_date: date,
    trainers: Sequence[User],
    by: User,
    location: str = "",
) -> Cohort:
    """A promotion cohort of nominated candidates on the promotion plan, through the training services
    (they keep their status, get the trainee role for their today page); each candidate is then in training
    and on the promotion track tier (储备干部), recorded in the employee's history."""
    if not candidates:
        raise PromotionError(_("Pick at least one nominated candidate."))
    late = [c.employee.name for c in candidates if c.status != CandidateStatus.NOMINATED]
    if late:
        raise PromotionError(_("Already past the nomination: %(names)s") % {"names": "、".join(late)})
    cohort = create_cohort(
        name=name, tier=Tier.PROMOTION, start_date=start_date, trainers=trainers, by=by, location=location
    )
    try:
        enrollments = enroll_existing(cohort=cohort, employees=[c.employee for c in candidates])
    except EmployeeError as exc:
        raise PromotionError(str(exc)) from exc
    by_employee = {e.employee_id: e for e in enrollments}
    for candidate in candidates:
        candidate.enrollment = by_employee[candidate.employee_id]
        candidate.status = CandidateStatus.IN_TRAINING
        candidate._history_user = by  # type: ignore[attr-defined]  # the audit's author
        candidate.save(update_fields=["enrollment", "status"])
        _set_tier(candidate.employee, Tier.PROMOTION, by=by)
    return cohort


def _set_tier(employee: Employee, tier: str, *, by: User) -> None:
    """Change the employee's tier (分级) with the author in the employee's audit history."""
    if employee.tier == tier:
        return
    employee.tier = tier
    employee._history_user = by  # type: ignore[attr-defined]  # the audit history's author without a request
    employee.save(update_fields=["tier"])


# ---------------------------------------------------------------------------- practicals


def _practical(candidate: Candidate, kind: str) -> Practical:
    if kind not in PracticalKind.values:
        raise PromotionError(_("There is no such practical."))
    practical, _created = Practical.objects.select_for_update().get_or_create(candidate=candidate, kind=kind)
    return practical


def _open(candidate: Candidate) -> None:
    if candidate.status == CandidateStatus.DECIDED:
        raise PromotionError(_("The candidacy is decided; nothing changes any more."))


def mentee_choices(candidate: Candidate) -> list[Enrollment]:
    """New hires the candidate mentors (their employee record names the candidate as mentor)."""
    return list(
        Enrollment.objects.filter(employee__mentor=candidate.employee, cohort__tier=Tier.NEW_HIRE)
        .select_related("employee", "cohort")
        .order_by("-cohort__start_date", "employee__employee_no")
    )


CALIBRATION_CHATS = 10


def calibration_key(candidate: Candidate) -> list[QualityCheck]:
    """The chats of the calibration: the ten latest checks of other people in the candidate's team (or of
    anyone, when the team has too few), scored by a checker; the checker's total is the key."""
    checks = QualityCheck.objects.exclude(employee=candidate.employee).select_related("employee")
    team = list(checks.filter(employee__team=candidate.employee.team).order_by("-chat_date", "-pk")[:CALIBRATION_CHATS])
    if candidate.employee.team and len(team) >= CALIBRATION_CHATS:
        return team
    return list(checks.order_by("-chat_date", "-pk")[:CALIBRATION_CHATS])


@transaction.atomic
def submit_practical(
    *,
    candidate: Candidate,
    kind: str,
    by: User,
    text: str = "",
    week_grid: Sequence[str] = (),
    file: UploadedFile | None = None,
    mentee: Enrollment | None = None,
    calibration: dict[int, Decimal] | None = None,
) -> Practical:
    """The candidate hands in a practical (again, until it is scored): a rota as a week grid or a file, a data
    report as text or a file, calibration scores for the key's chats; HR or a trainer names the mentee."""
    _open(candidate)
    practical = _practical(candidate, kind)
    if practical.score is not None:
        raise PromotionError(_("This practical is scored already."))
    if kind == PracticalKind.MENTORING:
        if mentee is None or mentee.employee.mentor_id != candidate.employee_id:
            raise PromotionError(_("Pick a new hire the candidate mentors."))
        practical.mentee = mentee
    elif kind == PracticalKind.CALIBRATION:
        key = {c.pk: c for c in calibration_key(candidate)}
        given = {pk: score for pk, score in (calibration or {}).items() if pk in key}
        if not given:
            raise PromotionError(_("Score at least one chat."))
        practical.calibration_lines.all().delete()
        CalibrationLine.objects.bulk_create(
            [CalibrationLine(practical=practical, quality_check_id=pk, score=s) for pk, s in given.items()]
        )
    else:
        grid = [line.strip() for line in week_grid]
        if not text.strip() and not any(grid) and file is None and not practical.file:
            raise PromotionError(_("Fill in the practical or upload a file."))
        practical.text = text.strip()
        practical.week_grid = grid if any(grid) else []
        if file is not None:
            practical.file = file
    practical.submitted_at = timezone.now()
    practical.save()
    return practical


@transaction.atomic
def score_practical(*, candidate: Candidate, kind: str, score: int, comment: str, by: User) -> Practical:
    """A trainer (or HR) scores a handed-in practical 0–100 with a comment; a mentoring practical once the
    mentee's go-live has an outcome."""
    _open(candidate)
    practical = _practical(candidate, kind)
    if not 0 <= score <= 100:
        raise PromotionError(_("A score is between 0 and 100."))
    if practical.submitted_at is None:
        raise PromotionError(_("Nothing has been handed in yet."))
    if kind == PracticalKind.MENTORING and (practical.mentee is None or not practical.mentee.outcome):
        raise PromotionError(_("The mentee's go-live has no result yet."))
    practical.score, practical.comment, practical.scored_by = score, comment.strip(), by
    practical.scored_at = timezone.now()
    practical.save()
    return practical


# ---------------------------------------------------------------------------- 360 feedback


@transaction.atomic
def request_feedback(
    *, candidate: Candidate, raters: Sequence[tuple[User, str]], deadline: date, by: User, today: date | None = None
) -> list[FeedbackRequest]:
    """Ask raters for 360 feedback by a deadline. The candidate is asked only as "self", and "self" is only the
    candidate; a rater already asked is skipped (asking twice changes nothing)."""
    _open(candidate)
    if deadline < (today or timezone.localdate()):
        raise PromotionError(_("The deadline has passed already."))
    if not raters:
        raise PromotionError(_("Name at least one rater."))
    for user, relation in raters:
        if relation not in Relation.values:
            raise PromotionError(_("Unknown relation."))
        if (relation == Relation.SELF) != (user.pk == candidate.employee.user_id):
            raise PromotionError(_("The candidate answers as “self”, and only the candidate."))
    asked = set(candidate.feedback_requests.values_list("rater_id", flat=True))
    new = [
        FeedbackRequest(candidate=candidate, rater=user, relation=relation, deadline=deadline, requested_by=by)
        for user, relation in {u.pk: (u, r) for u, r in raters}.values()
        if user.pk not in asked
    ]
    FeedbackRequest.objects.bulk_create(new)
    return new


@transaction.atomic
def answer_feedback(
    *, request: FeedbackRequest, answers: Sequence[int], comment: str, by: User, today: date | None = None
) -> FeedbackRequest:
    """The rater answers once, by the deadline."""
    request = FeedbackRequest.objects.select_for_update().get(pk=request.pk)
    if request.rater_id != by.pk:
        raise PromotionError(_("Only the person asked answers this request."))
    if request.answered_at is not None:
        raise PromotionError(_("You have answered this request already."))
    if request.deadline < (today or timezone.localdate()):
        raise PromotionError(_("The deadline of this request has passed."))
    if len(answers) != len(QUESTIONS) or any(not ANSWER_MIN <= a <= ANSWER_MAX for a in answers):
        raise PromotionError(_("Answer every statement from 1 to 5."))
    request.answers, request.comment, request.answered_at = list(answers), comment.strip(), timezone.now()
    request.save(update_fields=["answers", "comment", "answered_at"])
    return request


# ---------------------------------------------------------------------------- goals


@transaction.atomic
def save_goal(
    *,
    candidate: Candidate,
    by: User,
    title: str,
    due_date: date,
    progress: int,
    done: bool = False,
    goal: Goal | None = None,
) -> Goal:
    """Add or update a goal; progress moves only in 25 % steps, and a goal done is at 100 %."""
    _open(candidate)
    if progress not in Progress.values:
        raise PromotionError(_("Progress moves in steps of 25: 0, 25, 50, 75 or 100."))
    if not title.strip():
        raise PromotionError(_("Name the goal."))
    if goal is not None and goal.candidate_id != candidate.pk:
        raise PromotionError(_("There is no such goal."))
    goal = goal or Goal(candidate=candidate)
    goal.title, goal.due_date, goal.done = title.strip(), due_date, done
    goal.progress = 100 if done else progress
    goal.save()
    return goal


# ---------------------------------------------------------------------------- panel defence


@transaction.atomic
def set_defence(*, candidate: Candidate, held_on: date, judges: Sequence[User], by: User) -> Defence:
    """Set the date and the panel; a judge who has scored stays on it."""
    _open(candidate)
    if not judges:
        raise PromotionError(_("Name at least one judge."))
    if any(j.pk == candidate.employee.user_id for j in judges):
        raise PromotionError(_("The candidate cannot judge their own defence."))
    defence, _created = Defence.objects.update_or_create(candidate=candidate, defaults={"held_on": held_on})
    scored = list(defence.scores.values_list("judge_id", flat=True))
    defence.judges.set([*judges, *User.objects.filter(pk__in=scored)])
    return defence


@transaction.atomic
def score_defence(*, defence: Defence, judge: User, marks: dict[str, int], comment: str = "") -> DefenceScore:
    """A judge of the panel scores the rubric once (1–10 per criterion), from the day of the defence."""
    _open(defence.candidate)
    if not defence.judges.filter(pk=judge.pk).exists():
        raise PromotionError(_("Only a judge of this panel scores the defence."))
    if defence.held_on > timezone.localdate():
        raise PromotionError(_("The defence is scored from its day on."))
    if set(marks) != {c.key for c in RUBRIC} or any(not MARK_MIN <= int(v) <= MARK_MAX for v in marks.values()):
        raise PromotionError(_("Mark every criterion from 1 to 10."))
    clean = {k: int(v) for k, v in marks.items()}
    try:
        with transaction.atomic():
            return DefenceScore.objects.create(
                defence=defence, judge=judge, marks=clean, total=weighted_total(clean), comment=comment.strip()
            )
    except IntegrityError:
        raise PromotionError(_("You have scored this defence already.")) from None


# ---------------------------------------------------------------------------- the decision


@transaction.atomic
def decide(
    *,
    candidate: Candidate,
    verdict: str,
    reason: str,
    by: User,
    promoted_to: str = "",
    extended_to: date | None = None,
    today: date | None = None,
) -> Decision:
    """HR decides with a reason. Promote: the title is recorded, the employee gets the mentor role (a team
    lead leads and mentors) and leaves the promotion track tier for the veteran one, whose refreshers a lead
    follows. Extend: a new decision date, the candidacy and the promotion track stay. Decline: closed, back to
    the veteran tier. Every decision is kept."""
    today = today or timezone.localdate()
    if not has_role(by, Role.HR):
        raise PromotionError(_("Only HR decides a promotion."))
    candidate = Candidate.objects.select_for_update().select_related("employee").get(pk=candidate.pk)
    _open(candidate)
    if candidate.status != CandidateStatus.IN_TRAINING:
        raise PromotionError(_("A candidate is decided once in a promotion cohort."))
    if not reason.strip():
        raise PromotionError(_("Give the reason for the decision."))
    if verdict not in Verdict.values:
        raise PromotionError(_("Choose promote, extend or decline."))
    if verdict == Verdict.PROMOTE and not promoted_to.strip():
        raise PromotionError(_("Say what the candidate is promoted to (e.g. 客服组长)."))
    if verdict == Verdict.EXTEND and (extended_to is None or extended_to <= today):
        raise PromotionError(_("An extension needs a new decision date after today."))
    decision = Decision.objects.create(
        candidate=candidate,
        verdict=verdict,
        reason=reason.strip(),
        promoted_to=promoted_to.strip() if verdict == Verdict.PROMOTE else "",
        extended_to=extended_to if verdict == Verdict.EXTEND else None,
        decided_by=by,
    )
    candidate.verdict = verdict
    if verdict == Verdict.EXTEND:
        candidate.decision_due = extended_to
    else:
        candidate.status = CandidateStatus.DECIDED
    if verdict == Verdict.PROMOTE:
        candidate.promoted_to = decision.promoted_to
        candidate.employee.user.groups.add(Group.objects.get(name=Role.MENTOR))
    if verdict != Verdict.EXTEND:
        _set_tier(candidate.employee, Tier.VETERAN, by=by)
    candidate._history_user = by  # type: ignore[attr-defined]  # the audit's author
    candidate.save()
    return decision
