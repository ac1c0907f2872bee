"""What the group robots post: one digest per robot and event, from the same selectors as the personal
reminders. The World's cohort starts Monday 2026-11-16: day 1 has trainer-led sessions, day 4 shadowing with
the mentor, day 9 (Thursday 11-26) the two pass exams."""

from __future__ import annotations

from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.utils import translation

from assessments.models import Attempt, AttemptStatus, Exam
from employees.models import Employee, Status, Tier
from robots.client import LIMITS
from robots.digests import post_cohort_digests, post_late_readers
from robots.markdown import size
from robots.models import Event, Platform, RobotDelivery
from tests.knowledge.fixtures import DEADLINE, MONDAY, SHANGHAI, at, publish, veteran
from tests.notifications.reminder_data import DAY1, DAY4, DAY8, record_all
from tests.robots.conftest import make_robot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def queued():
    """The send tasks queued after each commit (not run)."""
    with mock.patch("robots.tasks.send_delivery_task.delay") as delay:
        yield delay


def text_of(delivery: RobotDelivery) -> str:
    return "\n".join(delivery.parts)


def test_the_cohort_robot_gets_todays_plan_once_as_one_digest(world, django_capture_on_commit_callbacks, queued):
    robot = make_robot(world, events=[Event.DAILY_PLAN])
    make_robot(world, name="别的批次群", events=[Event.EXAM_EVE])  # the event switched off: nothing
    with django_capture_on_commit_callbacks(execute=True):
        [delivery] = post_cohort_digests(event=Event.DAILY_PLAN, on=DAY1)
    assert post_cohort_digests(event=Event.DAILY_PLAN, on=DAY1) == []  # run twice: queued once
    assert delivery.robot == robot
    text = text_of(delivery)
    assert text.startswith("#### 十一月新人批 · today's plan, November 16: day 1")
    assert "破冰 · 培训室 A · 李雪" in text
    assert "/today/" in text
    queued.assert_called_once_with(delivery.pk)


def test_a_robot_that_is_off_gets_nothing(world):
    make_robot(world, events=[Event.DAILY_PLAN], active=False)
    assert post_cohort_digests(event=Event.DAILY_PLAN, on=DAY1) == []


def test_exam_eve_names_the_exams_of_the_next_working_day_with_how_many_sit_them(world):
    make_robot(world, events=[Event.EXAM_EVE])
    [delivery] = post_cohort_digests(event=Event.EXAM_EVE, on=DAY8)
    text = text_of(delivery)
    assert "exams on November 26" in text
    exam = Exam.objects.get(code="business-knowledge")
    assert f"- {exam.title} · starts 09:00 · 45 min, pass mark 80% · 1 trainee" in text


def test_check_offs_name_the_mentor_and_the_missing_shadowing_log(world):
    make_robot(world, events=[Event.CHECK_OFF])
    record_all(world.enrollment, 4, world.trainer)  # attendance taken, no shadowing log
    [delivery] = post_cohort_digests(event=Event.CHECK_OFF, on=DAY4)
    text = text_of(delivery)
    assert "王师傅: shadowing log for 张小花 (day 4)" in text
    assert "Roll call" not in text
    assert f"/cohorts/{world.cohort.pk}/roll-call/2026-11-19/" in text


def test_check_offs_count_the_sessions_without_attendance_for_the_trainers(world):
    make_robot(world, events=[Event.CHECK_OFF])
    [delivery] = post_cohort_digests(event=Event.CHECK_OFF, on=DAY1)
    assert "Roll call: " in text_of(delivery) and "(1 trainee) · 李雪" in text_of(delivery)


def test_exam_results_count_passes_without_naming_anyone(world):
    make_robot(world, events=[Event.EXAM_RESULTS])
    exam = Exam.objects.get(code="business-knowledge")
    finished = datetime(2026, 11, 26, 10, 0, tzinfo=SHANGHAI)
    Attempt.objects.create(
        exam=exam,
        employee=world.trainee,
        started_at=finished - timedelta(minutes=40),
        deadline=finished + timedelta(minutes=5),
        submitted_at=finished,
        status=AttemptStatus.SUBMITTED,
        passed=False,
        percent=72,
    )
    [delivery] = post_cohort_digests(event=Event.EXAM_RESULTS, on=finished.date())
    text = text_of(delivery)
    assert f"{exam.title}: 0 of 1 passed, average 72.0%" in text
    assert "张小花" not in text


def test_a_published_update_reaches_its_team_robot_once(world, django_capture_on_commit_callbacks, queued):
    robot = make_robot(world, team="天猫旗舰店", events=[Event.KNOWLEDGE_UPDATE])
    make_robot(world, name="京东群", team="京东自营店", events=[Event.KNOWLEDGE_UPDATE])
    veteran("老李")
    veteran("老王")
    with at(MONDAY), django_capture_on_commit_callbacks(execute=True):
        update = publish(world.hr)
    [delivery] = RobotDelivery.objects.all()
    assert delivery.robot == robot and delivery.subject == f"update-{update.pk}-v1"
    text = text_of(delivery)
    assert "New knowledge update: 618 大促规则变更" in text
    assert "2 people of this team are asked to read it." in text


def test_late_readers_are_listed_by_name_per_team(world):
    make_robot(world, team="天猫旗舰店", events=[Event.KNOWLEDGE_LATE])
    veteran("没确认")
    veteran("别组的", team="京东自营店")
    with at(MONDAY):
        publish(world.hr)
    assert post_late_readers(on=DEADLINE) == []  # due today: nobody late yet
    [delivery] = post_late_readers(on=DEADLINE + timedelta(days=1))
    text = text_of(delivery)
    assert "没确认" in text and "别组的" not in text
    assert "618 大促规则变更 (was due November 20)" in text


def test_a_1500_strong_late_list_is_split_under_wecom_limit_and_nobody_is_lost(world):
    make_robot(world, platform=Platform.WECOM, team="售后大组", events=[Event.KNOWLEDGE_LATE])
    users = User.objects.bulk_create([User(username=f"late{i}") for i in range(1500)])
    Employee.objects.bulk_create(
        [
            Employee(
                user=u,
                employee_no=f"L{i:05d}",
                name=f"逾期客服{i:04d}",
                tier=Tier.VETERAN,
                status=Status.LIVE,
                team="售后大组",
            )
            for i, u in enumerate(users)
        ]
    )
    with at(MONDAY):
        publish(world.hr, teams=("售后大组",))
    [delivery] = post_late_readers(on=DEADLINE + timedelta(days=1))
    assert delivery.part_count > 1
    assert all(size(part) <= LIMITS[Platform.WECOM] <= 4096 for part in delivery.parts)
    text = text_of(delivery)
    assert all(text.count(f"逾期客服{i:04d}") == 1 for i in range(1500))


def test_exam_eve_counts_each_trainee_with_a_retake(world):
    from datetime import date

    from django.utils import timezone

    from assessments.models import Retake
    from tests.factories import EmployeeFactory
    from training.services import enroll

    make_robot(world, events=[Event.EXAM_EVE])
    exam = Exam.objects.get(code="business-knowledge")
    second = EmployeeFactory(name="李小草")
    enroll(cohort=world.cohort, employees=[second])
    now = timezone.now()
    for employee in (world.trainee, second):
        attempt = Attempt.objects.create(
            exam=exam, employee=employee, status=AttemptStatus.SUBMITTED, passed=False, started_at=now, deadline=now
        )
        Retake.objects.create(exam=exam, employee=employee, failed_attempt=attempt, date=date(2026, 11, 30))
    [delivery] = post_cohort_digests(event=Event.EXAM_EVE, on=date(2026, 11, 27))  # Friday → Monday
    assert f"Retake: {exam.title} · 2 trainees" in text_of(delivery)


@pytest.mark.parametrize("event", [Event.DAILY_PLAN, Event.CHECK_OFF, Event.EXAM_EVE])
def test_digest_queries_do_not_grow_with_the_cohort(world, event, queued):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import EmployeeFactory
    from training.services import enroll

    robot = make_robot(world, events=[event])
    on = DAY8 if event == Event.EXAM_EVE else DAY4

    def count() -> int:
        RobotDelivery.objects.all().delete()
        with CaptureQueriesContext(connection) as ctx:
            [delivery] = post_cohort_digests(event=event, on=on)
        assert delivery.robot == robot
        return len(ctx)

    few = count()
    enroll(cohort=world.cohort, employees=[EmployeeFactory(mentor=world.mentor) for _ in range(6)])
    assert count() == few
