"""Knowledge-update demo: a 双11 campaign rule change to every veteran (the refresher group and the
mentors), with a quiz on platform rules, corrected once (version 2); half of the veterans have
confirmed version 2 and some passed its quiz. The `mentor` login has not confirmed yet, to try it."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.utils import timezone

from assessments.models import Category
from employees.models import Employee, Tier
from knowledge.models import Receipt, Version
from knowledge.services import Audience, QuizSpec, confirm, publish_update, publish_version

from ._demo_assessments import take

SHANGHAI = ZoneInfo("Asia/Shanghai")
BODY_V1 = """<p>本次大促（双 11）店铺活动规则如下，请所有老员工在截止日前阅读并确认：</p>
<ul>
<li>跨店满减：每满 300 减 50，可与店铺优惠券叠加；</li>
<li>价格保护：活动开始后 15 天内降价可申请保价，只退差价；</li>
<li>预售商品：定金不退，尾款支付时间为 11 月 1 日 20:00 起。</li>
</ul>
<p>接待时请使用<b>统一口径</b>，不得向买家承诺“全网最低”。</p>"""
BODY_V2 = BODY_V1.replace("每满 300 减 50", "每满 300 减 40").replace("15 天", "30 天")


def _at(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=SHANGHAI)


def load(*, hr: User) -> None:
    rng = random.Random(11)
    today = timezone.localdate()
    update = publish_update(
        category="campaign",
        audience=Audience(tiers=[Tier.VETERAN]),
        named=[],
        title="双 11 大促活动规则",
        body=BODY_V1,
        deadline=today + timedelta(days=2),
        quiz=QuizSpec(questions=5, category=Category.objects.filter(code="platform-rules").first(), pass_mark=80),
        requires_refresher=False,
        by=hr,
    )
    v2 = publish_version(
        update=update,
        title="双 11 大促活动规则（更正）",
        body=BODY_V2,
        change_note="跨店满减更正为每满 300 减 40；价格保护期改为 30 天。",
        deadline=today + timedelta(days=2),
        quiz=QuizSpec(questions=5, category=Category.objects.filter(code="platform-rules").first(), pass_mark=80),
        by=hr,
    )
    Version.objects.filter(update=update, number=1).update(published_at=_at(today - timedelta(days=4), 9))
    Version.objects.filter(pk=v2.pk).update(published_at=_at(today - timedelta(days=2), 10))
    update.refresh_from_db()
    people = list(
        Employee.objects.filter(knowledge_updates__update=update)
        .exclude(user__username="mentor")
        .order_by("employee_no")
    )
    # Half of all recipients confirmed version 2 (a day ago); most of them sat the quiz.
    for i, employee in enumerate(people[: (len(people) + 1) // 2]):
        when = _at(today - timedelta(days=1), 10 + i % 6)
        confirm(update=update, employee=employee, version_number=2, now=when)
        Receipt.objects.filter(version=v2, employee=employee).update(read_at=when - timedelta(minutes=8))
        if v2.quiz is not None and i % 4 != 3:
            take(v2.quiz, employee, when + timedelta(minutes=5), skill=0.9 if i % 3 else 0.55, rng=rng, grader=None)
    # Others opened it without confirming.
    for i, employee in enumerate(people[(len(people) + 1) // 2 :][:2]):
        Receipt.objects.get_or_create(
            version=v2, employee=employee, defaults={"read_at": _at(today - timedelta(days=1), 15 + i)}
        )
