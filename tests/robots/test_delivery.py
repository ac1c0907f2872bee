"""Sending digests: one per robot and event, at most 20 requests a minute per robot, rate-limit answers
retried with backoff, refusals shown to HR, long digests split under the platform's limit."""

from __future__ import annotations

from datetime import date, timedelta
from unittest import mock

import pytest
import time_machine
from django.utils import timezone

from robots import tasks
from robots.client import LIMITS
from robots.markdown import Digest, size, split_markdown
from robots.models import DeliveryStatus, Event, Platform, Robot, RobotDelivery
from robots.services import due_deliveries, queue_digest, send_delivery, take_token
from tests.robots.conftest import make_robot

pytestmark = pytest.mark.django_db
DAY = date(2026, 12, 3)
T0 = "2026-12-03 08:00:00 +0800"


def queue(robot: Robot, subject: str, lines: list[str] | None = None) -> RobotDelivery:
    delivery = queue_digest(
        robot=robot, kind=Event.KNOWLEDGE_UPDATE, day=DAY, subject=subject, digest=Digest("知识更新", lines or ["x"])
    )
    assert delivery is not None
    return delivery


def test_25_events_in_a_minute_go_out_as_at_most_20_requests_and_the_rest_later(world, platform):
    robot = make_robot(world)
    with time_machine.travel(T0, tick=False) as traveller:
        deliveries = []
        for i in range(25):  # an event every 2 seconds: 25 within 50 s
            deliveries.append(queue(robot, f"update-{i}"))
            send_delivery(delivery_id=deliveries[-1].pk)
            traveller.shift(2)
        assert len(platform.requests) <= 20
        waiting = RobotDelivery.objects.filter(status=DeliveryStatus.QUEUED)
        assert waiting.count() == 25 - len(platform.requests)
        assert all(d.next_try_at for d in waiting)  # deferred, not dropped
        traveller.shift(120)
        for delivery_id in due_deliveries():
            send_delivery(delivery_id=delivery_id)
    assert len(platform.requests) == 25
    assert RobotDelivery.objects.filter(status=DeliveryStatus.SENT).count() == 25


def test_no_60_seconds_hold_more_than_20_requests_under_a_steady_stream(world, platform):
    robot = make_robot(world)
    sent_at = []
    with time_machine.travel(T0, tick=False) as traveller:
        for _second in range(180):
            if take_token(robot_id=robot.pk) == 0:
                sent_at.append(timezone.now())
            traveller.shift(1)
    assert max(sum(1 for t in sent_at if start <= t < start + timedelta(seconds=60)) for start in sent_at) <= 20


def test_the_token_bucket_is_shared_through_the_database(world):
    robot = make_robot(world)
    with time_machine.travel(T0, tick=False):
        granted = [take_token(robot_id=robot.pk) == 0 for _ in range(12)]
        assert granted.count(True) == 10
        assert take_token(robot_id=robot.pk) == pytest.approx(6.0)


def test_a_task_without_a_token_queues_itself_again_with_a_countdown(world, platform):
    robot = make_robot(world)
    with time_machine.travel(T0, tick=False):
        for i in range(10):
            send_delivery(delivery_id=queue(robot, f"u{i}").pk)
        late = queue(robot, "late")
        with mock.patch.object(tasks.send_delivery_task, "apply_async") as again:
            tasks.send_delivery_task(late.pk)
    again.assert_called_once_with((late.pk,), countdown=pytest.approx(6.0))
    assert RobotDelivery.objects.get(pk=late.pk).status == DeliveryStatus.QUEUED


def test_a_rate_limit_answer_is_retried_with_backoff_not_lost(world, platform):
    robot = make_robot(world)
    platform.replies += [{"errcode": 130101, "errmsg": "send too fast"}, {"errcode": 130101, "errmsg": "send too fast"}]
    with time_machine.travel(T0, tick=False) as traveller:
        delivery = queue(robot, "u1")
        assert send_delivery(delivery_id=delivery.pk) == 60
        delivery.refresh_from_db()
        assert (delivery.status, delivery.errcode, delivery.attempts) == (DeliveryStatus.RETRYING, 130101, 1)
        assert send_delivery(delivery_id=delivery.pk) is None  # not due yet: nothing sent
        traveller.shift(61)
        assert send_delivery(delivery_id=delivery.pk) == 120  # backoff doubles
        traveller.shift(121)
        assert due_deliveries() == [delivery.pk]
        send_delivery(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len(platform.requests) == 3
    robot.refresh_from_db()
    assert robot.last_ok_at and not robot.last_error


def test_a_refused_message_fails_and_the_robot_shows_the_platforms_answer(world, platform):
    robot = make_robot(world)
    platform.replies.append({"errcode": 310000, "errmsg": "sign not match"})
    delivery = queue(robot, "u1")
    assert send_delivery(delivery_id=delivery.pk) is None
    delivery.refresh_from_db()
    robot.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert robot.last_error == "errcode 310000: sign not match"
    assert due_deliveries() == []


def test_a_digest_is_queued_once_per_robot_event_day_and_subject(world, django_capture_on_commit_callbacks):
    robot = make_robot(world)
    with django_capture_on_commit_callbacks() as callbacks:
        assert queue_digest(robot=robot, kind=Event.DAILY_PLAN, day=DAY, digest=Digest("a", ["b"])) is not None
        assert queue_digest(robot=robot, kind=Event.DAILY_PLAN, day=DAY, digest=Digest("a", ["b"])) is None
    assert len(callbacks) == 1
    assert RobotDelivery.objects.count() == 1


def test_a_delivery_sent_once_is_not_sent_again(world, platform):
    robot = make_robot(world)
    delivery = queue(robot, "u1")
    send_delivery(delivery_id=delivery.pk)
    send_delivery(delivery_id=delivery.pk)
    tasks.send_due_deliveries_task()
    assert len(platform.requests) == 1


def test_a_retry_goes_on_from_the_part_where_it_stopped(world, platform):
    robot = make_robot(world, platform=Platform.WECOM)
    lines = [f"- 第 {i} 行：请在今天下班前完成确认" for i in range(400)]
    platform.replies += [{"errcode": 0, "errmsg": "ok"}, {"errcode": 45009, "errmsg": "api freq out of limit"}]
    with time_machine.travel(T0, tick=False) as traveller:
        delivery = queue(robot, "long", lines)
        assert delivery.part_count >= 3
        send_delivery(delivery_id=delivery.pk)
        delivery.refresh_from_db()
        assert (delivery.parts_sent, delivery.status) == (1, DeliveryStatus.RETRYING)
        traveller.shift(61)
        send_delivery(delivery_id=delivery.pk)
    texts = [b["markdown"]["content"] for b in platform.bodies()]
    assert len(texts) == delivery.part_count + 1  # the refused second part once more, nothing else twice
    assert texts[1] == texts[2]
    assert "".join(texts).count("第 399 行") == 1


@pytest.mark.parametrize("platform_name", [Platform.WECOM, Platform.DINGTALK])
def test_split_parts_stay_under_the_limit_and_keep_every_line(platform_name):
    names = [f"客服{i:04d}号·张晓明" for i in range(1500)]
    lines = ["  " + "、".join(names[i : i + 10]) for i in range(0, 1500, 10)]
    parts = split_markdown(Digest("售后一组 · 知识更新逾期名单", lines), LIMITS[platform_name])
    assert all(size(p) <= LIMITS[platform_name] for p in parts)
    assert LIMITS[Platform.WECOM] <= 4096
    assert len(parts) > 1
    joined = "\n".join(parts)
    assert all(joined.count(name) == 1 for name in names)
    assert parts[0].startswith("#### 售后一组 · 知识更新逾期名单 (1/")


def test_a_single_line_longer_than_a_message_is_cut_not_split_inside_a_character():
    parts = split_markdown(Digest("标题", ["长" * 5000]), LIMITS[Platform.WECOM])
    assert len(parts) == 1
    assert size(parts[0]) <= LIMITS[Platform.WECOM]
    assert parts[0].endswith("长…")
