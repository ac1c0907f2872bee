"""Coaching demo data: the finished September cohort's trial-post logs (days 11–15, written by each
trainee's mentor), a coaching plan after go-live owned by the demo mentor with one check-in, a reward HR
approved and a penalty still waiting for HR."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone

from coaching.services import GoalRow, create_plan, decide_reward, propose_reward, record_check_in, save_trial_post_log
from employees.models import Employee, Status
from training.models import Cohort

PROBLEMS = ["", "", "退换货运费规则不熟，问了师傅", "大促活动叠加规则答错一次", "高峰期回复慢，有顾客催"]


def load(*, september: Cohort, hr: User, trainer: User, mentors: list[Employee]) -> None:
    rng = random.Random(9)
    today = timezone.localdate()
    live = []
    for enrollment in september.enrollments.select_related("employee__mentor", "plan").order_by(
        "employee__employee_no"
    ):
        employee = enrollment.employee
        if employee.status != Status.LIVE or employee.mentor is None:
            continue
        live.append(employee)
        # The trial post opened on day 11 (day 10 was the retake day): five of its six days are logged.
        for day in range(11, 16):
            save_trial_post_log(
                enrollment=enrollment,
                day_number=day,
                mentor=employee.mentor,
                chats_handled=rng.randint(25, 60) + 5 * (day - 11),
                problems=rng.choice(PROBLEMS),
                score=rng.choice([3, 4, 4, 5]),
                note="",
                today=today,
            )
    demo_mentor = mentors[0]  # the "mentor" login
    mentee = next((e for e in live if e.mentor_id == demo_mentor.pk), live[0])
    plan = create_plan(
        employee=mentee,
        reason="上线后第一个月跟踪辅导：高峰期响应偏慢，售后退款规则仍需巩固。",
        owner=demo_mentor.user,
        goals=[
            GoalRow("平均响应时间降到 30 秒以内", today - timedelta(days=3)),
            GoalRow("独立处理退款纠纷，不再转交师傅", today + timedelta(days=10)),
            GoalRow("差评率低于 1%", today + timedelta(days=24)),
        ],
        next_check_in=today,
        by=hr,
    )
    first = plan.goals.order_by("due_date").first()
    record_check_in(
        plan=plan,
        on=today - timedelta(days=3),
        note="响应时间已到 28 秒，目标达成；退款纠纷还会转交，约好下周一起复盘两单。",
        status="on_track",
        goals_done=[first.pk] if first else [],
        next_check_in=today + timedelta(days=4),
        by=demo_mentor.user,
    )
    reward = propose_reward(
        employee=mentee,
        kind="reward",
        reason="双十一期间接待量全组第一，零差评。",
        points=20,
        amount=Decimal("300"),
        evidence_text="11 月 11 日接待 412 位顾客，好评率 100%，店铺后台截图已存档。",
        by=demo_mentor.user,
    )
    decide_reward(item=reward, approve=True, by=hr, note="")
    other = next((e for e in live if e.pk != mentee.pk), None)
    if other is not None:
        propose_reward(
            employee=other,
            kind="penalty",
            reason="一周内两次在回复中使用“不可能”等服务禁语。",
            points=5,
            evidence_text="质检抽查记录，12 月第一周。",
            by=trainer,
        )
