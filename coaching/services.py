"""Writes of the coaching app: the trial-post log, coaching plans with goals and check-ins, and rewards and
penalties with HR's decision. Each refuses with ``CoachingError`` and a message meant for the user."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.models import Employee
from employees.roles import Role, has_role
from training.models import Enrollment

from .models import (
    ACTIVE_STATUSES,
    CheckIn,
    CoachingPlan,
    Decision,
    Goal,
    PlanOrigin,
    RewardPenalty,
    TrialPostLog,
)
from .selectors import trial_post_of

# Who may own a coaching plan: someone who can open its page (a mentor or team lead, a trainer, HR).
OWNER_ROLES = (Role.MENTOR, Role.TRAINER, Role.HR)


class CoachingError(Exception):
    """A refused write; the message says why, in the user's language."""


# ---------------------------------------------------------------------------- the trial-post log


@transaction.atomic
def save_trial_post_log(
    *,
    enrollment: Enrollment,
    day_number: int,
    mentor: Employee,
    chats_handled: int,
    problems: str,
    score: int,
    note: str,
    today: date | None = None,
) -> TrialPostLog:
    """Write (or correct) the mentor's log of one trial-post day. Only the trainee's own mentor writes it, only
    for a trial-post day of the plan whose date has come (a log of tomorrow would be a guess)."""
    if enrollment.employee.mentor_id != mentor.pk:
        raise CoachingError(_("Only the trainee's own mentor writes the trial-post log."))
    day = trial_post_of(enrollment).day(day_number)
    if day is None:
        raise CoachingError(_("Day %(day)s is not a trial-post day of this plan.") % {"day": day_number})
    if not day.has_come(today or timezone.localdate()):
        raise CoachingError(_("The log of a trial-post day can be written from that day on."))
    log = TrialPostLog.objects.select_for_update().filter(enrollment=enrollment, day_number=day_number).first()
    log = log or TrialPostLog(enrollment=enrollment, day_number=day_number)
    log.mentor, log.chats_handled, log.problems, log.score, log.note = mentor, chats_handled, problems, score, note
    log._history_user = mentor.user  # type: ignore[attr-defined]  # the audit's author: the mentor who writes
    log.save()
    return log


# ---------------------------------------------------------------------------- coaching plans


@dataclass(frozen=True)
class GoalRow:
    """A goal as a form gives it: ``pk`` None for a new one; ``delete`` removes an existing one."""

    text: str
    due_date: date
    pk: int | None = None
    done: bool = False
    delete: bool = False


def check_owner(*, owner: User, employee: Employee) -> None:
    if not has_role(owner, *OWNER_ROLES):
        raise CoachingError(_("The owner must be a mentor, a trainer or HR."))
    if owner.pk == employee.user_id:
        raise CoachingError(_("An employee cannot own their own coaching plan."))


@transaction.atomic
def create_plan(
    *,
    employee: Employee,
    reason: str,
    owner: User,
    goals: Sequence[GoalRow],
    by: User,
    origin: str = PlanOrigin.GO_LIVE,
    quality_check_id: int | None = None,
    next_check_in: date | None = None,
) -> CoachingPlan:
    """Start a coaching plan: at least one goal, an owner who can follow it up (reminded when a goal or the
    next check-in is due)."""
    check_owner(owner=owner, employee=employee)
    rows = [g for g in goals if not g.delete]
    if not rows:
        raise CoachingError(_("Give the plan at least one goal."))
    plan = CoachingPlan(
        employee=employee,
        reason=reason,
        owner=owner,
        origin=origin,
        quality_check_id=quality_check_id,
        next_check_in=next_check_in,
        created_by=by,
    )
    plan._history_user = by  # type: ignore[attr-defined]
    plan.save()
    now = timezone.now()
    Goal.objects.bulk_create(
        Goal(plan=plan, text=g.text, due_date=g.due_date, done_at=now if g.done else None) for g in rows
    )
    return plan


@transaction.atomic
def update_plan(
    *,
    plan: CoachingPlan,
    reason: str,
    owner: User,
    status: str,
    goals: Sequence[GoalRow],
    by: User,
    next_check_in: date | None = None,
) -> CoachingPlan:
    """Change a plan: its reason, owner, status, next check-in and goals (added, changed, ticked or removed).
    A plan keeps at least one goal."""
    check_owner(owner=owner, employee=plan.employee)
    existing = {g.pk: g for g in plan.goals.all()}
    kept = [g for g in goals if not g.delete and (g.pk is None or g.pk in existing)]
    if not kept:
        raise CoachingError(_("Give the plan at least one goal."))
    plan.reason, plan.owner, plan.status, plan.next_check_in = reason, owner, status, next_check_in
    plan._history_user = by  # type: ignore[attr-defined]
    plan.save()
    now = timezone.now()
    removed = [g.pk for g in goals if g.delete and g.pk in existing]
    if removed:
        Goal.objects.filter(plan=plan, pk__in=removed).delete()
    changed, added = [], []
    for row in kept:
        if row.pk is None:
            added.append(Goal(plan=plan, text=row.text, due_date=row.due_date, done_at=now if row.done else None))
            continue
        goal = existing[row.pk]
        goal.text, goal.due_date = row.text, row.due_date
        if row.done != goal.done:
            goal.done_at = now if row.done else None
        changed.append(goal)
    Goal.objects.bulk_update(changed, ["text", "due_date", "done_at"])
    Goal.objects.bulk_create(added)
    return plan


@transaction.atomic
def record_check_in(
    *,
    plan: CoachingPlan,
    on: date,
    note: str,
    status: str,
    by: User,
    goals_done: Iterable[int] = (),
    next_check_in: date | None = None,
) -> CheckIn:
    """A check-in: what was talked about, the status the plan has now (done or cancelled close it), the goals
    reached since, and when to meet next. A closed plan takes no more check-ins; reopen it by editing it."""
    plan = CoachingPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in ACTIVE_STATUSES:
        raise CoachingError(_("This plan is closed; change its status to record a check-in."))
    if on > timezone.localdate():
        raise CoachingError(_("A check-in is recorded on or after the day it happened."))
    if next_check_in is not None and next_check_in <= on:
        raise CoachingError(_("The next check-in comes after this one."))
    check_in = CheckIn.objects.create(plan=plan, on=on, note=note, status=status, by=by)
    Goal.objects.filter(plan=plan, pk__in=list(goals_done), done_at__isnull=True).update(done_at=timezone.now())
    plan.status = status
    plan.next_check_in = None if status not in ACTIVE_STATUSES else next_check_in
    plan._history_user = by  # type: ignore[attr-defined]
    plan.save(update_fields=["status", "next_check_in"])
    return check_in


# ---------------------------------------------------------------------------- rewards and penalties

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".pdf", ".txt", ".doc", ".docx", ".xls", ".xlsx")


@transaction.atomic
def propose_reward(
    *,
    employee: Employee,
    kind: str,
    reason: str,
    by: User,
    points: int | None = None,
    amount: Decimal | None = None,
    evidence_text: str = "",
    evidence_file: UploadedFile | None = None,
) -> RewardPenalty:
    """Propose a reward or a penalty, in points, yuan or both, with evidence (a note, a file or both). It is
    pending until HR approves it; only approved ones count in totals and reports."""
    if points is None and amount is None:
        raise CoachingError(_("Give points, an amount in yuan, or both."))
    if (points is not None and points <= 0) or (amount is not None and amount <= 0):
        raise CoachingError(_("Points and amounts are positive; the type says whether it is a reward or a penalty."))
    if not evidence_text.strip() and evidence_file is None:
        raise CoachingError(_("Give the evidence: a note, a file or both."))
    if employee.user_id == by.pk:
        raise CoachingError(_("Nobody proposes a reward or penalty for themself."))
    item = RewardPenalty(
        employee=employee,
        kind=kind,
        reason=reason,
        points=points,
        amount=amount,
        evidence_text=evidence_text,
        proposed_by=by,
    )
    if evidence_file is not None:
        item.evidence_file.save(evidence_file.name or "evidence", evidence_file, save=False)
    item._history_user = by  # type: ignore[attr-defined]
    item.save()
    return item


@transaction.atomic
def decide_reward(*, item: RewardPenalty, approve: bool, by: User, note: str = "") -> RewardPenalty:
    """HR approves or rejects a pending proposal, once: a second decision (a double click, another HR member a
    moment later) is refused."""
    if not has_role(by, Role.HR):
        raise CoachingError(_("Only HR approves rewards and penalties."))
    if not approve and not note.strip():
        raise CoachingError(_("Say why the proposal is rejected."))
    locked = RewardPenalty.objects.select_for_update().get(pk=item.pk)
    if locked.status != Decision.PENDING:
        raise CoachingError(_("This proposal has already been decided."))
    locked.status = Decision.APPROVED if approve else Decision.REJECTED
    locked.decided_by, locked.decided_at, locked.decision_note = by, timezone.now(), note.strip()
    locked._history_user = by  # type: ignore[attr-defined]
    locked.save()
    return locked
