"""The one renderer every report uses: sheets of typed columns, written by openpyxl in write-only
mode so that rows go to disk as they come and memory stays flat whatever the size of the report.

A report is a list of :class:`Sheet`; each sheet names its columns (header, kind, width) and
brings a lazy iterable of rows plus the number of rows it expects. The renderer

* writes the header row in bold, freezes it (and the sheet's identifying columns), sets the
  column widths and an auto filter over the data,
* gives every numeric and date column its number format (percent, one decimal, date, …),
* neutralises text that a spreadsheet would read as a formula (see :func:`text_cell`),
* reports progress a fixed number of times per sheet (:data:`CHECKPOINTS`), whatever the number
  of rows, so that the statements a build sends do not depend on its size.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

TEXT = "text"
INT = "int"
DEC1 = "dec1"
DEC2 = "dec2"
PERCENT = "percent"  # a fraction shown as a percentage: 0.853 → 85.3%
DATE = "date"
DATETIME = "datetime"

NUMBER_FORMATS = {
    INT: "0",
    DEC1: "0.0",
    DEC2: "0.00",
    PERCENT: "0.0%",
    DATE: "yyyy-mm-dd",
    DATETIME: "yyyy-mm-dd hh:mm",
}
DEFAULT_WIDTHS = {TEXT: 14, INT: 9, DEC1: 10, DEC2: 10, PERCENT: 10, DATE: 12, DATETIME: 17}

# A spreadsheet reads text starting with these as a formula when the cell is typed in or the
# sheet is saved as CSV and opened again (formula injection, OWASP "CSV injection"). Full-width
# forms are included because Chinese input methods produce them and Excel accepts them too.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

# Progress is reported this many times per sheet, at even shares of its rows.
CHECKPOINTS = 4

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADER_BORDER = Border(bottom=Side(style="thin", color="8EA9DB"))


@dataclass(frozen=True)
class Column:
    """A column: its header (in the build's language: a lazy translation for the columns defined at
    import time, resolved when the workbook is written), what it holds, how wide it is."""

    header: str | Promise
    kind: str = TEXT
    width: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in DEFAULT_WIDTHS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass
class Sheet:
    """One worksheet: columns, a lazy iterable of rows (sequences as long as ``columns``), and the
    number of rows expected (for progress; a different actual number is harmless)."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    total: int
    frozen_columns: int = 0
    auto_filter: bool = True


@dataclass
class _Styles:
    """Style arrays prepared once per workbook and copied onto each cell that needs one (copying
    a StyleArray is far cheaper than setting ``number_format`` on every cell)."""

    by_kind: dict[str, Any] = field(default_factory=dict)
    quoted: Any = None
    header: Any = None


def plain_text(value: object) -> str:
    """A value as text a worksheet accepts: control characters that XML forbids are dropped."""
    text = value if isinstance(value, str) else str(value)
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def needs_quoting(text: str) -> bool:
    """Would a spreadsheet take this text for a formula or an error value?"""
    return text.startswith(FORMULA_PREFIXES) or text in ERROR_CODES


def excel_datetime(value: datetime) -> datetime:
    """Excel has no time zones: aware datetimes are written as Asia/Shanghai wall-clock time."""
    if timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


class _Writer:
    """Turns row values into what ``WriteOnlyWorksheet.append`` takes, column by column."""

    def __init__(self, ws: Any, styles: _Styles, columns: Sequence[Column]) -> None:
        self.ws = ws
        self.styles = styles
        self.convert: list[Callable[[Any], Any]] = [self._converter(c.kind) for c in columns]

    def _styled(self, style: Any, value: Any) -> Any:
        cell = WriteOnlyCell(self.ws)
        # The documented fast path for many styled cells.
        cell._style = copy(style)  # type: ignore[attr-defined]  # stubs list _style only in __slots__
        cell.value = value
        return cell

    def text_cell(self, value: Any) -> Any:
        """Text as a string cell. Text that would be read as a formula (``=HYPERLINK(…)``, ``+1``,
        ``-2``, ``@SUM``, …) or an error value keeps its characters but is written as an explicit
        string cell (``t="inlineStr"``) with the "quote prefix" style: what Excel stores when
        someone types a leading apostrophe. Excel, WPS and LibreOffice show it as the text it is
        and keep it text when the cell is edited; openpyxl reads it back as a string."""
        if value is None:
            return None
        text = plain_text(value)
        if not text or not needs_quoting(text):
            return text
        cell = self._styled(self.styles.quoted, None)
        cell._value = text  # noqa: SLF001 - bypass openpyxl's "starts with = → formula" guess
        cell.data_type = "s"
        return cell

    def _converter(self, kind: str) -> Callable[[Any], Any]:
        if kind == TEXT:
            return self.text_cell
        style = self.styles.by_kind[kind]

        def number(value: Any) -> Any:
            if value is None:
                return None
            if isinstance(value, bool):
                value = int(value)
            elif isinstance(value, datetime):
                value = excel_datetime(value)
            elif isinstance(value, Promise | str):
                return self.text_cell(value)  # a label in a number column ("—"): text, never a formula
            return self._styled(style, value)

        return number

    def row(self, values: Sequence[Any]) -> list[Any]:
        return [convert(value) for convert, value in zip(self.convert, values, strict=True)]


def _prepare_styles(wb: Workbook) -> _Styles:
    scratch = wb.create_sheet("_styles")  # cells need a sheet to register their styles on
    styles = _Styles()
    for kind, number_format in NUMBER_FORMATS.items():
        cell = WriteOnlyCell(scratch)
        cell.number_format = number_format
        styles.by_kind[kind] = cell._style  # type: ignore[attr-defined]  # stubs list _style only in __slots__
    quoted = WriteOnlyCell(scratch)
    quoted.quotePrefix = True
    styles.quoted = quoted._style  # type: ignore[attr-defined]  # stubs list _style only in __slots__
    header = WriteOnlyCell(scratch)
    header.font, header.fill, header.alignment, header.border = (
        HEADER_FONT,
        HEADER_FILL,
        HEADER_ALIGNMENT,
        HEADER_BORDER,
    )
    styles.header = header._style  # type: ignore[attr-defined]  # stubs list _style only in __slots__
    wb.remove(scratch)
    return styles


ProgressSink = Callable[[float], None]


def write_workbook(path: Path | str, sheets: Sequence[Sheet], progress: ProgressSink | None = None) -> None:
    """Write the sheets into one xlsx at `path`. `progress` is called with the share of rows
    written (0–1), exactly :data:`CHECKPOINTS` times per sheet."""
    wb = Workbook(write_only=True)
    styles = _prepare_styles(wb)
    weights = [max(sheet.total, 1) for sheet in sheets]
    grand_total = sum(weights) or 1
    done_before = 0
    for sheet, weight in zip(sheets, weights, strict=True):
        ws = wb.create_sheet(sheet.title[:31])
        for index, column in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width or DEFAULT_WIDTHS[column.kind]
        ws.freeze_panes = f"{get_column_letter(sheet.frozen_columns + 1)}2"
        writer = _Writer(ws, styles, sheet.columns)
        ws.append([writer._styled(styles.header, plain_text(c.header)) for c in sheet.columns])

        total = max(sheet.total, 0)
        marks = [math.ceil(k * total / CHECKPOINTS) for k in range(1, CHECKPOINTS + 1)]
        next_mark = 0
        written = 0
        for values in sheet.rows:
            ws.append(writer.row(values))
            written += 1
            while next_mark < CHECKPOINTS and marks[next_mark] <= written:
                next_mark += 1
                if progress:
                    progress((done_before + weight * next_mark / CHECKPOINTS) / grand_total)
        while next_mark < CHECKPOINTS:  # fewer rows than counted (or none): report the rest now
            next_mark += 1
            if progress:
                progress((done_before + weight * next_mark / CHECKPOINTS) / grand_total)
        done_before += weight
        if sheet.auto_filter and sheet.columns:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{written + 1}"
    wb.save(str(path))


def info_sheet(title: str, pairs: Sequence[tuple[str, Any]]) -> Sheet:
    """A two-column sheet of label → value (what the report is, for whom, when, with which filters)."""
    return Sheet(
        title=title,
        columns=[Column(pgettext("excel report", "Item"), width=16), Column(_("Value"), width=60)],
        rows=[(label, _as_text(value)) for label, value in pairs],
        total=len(pairs),
        auto_filter=False,
    )


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return excel_datetime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
