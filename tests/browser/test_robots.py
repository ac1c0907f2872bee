"""HR adds a DingTalk group robot for a cohort on a phone (375 px), pointing at a local fake endpoint, sends
a test and reads the platform's answer on the robot's page; the secret is never shown again."""

from __future__ import annotations

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from robots import client
from robots.models import DeliveryStatus, Event, Robot, RobotDelivery
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SECRET = "SECb0f2c0e1d2a34b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"


class FakeDingTalk(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - the http.server API
        body = self.rfile.read(int(self.headers["Content-Length"]))
        FakeDingTalk.received.append({"query": parse_qs(urlsplit(self.path).query), "body": json.loads(body)})
        answer = json.dumps({"errcode": 0, "errmsg": "ok"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_dingtalk(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeDingTalk)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.ROBOTS_ALLOWED_HOSTS = [*settings.ROBOTS_ALLOWED_HOSTS, "127.0.0.1"]
    saved = client.transport
    client.transport = None  # the real network, to the fake on 127.0.0.1
    FakeDingTalk.received = []
    yield f"http://127.0.0.1:{server.server_port}/robot/send?access_token=fake0123456789abcdef"
    client.transport = saved
    server.shutdown()
    server.server_close()


def no_horizontal_overflow(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_hr_adds_a_robot_sends_a_test_and_sees_the_answer(live_server, world, page: Page, shoot, fake_dingtalk):
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server.url, "hr")
    page.goto(f"{live_server.url}{reverse('cohort_detail', args=[world.cohort.pk])}")
    page.get_by_role("link", name="群机器人").first.click()
    page.get_by_role("link", name="添加机器人").click()
    expect(page.locator("#id_cohort")).to_have_value(str(world.cohort.pk))
    page.fill("#id_name", "十一月新人钉钉群")
    page.select_option("#id_platform", "dingtalk")
    page.fill("#id_webhook_input", fake_dingtalk)
    page.fill("#id_secret_input", SECRET)
    page.get_by_label("批次今日安排（08:00）").check()
    page.get_by_label("下一个工作日的考试（17:00）").check()
    no_horizontal_overflow(page)
    shoot(page, "robots-form-375-zh")
    page.locator("form.robot-form button[type=submit]").click()

    expect(page.locator("h1")).to_contain_text("十一月新人钉钉群")
    expect(page.locator(".robot-webhook")).to_contain_text("access_token=fake••••")
    assert SECRET not in page.content() and "fake0123456789abcdef" not in page.content()
    page.locator(".robot-send-test").click()
    answer = page.locator(".robot-test-answer")
    expect(answer).to_contain_text("errcode 0")
    expect(answer).to_contain_text("ok")
    no_horizontal_overflow(page)
    shoot(page, "robots-test-answer-375-zh")

    [request] = FakeDingTalk.received
    assert request["body"]["msgtype"] == "markdown"
    assert request["query"]["access_token"] == ["fake0123456789abcdef"]
    assert request["query"]["timestamp"] and request["query"]["sign"]
    assert Robot.objects.get().last_ok_at is not None

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}{reverse('robot_list')}")
    expect(page.locator(".robot-list")).to_contain_text("十一月新人钉钉群")
    shoot(page, "robots-list-desktop-zh")

    # A digest the platform refused: HR sees it in red on the list and the log, with a button to send it again.
    robot = Robot.objects.get()
    RobotDelivery.objects.create(
        robot=robot,
        kind=Event.DAILY_PLAN,
        day=date(2026, 11, 16),
        title="十一月新人批 · 今日安排，11月16日：第 1 天",
        parts=["#### 今日安排", "- 破冰"],
        parts_sent=1,
        status=DeliveryStatus.FAILED,
        attempts=8,
        errcode=130101,
        errmsg="errcode 130101: send too fast, exceed 20 times per minute",
    )
    page.reload()
    expect(page.locator(".robot-list")).to_contain_text("1 条消息发送失败")
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}{reverse('robot_detail', args=[robot.pk])}")
    expect(page.locator(".robot-deliveries .table-danger")).to_contain_text("130101")
    expect(page.locator(".robot-deliveries")).to_contain_text("已发送 1 / 2 段")
    no_horizontal_overflow(page)
    shoot(page, "robots-failed-375-zh")
