"""Reading a roster file: the file as a whole, the header row, every row, and the checks against the database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any, TypedDict

from django.contrib.auth.models import User
from django.db.models.functions import Upper
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from common.xlsx.upload import (
    UploadRefusedError,
    UploadRules,
    header_labels,
    read_upload,
    read_workbook,
    twice_message,
    unheaded_message,
)
from employees.models import Employee, PositionClass, Status
from training.models import Cohort

from .columns import (
    COLUMN_BY_KEY,
    COLUMNS,
    GUIDE_SHEET,
    HEADER_KEYS,
    MAX_FORMULA_CELLS,
    MAX_MB,
    MAX_PROBLEMS,
    MAX_RATIO,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    PREVIEW_ROWS,
    PROGRESS_EVERY,
    RATIO_FROM_BYTES,
    REQUIRED_KEYS,
    SHEET_NAME,
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


def _inflated(unpacked: int) -> str:
    return _(
        "The file inflates to %(size)s when opened, far more than a roster of %(rows)s rows can hold. It is "
        "refused to protect the server. Copy the roster into the template and upload that file."
    ) % {"size": filesizeformat(unpacked), "rows": number_format(MAX_ROWS, force_grouping=True)}


# What a roster file may be (not too big, not a zip bomb), and the refusals of one that cannot be read at all.
_UPLOAD = UploadRules(
    max_mb=MAX_MB,
    max_unpacked_bytes=MAX_UNPACKED_BYTES,
    max_ratio=MAX_RATIO,
    ratio_from_bytes=RATIO_FROM_BYTES,
    empty=gettext_lazy("The file is empty. Choose the Excel file with the roster."),
    too_large=gettext_lazy(
        "The file is too large (%(size)s); the limit is %(limit)s MB. Split the roster into several files."
    ),
    inflated=_inflated,
)


def _pick_sheet(workbook: Any) -> Any:
    """The sheet named 花名册, else the first sheet that is not the template's 说明."""
    if SHEET_NAME in workbook.sheetnames:
        return workbook[SHEET_NAME]
    for sheet in workbook.worksheets:
        if sheet.title != GUIDE_SHEET:
            return sheet
    return workbook.worksheets[0]


def _read_header(cells: list[tuple[Any, str]]) -> tuple[Header, list[Problem]]:
    """Map row 1 to columns. Any problem here refuses the whole file: its rows cannot be read reliably."""
    header = Header()
    problems: list[Problem] = []
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
            problems.append(
                Problem(
                    1,
                    label,
                    _("Unknown column “%(header)s” in row 1. Remove it, or use the template's headers: %(known)s.")
                    % {"header": label, "known": known},
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
    return header, problems


@dataclass
class UploadInspection:
    """The quick look at an upload: file-level refusals and header problems, and about how many rows."""

    problems: list[Problem]
    estimated_rows: int = 0


def inspect_upload(upload: IO[bytes], *, name: str, size: int | None = None) -> UploadInspection:
    """Refuse what is not a roster at all (file checks, then row 1) and count the rows only as far as needed
    to tell a small file (checked within the request) from a large one (checked by the worker)."""
    try:
        first, declared, counted = read_upload(upload, _peek, name=name, size=size, rules=_UPLOAD)
    except UploadRefusedError as refusal:
        return UploadInspection([Problem(None, "", refusal.message)])
    finally:
        upload.seek(0)
    if all(blank(value) for value in first):
        return UploadInspection([Problem(1, "", _empty_header())])
    # Formulas in row 1 are refused by the full check; here every header is taken as text.
    _header, problems = _read_header([(value, "s") for value in first])
    if counted > SYNC_ROWS and declared:
        counted = min(max(counted, int(declared) - 1), MAX_ROWS)
    return UploadInspection(problems, counted)


def _peek(workbook: Any) -> tuple[tuple[Any, ...], Any, int]:
    """Row 1 of the roster's sheet, the number of rows the sheet declares, and the non-blank rows below row 1,
    counted up to one more than SYNC_ROWS."""
    sheet = _pick_sheet(workbook)
    declared = sheet.max_row  # the sheet's <dimension>, if it has one; only a hint for the progress bar
    sheet.reset_dimensions()
    rows = sheet.iter_rows(values_only=True)
    first = next(rows, ())
    counted = 0
    for values in rows:
        if not all(blank(value) for value in values):
            counted += 1
            if counted > SYNC_ROWS:
                break
    return first, declared, counted


def given_passwords(upload: IO[bytes], *, name: str) -> int:
    """How many rows give an initial password (0 if the file has no such column or cannot be read)."""
    try:
        return read_workbook(upload, _count_passwords)
    except UploadRefusedError:
        return 0
    finally:
        upload.seek(0)


def _count_passwords(workbook: Any) -> int:
    sheet = _pick_sheet(workbook)
    sheet.reset_dimensions()
    values = sheet.iter_rows(values_only=True)
    header, _problems = _read_header([(value, "s") for value in next(values, ())])
    index = header.index.get("password")
    if index is None:
        return 0
    return sum(1 for row in values if index < len(row) and not blank(row[index]))


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
    Four queries however long the file (see ``_check_database``).
    """

    def read(workbook: Any) -> RosterCheck:
        return _read_sheet(_pick_sheet(workbook), cohort=cohort, progress=progress, limit=limit)

    try:
        result = read_upload(upload, read, name=name, size=size, rules=_UPLOAD)
    except UploadRefusedError as refusal:
        return refused(refusal.message)
    if result.refused or limit is not None:
        return result
    if not result.rows:
        return refused(_("The file has no employees: there is nothing below the header row."))
    if check_database:
        result.problems.extend(_check_database(result.rows, cohort))
    _finish(result)
    return result


def _read_sheet(sheet: Any, *, cohort: Cohort, progress: Progress | None, limit: int | None) -> RosterCheck:
    # A wrong <dimension> would cut the rows short: read whatever the sheet holds.
    sheet.reset_dimensions()
    rows_iter = sheet.iter_rows()
    first = next(rows_iter, ())
    cells = [(cell.value, getattr(cell, "data_type", "n")) for cell in first]
    if all(blank(value) for value, _type in cells):
        return refused(_empty_header(), row=1)
    header, header_problems = _read_header(cells)
    if header_problems:
        return RosterCheck(rows=[], problems=header_problems, refused=True)
    reader = RowReader(header, cohort, check_passwords=limit is None)
    result = RosterCheck(rows=[], problems=[])
    formulas: list[str] = []
    formula_count = 0
    unheaded: dict[int, int] = {}  # column index → first row with a value there
    number = 1
    for number, row_cells in enumerate(rows_iter, start=2):
        values = [cell.value for cell in row_cells]
        if all(blank(value) for value in values):
            continue
        result.total_rows += 1
        if result.total_rows > MAX_ROWS:
            return refused(
                _("The file has more than %(max)s rows of employees. Split it into files of at most %(max)s rows.")
                % {"max": number_format(MAX_ROWS, force_grouping=True)}
            )
        for index, cell in enumerate(row_cells):
            if getattr(cell, "data_type", None) == "f":
                formula_count += 1
                if len(formulas) < MAX_FORMULA_CELLS:
                    formulas.append(f"{get_column_letter(index + 1)}{number}")
            elif index not in reader.headed and index not in unheaded and not blank(cell.value):
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


def _duplicates_in_file(rows: list[RosterRow], header: str) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for row in rows:
        if not row.employee_no:
            continue
        key = row.employee_no.upper()
        if key in first:
            problems.append(
                Problem(
                    row.row,
                    header,
                    _("The employee number %(no)s is already in row %(row)s of this file.")
                    % {"no": row.employee_no, "row": first[key]},
                )
            )
        else:
            first[key] = row.row
    return problems


class _Mentor(TypedDict):
    """What the checks read of a mentor named in the file."""

    pk: int
    user_id: int
    name: str
    status: str
    employee_no: str


def _check_database(rows: list[RosterRow], cohort: Cohort) -> list[Problem]:
    """The checks that need the database, in four queries whatever the number of rows: employee numbers and
    logins already taken, the mentors, and a plan for every position class."""
    from training.models import PlanTemplate
    from training.services import PlanError, pick_plan

    no_header = COLUMN_BY_KEY["employee_no"].header
    mentor_header = COLUMN_BY_KEY["mentor"].header
    problems = _duplicates_in_file(rows, no_header)
    numbers = {row.employee_no.upper() for row in rows if row.employee_no}
    taken_numbers = set(
        Employee.objects.annotate(key=Upper("employee_no")).filter(key__in=numbers).values_list("key", flat=True)
    )
    taken_logins = set(
        User.objects.annotate(key=Upper("username")).filter(key__in=numbers).values_list("key", flat=True)
    )
    mentor_numbers = {row.mentor_no.upper() for row in rows if row.mentor_no}
    mentors: dict[str, _Mentor] = {
        m["key"]: m
        for m in Employee.objects.annotate(key=Upper("employee_no"))
        .filter(key__in=mentor_numbers)
        .values("key", "pk", "user_id", "name", "status", "employee_no")
    }
    plans = list(PlanTemplate.objects.filter(is_active=True, tier=cohort.tier))
    plan_missing: dict[str, list[RosterRow]] = {}
    plan_ok: set[str] = set()
    for row in rows:
        key = row.employee_no.upper()
        if key and key in taken_numbers:
            problems.append(
                Problem(
                    row.row,
                    no_header,
                    _("The employee number %(no)s is already taken by an employee in the portal.")
                    % {"no": row.employee_no},
                )
            )
        elif key and key in taken_logins:
            problems.append(
                Problem(
                    row.row,
                    no_header,
                    _("The login %(no)s is already taken (the employee number is the login name).")
                    % {"no": row.employee_no},
                )
            )
        if row.mentor_no:
            problems.extend(_check_mentor(row, mentors, numbers, mentor_header))
        if row.position_class and row.position_class not in plan_ok:
            try:
                pick_plan(tier=cohort.tier, position_class=row.position_class, plans=plans)
            except PlanError:
                plan_missing.setdefault(row.position_class, []).append(row)
            else:
                plan_ok.add(row.position_class)
    for position_class, affected in plan_missing.items():
        problems.append(
            Problem(
                affected[0].row,
                COLUMN_BY_KEY["position_class"].header,
                _(
                    "No active plan of this cohort's tier serves %(class)s (%(count)s rows). Add one in the admin "
                    "under plan templates, or import these people into another cohort."
                )
                % {"class": PositionClass(position_class).label, "count": len(affected)},
            )
        )
    return problems


def _check_mentor(row: RosterRow, mentors: dict[str, _Mentor], numbers: set[str], header: str) -> list[Problem]:
    key = row.mentor_no.upper()
    mentor = mentors.get(key)
    if mentor is None:
        if key in numbers:
            message = _(
                "%(no)s is a new hire in this file and cannot mentor anyone yet. Name an existing employee who "
                "already works on their own, or leave the mentor empty and assign one later."
            )
        else:
            message = _(
                "No employee has the number %(no)s. Write the employee number of an existing mentor, or leave it empty."
            )
        row.shown["mentor"] = row.mentor_no
        return [Problem(row.row, header, message % {"no": row.mentor_no})]
    row.mentor_id, row.mentor_user_id, row.mentor_name = mentor["pk"], mentor["user_id"], mentor["name"]
    if mentor["status"] != Status.LIVE:
        return [
            Problem(
                row.row,
                header,
                _("%(name)s (%(no)s) is “%(status)s”, not live: only employees who work on their own can mentor.")
                % {"name": mentor["name"], "no": mentor["employee_no"], "status": Status(mentor["status"]).label},
            )
        ]
    return []


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
