from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CohortFactory, EmployeeFactory
from training.models import Attendance, PlanItem
from training.services import CheckOff, enroll, record_check_offs

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 9):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def trainee_client(client, world):
    client.force_login(world.trainee.user)
    return client


def test_trainee_lands_on_today_after_login(client, world):
    response = client.post("/accounts/login/", {"username": "trainee", "password": "pw-for-tests-1"}, follow=True)
    assert response.redirect_chain[-1][0] == "/today/"


def test_today_on_a_shadowing_day_names_the_trainees_own_mentor(trainee_client):
    with at(date(2026, 11, 19)):  # day 4 of a cohort that started Monday 11-16
        page = trainee_client.get("/today/").content.decode()
    assert "第 2 阶段 · 第 4 天 / 共 16 天" in page
    assert "师傅旁看（一）" in page
    assert "王师傅" in page
    assert "25%" in page  # 4 of 16 days


def test_today_shows_tomorrow_and_the_next_exam_day(trainee_client):
    with at(date(2026, 11, 19)):
        response = trainee_client.get("/today/")
    assert response.context["next_day"].day_number == 5
    assert response.context["next_exam"].date == date(2026, 11, 26)  # day 9
    page = response.content.decode()
    assert "11月26日" in page and "过关考试：业务知识" in page


def test_today_on_day_one_lists_the_trainer_led_sessions_with_the_trainers_name(trainee_client):
    with at(date(2026, 11, 16)):
        response = trainee_client.get("/today/")
    topics = [iv.item.topic for iv in response.context["day"].items]
    assert topics[:2] == ["破冰", "行业介绍"]
    assert "李雪" in response.content.decode()


def test_position_class_items_are_shown_only_to_that_class(trainee_client, world):
    with at(date(2026, 11, 18)):  # day 3 has one item per position class
        topics = [iv.item.topic for iv in trainee_client.get("/today/").context["day"].items]
    assert "售前专项：产品推荐与询单转化" in topics  # the trainee is pre-sale
    assert "售后专项：退换货、投诉与评价处理" not in topics


def test_a_weekend_says_so_and_shows_the_next_working_day(trainee_client):
    with at(date(2026, 11, 21)):
        response = trainee_client.get("/today/")
    assert response.context["day"] is None
    assert response.context["next_day"].date == date(2026, 11, 23)
    assert "周末" in response.content.decode()


def test_a_public_holiday_is_named_and_the_next_working_day_shown(client):
    trainee = EmployeeFactory()
    enroll(cohort=CohortFactory(start_date=date(2026, 9, 28)), employees=[trainee])
    client.force_login(trainee.user)
    with at(date(2026, 10, 2)):
        response = client.get("/today/")
    assert "国庆节" in response.content.decode()
    assert response.context["next_day"].date == date(2026, 10, 8)


def test_the_day_before_the_start_shows_the_handbook_step(client):
    trainee = EmployeeFactory()
    enroll(cohort=CohortFactory(start_date=date(2026, 11, 16)), employees=[trainee])
    client.force_login(trainee.user)
    with at(date(2026, 11, 13)):
        response = client.get("/today/")
    assert response.context["day"].day_number == 0
    assert "阅读新员工手册" in response.content.decode()


def test_completed_items_are_marked_done_for_the_trainee(trainee_client, world):
    item = PlanItem.objects.get(template=world.enrollment.plan, day_number=1, topic="破冰")
    record_check_offs(check_offs=[CheckOff(world.enrollment.id, item.id, Attendance.PRESENT, True)], by=world.trainer)
    with at(date(2026, 11, 16)):
        response = trainee_client.get("/today/")
    done = [iv.item.topic for iv in response.context["day"].items if iv.record and iv.record.completed]
    assert done == ["破冰"]


def test_trainee_sees_only_their_own_plan(client, world):
    client.force_login(world.outsider.user)
    with at(date(2026, 11, 19)):
        page = client.get("/today/").content.decode()
    assert world.other_cohort.name in page
    assert world.cohort.name not in page
    assert "王师傅" not in page


def test_today_in_english(trainee_client):
    with at(date(2026, 11, 19)):
        page = trainee_client.get("/today/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Phase 2 · Day 4 of 16" in page
    assert "Next exam" in page


def test_a_bad_date_parameter_falls_back_to_today(trainee_client):
    with at(date(2026, 11, 19)):
        response = trainee_client.get("/today/?d=2026-13-45")
    assert response.status_code == 200
    assert response.context["on"] == date(2026, 11, 19)


def test_week_view_lists_monday_to_sunday(trainee_client):
    with at(date(2026, 11, 19)):
        response = trainee_client.get("/week/")
    week = response.context["week"]
    assert [d for d, _ in week][0] == date(2026, 11, 16)
    assert [day.day_number if day else None for _, day in week] == [1, 2, 3, 4, 5, None, None]


@pytest.mark.parametrize("hires", [3, 30])
def test_today_query_count_does_not_depend_on_cohort_size(client, world, hires):
    enroll(cohort=world.cohort, employees=[EmployeeFactory() for _ in range(hires)])
    client.force_login(world.trainee.user)
    with at(date(2026, 11, 19)), CaptureQueriesContext(connection) as ctx:
        assert client.get("/today/").status_code == 200
    # session, user, roles, employee with mentor, enrollments with cohort and plan, scheduled
    # days, phases, items, attachments, records, trainers; retakes due, the pass exams (gate);
    # knowledge updates addressed to the trainee (none: their receipts and quizzes need no query);
    # unread notifications (the bell); whether the plan requires the pre-onboarding step (it does not here);
    # the buyer dialogues linked to the day's items (dialogues: one query)
    assert len(ctx.captured_queries) == 17
