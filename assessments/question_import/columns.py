"""The import's columns, the words accepted in them, the limits, and what a check returns."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.xlsx.cells import Column, fold_word, header_keys

from ..models import CHOICE_TYPES, Category, Difficulty, QuestionType

MAX_MB = 5
MAX_BYTES = MAX_MB * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 50  # a sheet with values further right is refused before it is laid out
# A 5 MB zip can unpack to gigabytes; real question files unpack to a few megabytes.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_OPTION_LENGTH = 300
OPTION_LETTERS = "ABCDEF"
SHEET_NAME = "题目"
# The template's example rows start with this; such a row is refused so examples never reach the bank.
EXAMPLE_MARK = "【示例】"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

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


def fold(value: str) -> str:
    """Compare-form of a word: full-width to half-width, case and every space ignored."""
    return fold_word(value)


def header_key(value: str) -> str:
    # "选项 A", "Option_A", "题目（必填）" and "答案*" all name their column.
    return re.sub(r"[_\-*]|\((必填|选填|可选)\)", "", fold(value))


HEADER_KEYS: dict[str, str] = header_keys(COLUMNS, header_key)

TYPE_WORDS: dict[str, str] = {
    header_key(word): qtype
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
    fold(word): level
    for level, words in {
        Difficulty.EASY: ("易", "简单", "容易", "低", "easy", "1"),
        Difficulty.MEDIUM: ("中", "中等", "一般", "medium", "2"),
        Difficulty.HARD: ("难", "困难", "较难", "高", "hard", "3"),
    }.items()
    for word in words
}

TRUE_WORDS = {fold(w) for w in ("对", "正确", "是", "对的", "√", "✓", "✔", "true", "t", "yes", "y", "1")}
FALSE_WORDS = {fold(w) for w in ("错", "错误", "否", "错的", "×", "✗", "✘", "✕", "x", "false", "f", "no", "n", "0")}

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


# ---------------------------------------------------------------------------- the file's header row


@dataclass
class Header:
    """Where each known column is in the file (index) and what the file calls it (label)."""

    index: dict[str, int] = field(default_factory=dict)
    label: dict[str, str] = field(default_factory=dict)
    unread: set[int] = field(default_factory=set)  # columns with a header we do not know

    def name(self, key: str) -> str:
        return self.label.get(key, COLUMN_BY_KEY[key].header)

    def position(self, key: str) -> int:
        return self.index.get(key, len(COLUMNS) + list(COLUMN_BY_KEY).index(key))
