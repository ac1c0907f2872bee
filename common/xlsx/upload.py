"""Reading uploaded spreadsheets (.xlsx, .xls, .ods) safely: what the question import
(``assessments.question_import``) and the roster import (``training.roster``) share.

- ``check_upload`` refuses, before anything parses the file, what cannot be a spreadsheet: an empty file, one
  over the size limit, a password-protected workbook, another kind of file, a damaged zip, a zip that is not a
  workbook, and a zip bomb, judged from the sizes the zip's directory declares (what will ever be inflated).
- ``open_sheet`` reads one sheet with python-calamine (Rust: tens of times faster than openpyxl, and it skips
  empty cells instead of walking them) within a budget of rows and columns. calamine lays a sheet out as one
  dense grid from its first to its last value, so one value in cell XFD1048576 would ask for half a terabyte
  and abort the process: before calamine sees an .xlsx, ``_scan_xlsx`` finds the extent of the cells that hold
  a value (and the text of every formula, which calamine does not give) with one regular-expression pass over
  the sheet's XML; an .ods has its repeated rows and cells checked the same way; an .xls cannot be larger than
  65,536 × 256 cells.
- ``read_upload`` does both, as each import reads its file: the sheet, or why not.
- The cell and header helpers are in ``common.xlsx.cells``; the template writers in ``common.xlsx.templates``.

Each import keeps its own limits (``Limits``) and the messages that name what it imports (``Refusals``:
questions, a roster): it passes them in. The messages both say alike live here.
"""

from __future__ import annotations

import html
import os
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import IO

import python_calamine
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from .cells import Cell

FORMATS = ("xlsx", "xls", "ods")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# What the format itself bounds: an .xls sheet has at most 65,536 rows and 256 columns.
XLS_MAX_ROWS, XLS_MAX_COLUMNS = 65_536, 256


@dataclass(frozen=True)
class Limits:
    """What one import accepts: the file's size (``max_bytes``, named in messages as ``max_mb``), what it may
    inflate to, the sheet's budget of rows and columns, and, with ``max_ratio``, how far a member over
    ``ratio_from_bytes`` may inflate compared with its compressed size."""

    max_bytes: int
    max_mb: int
    max_unpacked_bytes: int
    max_rows: int
    max_columns: int
    max_ratio: int | None = None
    ratio_from_bytes: int = 0


@dataclass(frozen=True)
class Refusals:
    """The refusals that name what an import reads: of an empty file; of a file over the size limit, with
    ``%(size)s`` and ``%(limit)s`` to fill in; and (given the declared size) of one that would inflate too far."""

    empty: str
    too_large: str
    inflated: Callable[[int], str]


# ---------------------------------------------------------------------------- the file


def size_of(upload: IO[bytes]) -> int:
    """The upload's size in bytes: Django's ``size``, else measured by seeking to the end."""
    size = getattr(upload, "size", None)
    if isinstance(size, int):
        return size
    upload.seek(0, os.SEEK_END)
    size = upload.tell()
    upload.seek(0)
    return size


def check_upload(
    upload: IO[bytes],
    *,
    name: str,
    size: int,
    limits: Limits,
    refusals: Refusals,
    formats: Sequence[str] = FORMATS,
) -> str | None:
    """Why the upload cannot be opened as a spreadsheet of one of ``formats`` (by its name's ending), or None.

    A file over ``limits.max_bytes``, or one that would inflate to more than ``limits.max_unpacked_bytes``, is
    refused with ``refusals``; with ``limits.max_ratio``, so is a member over ``limits.ratio_from_bytes`` that
    inflates to more than ``max_ratio`` times its compressed size.
    """
    if size == 0:
        return refusals.empty
    if size > limits.max_bytes:
        return refusals.too_large % {"size": filesizeformat(size), "limit": limits.max_mb}
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    kind = format_of(name)
    if kind not in formats:
        return _(
            "Only spreadsheets (%(formats)s) can be imported, and “%(name)s” is not one. Download the template, "
            "fill it in and upload it."
        ) % {"name": name, "formats": ", ".join(f".{f}" for f in formats)}
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if kind == "xls":
            return None  # an old-format workbook: its format bounds its size (see open_sheet)
        return _(
            "This is a password-protected workbook, or an old-format one (.xls) renamed. Open it in Excel or WPS, "
            "remove any password and save it as “Excel workbook (.xlsx)”, then upload that file."
        )
    if kind == "xls":
        return _("The file is not really an old-format Excel workbook, although its name ends in .xls. Save it again.")
    if not head.startswith(b"PK"):
        return _("The file is not really a spreadsheet, although its name ends in .%(kind)s. Save it again.") % {
            "kind": kind
        }
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return _("The file is damaged and cannot be opened. Open it in Excel or WPS, save it again and re-upload it.")
    finally:
        upload.seek(0)
    names = {member.filename for member in members}
    if kind == "xlsx" and ("[Content_Types].xml" not in names or "xl/workbook.xml" not in names):
        return _("The file is not an Excel workbook (it may be a Word or other Office file renamed to .xlsx).")
    if kind == "ods" and "content.xml" not in names:
        return _("The file is not an OpenDocument spreadsheet (it may be another file renamed to .ods).")
    # The sizes a zip declares bound what zipfile (and so openpyxl) will ever inflate: checked before opening.
    unpacked = sum(member.file_size for member in members)
    ratio = limits.max_ratio
    absurd = ratio is not None and any(
        member.file_size > limits.ratio_from_bytes and member.file_size > ratio * max(member.compress_size, 1)
        for member in members
    )
    if unpacked > limits.max_unpacked_bytes or absurd:
        return refusals.inflated(unpacked)
    return None


def format_of(name: str) -> str:
    """ "xlsx", "xls" or "ods" by the name's ending; "" for any other name."""
    ending = name.lower().rpartition(".")[2]
    return ending if ending in FORMATS else ""


def unreadable() -> str:
    """The refusal of a file that passed ``check_upload`` but cannot be read."""
    return _(
        "The file could not be read as a spreadsheet. Open it in Excel or WPS, save it again as .xlsx and re-upload it."
    )


# ---------------------------------------------------------------------------- reading one sheet


class SheetError(ValueError):
    """The sheet cannot be read, or is beyond the budget; the message says why, for the person who uploaded it."""


@dataclass
class Sheet:
    """One sheet as read: its rows from row 1 as (Excel row number, cells), blank rows included, and the sheet's
    extent (rows and columns from A1 to the last value)."""

    name: str
    rows: list[tuple[int, list[Cell]]]
    height: int
    width: int
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)


_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
# Attributes as XML allows them: quoted values may hold anything, "/" or ">" included.
_ATTRS = rb"""((?:[^>/"']|"[^"]*"|'[^']*')*)"""
# A cell that is not self-closing, with its content; self-closing (empty) cells fail at once, in C.
_XLSX_CELL = re.compile(rb"<" + _NS + rb"c\b" + _ATTRS + rb">(.*?)</" + _NS + rb"c\s*>", re.S)
_XLSX_REF = re.compile(rb"""\br\s*=\s*["']\s*\$?([A-Za-z]+)\$?(\d+)\s*["']""")
_XLSX_VALUE = re.compile(rb"<" + _NS + rb"(v|is|f)\b")
_SHEET_DATA = re.compile(rb"<([A-Za-z_][\w.-]*:)?sheetData\b")
_XLSX_FORMULA = re.compile(rb"<" + _NS + rb"f\b" + _ATTRS + rb"(?:/>|>(.*?)</" + _NS + rb"f\s*>)", re.S)
_XLSX_ROW = re.compile(rb"<" + _NS + rb"row\b" + _ATTRS + rb"(?:/>|>(.*?)</" + _NS + rb"row\s*>)", re.S)
_XLSX_ANY_CELL = re.compile(rb"<" + _NS + rb"c\b" + _ATTRS + rb"(/?)>")
_XLSX_CELL_END = re.compile(rb"</" + _NS + rb"c\s*>")
_ROW_NUMBER = re.compile(rb"""\br\s*=\s*["']\s*(\d+)\s*["']""")
_SHEET = re.compile(rb"<" + _NS + rb"sheet\b([^>]*)/?>")
_ATTR = re.compile(rb'([\w:.-]+)="([^"]*)"')
_RELATIONSHIP = re.compile(rb"<" + _NS + rb"Relationship\b([^>]*)/?>")
# An .ods row or cell repeated N times; a cell with a value has office:value-type.
_ODS_ROW = re.compile(rb"<table:table-row\b([^>]*?)(?:/>|>(.*?)</table:table-row>)", re.S)
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b([^>]*?)(/?)>")
_ODS_REPEATED_ROWS = re.compile(rb'table:number-rows-repeated="(\d+)"')
_ODS_REPEATED_CELLS = re.compile(rb'table:number-columns-repeated="(\d+)"')
SMALL_PART = 4 * 1024 * 1024  # workbook.xml and its relationships of a real workbook are a few kilobytes


@dataclass
class _Extent:
    rows: int = 0
    columns: int = 0
    cells: int = 0
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)

    def add(self, row: int, column: int) -> None:
        self.cells += 1
        self.rows = max(self.rows, row)
        self.columns = max(self.columns, column)


def _attributes(raw: bytes) -> dict[str, str]:
    return {key.decode().rpartition(":")[2]: html.unescape(value.decode()) for key, value in _ATTR.findall(raw)}


def _xlsx_sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the path of its XML in the zip, from workbook.xml and its relationships."""
    for part in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
        if archive.getinfo(part).file_size > SMALL_PART:
            raise SheetError(unreadable())
    targets = {}
    for raw in _RELATIONSHIP.findall(archive.read("xl/_rels/workbook.xml.rels")):
        attributes = _attributes(raw)
        target = attributes.get("Target", "").lstrip("/")
        targets[attributes.get("Id", "")] = target if target.startswith("xl/") else f"xl/{target}"
    parts = {}
    for raw in _SHEET.findall(archive.read("xl/workbook.xml")):
        attributes = _attributes(raw)
        if attributes.get("id") in targets:
            parts[attributes.get("name", "")] = targets[attributes["id"]]
    return parts


def _column_number(letters: bytes) -> int:
    """A column's number (A is 1), however many letters: a made-up reference must not escape the budget."""
    number = 0
    for letter in letters.upper()[:8]:
        number = number * 26 + letter - 64
    return number


def _scan_xlsx(xml: bytes) -> _Extent:
    """The extent of the cells with a value, and the formulas, from the cells' references.

    Only the markers of a value (``<v>``, ``<is>``, ``<f>``) are searched for, in C; each leads back to its cell's
    start tag. Millions of empty cells therefore cost no Python work at all. A cell may leave out its reference
    (its position then follows from the cells before it): such a sheet is counted row by row instead.
    """
    data = _SHEET_DATA.search(xml)
    if data is None:
        return _Extent()
    prefix = data.group(1) or b""
    cell_open = b"<" + prefix + b"c"
    begin, end = data.end(), xml.find(b"</" + prefix + b"sheetData", data.end())
    end = len(xml) if end < 0 else end
    extent = _Extent()
    last, extent_row, extent_column = -1, 0, 0
    for marker in _XLSX_VALUE.finditer(xml, begin, end):
        start = xml.rfind(cell_open, begin, marker.start())
        tag = _XLSX_ANY_CELL.match(xml, start) if start >= 0 else None
        if tag is None or tag.group(2) or tag.end() > marker.start():
            return _scan_xlsx_by_position(xml)
        if start == last:
            if marker.group(1) == b"f":
                _note_formula(extent, extent_row, extent_column, xml[marker.start() : marker.start() + 100_000])
            continue
        ref = _XLSX_REF.search(tag.group(1))
        if ref is None:
            return _scan_xlsx_by_position(xml)
        last, extent_row, extent_column = start, int(ref.group(2)), _column_number(ref.group(1))
        extent.add(extent_row, extent_column)
        if marker.group(1) == b"f":
            _note_formula(extent, extent_row, extent_column, xml[marker.start() : marker.start() + 100_000])
    return extent


def _note_formula(extent: _Extent, row: int, column: int, content: bytes) -> None:
    formula = _XLSX_FORMULA.search(content)
    if formula is not None:
        text = html.unescape((formula.group(2) or b"").decode("utf-8", "replace"))
        extent.formulas[(row, column)] = "=" + text


def _scan_xlsx_by_position(xml: bytes) -> _Extent:
    extent = _Extent()
    row = 0
    for row_match in _XLSX_ROW.finditer(xml):
        number = _ROW_NUMBER.search(row_match.group(1))
        row = int(number.group(1)) if number else row + 1
        column = 0
        body = row_match.group(2) or b""
        for cell in _XLSX_ANY_CELL.finditer(body):
            ref = _XLSX_REF.search(cell.group(1))
            column = _column_number(ref.group(1)) if ref else column + 1
            if cell.group(2):
                continue  # self-closing: empty
            closing = _XLSX_CELL_END.search(body, cell.end())
            content = body[cell.end() : closing.start() if closing else len(body)]
            if _XLSX_VALUE.search(content):
                extent.add(row, column)
                _note_formula(extent, row, column, content)
    return extent


def _scan_ods(xml: bytes, sheet_index: int) -> _Extent:
    """The extent of an .ods sheet's cells with a value, repeated rows and cells counted as many times as they
    repeat (LibreOffice ends every sheet with a million repeated empty rows: those cost nothing)."""
    tables = xml.split(b"<table:table ")
    if sheet_index + 1 >= len(tables):
        return _Extent()
    extent = _Extent()
    row = 0
    for row_match in _ODS_ROW.finditer(tables[sheet_index + 1]):
        repeated = _ODS_REPEATED_ROWS.search(row_match.group(1))
        times = int(repeated.group(1)) if repeated else 1
        column, last = 0, 0
        for cell in _ODS_CELL.finditer(row_match.group(2) or b""):
            found = _ODS_REPEATED_CELLS.search(cell.group(1))
            span = int(found.group(1)) if found else 1
            if b"value-type" in cell.group(1):
                last = column + span
                extent.cells += span * times
            column += span
        if last:
            extent.rows = max(extent.rows, row + times)
            extent.columns = max(extent.columns, last)
        row += times
    return extent


def _budget(extent: _Extent, *, max_rows: int, max_columns: int, sheet: str) -> None:
    if extent.columns > max_columns:
        raise SheetError(
            _(
                "The sheet “%(sheet)s” has values as far right as column %(column)s; at most %(max)s columns are "
                "read. Delete the columns to the right of your data, save the file and upload it again."
            )
            % {"sheet": sheet, "column": get_column_letter(min(extent.columns, 18_278)), "max": max_columns}
        )
    if extent.rows > max_rows:
        raise SheetError(
            _(
                "The sheet “%(sheet)s” has values down to row %(row)s; at most %(max)s rows are read. Delete the "
                "rows below your data (or split the file), save it and upload it again."
            )
            % {
                "sheet": sheet,
                "row": number_format(extent.rows, force_grouping=True),
                "max": number_format(max_rows, force_grouping=True),
            }
        )


def open_sheet(
    upload: IO[bytes],
    *,
    name: str,
    choose: Callable[[list[str]], int],
    max_rows: int,
    max_columns: int,
    nrows: int | None = None,
) -> Sheet:
    """Read the sheet ``choose`` picks (an index into the sheet names) of an upload ``check_upload`` let through.

    Refuses (``SheetError``) a sheet whose values reach beyond row ``max_rows`` or column ``max_columns``
    before the rows are laid out, so neither time nor memory depends on what a file declares. ``nrows`` reads
    only the first rows (the header, or a preview). Formula cells come as ("=" + the formula's text, "f") in
    an .xlsx; calamine gives an .xls or .ods formula's last computed value, and no formula.
    """
    kind = format_of(name)
    upload.seek(0)
    try:
        workbook = python_calamine.load_workbook(upload)
        names = workbook.sheet_names
        if not names:
            raise SheetError(unreadable())
        index = choose(names)
        title = names[index]
        extent: _Extent | None = None
        if kind == "xlsx":
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:
                part = _xlsx_sheet_parts(archive).get(title)
                if part is None or part not in archive.namelist():
                    raise SheetError(unreadable())
                extent = _scan_xlsx(archive.read(part))
        elif kind == "ods":
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:
                extent = _scan_ods(archive.read("content.xml"), index)
        if extent is not None:
            _budget(extent, max_rows=max_rows, max_columns=max_columns, sheet=title)
        upload.seek(0)
        sheet = workbook.get_sheet_by_index(index)
        # Within the budget now (an .xls is bounded by its format): the grid calamine lays out is small.
        _budget(
            _Extent(rows=sheet.total_height + 1 if sheet.end else 0, columns=sheet.total_width + 1 if sheet.end else 0),
            max_rows=max_rows,
            max_columns=max_columns,
            sheet=title,
        )
        grid = sheet.to_python(skip_empty_area=False, nrows=nrows)
        workbook.close()
    except SheetError:
        raise
    except (python_calamine.CalamineError, zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as error:
        raise SheetError(unreadable()) from error
    finally:
        upload.seek(0)
    formulas = extent.formulas if extent is not None else {}
    rows: list[tuple[int, list[Cell]]] = []
    for number, values in enumerate(grid, start=1):
        cells: list[Cell] = [(None if value == "" else value, "n") for value in values]
        rows.append((number, cells))
    for (row, column), text in formulas.items():
        if row <= len(rows):
            cells = rows[row - 1][1]
            cells.extend([(None, "n")] * (column - len(cells)))
            cells[column - 1] = (text, "f")
    height = sheet.total_height + 1 if sheet.end else 0
    width = sheet.total_width + 1 if sheet.end else 0
    return Sheet(title, rows, height, width, formulas)


def read_upload(
    upload: IO[bytes],
    *,
    name: str,
    size: int | None,
    limits: Limits,
    refusals: Refusals,
    choose: Callable[[list[str]], int],
    nrows: int | None = None,
) -> Sheet | str:
    """Check an upload (``check_upload``), then read the sheet ``choose`` picks within ``limits`` (``open_sheet``):
    the sheet, or why it cannot be read, for the person who uploaded it. ``size`` None measures the upload."""
    problem = check_upload(
        upload, name=name, size=size_of(upload) if size is None else size, limits=limits, refusals=refusals
    )
    if problem:
        return problem
    try:
        return open_sheet(
            upload, name=name, choose=choose, max_rows=limits.max_rows, max_columns=limits.max_columns, nrows=nrows
        )
    except SheetError as error:
        return str(error)
