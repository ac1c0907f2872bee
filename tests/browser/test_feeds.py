"""A trainee on a phone (375 px) opens "My calendar": the address to subscribe to, copied with one tap, the
subscription steps for 钉钉, 企业微信, iPhone, Outlook and Google; making a new address asks first, then the old
one is dead and the new one serves the plan."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_trainee_subscribes_and_makes_a_new_address_on_a_phone(live_server, world, page: Page, shoot):
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server.url, "trainee")
    page.goto(f"{live_server.url}{reverse('my_calendar')}")

    expect(page.locator("h1")).to_have_text("我的日历")
    old = page.input_value("#feed-url")
    assert old.startswith(live_server.url + "/cal/") and old.endswith(".ics")
    assert page.get_attribute("a[href^='webcal://']", "href") == "webcal://" + old.split("://", 1)[1]
    page.locator("button[data-copy]").click()
    expect(page.locator("button[data-copy]")).to_have_text("已复制")
    for app in ("钉钉日历", "企业微信日历", "iPhone 和 iPad", "Outlook", "Google 日历"):
        expect(page.locator("#how-to")).to_contain_text(app)
    page.locator("#how-to button", has_text="企业微信日历").click()
    expect(page.locator("#how-wecom")).to_contain_text("订阅日历")
    shoot(page, "feeds-my-calendar-375-zh")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    assert page.request.get(old).status == 200
    page.once("dialog", lambda dialog: dialog.dismiss())  # changed their mind: nothing happens
    page.locator("form.calendar-rotate button").click()
    assert page.input_value("#feed-url") == old
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("form.calendar-rotate button").click()
    expect(page.locator(".alert-success")).to_contain_text("新的地址")
    new = page.input_value("#feed-url")
    assert new != old
    shoot(page, "feeds-rotated-375-zh")
    assert page.request.get(old).status == 404
    feed = page.request.get(new)
    assert feed.status == 200 and feed.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "BEGIN:VEVENT" in feed.text()
