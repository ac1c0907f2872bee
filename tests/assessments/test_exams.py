"""Exam attempts: the server's clock, snapshots, the one submission, grading and regrades."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection

from assessments.exams import (
    ExamError,
    close_expired,
    grade_answer,
    save_answer,
    start_attempt,
    submit_attempt,
)
from assessments.models import Attempt, AttemptStatus, Choice, Question, Regrade
from tests.assessments.exam_fixtures import EXAM_DAY, TOTAL, at, correct_response, make_bank, make_exam

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam(world):
    return make_exam(make_bank())


def test_an_attempt_draws_by_the_rules_and_keeps_a_snapshot(world, exam):
    with at(EXAM_DAY):
        attempt = start_attempt(exam=exam, employee=world.trainee, seed=1)
    answers = list(attempt.answers.order_by("order"))
    assert sorted(a.type for a in answers) == sorted(["single", "single", "multiple", "true_false", "fill", "short"])
    assert attempt.max_score == TOTAL
    assert attempt.deadline - attempt.started_at == timedelta(minutes=30)
    single = next(a for a in answers if a.type == "single")
    shown = [o["text"] for o in single.snapshot["options"]]
    # Editing the bank afterwards changes nothing in the attempt.
    Question.objects.filter(pk=single.question_id).update(text="改过的题目")
    Choice.objects.filter(question_id=single.question_id).update(text="改过", is_correct=False)
    single.refresh_from_db()
    assert single.snapshot["text"].startswith("单选题")
    assert [o["text"] for o in single.snapshot["options"]] == shown
    assert len(single.snapshot["correct"]) == 1


def test_not_before_its_day_and_not_for_someone_whose_plan_lacks_it(world, exam):
    with at(EXAM_DAY - timedelta(days=1)), pytest.raises(ExamError, match="2026-11-26"):
        start_attempt(exam=exam, employee=world.trainee)
    from tests.factories import EmployeeFactory

    with at(EXAM_DAY), pytest.raises(ExamError):
        start_attempt(exam=exam, employee=EmployeeFactory())  # in no cohort


def test_a_second_start_returns_the_open_attempt(world, exam):
    with at(EXAM_DAY):
        first = start_attempt(exam=exam, employee=world.trainee)
        assert start_attempt(exam=exam, employee=world.trainee) == first
    assert Attempt.objects.count() == 1


def test_a_full_score_passes_and_short_answers_wait_for_grading(world, exam):
    with at(EXAM_DAY):
        attempt = start_attempt(exam=exam, employee=world.trainee)
        for a in attempt.answers.all():
            save_answer(attempt=attempt, order=a.order, raw=correct_response(a))
        submit_attempt(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED
    assert attempt.score == TOTAL - 10  # the short answer is not graded yet
    assert (attempt.pending_grading, attempt.passed) == (1, None)

    short = attempt.answers.get(type="short")
    grade_answer(answer=short, score=Decimal("8"), comment="要点齐全", by=world.trainer)
    attempt.refresh_from_db()
    assert (attempt.score, attempt.pending_grading, attempt.passed) == (TOTAL - 2, 0, True)
    assert attempt.percent == Decimal("90.5")


def test_answers_after_the_deadline_are_refused_and_the_attempt_closes(world, exam):
    with at(EXAM_DAY):
        attempt = start_attempt(exam=exam, employee=world.trainee)
        first = attempt.answers.filter(type="single").first()
        save_answer(attempt=attempt, order=first.order, raw=correct_response(first))
    with at(EXAM_DAY + timedelta(minutes=31)), pytest.raises(ExamError, match="时间已到"):
        save_answer(attempt=attempt, order=2, raw=None)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED
    assert attempt.submitted_at == attempt.deadline
    assert attempt.score == first.points  # what was saved in time still counts


def test_an_abandoned_attempt_is_closed_and_scored_by_the_sweep(world, exam):
    with at(EXAM_DAY):
        attempt = start_attempt(exam=exam, employee=world.trainee)
        save_answer(attempt=attempt, order=1, raw=correct_response(attempt.answers.get(order=1)))
    with at(EXAM_DAY + timedelta(minutes=20)):
        assert close_expired() == 0
    with at(EXAM_DAY + timedelta(hours=3)):
        assert close_expired() == 1
        assert close_expired() == 0
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED
    assert attempt.score is not None


def test_no_answer_changes_after_submission_and_no_second_submission(world, exam):
    with at(EXAM_DAY):
        attempt = start_attempt(exam=exam, employee=world.trainee)
        submit_attempt(attempt=attempt)
        with pytest.raises(ExamError):
            save_answer(attempt=attempt, order=1, raw=correct_response(attempt.answers.get(order=1)))
        with pytest.raises(ExamError, match="已交卷"):
            submit_attempt(attempt=attempt)
    assert attempt.answers.get(order=1).response is None


def test_a_question_not_in_the_attempt_is_not_found(world, exam):
    from assessments.models import Answer

    with at(EXAM_DAY):
        attempt = start_attempt(exam=exam, employee=world.trainee)
        with pytest.raises(Answer.DoesNotExist):
            save_answer(attempt=attempt, order=99, raw="A")
        single = attempt.answers.filter(type="single").first()
        with pytest.raises(ExamError):
            save_answer(attempt=attempt, order=single.order, raw="Z")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="needs two real connections (PostgreSQL)")
def test_two_submissions_at_the_same_moment_close_the_attempt_once(world):
    exam = make_exam(make_bank())
    with at(EXAM_DAY):
        attempt = start_attempt(exam=exam, employee=world.trainee)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def submit():
        from django.db import connections

        try:
            with at(EXAM_DAY + timedelta(minutes=5)):
                barrier.wait()
                submit_attempt(attempt=Attempt.objects.get(pk=attempt.pk))
                outcomes.append("ok")
        except ExamError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]


def test_regrades_are_kept_and_need_a_reason(world, exam):
    with at(EXAM_DAY):
        attempt = start_attempt(exam=exam, employee=world.trainee)
        submit_attempt(attempt=attempt)
    short = attempt.answers.get(type="short")
    grade_answer(answer=short, score=Decimal("3"), comment="", by=world.trainer)
    with pytest.raises(ExamError, match="原因|why"):
        grade_answer(answer=short, score=Decimal("6"), comment="", by=world.hr)
    with pytest.raises(ExamError):
        grade_answer(answer=short, score=Decimal("11"), comment="", by=world.hr, reason="x")
    grade_answer(answer=short, score=Decimal("6"), comment="复核", by=world.hr, reason="漏看了第二点")
    history = list(Regrade.objects.filter(answer=short).order_by("at", "pk"))
    assert [(r.old_score, r.new_score, r.by) for r in history] == [
        (None, Decimal("3"), world.trainer),
        (Decimal("3"), Decimal("6"), world.hr),
    ]
    assert history[1].reason == "漏看了第二点"
    attempt.refresh_from_db()
    assert attempt.score == Decimal("6")


def test_the_sweep_runs_every_minute_from_the_editable_beat_schedule(world, exam):
    from django_celery_beat.models import PeriodicTask

    from assessments.tasks import close_expired_attempts_task

    task = PeriodicTask.objects.get(task="assessments.close_expired_attempts")
    assert (task.interval.every, task.interval.period) == (1, "minutes")
    with at(EXAM_DAY):
        start_attempt(exam=exam, employee=world.trainee)
    with at(EXAM_DAY + timedelta(hours=1)):
        assert close_expired_attempts_task.apply().get() == 1
