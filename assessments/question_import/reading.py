"""Reading a question file: the file as a whole, the header row, every row, and the checks against the bank."""

from __future__ import annotations

from typing import IO

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from common.xlsx.cells import Cell, blank, header_labels, twice_message, unheaded_message
from common.xlsx.upload import Limits, Refusals, read_upload

from ..models import Category, Question
from .columns import (
    COLUMNS,
    HEADER_KEYS,
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_MB,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    SHEET_NAME,
    Header,
    ImportResult,
    ParsedRow,
    Problem,
    fold,
    header_key,
)
from .rows import as_text, parse_row


def _refused(message: str) -> ImportResult:
    return ImportResult(rows=[], problems=[Problem(None, "", message)])


def _same_text(text: str) -> str:
    """Two questions are the same if they differ only in spaces, width or letter case."""
    return fold(text)


_LIMITS = Limits(
    max_bytes=MAX_BYTES,
    max_mb=MAX_MB,
    max_unpacked_bytes=MAX_UNPACKED_BYTES,
    max_rows=MAX_ROWS + 1_001,
    max_columns=MAX_COLUMNS,
)


def _refusals() -> Refusals:
    """Why the upload cannot be an Excel workbook at all, in the words of a question file."""
    return Refusals(
        empty=_("The file is empty. Choose the Excel file with your questions."),
        too_large=_(
            "The file is too large (%(size)s); the limit is %(limit)s MB. Split the questions into several files."
        ),
        inflated=lambda _unpacked: _(
            "The file holds far more data than a question list. Check that it is the right file."
        ),
    )


def _pick_sheet(names: list[str]) -> int:
    """The sheet named SHEET_NAME, else the first."""
    return names.index(SHEET_NAME) if SHEET_NAME in names else 0


def _read_sheet(sheet_rows: list[tuple[int, list[Cell]]]) -> tuple[list[Cell], list[tuple[int, list[Cell]]], bool]:
    """The header row, the non-blank rows below it (Excel row number, cells), and whether there were too many."""
    header: list[Cell] = []
    rows: list[tuple[int, list[Cell]]] = []
    for number, values in sheet_rows:
        if number == 1:
            header = values
            continue
        if all(blank(value) for value, _type in values):
            continue
        if len(rows) == MAX_ROWS:
            return header, rows, True
        rows.append((number, values))
    return header, rows, False


def _read_header(cells: list[Cell]) -> tuple[Header, list[Problem], bool]:
    """Map the header row to columns. Returns the map, its problems, and whether rows can be read at all."""
    header = Header()
    problems: list[Problem] = []
    fatal = False
    known = "、".join(c.header for c in COLUMNS)
    for index, label, formula in header_labels(cells, as_text):
        if formula:
            problems.append(Problem(1, label, _("Formulas are not accepted in the header row."), index))
            fatal = True
            continue
        key = HEADER_KEYS.get(header_key(label))
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
        lookup[fold(category.name)] = category
        lookup[fold(category.code)] = category
        names.append(category.name)
    return lookup, names


def _duplicates(rows: list[ParsedRow], header: Header) -> list[Problem]:
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
    sheet = read_upload(upload, name=name, size=size, limits=_LIMITS, refusals=_refusals(), choose=_pick_sheet)
    if isinstance(sheet, str):
        return _refused(sheet)
    header_cells, raw_rows, too_many = _read_sheet(sheet.rows)
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
        row, found = parse_row(number, cells, header, categories, category_names)
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
