"""The scheduled reminders of exams: pass exams and retakes the working day before at 17:00, and the
grading backlog at 10:00; who gets each, who does not, nothing for finished work, once only.

The World's cohort starts Monday 2026-11-16: plan day 1 is 11-16 (trainer-led sessions), day 4 is
11-19 (shadowing with the mentor), day 9 is Thursday 11-26 (the two pass exams)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from assessments.exams import pending_answers
from assessments.models import Answer, Attempt, AttemptStatus, Exam, QuestionType, Retake
from notifications.models import Notification, ReminderLog
from notifications.reminders import send_exam_eve_reminders, send_grading_backlog
from notifications.services import Kind
from tests.notifications.reminder_data import DAY4, DAY8, DAY9, notes

pytestmark = pytest.mark.django_db


# --- 17:00 exams on the next working day -----------------------------------------------------


def test_trainees_are_reminded_the_day_before_their_pass_exams(world, english):
    send_exam_eve_reminders(on=DAY8)
    mine = notes(Kind.EXAM_EVE, world.trainee.user)
    assert sorted(n.url for n in mine) == ["/exams/business-knowledge/", "/exams/business-systems/"]
    knowledge = next(n for n in mine if "business-knowledge" in n.url)
    assert knowledge.title == f"Exam on November 26: {Exam.objects.get(code='business-knowledge').title}"
    assert knowledge.body.splitlines() == [
        "Starts at 09:00.",
        "Time limit 45 minutes, pass mark 80%.",
        "You have 2 attempts left.",
    ]
    assert ReminderLog.objects.filter(user=world.trainee.user, day=DAY9, subject="business-knowledge").exists()


def test_a_passed_exam_is_not_reminded(world):
    exam = Exam.objects.get(code="business-knowledge")
    now = timezone.now()
    Attempt.objects.create(
        exam=exam, employee=world.trainee, status=AttemptStatus.SUBMITTED, passed=True, started_at=now, deadline=now
    )
    send_exam_eve_reminders(on=DAY8)
    assert [n.url for n in notes(Kind.EXAM_EVE, world.trainee.user)] == ["/exams/business-systems/"]


def test_no_exam_reminder_when_the_next_working_day_has_no_exam(world):
    assert send_exam_eve_reminders(on=DAY4) == 0


def _failed_attempt(world) -> tuple[Exam, Attempt]:
    exam = Exam.objects.get(code="business-knowledge")
    now = timezone.now()
    attempt = Attempt.objects.create(
        exam=exam, employee=world.trainee, status=AttemptStatus.SUBMITTED, passed=False, started_at=now, deadline=now
    )
    return exam, attempt


def test_a_retake_is_reminded_the_working_day_before_and_not_again_at_the_weekend(world, english):
    exam, attempt = _failed_attempt(world)
    Retake.objects.create(exam=exam, employee=world.trainee, failed_attempt=attempt, date=date(2026, 11, 30))
    assert send_exam_eve_reminders(on=date(2026, 11, 27)) == 1  # Friday → Monday
    assert send_exam_eve_reminders(on=date(2026, 11, 28)) == 0  # Saturday: already told
    [note] = notes(Kind.EXAM_EVE, world.trainee.user)
    assert note.title == f"Retake on November 30: {exam.title}"
    assert "1 attempt left" in note.body


def test_a_retake_already_passed_is_not_reminded(world):
    exam, attempt = _failed_attempt(world)
    Retake.objects.create(exam=exam, employee=world.trainee, failed_attempt=attempt, date=date(2026, 11, 30))
    now = timezone.now()
    Attempt.objects.create(
        exam=exam,
        employee=world.trainee,
        number=2,
        status=AttemptStatus.SUBMITTED,
        passed=True,
        started_at=now,
        deadline=now,
    )
    assert send_exam_eve_reminders(on=date(2026, 11, 27)) == 0


def test_exam_reminders_are_sent_once_when_run_twice(world):
    assert send_exam_eve_reminders(on=DAY8) == 4  # two exams for the trainee and the outsider
    assert send_exam_eve_reminders(on=DAY8) == 0


# --- 10:00 grading backlog -------------------------------------------------------------------


def _pending_short_answer(employee) -> Answer:
    exam = Exam.objects.get(code="business-knowledge")
    now = timezone.now()
    number = Attempt.objects.filter(exam=exam, employee=employee).count() + 1
    attempt = Attempt.objects.create(
        exam=exam,
        employee=employee,
        number=number,
        status=AttemptStatus.SUBMITTED,
        started_at=now,
        deadline=now,
        submitted_at=now,
    )
    return Answer.objects.create(attempt=attempt, order=1, type=QuestionType.SHORT, snapshot={"text": "?"}, points=10)


def test_trainers_and_hr_hear_about_answers_waiting_in_their_cohorts(world, english):
    _pending_short_answer(world.trainee)
    _pending_short_answer(world.trainee)
    assert send_grading_backlog(on=DAY9) == 2
    [trainer_note] = notes(Kind.GRADING_BACKLOG, world.trainer)
    [hr_note] = notes(Kind.GRADING_BACKLOG, world.hr)
    assert trainer_note.title == hr_note.title == "2 short answers to grade"
    assert trainer_note.url == "/admin/assessments/shortanswerpending/"
    assert notes(Kind.GRADING_BACKLOG, world.other_trainer) == []  # the outsider's cohort has none


def test_the_counts_are_those_of_the_grading_queue(world, english):
    _pending_short_answer(world.trainee)
    _pending_short_answer(world.outsider)
    send_grading_backlog(on=DAY9)
    for user in (world.trainer, world.other_trainer, world.hr):
        count = pending_answers(user).count()
        [note] = notes(Kind.GRADING_BACKLOG, user)
        assert note.title.startswith(f"{count} short answer")


def test_no_backlog_reminder_when_nothing_waits(world):
    answer = _pending_short_answer(world.trainee)
    answer.manual_score = 5
    answer.save()
    assert send_grading_backlog(on=DAY9) == 0
    assert not Notification.objects.exists()


def test_backlog_reminder_is_sent_once_a_day(world):
    _pending_short_answer(world.trainee)
    assert send_grading_backlog(on=DAY9) == 2
    assert send_grading_backlog(on=DAY9) == 0
    assert send_grading_backlog(on=DAY9 + timedelta(days=1)) == 2
