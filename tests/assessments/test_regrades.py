"""Grading and regrading through the admin's answer page, the history it shows, and what the
trainee is told."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessments.exams import grade_answer, save_answer, start_attempt, submit_attempt
from assessments.models import Answer, Attempt
from tests.assessments.exam_fixtures import EXAM_DAY, at, correct_response, make_bank, make_exam

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam(world):
    return make_exam(make_bank(), code="bk", result_policy="score", max_attempts=2)


def submitted(world, exam) -> Attempt:
    with at(EXAM_DAY):
        attempt = start_attempt(exam=exam, employee=world.trainee, seed=1)
        for a in attempt.answers.exclude(type="short"):
            save_answer(attempt=attempt, order=a.order, raw=correct_response(a))
        submit_attempt(attempt=attempt)
    return attempt


def admin_form(answer: Answer, **values) -> dict:
    data = {
        "manual_score": "",
        "comment": "",
        "reason": "",
        "regrades-TOTAL_FORMS": str(answer.regrades.count()),
        "regrades-INITIAL_FORMS": str(answer.regrades.count()),
        "regrades-MIN_NUM_FORMS": "0",
        "regrades-MAX_NUM_FORMS": "1000",
    }
    for i, r in enumerate(answer.regrades.order_by("-at", "-pk")):
        data[f"regrades-{i}-id"] = str(r.pk)
        data[f"regrades-{i}-answer"] = str(answer.pk)
    data.update(values)
    return data


@pytest.mark.parametrize("grader", ["trainer", "hr"])
def test_a_regrade_with_a_reason_on_the_answer_page_changes_the_score_and_the_verdict(client, world, exam, grader):
    attempt = submitted(world, exam)
    short = attempt.answers.get(type="short")
    grade_answer(answer=short, score=Decimal("0"), comment="", by=world.trainer)
    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed) == (Decimal("11"), False)  # 11 of 21: 52.4 %, pass mark 60
    user = getattr(world, grader)
    client.force_login(user)
    url = f"/admin/assessments/answer/{short.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, admin_form(short, manual_score="5", comment="补看要点", reason="漏看了第二点"))
    assert response.status_code == 302, response.content.decode()[:2000]
    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed) == (Decimal("16"), True)
    short.refresh_from_db()
    assert (short.manual_score, short.graded_by) == (Decimal("5"), user)
    last = short.regrades.order_by("-pk").first()
    assert (last.old_score, last.new_score, last.by, last.reason) == (Decimal("0"), Decimal("5"), user, "漏看了第二点")


def test_a_regrade_without_a_reason_is_refused_beside_the_form_and_nothing_changes(client, world, exam):
    attempt = submitted(world, exam)
    short = attempt.answers.get(type="short")
    grade_answer(answer=short, score=Decimal("0"), comment="", by=world.trainer)
    client.force_login(world.trainer)
    url = f"/admin/assessments/answer/{short.pk}/change/"
    response = client.post(url, admin_form(short, manual_score="5", reason="  "))
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == ["请说明改分原因。"]
    response = client.post(url, admin_form(short, manual_score="", reason="撤销"))
    assert response.status_code == 200  # a grade cannot be taken back
    assert response.context["adminform"].form.non_field_errors()
    short.refresh_from_db()
    assert short.manual_score == Decimal("0")
    assert short.regrades.count() == 1


def test_a_first_grade_on_the_answer_page_needs_no_reason_and_saving_unchanged_writes_nothing(client, world, exam):
    attempt = submitted(world, exam)
    short = attempt.answers.get(type="short")
    client.force_login(world.trainer)
    url = f"/admin/assessments/answer/{short.pk}/change/"
    assert client.post(url, admin_form(short, manual_score="10", comment="要点齐全")).status_code == 302
    assert client.post(url, admin_form(short, manual_score="10", comment="要点齐全")).status_code == 302
    assert [r.change for r in short.regrades.all()] == ["— → 10.0"]
    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed) == (Decimal("21"), True)


def test_the_history_names_the_grader_and_reads_old_to_new(client, world, exam):
    attempt = submitted(world, exam)
    short = attempt.answers.get(type="short")
    grade_answer(answer=short, score=Decimal("5"), comment="", by=world.trainer)
    grade_answer(answer=short, score=Decimal("7"), comment="", by=world.hr, reason="复核")
    client.force_login(world.hr)
    page = client.get(f"/admin/assessments/answer/{short.pk}/change/").content.decode()
    assert "— → 5.0" in page and "5.0 → 7.0" in page
    assert "李雪" in page and "周敏" in page  # the trainer's and HR's names, not their logins
    assert "None" not in page
    listing = client.get("/admin/assessments/regrade/").content.decode()
    assert "— → 5.0" in listing and "李雪" in listing and "None →" not in listing
    regrade = short.regrades.order_by("pk").first()
    detail = client.get(f"/admin/assessments/regrade/{regrade.pk}/change/").content.decode()
    assert "— → 5.0" in detail and "李雪" in detail
    assert str(regrade).endswith("— → 5.0")


def test_an_account_without_a_name_is_shown_by_its_username(world, exam):
    attempt = submitted(world, exam)
    short = attempt.answers.get(type="short")
    world.trainer.first_name = ""
    world.trainer.save()
    grade_answer(answer=short, score=Decimal("5"), comment="", by=world.trainer)
    assert short.regrades.get().grader_name == "trainer"
