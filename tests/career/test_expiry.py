"""Expiring certifications appear N days before their end, on the page and as a refresher need created once;
the mentor and the employee are told once, each in their language."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from career.models import NeedSource, RefresherNeed
from career.services import create_expiry_needs
from career.tasks import create_expiry_needs_task
from employees.models import Preference, Status
from notifications.models import Notification
from tests.career.career_data import certify, veteran

SHANGHAI = ZoneInfo("Asia/Shanghai")
END = date(2027, 1, 31)


def standing_on_page(client, world, employee, day: date, days: int | None = None) -> str:
    query = {"competency": employee.certifications.get().competency_id}
    if days:
        query["days"] = days
    with time_machine.travel(datetime(day.year, day.month, day.day, 9, 0, tzinfo=SHANGHAI), tick=False):
        client.force_login(world.hr)  # a session from another day may have expired
        response = client.get(reverse("certifications"), query)
    row = next(e for e in response.context["page"] if e.pk == employee.pk)
    return row.standing


def test_a_certification_is_expiring_from_n_days_before_its_end_and_expired_after_it(client, world, settings):
    li = veteran("老李")
    certify(li, "platform-rules", on=date(2026, 1, 31), until=END)
    assert standing_on_page(client, world, li, date(2026, 12, 31)) == "valid"  # 31 days before
    assert standing_on_page(client, world, li, date(2027, 1, 1)) == "expiring"  # 30 days before: the default N
    assert standing_on_page(client, world, li, END) == "expiring"  # its last valid day
    assert standing_on_page(client, world, li, date(2027, 2, 1)) == "expired"
    # N is a setting, and the page may look further ahead.
    settings.CAREER_EXPIRY_WARNING_DAYS = 7
    assert standing_on_page(client, world, li, date(2027, 1, 23)) == "valid"
    assert standing_on_page(client, world, li, date(2027, 1, 24)) == "expiring"
    assert standing_on_page(client, world, li, date(2027, 1, 1), days=60) == "expiring"


def test_the_daily_task_asks_for_a_refresher_n_days_before_once(world, django_capture_on_commit_callbacks):
    li = veteran("老李", mentor=world.mentor)
    certification = certify(li, "platform-rules", on=date(2026, 1, 31), until=END)
    with time_machine.travel(datetime(2026, 12, 31, 6, 30, tzinfo=SHANGHAI), tick=False):
        assert create_expiry_needs_task() == 0  # 31 days before
    for day in (1, 2):  # the first day in the window, and the next: one need
        moment = datetime(2027, 1, day, 6, 30, tzinfo=SHANGHAI)
        with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
            create_expiry_needs_task()
    need = RefresherNeed.objects.get()
    assert (need.employee, need.source, need.source_key) == (li, NeedSource.EXPIRY, f"certification:{certification.pk}")
    assert "2027-01-31" in need.reason and "平台规则" in need.reason
    # The mentor and the employee were told once.
    assert Notification.objects.filter(user=world.mentor.user, kind="refresher").count() == 1
    assert Notification.objects.filter(user=li.user, kind="refresher").count() == 1


def test_a_renewed_certification_asks_for_nothing_and_leavers_are_skipped(world):
    li = veteran("老李")
    certify(li, "platform-rules", on=date(2026, 1, 31), until=END)
    certify(li, "platform-rules", on=date(2026, 12, 20), until=date(2027, 12, 20))
    gone = veteran("走了的人", status=Status.LEFT)
    certify(gone, "platform-rules", on=date(2026, 1, 31), until=END)
    assert create_expiry_needs(on=date(2027, 1, 10)) == []


def test_an_expired_certification_asks_too_and_the_message_says_expired(world):
    li = veteran("老李")
    certify(li, "returns-after-sale", on=date(2025, 6, 1), until=date(2026, 6, 1))
    (need,) = create_expiry_needs(on=date(2026, 12, 1))
    assert "过期" in need.reason or "expired" in need.reason


def test_the_mentor_is_told_in_their_own_language(world, django_capture_on_commit_callbacks):
    Preference.objects.update_or_create(user=world.mentor.user, defaults={"language": "en"})
    li = veteran("老李", mentor=world.mentor)
    certify(li, "platform-rules", on=date(2026, 1, 31), until=END)
    with django_capture_on_commit_callbacks(execute=True):
        create_expiry_needs(on=date(2027, 1, 5))
    to_mentor = Notification.objects.get(user=world.mentor.user)
    to_employee = Notification.objects.get(user=li.user)
    assert to_mentor.title == "Refresher needed for 老李"
    assert to_employee.title == "你需要参加回炉复训"  # Chinese, the default
    assert "平台规则" in to_employee.body and "2027-01-31" in to_employee.body
