"""The reminders of an unfinished step: the evening before day 1 (the World's day 1 is Monday 2026-11-16, so
Friday's, Saturday's and Sunday's 19:00 runs are all "the evening before") and the morning of day 1; once
per hire and moment, never to a hire who is ready."""

from __future__ import annotations

from datetime import date

import pytest

from notifications.models import Notification, ReminderLog
from notifications.reminders import send_day_one_held, send_pre_onboarding_eve
from notifications.services import Kind
from onboarding.services import confirm_handbook, open_day_one
from tests.onboarding.conftest import DAY0, DAY1, pass_quiz

pytestmark = pytest.mark.django_db


def reminders_of(user) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind=Kind.PRE_ONBOARDING).order_by("pk"))


def test_a_hire_not_ready_is_reminded_the_evening_before_day_one_once(gated_world):
    assert send_pre_onboarding_eve(on=DAY0) == 2  # the trainee and the outsider (the other cohort, same plan)
    assert send_pre_onboarding_eve(on=DAY0) == 0  # a second run
    assert send_pre_onboarding_eve(on=date(2026, 11, 14)) == 0  # Saturday: day 1 is still Monday
    assert send_pre_onboarding_eve(on=date(2026, 11, 15)) == 0  # Sunday
    [note] = reminders_of(gated_world.trainee.user)
    assert note.title == "11月16日 开训：请先完成入职准备"
    assert note.body.splitlines() == [
        "阅读《新员工手册》并确认已读。",
        "通过手册测验。",
        "两项都完成后第 1 天立即开放。请打开培训台的“今天”页面。",
    ]
    assert note.url == "/today/"
    assert ReminderLog.objects.filter(user=gated_world.trainee.user, day=DAY1, subject="eve").count() == 1


def test_the_reminder_names_only_what_is_missing(gated_world):
    confirm_handbook(enrollment=gated_world.enrollment, by=gated_world.trainee.user)
    send_pre_onboarding_eve(on=DAY0)
    [note] = reminders_of(gated_world.trainee.user)
    assert note.body.splitlines()[0] == "通过手册测验。"


def test_ready_or_opened_hires_are_not_reminded(gated_world):
    confirm_handbook(enrollment=gated_world.enrollment, by=gated_world.trainee.user)
    pass_quiz(gated_world.trainee)
    outsider = gated_world.outsider.enrollments.select_related("cohort").get()
    open_day_one(enrollment=outsider, reason="账号晚到，HR 已知", by=gated_world.hr)
    assert send_pre_onboarding_eve(on=DAY0) == 0
    assert send_day_one_held(on=DAY1) == 0


def test_the_morning_of_day_one_a_held_hire_is_told_once(gated_world):
    send_pre_onboarding_eve(on=DAY0)
    assert send_day_one_held(on=DAY1) == 2
    assert send_day_one_held(on=DAY1) == 0
    titles = [n.title for n in reminders_of(gated_world.trainee.user)]
    assert titles == ["11月16日 开训：请先完成入职准备", "完成入职准备前，第 1 天培训暂不开放"]


def test_no_reminder_where_the_step_is_not_required(world):
    assert send_pre_onboarding_eve(on=DAY0) == 0
    assert send_day_one_held(on=DAY1) == 0


def test_the_reminder_in_english(gated_world):
    from employees.models import Preference

    Preference.objects.create(user=gated_world.trainee.user, language="en")
    send_pre_onboarding_eve(on=DAY0)
    [note] = reminders_of(gated_world.trainee.user)
    assert note.title == "Day 1 is November 16: finish your pre-onboarding first"
