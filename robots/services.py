"""Writing robots, queueing digests and sending them within the platforms' rate limits.

Exactly once: `RobotDelivery` is unique per robot, event, day and subject, so a digest task that runs twice,
is retried or races another worker queues one message. Sending claims the row first (a conditional UPDATE
from queued/retrying to sending), so two workers handed the same delivery send it once; `parts_sent` moves on
after each part the platform accepted, so a retry never repeats a part.

Rate: each robot has a token bucket in the database (`RobotBucket`), read and written under a row lock, so
all workers share it. Capacity is half the per-minute limit and it refills the other half over a minute:
a burst of 10 then one every 6 s, never more than 20 in any 60 seconds (a bucket of 20 refilling 20 a minute
would allow 40 in the first minute). No token: the send is re-queued with the wait as countdown, not dropped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import client
from .markdown import Digest, split_markdown
from .models import DeliveryStatus, Robot, RobotBucket, RobotDelivery

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Rate-limit answers: DingTalk throttles a robot for 10 minutes after too many messages.
FIRST_BACKOFF = 60
MAX_BACKOFF = 900
# A delivery left "sending" this long by a worker that died is taken up again.
STALE_CLAIM = timedelta(minutes=10)


class RobotError(Exception):
    pass


def per_minute() -> int:
    return max(int(getattr(settings, "ROBOTS_PER_MINUTE", 20)), 2)


def bucket_shape() -> tuple[float, float]:
    """(capacity, tokens per second)."""
    limit = per_minute()
    capacity = limit // 2
    return float(capacity), (limit - capacity) / 60.0


@transaction.atomic
def save_robot(*, robot: Robot, by: User | None) -> Robot:
    """Save a robot (new or edited) with its token bucket; the webhook and secret are already normalised."""
    if robot.pk is None:
        robot.created_by = by
    robot.save()
    capacity, _rate = bucket_shape()
    RobotBucket.objects.get_or_create(robot=robot, defaults={"tokens": capacity, "updated_at": timezone.now()})
    return robot


def take_token(*, robot_id: int) -> float:
    """Take one message's token from the robot's bucket: 0.0 when granted, else the seconds to wait."""
    capacity, rate = bucket_shape()
    now = timezone.now()
    with transaction.atomic():
        # SQLite has no row locks: this write takes the database's write lock before the read below, so workers
        # queue here as they do on PostgreSQL's row lock (which it takes too).
        if not RobotBucket.objects.filter(pk=robot_id).update(tokens=F("tokens")):
            try:
                with transaction.atomic():
                    RobotBucket.objects.create(robot_id=robot_id, tokens=capacity, updated_at=now)
            except IntegrityError:
                pass  # another worker made it
        bucket = RobotBucket.objects.select_for_update().get(pk=robot_id)
        elapsed = max((now - bucket.updated_at).total_seconds(), 0.0)
        tokens = min(capacity, bucket.tokens + elapsed * rate)
        wait = 0.0 if tokens >= 1 else (1 - tokens) / rate
        bucket.tokens = tokens - 1 if tokens >= 1 else tokens
        bucket.updated_at = now
        bucket.save(update_fields=["tokens", "updated_at"])
    return wait


def queue_digest(*, robot: Robot, kind: str, day: date, digest: Digest, subject: str = "") -> RobotDelivery | None:
    """Record one digest for the robot and queue its sending after the commit; None when this robot already
    had it (the unique row exists)."""
    parts = split_markdown(digest, client.LIMITS[robot.platform])
    try:
        with transaction.atomic():
            delivery = RobotDelivery.objects.create(
                robot=robot, kind=kind, day=day, subject=subject[:100], title=digest.title[:200], parts=parts
            )
    except IntegrityError:
        return None
    from .tasks import send_delivery_task

    transaction.on_commit(lambda: send_delivery_task.delay(delivery.pk))
    return delivery


def _backoff(attempts: int) -> int:
    return min(FIRST_BACKOFF * 2 ** max(attempts - 1, 0), MAX_BACKOFF)


def _claimable(now: datetime) -> Q:
    waiting = Q(status__in=[DeliveryStatus.QUEUED, DeliveryStatus.RETRYING]) & (
        Q(next_try_at__isnull=True) | Q(next_try_at__lte=now)
    )
    return waiting | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - STALE_CLAIM)


def _robot_failed(robot: Robot, text: str, now: datetime) -> None:
    Robot.objects.filter(pk=robot.pk).update(last_error=text[:500], last_error_at=now)


def describe(answer: client.Answer) -> str:
    """errcode 310000: sign not match … / HTTP 429 / timeout, for HR's pages."""
    if answer.errcode is not None:
        return f"errcode {answer.errcode}: {answer.errmsg}"
    return answer.errmsg


def send_delivery(*, delivery_id: int) -> float | None:
    """Send the parts of a delivery not sent yet. Returns the seconds after which it should be tried again
    (no token, or a rate-limit answer), or None when it is done, failed for good, or not this worker's."""
    now = timezone.now()
    if (
        not RobotDelivery.objects.filter(pk=delivery_id)
        .filter(_claimable(now))
        .update(status=DeliveryStatus.SENDING, claimed_at=now)
    ):
        return None
    delivery = RobotDelivery.objects.select_related("robot").get(pk=delivery_id)
    robot = delivery.robot
    if not robot.active:
        delivery.status, delivery.errmsg = DeliveryStatus.FAILED, _("The robot is switched off.")
        delivery.save(update_fields=["status", "errmsg"])
        return None
    while delivery.parts_sent < len(delivery.parts):
        wait = take_token(robot_id=robot.pk)
        if wait:
            delivery.status, delivery.next_try_at = DeliveryStatus.QUEUED, timezone.now() + timedelta(seconds=wait)
            delivery.save(update_fields=["status", "next_try_at"])
            return wait
        answer = client.post_markdown(
            platform=robot.platform,
            webhook=robot.webhook,
            secret=robot.secret,
            title=delivery.title,
            text=delivery.parts[delivery.parts_sent],
        )
        delivery.errcode = answer.errcode
        if answer.ok:
            delivery.parts_sent += 1
            delivery.errmsg = ""
            delivery.save(update_fields=["parts_sent", "errcode", "errmsg"])
            continue
        delivery.errmsg = describe(answer)[:500]
        delivery.attempts += 1
        at = timezone.now()
        _robot_failed(robot, delivery.errmsg, at)
        logger.warning("Robot %s: delivery %s not accepted: %s", robot.pk, delivery.pk, delivery.errmsg)
        if answer.retry and delivery.attempts < MAX_ATTEMPTS:
            backoff = _backoff(delivery.attempts)
            delivery.status, delivery.next_try_at = DeliveryStatus.RETRYING, at + timedelta(seconds=backoff)
            delivery.save(update_fields=["status", "next_try_at", "errcode", "errmsg", "attempts"])
            return float(backoff)
        delivery.status, delivery.next_try_at = DeliveryStatus.FAILED, None
        delivery.save(update_fields=["status", "next_try_at", "errcode", "errmsg", "attempts"])
        return None
    at = timezone.now()
    delivery.status, delivery.sent_at, delivery.next_try_at = DeliveryStatus.SENT, at, None
    delivery.save(update_fields=["status", "sent_at", "next_try_at"])
    Robot.objects.filter(pk=robot.pk).update(last_ok_at=at, last_error="", last_error_at=None)
    return None


def due_deliveries() -> list[int]:
    """Deliveries whose wait is over (or whose worker died while sending): the minute sweep sends them."""
    return list(RobotDelivery.objects.filter(_claimable(timezone.now())).order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def retry_delivery(*, delivery: RobotDelivery) -> RobotDelivery:
    """HR sends a failed digest again (from the part where it stopped)."""
    locked = RobotDelivery.objects.select_for_update().get(pk=delivery.pk)
    if locked.status != DeliveryStatus.FAILED:
        raise RobotError(_("Only a failed message can be sent again."))
    locked.status, locked.attempts, locked.next_try_at = DeliveryStatus.QUEUED, 0, None
    locked.save(update_fields=["status", "attempts", "next_try_at"])
    from .tasks import send_delivery_task

    transaction.on_commit(lambda: send_delivery_task.delay(locked.pk))
    return locked


@dataclass(frozen=True)
class TestResult:
    answer: client.Answer
    text: str


def send_test(*, robot: Robot, by: User) -> TestResult:
    """Post a short test message now (within the rate limit) and return the platform's answer."""
    wait = take_token(robot_id=robot.pk)
    if wait:
        answer = client.Answer(
            ok=False,
            retry=True,
            errcode=None,
            errmsg=_("Too many messages this minute: try again in %(seconds)d s.") % {"seconds": int(wait) + 1},
        )
        return TestResult(answer, describe(answer))
    title = _("Test message from the training desk")
    text = "#### {}\n{}".format(
        title,
        _("%(name)s sent this test on %(when)s. Reminders for this group will arrive here.")
        % {"name": by.get_full_name() or by.get_username(), "when": timezone.localtime().strftime("%Y-%m-%d %H:%M")},
    )
    answer = client.post_markdown(
        platform=robot.platform,
        webhook=robot.webhook,
        secret=robot.secret,
        title=title,
        text=text,
        timeout=client.TEST_TIMEOUT,
    )
    now = timezone.now()
    if answer.ok:
        Robot.objects.filter(pk=robot.pk).update(last_ok_at=now, last_error="", last_error_at=None)
    else:
        _robot_failed(robot, describe(answer), now)
    return TestResult(answer, describe(answer))
