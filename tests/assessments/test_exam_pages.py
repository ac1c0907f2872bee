"""Taking an exam through the pages, tampering, gates, go-live, and grading in the admin."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.exams import grade_answer, save_answer, start_attempt, submit_attempt
from assessments.models import Attempt, AttemptStatus, Retake, SignOff
from employees.models import Status
from tests.assessments.exam_fixtures import (
    EXAM_DAY,
    SHANGHAI,
    at,
    correct_response,
    make_bank,
    make_exam,
    typing_result,
)
from tests.factories import EmployeeFactory
from wording.matching import current_matcher

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam(world):
    return make_exam(make_bank(n_single=6), code="bk", result_policy="answers_when_final", max_attempts=2)


def login(client, user):
    with at(EXAM_DAY):
        client.force_login(user)


def test_the_trainee_takes_the_exam_and_reloading_loses_nothing(client, world, exam):
    login(client, world.trainee.user)
    with at(EXAM_DAY):
        response = client.post("/exams/bk/")
        attempt = Attempt.objects.get(employee=world.trainee)
        assert response["Location"] == f"/attempts/{attempt.pk}/"
        page = client.get(f"/attempts/{attempt.pk}/").content.decode()
        single = attempt.answers.filter(type="single").first()
        r = client.post(
            f"/attempts/{attempt.pk}/answer/", {"order": single.order, "value": single.snapshot["correct"][0], "seq": 1}
        )
        assert r.status_code == 200 and json.loads(r.content)["saved"] is True
        multi = attempt.answers.get(type="multiple")
        client.post(
            f"/attempts/{attempt.pk}/answer/", {"order": multi.order, "value": multi.snapshot["correct"], "seq": 1}
        )
        reloaded = client.get(f"/attempts/{attempt.pk}/")
    checked = [q for q in reloaded.context["questions"] if q["order"] == single.order][0]
    assert checked["response"] == single.snapshot["correct"][0]
    assert (
        f'value="{single.snapshot["correct"][0]}"\n              checked' in reloaded.content.decode()
        or "checked" in page
    )
    # The page never carries correct answers, accepted answers, references or explanations.
    for a in attempt.answers.all():
        if a.type == "fill":
            assert a.snapshot["accepted"][0] not in page
        if a.type == "short":
            assert a.snapshot["reference"] not in page
    assert "correct" not in json.dumps(reloaded.context["questions"], default=str)


def test_submit_scores_and_the_result_hides_answers_until_final(client, world, exam):
    login(client, world.trainee.user)
    with at(EXAM_DAY):
        attempt = start_attempt(exam=exam, employee=world.trainee)
        for a in attempt.answers.exclude(type="short"):
            save_answer(attempt=attempt, order=a.order, raw=correct_response(a))
        response = client.post(f"/attempts/{attempt.pk}/submit/", follow=True)
    assert response.context["attempt"].pending_grading == 1
    assert response.context["show_answers"] is False
    short = attempt.answers.get(type="short")
    grade_answer(answer=short, score=Decimal("9"), comment="好", by=world.trainer)
    with at(EXAM_DAY):
        result = client.get(f"/attempts/{attempt.pk}/result/")
    assert result.context["attempt"].passed is True
    assert result.context["show_answers"] is True
    assert short.snapshot["reference"] in result.content.decode()


def test_tampered_requests_are_refused_without_a_crash(client, world, exam):
    with at(EXAM_DAY):
        attempt = start_attempt(exam=exam, employee=world.trainee)
    # Another trainee cannot see or answer it.
    login(client, world.outsider.user)
    with at(EXAM_DAY):
        assert client.get(f"/attempts/{attempt.pk}/").status_code == 404
        assert client.post(f"/attempts/{attempt.pk}/answer/", {"order": 1, "value": "A"}).status_code == 404
        assert client.post(f"/attempts/{attempt.pk}/submit/").status_code == 404
    login(client, world.trainee.user)
    with at(EXAM_DAY):
        assert client.post(f"/attempts/{attempt.pk}/answer/", {"order": 999, "value": "A"}).status_code == 404
        assert client.post(f"/attempts/{attempt.pk}/answer/", {"order": "x", "value": "A"}).status_code == 404
        single = attempt.answers.filter(type="single").first()
        bad = client.post(f"/attempts/{attempt.pk}/answer/", {"order": single.order, "value": "Q", "seq": 1})
        assert bad.status_code == 409
        client.post(f"/attempts/{attempt.pk}/submit/")
        late = client.post(f"/attempts/{attempt.pk}/answer/", {"order": single.order, "value": "A", "seq": 2})
        assert late.status_code == 409
        again = client.post(f"/attempts/{attempt.pk}/submit/", follow=True)
    assert "本次考试已交卷" in again.content.decode()
    assert attempt.answers.get(order=single.order).response is None


def test_after_the_deadline_the_page_shows_the_closed_attempt(client, world, exam):
    with at(EXAM_DAY):
        attempt = start_attempt(exam=exam, employee=world.trainee)
    login(client, world.trainee.user)
    with at(EXAM_DAY + timedelta(minutes=45)):
        assert client.post(f"/attempts/{attempt.pk}/answer/", {"order": 1, "value": "A", "seq": 1}).status_code == 409
        page = client.get(f"/attempts/{attempt.pk}/")
    assert page.status_code == 302 and page["Location"].endswith("/result/")
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED


def _fail(exam, employee, moment, grader):
    with at(moment):
        attempt = start_attempt(exam=exam, employee=employee)
        submit_attempt(attempt=attempt)
    short = attempt.answers.get(type="short")
    with at(moment):
        grade_answer(answer=short, score=Decimal("0"), comment="", by=grader)
    attempt.refresh_from_db()
    return attempt


def test_a_failed_attempt_schedules_a_retake_on_the_next_working_day_and_tells_hr(client, world, exam):
    attempt = _fail(exam, world.trainee, datetime(2026, 11, 27, 15, tzinfo=SHANGHAI), world.trainer)  # a Friday
    assert attempt.passed is False
    retake = Retake.objects.get(failed_attempt=attempt)
    assert retake.date == date(2026, 11, 30)  # Monday
    login(client, world.hr)
    with at(EXAM_DAY):
        alerts = client.get("/exam-alerts/").context["alerts"]
    assert [(a.attempt, a.retake_on, a.out_of_attempts) for a in alerts] == [(attempt, date(2026, 11, 30), False)]
    # The trainee sees the retake on that day's page.
    client.force_login(world.trainee.user)
    with at(datetime(2026, 11, 30, 9, tzinfo=SHANGHAI)):
        client.force_login(world.trainee.user)
        today = client.get("/today/")
    assert [r.exam for r in today.context["retakes"]] == [exam]
    assert today.context["trial_post_locked"] is True

    # The retake opens on its day, not before.
    from assessments.exams import ExamError

    with at(datetime(2026, 11, 27, 16, tzinfo=SHANGHAI)), pytest.raises(ExamError, match="2026-11-30"):
        start_attempt(exam=exam, employee=world.trainee)
    second = _fail(exam, world.trainee, datetime(2026, 11, 30, 10, tzinfo=SHANGHAI), world.trainer)
    assert not Retake.objects.filter(failed_attempt=second).exists()
    with at(EXAM_DAY):
        client.force_login(world.hr)
        alerts = client.get("/exam-alerts/").context["alerts"]
    assert [(a.attempt, a.out_of_attempts) for a in alerts] == [(second, True)]


def test_passing_every_pass_exam_opens_the_trial_post_then_both_sign_offs_make_the_trainee_live(client, world, exam):
    from assessments.models import Exam

    Exam.objects.exclude(pk=exam.pk).update(is_gate=False)  # only our exam gates in this test
    with at(EXAM_DAY):
        attempt = start_attempt(exam=exam, employee=world.trainee)
        for a in attempt.answers.all():
            save_answer(attempt=attempt, order=a.order, raw=correct_response(a))
        submit_attempt(attempt=attempt)
        grade_answer(answer=attempt.answers.get(type="short"), score=Decimal("10"), comment="", by=world.trainer)
    world.trainee.refresh_from_db()
    assert world.trainee.status == Status.TRIAL_POST
    typing_result(world.trainee)  # the typing requirement is met too

    url = f"/enrollments/{world.enrollment.pk}/go-live/"
    login(client, world.mentor.user)
    with at(EXAM_DAY):
        # The mentor cannot sign as the trainer.
        assert client.post(url, {"action": "trainer", "text": "可以"}).status_code == 403
        client.post(url, {"action": "mentor", "text": "跟岗表现稳定，建议上线"})
    world.trainee.refresh_from_db()
    assert world.trainee.status == Status.TRIAL_POST
    login(client, world.trainer)
    with at(EXAM_DAY):
        page = client.get(url)
        assert page.context["ev"].exams[0]["passed"] in (True, False)
        client.post(url, {"action": "trainer", "text": "考试与实操均达标"})
        client.post(url, {"action": "trainer", "text": "again"})
    world.trainee.refresh_from_db()
    assert world.trainee.status == Status.LIVE
    assert SignOff.objects.filter(enrollment=world.enrollment).count() == 2
    last = world.trainee.status_changes.order_by("-pk").first()
    assert (last.to_status, last.changed_by) == (Status.LIVE, world.trainer)


def test_eliminate_needs_a_reason_and_is_recorded(client, world, exam):
    url = f"/enrollments/{world.enrollment.pk}/go-live/"
    login(client, world.hr)
    with at(EXAM_DAY):
        client.post(url, {"action": "eliminate", "text": "  "})
        world.trainee.refresh_from_db()
        assert world.trainee.status == Status.IN_TRAINING
        client.post(url, {"action": "eliminate", "text": "两次过关考试未通过"})
    world.trainee.refresh_from_db()
    assert world.trainee.status == Status.ELIMINATED
    assert world.trainee.status_changes.order_by("-pk").first().reason == "两次过关考试未通过"
    login(client, world.mentor.user)
    with at(EXAM_DAY):
        assert client.post(url, {"action": "eliminate", "text": "x"}).status_code == 403


@pytest.mark.parametrize("n_trainees", [2, 8])
def test_the_grading_queue_groups_by_question_and_grading_changes_the_result(client, world, n_trainees):
    exam = make_exam(make_bank(n_single=6), code="bk")
    trainees = [world.trainee] + [EmployeeFactory() for _ in range(n_trainees - 1)]
    from training.services import enroll

    with at(datetime(2026, 11, 10, 9, tzinfo=SHANGHAI)):
        enroll(cohort=world.cohort, employees=trainees[1:])
    with at(EXAM_DAY):
        attempts = [start_attempt(exam=exam, employee=t) for t in trainees]
        for attempt in attempts:
            short = attempt.answers.get(type="short")
            save_answer(attempt=attempt, order=short.order, raw="先道歉，再核实")
            submit_attempt(attempt=attempt)
    login(client, world.trainer)
    with at(EXAM_DAY), CaptureQueriesContext(connection) as queue:
        index = client.get("/admin/assessments/shortanswerpending/")
    groups = index.context["groups"]
    assert [g["waiting"] for g in groups] == [n_trainees]
    question_id = groups[0]["question_id"]
    url = f"/admin/assessments/shortanswerpending/question/{question_id}/"
    current_matcher()  # the banned-word list's words are read once per process, then kept (wording.matching)
    with at(EXAM_DAY), CaptureQueriesContext(connection) as page:
        grading = client.get(url)
    assert "先道歉，再核实" in grading.content.decode()
    # session, user, roles, perms, answers with trainees, the banned-word list's current version: constant
    assert len(page.captured_queries) == 7
    assert len(queue.captured_queries) == 7  # session, user, roles, perms, groups, texts: constant
    answers = grading.context["answers"]
    with at(EXAM_DAY):
        client.post(url, {f"score-{answers[0].pk}": "12"})  # over the maximum: re-shown, nothing saved
        assert answers[0].__class__.objects.get(pk=answers[0].pk).manual_score is None
        data = {}
        for a in answers:
            data.update({f"score-{a.pk}": "7", f"comment-{a.pk}": "要点基本齐全"})
        client.post(url, data)
    attempts[0].refresh_from_db()
    assert attempts[0].pending_grading == 0
    assert attempts[0].score == Decimal("7")
    with at(EXAM_DAY):
        assert client.get("/admin/").context is not None


@pytest.mark.parametrize("n_single", [2, 20])
def test_the_exam_page_takes_the_same_queries_for_few_or_many_questions(client, world, n_single):
    from assessments.models import ExamRule

    bank = make_bank(n_single=n_single)
    exam = make_exam(bank, code="many")
    ExamRule.objects.filter(exam=exam, type="single").update(count=n_single)
    with at(EXAM_DAY):
        attempt = start_attempt(exam=exam, employee=world.trainee)
        save_answer(attempt=attempt, order=1, raw=None)
    assert attempt.answers.count() == n_single + 4
    login(client, world.trainee.user)
    with at(EXAM_DAY), CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/attempts/{attempt.pk}/").status_code == 200
    # session, user, roles, employee with mentor, the attempt, the close-expired sweep, the
    # attempt again, its exam, the answers, unread notifications: the same for 6 or 24 questions
    assert len(ctx.captured_queries) == 10


def test_the_wrong_answer_notebook_and_practice_that_never_counts(client, world, exam):
    with at(EXAM_DAY):
        attempt = start_attempt(exam=exam, employee=world.trainee)
        wrong = attempt.answers.filter(type="single").first()
        other = next(o["key"] for o in wrong.snapshot["options"] if o["key"] not in wrong.snapshot["correct"])
        save_answer(attempt=attempt, order=wrong.order, raw=other)
        right = attempt.answers.filter(type="true_false").first()
        save_answer(attempt=attempt, order=right.order, raw=correct_response(right))
        submit_attempt(attempt=attempt)
    login(client, world.trainee.user)
    with at(EXAM_DAY):
        notebook = client.get("/notebook/")
    listed = {a.question_id for a in notebook.context["answers"]}
    assert wrong.question_id in listed and right.question_id not in listed
    assert wrong.snapshot["explanation"] in notebook.content.decode() or not wrong.snapshot["explanation"]

    with at(EXAM_DAY):
        response = client.post("/notebook/")
        practice = Attempt.objects.get(employee=world.trainee, is_practice=True)
        assert response["Location"] == f"/attempts/{practice.pk}/"
        question = practice.answers.get(question_id=wrong.question_id)
        save_answer(attempt=practice, order=question.order, raw=correct_response(question))
        submit_attempt(attempt=practice)
        result = client.get(f"/attempts/{practice.pk}/result/")
    practice.refresh_from_db()
    assert practice.passed is None  # practice never passes or fails anything
    assert result.context["show_answers"] is True
    from assessments.exams import standing

    assert standing(exam, world.trainee).used == 1  # the practice round is not an attempt of the exam
    assert not Retake.objects.filter(failed_attempt=practice).exists()


def _failed_attempts_in_the_cohort(world, exam, n: int) -> None:
    from training.services import enroll

    trainees = [EmployeeFactory() for _ in range(n)]
    enroll(cohort=world.cohort, employees=trainees)
    moment = datetime(2026, 11, 27, 15, tzinfo=SHANGHAI)
    Attempt.objects.bulk_create(
        Attempt(
            exam=exam,
            employee=t,
            status=AttemptStatus.SUBMITTED,
            started_at=moment,
            deadline=moment + timedelta(minutes=30),
            submitted_at=moment,
            percent=Decimal(40),
            passed=False,
        )
        for t in trainees
    )


@pytest.mark.parametrize("n", [2, 12])
def test_the_exam_alerts_page_takes_the_same_queries_for_few_or_many_alerts(client, world, exam, n):
    _failed_attempts_in_the_cohort(world, exam, n)
    login(client, world.hr)
    with at(EXAM_DAY), CaptureQueriesContext(connection) as ctx:
        response = client.get("/exam-alerts/")
    assert len(response.context["alerts"]) == n
    assert all(a.enrollment.cohort == world.cohort for a in response.context["alerts"])
    # session, user, roles, bell; failed attempts, passes; the trainees' enrollments with their cohorts
    assert len(ctx.captured_queries) == 7, [q["sql"] for q in ctx.captured_queries]
