"""打字测试 in Chromium: a trainee copies part of a passage, with a few wrong characters, and
the result page shows what the server computed. Pasting is refused. Time runs for real here
(the server keeps the clock), so accuracy is asserted exactly and speed only as positive."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from assessments.models import TypingPassage, TypingResult
from assessments.seeds import typing as seed
from assessments.typing_test import score
from tests.browser.conftest import log_in
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_fits(page: Page, width: int) -> None:
    """Nothing is wider than the screen; on failure, name what sticks out."""
    wide = page.evaluate(
        f"[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > {width} + 1)"
        ".map(e => e.tagName + '.' + e.className)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width, wide[:5]


def earlier_results(world: World) -> None:
    """A week of practice, so the history chart has a line to draw."""
    passages = list(TypingPassage.objects.filter(title__in=[t for t, _ in seed.PASSAGES]).order_by("title"))
    now = timezone.now()
    for i, (cpm, accuracy) in enumerate([(38, 91), (45, 93.5), (52, 95.2), (49, 96.8), (58, 97.1), (63, 98.4)]):
        finished = now - timedelta(days=6 - i, hours=2)
        TypingResult.objects.create(
            employee=world.trainee,
            passage=passages[i % len(passages)],
            started_at=finished - timedelta(seconds=120),
            finished_at=finished,
            typed_text=passages[i % len(passages)].text[:cpm],
            characters=round(cpm * 100 / accuracy),
            correct_characters=cpm,
            cpm=Decimal(cpm),
            accuracy=Decimal(str(accuracy)),
            passed=cpm >= 60 and accuracy >= 95,
        )


def test_trainee_types_part_of_a_passage_and_sees_the_servers_numbers(live_server, world, page: Page, shoot):
    earlier_results(world)
    passage = TypingPassage.objects.get(title=seed.PASSAGES[3][0])  # 售后投诉安抚
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server.url, "trainee")
    page.goto(f"{live_server.url}/typing/")
    page.locator(f'a[data-passage="{passage.pk}"]').click()
    expect(page.locator("#typing-passage")).to_have_text(passage.text)
    assert_fits(page, 375)
    shoot(page, "typing-test-375-zh")

    box = page.locator("#typing-input")
    token = page.locator("input[name=token]")
    page_token = token.input_value()
    box.click()

    # Pasting is refused: a real Ctrl+V with text on the clipboard puts nothing in the box.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.evaluate("navigator.clipboard.writeText('亲，非常理解您现在的心情')")
    page.keyboard.press("Control+V")
    expect(page.locator("#typing-notice")).to_be_visible()
    expect(box).to_have_value("")
    expect(page.locator("#typing-clock")).to_have_text("2:00")  # a refused paste does not start the clock

    # insert_text commits text the way an IME does at compositionend: no keystrokes.
    assert passage.text[24:27] == "也会着"
    right, slips, rest = passage.text[:24], "也汇着了了", passage.text[27:40]  # 会 → 汇, and 了 twice too many
    typed = right + slips + rest
    for text in (right, slips, rest):
        page.keyboard.insert_text(text)
    expect(page.locator("#typing-count")).to_have_text(str(len(typed)))
    expect(page.locator("#typing-clock")).not_to_have_text("2:00")  # the first character started it
    expect(token).not_to_have_value(page_token)  # and the server restarted its clock then
    shoot(page, "typing-test-typing-375-zh")

    page.click("#typing-submit")
    expect(page).to_have_url(re.compile(r"/typing/results/\d+/$"))

    expected = score(
        passage_text=passage.text,
        typed=typed,
        elapsed_seconds=60,  # speed is the server's; accuracy does not depend on time
        min_cpm=passage.min_cpm,
        min_accuracy=passage.min_accuracy,
    )
    expect(page.locator("#result-accuracy")).to_have_attribute("data-value", str(expected.accuracy))
    expect(page.locator("#result-characters")).to_have_text(str(expected.characters))
    expect(page.locator("#result-correct")).to_have_text(str(expected.correct_characters))
    cpm = Decimal(page.locator("#result-cpm").get_attribute("data-value"))
    assert cpm > 0

    result = TypingResult.objects.filter(employee=world.trainee, passage=passage).latest("pk")
    assert (result.accuracy, result.cpm, result.typed_text) == (expected.accuracy, cpm, typed)
    # The page reported its pace: three commits, the largest of 24 characters, no burst (a robot types
    # them within a second or two, so the server's clock may still find them too fast).
    assert result.largest_burst == 24 and result.flag_reason != "burst"
    assert expected.accuracy < passage.min_accuracy
    expect(page.locator("#result-verdict")).to_have_attribute("data-passed", "false")
    assert_fits(page, 375)
    shoot(page, "typing-result-375-zh")

    page.goto(f"{live_server.url}/typing/")
    expect(page.locator("#typing-chart")).to_be_visible()
    shoot(page, "typing-history-375-zh")
    assert_fits(page, 375)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/typing/passages/{passage.pk}/")
    shoot(page, "typing-test-1280-zh")
    page.goto(f"{live_server.url}/typing/")
    shoot(page, "typing-history-1280-zh")


def test_a_trainer_reads_a_trainees_typing_history(live_server, world, page: Page, shoot):
    earlier_results(world)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, "trainer")
    page.goto(f"{live_server.url}/typing/employees/{world.trainee.pk}/")
    expect(page.locator("h1")).to_contain_text(world.trainee.name)
    expect(page.locator("#typing-chart")).to_be_visible()
    expect(page.locator("table.typing-history").last.locator("tbody tr")).to_have_count(6)
    shoot(page, "typing-staff-history-1280-zh")
    page.set_viewport_size({"width": 375, "height": 812})
    page.reload()
    assert_fits(page, 375)
    shoot(page, "typing-staff-history-375-zh")

    response = page.goto(f"{live_server.url}/typing/employees/{world.outsider.pk}/")
    assert response is not None and response.status == 404  # a trainee of another cohort
    expect(page.get_by_text(world.outsider.name)).to_have_count(0)


def test_time_up_hands_in_the_committed_text_without_the_pinyin_being_composed(live_server, world, page: Page):
    passage = TypingPassage.objects.get(title=seed.PASSAGES[0][0])
    page.clock.install()
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server.url, "trainee")
    page.goto(f"{live_server.url}/typing/passages/{passage.pk}/")
    page.locator("#typing-input").click()
    page.keyboard.insert_text("亲，您好！")
    # An IME is still composing "huan" (not yet 欢) when the time runs out.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.imeSetComposition", {"text": "huan", "selectionStart": 4, "selectionEnd": 4})
    expect(page.locator("#typing-input")).to_have_value("亲，您好！huan")
    expect(page.locator("#typing-count")).to_have_text("5")  # pinyin is not typing

    page.clock.run_for(passage.duration_seconds * 1000 + 1000)
    expect(page).to_have_url(re.compile(r"/typing/results/\d+/$"))
    result = TypingResult.objects.get(employee=world.trainee)
    assert result.typed_text == "亲，您好！"
    assert (result.characters, result.correct_characters, result.accuracy) == (5, 5, Decimal("100.0"))
