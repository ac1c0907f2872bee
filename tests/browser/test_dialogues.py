"""Buyer dialogues on a phone (375 px): a trainee practises the logistics-delay dialogue, inserting a quick reply
from the sheet, and sees the score of each message and of the whole; a trainer scores it from the queue, and
the trainee sees the trainer's score and comment."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from dialogues.models import Session
from employees.models import PositionClass
from tests.browser.conftest import log_in
from tests.browser.test_csp import RECORD_VIOLATIONS
from tests.factories import PhraseFactory, PhraseGroupFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPLIES = [
    "亲，非常抱歉让您着急了！包裹已经发出，我马上帮您查询核实物流。",
    None,  # the quick reply
    "如果快递确认延误或丢件，我们可以为您补发或退款，我会一直跟进，有结果马上联系您。",
]


def phone(browser: Browser) -> Page:
    """A phone that records Content-Security-Policy violations (the page has no inline script)."""
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
    context.add_init_script(RECORD_VIOLATIONS)
    return context.new_page()


def no_overflow(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_trainee_practises_a_logistics_delay_dialogue_and_a_trainer_scores_it(live_server, world, browser, shoot):
    world.trainee.position_class = PositionClass.IN_SALE
    world.trainee.save()
    group = PhraseGroupFactory(name="物流")
    PhraseFactory(group=group, code="hy", text="亲，您好！很高兴为您服务～")
    PhraseFactory(group=group, code="cj", text="理解您的急用，我已经联系快递催件，今天下班前给您回复最新进度。")

    page = phone(browser)
    log_in(page, live_server.url, "trainee")
    page.goto(f"{live_server.url}{reverse('dialogue_list')}")
    shoot(page, "dialogues-list-375-zh")
    page.locator("[data-scenario='in-logistics-delay'] button[type=submit]").click()

    chat = page.locator(".dialogue-chat")
    expect(chat.locator(".buyer .bubble")).to_have_count(1)
    expect(chat).to_contain_text("我的快递怎么三天都没动了")
    for number, text in enumerate(REPLIES, start=1):
        expect(chat.locator(".buyer .bubble")).to_have_count(number)
        if text is None:
            page.get_by_role("button", name="快捷短语").click()
            sheet = page.locator("#phrases")
            expect(sheet).to_be_visible()
            sheet.locator(".phrase-search").fill("cj")
            expect(sheet.locator(".phrase:not(.d-none)")).to_have_count(1)
            shoot(page, "dialogues-quick-replies-375-zh", full_page=False)
            sheet.locator(".phrase:not(.d-none)").click()
            expect(sheet).to_be_hidden()
            expect(page.locator("#id_text")).to_have_value(
                "理解您的急用，我已经联系快递催件，今天下班前给您回复最新进度。"
            )
            no_overflow(page)
            shoot(page, "dialogues-chat-375-zh")
        else:
            page.fill("#id_text", text)
        page.get_by_role("button", name="发送").click()

    result = page.locator("#result")
    expect(result.locator(".auto-score")).to_be_visible()
    session = Session.objects.get(employee=world.trainee)
    assert session.finished and session.counts and session.auto_score >= 60
    expect(result.locator(".auto-score")).to_have_text(str(session.auto_score))
    expect(result.locator(".turn-result")).to_have_count(3)
    expect(result).to_contain_text("尚未评分")
    no_overflow(page)
    shoot(page, "dialogues-result-375-zh")

    trainer = phone(browser)
    log_in(trainer, live_server.url, "trainer")
    trainer.goto(f"{live_server.url}{reverse('dialogue_queue')}")
    trainer.locator(f"[data-session='{session.pk}'] a").click()
    for name, level in (("attitude", 5), ("wording", 4), ("resolution", 4), ("timeliness", 5)):
        trainer.locator(f"input[name={name}][value='{level}']").check()
    trainer.fill("textarea[name=comment]", "催件及时，补救方案清楚。")
    no_overflow(trainer)
    shoot(trainer, "dialogues-score-375-zh")
    trainer.get_by_role("button", name="保存评分").click()
    expect(trainer.locator(".alert-success")).to_contain_text("张小花")
    expect(trainer.locator(".dialogue-queue")).to_contain_text("没有待评分的对话")

    page.reload()
    expect(page.locator(".trainer-score")).to_have_text("90")
    expect(page.locator(".trainer-comment")).to_contain_text("催件及时")
    shoot(page, "dialogues-scored-375-zh")
    assert page.evaluate("window.__csp") == [] and trainer.evaluate("window.__csp") == []
