"""A few starter competencies, linked to the exams and plans that certify them. HR changes validity, exams
and plans in the admin afterwards; ``install`` never touches a competency that exists (by code)."""

from __future__ import annotations

from typing import Any

COMPETENCIES: list[dict[str, Any]] = [
    {
        "code": "platform-rules",
        "name": "平台规则",
        "description": "平台交易与处罚规则、广告法用语、站外导流等红线。规则常变，每年复证。",
        "validity_months": 12,
        "position_classes": [],
        "exams": ["business-knowledge", "refresher-exam"],
        "plans": ["veteran-refresher-10"],
    },
    {
        "code": "returns-after-sale",
        "name": "退换货与售后",
        "description": "七天无理由退货、换货、退款与运费规则，售后挽回与纠纷处理。",
        "validity_months": 12,
        "position_classes": [],
        "exams": ["business-knowledge", "refresher-exam"],
        "plans": ["veteran-refresher-10"],
    },
    {
        "code": "product-knowledge",
        "name": "商品知识",
        "description": "本店商品的规格、材质、尺码与卖点。上新频繁，每半年复证。",
        "validity_months": 6,
        "position_classes": [],
        "exams": ["business-knowledge", "refresher-review-quiz", "refresher-exam"],
        "plans": ["veteran-refresher-10"],
    },
    {
        "code": "service-skills",
        "name": "沟通与进阶服务",
        "description": "投诉处理、安抚与致歉话术、主动销售与评价处理。",
        "validity_months": 12,
        "position_classes": [],
        "exams": ["refresher-exam"],
        "plans": ["veteran-refresher-10"],
    },
    {
        "code": "systems",
        "name": "系统操作",
        "description": "千牛工作台、订单处理、客户备注与售后工单。",
        "validity_months": 24,
        "position_classes": [],
        "exams": ["business-systems"],
        "plans": [],
    },
    {
        "code": "team-leading",
        "name": "带队与数据管理",
        "description": "储备干部：客服数据指标、排班、质检与带教。",
        "validity_months": 24,
        "position_classes": [],
        "exams": ["promotion-exam"],
        "plans": ["promotion-8"],
    },
]


def install(apps: Any) -> None:
    Competency = apps.get_model("career", "Competency")  # noqa: N806
    Exam = apps.get_model("assessments", "Exam")  # noqa: N806
    PlanTemplate = apps.get_model("training", "PlanTemplate")  # noqa: N806
    for spec in COMPETENCIES:
        if Competency.objects.filter(code=spec["code"]).exists():
            continue
        competency = Competency.objects.create(
            code=spec["code"],
            name=spec["name"],
            description=spec["description"],
            validity_months=spec["validity_months"],
            position_classes=spec["position_classes"],
        )
        competency.exams.set(Exam.objects.filter(code__in=spec["exams"]))
        competency.plans.set(PlanTemplate.objects.filter(code__in=spec["plans"]))


def install_all(apps: Any) -> None:
    """The questions, the exams on the refresher and promotion plans, then the competencies."""
    from . import exams, questions

    questions.install(apps)
    exams.install(apps)
    install(apps)
