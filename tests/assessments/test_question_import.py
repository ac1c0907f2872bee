"""Importing questions from Excel: the file checks, every problem by row and column, all-or-nothing
saving, the pending upload between preview and confirm, the template, access, and the seeded bank."""

from __future__ import annotations

import os
import time
import uuid
import zipfile
from collections import Counter
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from assessments.models import Category, Choice, Question, QuestionType
from assessments.question_import import (
    EXAMPLE_MARK,
    MAX_BYTES,
    MAX_ROWS,
    XLSX_CONTENT_TYPE,
    ImportRefusedError,
    check_choices,
    import_questions,
    keep_upload,
    purge_stale_uploads,
    read_questions,
)
from assessments.seeds.questions import QUESTIONS
from tests.conftest import login_as

pytestmark = pytest.mark.django_db

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
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    if headers is not None:
        sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


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


@pytest.fixture(autouse=True)
def _english_and_media(settings, tmp_path, client):
    """Messages are checked in English (the catalogue may translate them later); uploads go to tmp."""
    settings.MEDIA_ROOT = tmp_path
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


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


# ---------------------------------------------------------------------------- a good file


def test_a_good_file_imports_every_type(client, world, settings):
    login_as(client, world, "hr")
    before = counts()

    response = upload(client, xlsx(GOOD))

    assert response.status_code == 200
    assert problems_in(response) == []
    token = response.context["token"]
    assert token is not None
    assert counts() == before, "the preview must not save"
    assert len(pending_files(settings)) == 2  # the user's folder and the file

    response = client.post(reverse("question_import_confirm", kwargs={"token": token}))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:assessments_question_changelist") + "?id__gte=")
    changelist = client.get(response["Location"])
    assert changelist.status_code == 200
    assert {q.text for q in changelist.context["cl"].result_list} == {row[4] for row in GOOD}
    assert "7 questions were imported into the bank." in [str(m) for m in get_messages(response.wsgi_request)]
    assert counts() == (before[0] + 7, before[1] + 8)
    assert [p for p in pending_files(settings) if p.endswith((".xlsx", ".claimed"))] == []

    single = Question.objects.get(text=GOOD[0][4])
    assert (single.type, single.category.code, single.difficulty, single.points) == (
        "single",
        "platform-rules",
        1,
        Decimal("1.0"),
    )
    assert single.explanation == "买家确认收货后才打款。"
    assert [(c.order, c.text, c.is_correct) for c in single.choices.all()] == [
        (0, "卖家", False),
        (1, "支付宝", True),
        (2, "快递公司", False),
        (3, "淘宝客服", False),
    ]

    multiple = Question.objects.get(text=GOOD[1][4])
    assert (multiple.type, multiple.category.code, multiple.difficulty, multiple.points) == (
        "multiple",
        "returns",
        2,
        Decimal("2.5"),
    )
    assert [c.is_correct for c in multiple.choices.all()] == [True, True, False, True]

    answers = {text: Question.objects.get(text=text) for text in (GOOD[2][4], GOOD[3][4], GOOD[4][4])}
    assert [(q.type, q.true_false_answer, q.difficulty) for q in answers.values()] == [
        ("true_false", True, 3),
        ("true_false", False, 2),
        ("true_false", False, 1),
    ]
    assert not Choice.objects.filter(question__in=answers.values()).exists()

    blank = Question.objects.get(text=GOOD[5][4])
    assert (blank.type, blank.points, blank.accepted_list()) == (
        "fill",
        Decimal("2.0"),
        ["卖家备注", "备注", "Seller memo"],
    )

    essay = Question.objects.get(text=GOOD[6][4])
    assert (essay.type, essay.reference_answer, essay.true_false_answer) == (
        "short",
        "安抚致歉；查询物流；约定跟进时间。",
        None,
    )

    for question in Question.objects.filter(text__startswith="新题"):
        question.full_clean()


def test_trainers_can_import(client, world):
    login_as(client, world, "trainer")
    before = counts()
    token = upload(client, xlsx(GOOD[:2])).context["token"]
    response = client.post(reverse("question_import_confirm", kwargs={"token": token}))
    assert response.status_code == 302
    assert counts() == (before[0] + 2, before[1] + 8)


def test_excel_numbers_and_booleans_are_read_as_values():
    rows = [
        q("数字选项", options=(100, 7.5, 3.0, "四"), answer="c", difficulty=3.0, points=2),
        q("布尔判断", category="handbook", type="判断", options=(), answer=True),
        q("数字填空 ____", category="product", type="fill", options=(), answer=42),
    ]
    result = read(xlsx(rows))
    assert result.problems == []
    numbers, boolean, number_fill = result.rows
    assert [text for _letter, text, _ok in numbers.choices] == ["100", "7.5", "3", "四"]
    assert (numbers.correct, numbers.difficulty, numbers.points) == ("C", 3, Decimal("2.0"))
    assert boolean.true_false is True
    assert number_fill.accepted == ["42"]


def test_english_headers_and_types_are_accepted():
    headers = ["Category", "Type", "Difficulty", "Points", "Question", *[f"Option {x}" for x in "ABCDEF"], "Answer"]
    rows = [["platform-rules", "single choice", "hard", 1, "英文表头的题", "甲", "乙", None, None, None, None, "A"]]
    result = read(xlsx(rows, headers))
    assert result.problems == []
    assert (result.rows[0].type, result.rows[0].difficulty) == (QuestionType.SINGLE, 3)


# ---------------------------------------------------------------------------- bad files: nothing saved


def _zip(members: dict[str, bytes]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


FILE_CASES = [
    ("csv", "questions.csv", "分类,题型\n平台规则,单选\n".encode(), "Only Excel workbooks (.xlsx) can be imported"),
    ("old xls", "questions.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "old-format Excel file (.xls)"),
    ("broken zip", "questions.xlsx", b"PK\x03\x04" + b"\x13" * 400, "damaged"),
    ("not a zip", "questions.xlsx", b"<html>not excel</html>", "not really an Excel workbook"),
    (
        "word file renamed",
        "questions.xlsx",
        _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
        "not an Excel workbook",
    ),
    ("empty", "questions.xlsx", b"", "The file is empty"),
    ("too large", "questions.xlsx", b"PK" + b"\0" * MAX_BYTES, "the limit is 5 MB"),
    ("too many rows", "questions.xlsx", None, "more than 2,000 questions"),
    ("header only", "questions.xlsx", xlsx([]), "no questions"),
    ("empty sheet", "questions.xlsx", xlsx([], headers=None), "Row 1 of the first sheet is empty"),
]


@pytest.mark.parametrize(("case", "name", "data", "expected"), FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_an_unreadable_file_is_refused_with_a_clear_message(client, world, settings, case, name, data, expected):
    if data is None:
        data = xlsx([q(f"第 {i} 题") for i in range(MAX_ROWS + 1)])
    login_as(client, world, "hr")
    before = counts()

    response = upload(client, data, name)

    assert response.status_code == 200
    assert response.templates[0].name == "assessments/import/upload.html"
    [(row, _column, message)] = problems_in(response)
    assert row is None
    assert expected in message
    assert expected in response.content.decode()
    assert counts() == before
    assert pending_files(settings) == []


def test_a_file_of_exactly_the_row_limit_is_read():
    result = read(xlsx([q(f"第 {i} 题") for i in range(MAX_ROWS)]))
    assert len(result.rows) == MAX_ROWS
    assert result.problems == []


HEADER_CASES = [
    ("missing column", [h for h in HEADERS if h != "答案"], "答案", "The column “答案” is missing"),
    ("column twice", [*HEADERS, "question"], "question", "appears twice (also as “题目”)"),
]


@pytest.mark.parametrize(("case", "headers", "column", "expected"), HEADER_CASES, ids=[c[0] for c in HEADER_CASES])
def test_a_wrong_header_row_is_refused(client, world, case, headers, column, expected):
    login_as(client, world, "hr")
    before = counts()
    response = upload(client, xlsx([q()[: len(headers)]], headers))
    assert any(row == 1 and col == column and expected in message for row, col, message in problems_in(response))
    assert counts() == before


def seeded(code: str) -> str:
    return next(row["text"] for row in QUESTIONS if row["category"] == code)


ROW_CASES: list[tuple[str, list[list[Any]], tuple[int, str, str]]] = [
    ("unknown column", [q()], (1, "备注", "Unknown column “备注”")),
    ("unknown category", [q(category="不存在的分类")], (2, "分类", "Unknown category “不存在的分类”")),
    ("empty category", [q(category=None)], (2, "分类", "The category is empty")),
    ("unknown type", [q(type="问答选择")], (2, "题型", "Unknown question type “问答选择”")),
    ("bad difficulty", [q(difficulty="很难")], (2, "难度", "易, 中 or 难")),
    ("zero points", [q(points=0)], (2, "分值", "at least 0.5")),
    ("points not a number", [q(points="两分")], (2, "分值", "must be a number")),
    ("points with two decimals", [q(points=1.25)], (2, "分值", "at most one decimal place")),
    ("empty question", [q(None)], (2, "题目", "The question text is empty")),
    ("answer names an empty option", [q(options=("甲", "乙"), answer="C")], (2, "答案", "names option C, but “选项C”")),
    ("answer is not letters", [q(answer="G")], (2, "答案", "option letters (A to F)")),
    ("single with two correct", [q(answer="AB")], (2, "答案", "exactly one correct option; this one has 2")),
    (
        "multiple with one correct",
        [q(type="多选", answer="A")],
        (2, "答案", "at least 2 correct options; this one has 1"),
    ),
    ("one option only", [q(options=("唯一",), answer="A")], (2, "选项A", "at least 2 options; this one has 1")),
    ("gap in the options", [q(options=("甲", None, "丙"), answer="A")], (2, "选项B", "without gaps")),
    ("same option twice", [q(options=("甲", "乙", "甲 "), answer="A")], (2, "选项C", "same as option A")),
    ("formula in the question", [q("=A1&B1")], (2, "题目", "Formulas are not accepted")),
    ("formula in the answer", [q(answer='="B"')], (2, "答案", "Formulas are not accepted")),
    ("empty answer", [q(answer=None)], (2, "答案", "The answer is empty")),
    ("bad true/false", [q(type="判断", options=(), answer="也许")], (2, "答案", "must be 对 or 错")),
    (
        "options on a true/false question",
        [q(type="判断", options=("对", "错"), answer="对")],
        (2, "选项A", "Only single and multiple choice questions have options"),
    ),
    ("fill without answers", [q(type="填空", options=(), answer="| ；")], (2, "答案", "at least one accepted answer")),
    ("short without reference", [q(type="简答", options=(), answer=" ")], (2, "答案", "reference answer is empty")),
    ("duplicate in the file", [q("同一道题"), q("同一道 题")], (3, "题目", "already in row 2")),
    (
        "already in the category",
        [q(seeded("platform-rules"))],
        (2, "题目", "already in the bank under “平台规则”"),
    ),
    ("example row left in", [q(f"{EXAMPLE_MARK}示例题")], (2, "题目", "example row of the template")),
    ("value in a column without header", [[*q(), None, "多余"]], (2, "O", "has values but no header")),
]


@pytest.mark.parametrize(("case", "rows", "expected"), ROW_CASES, ids=[c[0] for c in ROW_CASES])
def test_a_bad_row_is_reported_by_row_and_column_and_nothing_is_saved(client, world, settings, case, rows, expected):
    headers = [*HEADERS, "备注"] if case == "unknown column" else HEADERS
    login_as(client, world, "hr")
    before = counts()

    response = upload(client, xlsx(rows + [q("另一道没有问题的题")], headers))

    assert response.status_code == 200
    row, column, text = expected
    found = problems_in(response)
    assert any(r == row and c == column and text in m for r, c, m in found), found
    assert response.context.get("token") is None
    assert "Nothing has been imported" in response.content.decode()
    assert counts() == before
    assert pending_files(settings) == []


def test_every_problem_is_collected_not_just_the_first():
    rows = [
        q("好的一题"),
        q("坏的一题", category="没有", answer="Z", points=-1),
        [None] * len(HEADERS),  # a blank row is skipped but keeps Excel's numbering
        q(None, type="判断", options=("多余",), answer="不知道"),
    ]
    result = read(xlsx(rows))
    by_row = Counter(p.row for p in result.problems)
    assert by_row == {3: 3, 5: 3}
    assert [(p.row, p.column) for p in result.problems] == [
        (3, "分类"),
        (3, "分值"),
        (3, "答案"),
        (5, "题目"),
        (5, "选项A"),
        (5, "答案"),
    ]
    assert [r.has_problems for r in result.rows] == [False, True, True]


def test_the_service_refuses_to_save_a_file_with_problems():
    result = read(xlsx([q(answer="AB")]))
    before = counts()
    with pytest.raises(ImportRefusedError):
        import_questions(result=result)
    assert counts() == before


def test_reading_costs_two_queries_however_long_the_file(django_assert_num_queries):
    short_file, long_file = xlsx([q(f"题 {i}") for i in range(5)]), xlsx([q(f"题 {i}") for i in range(200)])
    # 1. the categories  2. the texts already in the file's categories
    with django_assert_num_queries(2):
        assert read(short_file).ok
    with django_assert_num_queries(2):
        assert read(long_file).ok


# ---------------------------------------------------------------------------- the upload between preview and confirm


def test_confirming_with_another_users_token_is_a_404(client, world, settings):
    login_as(client, world, "hr")
    token = upload(client, xlsx(GOOD)).context["token"]
    before = counts()

    client.force_login(world.trainer)
    response = client.post(reverse("question_import_confirm", kwargs={"token": token}))

    assert response.status_code == 404
    assert counts() == before
    # The owner's file is untouched and still imports.
    client.force_login(world.hr)
    assert client.post(reverse("question_import_confirm", kwargs={"token": token})).status_code == 302
    assert counts()[0] == before[0] + len(GOOD)


def test_unknown_used_or_malformed_tokens_are_404s(client, world):
    login_as(client, world, "hr")
    token = upload(client, xlsx(GOOD[:1])).context["token"]
    assert client.post(reverse("question_import_confirm", kwargs={"token": uuid.uuid4()})).status_code == 404
    assert client.post(reverse("question_import_confirm", kwargs={"token": token})).status_code == 302
    before = counts()
    assert client.post(reverse("question_import_confirm", kwargs={"token": token})).status_code == 404  # used
    assert client.post("/questions/import/../../etc/passwd/").status_code == 404
    assert client.post("/questions/import/not-a-token/").status_code == 404
    assert counts() == before


def test_confirm_reads_the_file_again_and_saves_nothing_if_the_bank_changed(client, world, settings):
    login_as(client, world, "hr")
    token = upload(client, xlsx(GOOD)).context["token"]
    Question.objects.create(category=Category.objects.get(code="returns"), type="true_false", text=GOOD[2][4])
    before = counts()

    response = client.post(reverse("question_import_confirm", kwargs={"token": token}))

    assert response.status_code == 200
    assert "the bank has changed since the preview" in response.content.decode()
    assert any(row == 4 and "already in the bank" in message for row, _c, message in problems_in(response))
    assert counts() == before
    assert [p for p in pending_files(settings) if p.endswith((".xlsx", ".claimed"))] == []


def test_uploads_nobody_confirmed_are_removed_after_a_day(world, settings):
    token = keep_upload(user_id=world.hr.pk, upload=ContentFile(b"PK", name="q.xlsx"))
    path = settings.MEDIA_ROOT / "imports" / str(world.hr.pk) / f"{token}.xlsx"
    assert purge_stale_uploads() == 0
    two_days_ago = time.time() - 2 * 86400
    os.utime(path, (two_days_ago, two_days_ago))
    assert purge_stale_uploads() == 1
    assert not path.exists()


# ---------------------------------------------------------------------------- the template


def test_the_template_downloads_and_reimports_cleanly_once_filled(client, world):
    login_as(client, world, "hr")
    response = client.get(reverse("question_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]

    workbook = load_workbook(BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert workbook.sheetnames == ["题目", "说明", "lists"]
    assert workbook["lists"].sheet_state == "hidden"
    assert [c.value for c in sheet[1]] == HEADERS
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["E"].width == 50
    assert {str(v.sqref) for v in sheet.data_validations.dataValidation} == {"A2:A2001", "B2:B2001", "C2:C2001"}
    examples = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in examples] == ["单选", "多选", "判断", "填空", "简答"]

    # As downloaded, the example rows are refused (so they never reach the bank)…
    untouched = upload(client, response.content, "题目导入模板.xlsx")
    assert {(row, message) for row, _c, message in problems_in(untouched)} >= {
        (n, "This is an example row of the template. Replace it with your own question, or delete the row.")
        for n in range(2, 7)
    }

    # …and once filled with one's own questions the same file imports cleanly.
    for number in range(2, 7):
        cell = sheet.cell(row=number, column=5)
        cell.value = cell.value.replace(EXAMPLE_MARK, "培训部新题：")
    filled = BytesIO()
    workbook.save(filled)
    before = counts()
    preview = upload(client, filled.getvalue(), "题目导入模板.xlsx")
    assert problems_in(preview) == []
    client.post(reverse("question_import_confirm", kwargs={"token": preview.context["token"]}))
    assert counts() == (before[0] + 5, before[1] + 8)
    assert Counter(Question.objects.filter(text__startswith="培训部新题").values_list("type", flat=True)) == {
        "single": 1,
        "multiple": 1,
        "true_false": 1,
        "fill": 1,
        "short": 1,
    }


# ---------------------------------------------------------------------------- access and the admin


@pytest.mark.parametrize("persona", ["trainee", "mentor", "outsider"])
def test_other_roles_get_403(client, world, persona):
    login_as(client, world, persona)
    token = keep_upload(user_id=world.hr.pk, upload=ContentFile(b"PK", name="q.xlsx"))
    assert client.get(reverse("question_import")).status_code == 403
    assert upload(client, xlsx(GOOD)).status_code == 403
    assert client.get(reverse("question_import_template")).status_code == 403
    assert client.post(reverse("question_import_confirm", kwargs={"token": token})).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    response = client.get(reverse("question_import"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_upload_page_explains_the_columns(client, world):
    login_as(client, world, "trainer")
    page = client.get(reverse("question_import")).content.decode()
    assert reverse("question_import_template") in page
    assert "选项A – 选项F" in page
    assert 'enctype="multipart/form-data"' in page


def test_the_question_changelist_links_to_the_import(client, world):
    login_as(client, world, "hr")
    page = client.get(reverse("admin:assessments_question_changelist")).content.decode()
    assert reverse("question_import") in page


def test_the_admin_refuses_a_single_choice_question_with_two_correct_options(client, world):
    login_as(client, world, "hr")
    before = counts()
    data = {
        "category": Category.objects.get(code="returns").pk,
        "type": "single",
        "text": "后台新增的题",
        "difficulty": 1,
        "points": "1",
        "is_active": "on",
        "true_false_answer": "unknown",
        "choices-TOTAL_FORMS": "2",
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
        "choices-0-order": "0",
        "choices-0-text": "甲",
        "choices-0-is_correct": "on",
        "choices-1-order": "1",
        "choices-1-text": "乙",
        "choices-1-is_correct": "on",
    }
    response = client.post(reverse("admin:assessments_question_add"), data)
    assert response.status_code == 200
    assert "exactly one correct option" in response.content.decode()
    assert counts() == before

    data.pop("choices-1-is_correct")
    assert client.post(reverse("admin:assessments_question_add"), data).status_code == 302
    assert counts() == (before[0] + 1, before[1] + 2)


# ---------------------------------------------------------------------------- the seeded bank

MINIMUMS = {
    ("handbook", "single"): 10,
    ("handbook", "true_false"): 6,
    ("platform-rules", "single"): 10,
    ("platform-rules", "multiple"): 4,
    ("platform-rules", "fill"): 2,
    ("returns", "single"): 6,
    ("returns", "multiple"): 3,
    ("returns", "true_false"): 2,
    ("product", "single"): 6,
    ("product", "fill"): 2,
    ("scripts", "true_false"): 6,
    ("scripts", "short"): 3,
    ("systems", "single"): 10,
    ("systems", "multiple"): 4,
    ("systems", "true_false"): 5,
    ("systems", "fill"): 3,
    ("systems", "short"): 3,
}


def test_the_seeded_bank_meets_the_minimum_per_category_and_type():
    have = Counter(Question.objects.filter(is_active=True).values_list("category__code", "type"))
    short_of = {key: (have[key], wanted) for key, wanted in MINIMUMS.items() if have[key] < wanted}
    assert not short_of, short_of
    assert Question.objects.count() >= len(QUESTIONS)


def test_every_seeded_question_is_valid():
    seeded_texts = {row["text"] for row in QUESTIONS}
    questions = Question.objects.filter(text__in=seeded_texts).prefetch_related("choices")
    assert questions.count() == len(QUESTIONS) == len(seeded_texts)
    for question in questions:
        question.full_clean()
        choices = [(c.text, c.is_correct) for c in question.choices.all()]
        assert check_choices(question.type, choices) == [], question.text
        assert question.explanation, question.text
        if question.type == QuestionType.SINGLE:
            assert len(choices) == 4, question.text
        if question.type == QuestionType.MULTIPLE:
            assert 4 <= len(choices) <= 5, question.text
        if question.type == QuestionType.FILL:
            assert all(len(answer) <= 10 for answer in question.accepted_list()), question.text
        if question.type == QuestionType.SHORT:
            assert len(question.reference_answer) > 50, question.text
