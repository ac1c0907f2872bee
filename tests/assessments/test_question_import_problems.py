"""Importing questions from Excel, what is refused: unreadable files and wrong headers with a clear
message, every problem of every row by row and column, and nothing saved."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from assessments.question_import import EXAMPLE_MARK, MAX_BYTES, MAX_ROWS, ImportRefusedError, import_questions
from assessments.seeds.questions import QUESTIONS
from tests.assessments.question_files import HEADERS, counts, pending_files, problems_in, q, read, upload, xlsx
from tests.conftest import login_as
from tests.spreadsheets import zipped

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_and_media")]


# ---------------------------------------------------------------------------- bad files: nothing saved


FILE_CASES = [
    ("csv", "questions.csv", "分类,题型\n平台规则,单选\n".encode(), "Only spreadsheets (.xlsx, .xls, .ods) can be"),
    (
        "broken xls",
        "questions.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
        "could not be read as a spreadsheet",
    ),
    ("broken zip", "questions.xlsx", b"PK\x03\x04" + b"\x13" * 400, "damaged"),
    ("not a zip", "questions.xlsx", b"<html>not excel</html>", "not really a spreadsheet"),
    (
        "word file renamed",
        "questions.xlsx",
        zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
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
