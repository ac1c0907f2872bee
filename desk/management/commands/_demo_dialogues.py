"""Buyer-dialogue demo data: the demo trainee has practised two dialogues of her class (one scored by her
trainer, one waiting in the trainer's queue, plus a "practise again" run that does not count); people of the
finished September cohort have their counting runs scored, so the go-live evidence shows the block."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from dialogues.models import Reply, Scenario, Session
from dialogues.rubric import rubric_score
from dialogues.scoring import score_reply, session_score
from employees.models import Employee
from training.models import Cohort, Enrollment

# A weaker answer than the reference: shorter, one key point missing, and a banned word now and then.
WEAK_ENDINGS = ["", "", "这个没办法，您再等等。"]


def _run(*, enrollment: Enrollment, scenario: Scenario, when: datetime, counts: bool, weak: bool = False) -> Session:
    session = Session.objects.create(
        employee=enrollment.employee, scenario=scenario, enrollment=enrollment, counts=counts
    )
    Session.objects.filter(pk=session.pk).update(started_at=when)
    shown, scores = when, []
    for i, turn in enumerate(scenario.turns.all()):
        text = turn.reference_answer
        if weak:
            text = text.split("，")[0] + "。" + WEAK_ENDINGS[i % len(WEAK_ENDINGS)]
        seconds = turn.target_seconds // 2 + 9 * i + (40 if weak else 0)
        result = score_reply(
            text=text,
            key_points=turn.key_points,
            forbidden=turn.forbidden_words,
            reference=turn.reference_answer,
            seconds=seconds,
            target=turn.target_seconds,
        )
        Reply.objects.create(
            session=session,
            turn=turn,
            text=text,
            shown_at=shown,
            answered_at=shown + timedelta(seconds=seconds),
            seconds=seconds,
            hits=result.hits,
            covered=result.covered,
            missed=result.missed,
            similarity=result.similarity,
            points=result.points,
            score=result.score,
            failed=result.failed,
        )
        scores.append(result.score)
        shown += timedelta(seconds=seconds + 8)
    session.finished_at = shown
    session.auto_score = session_score(scores)
    session.save(update_fields=["finished_at", "auto_score"])
    return session


def _score(session: Session, by: User, levels: tuple[int, int, int, int], comment: str) -> None:
    rubric = dict(zip(("attitude", "wording", "resolution", "timeliness"), levels, strict=True))
    session.trainer_rubric = rubric
    session.trainer_score = rubric_score(rubric)
    session.trainer_comment = comment
    session.scored_by = by
    session.scored_at = session.finished_at + timedelta(hours=2) if session.finished_at else timezone.now()
    session.save()


def load(*, running: Cohort, september: Cohort, trainer: User, trainer2: User) -> None:
    scenarios = {s.code: s for s in Scenario.objects.filter(active=True)}
    by_class: dict[str, list[Scenario]] = {}
    for s in scenarios.values():
        by_class.setdefault(s.position_class, []).append(s)
    yesterday = timezone.now() - timedelta(days=1)

    trainee = Enrollment.objects.select_related("employee").filter(cohort=running, employee__user__username="trainee")
    for enrollment in trainee:
        mine = sorted(by_class.get(enrollment.employee.position_class, []), key=lambda s: s.code)[:2]
        if len(mine) < 2:
            continue
        first = _run(enrollment=enrollment, scenario=mine[0], when=yesterday, counts=True)
        _score(first, trainer, (5, 4, 4, 4), "态度很好，先致歉再给方案；注意回复速度还可以更快。")
        _run(enrollment=enrollment, scenario=mine[0], when=yesterday + timedelta(hours=1), counts=False)
        _run(enrollment=enrollment, scenario=mine[1], when=yesterday + timedelta(hours=2), counts=True, weak=True)

    live = Enrollment.objects.filter(cohort=september, employee__status__in=["trial_post", "live"])
    day6 = datetime.combine(september.start_date + timedelta(days=14), datetime.min.time().replace(hour=10))
    when = timezone.make_aware(day6)
    for n, enrollment in enumerate(live.select_related("employee").order_by("employee__employee_no")[:6]):
        employee: Employee = enrollment.employee
        for k, scenario in enumerate(sorted(by_class.get(employee.position_class, []), key=lambda s: s.code)[:2]):
            session = _run(enrollment=enrollment, scenario=scenario, when=when + timedelta(minutes=30 * k), counts=True)
            _score(session, trainer2, (4, 4 - n % 2, 4, 3 + k), "话术规范，处理到位。")
