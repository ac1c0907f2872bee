"""Importing questions from Excel: a good file of every type previewed then saved, the pending upload
between preview and confirm, and the template."""

from __future__ import annotations

import os
import time
import uuid
from collections import Counter
from decimal import Decimal
from io import BytesIO

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Category, Choice, Question, QuestionType
from assessments.question_import import EXAMPLE_MARK, XLSX_CONTENT_TYPE, keep_upload, purge_stale_uploads
from tests.assessments.question_files import GOOD, HEADERS, counts, pending_files, problems_in, q, read, upload, xlsx
from tests.conftest import login_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_and_media")]


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
