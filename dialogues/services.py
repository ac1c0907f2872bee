"""Practice runs of a dialogue: start (or resume) a run, show the next buyer turn, take a reply and score it,
finish the run; a trainer's rubric score. Every time is the server's."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from employees.models import Employee
from training.models import ACTIVE_STATES, Enrollment

from .models import Reply, Scenario, Session, Turn
from .rubric import CRITERIA, MAX_LEVEL, rubric_score
from .scoring import score_reply, session_score

MAX_REPLY = 2000


class DialogueError(Exception):
    """A practice step the state of the run does not allow."""


def active_enrollment(employee: Employee) -> Enrollment | None:
    return Enrollment.objects.filter(employee=employee, state__in=ACTIVE_STATES).order_by("-joined_at", "-id").first()


@transaction.atomic
def start_session(*, employee: Employee, scenario: Scenario) -> Session:
    """Resume the employee's unfinished run of this scenario, or start one. A new run counts as evidence when
    the employee is enrolled and has no counting run of the scenario yet; any later run is practice only."""
    if not scenario.active:
        raise DialogueError("inactive scenario")
    Employee.objects.select_for_update().filter(pk=employee.pk).first()  # one start at a time per employee
    open_run = Session.objects.filter(employee=employee, scenario=scenario, finished_at__isnull=True).first()
    if open_run is not None:
        return open_run
    enrollment = active_enrollment(employee)
    counts = (
        enrollment is not None
        and not Session.objects.filter(employee=employee, scenario=scenario, counts=True).exists()
    )
    return Session.objects.create(employee=employee, scenario=scenario, enrollment=enrollment, counts=counts)


def show_next_turn(*, session: Session, turns: list[Turn], replies: list[Reply]) -> Reply | None:
    """The reply row of the turn on screen: the first turn without an answer. Its ``shown_at`` is set the first
    time it is shown (a reload keeps the clock running). ``None`` once every turn is answered."""
    if session.finished:
        return None
    by_turn = {reply.turn_id: reply for reply in replies}
    for turn in turns:
        reply = by_turn.get(turn.pk)
        if reply is None:
            reply, _created = Reply.objects.get_or_create(
                session=session, turn=turn, defaults={"shown_at": timezone.now()}
            )
            return reply
        if not reply.answered:
            reply.turn = turn  # already loaded: the page reads its target time
            return reply
    return None


@transaction.atomic
def submit_reply(*, session: Session, text: str) -> Reply:
    """Store the reply to the turn on screen and score it. The reply time is the server's ``answered_at`` minus
    the server's ``shown_at``: nothing the browser sends about time is read. The last reply finishes the run."""
    session = Session.objects.select_for_update().select_related("scenario").get(pk=session.pk)
    if session.finished:
        raise DialogueError("finished")
    text = text.strip()
    if not text:
        raise DialogueError("empty")
    if len(text) > MAX_REPLY:
        raise DialogueError("too long")
    reply = (
        Reply.objects.select_related("turn")
        .filter(session=session, answered_at__isnull=True)
        .order_by("turn__order")
        .first()
    )
    if reply is None:
        raise DialogueError("no turn shown")
    turn = reply.turn
    now = timezone.now()
    seconds = max(0, int((now - reply.shown_at).total_seconds()))
    result = score_reply(
        text=text,
        key_points=list(turn.key_points or []),
        forbidden=[str(w) for w in turn.forbidden_words or []],
        reference=turn.reference_answer,
        seconds=seconds,
        target=turn.target_seconds,
    )
    reply.text = text
    reply.answered_at = now
    reply.seconds = seconds
    reply.hits = result.hits
    reply.covered = result.covered
    reply.missed = result.missed
    reply.similarity = result.similarity
    reply.points = result.points
    reply.score = result.score
    reply.failed = result.failed
    reply.save()
    answered = list(Reply.objects.filter(session=session, answered_at__isnull=False).values_list("score", flat=True))
    if len(answered) >= Turn.objects.filter(scenario=session.scenario).count():
        session.finished_at = now
        session.auto_score = session_score([s or 0 for s in answered])
        session.save(update_fields=["finished_at", "auto_score"])
    return reply


@transaction.atomic
def score_session(*, session: Session, levels: Mapping[str, int], comment: str, by: User) -> Session:
    """The trainer's rubric on a finished run: each criterion 1–5, the score out of 100, and a comment for the
    trainee. Scoring again replaces the earlier score."""
    if not session.finished:
        raise DialogueError("unfinished")
    rubric = {key: int(levels[key]) for key, _label in CRITERIA}
    if any(not 1 <= level <= MAX_LEVEL for level in rubric.values()):
        raise DialogueError("level out of range")
    session.trainer_rubric = rubric
    session.trainer_score = rubric_score(rubric)
    session.trainer_comment = comment.strip()
    session.scored_by = by
    session.scored_at = timezone.now()
    session.save(update_fields=["trainer_rubric", "trainer_score", "trainer_comment", "scored_by", "scored_at"])
    return session
