"""A trainee is told when a grade or a regrade lands on their exam attempt: once per attempt and
grading action, in their language, with a link to the result, and never with a score the exam's
result policy hides."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessments.exams import grade_answer, save_answer, start_attempt, submit_attempt
from assessments.models import Attempt
from employees.models import Preference
from notifications.models import Notification
from notifications.services import Kind
from tests.assessments.exam_fixtures import EXAM_DAY, at, correct_response, make_bank, make_exam
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def sit(exam, employee) -> Attempt:
    with at(EXAM_DAY):
        attempt = start_attempt(exam=exam, employee=employee, seed=1)
        for a in attempt.answers.exclude(type="short"):
            save_answer(attempt=attempt, order=a.order, raw=correct_response(a))
        submit_attempt(attempt=attempt)
    return attempt


def graded(user) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind=Kind.GRADED).order_by("pk"))


def test_a_grade_and_a_regrade_each_notify_the_trainee_once_with_the_result(world, django_capture_on_commit_callbacks):
    exam = make_exam(make_bank(), code="bk", result_policy="score")
    attempt = sit(exam, world.trainee)
    short = attempt.answers.get(type="short")
    with django_capture_on_commit_callbacks(execute=True):
        grade_answer(answer=short, score=Decimal("0"), comment="", by=world.trainer)
    with django_capture_on_commit_callbacks(execute=True):
        grade_answer(answer=short, score=Decimal("5"), comment="", by=world.hr, reason="漏看了第二点")
    first, second = graded(world.trainee.user)
    assert first.title == "考试已评分：测试考试"
    assert "11.0 / 21.0" in first.body and "未通过" in first.body
    assert second.title == "考试已改分：测试考试"
    assert "16.0 / 21.0" in second.body and "已通过" in second.body
    assert first.url == second.url == f"/attempts/{attempt.pk}/result/"
    assert not graded(world.outsider.user)


def test_the_notification_is_written_in_the_trainees_language(world, django_capture_on_commit_callbacks):
    Preference.objects.create(user=world.trainee.user, language="en")
    exam = make_exam(make_bank(), code="bk", result_policy="score")
    short = sit(exam, world.trainee).answers.get(type="short")
    with django_capture_on_commit_callbacks(execute=True):
        grade_answer(answer=short, score=Decimal("10"), comment="", by=world.trainer)
    (note,) = graded(world.trainee.user)
    assert note.title == "Exam graded: 测试考试"
    assert note.body == "Score 21.0 / 21.0 (100.0%): passed."


def test_a_hidden_result_is_not_leaked_by_the_notification(world, django_capture_on_commit_callbacks):
    exam = make_exam(make_bank(), code="bk", result_policy="nothing")
    short = sit(exam, world.trainee).answers.get(type="short")
    with django_capture_on_commit_callbacks(execute=True):
        grade_answer(answer=short, score=Decimal("10"), comment="", by=world.trainer)
    (note,) = graded(world.trainee.user)
    assert "21" not in note.body and "通过" not in note.body
    assert note.body == "你的答卷已评分。本考试不显示分数。"


def test_grading_one_question_across_attempts_notifies_each_trainee_once(
    client, world, django_capture_on_commit_callbacks
):
    from training.services import enroll

    exam = make_exam(make_bank(), code="bk", result_policy="score")
    others = [EmployeeFactory(), EmployeeFactory()]
    with at(EXAM_DAY.replace(day=10)):
        enroll(cohort=world.cohort, employees=others)
    attempts = [sit(exam, t) for t in [world.trainee, *others]]
    client.force_login(world.trainer)
    question_id = attempts[0].answers.get(type="short").question_id
    data = {f"score-{a.answers.get(type='short').pk}": "6" for a in attempts}
    with at(EXAM_DAY), django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/assessments/shortanswerpending/question/{question_id}/", data)
    assert response.status_code == 302
    for trainee, attempt in zip([world.trainee, *others], attempts, strict=True):
        (note,) = graded(trainee.user)
        assert note.url == f"/attempts/{attempt.pk}/result/"


def test_the_same_action_announced_twice_notifies_once(world):
    from notifications.grades import announce_grade

    exam = make_exam(make_bank(), code="bk", result_policy="score")
    short = sit(exam, world.trainee).answers.get(type="short")
    grade_answer(answer=short, score=Decimal("10"), comment="", by=world.trainer)
    regrade = short.regrades.get()
    assert announce_grade(attempt_id=short.attempt_id, regrade_id=regrade.pk, regraded=False) is not None
    assert announce_grade(attempt_id=short.attempt_id, regrade_id=regrade.pk, regraded=False) is None
    assert len(graded(world.trainee.user)) == 1


def test_nothing_is_announced_while_the_grade_is_not_committed(world):
    exam = make_exam(make_bank(), code="bk", result_policy="score")
    short = sit(exam, world.trainee).answers.get(type="short")
    grade_answer(answer=short, score=Decimal("10"), comment="", by=world.trainer)  # the test's transaction stays open
    assert not graded(world.trainee.user)
