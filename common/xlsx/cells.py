"""Reading the cells of an uploaded spreadsheet as both imports do (the question import and the roster import):
the ``Column`` an import file has, ``blank``, ``cell_text``, ``fold_word``, ``header_labels``, ``header_keys``,
and the messages both say alike about a header row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

Cell = tuple[Any, str]  # (value, "f" for a formula, whose value is then "=" and its text; else "n")


@dataclass(frozen=True)
class Column:
    """A column of an import file: its key, the header the template writes, other accepted headers, whether
    the file must have it, its width in the template, and what to write in it."""

    key: str
    header: str
    aliases: tuple[str, ...]
    required: bool
    width: int
    help: Promise


class CellError(ValueError):
    """A cell's value cannot be used; the message says why."""


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str:
    """A cell as text. Excel hands numbers over as int or float (3.0 reads "3"), dates as datetime."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def fold_word(value: str, ignored: str = r"\s+") -> str:
    """Compare-form of a word: full-width to half-width, letter case and what ``ignored`` matches left out."""
    return re.sub(ignored, "", unicodedata.normalize("NFKC", value)).casefold()


def header_labels(cells: Iterable[Cell], text: Callable[[Any], str] = cell_text) -> Iterator[tuple[int, str, bool]]:
    """(index, ``text``, is a formula) of each cell of a header row that is not blank."""
    for index, (value, data_type) in enumerate(cells):
        if not blank(value):
            yield index, text(value), data_type == "f"


def header_keys(columns: Iterable[Column], header_key: Callable[[str], str]) -> dict[str, str]:
    """Compare-form (``header_key``) of every header, key and alias → the column's key."""
    return {header_key(name): column.key for column in columns for name in (column.header, column.key, *column.aliases)}


def twice_message(label: str, other: str) -> str:
    return _("The column “%(header)s” appears twice (also as “%(other)s”). Keep only one.") % {
        "header": label,
        "other": other,
    }


def unheaded_message(index: int) -> tuple[str, str]:
    """(column letter, message) for values in a column without a header (0-based ``index``)."""
    letter = get_column_letter(index + 1)
    return letter, _(
        "Column %(letter)s has values but no header, so they cannot be read. Give it a header or delete it."
    ) % {"letter": letter}
