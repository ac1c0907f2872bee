"""Promotion demo data: a mentor of the Tmall team nominated by HR and in the promotion cohort 储备干部一期, half-way:
the rota handed in and scored, the weekly report handed in, the mentee named (go-live still to come), the
calibration still to do; 360 feedback with three peers and the self-assessment answered (the two subordinates who
answered stay hidden), the demo mentor asked as lead; three goals; the panel defence scored by three judges."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from employees.models import Employee
from promotion.models import FeedbackRequest, Relation
from promotion.selectors import eligibility_of
from promotion.services import (
    answer_feedback,
    nominate,
    request_feedback,
    save_goal,
    score_defence,
    score_practical,
    set_defence,
    start_promotion_cohort,
    submit_practical,
)
from training.models import Enrollment

ROTA = [
    "早班 09:00–18:00：周敏、王芳；晚班 14:00–23:00：李强",
    "早班：王芳、赵磊；晚班：李强、孙丽",
    "早班：周敏、赵磊；晚班：孙丽",
    "早班：王芳；晚班：李强、赵磊（上新日加一人）",
    "早班：周敏、孙丽；晚班：李强、王芳",
    "大促预热：早班三人，晚班三人，23:00 后一人值守",
    "早班：赵磊；晚班：孙丽",
]


def load(*, hr: User, trainer: User, trainer2: User, mentors: list[Employee]) -> None:
    today = timezone.localdate()
    candidate_employee, lead = mentors[1], mentors[0]
    eligible = eligibility_of(candidate_employee, today=today).eligible
    candidate = nominate(
        employee=candidate_employee,
        reason="带教新人耐心，双十一期间主动协调排班，询单转化率连续三个月达标。",
        waiver="" if eligible else "店长推荐：团队扩编急需组长。",
        by=hr,
        today=today,
    )
    start_promotion_cohort(
        candidates=[candidate],
        name="储备干部一期",
        start_date=today - timedelta(days=7),
        trainers=[trainer],
        location="5 楼会议室",
        by=hr,
    )
    candidate.refresh_from_db()
    me = candidate_employee.user

    submit_practical(candidate=candidate, kind="rota", by=me, week_grid=ROTA, text="周六大促预热：晚班加一人机动。")
    score_practical(candidate=candidate, kind="rota", score=85, comment="高峰覆盖合理，备班写清楚了。", by=trainer)
    submit_practical(
        candidate=candidate,
        kind="report",
        by=me,
        text="本周询单转化率 52.3%（上周 49.8%），平均响应 38 秒；退款率上升 0.4 个百分点，原因是尺码问题，"
        "下周更新尺码话术并在周会复盘。",
    )
    mentee = Enrollment.objects.filter(employee__mentor=candidate_employee, cohort__tier="new_hire").first()
    if mentee is not None:
        submit_practical(candidate=candidate, kind="mentoring", by=trainer, mentee=mentee)

    deadline = today + timedelta(days=7)
    peers = [m.user for m in mentors[2:5]]
    subordinates = list(User.objects.filter(employee__mentor=candidate_employee).order_by("employee__employee_no")[:2])
    request_feedback(
        candidate=candidate,
        raters=[
            *[(p, Relation.PEER) for p in peers],
            *[(s, Relation.SUBORDINATE) for s in subordinates],
            (lead.user, Relation.LEAD),
            (me, Relation.SELF),
        ],
        deadline=deadline,
        by=hr,
    )
    answers = {
        peers[0].pk: ([5, 4, 4, 4, 5], "大促时主动帮大家顶班。"),
        peers[1].pk: ([4, 4, 5, 3, 4], "规则很熟，偶尔有点急。"),
        peers[2].pk: ([4, 5, 4, 4, 5], ""),
        me.pk: ([4, 4, 4, 3, 4], "数据分析还要加强。"),
        **{s.pk: ([5, 5, 4, 4, 5], "教得很耐心。") for s in subordinates},
    }
    for request in FeedbackRequest.objects.filter(candidate=candidate, rater_id__in=answers):
        given, comment = answers[request.rater_id]
        answer_feedback(request=request, answers=given, comment=comment, by=request.rater)

    save_goal(
        candidate=candidate, by=me, title="独立完成一份月度数据复盘", due_date=today + timedelta(days=20), progress=50
    )
    save_goal(
        candidate=candidate, by=me, title="带教新人通过上岗考核", due_date=today + timedelta(days=30), progress=25
    )
    save_goal(candidate=candidate, by=hr, title="完成大促排班方案", due_date=today, progress=100, done=True)

    defence = set_defence(candidate=candidate, held_on=today, judges=[hr, trainer, trainer2], by=hr)
    keys = ("review", "data", "team", "problems", "answers")
    for judge, marks, comment in (
        (hr, (8, 7, 9, 8, 8), "带团队意识强。"),
        (trainer, (9, 8, 9, 9, 8), "数据讲得清楚。"),
        (trainer2, (6, 5, 7, 6, 7), "对退款率的分析不够深入。"),
    ):
        score_defence(defence=defence, judge=judge, marks=dict(zip(keys, marks, strict=True)), comment=comment)
