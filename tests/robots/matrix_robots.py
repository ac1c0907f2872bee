"""Permission-matrix rows for the group robot pages (see tests/test_permissions.py): every page is HR's;
trainers, mentors and trainees get 403; a robot or message that does not exist is a 404. Sending a test and
sending a failed message again are POST only (GET: 405 once past the role check)."""

from __future__ import annotations

from datetime import date

from robots.markdown import Digest
from robots.models import DeliveryStatus, Event, Platform, Robot, RobotDelivery
from robots.services import save_robot
from tests.conftest import World
from tests.matrix import row


def a_robot(world: World) -> dict[str, int]:
    robot = Robot(
        name="新人群",
        platform=Platform.DINGTALK,
        cohort=world.cohort,
        webhook="https://oapi.dingtalk.com/robot/send?access_token=" + "a1" * 32,
        secret="SEC0123456789abcdef",
        events=[Event.DAILY_PLAN],
    )
    return {"pk": save_robot(robot=robot, by=world.hr).pk}


def a_failed_message(world: World) -> dict[str, int]:
    robot = Robot.objects.get(pk=a_robot(world)["pk"])
    delivery = RobotDelivery.objects.create(
        robot=robot,
        kind=Event.DAILY_PLAN,
        day=date(2026, 11, 16),
        title=Digest("今日安排").title,
        parts=["#### 今日安排\n- 破冰"],
        status=DeliveryStatus.FAILED,
        errcode=310000,
        errmsg="errcode 310000: sign not match",
    )
    return {"pk": delivery.pk}


HR_ONLY = row(302, 200, 403, 403, 403, 403)
POST_ONLY = row(302, 405, 403, 403, 403, 403)
MISSING = lambda w: {"pk": 999_999}  # noqa: E731

#        name                       kwargs              anon  hr   trainer mentor trainee outsider
ROWS: list = [
    ("robot_list", None, HR_ONLY),
    ("robot_add", None, HR_ONLY),
    ("robot_detail", a_robot, HR_ONLY),
    ("robot_detail", MISSING, row(302, 404, 403, 403, 403, 403)),
    ("robot_edit", a_robot, HR_ONLY),
    ("robot_edit", MISSING, row(302, 404, 403, 403, 403, 403)),
    ("robot_test", a_robot, POST_ONLY),
    ("robot_delivery_retry", a_failed_message, POST_ONLY),
]

# Posting an empty form: the form back with its errors (200); a test or a retry: back to the robot (302).
POST_ROWS: list = [
    ("robot_add", None, {}, HR_ONLY),
    ("robot_edit", a_robot, {}, HR_ONLY),
    ("robot_test", a_robot, {}, row(302, 302, 403, 403, 403, 403)),
    ("robot_test", MISSING, {}, row(302, 404, 403, 403, 403, 403)),
    ("robot_delivery_retry", a_failed_message, {}, row(302, 302, 403, 403, 403, 403)),
    ("robot_delivery_retry", MISSING, {}, row(302, 404, 403, 403, 403, 403)),
]
