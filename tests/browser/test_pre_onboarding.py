"""A new hire on a phone, the working day before day 1: confirms reading the handbook, ticks the checklist,
passes the handbook quiz, and on day 1 finds the day open (it was locked the moment before)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from assessments.models import Attempt
from tests.browser.conftest import log_in
from tests.onboarding.conftest import require_step_of_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY0_EVENING = datetime(2026, 11, 13, 19, 0, tzinfo=SHANGHAI)  # Friday, day 0 of the World's cohort
DAY1 = datetime(2026, 11, 16, 9, 0, tzinfo=SHANGHAI)


def test_a_hire_confirms_the_handbook_passes_the_quiz_and_day_one_opens(live_server, world, browser, shoot):
    require_step_of_world()
    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
    page = phone.new_page()
    page.on("dialog", lambda d: d.accept())
    with time_machine.travel(DAY1, tick=False):
        log_in(page, live_server.url, "trainee")
        expect(page.locator(".day-locked")).to_contain_text("第 1 天尚未开放")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375

    with time_machine.travel(DAY0_EVENING, tick=False):
        page.goto(f"{live_server.url}/today/")
        step = page.locator("#pre-onboarding")
        step.get_by_role("link", name="打开手册").click()
        expect(page.locator(".handbook-item").first).to_contain_text("阅读新员工手册")
        page.get_by_role("button", name="我已读完手册").click()
        expect(page.locator(".step-handbook")).to_contain_text("已确认")

        page.get_by_label("已收到工作账号").check()
        page.get_by_label("已加入培训群").check()
        page.get_by_role("button", name="保存清单").click()
        expect(page.locator(".step-checklist")).to_contain_text("2 / 4 已完成")
        shoot(page, "pre-onboarding-375-zh")

        step.get_by_role("link", name="参加考试：新员工手册测验").click()
        page.get_by_role("button", name="开始").click()
        attempt = Attempt.objects.get(employee=world.trainee, exam__code="handbook-quiz")
        for answer in attempt.answers.order_by("order"):
            correct = answer.snapshot["correct"]
            if answer.type == "true_false":
                page.locator(f"label[for=q{answer.order}-{'t' if correct else 'f'}]").click()
            else:
                page.locator(f"#q{answer.order}-{correct[0]}").check()
            expect(page.locator(f"fieldset.question >> nth={answer.order - 1}").locator(".save-state")).to_contain_text(
                "已保存"
            )
        page.get_by_role("button", name="交卷").click()
        expect(page.locator("body")).to_contain_text("100")
        attempt.refresh_from_db()
        assert attempt.passed is True

    with time_machine.travel(DAY1, tick=False):
        page.goto(f"{live_server.url}/today/")
        expect(page.locator(".day-locked")).to_have_count(0)
        expect(page.locator("body")).to_contain_text("行业介绍")
        expect(page.locator("#pre-onboarding")).to_have_count(0)
        shoot(page, "day-one-open-375-zh")
        page.goto(f"{live_server.url}/week/")
        expect(page.locator(".day-locked")).to_have_count(0)
    phone.close()
