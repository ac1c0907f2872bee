"""On a phone, a veteran opens a knowledge update from today, confirms it and passes its quiz; HR's status
page shows the rates change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Attempt, Category, Choice, Question, QuestionType
from employees.models import Status, Tier
from knowledge.services import Audience, QuizSpec, publish_update
from tests.browser.conftest import log_in
from tests.factories import EmployeeFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def single_choice_bank() -> Category:
    category = Category.objects.create(name="大促规则", code="campaign-rules")
    for i in range(4):
        q = Question.objects.create(
            category=category, type=QuestionType.SINGLE, text=f"大促规则第 {i + 1} 题", points=1
        )
        Choice.objects.bulk_create(
            [Choice(question=q, text=f"选项{k}", is_correct=(k == 0), order=k) for k in range(4)]
        )
    return category


def test_a_veteran_confirms_and_passes_the_quiz_and_hr_sees_the_rates_change(live_server, world, browser, shoot):
    veteran = EmployeeFactory(
        user=UserFactory(username="veteran", roles=["trainee"]),
        name="老员工甲",
        tier=Tier.VETERAN,
        status=Status.LIVE,
        team="天猫旗舰店",
    )
    EmployeeFactory(name="老员工乙", tier=Tier.VETERAN, status=Status.LIVE, team="天猫旗舰店")
    update = publish_update(
        category="campaign",
        audience=Audience(tiers=[Tier.VETERAN]),
        named=[],
        title="双 11 满减规则",
        body="<p>每满 300 减 40。</p>",
        deadline=timezone.localdate() + timedelta(days=3),
        quiz=QuizSpec(questions=3, category=single_choice_bank(), pass_mark=60),
        requires_refresher=False,
        by=world.hr,
    )

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    hr = desk.new_page()
    log_in(hr, live_server.url, "hr")
    hr.goto(f"{live_server.url}/updates/manage/{update.pk}/")
    expect(hr.locator(".rate-confirmed")).to_have_text("0%")
    expect(hr.locator(".rate-done")).to_have_text("0%")

    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
    page = phone.new_page()
    page.on("dialog", lambda d: d.accept())
    log_in(page, live_server.url, "veteran")
    page.goto(f"{live_server.url}/today/")
    page.locator(".knowledge-today").get_by_role("link", name="双 11 满减规则").click()
    expect(page.locator(".update-body")).to_contain_text("每满 300 减 40")
    page.get_by_role("button", name="我已阅读并理解").click()
    expect(page.locator(".confirmed")).to_be_visible()
    shoot(page, "knowledge-update-375-zh")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.get_by_role("button", name="开始小测").click()
    attempt = Attempt.objects.get(employee=veteran)
    for answer in attempt.answers.all():
        page.locator(f"#q{answer.order}-{answer.snapshot['correct'][0]}").check()
        expect(page.locator(f'fieldset[data-order="{answer.order}"] .save-state')).to_contain_text("已保存")
    page.get_by_role("button", name="交卷").click()
    expect(page.locator(".verdict")).to_have_text("通过")
    page.get_by_role("link", name="返回").click()
    expect(page.locator(".knowledge-done")).to_be_visible()
    shoot(page, "knowledge-done-375-zh")

    hr.reload()
    expect(hr.locator(".rate-confirmed")).to_have_text("50%")
    expect(hr.locator(".rate-passed")).to_have_text("50%")
    expect(hr.locator(".rate-done")).to_have_text("50%")
    shoot(hr, "knowledge-status-1280-zh")
