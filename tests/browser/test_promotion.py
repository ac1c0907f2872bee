"""HR decides a promotion from the dossier (on a phone, 375 px, though it is HR's desk page): the eligibility,
the practicals, the 360 groups (peers shown, subordinates hidden below three raters), the judges' trimmed
mean; HR promotes with a reason and sees the result. A rater answers the 360 form on the phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from promotion.models import Candidate, FeedbackRequest, Relation
from promotion.services import (
    answer_feedback,
    request_feedback,
    save_goal,
    score_defence,
    score_practical,
    set_defence,
    submit_practical,
)
from tests.browser.conftest import log_in
from tests.factories import UserFactory
from tests.promotion.promotion_data import in_training

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
KEYS = ("review", "data", "team", "problems", "answers")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def no_overflow(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def half_way(world) -> tuple[Candidate, User]:
    candidate = in_training(world)
    me = candidate.employee.user
    submit_practical(candidate=candidate, kind="rota", by=me, week_grid=["早班：甲乙；晚班：丙"] * 7)
    score_practical(candidate=candidate, kind="rota", score=88, comment="高峰覆盖合理", by=world.trainer)
    peers = [UserFactory(roles=["mentor"]) for _ in range(3)]
    subs = [UserFactory(roles=["trainee"]) for _ in range(3)]
    deadline = timezone.localdate() + timedelta(days=7)
    request_feedback(
        candidate=candidate,
        raters=[*[(p, Relation.PEER) for p in peers], *[(s, Relation.SUBORDINATE) for s in subs]],
        deadline=deadline,
        by=world.hr,
    )
    for rater in [*peers, *subs[:2]]:
        feedback = FeedbackRequest.objects.get(rater=rater)
        answer_feedback(request=feedback, answers=[4, 5, 4, 4, 5], comment="大促时主动顶班", by=rater)
    save_goal(candidate=candidate, by=me, title="独立完成月度数据复盘", due_date=deadline, progress=50)
    defence = set_defence(
        candidate=candidate,
        held_on=timezone.localdate(),
        judges=[world.hr, world.trainer, world.other_trainer],
        by=world.hr,
    )
    for judge, mark in ((world.hr, 8), (world.trainer, 9), (world.other_trainer, 5)):
        score_defence(defence=defence, judge=judge, marks=dict.fromkeys(KEYS, mark))
    return candidate, subs[2]


def test_hr_decides_a_promotion_from_the_dossier(live_server, world, page: Page, shoot):
    candidate, _ = half_way(world)
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server.url, "hr")
    page.goto(f"{live_server.url}{reverse('promotion_dossier', args=[candidate.pk])}")
    expect(page.locator(".feedback-group[data-relation='peer']")).to_contain_text("4.0 / 5")
    expect(page.locator(".feedback-group[data-relation='subordinate'] .hidden-group")).to_contain_text("少于 3 人")
    expect(page.locator(".defence-result")).to_contain_text("80.0")
    expect(page.locator(".practicals")).to_contain_text("88")
    no_overflow(page)
    shoot(page, "promotion-dossier-375-zh")

    form = page.locator("form.decision-form")
    form.locator("input[name=verdict][value=promote]").check()
    form.locator("textarea[name=reason]").fill("实操与答辩均优秀，团队认可度高")
    form.locator("input[name=promoted_to]").fill("售前组长")
    form.locator("button[type=submit]").click()

    expect(page.locator(".candidate-status")).to_contain_text("售前组长")
    expect(page.locator(".decisions")).to_contain_text("实操与答辩均优秀")
    expect(page.locator("form.decision-form")).to_have_count(0)
    no_overflow(page)
    shoot(page, "promotion-decided-375-zh")
    candidate.refresh_from_db()
    assert candidate.verdict == "promote" and candidate.promoted_to == "售前组长"

    page.goto(f"{live_server.url}{reverse('promotion_practical', args=[candidate.pk, 'rota'])}")
    expect(page.locator(".practical-score")).to_contain_text("88")
    no_overflow(page)
    shoot(page, "promotion-rota-375-zh")
    page.goto(f"{live_server.url}{reverse('promotion_candidates')}?show=decided")
    expect(page.locator(".candidate-row")).to_contain_text("陈组长候选")
    no_overflow(page)
    shoot(page, "promotion-candidates-375-zh")


def test_a_rater_answers_the_360_form_on_the_phone(live_server, world, page: Page, shoot):
    candidate, rater = half_way(world)
    rater.set_password("pw-for-tests-1")
    rater.save()
    feedback = FeedbackRequest.objects.get(rater=rater)
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server.url, rater.username)
    page.goto(f"{live_server.url}{reverse('promotion_mine')}")
    page.locator(".my-requests a").first.click()
    for i in range(5):
        page.locator(f"input[name=q{i}][value='4']").check()
    no_overflow(page)
    shoot(page, "promotion-360-answer-375-zh")
    page.locator("form.feedback-form button[type=submit]").click()
    expect(page.locator(".my-requests")).to_contain_text("已作答")
    feedback.refresh_from_db()
    assert feedback.answered_at is not None and feedback.answers == [4, 4, 4, 4, 4]
