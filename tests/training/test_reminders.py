"""The scheduled reminders: who gets each, who does not, nothing for finished work, once only.

The World's cohort starts Monday 2026-11-16: plan day 1 is 11-16 (trainer-led sessions), day 4 is
11-19 (shadowing with the mentor), day 9 is Thursday 11-26 (the two pass exams)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.exams import pending_answers
from assessments.models import Answer, Attempt, AttemptStatus, Exam, QuestionType, Retake
from employees.models import Preference, Status
from notifications.models import Notification, ReminderLog
from notifications.reminders import (
    send_check_off_reminders,
    send_daily_plans,
    send_exam_eve_reminders,
    send_grading_backlog,
    send_weekly_hr_report,
    week_before,
)
from notifications.services import Kind
from notifications.tasks import day_of
from reports.models import Report, ReportStatus
from tests.factories import EmployeeFactory, UserFactory
from training.models import ItemRecord, PlanItem
from training.services import CheckOff, enroll, record_check_offs, save_shadowing_log

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY1 = date(2026, 11, 16)
DAY4 = date(2026, 11, 19)
DAY8 = date(2026, 11, 25)
DAY9 = date(2026, 11, 26)


@pytest.fixture
def english(world) -> None:
    """Everyone reads English, so that texts can be checked before they are translated."""
    for user in (
        world.hr,
        world.trainer,
        world.other_trainer,
        world.mentor.user,
        world.trainee.user,
        world.outsider.user,
    ):
        Preference.objects.create(user=user, language="en")


def notes(kind: str, user=None) -> list[Notification]:
    qs = Notification.objects.filter(kind=kind).order_by("id")
    return list(qs.filter(user=user) if user is not None else qs)


def items_of(enrollment, day: int) -> list[PlanItem]:
    position_class = enrollment.employee.position_class
    return [
        i for i in PlanItem.objects.filter(template=enrollment.plan, day_number=day) if i.applies_to(position_class)
    ]


def record_all(enrollment, day: int, by) -> None:
    record_check_offs(
        check_offs=[CheckOff(enrollment.pk, i.pk, "present", True) for i in items_of(enrollment, day)], by=by
    )


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


@pytest.mark.parametrize("status", [Status.LIVE, Status.ELIMINATED, Status.LEFT])
def test_no_plan_for_trainees_who_no_longer_follow_one(world, status):
    world.trainee.status = status
    world.trainee.save()
    send_daily_plans(on=DAY1)
    assert notes(Kind.DAILY_PLAN, world.trainee.user) == []
    assert len(notes(Kind.DAILY_PLAN, world.outsider.user)) == 1


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


# --- Monday 09:00 weekly HR report -----------------------------------------------------------


@pytest.fixture
def reports_api():
    """reports.services.request_report and build_report replaced: the report is stored and "built"."""

    def request(*, kind, params, user):
        return Report.objects.create(kind=kind, params=params, title="HR 周报", requested_by=user)

    def build(report_id):
        Report.objects.filter(pk=report_id).update(status=ReportStatus.DONE, progress=100)
        return Report.objects.get(pk=report_id)

    with (
        mock.patch("reports.services.request_report", side_effect=request) as requested,
        mock.patch("reports.services.build_report", side_effect=build) as built,
    ):
        yield requested, built


def test_last_mondays_week_is_the_one_before(world):
    assert week_before(date(2026, 11, 23)) == date(2026, 11, 16)
    assert week_before(date(2026, 11, 25)) == date(2026, 11, 16)


def test_weekly_report_is_built_and_every_hr_user_told_once(world, reports_api):
    requested, built = reports_api
    second_hr = UserFactory(roles=["hr"])
    assert send_weekly_hr_report(on=date(2026, 11, 23)) == 2
    requested.assert_called_once_with(kind="weekly", params={"week_start": "2026-11-16"}, user=None)
    report = Report.objects.get()
    built.assert_called_once_with(report.pk)
    for user in (world.hr, second_hr):
        [note] = notes(Kind.WEEKLY_REPORT, user)
        assert note.url == reverse("report_download", args=[report.pk])
    assert notes(Kind.WEEKLY_REPORT, world.trainer) == []


def test_a_second_run_builds_no_second_report(world, reports_api):
    requested, built = reports_api
    send_weekly_hr_report(on=date(2026, 11, 23))
    assert send_weekly_hr_report(on=date(2026, 11, 23)) == 0
    assert requested.call_count == built.call_count == 1
    assert Report.objects.count() == 1


def test_a_new_hr_user_is_told_with_the_report_already_built(world, reports_api):
    requested, _built = reports_api
    send_weekly_hr_report(on=date(2026, 11, 23))
    newcomer = UserFactory(roles=["hr"])
    assert send_weekly_hr_report(on=date(2026, 11, 23)) == 1
    assert requested.call_count == 1
    assert notes(Kind.WEEKLY_REPORT, newcomer)[0].url == notes(Kind.WEEKLY_REPORT, world.hr)[0].url


def test_nobody_is_told_when_the_report_fails(world, reports_api):
    _requested, built = reports_api
    built.side_effect = lambda report_id: Report.objects.filter(pk=report_id).update(status=ReportStatus.FAILED)
    assert send_weekly_hr_report(on=date(2026, 11, 23)) == 0
    assert not Notification.objects.exists()


def test_the_real_weekly_report_is_built_and_can_be_downloaded(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert send_weekly_hr_report(on=date(2026, 11, 23)) == 1
    report = Report.objects.get()
    assert report.status == ReportStatus.DONE and report.params["week_start"] == "2026-11-16"
    [note] = notes(Kind.WEEKLY_REPORT, world.hr)
    client.force_login(world.hr)
    assert client.get(f"/notifications/{note.pk}/open/")["Location"] == note.url
    assert client.get(note.url).status_code == 200


def test_no_report_without_hr_users(world, reports_api):
    requested, _built = reports_api
    Group.objects.get(name="hr").user_set.clear()
    assert send_weekly_hr_report(on=date(2026, 11, 23)) == 0
    requested.assert_not_called()


# --- Tasks -------------------------------------------------------------------------------------


def test_tasks_default_to_today_in_shanghai():
    # 17:30 UTC on 11-18 is already 01:30 on 11-19 in Shanghai.
    with time_machine.travel(datetime(2026, 11, 18, 17, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        assert day_of(None) == DAY4
    assert day_of("2026-11-16") == DAY1


def test_the_daily_plan_task_sends_for_the_given_date(world):
    from notifications.tasks import send_daily_plans_task

    assert send_daily_plans_task.apply(kwargs={"on": "2026-11-16"}).get() == 2
    assert send_daily_plans_task.apply(kwargs={"on": "2026-11-16"}).get() == 0


def test_every_reminder_task_is_registered_with_retries():
    from celery import current_app
    from django.db import OperationalError

    names = [
        "training.send_daily_plans",
        "training.send_checkoff_reminders",
        "training.send_exam_eve_reminders",
        "training.send_grading_backlog",
        "training.send_weekly_hr_report",
        "training.send_notification_email",
    ]
    for name in names:
        task = current_app.tasks[name]
        assert task.acks_late and OperationalError in task.autoretry_for, name


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
