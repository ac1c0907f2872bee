"""The scheduled reminders of the day's training: today's plan for trainees at 08:00, missing roll calls
and shadowing logs at 18:00; who gets each, who does not, nothing for finished work, once only, also
with two workers at once.

The World's cohort starts Monday 2026-11-16: plan day 1 is 11-16 (trainer-led sessions), day 4 is
11-19 (shadowing with the mentor), day 9 is Thursday 11-26 (the two pass exams)."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from employees.models import Status
from notifications.models import Notification, ReminderLog
from notifications.reminders import send_check_off_reminders, send_daily_plans
from notifications.services import Kind
from tests.factories import EmployeeFactory
from tests.notifications.reminder_data import DAY1, DAY4, items_of, notes, record_all
from training.models import EnrollmentState, ItemRecord, PlanItem
from training.services import (
    CheckOff,
    change_enrollment_state,
    change_status,
    enroll,
    record_check_offs,
    save_shadowing_log,
)

pytestmark = pytest.mark.django_db


# --- 08:00 today's plan ----------------------------------------------------------------------


def test_trainee_gets_todays_sessions_with_times_place_and_leader(world, english):
    assert send_daily_plans(on=DAY1) == 2  # the trainee and the outsider, each in their cohort
    [note] = notes(Kind.DAILY_PLAN, world.trainee.user)
    assert note.url == "/today/"
    assert note.title == "Today's plan, November 16: day 1"
    first = items_of(world.enrollment, 1)[0]
    assert note.body.splitlines()[0] == f"{first.start_time:%H:%M}–{first.end_time:%H:%M} 破冰 · 培训室 A · 李雪"


def test_the_plan_names_the_trainees_own_mentor_on_a_shadowing_day(world):
    send_daily_plans(on=DAY4)
    [note] = notes(Kind.DAILY_PLAN, world.trainee.user)
    assert "师傅旁看" in note.body and "王师傅" in note.body


def test_three_sessions_are_listed_and_the_rest_counted_for_the_trainees_position_class(world, english):
    send_daily_plans(on=date(2026, 11, 18))  # day 3 has one session per position class
    [note] = notes(Kind.DAILY_PLAN, world.trainee.user)  # the trainee is pre-sale
    mine = items_of(world.enrollment, 3)
    assert len(mine) < PlanItem.objects.filter(template=world.enrollment.plan, day_number=3).count()
    lines = note.body.splitlines()
    assert [line.split(" · ")[0].split(" ", 1)[1] for line in lines[:3]] == [i.topic for i in mine[:3]]
    assert lines[3] == f"…and {len(mine) - 3} more sessions."


@pytest.mark.parametrize("state", [EnrollmentState.COMPLETED, EnrollmentState.WITHDRAWN, EnrollmentState.FAILED])
def test_no_plan_for_trainings_that_have_ended(world, state):
    change_enrollment_state(enrollment=world.enrollment, to_state=state, reason="ended", by=world.hr)
    send_daily_plans(on=DAY1)
    assert notes(Kind.DAILY_PLAN, world.trainee.user) == []
    assert len(notes(Kind.DAILY_PLAN, world.outsider.user)) == 1


@pytest.mark.parametrize("status", [Status.ELIMINATED, Status.LEFT])
def test_eliminated_or_departed_trainees_get_no_plan(world, status):
    change_status(employee=world.trainee, to_status=status, reason="gone", by=world.hr)
    send_daily_plans(on=DAY1)
    assert notes(Kind.DAILY_PLAN, world.trainee.user) == []


def test_pre_onboarding_hires_get_the_preparation_day(world, english):
    world.trainee.status = Status.PRE_ONBOARDING
    world.trainee.save()
    send_daily_plans(on=date(2026, 11, 13))  # day 0, the working day before the start
    [note] = notes(Kind.DAILY_PLAN, world.trainee.user)
    assert "preparation" in note.title


def test_nobody_gets_a_plan_on_a_day_without_plan_days(world):
    assert send_daily_plans(on=date(2026, 11, 21)) == 0  # Saturday
    assert not Notification.objects.exists()


def test_running_the_daily_plans_twice_sends_once(world):
    assert send_daily_plans(on=DAY1) == 2
    assert send_daily_plans(on=DAY1) == 0
    assert Notification.objects.count() == ReminderLog.objects.count() == 2


def test_a_trainee_who_was_sent_the_plan_by_hand_is_skipped(world):
    from notifications.services import notify

    notify(world.trainee.user, Kind.DAILY_PLAN, "已手动提醒", "", "/today/", DAY1)
    assert send_daily_plans(on=DAY1) == 1  # only the outsider
    assert [n.title for n in notes(Kind.DAILY_PLAN, world.trainee.user)] == ["已手动提醒"]


def test_inactive_logins_get_nothing(world):
    world.trainee.user.is_active = False
    world.trainee.user.save()
    send_daily_plans(on=DAY1)
    assert notes(Kind.DAILY_PLAN, world.trainee.user) == []


def _daily_plan_queries(world, extra: int, batch_size: int) -> int:
    enroll(cohort=world.cohort, employees=EmployeeFactory.create_batch(extra))
    with CaptureQueriesContext(connection) as ctx:
        sent = send_daily_plans(on=DAY1, batch_size=batch_size)
    assert sent == extra + 2
    return len(ctx.captured_queries)


@pytest.mark.parametrize("extra", [3, 30])
def test_daily_plan_queries_do_not_grow_with_the_number_of_trainees(world, extra):
    # Up front: the day's plan items, the cohorts' trainers. One batch: scheduled days with
    # trainee, mentor and cohort; recipients with preferences; reminders already logged;
    # SAVEPOINT, INSERT notifications, INSERT logs, RELEASE.
    assert _daily_plan_queries(world, extra, batch_size=500) == 2 + 7


@pytest.mark.parametrize(("extra", "batches"), [(3, 1), (30, 4)])
def test_daily_plan_queries_are_constant_per_batch(world, extra, batches):
    # 5 or 32 trainees in batches of 10: the same 7 statements for every batch.
    assert _daily_plan_queries(world, extra, batch_size=10) == 2 + 7 * batches


# --- 18:00 roll calls and shadowing logs -----------------------------------------------------


def test_trainer_is_reminded_of_sessions_without_attendance(world, english):
    enroll(cohort=world.cohort, employees=EmployeeFactory.create_batch(2))
    sessions = len(items_of(world.enrollment, 1))
    send_check_off_reminders(on=DAY1)
    [note] = notes(Kind.CHECK_OFF, world.trainer)
    assert note.url == f"/cohorts/{world.cohort.pk}/roll-call/2026-11-16/"
    assert note.body == f"十一月新人批: {3 * sessions} sessions without attendance (3 trainees)"
    # The other cohort's trainer hears only about their own cohort.
    [other] = notes(Kind.CHECK_OFF, world.other_trainer)
    assert "别的批次" in other.body and "十一月新人批" not in other.body


def test_a_trainer_of_two_cohorts_gets_one_reminder_naming_both(world):
    world.other_cohort.trainers.add(world.trainer)
    record_check_offs(
        check_offs=[CheckOff(world.enrollment.pk, items_of(world.enrollment, 1)[0].pk, "present", True)],
        by=world.trainer,
    )
    send_check_off_reminders(on=DAY1)
    [note] = notes(Kind.CHECK_OFF, world.trainer)
    assert "十一月新人批" in note.body and "别的批次" in note.body
    # The link opens the roll call with the most sessions left: the other cohort.
    assert note.url == f"/cohorts/{world.other_cohort.pk}/roll-call/2026-11-16/"


def test_completion_without_attendance_still_counts_as_missing(world):
    record_check_offs(
        check_offs=[CheckOff(world.enrollment.pk, i.pk, "", True) for i in items_of(world.enrollment, 1)],
        by=world.trainer,
    )
    send_check_off_reminders(on=DAY1)
    assert len(notes(Kind.CHECK_OFF, world.trainer)) == 1


def test_nothing_is_sent_when_the_roll_calls_are_complete(world):
    record_all(world.enrollment, 1, world.trainer)
    outsider = world.outsider.enrollments.get()
    record_all(outsider, 1, world.other_trainer)
    assert send_check_off_reminders(on=DAY1) == 0
    assert not Notification.objects.exists()


def test_mentor_is_reminded_of_a_missing_shadowing_log(world, english):
    record_all(world.enrollment, 4, world.trainer)  # attendance taken, but no log written
    send_check_off_reminders(on=DAY4)
    [note] = notes(Kind.SHADOWING_LOG, world.mentor.user)
    assert note.body == "张小花 · 十一月新人批 · day 4"
    assert note.url == f"/cohorts/{world.cohort.pk}/roll-call/2026-11-19/"
    assert notes(Kind.CHECK_OFF, world.trainer) == []


def test_no_shadowing_reminder_once_the_log_is_written_or_on_a_trainer_day(world):
    save_shadowing_log(
        enrollment=world.enrollment, day_number=4, mentor=world.mentor, chats_observed=30, notes="", score=4
    )
    send_check_off_reminders(on=DAY4)
    send_check_off_reminders(on=DAY1)  # trainer-led sessions: no log is expected
    assert notes(Kind.SHADOWING_LOG) == []


def test_check_off_reminders_are_sent_once_when_run_twice(world):
    assert send_check_off_reminders(on=DAY4) == 3  # trainer, other trainer, mentor
    assert send_check_off_reminders(on=DAY4) == 0
    assert Notification.objects.count() == 3


def test_records_do_not_leak_between_cohorts(world):
    """A record for the trainee does not make the outsider's day look recorded."""
    record_all(world.enrollment, 1, world.trainer)
    send_check_off_reminders(on=DAY1)
    assert notes(Kind.CHECK_OFF, world.trainer) == []
    assert len(notes(Kind.CHECK_OFF, world.other_trainer)) == 1
    assert ItemRecord.objects.filter(enrollment__employee=world.outsider).count() == 0


# --- Two workers at once -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions (PostgreSQL)")
def test_two_workers_racing_send_each_reminder_once(world, caplog):
    """Both runs read "nobody told yet" before either writes: the unique constraint decides."""
    import threading

    from django.db import connections

    enroll(cohort=world.cohort, employees=EmployeeFactory.create_batch(8))
    both_read = threading.Barrier(2, timeout=20)
    real_bulk_create = Notification.objects.bulk_create

    def after_both_have_read(objs, *args, **kwargs):
        both_read.wait()
        return real_bulk_create(objs, *args, **kwargs)

    results: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(send_daily_plans(on=DAY1))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    caplog.set_level("INFO", logger="notifications.services")
    with mock.patch.object(Notification.objects, "bulk_create", side_effect=after_both_have_read):
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert errors == []
    assert "raced another run" in caplog.text  # the loser's bulk insert hit the constraint
    assert sorted(results) == [0, 10]
    assert Notification.objects.filter(kind=Kind.DAILY_PLAN).count() == 10
    assert ReminderLog.objects.filter(kind=Kind.DAILY_PLAN).count() == 10
