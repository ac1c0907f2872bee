"""Quality-check demo data: live staff's chats scored over the last three weeks against the default sheet,
by HR and by the trainer who trained them; one red line (站外导流) for the demo mentor's live mentee, one item
missed twice within a week (both ask for a refresher), and one passed check for the demo trainee."""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from employees.models import Employee, Status
from quality.models import Item, Platform, ScoreSheet
from quality.services import CheckInput, HitInput, score_check
from quality.sheets import DEFAULT_CODE

CHATS = [
    "顾客：这款连衣裙有 M 码吗？\n客服：有的亲，M 码现货。\n顾客：什么时候发货？\n客服：今天下单 48 小时内发货哦～",
    "顾客：我的快递三天没动了。\n客服：稍等我查一下。\n……（20 分钟后）\n顾客：还在吗？\n客服：物流在中转，请再等等。",
    "顾客：收到的杯子有裂纹。\n客服：非常抱歉给您带来不便！麻烦拍一张照片，我马上为您登记补发。",
    "顾客：能便宜点吗？\n客服：亲，这已经是活动价了，现在下单还送杯垫一个哦。\n顾客：好吧，那我拍了。",
    "顾客：退货运费谁出？\n客服：不关我事，你去问快递。\n顾客：你这什么态度？",
    "顾客：尺码偏大还是偏小？\n客服：标准尺码，按平时穿的选就可以。\n顾客：好的，谢谢。\n客服：不客气，祝您购物愉快～",
]
OFF_PLATFORM = "顾客：这个能再便宜点吗？\n客服：平台上不好改价，你加我微信 wx_xxx，私下给你便宜点。\n顾客：好的。"
SMALL_MISSES = [
    "att-no-greeting",
    "att-no-closing",
    "resp-first-slow",
    "proc-no-rating-invite",
    "proc-no-notes",
    "pro-facts-unchecked",
    "sale-no-recommendation",
    "resp-no-follow-up",
]


def load(*, hr: User, trainer: User, trainer2: User) -> None:
    sheet = ScoreSheet.objects.get(code=DEFAULT_CODE, is_active=True)
    items = {item.code: item for item in Item.objects.filter(category__sheet=sheet).select_related("category")}
    today = timezone.localdate()
    rng = random.Random(9)

    def score(
        employee: Employee, by: User, days_ago: int, *codes: str, note: str = "", comment: str = "", excerpt: str = ""
    ) -> None:
        usable = [c for c in codes if items[c].category.applies_to(employee.position_class)]
        score_check(
            employee=employee,
            sheet=sheet,
            by=by,
            data=CheckInput(
                chat_date=today - timedelta(days=days_ago),
                platform=rng.choice([Platform.TAOBAO, Platform.TAOBAO, Platform.DOUYIN, Platform.JD]),
                session_ref=f"{rng.randint(10**15, 10**16 - 1)}",
                excerpt=excerpt or rng.choice(CHATS),
                comment=comment,
                hits=[HitInput(items[c].pk, note if i == 0 else "") for i, c in enumerate(usable)],
            ),
        )

    # Live staff trained in the September cohort (trainer2's) and the mentors already at work.
    live = list(
        Employee.objects.filter(status=Status.LIVE, enrollments__cohort__trainers=trainer2)
        .distinct()
        .order_by("employee_no")
    )
    for n, employee in enumerate(live):
        for k in range(3):
            misses = rng.sample(SMALL_MISSES, rng.choice([0, 1, 1, 2]))
            score(employee, trainer2 if k % 2 else hr, 3 + 6 * k + n % 4, *misses)

    mentors = Employee.objects.filter(status=Status.LIVE, mentees__isnull=False).distinct().order_by("employee_no")
    for n, mentor in enumerate(mentors):
        score(mentor, hr, 2 + n, *rng.sample(SMALL_MISSES, 1), comment="整体规范，注意细节。")

    demo_mentor = Employee.objects.filter(user__username="mentor").first()
    if demo_mentor is not None:
        mentee = next((e for e in live if e.mentor_id == demo_mentor.pk), None)
        if mentee is not None:
            # A red line: the chat scores 0 and a refresher is asked for (the mentor is told).
            score(
                mentee,
                hr,
                1,
                "red-off-platform",
                "att-no-closing",
                note="主动让顾客“加我微信，私下给你便宜点”。",
                excerpt=OFF_PLATFORM,
                comment="触碰红线：站外导流。已约谈，安排回炉平台规则。",
            )
    if len(live) > 2:
        # The same item missed twice within a week: a refresher is asked for.
        score(live[2], trainer2, 4, "pro-wrong-answer", note="把 7 天无理由退货说成 15 天。")
        score(live[2], hr, 1, "pro-wrong-answer", "att-no-greeting", note="赠品规则答错。")

    if len(live) > 4:
        # Blame-shifting and a banned phrase: below the pass mark without a red line.
        score(
            live[4],
            trainer2,
            2,
            "att-shifting-blame",
            "att-forbidden-words",
            note="“不关我事，你去问快递。”",
            excerpt=CHATS[4],
            comment="态度问题，建议跟踪辅导。",
        )

    trainee = Employee.objects.filter(user__username="trainee").first()
    if trainee is not None:
        score(trainee, trainer, 0, "att-no-closing", comment="试岗第一次质检：接待耐心，记得使用结束语。")
