"""Helpers for the knowledge-update tests: veterans at work, a small question bank, publishing."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from assessments.models import Attempt, Category
from employees.models import Employee, PositionClass, Status, Tier
from knowledge.models import Update
from knowledge.services import Audience, QuizSpec, publish_update
from tests.assessments.exam_fixtures import correct_response, make_bank
from tests.factories import EmployeeFactory, UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Monday 2026-11-16, 10:00; updates published then are due on Friday 2026-11-20.
MONDAY = datetime(2026, 11, 16, 10, 0, tzinfo=SHANGHAI)
DEADLINE = date(2026, 11, 20)


def at(moment: datetime):
    return time_machine.travel(moment, tick=False)


def veteran(name: str, *, team: str = "天猫旗舰店", position: str = PositionClass.PRE_SALE, **fields) -> Employee:
    fields.setdefault("status", Status.LIVE)
    return EmployeeFactory(
        user=UserFactory(roles=["trainee"]), name=name, tier=Tier.VETERAN, team=team, position_class=position, **fields
    )


def bank() -> Category:
    """4 single choice, 1 multiple, 1 true / false, 1 fill in (and 1 short answer, never drawn)."""
    return make_bank()


def publish(
    by,
    *,
    tiers=(Tier.VETERAN,),
    positions=(),
    teams=(),
    named=(),
    quiz: QuizSpec | None = None,
    title: str = "618 大促规则变更",
    requires_refresher: bool = False,
    deadline: date = DEADLINE,
) -> Update:
    return publish_update(
        category="campaign",
        audience=Audience(tiers=list(tiers), position_classes=list(positions), teams=list(teams)),
        named=list(named),
        title=title,
        body="<p>满减规则：<b>每满 300 减 50</b></p><script>alert(1)</script>",
        deadline=deadline,
        quiz=quiz,
        requires_refresher=requires_refresher,
        by=by,
    )


def pass_quiz(attempt: Attempt) -> Attempt:
    """Answer every question of an open attempt correctly and submit it."""
    from assessments.exams import save_answer, submit_attempt

    for n, answer in enumerate(attempt.answers.all(), start=1):
        save_answer(attempt=attempt, order=answer.order, raw=correct_response(answer), save_number=n)
    return submit_attempt(attempt=attempt)
