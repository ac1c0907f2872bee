"""A fake platform for the robot tests: an httpx.MockTransport that records each request and answers from a
queue of replies (errcode 0 once the queue is empty)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import httpx
import pytest

from robots import client
from robots.models import Platform, Robot
from robots.services import save_robot

DINGTALK_HOOK = "https://oapi.dingtalk.com/robot/send?access_token=" + "a1" * 32
WECOM_HOOK = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
SECRET = "SEC0123456789abcdef0123456789abcdef"


@dataclass
class FakePlatform:
    requests: list[httpx.Request] = field(default_factory=list)
    replies: list[httpx.Response | dict[str, object]] = field(default_factory=list)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.replies.pop(0) if self.replies else {"errcode": 0, "errmsg": "ok"}
        return reply if isinstance(reply, httpx.Response) else httpx.Response(200, json=reply)

    def bodies(self) -> list[dict]:
        return [json.loads(r.content) for r in self.requests]


@pytest.fixture
def platform():
    fake = FakePlatform()
    saved = client.transport
    client.transport = httpx.MockTransport(fake.handle)
    yield fake
    client.transport = saved


def make_robot(world, *, platform: str = Platform.DINGTALK, events=None, team: str = "", **kwargs) -> Robot:
    robot = Robot(
        name=kwargs.pop("name", "新人群"),
        platform=platform,
        cohort=None if team else world.cohort,
        team=team,
        webhook=DINGTALK_HOOK if platform == Platform.DINGTALK else WECOM_HOOK,
        secret=SECRET if platform == Platform.DINGTALK else "",
        events=list(events or []),
        **kwargs,
    )
    return save_robot(robot=robot, by=world.hr)
