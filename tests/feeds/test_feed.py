"""The calendar feed as a calendar app sees it: parsed with icalendar, fetched without a login, at a secret
address that its owner can replace. The trainee's cohort starts on Monday 2026-11-16 (tests/conftest.py)."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from feeds import throttling
from feeds.models import FeedToken
from feeds.services import rotate_token, token_for
from tests.factories import EmployeeFactory, UserFactory
from training.models import EnrollmentState, Leader, PlanItem, ScheduledDay
from training.services import change_enrollment_state, enroll, extend_enrollment, move_cohort_start

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _friday_before_the_start():
    with time_machine.travel(datetime(2026, 11, 13, 10, 0, tzinfo=SHANGHAI), tick=False):
        yield


def feed_url(user) -> str:
    return reverse("calendar_feed", kwargs={"token": token_for(user=user).token})


def fetch(client, user) -> Calendar:
    response = client.get(feed_url(user))
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def by_uid(calendar: Calendar) -> dict[str, object]:
    events = calendar.walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids)), "every event has its own UID"
    return dict(zip(uids, events, strict=True))


def plan_items_of(enrollment) -> list[tuple[date, PlanItem]]:
    """Every plan item the trainee takes, with its date."""
    position = enrollment.employee.position_class
    dates = dict(ScheduledDay.objects.filter(enrollment=enrollment).values_list("day_number", "date"))
    return [
        (dates[i.day_number], i)
        for i in PlanItem.objects.filter(template=enrollment.plan)
        if i.day_number in dates and i.applies_to(position)
    ]


def test_trainee_feed_parses_and_holds_every_plan_item_with_its_time_and_place(client, world):
    response = client.get(feed_url(world.trainee.user))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"].startswith("private")
    assert not response.cookies, "a calendar app gets no cookie"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    assert calendar["REFRESH-INTERVAL"].to_ical() == b"PT1H"
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"
    events = by_uid(calendar)
    enrollment = world.enrollment
    items = plan_items_of(enrollment)
    assert len(events) == len(items)
    # Day 1 opens at 09:00 Shanghai time (01:00 UTC) in the cohort's room, led by the cohort's trainer.
    first = min((i for _d, i in items if i.start_time is not None and i.day_number == 1), key=lambda i: i.start_time)
    event = events[f"plan-{enrollment.pk}-{first.pk}@127.0.0.1"]
    assert event.start == datetime(2026, 11, 16, 9, 0, tzinfo=SHANGHAI)
    assert event.start.tzinfo is not None and event.start.utcoffset() == timedelta(0)  # written in UTC
    assert str(event["SUMMARY"]) == first.topic
    assert str(event["LOCATION"]) == (first.location or world.cohort.location)
    assert "李雪" in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED"
    # An item without times (day 0: read the handbook) is an all-day event that ends the next day (exclusive).
    untimed = next(i for d, i in items if i.start_time is None)
    all_day = events[f"plan-{enrollment.pk}-{untimed.pk}@127.0.0.1"]
    assert isinstance(all_day.start, date) and not isinstance(all_day.start, datetime)
    assert all_day.end == all_day.start + timedelta(days=1)


def test_trainee_feed_names_the_exam_of_an_exam_item(client, world):
    events = by_uid(fetch(client, world.trainee.user)).values()
    assert any("新员工手册测验" in str(e.get("DESCRIPTION", "")) for e in events)


def test_moving_the_cohorts_start_moves_the_events_under_the_same_uids_with_a_higher_sequence(client, world):
    before = by_uid(fetch(client, world.trainee.user))
    trainer_before = by_uid(fetch(client, world.trainer))

    move_cohort_start(cohort=world.cohort, start_date=date(2026, 11, 23))

    after = by_uid(fetch(client, world.trainee.user))
    assert after.keys() == before.keys()
    for uid, event in after.items():
        assert event.start - before[uid].start == timedelta(days=7), uid
        assert int(event["SEQUENCE"]) > int(before[uid]["SEQUENCE"]), uid
    trainer_after = by_uid(fetch(client, world.trainer))
    assert trainer_after.keys() == trainer_before.keys()
    assert all(e.start - trainer_before[uid].start == timedelta(days=7) for uid, e in trainer_after.items())


def test_a_rotated_token_kills_the_old_feed_at_once(client, world):
    old = feed_url(world.trainee.user)
    assert client.get(old).status_code == 200

    rotate_token(user=world.trainee.user)

    assert client.get(old).status_code == 404
    assert client.get(feed_url(world.trainee.user)).status_code == 200


def test_rotating_on_the_page_shows_a_new_address(client, world):
    client.force_login(world.trainee.user)
    old = client.get(reverse("my_calendar")).context["feed_url"]

    response = client.post(reverse("calendar_rotate"), follow=True)

    new = response.context["feed_url"]
    assert new != old and new.startswith("http://testserver/cal/") and new.endswith(".ics")
    assert "新的地址" in response.content.decode()  # the message says so
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_unknown_tokens_and_deactivated_logins_get_404(client, world):
    assert client.get(reverse("calendar_feed", kwargs={"token": secrets.token_urlsafe(32)})).status_code == 404
    url = feed_url(world.trainee.user)
    world.trainee.user.is_active = False
    world.trainee.user.save()
    assert client.get(url).status_code == 404


def test_a_logged_in_visitor_gets_the_feed_of_the_token_not_their_own(client, world):
    client.force_login(world.outsider.user)
    events = by_uid(fetch(client, world.trainee.user))
    assert all(f"plan-{world.enrollment.pk}-" in uid for uid in events)


def test_the_feed_is_throttled_per_token(client, world, monkeypatch):
    monkeypatch.setattr(throttling, "FETCHES_PER_HOUR", 2)
    url = feed_url(world.trainee.user)
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(feed_url(world.trainer)).status_code == 200  # another token has its own allowance


def test_the_fetch_is_noted_for_the_owner(client, world):
    url = feed_url(world.trainee.user)
    client.get(url)
    assert FeedToken.objects.get(user=world.trainee.user).last_used_at == datetime(2026, 11, 13, 2, 0, tzinfo=UTC)


def test_trainer_feed_has_one_event_per_cohort_session_not_one_per_trainee(client, world):
    enroll(cohort=world.cohort, employees=EmployeeFactory.create_batch(3))
    events = by_uid(fetch(client, world.trainer))
    trainer_items = {i.pk for _d, i in plan_items_of(world.enrollment) if i.leader == Leader.TRAINER}
    assert len(events) == len(trainer_items)
    assert all(" · 十一月新人批" in str(e["SUMMARY"]) for e in events.values())
    assert all("张小花" not in str(e.get("DESCRIPTION", "")) for e in events.values())  # a count, no names
    assert not any("别的批次" in str(e["SUMMARY"]) for e in events.values())  # not a cohort they train


def test_an_extended_trainee_gets_a_session_of_their_own_and_the_cohorts_stays(client, world):
    others = EmployeeFactory.create_batch(2)
    enroll(cohort=world.cohort, employees=others)
    before = by_uid(fetch(client, world.trainer))

    extend_enrollment(enrollment=world.enrollment, from_day=2, days=1, reason="病假", by=world.hr)

    after = by_uid(fetch(client, world.trainer))
    assert before.keys() <= after.keys()
    assert all(after[uid].start == before[uid].start for uid in before)
    assert len(after) > len(before)  # 小花's sessions from day 2 on, a day later


def test_mentor_feed_holds_the_shadowing_days_of_mentees_with_their_names(client, world):
    events = by_uid(fetch(client, world.mentor.user))
    mentor_items = [(d, i) for d, i in plan_items_of(world.enrollment) if i.leader == Leader.MENTOR]
    assert mentor_items and len(events) == len(mentor_items)
    assert all("张小花" in str(e["DESCRIPTION"]) for e in events.values())
    assert all(uid.startswith(f"shadowing-{world.mentor.pk}-") for uid in events)


def test_a_person_with_several_roles_gets_every_kind_of_event(client, world):
    """The mentor, a live veteran, on a refresher: their own plan and their mentee's shadowing days."""
    refresher = world.other_cohort
    enroll(cohort=refresher, employees=[world.mentor])
    world.mentor.user.groups.add(*world.trainee.user.groups.all())
    uids = by_uid(fetch(client, world.mentor.user)).keys()
    assert any(uid.startswith("plan-") for uid in uids)
    assert any(uid.startswith("shadowing-") for uid in uids)


def test_withdrawn_trainees_days_are_cancelled(client, world):
    enrollment = world.enrollment
    change_enrollment_state(enrollment=enrollment, to_state=EnrollmentState.WITHDRAWN, reason="离职", by=world.hr)
    events = by_uid(fetch(client, world.trainee.user))
    assert events and all(str(e["STATUS"]) == "CANCELLED" for e in events.values())
    trainer = by_uid(fetch(client, world.trainer))
    assert trainer and all(str(e["STATUS"]) == "CANCELLED" for e in trainer.values())  # nobody left to train


def test_feed_queries_do_not_grow_with_days_or_members(client, world, django_assert_num_queries):
    trainee_url, trainer_url, mentor_url = (feed_url(u) for u in (world.trainee.user, world.trainer, world.mentor.user))
    # Trainee: the token with its login, noting the fetch, the language, the employee, the plan (enrollments,
    # days, phases, items, attachments, records, trainers), the days' row ids, exams, retakes, the roles.
    with django_assert_num_queries(15):
        client.get(trainee_url)
    with django_assert_num_queries(14):  # a fetch within a quarter of an hour is not noted again
        client.get(trainee_url)
    enroll(cohort=world.cohort, employees=EmployeeFactory.create_batch(5, mentor=world.mentor))
    extend_enrollment(enrollment=world.enrollment, from_day=2, days=3, reason="病假", by=world.hr)
    with django_assert_num_queries(14):
        client.get(trainee_url)
    # Trainer: token, noting, language, employee, roles, cohorts, the members' days, items, attachments, exams.
    with django_assert_num_queries(10):
        client.get(trainer_url)
    # Mentor: token, noting, language, employee, own enrollments (none), retakes, roles, the
    # mentees' days, items, attachments, exams.
    with django_assert_num_queries(11):
        client.get(mentor_url)


def test_a_person_with_no_training_gets_an_empty_calendar(client, world):
    calendar = fetch(client, UserFactory())
    assert calendar.walk("VEVENT") == []


def test_a_plan_that_ended_long_ago_drops_out_of_the_feed(client, world):
    with time_machine.travel(datetime(2027, 6, 1, 10, 0, tzinfo=SHANGHAI), tick=False):
        assert fetch(client, world.trainee.user).walk("VEVENT") == []
