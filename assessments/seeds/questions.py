"""The starter question bank, drawn from the new-hire handbook and training deck (see docs).

QUESTIONS rows: category code, type, difficulty (1–3), points, text, and per type:
- single / multiple: "choices": [(text, is_correct), …]
- true_false: "answer": True / False
- fill: "accepted": [answer, …]
- short: "reference": reference answer
plus an optional "explanation".
"""

from __future__ import annotations

from typing import Any

CATEGORIES: list[tuple[str, str, str]] = [
    # code, name, description
    ("handbook", "公司制度与文化", "新员工手册：公司概况、企业文化、规章制度、岗位职责与服务规范。"),
    ("platform-rules", "平台规则", "淘宝 / 天猫 / 京东 / 抖音平台的交易规则与处罚规则。"),
    ("returns", "退换货", "七天无理由退货、换货、退款与运费规则。"),
    ("product", "商品知识", "本店商品的规格、材质、尺码与使用说明。"),
    ("scripts", "客服话术", "开场白、结束语、致歉、催付、安抚与快捷回复。"),
    ("systems", "系统操作", "千牛工作台、订单处理、客户备注与售后工单操作。"),
]

QUESTIONS: list[dict[str, Any]] = []


def install(apps: Any) -> None:
    """Idempotent: categories by code, questions by (category, text)."""
    Category = apps.get_model("assessments", "Category")  # noqa: N806
    Question = apps.get_model("assessments", "Question")  # noqa: N806
    Choice = apps.get_model("assessments", "Choice")  # noqa: N806
    categories = {}
    for order, (code, name, description) in enumerate(CATEGORIES):
        categories[code], _ = Category.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "order": order}
        )
    for row in QUESTIONS:
        category = categories[row["category"]]
        if Question.objects.filter(category=category, text=row["text"]).exists():
            continue
        question = Question.objects.create(
            category=category,
            type=row["type"],
            text=row["text"],
            difficulty=row.get("difficulty", 1),
            points=row.get("points", 1),
            true_false_answer=row.get("answer"),
            accepted_answers="\n".join(row.get("accepted", [])),
            reference_answer=row.get("reference", ""),
            explanation=row.get("explanation", ""),
        )
        Choice.objects.bulk_create(
            Choice(question=question, text=text, is_correct=correct, order=i)
            for i, (text, correct) in enumerate(row.get("choices", []))
        )
