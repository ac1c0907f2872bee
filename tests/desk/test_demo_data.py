"""The demo command: the data someone trying the portal logs in to, and today's reminders queued so
that the worker `serve` starts delivers them at once."""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from notifications.models import Notification, ReminderLog
from notifications.services import Kind
from training.models import Cohort

pytestmark = pytest.mark.django_db

# A Tuesday afternoon in Shanghai: the 08:00 and 10:00 reminders are hours old, beat would not send them again.
NOW = datetime(2026, 11, 24, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def demo() -> str:
    out = StringIO()
    call_command("demo_data", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_demo_loads_cohorts_and_delivers_todays_reminders(eager_tasks, client):
    with time_machine.travel(NOW, tick=False):
        output = demo()

        assert "Today's reminders are queued" in output
        running = Cohort.objects.get(name="2026年11月新人批")
        assert running.start_date == date(2026, 11, 18)  # today is its fifth working day
        trainee = User.objects.get(username="trainee")
        plan = Notification.objects.get(user=trainee, kind=Kind.DAILY_PLAN)
        assert plan.title.endswith("第 5 天")  # in Chinese, the language of the trainee
        # The four short answers of the demo wait for the trainers who teach those trainees, and for HR.
        assert Notification.objects.filter(user__username="hr", kind=Kind.GRADING_BACKLOG).exists()
        assert Notification.objects.filter(kind=Kind.GRADING_BACKLOG, user__groups__name="trainer").exists()

        client.force_login(trainee)
        page = client.get(reverse("today"))
        assert 'data-unread="1"' in page.content.decode()


def test_running_the_demo_again_sends_nothing_twice(eager_tasks):
    with time_machine.travel(NOW, tick=False):
        demo()
        sent = Notification.objects.count()
        logged = ReminderLog.objects.count()

        output = demo()

    assert "already loaded" in output
    assert Notification.objects.count() == sent > 0
    assert ReminderLog.objects.count() == logged


def test_a_broker_that_cannot_be_reached_leaves_the_demo_loaded(monkeypatch):
    from kombu.exceptions import OperationalError

    from notifications import tasks

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks.send_daily_plans_task, "delay", down)
    err = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("demo_data", stdout=StringIO(), stderr=err)

    assert "were not queued" in err.getvalue()
    assert User.objects.filter(username="trainee").exists()
    assert not Notification.objects.exists()


def test_the_finished_cohorts_changes_stand_on_the_plan_days_they_happened(eager_tasks):
    from employees.models import Status, StatusChange

    with time_machine.travel(NOW, tick=False):
        demo()

    eliminated = StatusChange.objects.get(to_status=Status.ELIMINATED)
    left = StatusChange.objects.get(to_status=Status.LEFT)
    # The pass exam (phase 5, day 9) was failed, and its retake on day 10, the first day of the trial post.
    assert (eliminated.phase_number, eliminated.day_number) == (6, 10)
    assert (left.phase_number, left.day_number) == (1, 3)  # the basics, still in phase 1
    assert eliminated.changed_at.date() == date(2026, 10, 15)  # day 10, after National Day's week off
    live = StatusChange.objects.filter(to_status=Status.LIVE, employee__cohorts__name__contains="9月")
    assert {(c.phase_number, c.day_number) for c in live} == {(7, 16)}


def test_the_demo_veterans_refresher_is_in_progress_while_they_stay_live(eager_tasks):
    from employees.models import Status
    from training.models import Enrollment, EnrollmentState

    with time_machine.travel(NOW, tick=False):
        demo()

    refresher = Enrollment.objects.filter(cohort__tier="veteran").select_related("employee")
    assert {(e.state, e.employee.status) for e in refresher} == {(EnrollmentState.IN_PROGRESS, Status.LIVE)}
    # Live, yet on a plan: each veteran got today's plan at 08:00.
    assert (
        Notification.objects.filter(kind=Kind.DAILY_PLAN, user__employee__in=[e.employee for e in refresher]).count()
        == 4
    )
    september = Enrollment.objects.filter(cohort__name__contains="9月")
    states = sorted(september.values_list("state", "outcome"))
    assert states.count((EnrollmentState.COMPLETED, "passed")) == 10
    assert (EnrollmentState.FAILED, "not_passed") in states and (EnrollmentState.WITHDRAWN, "") in states


def test_the_demo_shows_training_after_go_live(eager_tasks):
    """What someone trying the portal finds after go-live: an update half the veterans confirmed, weeks of KPI
    imports, quality checks with one red line (which asked for a refresher), a coaching plan and a reward."""
    from coaching.models import CoachingPlan, RewardPenalty
    from knowledge.models import Receipt, Update
    from kpi.models import KpiImport
    from quality.models import QualityCheck

    with time_machine.travel(NOW, tick=False):
        demo()

    update = Update.objects.get()
    version = update.current
    recipients = update.recipients.count()
    confirmed = Receipt.objects.filter(version=version, confirmed_at__isnull=False).count()
    assert recipients >= 4 and 0 < confirmed < recipients
    assert KpiImport.objects.count() >= 2
    red = QualityCheck.objects.filter(red_line=True)
    assert red.count() == 1 and red.get().total == 0
    assert red.get().employee.refresher_needs.filter(source="quality").exists()
    assert CoachingPlan.objects.filter(check_ins__isnull=False).exists()
    assert RewardPenalty.objects.filter(kind="reward", status="approved").exists()
