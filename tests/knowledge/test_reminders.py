"""09:30: people late with an update are reminded once a day, in the portal and by e-mail, for a week
after the deadline; never once they are done, never before the deadline has passed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core import mail

from desk.schedule import SCHEDULE
from knowledge.services import QuizSpec, confirm, publish_version, start_quiz
from notifications.models import Notification
from notifications.reminders import send_knowledge_reminders
from notifications.tasks import send_knowledge_reminders_task
from tests.knowledge.fixtures import DEADLINE, MONDAY, SHANGHAI, at, bank, pass_quiz, publish, veteran

pytestmark = pytest.mark.django_db


def reminded(employee) -> list[str]:
    return list(Notification.objects.filter(user=employee.user, kind="knowledge_late").values_list("title", flat=True))


def test_the_late_are_reminded_once_a_day_and_the_done_never(world, eager_tasks, django_capture_on_commit_callbacks):
    late = veteran("没确认")
    late.user.email = "late@example.com"
    late.user.save()
    done = veteran("已完成")
    with at(MONDAY):
        update = publish(world.hr)
        confirm(update=update, employee=done, version_number=1)
    assert send_knowledge_reminders(on=DEADLINE) == 0  # due today: not late yet
    day_after = DEADLINE + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_knowledge_reminders(on=day_after) == 1
    assert send_knowledge_reminders(on=day_after) == 0  # a second run the same day sends nothing
    assert len(reminded(late)) == 1 and reminded(done) == []
    assert [m.to for m in mail.outbox] == [["late@example.com"]]
    assert send_knowledge_reminders(on=day_after + timedelta(days=1)) == 1


def test_reminders_stop_a_week_after_the_deadline(world):
    veteran("没确认")
    with at(MONDAY):
        publish(world.hr)
    assert send_knowledge_reminders(on=DEADLINE + timedelta(days=7)) == 1
    assert send_knowledge_reminders(on=DEADLINE + timedelta(days=8)) == 0


def test_confirmed_but_quiz_not_passed_is_still_late_until_passed(world):
    a = veteran("没考")
    with at(MONDAY):
        update = publish(world.hr, quiz=QuizSpec(questions=2, category=bank()))
        confirm(update=update, employee=a, version_number=1)
    assert send_knowledge_reminders(on=DEADLINE + timedelta(days=1)) == 1
    with at(datetime(2026, 11, 21, 20, 0, tzinfo=SHANGHAI)):
        pass_quiz(start_quiz(update=update, employee=a))
    assert send_knowledge_reminders(on=DEADLINE + timedelta(days=2)) == 0


def test_several_late_updates_make_one_reminder_listing_them(world):
    a = veteran("都没看")
    with at(MONDAY):
        publish(world.hr, title="规则一")
        publish(world.hr, title="规则二")
    assert send_knowledge_reminders(on=DEADLINE + timedelta(days=1)) == 1
    note = Notification.objects.get(user=a.user, kind="knowledge_late")
    assert "规则一" in note.body and "规则二" in note.body and note.url == "/updates/"


def test_a_new_version_starts_from_its_own_deadline_and_people_who_left_are_not_reminded(world):
    a = veteran("已确认旧版")
    gone = veteran("要离职")
    with at(MONDAY):
        update = publish(world.hr)
        confirm(update=update, employee=a, version_number=1)
        publish_version(
            update=update, title="新版", body="x", change_note="", deadline=date(2026, 11, 27), quiz=None, by=world.hr
        )
    gone.status = "left"
    gone.save()
    assert send_knowledge_reminders(on=DEADLINE + timedelta(days=1)) == 0  # the current version is not due yet
    assert send_knowledge_reminders(on=date(2026, 11, 28)) == 1
    assert reminded(gone) == []


def test_the_task_runs_daily_from_the_schedule(world):
    veteran("没确认")
    with at(MONDAY):
        publish(world.hr)
    entry = next(e for e in SCHEDULE if e.task == "notifications.send_knowledge_reminders")
    assert (entry.hour, entry.minute, entry.day_of_week) == ("9", "30", "*")
    assert send_knowledge_reminders_task(on="2026-11-21") == 1
