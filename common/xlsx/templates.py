"""Writing an import's template (the question import and the roster import): ``template_sheet``, ``drop_down``
and ``guide_sheet`` write its header row, its drop-down lists and its 说明 sheet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .cells import Column
from .render import HEADER_FILL, HEADER_FONT

WRAP = Alignment(wrap_text=True, vertical="top")


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
