"""The trial-post log (试岗日志): the new-hire plan's days 10–15, written by the trainee's own mentor from
that day on, shown with the go-live evidence, and the 18:00 reminder when today's log is missing.

The World's cohort starts Monday 2026-11-16: day 9 (the pass exams) is 11-26, day 10 (the first trial-post
day) Friday 11-27, day 11 Monday 11-30."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from coaching.models import TrialPostLog
from coaching.sections import trial_post_section
from coaching.selectors import trial_post_days
from coaching.services import CoachingError, save_trial_post_log
from employees.models import Status
from employees.roles import roles_of
from notifications.models import Notification
from notifications.reminders import send_trial_post_log_reminders
from notifications.services import Kind
from tests.coaching.fixtures import TRIAL_DAYS, enrollment_of
from tests.factories import EmployeeFactory, UserFactory
from training.models import PlanTemplate

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY10, DAY11 = date(2026, 11, 27), date(2026, 11, 30)


@pytest.fixture
def on_trial_post(world):
    world.trainee.status = Status.TRIAL_POST
    world.trainee.save()
    return world


def at(day: date, hour: int = 12):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


def log(world, day: int, *, score: int = 4, chats: int = 30) -> TrialPostLog:
    return save_trial_post_log(
        enrollment=enrollment_of(world.trainee),
        day_number=day,
        mentor=world.mentor,
        chats_handled=chats,
        problems="",
        score=score,
        note="",
        today=date(2026, 12, 31),
    )


def test_the_trial_post_is_the_new_hire_plans_phase_with_the_mentors_on_the_job_days(db):
    plans = dict(PlanTemplate.objects.values_list("code", "pk"))
    days = trial_post_days(plans.values())
    assert days == {plans["new-hire-16"]: TRIAL_DAYS}  # the refresher and promotion plans have none


def test_the_mentor_writes_todays_log_on_the_page_and_is_its_author(client, on_trial_post):
    world = on_trial_post
    enrollment = enrollment_of(world.trainee)
    client.force_login(world.mentor.user)
    url = reverse("trial_post_log_day", args=[enrollment.pk, 10])
    with at(DAY10):
        assert client.get(url).status_code == 200
        response = client.post(url, {"chats_handled": "42", "score": "4", "problems": "退款规则不熟", "note": "态度好"})
    assert response.status_code == 302
    saved = TrialPostLog.objects.get(enrollment=enrollment, day_number=10)
    assert (saved.chats_handled, saved.score, saved.problems, saved.mentor) == (42, 4, "退款规则不熟", world.mentor)
    assert saved.history.get().history_user == world.mentor.user


def test_a_wrong_score_comes_back_with_its_error_and_nothing_is_saved(client, on_trial_post):
    world = on_trial_post
    client.force_login(world.mentor.user)
    with at(DAY10):
        response = client.post(
            reverse("trial_post_log_day", args=[enrollment_of(world.trainee).pk, 10]),
            {"chats_handled": "-3", "score": "9"},
        )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"chats_handled", "score"}
    assert not TrialPostLog.objects.exists()


def test_a_day_still_to_come_has_no_log_page_and_the_service_refuses_it(client, on_trial_post):
    world = on_trial_post
    client.force_login(world.mentor.user)
    with at(DAY10):
        assert client.get(reverse("trial_post_log_day", args=[enrollment_of(world.trainee).pk, 11])).status_code == 404
        with translation.override("en"), pytest.raises(CoachingError, match="from that day on"):
            save_trial_post_log(
                enrollment=enrollment_of(world.trainee),
                day_number=11,
                mentor=world.mentor,
                chats_handled=1,
                problems="",
                score=3,
                note="",
            )


def test_only_the_trainees_own_mentor_writes_and_only_trial_post_days(on_trial_post):
    world = on_trial_post
    other = EmployeeFactory(user=UserFactory(roles=["mentor"]), name="别的师傅")
    common = {"chats_handled": 1, "problems": "", "score": 3, "note": "", "today": date(2026, 12, 31)}
    with pytest.raises(CoachingError, match="own mentor"):
        save_trial_post_log(enrollment=enrollment_of(world.trainee), day_number=10, mentor=other, **common)
    with pytest.raises(CoachingError, match="not a trial-post day"):
        save_trial_post_log(enrollment=enrollment_of(world.trainee), day_number=5, mentor=world.mentor, **common)
    assert not TrialPostLog.objects.exists()


def test_writing_a_day_again_corrects_the_log(on_trial_post):
    log(on_trial_post, 10, score=2)
    log(on_trial_post, 10, score=4)
    assert list(TrialPostLog.objects.values_list("score", flat=True)) == [4]


def test_the_go_live_page_shows_the_average_score_chats_and_days_logged(client, on_trial_post):
    world = on_trial_post
    log(world, 10, score=4, chats=30)
    log(world, 11, score=5, chats=51)
    client.force_login(world.hr)
    with at(DAY11, 19):
        response = client.get(reverse("go_live", args=[enrollment_of(world.trainee).pk]), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert "Trial-post log" in page
    assert "4.5 / 5" in page and "40.5" in page
    assert "2 of 6 trial-post days logged (2 so far)" in page
    assert "day 10: 4 (30 chats)" in page


def test_the_mentor_gets_a_link_to_write_from_the_go_live_page(client, on_trial_post):
    world = on_trial_post
    client.force_login(world.mentor.user)
    with at(DAY10):
        page = client.get(reverse("go_live", args=[enrollment_of(world.trainee).pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert reverse("trial_post_log", args=[enrollment_of(world.trainee).pk]) in page.content.decode()
    assert "Write or correct the trial-post log" in page.content.decode()


@pytest.mark.parametrize("logged_days", [1, 6])
def test_the_go_live_section_runs_three_queries_whatever_the_number_of_logs(
    on_trial_post, django_assert_num_queries, logged_days
):
    world = on_trial_post
    for day in TRIAL_DAYS[:logged_days]:
        log(world, day)
    enrollment = enrollment_of(world.trainee)
    roles_of(world.hr)  # read once per request, before any section
    # The plan's trial-post phases, the dates of those days, the logs (with their mentor).
    with django_assert_num_queries(3):
        section = trial_post_section(enrollment=enrollment, viewer=world.hr)
    assert section is not None and section.context["record"].logged == logged_days


def test_a_plan_without_a_trial_post_adds_nothing_to_the_go_live_page(world):
    enrollment = enrollment_of(world.trainee)
    enrollment.plan = PlanTemplate.objects.get(code="veteran-refresher-10")
    assert trial_post_section(enrollment=enrollment, viewer=world.hr) is None


def test_the_mentors_coaching_page_offers_todays_log(client, on_trial_post):
    world = on_trial_post
    client.force_login(world.mentor.user)
    with at(DAY10):
        page = client.get(reverse("coaching_plans")).content.decode()
        assert reverse("trial_post_log_day", args=[enrollment_of(world.trainee).pk, 10]) in page
        log(world, 10)
        page = client.get(reverse("coaching_plans"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "day 10 logged" in page


# --- 18:00: today's log missing ------------------------------------------------------------------


def reminders_to(user) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind=Kind.TRIAL_POST_LOG))


def test_the_mentor_is_reminded_once_when_todays_trial_post_log_is_missing(on_trial_post):
    world = on_trial_post
    assert send_trial_post_log_reminders(on=DAY10) == 1
    assert send_trial_post_log_reminders(on=DAY10) == 0  # a second run, or a second worker
    [note] = reminders_to(world.mentor.user)
    assert note.url == reverse("trial_post_log_day", args=[enrollment_of(world.trainee).pk, 10])
    assert "张小花" in note.body and "10" in note.body


def test_no_reminder_once_the_log_is_written(on_trial_post):
    log(on_trial_post, 10)
    assert send_trial_post_log_reminders(on=DAY10) == 0


def test_no_reminder_for_a_trainee_not_on_the_trial_post_or_on_another_day(world):
    assert send_trial_post_log_reminders(on=DAY10) == 0  # still in training (the pass exams not passed)
    world.trainee.status = Status.TRIAL_POST
    world.trainee.save()
    assert send_trial_post_log_reminders(on=date(2026, 11, 26)) == 0  # day 9, the pass exams
    assert reminders_to(world.mentor.user) == []
