"""The demo's robots: one for the running cohort, one for the Tmall shop team, both switched off so the demo
never posts anywhere, with a delivered and a refused message in their logs."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from robots.digests import post_cohort_digests, post_late_readers
from robots.models import DeliveryStatus, Event, Robot, RobotDelivery

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 24, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_demo_shows_robots_that_never_post(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(NOW, tick=False):
        call_command("demo_data", stdout=StringIO(), stderr=StringIO())
        robots = list(Robot.objects.order_by("pk"))
        assert [(r.platform, r.active, bool(r.cohort_id), r.team) for r in robots] == [
            ("dingtalk", False, True, ""),
            ("wecom", False, False, "天猫旗舰店"),
        ]
        before = RobotDelivery.objects.count()
        for event in (Event.DAILY_PLAN, Event.EXAM_EVE, Event.CHECK_OFF, Event.EXAM_RESULTS):
            assert post_cohort_digests(event=event, on=NOW.date()) == []
        assert post_late_readers(on=NOW.date()) == []
        assert RobotDelivery.objects.count() == before
        client.force_login(robots[0].created_by)
        page = client.get(reverse("robot_list")).content.decode()
        assert "1 条消息发送失败" in page and "invalid webhook url" in page
        assert RobotDelivery.objects.filter(status=DeliveryStatus.SENT).exists()
