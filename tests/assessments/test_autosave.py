"""Autosaves and the final submission: every save carries the page's save number, so a late, older
save never overwrites a newer answer; the submission stores the page's answers, closes and scores
under the attempt's row lock, so it is graded on exactly what the server stored."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection

from assessments import exams
from assessments.exams import ExamError, LateSaveError, save_answer, start_attempt, submit_attempt
from assessments.models import Attempt, AttemptStatus
from tests.assessments.exam_fixtures import EXAM_DAY, at, make_bank, make_exam

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt(world):
    exam = make_exam(make_bank(), code="bk")
    with at(EXAM_DAY):
        return start_attempt(exam=exam, employee=world.trainee, seed=1)


def fill_order(attempt: Attempt) -> int:
    return attempt.answers.get(type="fill").order


def post(client, attempt, **data):
    with at(EXAM_DAY + timedelta(minutes=1)):
        return client.post(f"/attempts/{attempt.pk}/answer/", data)


def test_a_late_older_save_does_not_overwrite_a_newer_answer(client, world, attempt):
    order = fill_order(attempt)
    client.force_login(world.trainee.user)
    newer = post(client, attempt, order=order, value="七天无理由", seq=2)
    older = post(client, attempt, order=order, value="七天", seq=1)  # sent first, arrived last
    assert json.loads(newer.content)["saved"] is True
    assert older.status_code == 200 and json.loads(older.content) == {"saved": False, "late": True, "order": order}
    answer = attempt.answers.get(order=order)
    assert (answer.response, answer.save_number) == ("七天无理由", 2)


def test_saves_in_order_each_replace_the_last_and_a_repeated_save_changes_nothing(world, attempt):
    order = fill_order(attempt)
    with at(EXAM_DAY + timedelta(minutes=1)):
        save_answer(attempt=attempt, order=order, raw="七天", save_number=1)
        save_answer(attempt=attempt, order=order, raw="七天无理由", save_number=2)
        with pytest.raises(LateSaveError):
            save_answer(attempt=attempt, order=order, raw="七天", save_number=2)  # a retried request
    assert attempt.answers.get(order=order).response == "七天无理由"


@pytest.mark.parametrize("seq", ["", "0", "-1", "x", "99999999999", "1.5"])
def test_a_save_without_a_valid_save_number_is_refused_and_stores_nothing(client, world, attempt, seq):
    order = fill_order(attempt)
    client.force_login(world.trainee.user)
    response = post(client, attempt, order=order, value="七天无理由", seq=seq)
    assert response.status_code == 400 and json.loads(response.content)["saved"] is False
    assert attempt.answers.get(order=order).response is None


def test_an_autosave_after_the_submission_is_refused_and_the_stored_answer_is_graded(client, world, attempt):
    order = fill_order(attempt)
    client.force_login(world.trainee.user)
    assert json.loads(post(client, attempt, order=order, value="七天", seq=1).content)["saved"]
    with at(EXAM_DAY + timedelta(minutes=2)):
        # The submitted page carries its latest answers: they are stored as final and graded.
        client.post(f"/attempts/{attempt.pk}/submit/", {f"q{order}-value": "七天无理由"})
    late = post(client, attempt, order=order, value="七天", seq=2)
    assert late.status_code == 409
    answer = attempt.answers.get(order=order)
    assert answer.response == "七天无理由"
    assert answer.auto_score == answer.points  # graded on the value stored


def test_a_carried_answer_that_cannot_answer_its_question_keeps_the_stored_one(world, attempt):
    single = attempt.answers.filter(type="single").first()
    with at(EXAM_DAY + timedelta(minutes=1)):
        save_answer(attempt=attempt, order=single.order, raw="A", save_number=1)
        submit_attempt(attempt=attempt, answers={single.order: "Z"})
    assert attempt.answers.get(pk=single.pk).response == "A"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="needs two real connections (PostgreSQL)")
def test_an_autosave_racing_the_submission_waits_for_it_and_is_refused(world):
    from django.db import connections

    exam = make_exam(make_bank(), code="bk")
    with at(EXAM_DAY):
        attempt = start_attempt(exam=exam, employee=world.trainee, seed=1)
    order = attempt.answers.get(type="fill").order
    with at(EXAM_DAY):
        save_answer(attempt=attempt, order=order, raw="七天", save_number=1)
    closing, release = threading.Event(), threading.Event()
    real_score = exams.score_attempt
    outcome: dict[str, object] = {}

    def paused_score(a):
        closing.set()  # the attempt's row is locked and marked submitted, not yet committed
        assert release.wait(20)
        return real_score(a)

    def submit():
        try:
            with at(EXAM_DAY + timedelta(minutes=5)), mock.patch.object(exams, "score_attempt", paused_score):
                submit_attempt(attempt=Attempt.objects.get(pk=attempt.pk))
        finally:
            connections.close_all()

    def autosave():
        try:
            with at(EXAM_DAY + timedelta(minutes=5)):
                save_answer(attempt=Attempt.objects.get(pk=attempt.pk), order=order, raw="七天无理由", save_number=2)
                outcome["save"] = "saved"
        except ExamError:
            outcome["save"] = "refused"
        finally:
            connections.close_all()

    submitter = threading.Thread(target=submit)
    submitter.start()
    assert closing.wait(20)
    saver = threading.Thread(target=autosave)
    saver.start()
    # Let the submission go on once the autosave waits for the row lock (or has finished without).
    with connection.cursor() as cursor:
        for _ in range(2000):
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0] or not saver.is_alive():
                break
            saver.join(0.01)
    release.set()
    submitter.join(30)
    saver.join(30)
    assert outcome["save"] == "refused"
    answer = Attempt.objects.get(pk=attempt.pk).answers.get(order=order)
    assert answer.response == "七天"
    assert answer.auto_score == 0  # graded on what was stored when the submission closed
    assert Attempt.objects.get(pk=attempt.pk).status == AttemptStatus.SUBMITTED
