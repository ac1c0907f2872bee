"""Journeys a person clicks through, in Chromium. Time is frozen at a Monday morning in
Shanghai so that "today" is a known plan day."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_trainee_sees_today_at_phone_width(live_server, world, page: Page, shoot):
    with time_machine.travel(datetime(2026, 11, 19, 8, 30, tzinfo=ZoneInfo("Asia/Shanghai"))):
        page.set_viewport_size({"width": 375, "height": 812})
        log_in(page, live_server.url, "trainee")
        expect(page).to_have_url(f"{live_server.url}/today/")
        expect(page.locator(".position-line")).to_have_text("第 2 阶段 · 第 4 天 / 共 16 天")
        expect(page.locator(".leader").first).to_have_text("王师傅")
        expect(page.locator(".next-exam")).to_contain_text("11月26日")
        # Nothing is wider than the phone's screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        shoot(page, "trainee-today-375-zh")

        page.select_option("#language", "en")
        expect(page.locator(".position-line")).to_have_text("Phase 2 · Day 4 of 16")
        shoot(page, "trainee-today-375-en")


def test_hr_creates_a_cohort_adds_a_hire_who_logs_in_and_sees_day_one(live_server, world, page: Page, shoot):
    with time_machine.travel(datetime(2026, 11, 16, 8, 30, tzinfo=ZoneInfo("Asia/Shanghai"))):
        page.set_viewport_size({"width": 1280, "height": 900})
        log_in(page, live_server.url, "hr")
        page.get_by_role("link", name="新建培训批次").click()
        page.fill("#id_name", "浏览器测试批")
        page.select_option("#id_tier", "new_hire")
        page.fill("#id_start_date", "2026-11-16")
        page.fill("#id_location", "培训室 D")
        page.get_by_label("李雪").check()
        page.get_by_role("button", name="创建培训批次").click()
        expect(page.locator("h1")).to_have_text("浏览器测试批")

        page.get_by_role("link", name="添加新员工").click()
        page.fill("#id_employee_no", "N2611099")
        page.fill("#id_name", "孙新人")
        page.fill("#id_phone", "13900001234")
        page.select_option("#id_position_class", "after_sale")
        page.fill("#id_mentor", world.mentor.employee_no)
        page.fill("#id_password", "Kefu-2026-start")
        shoot(page, "hr-add-hire-1280-zh")
        page.get_by_role("button", name="添加", exact=True).click()
        expect(page.locator("table")).to_contain_text("孙新人")
        shoot(page, "hr-cohort-detail-1280-zh")

        page.get_by_role("button", name="退出").click()
        log_in(page, live_server.url, "N2611099", "Kefu-2026-start")
        # HR typed that password: the hire chooses their own first, then lands on today.
        expect(page).to_have_url(f"{live_server.url}/accounts/set-password/")
        page.fill("#id_new_password1", "Sun-xin-2026-own")
        page.fill("#id_new_password2", "Sun-xin-2026-own")
        page.locator("main button[type=submit]").click()
        page.goto(f"{live_server.url}/today/")
        expect(page).to_have_url(f"{live_server.url}/today/")
        expect(page.locator(".position-line")).to_have_text("第 1 阶段 · 第 1 天 / 共 16 天")
        expect(page.get_by_text("破冰", exact=True)).to_be_visible()
        expect(page.get_by_text("售后专项：退换货、投诉与评价处理")).to_have_count(0)  # that is day 3
        shoot(page, "new-hire-day-one-1280-zh")
