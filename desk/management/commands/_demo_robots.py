"""Group robot demo data: a DingTalk robot for the running cohort and a WeCom robot for the Tmall shop team,
both switched off and pointing at made-up tokens, so the demo never posts anywhere; a few messages in their
logs (one delivered, one refused by the platform) show what HR sees."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from robots.markdown import Digest, split_markdown
from robots.models import DeliveryStatus, Event, Platform, Robot, RobotDelivery
from robots.services import save_robot
from training.models import Cohort


def load(*, hr: User, running: Cohort) -> None:
    now = timezone.now()
    today = timezone.localdate()
    cohort_robot = save_robot(
        robot=Robot(
            name=f"{running.name} · 钉钉群",
            platform=Platform.DINGTALK,
            cohort=running,
            webhook="https://oapi.dingtalk.com/robot/send?access_token=demo0000000000000000000000000000",
            secret="SECdemo00000000000000000000000000",
            events=[Event.DAILY_PLAN, Event.EXAM_EVE, Event.CHECK_OFF, Event.EXAM_RESULTS],
            active=False,
        ),
        by=hr,
    )
    team_robot = save_robot(
        robot=Robot(
            name="天猫旗舰店 · 企业微信群",
            platform=Platform.WECOM,
            team="天猫旗舰店",
            webhook="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=demo-0000-0000-0000-000000000000",
            events=[Event.KNOWLEDGE_UPDATE, Event.KNOWLEDGE_LATE],
            active=False,
        ),
        by=hr,
    )
    plan = Digest(f"{running.name} · 今日安排", ["- 09:00–12:00 售前接待话术 · 培训室 A · 李雪（培训师）"])
    RobotDelivery.objects.create(
        robot=cohort_robot,
        kind=Event.DAILY_PLAN,
        day=today - timedelta(days=1),
        title=plan.title,
        parts=split_markdown(plan, 20_000),
        parts_sent=1,
        status=DeliveryStatus.SENT,
        sent_at=now - timedelta(days=1),
    )
    late = Digest("天猫旗舰店 · 知识更新逾期名单", ["- **双 11 价保规则**", "  王芳、刘洋"])
    RobotDelivery.objects.create(
        robot=team_robot,
        kind=Event.KNOWLEDGE_LATE,
        day=today,
        title=late.title,
        parts=split_markdown(late, 4000),
        status=DeliveryStatus.FAILED,
        attempts=1,
        errcode=93000,
        errmsg="errcode 93000: invalid webhook url",
    )
    Robot.objects.filter(pk=cohort_robot.pk).update(last_ok_at=now - timedelta(days=1))
    Robot.objects.filter(pk=team_robot.pk).update(
        last_error="errcode 93000: invalid webhook url", last_error_at=now - timedelta(hours=1)
    )
