"""Retakes: a retake whose day has passed reads "overdue" (never "retake on <past date>") on every
page that shows retakes, and no retake is announced after the last attempt or once it was sat.

The trainee's pass exam is on Thursday 2026-11-26; a failure schedules the retake on Friday 11-27."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.exams import grade_answer, save_answer, start_attempt, submit_attempt
from assessments.models import Attempt, AttemptStatus, Retake
from notifications.reminders import send_exam_eve_reminders
from notifications.services import Kind
from tests.assessments.exam_fixtures import EXAM_DAY, SHANGHAI, at, correct_response, make_bank, make_exam
from tests.notifications.reminder_data import notes

pytestmark = pytest.mark.django_db

RETAKE_DAY = date(2026, 11, 27)
MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def exam(world):
    return make_exam(make_bank(), code="bk", result_policy="score", max_attempts=2)


def fail(exam, world, when: datetime) -> Attempt:
    """All objective answers right, the short answer graded 0: 11 of 21 points, under the 60 % mark."""
    with at(when):
        attempt = start_attempt(exam=exam, employee=world.trainee, seed=1)
        for a in attempt.answers.exclude(type="short"):
            save_answer(attempt=attempt, order=a.order, raw=correct_response(a))
        submit_attempt(attempt=attempt)
        grade_answer(answer=attempt.answers.get(type="short"), score=Decimal("0"), comment="", by=world.trainer)
    attempt.refresh_from_db()
    assert attempt.passed is False
    return attempt


def test_a_retake_whose_day_has_passed_reads_overdue_on_every_page(client, world, exam):
    first = fail(exam, world, EXAM_DAY)
    assert first.retake.date == RETAKE_DAY
    client.force_login(world.trainee.user)
    with at(MONDAY):
        detail = client.get("/exams/bk/").content.decode()
        result = client.get(f"/attempts/{first.pk}/result/").content.decode()
        today = client.get("/today/").content.decode()
    assert "补考已逾期" in detail and "原定 2026年11月27日" in detail and "补考日期" not in detail
    assert "你的补考已逾期（原定 2026年11月27日）" in result and "已安排在" not in result
    assert "补考已逾期：测试考试（原定 2026年11月27日）" in today
    for staff, url in [(world.trainer, "/exam-alerts/"), (world.hr, "/exam-alerts/"), (world.hr, "/dashboard/")]:
        client.force_login(staff)
        with at(MONDAY):
            page = client.get(url).content.decode()
        assert "补考已逾期（原定 2026年11月27日）" in page, (staff, url)
        assert "2026年11月27日 补考" not in page


def test_before_its_day_the_retake_shows_its_date(client, world, exam):
    fail(exam, world, EXAM_DAY)
    client.force_login(world.trainee.user)
    with at(EXAM_DAY + timedelta(hours=3)):
        detail = client.get("/exams/bk/").content.decode()
    assert "2026年11月27日" in detail and "逾期" not in detail


def test_no_retake_is_announced_after_the_last_attempt(client, world, exam):
    fail(exam, world, EXAM_DAY)
    second = fail(exam, world, datetime(2026, 11, 27, 9, 0, tzinfo=SHANGHAI))
    assert not Retake.objects.filter(failed_attempt=second).exists()
    client.force_login(world.trainee.user)
    with at(MONDAY):
        detail = client.get("/exams/bk/")
        result = client.get(f"/attempts/{second.pk}/result/")
        today = client.get("/today/").content.decode()
    assert detail.context["state"].retake_on is None
    assert "补考日期" not in detail.content.decode() and "逾期" not in detail.content.decode()
    assert "考试机会已用完" in detail.content.decode()
    assert result.context["state"].retake_on is None
    assert "已安排在" not in result.content.decode() and "逾期" not in result.content.decode()
    assert "考试机会已用完" in result.content.decode()
    assert "alert alert-warning retake" not in today
    client.force_login(world.hr)
    with at(MONDAY):
        alerts = client.get("/exam-alerts/").context["alerts"]
    assert [(a.out_of_attempts, a.retake_on) for a in alerts] == [(True, None)]


def test_a_retake_already_sat_is_neither_reminded_nor_called_overdue(client, world):
    exam = make_exam(make_bank(), code="bk", result_policy="score", max_attempts=3)
    first = fail(exam, world, EXAM_DAY)
    Retake.objects.filter(failed_attempt=first).update(date=date(2026, 11, 30))  # HR moved it to Monday
    now = timezone.now()
    # The retake sat early (HR let the trainee in); its short answer still waits for grading.
    Attempt.objects.create(
        exam=exam, employee=world.trainee, number=2, status=AttemptStatus.SUBMITTED, started_at=now, deadline=now
    )
    assert send_exam_eve_reminders(on=RETAKE_DAY) == 0
    assert not notes(Kind.EXAM_EVE, world.trainee.user)
    client.force_login(world.hr)
    with at(MONDAY + timedelta(days=1)):
        page = client.get("/exam-alerts/")
    (alert,) = page.context["alerts"]
    assert (alert.retake_sat, alert.retake_on) == (True, None)
    assert "已补考，等待结果" in page.content.decode() and "逾期" not in page.content.decode()
    client.force_login(world.trainee.user)
    with at(MONDAY + timedelta(days=1)):
        assert "逾期" not in client.get("/today/").content.decode()
