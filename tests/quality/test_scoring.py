"""The score of a chat, computed by the server from the items hit on the default 100-point sheet."""

from __future__ import annotations

from decimal import Decimal

import pytest

from employees.models import PositionClass
from quality.scoring import Hit, compute
from tests.quality.helpers import default_sheet, item

pytestmark = pytest.mark.django_db


def score(position_class: str, *codes: str):
    sheet = default_sheet()
    return compute(
        categories=list(sheet.categories.all()),
        position_class=position_class,
        hits=[Hit.of(item(code)) for code in codes],
        total_points=sheet.total_points,
        pass_mark=sheet.pass_mark,
    )


def test_a_clean_chat_scores_the_full_100():
    result = score(PositionClass.PRE_SALE)
    assert (result.total, result.passed, result.red_line) == (Decimal("100.0"), True, False)


def test_deductions_are_taken_from_the_full_score():
    # 无欢迎语 −3, 答复错误 −15.
    assert score(PositionClass.PRE_SALE, "att-no-greeting", "pro-wrong-answer").total == Decimal("82.0")


def test_deductions_stop_at_the_points_of_their_category():
    # 响应时效 is worth 20: −5 −10 −10 −10 = −35 takes only 20.
    result = score(
        PositionClass.PRE_SALE, "resp-first-slow", "resp-wait-no-apology", "resp-no-follow-up", "resp-missed-question"
    )
    assert result.total == Decimal("80.0")


def test_a_bonus_adds_points_but_never_beyond_the_full_score():
    assert score(PositionClass.PRE_SALE, "att-no-greeting", "att-warm-closing").total == Decimal("100.0")
    assert score(PositionClass.PRE_SALE, "pro-wrong-answer", "att-warm-closing").total == Decimal("90.0")


def test_sales_counts_for_pre_sale_only_and_the_others_are_scaled_to_100():
    # Without 销售能力 an after-sale chat is out of 90: −15 leaves 75 of 90, 83.3 of 100.
    assert score(PositionClass.AFTER_SALE, "pro-wrong-answer").total == Decimal("83.3")
    assert score(PositionClass.AFTER_SALE).total == Decimal("100.0")
    # A sales item hit for after-sale staff does not count (the service refuses it before scoring).
    assert score(PositionClass.AFTER_SALE, "sale-no-recommendation").total == Decimal("100.0")
    assert score(PositionClass.PRE_SALE, "sale-no-recommendation").total == Decimal("95.0")


def test_a_red_line_zeroes_the_chat_and_fails_it_whatever_else_was_hit():
    result = score(PositionClass.PRE_SALE, "att-warm-closing", "red-off-platform")
    assert (result.total, result.passed, result.red_line) == (Decimal("0.0"), False, True)


def test_the_pass_mark_itself_passes():
    assert score(PositionClass.PRE_SALE, "resp-wait-no-apology", "resp-no-follow-up").passed  # 80
    assert not score(PositionClass.PRE_SALE, "resp-wait-no-apology", "resp-no-follow-up", "att-no-greeting").passed
