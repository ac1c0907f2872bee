"""The pre-onboarding step holds day 1: a new hire confirms reading the handbook and passes the handbook quiz
before day 1 opens (its items, and every later day's, are locked until then); HR may open day 1 with a reason,
which is kept in the hire's history; the checklist keeps what the hire ticks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from assessments.exams import start_attempt, submit_attempt
from assessments.models import Exam
from employees.audit import timeline
from onboarding.models import ChecklistItem, GatedPlan, Readiness
from onboarding.selectors import gate_for
from tests.factories import CohortFactory, EmployeeFactory
from tests.onboarding.conftest import DAY0, DAY1, at, pass_quiz
from training.models import Enrollment, Tier
from training.services import enroll

pytestmark = pytest.mark.django_db


@pytest.fixture
def hire(client, gated_world):
    client.force_login(gated_world.trainee.user)
    return client


def day_one_topics(response) -> list[str]:
    day = response.context["day"]
    return [iv.item.topic for iv in day.items] if day and not response.context["locked"] else []


def test_day_one_is_locked_until_the_handbook_is_confirmed_and_the_quiz_passed(hire, gated_world):
    with at(DAY1):
        response = hire.get("/today/")
        page = response.content.decode()
        assert response.context["locked"] is True
        assert "第 1 天尚未开放" in page and "行业介绍" not in page
        assert "入职准备" in page

        hire.post("/onboarding/handbook/confirm/")
        assert hire.get("/today/").context["locked"] is True  # the quiz is still to pass

        pass_quiz(gated_world.trainee)
        response = hire.get("/today/")
    assert response.context["locked"] is False
    assert day_one_topics(response)[:2] == ["破冰", "行业介绍"]
    assert "入职准备" not in response.content.decode()  # the step is done and day 1 has come


def test_a_passed_quiz_without_the_confirmation_keeps_day_one_locked(hire, gated_world):
    pass_quiz(gated_world.trainee)
    with at(DAY1):
        assert hire.get("/today/").context["locked"] is True


def test_a_failed_quiz_does_not_open_day_one(hire, gated_world):
    hire.post("/onboarding/handbook/confirm/")
    pass_quiz(gated_world.trainee, percent=60)
    with at(DAY1):
        page = hire.get("/today/").content.decode()
    assert "第 1 天尚未开放" in page
    assert "最好成绩 60% · 已用 1 / 3 次" in page


def test_later_days_stay_locked_too_and_the_week_view_shows_them_locked(hire):
    with at(DAY1 + timedelta(days=3)):  # day 4
        assert hire.get("/today/").context["locked"] is True
        response = hire.get("/week/?d=2026-11-13")  # Friday day 0 … and the following week
    assert response.context["locked"] is True
    with at(DAY1):
        page = hire.get("/week/").content.decode()
    assert page.count("day-locked") == 5  # Monday to Friday: days 1–5


def test_the_step_is_shown_before_day_one_and_the_quiz_opens_on_day_zero(hire):
    with at(date(2026, 11, 11)):
        response = hire.get("/today/")
    page = response.content.decode()
    assert response.context["show_step"] is True
    assert "新员工手册测验将于 11月13日 开放。" in page
    assert "阅读新员工手册" in hire.get("/onboarding/handbook/").content.decode()
    with at(DAY0):
        page = hire.get("/today/").content.decode()
    assert "参加考试：新员工手册测验" in page


def test_the_quiz_through_the_exam_engine_opens_day_one(hire, gated_world):
    """The handbook quiz is the seeded exam on day 0, taken like any other exam."""
    hire.post("/onboarding/handbook/confirm/")
    exam = Exam.objects.get(code="handbook-quiz")
    with at(DAY0, hour=20):
        attempt = start_attempt(exam=exam, employee=gated_world.trainee, seed=1)
        # The quiz draws single choices (one correct letter) and true / false questions.
        answers = {a.order: a.snapshot["correct"] for a in attempt.answers.all()}
        submit_attempt(attempt=attempt, answers={o: c[0] if isinstance(c, list) else c for o, c in answers.items()})
    attempt.refresh_from_db()
    assert attempt.passed is True
    with at(DAY1):
        assert hire.get("/today/").context["locked"] is False


def test_a_hire_already_ready_sees_the_step_done_before_day_one(hire, gated_world):
    hire.post("/onboarding/handbook/confirm/")
    pass_quiz(gated_world.trainee)
    with at(DAY0):
        page = hire.get("/today/").content.decode()
    assert "已全部完成：第 1 天已为你开放。" in page


def test_confirming_twice_keeps_the_first_time(hire, gated_world):
    with at(DAY0):
        hire.post("/onboarding/handbook/confirm/")
    with at(DAY1):
        hire.post("/onboarding/handbook/confirm/")
    readiness = Readiness.objects.get(enrollment=gated_world.enrollment)
    assert readiness.handbook_confirmed_at.date() == DAY0
    assert readiness.history.count() == 2  # created, then confirmed: the second click changed nothing


# ---------------------------------------------------------------------------- HR opens day 1


def test_hr_opens_day_one_with_a_reason_and_it_is_recorded(client, hire, gated_world):
    enrollment = gated_world.enrollment
    client.force_login(gated_world.hr)
    response = client.post(
        f"/onboarding/enrollments/{enrollment.pk}/open-day-1/", {"reason": "子账号今天才开通，测验第 1 天补考"}
    )
    assert response.status_code == 302
    readiness = Readiness.objects.get(enrollment=enrollment)
    assert readiness.overridden_by == gated_world.hr
    assert readiness.override_reason == "子账号今天才开通，测验第 1 天补考"
    assert readiness.history.latest().history_user == gated_world.hr

    entries = [e for e in timeline(gated_world.trainee) if e.subject.startswith("入职准备")]
    assert entries and entries[0].override is True and entries[0].who == "周敏"
    assert any(c.after == "子账号今天才开通，测验第 1 天补考" for c in entries[0].changes)

    client.force_login(gated_world.trainee.user)
    with at(DAY1):
        response = client.get("/today/")
    assert response.context["locked"] is False
    assert "行业介绍" in response.content.decode()


def test_opening_day_one_needs_a_reason(client, gated_world):
    client.force_login(gated_world.hr)
    response = client.post(f"/onboarding/enrollments/{gated_world.enrollment.pk}/open-day-1/", {"reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert not Readiness.objects.filter(enrollment=gated_world.enrollment, overridden_at__isnull=False).exists()


def test_opening_day_one_twice_is_refused_with_a_message(client, gated_world):
    client.force_login(gated_world.hr)
    url = f"/onboarding/enrollments/{gated_world.enrollment.pk}/open-day-1/"
    client.post(url, {"reason": "账号晚到"})
    response = client.post(url, {"reason": "再开一次"})
    assert response.status_code == 200
    assert Readiness.objects.get(enrollment=gated_world.enrollment).override_reason == "账号晚到"


# ---------------------------------------------------------------------------- the checklist


def test_checklist_ticks_are_saved_and_can_be_taken_back(hire, gated_world):
    items = list(ChecklistItem.objects.order_by("order"))
    assert [i.label for i in items] == ["已收到工作账号", "已加入部门群", "已加入公司群", "已加入培训群"]
    hire.post("/onboarding/checklist/", {"item": [items[0].pk, items[2].pk, "999999", "x", "²", "9" * 30]})
    readiness = Readiness.objects.get(enrollment=gated_world.enrollment)
    assert set(readiness.ticks.values_list("item_id", flat=True)) == {items[0].pk, items[2].pk}
    with at(DAY0):
        page = hire.get("/today/").content.decode()
    assert "2 / 4 已完成" in page
    hire.post("/onboarding/checklist/", {"item": [items[2].pk, items[3].pk]})
    assert set(readiness.ticks.values_list("item_id", flat=True)) == {items[2].pk, items[3].pk}


def test_the_checklist_does_not_hold_day_one(hire, gated_world):
    hire.post("/onboarding/handbook/confirm/")
    pass_quiz(gated_world.trainee)
    with at(DAY1):
        assert hire.get("/today/").context["locked"] is False


def test_an_item_hr_switches_off_leaves_the_list(hire, gated_world):
    item = ChecklistItem.objects.order_by("order").first()
    hire.post("/onboarding/checklist/", {"item": [item.pk]})
    ChecklistItem.objects.filter(pk=item.pk).update(is_active=False)
    gate = gate_for(Enrollment.objects.select_related("cohort").get(pk=gated_world.enrollment.pk))
    assert gate is not None and gate.ticked_count == 0 and len(gate.checklist) == 3


# ---------------------------------------------------------------------------- who is held


def test_cohorts_that_began_before_the_step_was_required_are_not_held(client, world):
    """The migration requires the step from the day it ran: the World's cohort (11-16) began before."""
    assert GatedPlan.objects.get(plan__code="new-hire-16").required_from > date(2026, 11, 16)
    client.force_login(world.trainee.user)
    with at(DAY1):
        response = client.get("/today/")
    assert response.context["gate"] is None and response.context["locked"] is False
    assert client.post("/onboarding/handbook/confirm/").status_code == 404


def test_a_veteran_refresher_has_no_step(client, gated_world):
    veteran = EmployeeFactory(tier=Tier.VETERAN)
    enroll(cohort=CohortFactory(tier=Tier.VETERAN, start_date=DAY1), employees=[veteran])
    client.force_login(veteran.user)
    with at(DAY1):
        assert client.get("/today/").context["gate"] is None
    assert client.get("/onboarding/handbook/").status_code == 404


def test_hr_can_switch_the_step_off_for_a_plan(hire, gated_world):
    GatedPlan.objects.update(is_active=False)
    with at(DAY1):
        assert hire.get("/today/").context["locked"] is False
