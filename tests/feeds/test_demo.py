"""The demo's calendars: the demo trainee, trainer and mentor each have an address whose feed shows the running
cohort (the trainee's plan, the trainer's sessions, the mentor's shadowing days)."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from feeds.models import FeedToken

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 24, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_demo_accounts_have_calendar_feeds_with_the_running_cohort(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(NOW, tick=False):
        call_command("demo_data", stdout=StringIO(), stderr=StringIO())
        uids = {}
        for feed in FeedToken.objects.select_related("user"):
            response = client.get(reverse("calendar_feed", kwargs={"token": feed.token}))
            assert response.status_code == 200
            uids[feed.user.username] = [str(e["UID"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert set(uids) == {"trainee", "trainer", "mentor"}
    assert any(u.startswith("plan-") for u in uids["trainee"])
    assert any(u.startswith("session-") for u in uids["trainer"])
    assert any(u.startswith("shadowing-") for u in uids["mentor"])
