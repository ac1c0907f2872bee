"""Reading a roster file: the file as a whole, the header row, every row, and the checks against the database."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.db.models.functions import Upper
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from common.xlsx.cells import Cell, header_labels, twice_message, unheaded_message
from common.xlsx.upload import (
    Limits,
    Refusals,
    Sheet,
    SheetError,
    check_upload,
    format_of,
    open_sheet,
    read_upload,
    size_of,
)
from employees.models import Employee
from training.models import Cohort

from .checks import database_problems
from .columns import (
    COLUMN_BY_KEY,
    COLUMNS,
    GUIDE_SHEET,
    HEADER_KEYS,
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_FORMULA_CELLS,
    MAX_MB,
    MAX_PROBLEMS,
    MAX_RATIO,
    MAX_ROWS,
    MAX_SHEET_ROWS,
    MAX_UNPACKED_BYTES,
    PREVIEW_ROWS,
    PROGRESS_EVERY,
    RATIO_FROM_BYTES,
    REQUIRED_KEYS,
    SHEET_NAME,
    SYNC_BYTES,
    SYNC_ROWS,
    Header,
    Problem,
    RosterCheck,
    RosterRow,
    header_key,
    refused,
)
from .rows import RowReader, blank

Progress = Callable[[int], None]


_LIMITS = Limits(
    max_bytes=MAX_BYTES,
    max_mb=MAX_MB,
    max_unpacked_bytes=MAX_UNPACKED_BYTES,
    max_rows=MAX_SHEET_ROWS,
    max_columns=MAX_COLUMNS,
    max_ratio=MAX_RATIO,
    ratio_from_bytes=RATIO_FROM_BYTES,
)


def _refusals() -> Refusals:
    """Why the upload cannot be an Excel workbook, or is too big or a zip bomb, in the words of a roster."""

    def inflated(unpacked: int) -> str:
        return _(
            "The file inflates to %(size)s when opened, far more than a roster of %(rows)s rows can hold. It is "
            "refused to protect the server. Copy the roster into the template and upload that file."
        ) % {"size": filesizeformat(unpacked), "rows": number_format(MAX_ROWS, force_grouping=True)}

    return Refusals(
        empty=_("The file is empty. Choose the Excel file with the roster."),
        too_large=_(
            "The file is too large (%(size)s); the limit is %(limit)s MB. Split the roster into several files."
        ),
        inflated=inflated,
    )


def _pick_sheet(names: list[str]) -> int:
    """The sheet named 花名册, else the first sheet that is not the template's 说明."""
    if SHEET_NAME in names:
        return names.index(SHEET_NAME)
    for index, title in enumerate(names):
        if title != GUIDE_SHEET:
            return index
    return 0


def _open(upload: IO[bytes], *, name: str, nrows: int | None = None) -> Sheet:
    """The roster's sheet, within the budget of rows and columns (SheetError otherwise)."""
    return open_sheet(
        upload, name=name, choose=_pick_sheet, max_rows=_LIMITS.max_rows, max_columns=_LIMITS.max_columns, nrows=nrows
    )


def _sheet_bytes(upload: IO[bytes], *, name: str) -> int:
    """What reading the file will cost, without reading it: the inflated size of an .xlsx's largest sheet as
    its zip directory declares it, or the size of an .xls or .ods."""
    if format_of(name) != "xlsx":
        return size_of(upload)
    try:
        with zipfile.ZipFile(upload) as archive:
            sheets = [m.file_size for m in archive.infolist() if m.filename.startswith("xl/worksheets/")]
    except (zipfile.BadZipFile, ValueError, OSError):
        return 0
    finally:
        upload.seek(0)
    return max(sheets, default=0)


def _read_header(cells: list[tuple[Any, str]]) -> tuple[Header, list[Problem], list[Problem]]:
    """Map row 1 to columns: (the map, problems, notes). A problem here refuses the whole file (its rows cannot
    be read reliably); a column the import does not know (备注, remarks…) is left out with a note."""
    header = Header()
    problems: list[Problem] = []
    notes: list[Problem] = []
    known = "、".join(column.header for column in COLUMNS)
    for index, label, formula in header_labels(cells):
        if formula:
            problems.append(
                Problem(
                    1, label, _("Row 1 holds a formula (%(formula)s): type the header itself.") % {"formula": label}
                )
            )
            continue
        key = HEADER_KEYS.get(header_key(label))
        if key is None:
            header.ignored.add(index)
            notes.append(
                Problem(
                    1,
                    label,
                    _("The column “%(header)s” is not one of the template's, so it is not imported.")
                    % {"header": label},
                )
            )
        elif key in header.index:
            problems.append(Problem(1, label, twice_message(label, header.label[key])))
        else:
            header.index[key] = index
            header.label[key] = label
    for key in REQUIRED_KEYS:
        if key not in header.index:
            problems.append(
                Problem(
                    1,
                    COLUMN_BY_KEY[key].header,
                    _("The column “%(header)s” is missing. Row 1 must hold the template's headers: %(known)s.")
                    % {"header": COLUMN_BY_KEY[key].header, "known": known},
                )
            )
    return header, problems, notes


@dataclass
class UploadInspection:
    """The quick look at an upload: file-level refusals and header problems, and about how many rows."""

    problems: list[Problem]
    estimated_rows: int = 0
    notes: list[Problem] = field(default_factory=list)


def inspect_upload(upload: IO[bytes], *, name: str, size: int | None = None) -> UploadInspection:
    """Refuse what is not a roster at all (file checks, then row 1) and tell a small file (checked within the
    request) from a large one (checked by the worker) cheaply: a sheet over SYNC_BYTES is not even opened here,
    its header is checked by the worker with everything else."""
    size = size_of(upload) if size is None else size
    problem = check_upload(upload, name=name, size=size, limits=_LIMITS, refusals=_refusals())
    if problem:
        return UploadInspection([Problem(None, "", problem)])
    sheet_bytes = _sheet_bytes(upload, name=name)
    if sheet_bytes > SYNC_BYTES:
        return UploadInspection([], min(MAX_ROWS, max(SYNC_ROWS + 1, sheet_bytes // 400)))
    try:
        sheet = _open(upload, name=name)
    except SheetError as error:
        return UploadInspection([Problem(None, "", str(error))])
    first = sheet.rows[0][1] if sheet.rows else []
    counted = sum(1 for _number, cells in sheet.rows[1:] if not all(blank(value) for value, _type in cells))
    if all(blank(value) for value, _type in first):
        return UploadInspection([Problem(1, "", _empty_header())])
    # Formulas in row 1 are refused by the full check; here every header is taken as text.
    _header, problems, notes = _read_header([(value, "n") for value, _type in first])
    return UploadInspection(problems, counted, notes)


def _empty_header() -> str:
    return _("Row 1 of the sheet is empty. Put the template's headers in row 1 and one employee per row below it.")


def _formula_refusal(cells: list[str], count: int) -> str:
    named = ", ".join(cells[:MAX_FORMULA_CELLS])
    more = count - min(count, MAX_FORMULA_CELLS)
    message = _(
        "Cells hold formulas: %(cells)s. Formulas are not imported: type the values themselves (in Excel or WPS: "
        "copy the cells, then Paste Special → Values)."
    ) % {"cells": named}
    if more:
        message += " " + _("And %(count)s more cells.") % {"count": number_format(more, force_grouping=True)}
    return message


def check_roster(
    upload: IO[bytes],
    *,
    name: str,
    cohort: Cohort,
    size: int | None = None,
    progress: Progress | None = None,
    check_database: bool = True,
    limit: int | None = None,
) -> RosterCheck:
    """Read and check a roster: every row and every column, every problem with its row and column. Never writes.

    ``limit`` reads only the first rows (the preview's table) and skips the file-wide checks that need every row.
    Four queries however long the file (see ``checks.database_problems``).
    """
    sheet = read_upload(
        upload,
        name=name,
        size=size,
        limits=_LIMITS,
        refusals=_refusals(),
        choose=_pick_sheet,
        nrows=None if limit is None else limit + 1,
    )
    if isinstance(sheet, str):
        return refused(sheet)
    result = _read_sheet(sheet.rows, cohort=cohort, progress=progress, limit=limit)
    if result.refused:
        return result
    _restore_numbers(result, reader_header=COLUMN_BY_KEY["employee_no"].header)
    if limit is not None:
        return result
    if not result.rows:
        return refused(_("The file has no employees: there is nothing below the header row."))
    if check_database:
        result.problems.extend(database_problems(result.rows, cohort))
    _finish(result)
    return result


def _read_sheet(
    sheet_rows: list[tuple[int, list[Cell]]], *, cohort: Cohort, progress: Progress | None, limit: int | None
) -> RosterCheck:
    rows_iter = iter(sheet_rows)
    _first_number, cells = next(rows_iter, (1, []))
    if all(blank(value) for value, _type in cells):
        return refused(_empty_header(), row=1)
    header, header_problems, notes = _read_header(cells)
    if header_problems:
        return RosterCheck(rows=[], problems=header_problems, refused=True)
    reader = RowReader(header, cohort, check_passwords=limit is None)
    result = RosterCheck(rows=[], problems=[], notes=notes)
    formulas: list[str] = []
    formula_count = 0
    unheaded: dict[int, int] = {}  # column index → first row with a value there
    for number, row_cells in rows_iter:
        values = [value for value, _type in row_cells]
        if all(blank(value) for value in values):
            continue
        result.total_rows += 1
        if result.total_rows > MAX_ROWS:
            return refused(
                _("The file has more than %(max)s rows of employees. Split it into files of at most %(max)s rows.")
                % {"max": number_format(MAX_ROWS, force_grouping=True)}
            )
        for index, (value, data_type) in enumerate(row_cells):
            if data_type == "f" and index in reader.text_columns:
                continue  # a formula in a text column is kept as the text that was typed (see rows.py)
            if data_type == "f" and index not in header.ignored:
                formula_count += 1
                if len(formulas) < MAX_FORMULA_CELLS:
                    formulas.append(f"{get_column_letter(index + 1)}{number}")
            elif (
                index not in reader.headed
                and index not in header.ignored
                and index not in unheaded
                and not blank(value)
            ):
                unheaded[index] = number
        if formula_count:
            continue  # the file is refused; keep scanning only to name every formula cell
        row, problems = reader.read(number, values)
        result.rows.append(row)
        result.problems.extend(problems)
        if row.password:
            result.passwords_given += 1
        if progress and result.total_rows % PROGRESS_EVERY == 0:
            progress(result.total_rows)
        if limit is not None and len(result.rows) >= limit:
            return result
    if formula_count:
        refusal = refused(_formula_refusal(formulas, formula_count))
        refusal.total_rows = result.total_rows
        return refusal
    for index, row_number in sorted(unheaded.items()):
        letter, message = unheaded_message(index)
        result.problems.append(Problem(row_number, letter, message))
    if progress:
        progress(result.total_rows)
    return result


def _restore_numbers(result: RosterCheck, *, reader_header: str) -> None:
    """工号 that were number cells: Excel and LibreOffice turn 00123 into 123 unless the column is text.

    Where the file's other 工号 of digits only are written as text with one width, a shorter number is padded
    with zeros to that width and the preview notes it. Where the only evidence is other numbers, a number shorter
    than the longest is a problem: nothing tells whether zeros were lost. Numbers of the longest width are kept,
    with one note, since nothing says they lost anything. Nothing is changed silently.
    """
    numbers = [row for row in result.rows if row.number_cell and row.employee_no.isdigit()]
    if not numbers:
        return
    text_widths = {len(row.employee_no) for row in result.rows if not row.number_cell and row.employee_no.isdigit()}
    widest = max(text_widths | {len(row.employee_no) for row in numbers})
    for row in numbers:
        written = row.employee_no
        if len(written) >= widest:
            continue
        if len(text_widths) == 1 and widest in text_widths:
            row.employee_no = written.zfill(widest)
            result.notes.append(
                Problem(
                    row.row,
                    reader_header,
                    _(
                        "The employee number was a number in the file (%(number)s), so its leading zeros were lost; "
                        "it is read as %(restored)s, as wide as the other rows."
                    )
                    % {"number": written, "restored": row.employee_no},
                )
            )
        else:
            result.problems.append(
                Problem(
                    row.row,
                    reader_header,
                    _(
                        "The employee number %(number)s is a number in the file and shorter than others (%(width)s "
                        "digits): leading zeros may have been lost. Format the 工号 column as text, type the numbers "
                        "as they should be and upload the file again."
                    )
                    % {"number": written, "width": widest},
                )
            )


def _finish(result: RosterCheck) -> None:
    """Mark the rows with problems and put the problems in row order (file-level ones first)."""
    with_problems = {p.row for p in result.problems}
    for row in result.rows:
        row.has_problems = row.row in with_problems
    result.problems.sort(key=lambda p: p.row or 0)


def stored_problems(problems: list[Problem]) -> list[dict[str, Any]]:
    """The problems as kept on a RosterImport: at most MAX_PROBLEMS, then one line counting the rest."""
    kept = [p.as_dict() for p in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        kept.append(
            Problem(
                None,
                "",
                _("And %(count)s more problems. Correct the ones above and upload the file again to see the rest.")
                % {"count": number_format(more, force_grouping=True)},
            ).as_dict()
        )
    return kept


def preview_rows(upload: IO[bytes], *, name: str, cohort: Cohort) -> list[RosterRow]:
    """The first PREVIEW_ROWS rows as read, with their mentors' names (one query), for the preview page."""
    result = check_roster(upload, name=name, cohort=cohort, limit=PREVIEW_ROWS)
    numbers = {row.mentor_no.upper() for row in result.rows if row.mentor_no}
    if numbers:
        names = dict(
            Employee.objects.annotate(key=Upper("employee_no")).filter(key__in=numbers).values_list("key", "name")
        )
        for row in result.rows:
            row.mentor_name = names.get(row.mentor_no.upper(), "")
    return result.rows
