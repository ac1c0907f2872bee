"""The exams on the new-hire plan: the day-0 handbook quiz and the two day-9 pass exams."""

from __future__ import annotations

from typing import Any

PLAN = "new-hire-16"

EXAMS: list[dict[str, Any]] = [
    {
        "code": "handbook-quiz",
        "title": "新员工手册测验",
        "topic": "手册测验",
        "description": "读完《新员工手册》后作答。80 分及格，可考 3 次。",
        "time_limit_minutes": 20,
        "max_attempts": 3,
        "pass_mark": 80,
        "is_gate": False,
        "result_policy": "answers",
        "rules": [("handbook", "single", 6, 10), ("handbook", "true_false", 4, 10)],
    },
    {
        "code": "business-knowledge",
        "title": "过关考试：业务知识",
        "topic": "过关考试：业务知识",
        "description": "平台规则、退换货、商品知识与客服话术。80 分及格，共 2 次机会。",
        "time_limit_minutes": 45,
        "max_attempts": 2,
        "pass_mark": 80,
        "is_gate": True,
        "result_policy": "answers_when_final",
        "rules": [
            ("platform-rules", "single", 6, 3),
            ("returns", "single", 4, 3),
            ("product", "single", 4, 3),
            ("platform-rules", "multiple", 2, 6),
            ("returns", "multiple", 1, 6),
            ("scripts", "true_false", 4, 2),
            ("platform-rules", "fill", 1, 6),
            ("product", "fill", 1, 6),
            ("scripts", "short", 2, 10),
        ],
    },
    {
        "code": "business-systems",
        "title": "过关考试：业务系统操作",
        "topic": "过关考试：业务系统操作",
        "description": "千牛工作台、订单处理、客户备注与售后工单。80 分及格，共 2 次机会。",
        "time_limit_minutes": 40,
        "max_attempts": 2,
        "pass_mark": 80,
        "is_gate": True,
        "result_policy": "answers_when_final",
        "rules": [
            ("systems", "single", 8, 4),
            ("systems", "multiple", 3, 6),
            ("systems", "true_false", 4, 3),
            ("systems", "fill", 2, 4),
            ("systems", "short", 2, 15),
        ],
    },
]


def install(apps: Any, exams: list[dict[str, Any]] | None = None) -> None:
    """Idempotent by exam code. Needs the question categories and the standard plans. ``exams`` are specs
    like ``EXAMS`` (the default); a spec may name its own ``plan`` (the new-hire plan otherwise) and
    ``is_gate`` (not a gate otherwise)."""
    Exam = apps.get_model("assessments", "Exam")  # noqa: N806
    ExamRule = apps.get_model("assessments", "ExamRule")  # noqa: N806
    Category = apps.get_model("assessments", "Category")  # noqa: N806
    PlanItem = apps.get_model("training", "PlanItem")  # noqa: N806
    for spec in EXAMS if exams is None else exams:
        if Exam.objects.filter(code=spec["code"]).exists():
            continue
        plan = spec.get("plan", PLAN)
        item = PlanItem.objects.filter(template__code=plan, topic=spec["topic"]).order_by("day_number").first()
        exam = Exam.objects.create(
            code=spec["code"],
            title=spec["title"],
            item=item,
            description=spec["description"],
            time_limit_minutes=spec["time_limit_minutes"],
            max_attempts=spec["max_attempts"],
            pass_mark=spec["pass_mark"],
            is_gate=spec.get("is_gate", False),
            result_policy=spec["result_policy"],
        )
        ExamRule.objects.bulk_create(
            ExamRule(
                exam=exam, category=Category.objects.get(code=code), type=qtype, count=count, points=points, order=i
            )
            for i, (code, qtype, count, points) in enumerate(spec["rules"])
        )
