"""A trainee takes the day-9 pass exam on a phone, reloads halfway without losing answers and
submits; a trainer grades the short answers in the admin and the trainee's result changes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from assessments.models import Attempt
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY9 = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # plan day 9 of the test cohort


def answer(question) -> None:
    kind = question.get_attribute("data-type")
    if kind == "single":
        question.locator("input").first.check()
    elif kind == "multiple":
        question.locator("input").nth(0).check()
        question.locator("input").nth(1).check()
    elif kind == "true_false":
        question.locator("label").first.click()
    elif kind == "fill":
        question.locator("input").fill("七天无理由")
    else:
        question.locator("textarea").fill("先向买家致歉，核实订单与物流信息，再给出补发或退款方案，并跟进到底。")
    expect(question.locator(".save-state")).to_contain_text("已保存")


def test_trainee_takes_the_day_9_exam_and_a_trainer_grades_it(live_server, world, browser, shoot):
    with time_machine.travel(DAY9, tick=False):
        phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
        page = phone.new_page()
        page.on("dialog", lambda d: d.accept())
        log_in(page, live_server.url, "trainee")
        page.get_by_role("link", name="参加考试：过关考试：业务知识").click()
        page.get_by_role("button", name="开始").click()
        questions = page.locator("fieldset.question")
        total = questions.count()
        assert total == 25
        for i in range(total // 2):
            answer(questions.nth(i))
        questions.nth(total // 2 - 2).scroll_into_view_if_needed()
        shoot(page, "exam-375-zh", full_page=False)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375

        # Each autosave carried its number: the server stored it, and a reload continues from it.
        saved = Attempt.objects.get(employee=world.trainee).answers.filter(save_number__gt=0).count()
        assert saved >= total // 2

        page.reload()
        questions = page.locator("fieldset.question")
        for i in range(total // 2):
            q = questions.nth(i)
            kind = q.get_attribute("data-type")
            if kind in ("fill",):
                expect(q.locator("input")).to_have_value("七天无理由")
            elif kind == "short":
                expect(q.locator("textarea")).not_to_be_empty()
            else:
                assert q.locator("input:checked").count() >= 1, f"question {i + 1} lost its answer"
        for i in range(total // 2, total):
            answer(questions.nth(i))
        page.get_by_role("button", name="交卷").click()
        expect(page.locator(".result-pending")).to_be_visible()
        shoot(page, "exam-result-pending-375-zh")

        attempt = Attempt.objects.get(employee=world.trainee)
        assert attempt.pending_grading == 2

        desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        admin = desk.new_page()
        log_in(admin, live_server.url, "trainer")
        admin.goto(f"{live_server.url}/admin/")
        expect(admin.locator(".grading-backlog")).to_contain_text("2")
        admin.get_by_role("link", name="打开评分队列").click()
        for _ in range(2):
            admin.locator("a.button").first.click()
            admin.locator("input[type=number]").first.fill("9")
            admin.locator("textarea").first.fill("要点齐全，表达可以更简洁。")
            shoot(admin, "grading-1280-zh")
            admin.get_by_role("button", name="保存评分").click()
            admin.wait_for_url("**/admin/assessments/shortanswerpending/")  # back on the queue before the next one
        expect(admin.get_by_text("没有需要评分的答案")).to_be_visible()

        page.reload()
        expect(page.locator(".result-card .score")).to_be_visible()
        attempt.refresh_from_db()
        assert attempt.pending_grading == 0
        expect(page.locator(".result-card .score")).to_contain_text(f"{attempt.score} / {attempt.max_score}")
        shoot(page, "exam-result-375-zh")
        page.select_option("#language", "en")
        expect(page.locator(".result-card .verdict")).to_have_text(["Passed", "Not passed"][attempt.passed is False])
        shoot(page, "exam-result-375-en")
        admin.goto(f"{live_server.url}/enrollments/{world.enrollment.pk}/go-live/")
        shoot(admin, "go-live-1280-zh")
