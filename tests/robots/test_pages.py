"""HR's robot pages: adding a robot (URL or bare token), the secret written once and never shown again,
"send a test" showing the platform's answer, failures on the list and the message log, sending again."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from robots.models import DeliveryStatus, Event, Robot, RobotDelivery
from tests.robots.conftest import DINGTALK_HOOK, SECRET, make_robot

pytestmark = pytest.mark.django_db


def add(client, world, **data):
    client.force_login(world.hr)
    form = {
        "name": "十一月新人群",
        "platform": "dingtalk",
        "cohort": world.cohort.pk,
        "team": "",
        "webhook_input": DINGTALK_HOOK,
        "secret_input": SECRET,
        "events": [Event.DAILY_PLAN, Event.EXAM_EVE],
        "active": "on",
    }
    form.update(data)
    return client.post(reverse("robot_add"), form)


def test_hr_adds_a_robot_and_its_secrets_are_never_shown_again(client, world):
    response = add(client, world)
    robot = Robot.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("robot_detail", args=[robot.pk])
    assert (robot.webhook, robot.secret, robot.events) == (DINGTALK_HOOK, SECRET, ["daily_plan", "exam_eve"])
    for url in (
        reverse("robot_detail", args=[robot.pk]),
        reverse("robot_edit", args=[robot.pk]),
        reverse("robot_list"),
    ):
        page = client.get(url).content.decode()
        assert SECRET not in page and "a1" * 32 not in page
    assert "access_token=a1a1••••" in client.get(reverse("robot_detail", args=[robot.pk])).content.decode()


def test_a_bare_wecom_key_is_accepted_for_a_team_robot(client, world):
    add(
        client,
        world,
        platform="wecom",
        cohort="",
        team="天猫旗舰店",
        webhook_input="693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa",
        secret_input="",
        events=[Event.KNOWLEDGE_LATE],
    )
    robot = Robot.objects.get()
    assert robot.webhook == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
    assert robot.team == "天猫旗舰店" and robot.cohort is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"webhook_input": "https://example.com/robot/send?access_token=abcdefgh12"}, "webhook_input"),
        ({"secret_input": "not-a-secret"}, "secret_input"),
        ({"team": "天猫旗舰店"}, "cohort"),  # a cohort and a team
        ({"events": [Event.KNOWLEDGE_LATE]}, "events"),  # a team event for a cohort robot
    ],
)
def test_wrong_values_are_refused_with_a_message(client, world, data, field):
    response = add(client, world, **data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Robot.objects.exists()


def test_editing_without_retyping_keeps_the_webhook_and_the_secret(client, world):
    robot = make_robot(world, events=[Event.DAILY_PLAN])
    client.force_login(world.hr)
    client.post(
        reverse("robot_edit", args=[robot.pk]),
        {
            "name": "改名了",
            "platform": "dingtalk",
            "cohort": world.cohort.pk,
            "events": [Event.CHECK_OFF],
            "active": "on",
        },
    )
    robot.refresh_from_db()
    assert (robot.name, robot.webhook, robot.secret, robot.events) == ("改名了", DINGTALK_HOOK, SECRET, ["check_off"])


def test_send_a_test_shows_the_platforms_answer(client, world, platform, caplog):
    robot = make_robot(world)
    client.force_login(world.hr)
    platform.replies.append({"errcode": 310000, "errmsg": "sign not match, more: [https://ding-doc.dingtalk.com]"})
    with caplog.at_level(logging.DEBUG):
        page = client.post(reverse("robot_test", args=[robot.pk]), follow=True).content.decode()
    assert "errcode 310000" in page and "sign not match" in page
    assert "sign" in platform.requests[0].url.params
    robot.refresh_from_db()
    assert robot.last_error.startswith("errcode 310000")
    assert "a1" * 32 not in caplog.text and SECRET not in caplog.text
    page = client.post(reverse("robot_test", args=[robot.pk]), follow=True).content.decode()
    assert "errcode 0" in page and "robot-test-answer" in page
    robot.refresh_from_db()
    assert robot.last_ok_at and not robot.last_error


def test_failures_show_on_the_list_and_the_log_and_can_be_sent_again(client, world, django_capture_on_commit_callbacks):
    robot = make_robot(world, events=[Event.DAILY_PLAN])
    delivery = RobotDelivery.objects.create(
        robot=robot,
        kind=Event.DAILY_PLAN,
        day="2026-11-16",
        title="今日安排",
        parts=["#### 今日安排"],
        status=DeliveryStatus.FAILED,
        errcode=93000,
        errmsg="errcode 93000: invalid webhook url",
        attempts=1,
    )
    client.force_login(world.hr)
    listed = client.get(reverse("robot_list")).content.decode()
    assert "1 条消息发送失败" in listed
    assert "invalid webhook url" in client.get(reverse("robot_detail", args=[robot.pk])).content.decode()
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(reverse("robot_delivery_retry", args=[delivery.pk]))
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.QUEUED and len(callbacks) == 1


def test_the_cohort_page_links_to_its_robots(client, world):
    client.force_login(world.hr)
    page = client.get(reverse("cohort_detail", args=[world.cohort.pk])).content.decode()
    assert f"{reverse('robot_list')}?cohort={world.cohort.pk}" in page


def test_the_robot_list_and_log_cost_the_same_queries_for_many_rows(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.hr)
    first = make_robot(world, events=[Event.DAILY_PLAN])

    def counts() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as listing:
            client.get(reverse("robot_list"))
        with CaptureQueriesContext(connection) as log:
            client.get(reverse("robot_detail", args=[first.pk]))
        return len(listing), len(log)

    RobotDelivery.objects.create(robot=first, kind=Event.EXAM_EVE, day="2026-11-09", title="考试", parts=["x"])
    few = counts()
    for i in range(5):
        make_robot(world, name=f"群{i}", team=f"团队{i}", events=[Event.KNOWLEDGE_LATE])
        RobotDelivery.objects.create(
            robot=first, kind=Event.DAILY_PLAN, day=f"2026-11-{10 + i}", title="今日", parts=["x"]
        )
    assert counts() == few
