"""The banned-word list as a trainer uses it on a phone (375 px): check a pasted reply and see its banned
words marked with replacements, add a word to a draft, review the changes and publish, then the same reply
is checked against the new version."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in
from wording import matching
from wording.models import WordListVersion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_overflow(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_trainer_checks_a_reply_adds_a_word_and_publishes(live_server, world, page: Page, shoot):
    matching.clear_cache()
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server.url, "trainer")
    page.goto(f"{live_server.url}{reverse('wording_list')}")
    expect(page.locator(".wording-table")).to_contain_text("加微信")
    no_overflow(page)
    shoot(page, "wording-list-375-zh")

    page.locator(".wording-check-box summary").click()
    page.fill("#id_text", "亲，这是全网最低价，秒退款哦，不可能再便宜了，加 微 信发你优惠")
    page.locator("form.wording-check button[type=submit]").click()
    expect(page.locator(".wording-text mark.wording-block").first).to_have_text("全网最低价")
    expect(page.locator(".wording-text mark.wording-warn")).to_have_text("不可能")
    expect(page.locator(".wording-result")).to_contain_text("暂时无法")
    no_overflow(page)
    shoot(page, "wording-check-375-zh")

    page.goto(f"{live_server.url}{reverse('wording_word_add')}")
    page.fill("#id_word", "秒退款")
    page.select_option("#id_category", "false_promise")
    page.select_option("#id_severity", "block")
    page.fill("#id_replacement", "退款会按平台时效尽快到账")
    page.locator("form.wording-word-form button[type=submit]").click()
    expect(page.locator(".wording-draft")).to_contain_text("秒退款")
    no_overflow(page)
    shoot(page, "wording-draft-375-zh", full_page=False)

    page.locator(".wording-draft a.btn-primary").click()
    page.fill("#id_note", "补充秒退款")
    page.locator("form.wording-publish button[type=submit]").click()
    expect(page.locator(".wording-changes")).to_contain_text("秒退款")
    assert WordListVersion.objects.get(number=2).published_at is not None
    no_overflow(page)
    shoot(page, "wording-version-375-zh")

    page.goto(f"{live_server.url}{reverse('wording_check')}")
    page.fill("#id_text", "秒退款哦")
    page.locator("form.wording-check button[type=submit]").click()
    expect(page.locator(".wording-text mark.wording-block")).to_have_text("秒退款")
