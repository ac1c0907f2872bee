"""Reading one row of the file: every cell checked, every problem collected with its column; and the bank's
rules for options, shared with the admin."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from common.xlsx.cells import Cell, CellError, blank, cell_text

from ..models import CHOICE_TYPES, Category, Difficulty, QuestionType
from .columns import (
    DIFFICULTY_WORDS,
    EXAMPLE_MARK,
    FALSE_WORDS,
    MAX_OPTION_LENGTH,
    OPTION_KEYS,
    OPTION_LETTERS,
    TRUE_WORDS,
    TYPE_WORDS,
    Header,
    ParsedRow,
    Problem,
    fold,
    header_key,
)

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


# ---------------------------------------------------------------------------- one row


def as_text(value: Any) -> str:
    """A cell as text (see ``cell_text``), with every line break written as "\\n"."""
    return cell_text(value).replace("\r\n", "\n").replace("\r", "\n")


def _difficulty(value: Any) -> int:
    if blank(value):
        return Difficulty.EASY
    level = DIFFICULTY_WORDS.get(fold(as_text(value))) if not isinstance(value, bool) else None
    if level is None:
        raise CellError(_("Write the difficulty as 易, 中 or 难 (or 1, 2, 3); “%(value)s” is not one of them."))
    return level


def _points(value: Any) -> Decimal:
    if blank(value):
        return Decimal("1")
    message = _("Points must be a number such as 1 or 2.5; “%(value)s” is not.")
    if isinstance(value, bool):
        raise CellError(message)
    raw = str(value) if isinstance(value, int | float | Decimal) else fold(as_text(value)).removesuffix("分")
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
    folded = unicodedata.normalize("NFKC", as_text(value)).upper()
    folded = re.sub(r"[\s,;、/|和及]+", "", folded)
    if not folded or any(ch not in OPTION_LETTERS for ch in folded):
        return None
    return "".join(sorted(set(folded)))


def _true_false(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = fold(as_text(value))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def _accepted(value: Any) -> list[str]:
    """Accepted answers of a fill-in question, split on | or ； (either width) or new lines."""
    seen: dict[str, str] = {}
    for part in re.split(r"[|｜;；\n]", as_text(value)):
        answer = part.strip()
        if answer and fold(answer) not in seen:
            seen[fold(answer)] = answer
    return list(seen.values())


def parse_row(
    number: int, cells: list[Cell], header: Header, categories: dict[str, Category], category_names: list[str]
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
    raw = as_text(value("category"))
    row.category = categories.get(fold(raw)) if raw else None
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
    raw = as_text(value("type"))
    row.type = TYPE_WORDS.get(header_key(raw), "") if raw else ""
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
            row.shown[key] = as_text(value(key))
            add(key, str(error) % {"value": row.shown[key]})

    # Text and explanation
    row.text = as_text(value("text"))
    row.explanation = as_text(value("explanation"))
    if checked("text") and not row.text:
        add("text", _("The question text is empty."))
    elif row.text.startswith(EXAMPLE_MARK):
        add("text", _("This is an example row of the template. Replace it with your own question, or delete the row."))

    # Options
    given = [(letter, as_text(value(key))) for letter, key in zip(OPTION_LETTERS, OPTION_KEYS, strict=True)]
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
            if fold(text) in seen:
                add(
                    OPTION_KEYS[OPTION_LETTERS.index(letter)],
                    _("Option %(letter)s is the same as option %(other)s.")
                    % {"letter": letter, "other": seen[fold(text)]},
                )
            seen.setdefault(fold(text), letter)
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
        row.shown.setdefault("answer", as_text(answer))
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
                    % {"value": as_text(answer)},
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
                    % {"value": as_text(answer)},
                )
        elif row.type == QuestionType.FILL:
            row.accepted = _accepted(answer)
            if not row.accepted:
                add("answer", _("Give at least one accepted answer; separate several with | or ；."))
        else:
            row.reference = as_text(answer)
    if row.type in CHOICE_TYPES:
        for where, message in check_choices(row.type, [(text, ok) for _letter, text, ok in row.choices]):
            if where == "options" and checked(OPTION_KEYS[0]):
                add(OPTION_KEYS[0], message)
            elif where == "answer" and answer_ok:
                add("answer", message)
    return row, problems
