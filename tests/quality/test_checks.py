"""Scoring a chat (the service): what it refuses, what it stores, and the refreshers that red lines and
repeated misses ask for, once."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from career.models import NeedSource, RefresherNeed
from career.signals import refresher_assigned
from employees.models import PositionClass, Status
from quality.models import CheckHit, QualityCheck
from quality.services import CheckInput, HitInput, QualityError, rescore_check, score_check
from quality.sheets import new_version
from tests.quality.helpers import check, default_sheet, item

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def told():
    """The employees the career signal announced a new refresher for (after the commit)."""
    sent: list[int] = []

    def receiver(sender, need, **kwargs):
        sent.append(need.employee_id)

    refresher_assigned.connect(receiver)
    yield sent
    refresher_assigned.disconnect(receiver)


def quality_needs(employee) -> list[RefresherNeed]:
    return list(RefresherNeed.objects.filter(employee=employee, source=NeedSource.QUALITY))


def edit(c: QualityCheck, by, *codes: str, **changes) -> QualityCheck:
    data = CheckInput(
        chat_date=changes.get("on", c.chat_date),
        platform=c.platform,
        excerpt=c.excerpt,
        comment=changes.get("comment", c.comment),
        hits=[HitInput(item(code, c.sheet).pk) for code in codes],
    )
    return rescore_check(check=c, data=data, by=by)


def test_the_server_computes_the_total_and_keeps_the_items_as_scored(world):
    c = check(
        world.trainee, world.trainer, "att-no-greeting", "pro-wrong-answer", notes={"pro-wrong-answer": "尺码答错"}
    )
    c.refresh_from_db()
    assert (c.total, c.passed, c.red_line) == (Decimal("82.0"), True, False)
    assert c.checker == world.trainer
    hits = {h.item.code: h for h in c.hits.select_related("item")}
    assert hits["pro-wrong-answer"].points == -15 and hits["pro-wrong-answer"].note == "尺码答错"
    assert "无欢迎语或欢迎语不规范 -3" in c.items_hit


def test_a_red_line_scores_zero_and_asks_for_one_refresher_however_often_the_check_is_saved(
    world, told, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        c = check(world.trainee, world.trainer, "red-privacy", "att-warm-closing")
    assert (c.total, c.passed, c.red_line) == (Decimal("0.0"), False, True)
    needs = quality_needs(world.trainee)
    assert len(needs) == 1 and "泄露客户信息" in needs[0].reason
    assert told == [world.trainee.pk]

    # Saved again (a comment added), then again with a second red line: still the one refresher, told once.
    with django_capture_on_commit_callbacks(execute=True):
        edit(c, world.trainer, "red-privacy", comment="已与本人沟通")
        edit(c, world.hr, "red-privacy", "red-abuse")
    assert len(quality_needs(world.trainee)) == 1
    assert told == [world.trainee.pk]


def test_two_red_lines_in_two_checks_ask_twice(world):
    check(world.trainee, world.trainer, "red-off-platform")
    check(world.trainee, world.trainer, "red-false-promise")
    assert len(quality_needs(world.trainee)) == 2


def test_a_clean_or_merely_failed_check_asks_for_nothing(world):
    c = check(world.trainee, world.trainer, "pro-wrong-answer", "pro-no-solution")  # 75: failed
    assert not c.passed
    assert quality_needs(world.trainee) == []


def test_the_same_item_missed_twice_within_7_days_asks_for_a_refresher_once(
    world, told, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        check(world.trainee, world.trainer, "att-no-greeting", on=today - timedelta(days=6))
        assert quality_needs(world.trainee) == []
        second = check(world.trainee, world.trainer, "att-no-greeting", "pro-wrong-answer", on=today)
        # A third miss in the same week, and saving the second again, ask nothing new.
        check(world.trainee, world.hr, "att-no-greeting", on=today - timedelta(days=3))
        edit(second, world.trainer, "att-no-greeting")
    needs = quality_needs(world.trainee)
    assert len(needs) == 1
    # Stored in the portal's language (Chinese), whoever scored the check.
    assert needs[0].reason.startswith("“无欢迎语或欢迎语不规范”在 7 天内两次扣分：")
    assert needs[0].reason.endswith("复训：客服话术")
    assert told == [world.trainee.pk]


def test_misses_a_week_apart_or_of_different_items_ask_for_nothing(world):
    today = timezone.localdate()
    check(world.trainee, world.trainer, "att-no-greeting", on=today - timedelta(days=7))
    check(world.trainee, world.trainer, "att-no-greeting", on=today)
    check(world.trainee, world.trainer, "att-no-closing", on=today - timedelta(days=1))
    check(world.outsider, world.hr, "att-no-closing", on=today)  # another employee's miss
    assert quality_needs(world.trainee) == [] and quality_needs(world.outsider) == []


def test_a_miss_weeks_later_starts_a_new_run(world):
    today = timezone.localdate()
    for days_ago in (30, 28, 2, 0):
        check(world.trainee, world.trainer, "proc-no-notes", on=today - timedelta(days=days_ago))
    assert len(quality_needs(world.trainee)) == 2


def test_a_repeated_miss_is_recognised_across_versions_of_the_sheet(world):
    old = default_sheet()
    check(world.trainee, world.trainer, "att-no-greeting", sheet=old)
    new = new_version(sheet=old)
    check(world.trainee, world.trainer, "att-no-greeting", sheet=new)
    assert len(quality_needs(world.trainee)) == 1


def test_everything_wrong_is_refused_together_and_nothing_is_saved(world):
    old = default_sheet()
    new_version(sheet=old)
    old.refresh_from_db()
    data = CheckInput(
        chat_date=timezone.localdate() + timedelta(days=1),
        platform="wechat",
        excerpt="  ",
        hits=[HitInput(item("att-no-greeting", old).pk)],  # an item of the version no longer in use
    )
    with pytest.raises(QualityError) as refused:
        score_check(employee=world.trainee, sheet=old, data=data, by=world.trainer)
    assert "no longer in use" in str(refused.value)
    with pytest.raises(QualityError) as refused:
        score_check(employee=world.trainee, sheet=default_sheet(), data=data, by=world.trainer)
    message = str(refused.value)
    for part in ("future", "platform", "Paste the part", "not an item of this score sheet"):
        assert part in message, message
    assert not QualityCheck.objects.exists() and not CheckHit.objects.exists()


def test_a_sales_item_is_refused_for_after_sale_staff(world):
    world.trainee.position_class = PositionClass.AFTER_SALE
    world.trainee.save()
    with pytest.raises(QualityError, match="does not count for After-sale staff"):
        check(world.trainee, world.trainer, "sale-no-recommendation")


def test_people_who_left_are_not_checked(world):
    world.outsider.status = Status.LEFT
    world.outsider.save()
    with pytest.raises(QualityError, match="no longer checked"):
        check(world.outsider, world.hr)


def test_a_used_sheet_keeps_its_meaning_a_new_version_carries_the_changes(world):
    sheet = default_sheet()
    c = check(world.trainee, world.trainer, "pro-wrong-answer")
    assert sheet.is_used()
    copy = new_version(sheet=sheet)
    sheet.refresh_from_db()
    assert (sheet.is_active, copy.is_active, copy.version) == (False, True, 2)
    assert copy.categories.count() == sheet.categories.count()
    assert item("pro-wrong-answer", copy).pk != item("pro-wrong-answer", sheet).pk
    # HR makes the copy stricter; the old check and its total stay as scored.
    item("pro-wrong-answer", copy).__class__.objects.filter(pk=item("pro-wrong-answer", copy).pk).update(points=-20)
    c.refresh_from_db()
    assert c.total == Decimal("85.0") and c.sheet == sheet
    assert check(world.trainee, world.trainer, "pro-wrong-answer").total == Decimal("80.0")
