"""Question files and the steps of an import through the pages, for the question-import tests
(test_question_import*.py). Their environment, messages in English and uploads in a temporary folder,
is the `english_and_media` fixture of this folder's conftest.py."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Choice, Question
from assessments.question_import import XLSX_CONTENT_TYPE, read_questions
from tests.spreadsheets import one_sheet

HEADERS = ["分类", "题型", "难度", "分值", "题目", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "答案", "解析"]


def q(
    text: str = "新题：担保交易中货款先由谁保管？",
    *,
    category: Any = "平台规则",
    type: Any = "单选",
    options: tuple[Any, ...] = ("卖家", "支付宝", "快递公司", "淘宝客服"),
    answer: Any = "B",
    difficulty: Any = None,
    points: Any = None,
    explanation: Any = None,
) -> list[Any]:
    """One row in the template's column order."""
    return [category, type, difficulty, points, text, *options, *[None] * (6 - len(options)), answer, explanation]


def xlsx(rows: list[list[Any]], headers: list[Any] | None = HEADERS, title: str = "题目") -> bytes:
    return one_sheet(rows, headers, title)


GOOD = [
    q(explanation="买家确认收货后才打款。"),
    q(
        "新题：以下哪些商品不适用七天无理由退货？",
        category="returns",  # by code
        type="multiple",
        options=("定作的窗帘", "鲜活易腐的水果", "未拆封的 T 恤", "交付的报纸"),
        answer="Ａ，Ｂ、 d",  # full-width letters, spaces and separators
        difficulty=2,  # a number, as Excel gives it
        points=2.5,
    ),
    q("新题：七天无理由退货从签收次日起算。", category="退换货", type="判断", options=(), answer="对", difficulty="难"),
    q("新题：退货运费一律由卖家承担。", category="退换货", type="判断题", options=(), answer="×", difficulty="中"),
    q("新题：买家留言卖家看不到。", category="系统操作", type="true_false", options=(), answer=False),
    q(
        "新题：订单上只有卖家能看到的说明叫作____。",
        category="系统操作",
        type="填空",
        options=(),
        answer="卖家备注 | 备注；Seller memo",
        points=2,
    ),
    q(
        "新题：买家催物流时怎样回复？",
        category="客服话术",
        type="简答",
        options=(),
        answer="安抚致歉；查询物流；约定跟进时间。",
        points=5,
        explanation="看是否共情、是否给出时间。",
    ),
]


def counts() -> tuple[int, int]:
    return Question.objects.count(), Choice.objects.count()


def upload(client, data: bytes, name: str = "questions.xlsx"):
    return client.post(reverse("question_import"), {"file": SimpleUploadedFile(name, data, XLSX_CONTENT_TYPE)})


def problems_in(response) -> list[tuple[int | None, str, str]]:
    context = response.context
    problems = context["result"].problems if "result" in context else context["problems"]
    return [(p.row, p.column, p.message) for p in problems]


def pending_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT / "imports"
    return [str(p) for p in root.rglob("*")] if root.exists() else []


def read(data: bytes, name: str = "q.xlsx"):
    return read_questions(BytesIO(data), name=name)
