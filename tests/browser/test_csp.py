"""The Content-Security-Policy forbids inline script: the main pages still work under it, with no violation
reported by Chromium (today, the dashboards, the exam page with its autosave, the typing test, the roll
call, the language switch)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Browser, Page, expect

from assessments.models import TypingPassage
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY9 = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # plan day 9 of the test cohort

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || ""));
});
"""


def watched(browser: Browser, base: str, username: str, *, width: int = 1280) -> tuple[Page, list[str]]:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, base, username)
    return page, errors


def no_violations(page: Page, errors: list[str]) -> None:
    assert page.evaluate("window.__csp") == []
    assert errors == []


def test_the_trainee_pages_exam_and_typing_test_run_under_the_policy(live_server, world, browser):
    with time_machine.travel(DAY9, tick=False):
        page, errors = watched(browser, live_server.url, "trainee", width=375)
        expect(page.locator("h1").first).to_be_visible()
        no_violations(page, errors)
        page.get_by_role("link", name="参加考试：过关考试：业务知识").click()
        page.get_by_role("button", name="开始").click()
        question = page.locator("fieldset.question[data-type=single]").first
        question.locator("input").first.check()
        expect(question.locator(".save-state")).to_contain_text("已保存")  # the autosave script ran
        no_violations(page, errors)
        passage = TypingPassage.objects.filter(is_active=True).first() or TypingPassage.objects.first()
        page.goto(f"{live_server.url}/typing/passages/{passage.pk}/")
        no_violations(page, errors)
        # The language switch submits its form from static/js/portal.js, not from an inline handler.
        page.select_option("#language", "en")
        page.wait_for_load_state()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        no_violations(page, errors)


def test_the_dashboards_and_the_roll_call_run_under_the_policy(live_server, world, browser):
    page, errors = watched(browser, live_server.url, "hr")
    page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_load_state("networkidle")
    no_violations(page, errors)
    page, errors = watched(browser, live_server.url, "trainer")
    page.goto(f"{live_server.url}/dashboard/trainer/")
    page.wait_for_load_state("networkidle")
    no_violations(page, errors)
    page.goto(f"{live_server.url}/cohorts/{world.cohort.pk}/roll-call/2026-11-19/")
    expect(page.locator("form").first).to_be_visible()
    no_violations(page, errors)
