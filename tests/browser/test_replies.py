"""Quick replies on a phone (375 px): the trainee finds a phrase by its code and copies it; proposes one; the
trainer approves it from the queue on her phone."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from replies.models import Phrase, PhraseStatus
from tests.browser.conftest import log_in
from tests.factories import PhraseFactory, PhraseGroupFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_horizontal_overflow(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_trainee_copies_a_phrase_and_proposes_one_that_the_trainer_approves(live_server, world, page: Page, shoot):
    welcome = PhraseGroupFactory(name="欢迎语", order=0)
    logistics = PhraseGroupFactory(name="物流", order=1)
    PhraseFactory(group=welcome, code="hy", text="亲，您好！欢迎光临小店，很高兴为您服务～", tags="开场")
    PhraseFactory(
        group=logistics,
        code="fh",
        text="亲，下单后48小时内发货，发货后会有物流信息更新哦。",
        position_classes="pre_sale,in_sale",
        tags="发货",
    )
    PhraseFactory(group=logistics, code="yc", text="非常抱歉物流延迟了，马上联系快递帮您催一下。", tags="物流,催件")

    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server.url, "trainee")
    page.goto(f"{live_server.url}{reverse('replies_library')}")
    expect(page.locator(".replies-phrase")).to_have_count(3)
    shoot(page, "replies-library-375-zh")
    assert no_horizontal_overflow(page)

    page.fill("#q", "fh")
    page.locator(".replies-search button[type=submit]").click()
    expect(page.locator(".replies-phrase")).to_have_count(1)
    card = page.locator(".replies-phrase").first
    expect(card).to_contain_text("48小时内发货")
    card.locator(".replies-copy").click()
    expect(card.locator(".replies-copy")).to_have_text("已复制")

    page.goto(f"{live_server.url}{reverse('replies_propose')}")
    page.select_option("#id_group", label="物流")
    page.fill("#id_code", "sf")
    page.fill("#id_text", "亲，满99元包顺丰哦～")
    page.locator("main form button.btn-primary").click()
    expect(page.locator(".replies-my-proposals")).to_contain_text("待审核")
    assert Phrase.objects.get(code="sf").status == PhraseStatus.PROPOSED

    page.context.clear_cookies()
    log_in(page, live_server.url, "trainer")
    page.goto(f"{live_server.url}{reverse('replies_review')}")
    expect(page.locator(".replies-review")).to_contain_text("满99元包顺丰")
    shoot(page, "replies-review-375-zh")
    assert no_horizontal_overflow(page)
    page.get_by_role("button", name="批准").click()
    expect(page.locator(".alert-success")).to_contain_text("已通过")
    assert Phrase.objects.get(code="sf").status == PhraseStatus.APPROVED
