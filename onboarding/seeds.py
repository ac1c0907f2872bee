"""Starter data of the pre-onboarding step, from the new-hire training deck's 入职前准备 (the deck in the
project's source documents: the handbook with its reading requirement and quiz, the internal groups to
join, company culture and CS duties).

Chinese, because it is the shops' own material, not interface text; HR edits it in the admin afterwards.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from assessments.seeds.questions import single, true_false

GATED_PLAN = "new-hire-16"

CHECKLIST: list[tuple[str, str]] = [
    ("已收到工作账号", "千牛 / 旺旺客服子账号、企业邮箱、内部系统账号均能正常登录"),
    ("已加入部门群", "客服部门群：排班、交接和部门通知"),
    ("已加入公司群", "公司大群：公司动态与全员通知"),
    ("已加入培训群", "本批次培训群：培训安排、资料和考试通知"),
]

# More handbook questions for the quiz's pool, so that a retake draws other questions.
QUESTIONS: list[dict[str, Any]] = [
    single(
        "handbook",
        "《新员工手册》包含哪些内容？",
        [
            "公司概况、规章制度、岗位职责、产品知识和客服话术",
            "只有公司的发展历史",
            "只有商品价格表",
            "只有考勤打卡规定",
        ],
        "A",
        "手册涵盖公司概况、规章制度、岗位职责、产品知识、客服话术等，要求认真阅读并通过手册考核。",
    ),
    single(
        "handbook",
        "入职前需要加入哪些公司内部群？",
        ["只加部门群", "客服部门群、公司大群和培训群", "只加培训群", "不需要加任何群"],
        "B",
        "入职前准备要求加入客服部门群、公司大群、培训群等内部通讯群组。",
    ),
    single(
        "handbook",
        "关于公司内部群的群规，正确的做法是：",
        [
            "群消息太多可以长期屏蔽不看",
            "遵守群规，保持通讯畅通，及时回应群内信息",
            "可以在群里发布个人广告",
            "可以把群里的内部通知转发给买家",
        ],
        "B",
        "群规要求遵守群规、保持通讯畅通、及时回应；内部信息不得外传。",
    ),
    single(
        "handbook",
        "公司内部群的主要作用是：",
        ["与同事沟通、了解公司动态、获取工作信息", "与买家聊天成交", "发布商品链接", "私下交易"],
        "A",
        "内部群用于与同事沟通、了解公司动态、获取工作信息；接待买家只在平台的客服工具里进行。",
    ),
    single(
        "handbook",
        "客服岗位要求具备的职业素养是：",
        [
            "高度的责任心、耐心、细心和团队协作精神",
            "只要打字够快",
            "只要会推销高价商品",
            "只要能说会道",
        ],
        "A",
        "了解公司文化与客服职责时，手册强调责任心、耐心、细心和团队协作精神。",
    ),
    true_false(
        "handbook",
        "收到的工作账号（如千牛子账号、企业邮箱）应在第 1 天培训前确认能正常登录。",
        True,
        "账号有问题要在入职前告诉 HR，否则第 1 天无法跟上培训和实操。",
    ),
    true_false(
        "handbook",
        "《新员工手册》翻一翻就行，不通过手册测验也可以参加第 1 天培训。",
        False,
        "确认已读手册并通过手册测验后，第 1 天培训才会开放。",
    ),
    true_false(
        "handbook",
        "公司大群里的工作通知与客服无关，可以不看。",
        False,
        "公司群里有公司动态和全员通知，要保持通讯畅通、及时查看。",
    ),
]


def install(apps: Any, *, today: date) -> None:
    """Idempotent: the gated plan by plan, checklist items by label, questions by (category, text)."""
    PlanTemplate = apps.get_model("training", "PlanTemplate")  # noqa: N806
    GatedPlan = apps.get_model("onboarding", "GatedPlan")  # noqa: N806
    ChecklistItem = apps.get_model("onboarding", "ChecklistItem")  # noqa: N806
    Category = apps.get_model("assessments", "Category")  # noqa: N806
    Question = apps.get_model("assessments", "Question")  # noqa: N806
    Choice = apps.get_model("assessments", "Choice")  # noqa: N806

    plan = PlanTemplate.objects.filter(code=GATED_PLAN).first()
    if plan is not None:
        GatedPlan.objects.get_or_create(plan=plan, defaults={"required_from": today})
    for order, (label, hint) in enumerate(CHECKLIST):
        ChecklistItem.objects.get_or_create(label=label, defaults={"hint": hint, "order": order})

    category = Category.objects.filter(code="handbook").first()
    if category is None:
        return
    existing = set(Question.objects.filter(category=category).values_list("text", flat=True))
    for row in QUESTIONS:
        if row["text"] in existing:
            continue
        question = Question.objects.create(
            category=category,
            type=row["type"],
            text=row["text"],
            difficulty=row.get("difficulty", 1),
            points=row.get("points", 1),
            true_false_answer=row.get("answer"),
            explanation=row.get("explanation", ""),
        )
        Choice.objects.bulk_create(
            Choice(question=question, text=text, is_correct=correct, order=i)
            for i, (text, correct) in enumerate(row.get("choices", []))
        )
