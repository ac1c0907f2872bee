"""The Monday 09:00 weekly HR report, built once and every HR user told once; and the reminder tasks:
their day, their registration and retries.

The World's cohort starts Monday 2026-11-16: plan day 1 is 11-16 (trainer-led sessions), day 4 is
11-19 (shadowing with the mentor), day 9 is Thursday 11-26 (the two pass exams)."""

from __future__ import annotations

from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from notifications.models import Notification
from notifications.reminders import send_weekly_hr_report, week_before
from notifications.services import Kind
from notifications.tasks import day_of
from reports.models import Report, ReportStatus
from tests.factories import UserFactory
from tests.notifications.reminder_data import DAY1, DAY4, notes

pytestmark = pytest.mark.django_db


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
