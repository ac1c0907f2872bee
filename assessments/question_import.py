"""Import questions into the bank from an Excel workbook (.xlsx), and the template to fill in.

Reading and saving are separate, so that a person sees every problem before anything is written:

- ``read_questions`` opens an upload, checks the file, the header row and every cell of every row, and
  returns the parsed rows with *all* problems found, each with its row number and column header. It
  never writes.
- ``import_questions`` saves the rows of a file without problems in one transaction with bulk inserts:
  the whole file lands or nothing does.
- Between the preview and the confirmation the upload waits under
  ``MEDIA_ROOT/imports/<user id>/<uuid>.xlsx`` (``keep_upload`` / ``claim_upload``), so a token only
  ever finds its owner's file, and a confirmation consumes it.

The workbook is opened with ``data_only=False`` so that formulas are seen as formulas and refused: a
formula's cached value is whatever the last program to save the file computed, or nothing at all.
Problem messages are translated; the Chinese column headers are data (they are what the template says).
"""

from __future__ import annotations

import os
import re
import time as clock
import unicodedata
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from training.xlsx.upload import (
    Cell,
    CellError,
    Column,
    blank,
    cell_text,
    check_upload,
    drop_down,
    fold_word,
    guide_sheet,
    header_keys,
    header_labels,
    size_of,
    template_sheet,
    twice_message,
    unheaded_message,
    unreadable,
    wrap_rows,
)

from .models import CHOICE_TYPES, Category, Choice, Difficulty, Question, QuestionType

MAX_MB = 5
MAX_BYTES = MAX_MB * 1024 * 1024
MAX_ROWS = 2000
# A 5 MB zip can unpack to gigabytes; real question files unpack to a few megabytes.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_OPTION_LENGTH = 300
OPTION_LETTERS = "ABCDEF"
SHEET_NAME = "题目"
# The template's example rows start with this; such a row is refused so examples never reach the bank.
EXAMPLE_MARK = "【示例】"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PENDING_FOLDER = "imports"
PENDING_MAX_AGE = timedelta(days=1)

# ---------------------------------------------------------------------------- columns


OPTION_HELP = gettext_lazy(
    "Single and multiple choice only: at least two options, filled from 选项A onwards without gaps. "
    "Leave empty for other types."
)

COLUMNS: tuple[Column, ...] = (
    Column(
        "category",
        "分类",
        ("category", "类别", "题目分类"),
        True,
        16,
        gettext_lazy("The category's name or code, e.g. 平台规则 or platform-rules."),
    ),
    Column(
        "type",
        "题型",
        ("type", "question type", "类型"),
        True,
        8,
        gettext_lazy("单选, 多选, 判断, 填空 or 简答 (English also works: single, multiple, true_false, fill, short)."),
    ),
    Column(
        "difficulty",
        "难度",
        ("difficulty", "level"),
        False,
        8,
        gettext_lazy("易, 中 or 难 (or 1, 2, 3). Empty means 易."),
    ),
    Column(
        "points",
        "分值",
        ("points", "score", "分数"),
        False,
        8,
        gettext_lazy("A number of at least 0.5, with at most one decimal, e.g. 1 or 2.5. Empty means 1."),
    ),
    Column(
        "text",
        "题目",
        ("text", "question", "题干"),
        True,
        50,
        gettext_lazy("The question itself. Each question may appear only once in a category."),
    ),
    *(
        Column(
            f"option_{letter.lower()}",
            f"选项{letter}",
            (f"option {letter}", f"choice {letter}"),
            False,
            20,
            OPTION_HELP,
        )
        for letter in OPTION_LETTERS
    ),
    Column(
        "answer",
        "答案",
        ("answer", "正确答案", "参考答案"),
        True,
        14,
        gettext_lazy(
            "单选: one letter, e.g. B. 多选: the letters, e.g. ABD or A,B,D. 判断: 对 or 错. "
            "填空: every accepted answer, separated by | or ；. 简答: the reference answer for the grader."
        ),
    ),
    Column(
        "explanation",
        "解析",
        ("explanation", "答案解析"),
        False,
        40,
        gettext_lazy("Optional: why the answer is right. Trainees see it with the results."),
    ),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
OPTION_KEYS = tuple(f"option_{letter.lower()}" for letter in OPTION_LETTERS)


def column_guide() -> list[tuple[str, bool, Promise]]:
    """(header, required, what to write) for the upload page, with the six option columns as one line."""
    guide: list[tuple[str, bool, Promise]] = []
    for column in COLUMNS:
        if column.key == OPTION_KEYS[0]:
            first, last = COLUMN_BY_KEY[OPTION_KEYS[0]].header, COLUMN_BY_KEY[OPTION_KEYS[-1]].header
            guide.append((f"{first} – {last}", False, OPTION_HELP))
        elif column.key not in OPTION_KEYS:
            guide.append((column.header, column.required, column.help))
    return guide


def _fold(value: str) -> str:
    """Compare-form of a word: full-width to half-width, case and every space ignored."""
    return fold_word(value)


def _header_key(value: str) -> str:
    # "选项 A", "Option_A", "题目（必填）" and "答案*" all name their column.
    return re.sub(r"[_\-*]|\((必填|选填|可选)\)", "", _fold(value))


HEADER_KEYS: dict[str, str] = header_keys(COLUMNS, _header_key)

TYPE_WORDS: dict[str, str] = {
    _header_key(word): qtype
    for qtype, words in {
        QuestionType.SINGLE: ("单选", "单选题", "单项选择", "单项选择题", "single", "single choice"),
        QuestionType.MULTIPLE: ("多选", "多选题", "多项选择", "多项选择题", "multiple", "multiple choice", "multi"),
        QuestionType.TRUE_FALSE: ("判断", "判断题", "是非题", "true_false", "true/false", "true or false", "tf"),
        QuestionType.FILL: ("填空", "填空题", "fill", "fill in", "fill in the blank", "blank"),
        QuestionType.SHORT: ("简答", "简答题", "问答", "问答题", "short", "short answer"),
    }.items()
    for word in words
}

DIFFICULTY_WORDS: dict[str, int] = {
    _fold(word): level
    for level, words in {
        Difficulty.EASY: ("易", "简单", "容易", "低", "easy", "1"),
        Difficulty.MEDIUM: ("中", "中等", "一般", "medium", "2"),
        Difficulty.HARD: ("难", "困难", "较难", "高", "hard", "3"),
    }.items()
    for word in words
}

TRUE_WORDS = {_fold(w) for w in ("对", "正确", "是", "对的", "√", "✓", "✔", "true", "t", "yes", "y", "1")}
FALSE_WORDS = {_fold(w) for w in ("错", "错误", "否", "错的", "×", "✗", "✘", "✕", "x", "false", "f", "no", "n", "0")}

# ---------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file. ``row`` is the Excel row number; None for the file as a whole."""

    row: int | None
    column: str
    message: str
    position: int = field(default=0, compare=False)


@dataclass
class ParsedRow:
    """One question as read from the file; complete only when the file has no problems."""

    row: int
    category: Category | None = None
    category_label: str = ""
    type: str = ""
    type_label: str = ""
    difficulty: int = Difficulty.EASY
    points: Decimal = Decimal("1")
    text: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)  # (letter, text) of the filled options
    correct: str = ""  # letters of the correct options
    true_false: bool | None = None
    accepted: list[str] = field(default_factory=list)
    reference: str = ""
    explanation: str = ""
    has_problems: bool = False
    # What the file said in cells that could not be read (formulas, bad values), for the preview.
    shown: dict[str, str] = field(default_factory=dict)

    @property
    def choices(self) -> list[tuple[str, str, bool]]:
        """(letter, text, is correct) of each option, in order."""
        return [(letter, text, letter in self.correct) for letter, text in self.options]

    @property
    def text_label(self) -> str:
        return self.text or self.shown.get("text", "")

    @property
    def difficulty_label(self) -> str:
        return self.shown.get("difficulty") or str(Difficulty(self.difficulty).label)

    @property
    def points_label(self) -> str:
        return self.shown.get("points") or f"{self.points.normalize():f}"

    @property
    def answer_label(self) -> str:
        """The answer as the preview shows it; what the file said if it could not be read."""
        if self.type in CHOICE_TYPES and self.correct:
            return self.correct
        if self.type == QuestionType.TRUE_FALSE and self.true_false is not None:
            return _("True") if self.true_false else _("False")
        if self.type == QuestionType.FILL and self.accepted:
            return " | ".join(self.accepted)
        if self.type == QuestionType.SHORT and self.reference:
            return self.reference
        return self.shown.get("answer", "")


@dataclass
class ImportResult:
    rows: list[ParsedRow]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        """True when there is something to import and nothing wrong with it."""
        return bool(self.rows) and not self.problems

    def type_counts(self) -> list[tuple[str, int]]:
        """(type label, number of rows) in the bank's order of types, leaving out types with none."""
        counts = Counter(row.type for row in self.rows)
        return [(str(label), counts[value]) for value, label in QuestionType.choices if counts[value]]


def _refused(message: str) -> ImportResult:
    return ImportResult(rows=[], problems=[Problem(None, "", message)])


# ---------------------------------------------------------------------------- the bank's rules


def check_choices(question_type: str, choices: Sequence[tuple[str, bool]]) -> list[tuple[str, str]]:
    """What is wrong with a question's options, as (field, message) with field "options" or "answer".

    The bank's rules for options, kept in one place for the import, the admin and the tests of the
    seeded bank: a choice question has at least two options; single choice exactly one correct;
    multiple choice at least two correct; other types have no options at all.
    """
    found: list[tuple[str, str]] = []
    correct = sum(1 for _text, is_correct in choices if is_correct)
    if question_type in CHOICE_TYPES:
        if len(choices) < 2:
            found.append(
                (
                    "options",
                    _("A choice question needs at least 2 options; this one has %(count)s.") % {"count": len(choices)},
                )
            )
        if question_type == QuestionType.SINGLE and correct != 1:
            found.append(
                (
                    "answer",
                    _("A single choice question has exactly one correct option; this one has %(count)s.")
                    % {"count": correct},
                )
            )
        elif question_type == QuestionType.MULTIPLE and correct < 2:
            found.append(
                (
                    "answer",
                    _(
                        "A multiple choice question needs at least 2 correct options; this one has %(count)s. "
                        "For a question with one correct option, use single choice (单选)."
                    )
                    % {"count": correct},
                )
            )
    elif choices:
        found.append(("options", _("Only single and multiple choice questions have options.")))
    return found


# ---------------------------------------------------------------------------- reading


def _text(value: Any) -> str:
    """A cell as text (see ``cell_text``), with every line break written as "\\n"."""
    return cell_text(value).replace("\r\n", "\n").replace("\r", "\n")


def _difficulty(value: Any) -> int:
    if blank(value):
        return Difficulty.EASY
    level = DIFFICULTY_WORDS.get(_fold(_text(value))) if not isinstance(value, bool) else None
    if level is None:
        raise CellError(_("Write the difficulty as 易, 中 or 难 (or 1, 2, 3); “%(value)s” is not one of them."))
    return level


def _points(value: Any) -> Decimal:
    if blank(value):
        return Decimal("1")
    message = _("Points must be a number such as 1 or 2.5; “%(value)s” is not.")
    if isinstance(value, bool):
        raise CellError(message)
    raw = str(value) if isinstance(value, int | float | Decimal) else _fold(_text(value)).removesuffix("分")
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise CellError(message)
    if not number.is_finite():
        raise CellError(message)
    if number < Decimal("0.5"):
        raise CellError(_("Points must be at least 0.5; this row has %(value)s."))
    if number > Decimal("9999.9"):
        raise CellError(_("Points can be at most 9999.9; this row has %(value)s."))
    if number != number.quantize(Decimal("0.1")):
        raise CellError(_("Points can have at most one decimal place, such as 2.5; this row has %(value)s."))
    return number.quantize(Decimal("0.1"))


def _letters(value: Any) -> str | None:
    """Option letters of a choice answer, sorted: "a, d", "Ａ，Ｄ", "A、D" and "DA" all give "AD"."""
    folded = unicodedata.normalize("NFKC", _text(value)).upper()
    folded = re.sub(r"[\s,;、/|和及]+", "", folded)
    if not folded or any(ch not in OPTION_LETTERS for ch in folded):
        return None
    return "".join(sorted(set(folded)))


def _true_false(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = _fold(_text(value))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def _accepted(value: Any) -> list[str]:
    """Accepted answers of a fill-in question, split on | or ； (either width) or new lines."""
    seen: dict[str, str] = {}
    for part in re.split(r"[|｜;；\n]", _text(value)):
        answer = part.strip()
        if answer and _fold(answer) not in seen:
            seen[_fold(answer)] = answer
    return list(seen.values())


def _same_text(text: str) -> str:
    """Two questions are the same if they differ only in spaces, width or letter case."""
    return _fold(text)


def _check_file(upload: IO[bytes], *, name: str, size: int) -> str | None:
    """Why the upload cannot be an Excel workbook at all, or None."""
    return check_upload(
        upload,
        name=name,
        size=size,
        max_bytes=MAX_BYTES,
        max_mb=MAX_MB,
        max_unpacked_bytes=MAX_UNPACKED_BYTES,
        empty=_("The file is empty. Choose the Excel file with your questions."),
        too_large=_(
            "The file is too large (%(size)s); the limit is %(limit)s MB. Split the questions into several files."
        ),
        inflated=lambda _unpacked: _(
            "The file holds far more data than a question list. Check that it is the right file."
        ),
    )


def _read_sheet(sheet: Any) -> tuple[list[Cell], list[tuple[int, list[Cell]]], bool]:
    """The header row, the non-blank rows below it (Excel row number, cells), and whether there were too many."""
    header: list[Cell] = []
    rows: list[tuple[int, list[Cell]]] = []
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        values = [(cell.value, cell.data_type) for cell in cells]
        if number == 1:
            header = values
            continue
        if all(blank(value) for value, _type in values):
            continue
        if len(rows) == MAX_ROWS:
            return header, rows, True
        rows.append((number, values))
    return header, rows, False


@dataclass
class _Header:
    """Where each known column is in the file (index) and what the file calls it (label)."""

    index: dict[str, int] = field(default_factory=dict)
    label: dict[str, str] = field(default_factory=dict)
    unread: set[int] = field(default_factory=set)  # columns with a header we do not know

    def name(self, key: str) -> str:
        return self.label.get(key, COLUMN_BY_KEY[key].header)

    def position(self, key: str) -> int:
        return self.index.get(key, len(COLUMNS) + list(COLUMN_BY_KEY).index(key))


def _read_header(cells: list[Cell]) -> tuple[_Header, list[Problem], bool]:
    """Map the header row to columns. Returns the map, its problems, and whether rows can be read at all."""
    header = _Header()
    problems: list[Problem] = []
    fatal = False
    known = "、".join(c.header for c in COLUMNS)
    for index, label, formula in header_labels(cells, _text):
        if formula:
            problems.append(Problem(1, label, _("Formulas are not accepted in the header row."), index))
            fatal = True
            continue
        key = HEADER_KEYS.get(_header_key(label))
        if key is None:
            header.unread.add(index)
            problems.append(
                Problem(
                    1,
                    label,
                    _("Unknown column “%(header)s”. Use the template's headers: %(known)s.")
                    % {"header": label, "known": known},
                    index,
                )
            )
        elif key in header.index:
            fatal = True
            problems.append(Problem(1, label, twice_message(label, header.label[key]), index))
        else:
            header.index[key] = index
            header.label[key] = label
    for column in COLUMNS:
        if column.required and column.key not in header.index:
            fatal = True
            problems.append(
                Problem(
                    1,
                    column.header,
                    _("The column “%(header)s” is missing. Row 1 must hold the headers of the template.")
                    % {"header": column.header},
                    len(cells) + COLUMNS.index(column),
                )
            )
    return header, problems, fatal


def _category_lookup() -> tuple[dict[str, Category], list[str]]:
    """Categories by folded name and code, and their names for messages (one query)."""
    lookup: dict[str, Category] = {}
    names: list[str] = []
    for category in Category.objects.all():
        lookup[_fold(category.name)] = category
        lookup[_fold(category.code)] = category
        names.append(category.name)
    return lookup, names


def _parse_row(
    number: int, cells: list[Cell], header: _Header, categories: dict[str, Category], category_names: list[str]
) -> tuple[ParsedRow, list[Problem]]:
    """Read one row; every problem in it is returned, not just the first."""
    row = ParsedRow(row=number)
    problems: list[Problem] = []

    def add(key: str, message: str) -> None:
        problems.append(Problem(number, header.name(key), message, header.position(key)))

    formulas: set[str] = set()
    for key, index in header.index.items():
        if index < len(cells) and cells[index][1] == "f":
            formulas.add(key)
            row.shown[key] = str(cells[index][0])
            add(
                key, _("Formulas are not accepted (%(formula)s): type the value itself.") % {"formula": cells[index][0]}
            )

    def value(key: str) -> Any:
        index = header.index.get(key)
        if index is None or key in formulas or index >= len(cells):
            return None
        return cells[index][0]

    def checked(key: str) -> bool:
        return key not in formulas

    # Category
    raw = _text(value("category"))
    row.category = categories.get(_fold(raw)) if raw else None
    row.category_label = row.category.name if row.category else raw
    if checked("category") and not raw:
        example = category_names[0] if category_names else "平台规则"
        add("category", _("The category is empty. Write its name, e.g. %(example)s.") % {"example": example})
    elif checked("category") and row.category is None:
        add(
            "category",
            _("Unknown category “%(value)s”. The categories are: %(names)s.")
            % {"value": raw, "names": "、".join(category_names) or "—"},
        )

    # Type
    raw = _text(value("type"))
    row.type = TYPE_WORDS.get(_header_key(raw), "") if raw else ""
    row.type_label = str(QuestionType(row.type).label) if row.type else raw
    if checked("type") and not raw:
        add("type", _("The question type is empty. Write 单选, 多选, 判断, 填空 or 简答."))
    elif checked("type") and not row.type:
        add("type", _("Unknown question type “%(value)s”. Write 单选, 多选, 判断, 填空 or 简答.") % {"value": raw})

    # Difficulty and points
    for key, read in (("difficulty", _difficulty), ("points", _points)):
        try:
            setattr(row, key, read(value(key)))
        except CellError as error:
            row.shown[key] = _text(value(key))
            add(key, str(error) % {"value": row.shown[key]})

    # Text and explanation
    row.text = _text(value("text"))
    row.explanation = _text(value("explanation"))
    if checked("text") and not row.text:
        add("text", _("The question text is empty."))
    elif row.text.startswith(EXAMPLE_MARK):
        add("text", _("This is an example row of the template. Replace it with your own question, or delete the row."))

    # Options
    given = [(letter, _text(value(key))) for letter, key in zip(OPTION_LETTERS, OPTION_KEYS, strict=True)]
    row.options = [(letter, text) for letter, text in given if text]
    for (_letter, text), key in zip(given, OPTION_KEYS, strict=True):
        if len(text) > MAX_OPTION_LENGTH:
            add(
                key,
                _("An option can be at most %(max)s characters long; this one has %(count)s.")
                % {"max": MAX_OPTION_LENGTH, "count": len(text)},
            )
    if row.type in CHOICE_TYPES:
        last = max((i for i, (_letter, text) in enumerate(given) if text), default=-1)
        for i in range(last):
            if not given[i][1] and checked(OPTION_KEYS[i]):
                add(
                    OPTION_KEYS[i],
                    _("This option is empty but a later one is filled. Fill the options from A onwards, without gaps."),
                )
        seen: dict[str, str] = {}
        for letter, text in row.options:
            if _fold(text) in seen:
                add(
                    OPTION_KEYS[OPTION_LETTERS.index(letter)],
                    _("Option %(letter)s is the same as option %(other)s.")
                    % {"letter": letter, "other": seen[_fold(text)]},
                )
            seen.setdefault(_fold(text), letter)
    elif row.type and row.options:
        letter = row.options[0][0]
        add(
            OPTION_KEYS[OPTION_LETTERS.index(letter)],
            _("Only single and multiple choice questions have options. Clear the options of this %(type)s question.")
            % {"type": row.type_label},
        )

    # Answer
    answer = value("answer")
    answer_ok = False
    if not blank(answer):
        row.shown.setdefault("answer", _text(answer))
    if checked("answer") and row.type:
        if blank(answer):
            add(
                "answer",
                _("The reference answer is empty: give the points a grader looks for.")
                if row.type == QuestionType.SHORT
                else _("The answer is empty."),
            )
        elif row.type in CHOICE_TYPES:
            letters = _letters(answer)
            if letters is None:
                add(
                    "answer",
                    _("Write the answer as option letters (A to F), such as B or ABD; “%(value)s” is not.")
                    % {"value": _text(answer)},
                )
            else:
                row.correct = letters
                filled = {letter for letter, _text_ in row.options}
                for letter in letters:
                    if letter not in filled:
                        add(
                            "answer",
                            _("The answer names option %(letter)s, but “%(column)s” is empty.")
                            % {"letter": letter, "column": header.name(OPTION_KEYS[OPTION_LETTERS.index(letter)])},
                        )
                answer_ok = all(letter in filled for letter in letters)
        elif row.type == QuestionType.TRUE_FALSE:
            row.true_false = _true_false(answer)
            if row.true_false is None:
                add(
                    "answer",
                    _(
                        "A true / false answer must be 对 or 错 (also accepted: 正确/错误, √/×, T/F); "
                        "“%(value)s” is not."
                    )
                    % {"value": _text(answer)},
                )
        elif row.type == QuestionType.FILL:
            row.accepted = _accepted(answer)
            if not row.accepted:
                add("answer", _("Give at least one accepted answer; separate several with | or ；."))
        else:
            row.reference = _text(answer)
    if row.type in CHOICE_TYPES:
        for where, message in check_choices(row.type, [(text, ok) for _letter, text, ok in row.choices]):
            if where == "options" and checked(OPTION_KEYS[0]):
                add(OPTION_KEYS[0], message)
            elif where == "answer" and answer_ok:
                add("answer", message)
    return row, problems


def _duplicates(rows: list[ParsedRow], header: _Header) -> list[Problem]:
    """The same question twice in the file, or already in the bank under the same category (one query)."""
    problems: list[Problem] = []
    label, position = header.name("text"), header.position("text")
    first: dict[str, int] = {}
    for row in rows:
        if not row.text:
            continue
        key = _same_text(row.text)
        if key in first:
            problems.append(
                Problem(
                    row.row, label, _("The same question is already in row %(row)s.") % {"row": first[key]}, position
                )
            )
        else:
            first[key] = row.row
    category_ids = {row.category.pk for row in rows if row.category}
    existing = {
        (category_id, _same_text(text))
        for category_id, text in Question.objects.filter(category_id__in=category_ids).values_list(
            "category_id", "text"
        )
    }
    for row in rows:
        if row.category and row.text and (row.category.pk, _same_text(row.text)) in existing:
            problems.append(
                Problem(
                    row.row,
                    label,
                    _("This question is already in the bank under “%(category)s”. Delete the row or change the text.")
                    % {"category": row.category.name},
                    position,
                )
            )
    return problems


def read_questions(upload: IO[bytes], *, name: str, size: int | None = None) -> ImportResult:
    """Read and check an uploaded workbook, collecting every problem by row and column. Never writes.

    Two queries however long the file: the categories, and the texts already in them.
    """
    problem = _check_file(upload, name=name, size=size_of(upload) if size is None else size)
    if problem:
        return _refused(problem)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=False)
    except Exception:  # openpyxl raises KeyError, ValueError, TypeError… on broken files
        return _refused(unreadable())
    try:
        sheet = workbook[SHEET_NAME] if SHEET_NAME in workbook.sheetnames else workbook.worksheets[0]
        header_cells, raw_rows, too_many = _read_sheet(sheet)
    except Exception:
        return _refused(unreadable())
    finally:
        workbook.close()
    if too_many:
        return _refused(
            _("The file has more than %(max)s questions. Split it into files of at most %(max)s rows each.")
            % {"max": number_format(MAX_ROWS, force_grouping=True)}
        )
    if all(blank(value) for value, _type in header_cells):
        return _refused(
            _("Row 1 of the first sheet is empty. Put the column headers in row 1 and one question per row below it.")
        )
    header, problems, fatal = _read_header(header_cells)
    if fatal:
        return ImportResult(rows=[], problems=problems)
    if not raw_rows:
        return _refused(_("The file has no questions: there is nothing below the header row."))
    categories, category_names = _category_lookup()
    rows: list[ParsedRow] = []
    unheaded: dict[int, int] = {}  # column index → first row with a value there
    for number, cells in raw_rows:
        row, found = _parse_row(number, cells, header, categories, category_names)
        rows.append(row)
        problems.extend(found)
        for index, (value, _type) in enumerate(cells):
            if not blank(value) and index not in header.index.values() and index not in header.unread:
                unheaded.setdefault(index, number)
    for index, number in unheaded.items():
        letter, message = unheaded_message(index)
        problems.append(Problem(number, letter, message, index))
    problems.extend(_duplicates(rows, header))
    with_problems = {p.row for p in problems}
    for row in rows:
        row.has_problems = row.row in with_problems
    problems.sort(key=lambda p: (p.row or 0, p.position))
    return ImportResult(rows=rows, problems=problems)


# ---------------------------------------------------------------------------- saving


class ImportRefusedError(Exception):
    """The file still has problems (or nothing in it); nothing was saved."""


@transaction.atomic
def import_questions(*, result: ImportResult) -> list[Question]:
    """Save every question of a checked file, or none of them: one transaction, bulk inserts.

    Raises ImportRefusedError if the result has problems, so a caller cannot save half a file by mistake.
    """
    if not result.ok:
        raise ImportRefusedError(_("The file has problems; nothing was imported."))
    questions = Question.objects.bulk_create(
        [
            Question(
                category=row.category,
                type=row.type,
                text=row.text,
                difficulty=row.difficulty,
                points=row.points,
                true_false_answer=row.true_false if row.type == QuestionType.TRUE_FALSE else None,
                accepted_answers="\n".join(row.accepted) if row.type == QuestionType.FILL else "",
                reference_answer=row.reference if row.type == QuestionType.SHORT else "",
                explanation=row.explanation,
            )
            for row in result.rows
        ],
        batch_size=500,
    )
    Choice.objects.bulk_create(
        [
            Choice(question=question, text=text, is_correct=is_correct, order=order)
            for question, row in zip(questions, result.rows, strict=True)
            for order, (_letter, text, is_correct) in enumerate(row.choices)
        ],
        batch_size=1000,
    )
    return questions


# ---------------------------------------------------------------------------- uploads awaiting confirmation


class PendingUploadNotFoundError(LookupError):
    """No upload of this user under this token: never made, someone else's, already confirmed or expired."""


def _pending_folder(user_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / PENDING_FOLDER / str(int(user_id))


def purge_stale_uploads(*, max_age: timedelta = PENDING_MAX_AGE) -> int:
    """Delete uploads nobody confirmed within ``max_age``; returns how many went."""
    root = Path(settings.MEDIA_ROOT) / PENDING_FOLDER
    cutoff = clock.time() - max_age.total_seconds()
    removed = 0
    for path in root.glob("*/*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # another request took it meanwhile
            continue
    return removed


def keep_upload(*, user_id: int, upload: File) -> uuid.UUID:
    """Keep a checked upload until its owner confirms it; the token names it in the confirm URL."""
    purge_stale_uploads()
    folder = _pending_folder(user_id)
    folder.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4()
    with (folder / f"{token}.xlsx").open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token


def claim_upload(*, user_id: int, token: uuid.UUID) -> Path:
    """Take the user's upload for confirmation. The rename is atomic, so two confirmations (a double click)
    cannot both import it. The caller deletes the returned file. Raises PendingUploadNotFoundError."""
    source = _pending_folder(user_id) / f"{uuid.UUID(str(token))}.xlsx"
    claimed = source.with_suffix(".claimed")
    try:
        os.replace(source, claimed)
    except FileNotFoundError as exc:
        raise PendingUploadNotFoundError(str(token)) from exc
    return claimed


# ---------------------------------------------------------------------------- the template


def _examples(categories: dict[str, str]) -> list[list[Any]]:
    """One example row per question type, in the categories they belong to (if the bank has them)."""

    def cat(code: str) -> str:
        return categories.get(code) or next(iter(categories.values()), "")

    no_options = [""] * len(OPTION_LETTERS)
    return [
        [
            cat("platform-rules"),
            "单选",
            "易",
            1,
            f"{EXAMPLE_MARK}淘宝担保交易中，买家付款后货款先由谁保管？",
            *["卖家", "支付宝", "快递公司", "淘宝客服", "", ""],
            "B",
            "买家确认收货后，支付宝才把货款打给卖家。",
        ],
        [
            cat("returns"),
            "多选",
            "中",
            2,
            f"{EXAMPLE_MARK}以下哪些商品依法不适用七天无理由退货？",
            *["消费者定作的商品", "鲜活易腐的商品", "未拆封的普通 T 恤", "交付的报纸、期刊", "", ""],
            "ABD",
            "见《消费者权益保护法》第二十五条。",
        ],
        [
            cat("returns"),
            "判断",
            "易",
            1,
            f"{EXAMPLE_MARK}七天无理由退货的期限从买家签收商品的次日开始计算。",
            *no_options,
            "对",
            "",
        ],
        [
            cat("systems"),
            "填空",
            "易",
            2,
            f"{EXAMPLE_MARK}订单上只有卖家能看到的说明叫作____。",
            *no_options,
            "卖家备注|备注",
            "",
        ],
        [
            cat("scripts"),
            "简答",
            "中",
            5,
            f"{EXAMPLE_MARK}买家催问物流时，客服应当怎样回复？请写出要点。",
            *no_options,
            "先安抚并致歉；查询物流并告知结果和预计时间；约定跟进时间并按时回复。",
            "",
        ],
    ]


def build_template() -> bytes:
    """The import template: headers in bold on a frozen first row, column widths, one example row per
    type, drop-down lists for 分类 / 题型 / 难度, and a sheet explaining each column."""
    category_names = dict(Category.objects.values_list("code", "name"))
    workbook = Workbook()
    sheet = template_sheet(workbook, SHEET_NAME, COLUMNS, alignment=Alignment(horizontal="center", vertical="center"))
    for example in _examples(category_names):
        sheet.append(example)
    wrap_rows(sheet)

    # Drop-down lists read from a hidden sheet, so a long list of categories still fits.
    lists = workbook.create_sheet("lists")
    lists.sheet_state = "hidden"
    values = {
        "A": ["单选", "多选", "判断", "填空", "简答"],
        "B": ["易", "中", "难"],
        "C": list(category_names.values()),
    }
    for letter, items in values.items():
        for i, item in enumerate(items, start=1):
            lists[f"{letter}{i}"] = item
    last = MAX_ROWS + 1
    for key, letter in (("type", "A"), ("difficulty", "B"), ("category", "C")):
        if not values[letter]:
            continue
        target = get_column_letter(list(COLUMN_BY_KEY).index(key) + 1)
        drop_down(sheet, target, last, f"lists!${letter}$1:${letter}${len(values[letter])}")

    notes = (
        _("One question per row on the sheet “%(sheet)s”; row 1 holds the headers.") % {"sheet": SHEET_NAME},
        _("Replace the example rows (marked %(mark)s) with your own questions, or delete them.")
        % {"mark": EXAMPLE_MARK},
        _("Type values, not formulas: formulas are refused."),
        _("At most %(rows)s questions and %(mb)s MB per file.")
        % {"rows": number_format(MAX_ROWS, force_grouping=True), "mb": MAX_MB},
        _("The whole file is imported, or nothing is: every problem is listed by row and column first."),
    )
    guide = guide_sheet(workbook, "说明", column_guide(), notes, first_width=18)
    workbook.move_sheet(guide, offset=-1)  # before the hidden lists: the tabs read 题目, 说明

    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
