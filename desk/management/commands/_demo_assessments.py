"""Assessment demo data: the finished September cohort's exams (graded, one trainee eliminated
after two failed attempts), practicals, typing history and go-live sign-offs; the running
cohort's handbook quiz; and a few short answers left in the trainers' grading queue."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User

from assessments.exams import ExamError, grade_answer, save_answer, start_attempt, submit_attempt
from assessments.models import Exam, Rubric, SignOff, SignOffRole, TypingPassage, TypingResult
from assessments.practicals import score_practical
from assessments.typing_test import score as typing_score
from employees.models import Employee, Status
from training.models import Cohort, Enrollment, ScheduledDay, ShadowingLog

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def _day(enrollment: Enrollment, number: int):
    return ScheduledDay.objects.filter(enrollment=enrollment, day_number=number).values_list("date", flat=True).first()


def take(
    exam: Exam,
    employee: Employee,
    when: datetime,
    *,
    skill: float,
    rng: random.Random,
    grader: User | None,
    leave_short: bool = False,
):
    """Sit an exam at a given moment, answering about `skill` of the questions right."""
    try:
        attempt = start_attempt(exam=exam, employee=employee, now=when, seed=rng.randrange(10**6))
    except ExamError:
        return None
    for a in attempt.answers.all():
        right = rng.random() < skill
        snap = a.snapshot
        if a.type == "single":
            keys = [o["key"] for o in snap["options"]]
            raw = snap["correct"][0] if right else next(k for k in keys if k not in snap["correct"])
        elif a.type == "multiple":
            raw = list(snap["correct"]) if right else list(snap["correct"])[:1]
        elif a.type == "true_false":
            raw = snap["correct"] if right else not snap["correct"]
        elif a.type == "fill":
            raw = snap["accepted"][0] if right else "不清楚"
        else:
            raw = "先向买家致歉并安抚情绪，核实订单、物流和聊天记录，按规则给出退换或补偿方案，最后备注并跟进结果。"
        save_answer(attempt=attempt, order=a.order, raw=raw, now=when + timedelta(seconds=50 * a.order))
    submit_attempt(attempt=attempt, now=when + timedelta(minutes=exam.time_limit_minutes - 1))
    if grader is not None and not leave_short:
        for a in attempt.answers.filter(type="short"):
            share = Decimal(str(min(1.0, skill + rng.uniform(-0.15, 0.1))))
            points = (a.points * share * 2).quantize(Decimal("1")) / 2
            grade_answer(answer=a, score=max(points, Decimal(0)), comment="要点基本齐全。", by=grader, announce=False)
    attempt.refresh_from_db()
    return attempt


def load(*, september: Cohort, running: Cohort, trainer: User, trainer2: User, mentors: list[Employee]) -> None:
    rng = random.Random(2026)
    exams = {e.code: e for e in Exam.objects.all()}
    quiz, knowledge, systems = exams["handbook-quiz"], exams["business-knowledge"], exams["business-systems"]
    rubrics = list(Rubric.objects.prefetch_related("criteria__levels"))
    passages = list(TypingPassage.objects.all())

    for enrollment in september.enrollments.select_related("employee", "employee__mentor").order_by(
        "employee__employee_no"
    ):
        employee = enrollment.employee
        if employee.status == Status.LEFT:
            continue
        eliminated = employee.status == Status.ELIMINATED
        skill = 0.45 if eliminated else rng.uniform(0.82, 0.97)
        take(quiz, employee, _at(_day(enrollment, 0), 20), skill=0.95, rng=rng, grader=trainer2)
        day9 = _day(enrollment, 9)
        for exam, hour in ((knowledge, 9), (systems, 14)):
            first = take(exam, employee, _at(day9, hour), skill=skill, rng=rng, grader=trainer2)
            if first is not None and first.passed is False:
                # The retake's short answers are left in the trainers' grading queue.
                take(
                    exam,
                    employee,
                    _at(_day(enrollment, 10), hour),
                    skill=skill + 0.05,
                    rng=rng,
                    grader=trainer2,
                    leave_short=eliminated,
                )
        for rubric in rubrics:
            levels = {}
            for criterion in rubric.criteria.all():
                ordered = sorted(criterion.levels.all(), key=lambda lv: -lv.points)
                pick = 0 if rng.random() < skill - 0.2 else min(1 if not eliminated else 2, len(ordered) - 1)
                levels[criterion.pk] = ordered[pick].pk
            score_practical(
                rubric=rubric,
                employee=employee,
                assessor=trainer2,
                levels_by_criterion=levels,
                overall_comment="表现稳定。" if not eliminated else "需加强规则掌握。",
            )
        _typing_history(employee, passages, september.start_date, rng, skill)
        _shadowing_logs(enrollment, rng, skill)
        if employee.status == Status.LIVE:
            assert employee.mentor is not None  # demo_data gives every new hire a mentor
            for role, by, text in (
                (SignOffRole.TRAINER, trainer2, "两门过关考试与实操考核均达标，建议正式上线。"),
                (SignOffRole.MENTOR, employee.mentor.user, "试岗期间接待稳定，响应及时，同意上线。"),
            ):
                signed = SignOff(enrollment=enrollment, role=role, by=by, recommendation=text)
                signed._history_user = by  # type: ignore[attr-defined]  # the audit trail's author
                signed.save()

    # The running cohort took the handbook quiz before day 1; two answers wait in the queue.
    for enrollment in running.enrollments.select_related("employee").order_by("employee__employee_no"):
        take(
            quiz,
            enrollment.employee,
            _at(_day(enrollment, 0), 19),
            skill=rng.uniform(0.8, 1.0),
            rng=rng,
            grader=trainer,
        )
        _typing_history(enrollment.employee, passages, running.start_date, rng, rng.uniform(0.7, 0.95), count=2)


def _typing_history(
    employee: Employee, passages: list[TypingPassage], start, rng: random.Random, skill: float, count: int = 4
) -> None:
    if not passages:
        return
    rows = []
    for i in range(count):
        passage = passages[i % len(passages)]
        started = _at(start + timedelta(days=2 * i + 1), 16, 30)
        speed = 45 + i * 8 + skill * 20 + rng.uniform(-5, 5)
        seconds = min(passage.duration_seconds, len(passage.text) * 60 / speed)
        typed = passage.text[: int(speed * seconds / 60)]
        if rng.random() > skill:
            typed = typed[:5] + "的" + typed[6:]
        s = typing_score(
            passage_text=passage.text,
            typed=typed,
            elapsed_seconds=seconds,
            min_cpm=passage.min_cpm,
            min_accuracy=passage.min_accuracy,
        )
        rows.append(_result(employee, passage, started, seconds, typed, s))
    TypingResult.objects.bulk_create(rows)


def _result(
    employee: Employee, passage: TypingPassage, started: datetime, seconds: float, typed: str, s: Any
) -> TypingResult:
    fields = {f.name for f in TypingResult._meta.get_fields()}
    values = {
        "employee": employee,
        "passage": passage,
        "started_at": started,
        "finished_at": started + timedelta(seconds=seconds),
        "typed_text": typed,
        "characters": s.characters,
        "correct_characters": s.correct_characters,
        "cpm": s.cpm,
        "accuracy": s.accuracy,
        "passed": s.passed,
    }
    return TypingResult(**{k: v for k, v in values.items() if k in fields})


def _shadowing_logs(enrollment: Enrollment, rng: random.Random, skill: float) -> None:
    """The mentor's daily log on the shadowing days (plan days 4, 5, 7 and 8)."""
    mentor = enrollment.employee.mentor
    if mentor is None:
        return
    notes = ["能主动记录常见问题。", "快捷回复还不熟练，需多练。", "对退换货规则掌握较好。", "回复速度有提升。"]
    ShadowingLog.objects.bulk_create(
        ShadowingLog(
            enrollment=enrollment,
            day_number=day,
            mentor=mentor,
            chats_observed=rng.randint(25, 60),
            notes=notes[i],
            score=max(1, min(5, round(2 + skill * 3 + rng.uniform(-0.6, 0.4)))),
        )
        for i, day in enumerate((4, 5, 7, 8))
    )
