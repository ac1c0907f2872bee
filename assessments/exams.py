"""Exam services: drawing questions, starting an attempt, saving answers as they are given,
the one final submission, closing attempts at their deadline, grading by a person with every
regrade kept, and what a final result opens or closes (retakes, the trial post).

The server's clock is the only clock: an answer that arrives after the deadline is refused, and an
attempt left open is closed at its deadline (by the periodic task or the next time anyone looks).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from employees.models import Employee
from training.models import Enrollment, ScheduledDay

from .grading import ONE_DECIMAL, clean_response, grade
from .models import (
    CHOICE_TYPES,
    Answer,
    Attempt,
    AttemptStatus,
    Exam,
    Question,
    QuestionType,
    Regrade,
    ResultPolicy,
)
from .permissions import gradable_answers
from .selectors import outstanding_retakes
from .signals import attempt_graded, attempt_result_final

# Answers sent this long after the deadline still count: the request left the phone in time.
GRACE = timedelta(seconds=5)
PRACTICE_MINUTES = 30
PRACTICE_QUESTIONS = 20


class ExamError(Exception):
    """A request the exam rules refuse; the message is for the person who made it."""


# ---------------------------------------------------------------------------- drawing


def draw_questions(exam: Exam, rng: random.Random) -> list[tuple[Question, Decimal]]:
    """The fixed questions and, for each rule, a random draw of distinct active questions.
    One query per rule plus three; refuses when the bank cannot fill a rule."""
    chosen: list[tuple[int, Decimal | None]] = [(f.question_id, f.points) for f in exam.fixed_questions.all()]
    taken = {pk for pk, _points in chosen}
    for rule in exam.rules.select_related("category"):
        pool = Question.objects.filter(is_active=True, type=rule.type).exclude(pk__in=taken)
        if rule.category_id:
            pool = pool.filter(category_id=rule.category_id)
        if rule.difficulty:
            pool = pool.filter(difficulty=rule.difficulty)
        ids = sorted(pool.values_list("pk", flat=True))
        if len(ids) < rule.count:
            raise ExamError(
                _("The question bank has only %(have)s questions for “%(rule)s”; the exam needs %(need)s.")
                % {"have": len(ids), "rule": str(rule), "need": rule.count}
            )
        picked = rng.sample(ids, rule.count)
        taken.update(picked)
        chosen.extend((pk, rule.points) for pk in picked)
    loaded = Question.objects.select_related("category").prefetch_related("choices").in_bulk([pk for pk, _p in chosen])
    return [(loaded[pk], points if points is not None else loaded[pk].points) for pk, points in chosen]


def snapshot_of(question: Question, rng: random.Random | None) -> dict[str, Any]:
    """The question as this attempt shows it. Options are lettered in the order shown."""
    snap: dict[str, Any] = {
        "text": question.text,
        "category": question.category.name if question.category_id else "",
        "explanation": question.explanation,
    }
    if question.type in CHOICE_TYPES:
        choices = list(question.choices.all())
        if rng is not None:
            rng.shuffle(choices)
        keys = [chr(ord("A") + i) for i in range(len(choices))]
        snap["options"] = [{"key": k, "text": c.text} for k, c in zip(keys, choices, strict=True)]
        snap["correct"] = [k for k, c in zip(keys, choices, strict=True) if c.is_correct]
    elif question.type == QuestionType.TRUE_FALSE:
        snap["correct"] = question.true_false_answer
    elif question.type == QuestionType.FILL:
        snap["accepted"] = question.accepted_list()
    else:
        snap["reference"] = question.reference_answer
    return snap


# ---------------------------------------------------------------------------- availability


@dataclass
class ExamStanding:
    """Where an employee stands with one exam: attempts used, the best result, what is open."""

    exam: Exam
    used: int
    open_attempt: Attempt | None
    best: Attempt | None
    passed: bool
    available_from: Any  # a date, or None when the exam is not on the employee's plan
    retake_on: Any  # the date of the retake still to be sat, or None (see selectors.outstanding_retakes)

    @property
    def attempts_left(self) -> int:
        return max(self.exam.max_attempts - self.used, 0)

    @property
    def retake_overdue(self) -> bool:
        """The retake's day has passed and it has not been sat: "overdue", never "on <past date>"."""
        return self.retake_on is not None and self.retake_on < timezone.localdate()


def exams_for_enrollment(enrollment: Enrollment) -> list[Exam]:
    return list(Exam.objects.filter(is_active=True, item__template_id=enrollment.plan_id).select_related("item"))


def standing(exam: Exam, employee: Employee, enrollment: Enrollment | None = None) -> ExamStanding:
    attempts = list(Attempt.objects.filter(exam=exam, employee=employee, is_practice=False).order_by("number"))
    closed = [a for a in attempts if not a.is_open]
    best = max((a for a in closed if a.percent is not None), key=lambda a: (a.passed is True, a.percent), default=None)
    available_from = None
    if exam.item is not None:
        enrollments = Enrollment.objects.filter(employee=employee, plan_id=exam.item.template_id)
        if enrollment is not None:
            enrollments = enrollments.filter(pk=enrollment.pk)
        day = (
            ScheduledDay.objects.filter(enrollment__in=enrollments, day_number=exam.item.day_number)
            .order_by("-date")
            .values_list("date", flat=True)
            .first()
        )
        available_from = day
    retake = (
        outstanding_retakes()
        .filter(exam=exam, employee=employee)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    return ExamStanding(
        exam=exam,
        used=len(attempts),
        open_attempt=next((a for a in attempts if a.is_open), None),
        best=best,
        passed=any(a.passed for a in closed),
        available_from=available_from,
        retake_on=retake,
    )


# ---------------------------------------------------------------------------- attempts


@transaction.atomic
def start_attempt(*, exam: Exam, employee: Employee, now: datetime | None = None, seed: int | None = None) -> Attempt:
    """Open an attempt, or return the one already open. Refuses when the exam is not yet due,
    already passed or out of attempts. Two clicks at once open one attempt (unique constraints)."""
    now = now or timezone.now()
    close_expired(now=now, employee=employee)
    if not exam.is_active:
        raise ExamError(_("This exam is closed."))
    state = standing(exam, employee)
    if state.open_attempt is not None:
        return state.open_attempt
    if exam.item_id and state.available_from is None:
        raise ExamError(_("This exam is not on your plan."))
    today = timezone.localdate(now)
    if state.available_from and today < state.available_from:
        raise ExamError(_("This exam opens on %(date)s.") % {"date": state.available_from.strftime("%Y-%m-%d")})
    if state.passed:
        raise ExamError(_("You have passed this exam already."))
    if state.retake_on and today < state.retake_on:
        raise ExamError(_("Your retake is on %(date)s.") % {"date": state.retake_on.strftime("%Y-%m-%d")})
    if state.used >= exam.max_attempts:
        raise ExamError(
            _("You have used all %(n)s attempts. HR will decide what comes next.") % {"n": exam.max_attempts}
        )
    rng = random.Random(seed)
    drawn = draw_questions(exam, rng)
    if exam.shuffle_questions:
        rng.shuffle(drawn)  # otherwise: the fixed list in its order, then the rules
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                exam=exam,
                employee=employee,
                number=state.used + 1,
                started_at=now,
                deadline=now + timedelta(minutes=exam.time_limit_minutes),
                max_score=sum((p for _q, p in drawn), Decimal(0)),
            )
    except IntegrityError:
        # The same start at the same moment from another tab: use that attempt.
        return Attempt.objects.get(exam=exam, employee=employee, status=AttemptStatus.OPEN, is_practice=False)
    _create_answers(attempt, drawn, rng if exam.shuffle_options else None)
    return attempt


def _create_answers(attempt: Attempt, drawn: Sequence[tuple[Question, Decimal]], rng: random.Random | None) -> None:
    """The attempt's answers, each with its first audit version (so a grade's history starts at "not graded")."""
    bulk_create_with_history(
        [
            Answer(
                attempt=attempt,
                question=question,
                order=i + 1,
                type=question.type,
                snapshot=snapshot_of(question, rng),
                points=points,
            )
            for i, (question, points) in enumerate(drawn)
        ],
        Answer,
    )


class LateSaveError(Exception):
    """An autosave older than the answer already stored: it arrived after a newer one. Not an
    error for the trainee: the newer answer stands."""


MAX_SAVE_NUMBER = 2_000_000_000  # what the column holds, with room to spare


def save_answer(
    *, attempt: Attempt, order: int, raw: Any, save_number: int | None = None, now: datetime | None = None
) -> Answer:
    """Keep one answer as soon as it is given. Refused once the attempt is closed or past its
    deadline; a question not in the attempt raises Answer.DoesNotExist (a 404 for the view).

    ``save_number`` is the page's count of saves of this answer: a save numbered no higher than the
    stored one is older than it and raises LateSaveError, so a slow request never undoes a newer answer.
    The attempt's row is locked while the answer is written; the submission holds the same lock
    while it closes and scores, so a save lands wholly before it (and is graded) or is refused."""
    now = now or timezone.now()
    answer = Answer.objects.get(attempt=attempt, order=order)
    try:
        response = clean_response(type=answer.type, snapshot=answer.snapshot, raw=raw)
    except ValueError as exc:
        raise ExamError(_("That is not an answer to this question.")) from exc
    if now > attempt.deadline + GRACE:
        close_expired(now=now, employee=attempt.employee)
        raise ExamError(_("Time is up: answers are no longer accepted."))
    with transaction.atomic():
        open_now = Attempt.objects.select_for_update().filter(
            pk=attempt.pk, status=AttemptStatus.OPEN, deadline__gte=now - GRACE
        )
        if not list(open_now.values_list("pk", flat=True)):
            raise ExamError(_("This attempt is closed: answers are no longer accepted."))
        rows = Answer.objects.filter(pk=answer.pk)
        values: dict[str, Any] = {"response": response, "answered_at": now}
        if save_number is not None:
            rows, values["save_number"] = rows.filter(save_number__lt=save_number), save_number
        if not rows.update(**values):
            raise LateSaveError
    answer.response, answer.answered_at = response, now
    if save_number is not None:
        answer.save_number = save_number
    return answer


def submit_attempt(*, attempt: Attempt, answers: dict[int, Any] | None = None, now: datetime | None = None) -> Attempt:
    """The one final submission. A second submit (or a submit racing the deadline) is refused.

    ``answers`` (order → raw answer) are those the submitted page carried: the page's latest, so
    they are stored as final, whatever their save numbers; one that cannot answer its question is
    left as stored. Storing them, closing and scoring happen under the attempt's row lock, so an
    autosave still in flight either lands before (and is overwritten or graded) or is refused:
    the attempt is graded on exactly what the server stored."""
    now = now or timezone.now()
    if now > attempt.deadline + GRACE:
        close_expired(now=now, employee=attempt.employee)
        attempt.refresh_from_db()
        raise ExamError(_("Time is up: the attempt was closed at its deadline with the answers saved by then."))
    with transaction.atomic():
        if not list(
            Attempt.objects.select_for_update().filter(pk=attempt.pk, status=AttemptStatus.OPEN).values_list("pk")
        ):
            raise ExamError(_("This attempt has already been submitted."))
        if answers:
            final = []
            for answer in Answer.objects.filter(attempt=attempt, order__in=list(answers)):
                try:
                    answer.response = clean_response(
                        type=answer.type, snapshot=answer.snapshot, raw=answers[answer.order]
                    )
                except ValueError:
                    continue
                answer.answered_at = now
                final.append(answer)
            Answer.objects.bulk_update(final, ["response", "answered_at"])
        Attempt.objects.filter(pk=attempt.pk).update(status=AttemptStatus.SUBMITTED, submitted_at=now)
        attempt.refresh_from_db()
        score_attempt(attempt)
    return attempt


def close_expired(*, now: datetime | None = None, employee: Employee | None = None) -> int:
    """Close every open attempt past its deadline (with the grace), as if submitted at the deadline,
    and score it. Safe to run twice or from two workers: each close is a conditional update."""
    now = now or timezone.now()
    due = Attempt.objects.filter(status=AttemptStatus.OPEN, deadline__lt=now - GRACE)
    if employee is not None:
        due = due.filter(employee=employee)
    count = 0
    for attempt in due.select_related("exam"):
        with transaction.atomic():
            if Attempt.objects.filter(pk=attempt.pk, status=AttemptStatus.OPEN).update(
                status=AttemptStatus.EXPIRED, submitted_at=attempt.deadline
            ):
                attempt.refresh_from_db()
                score_attempt(attempt)
                count += 1
    return count


def score_attempt(attempt: Attempt) -> Attempt:
    """Grade the objective answers, then total. Call only on a closed attempt."""
    rule = attempt.exam.multiple_choice_rule if attempt.exam is not None else "all_or_nothing"
    answers = list(attempt.answers.all())
    for a in answers:
        if a.manual_score is None:
            a.auto_score = grade(type=a.type, snapshot=a.snapshot, response=a.response, points=a.points, rule=rule)
    Answer.objects.bulk_update(answers, ["auto_score"])
    return recompute(attempt, answers)


def recompute(attempt: Attempt, answers: Sequence[Answer] | None = None) -> Attempt:
    """Total, percent and pass / fail from the answers; a final result triggers the gates."""
    answers = list(answers if answers is not None else attempt.answers.all())
    was_final = attempt.pending_grading == 0 and attempt.passed is not None
    was_passed = attempt.passed
    pending = sum(1 for a in answers if a.score is None)
    total = sum((a.score for a in answers if a.score is not None), Decimal(0))
    attempt.score = total.quantize(ONE_DECIMAL)
    attempt.pending_grading = pending
    if attempt.max_score:
        attempt.percent = (total * 100 / attempt.max_score).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    else:
        attempt.percent = Decimal(0)
    if pending or attempt.is_practice:
        attempt.passed = None
    else:
        assert attempt.exam is not None  # only practice attempts have no exam
        attempt.passed = attempt.percent >= attempt.exam.pass_mark
    attempt.save(update_fields=["score", "pending_grading", "percent", "passed"])
    if attempt.passed is not None and (not was_final or was_passed != attempt.passed):
        from .gates import on_final_result

        on_final_result(attempt)
        attempt_id, passed = attempt.pk, attempt.passed
        transaction.on_commit(
            lambda: attempt_result_final.send(sender=Attempt, attempt_id=attempt_id, passed=passed),
            robust=True,  # a failing receiver is logged; the result is already committed
        )
    return attempt


# ---------------------------------------------------------------------------- grading


def check_grade(*, answer: Answer, score: Decimal | None, reason: str) -> Decimal:
    """The score as it will be kept, or ExamError with what is wrong: the attempt still open, a
    score out of range, a grade removed, or a changed score without a reason. The admin's form
    asks this before saving, so the grader reads the refusal beside the field."""
    if answer.attempt.is_open:
        raise ExamError(_("The attempt is still in progress."))
    if score is None:
        raise ExamError(_("Give a score; a grade cannot be taken back, only changed."))
    score = Decimal(score).quantize(ONE_DECIMAL)
    if score < 0 or score > answer.points:
        raise ExamError(_("Give between 0 and %(max)s points.") % {"max": answer.points})
    regrading = answer.manual_score is not None or answer.type != QuestionType.SHORT
    if regrading and not reason.strip():
        raise ExamError(_("Say why the score changes."))
    return score


@transaction.atomic
def grade_answer(
    *, answer: Answer, score: Decimal, comment: str, by: User, reason: str = "", announce: bool = True
) -> Answer:
    """A person grades (or regrades) one answer. Every change is kept: who, when, old → new, why.
    Changing a score already given needs a reason. After the commit, ``attempt_graded`` tells the
    apps above (the trainee's notification) that the attempt's result moved; ``announce=False``
    is for loading past grades (the demo's history), which are not news."""
    answer = Answer.objects.select_for_update(of=("self",)).select_related("attempt__exam").get(pk=answer.pk)
    score = check_grade(answer=answer, score=score, reason=reason)
    old = answer.score
    regraded = answer.manual_score is not None or answer.type != QuestionType.SHORT
    if old == score and answer.comment == comment.strip() and answer.manual_score is not None:
        return answer
    regrade = Regrade.objects.create(
        answer=answer, by=by, old_score=old, new_score=score, reason=reason.strip() or _("First grading")
    )
    answer.manual_score = score
    answer.comment = comment.strip()
    answer.graded_by = by
    answer.graded_at = timezone.now()
    answer._history_user = by  # type: ignore[attr-defined]  # the audit history's author without a request
    answer.save(update_fields=["manual_score", "comment", "graded_by", "graded_at"])
    recompute(answer.attempt)
    attempt_id, regrade_id = answer.attempt_id, regrade.pk
    if not announce:
        return answer
    transaction.on_commit(
        lambda: attempt_graded.send(sender=Attempt, attempt_id=attempt_id, regrade_id=regrade_id, regraded=regraded),
        robust=True,  # a failing receiver is logged; the grade is already committed
    )
    return answer


def pending_answers(user: User) -> QuerySet[Answer]:
    """Short answers waiting for a person, in the attempts this user may grade: HR all, a trainer
    those of trainees in the cohorts they train."""
    qs = Answer.objects.filter(
        type=QuestionType.SHORT,
        manual_score__isnull=True,
        attempt__is_practice=False,
        attempt__status__in=[AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED],
    )
    return gradable_answers(user, qs)


# ---------------------------------------------------------------------------- what a trainee may see


def shows_score(attempt: Attempt) -> bool:
    if attempt.is_practice:
        return not attempt.is_open
    assert attempt.exam is not None  # only practice attempts have no exam
    return not attempt.is_open and attempt.exam.result_policy != ResultPolicy.NOTHING


def shows_answers(attempt: Attempt, *, attempts_left: int) -> bool:
    """Correct answers are never shown before the attempt closes, and per the exam's policy after."""
    if attempt.is_open:
        return False
    if attempt.is_practice:
        return True
    assert attempt.exam is not None  # only practice attempts have no exam
    policy = attempt.exam.result_policy
    if policy == ResultPolicy.ANSWERS:
        return True
    if policy == ResultPolicy.ANSWERS_WHEN_FINAL:
        return attempt.pending_grading == 0 and (attempt.passed is True or attempts_left == 0)
    return False


# ---------------------------------------------------------------------------- practice


def wrong_answers(employee: Employee):
    """The questions this employee got wrong in counted attempts (the latest wrong answer of
    each question), for the wrong-answer notebook."""
    return (
        Answer.objects.filter(attempt__employee=employee, attempt__is_practice=False)
        .exclude(attempt__status=AttemptStatus.OPEN)
        .filter(question__isnull=False)
        .filter(
            Q(manual_score__isnull=False, manual_score__lt=F("points"))
            | Q(manual_score__isnull=True, auto_score__isnull=False, auto_score__lt=F("points"))
        )
        .select_related("attempt__exam", "question")
        .order_by("question_id", "-attempt__started_at")
    )


@transaction.atomic
def start_practice(*, employee: Employee, now: datetime | None = None, seed: int | None = None) -> Attempt:
    """A practice round over the questions the employee got wrong. It never counts."""
    now = now or timezone.now()
    question_ids = list(dict.fromkeys(a.question_id for a in wrong_answers(employee)))
    if not question_ids:
        raise ExamError(_("Your wrong-answer notebook is empty."))
    rng = random.Random(seed)
    rng.shuffle(question_ids)
    questions = {
        q.pk: q
        for q in Question.objects.filter(pk__in=question_ids[:PRACTICE_QUESTIONS])
        .select_related("category")
        .prefetch_related("choices")
    }
    drawn = [(questions[pk], questions[pk].points) for pk in question_ids[:PRACTICE_QUESTIONS] if pk in questions]
    attempt = Attempt.objects.create(
        exam=None,
        employee=employee,
        number=1,
        is_practice=True,
        started_at=now,
        deadline=now + timedelta(minutes=PRACTICE_MINUTES),
        max_score=sum((p for _q, p in drawn), Decimal(0)),
    )
    _create_answers(attempt, drawn, rng)
    return attempt
