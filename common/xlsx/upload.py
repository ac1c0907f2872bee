"""Reading uploaded Excel workbooks (.xlsx) safely, and writing their templates: what the question import
(``assessments.question_import``) and the roster import (``training.roster``) share.

- ``read_upload`` checks an upload (``check_upload``), opens it with openpyxl and hands the workbook to the
  import's reader, refusing (``UploadRefusedError``) what it cannot read; ``read_workbook`` does the opening and
  reading alone. ``check_upload`` refuses, before openpyxl opens anything, what cannot be a workbook: an empty
  file, one over the size limit, an old .xls or a password-protected workbook, another kind of file, a damaged
  zip, a zip that is not a workbook, and a zip bomb, judged from the sizes the zip's directory declares (what
  zipfile, and so openpyxl, will ever inflate).
- The cell and header helpers read cells as both imports do: ``blank``, ``cell_text``, ``fold_word``,
  ``header_labels``, ``header_keys``.
- ``template_sheet``, ``drop_down`` and ``guide_sheet`` write a template's header row, its drop-down lists and
  its 说明 sheet.

Each import keeps its own limits and the messages that name what it imports (questions, a roster): it passes
them in, as ``UploadRules``. The messages both say alike live here.
"""

from __future__ import annotations

import os
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import IO, Any, TypeVar

from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .render import HEADER_FILL, HEADER_FONT

Cell = tuple[Any, str]  # (value, openpyxl data type: "f" is a formula)
T = TypeVar("T")

WRAP = Alignment(wrap_text=True, vertical="top")


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


@dataclass(frozen=True)
class UploadRules:
    """What one import accepts, and its refusals that name what it imports.

    An upload may hold ``max_mb`` MB, and its zip may declare at most ``max_unpacked_bytes`` once inflated; with
    ``max_ratio``, a member over ``ratio_from_bytes`` that inflates to more than ``max_ratio`` times its compressed
    size is refused too. ``empty`` is the refusal of an empty file; ``too_large`` that of a file over ``max_mb``,
    with ``%(size)s`` and ``%(limit)s`` (``max_mb``) to fill in; ``inflated`` gives that of a file that would
    inflate too far (passed the declared size).
    """

    max_mb: int
    max_unpacked_bytes: int
    empty: str | Promise
    too_large: str | Promise
    inflated: Callable[[int], str]
    max_ratio: int | None = None
    ratio_from_bytes: int = 0

    @property
    def max_bytes(self) -> int:
        return self.max_mb * 1024 * 1024


class UploadRefusedError(Exception):
    """The upload cannot be read as a workbook of the import; the message says why, to the person who sent it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_upload(upload: IO[bytes], *, name: str, size: int, rules: UploadRules) -> str | None:
    """Why the upload cannot be opened as an Excel workbook of an import with these ``rules``, or None if it may
    be."""
    if size == 0:
        return str(rules.empty)
    if size > rules.max_bytes:
        return str(rules.too_large) % {"size": filesizeformat(size), "limit": rules.max_mb}
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return _(
            "This is an old-format Excel file (.xls) or a password-protected workbook. Open it in Excel or WPS, "
            "remove any password and save it as “Excel workbook (.xlsx)”, then upload that file."
        )
    if not name.lower().endswith(".xlsx"):
        return _(
            "Only Excel workbooks (.xlsx) can be imported, and “%(name)s” is not one. Download the template, fill "
            "it in and upload it."
        ) % {"name": name}
    if not head.startswith(b"PK"):
        return _("The file is not really an Excel workbook, although its name ends in .xlsx. Save it again as .xlsx.")
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return _("The file is damaged and cannot be opened. Open it in Excel or WPS, save it again and re-upload it.")
    finally:
        upload.seek(0)
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        return _("The file is not an Excel workbook (it may be a Word or other Office file renamed to .xlsx).")
    # The sizes a zip declares bound what zipfile (and so openpyxl) will ever inflate: checked before opening.
    unpacked = sum(member.file_size for member in members)
    max_ratio = rules.max_ratio
    absurd = max_ratio is not None and any(
        member.file_size > rules.ratio_from_bytes and member.file_size > max_ratio * max(member.compress_size, 1)
        for member in members
    )
    if unpacked > rules.max_unpacked_bytes or absurd:
        return rules.inflated(unpacked)
    return None


def unreadable() -> str:
    """The refusal of a file that passed ``check_upload`` but that openpyxl cannot read."""
    return _(
        "The file could not be read as an Excel workbook. Open it in Excel or WPS, save it again as .xlsx and "
        "re-upload it."
    )


def read_workbook(upload: IO[bytes], read: Callable[[Any], T]) -> T:
    """What ``read`` makes of the workbook in ``upload``, opened read-only with formulas as written (not their
    cached values), and closed again. Raises ``UploadRefusedError`` (``unreadable``) if openpyxl cannot open it, or
    reading it fails."""
    try:
        workbook = load_workbook(upload, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises KeyError, ValueError, TypeError… on broken files
        raise UploadRefusedError(unreadable()) from exc
    try:
        return read(workbook)
    except Exception as exc:
        raise UploadRefusedError(unreadable()) from exc
    finally:
        workbook.close()


def read_upload(upload: IO[bytes], read: Callable[[Any], T], *, name: str, size: int | None, rules: UploadRules) -> T:
    """``read_workbook`` of an upload that ``check_upload`` lets through (``size``: in bytes, measured if None).
    Raises ``UploadRefusedError`` with the refusal of the check, or of a file openpyxl cannot read."""
    problem = check_upload(upload, name=name, size=size_of(upload) if size is None else size, rules=rules)
    if problem:
        raise UploadRefusedError(problem)
    return read_workbook(upload, read)


# ---------------------------------------------------------------------------- cells and headers


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


# ---------------------------------------------------------------------------- templates


def template_sheet(workbook: Any, title: str, columns: Sequence[Column], *, alignment: Alignment) -> Any:
    """The workbook's first sheet named ``title``, with the columns' headers styled on a frozen first row and
    the columns' widths."""
    sheet = workbook.active
    sheet.title = title
    sheet.append([column.header for column in columns])
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = alignment
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    return sheet


def drop_down(sheet: Any, letter: str, last_row: int, formula: str, *, allow_blank: bool = True) -> None:
    """A drop-down list of ``formula`` (a range, or quoted words) on column ``letter`` from row 2 to ``last_row``.
    Other values are warned about, not refused: the imports accept English words and codes too."""
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=allow_blank,
        showErrorMessage=True,
        errorStyle="warning",
        error=_("Choose from the list."),
    )
    validation.add(f"{letter}2:{letter}{last_row}")
    sheet.add_data_validation(validation)


def wrap_rows(sheet: Any, min_row: int = 2) -> None:
    """Wrap the text of every cell from ``min_row`` down, aligned to the top."""
    for row in sheet.iter_rows(min_row=min_row):
        for cell in row:
            cell.alignment = WRAP


def guide_sheet(
    workbook: Any,
    title: str,
    guide: Iterable[tuple[str, bool, Promise]],
    notes: Iterable[str],
    *,
    first_width: int,
) -> Any:
    """The template's sheet that explains it: column, required, what to write (``guide``), then the notes."""
    sheet = workbook.create_sheet(title)
    sheet.append([_("Column"), _("Required"), _("What to write")])
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for header, required, help_text in guide:
        sheet.append([header, _("yes") if required else _("no"), str(help_text)])
    sheet.append([])
    for note in notes:
        sheet.append([note])
    sheet.column_dimensions["A"].width = first_width
    sheet.column_dimensions["B"].width = 8
    sheet.column_dimensions["C"].width = 90
    wrap_rows(sheet)
    return sheet
