"""The workbooks the roster import writes: the template to fill in and the sheet of one-time passwords."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from common.xlsx.templates import drop_down, guide_sheet, template_sheet
from training.models import Cohort

from .columns import (
    COLUMNS,
    EXAMPLE_MARK,
    GUIDE_SHEET,
    MAX_MB,
    MAX_ROWS,
    POSITION_CHOICES,
    SHEET_NAME,
    TIER_CHINESE,
    TIER_CHOICES,
    column_guide,
)
from .passwords import IssuedPassword


def safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is written with a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def password_sheet(issued: list[IssuedPassword]) -> bytes:
    """工号 / 姓名 / 初始密码 to print and hand out; written once, kept nowhere."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("初始密码")
    for letter, width in (("A", 14), ("B", 14), ("C", 18)):
        sheet.column_dimensions[letter].width = width
    bold = Font(bold=True)
    head = []
    for title in ("工号", "姓名", "初始密码"):
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    for item in issued:
        sheet.append([safe(item.employee_no), safe(item.name), item.password])
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def build_template(cohort: Cohort) -> bytes:
    """The roster template: headers on a frozen first row, text-formatted code columns (leading zeros stay),
    an example row, drop-down lists for 岗位类别 and 层级, and the 说明 sheet explaining every column."""
    workbook = Workbook()
    sheet = template_sheet(workbook, SHEET_NAME, COLUMNS, alignment=Alignment(horizontal="center"))
    letters = {column.key: get_column_letter(i) for i, column in enumerate(COLUMNS, start=1)}
    example = {
        "employee_no": "K2611001",
        "name": f"{EXAMPLE_MARK}张小花",
        "position_class": "售前",
        "tier": TIER_CHINESE[cohort.tier],
        "phone": "13800138000",
        "email": "zhangxh@example.com",
        "hire_date": cohort.start_date,
        "team": "旗舰店",
        "mentor": "",
        "password": "",
    }
    sheet.append([example[column.key] for column in COLUMNS])
    last = MAX_ROWS + 1
    # Text format, so that Excel keeps 0012 and does not turn 13800138000 into 1.38E+10.
    for key in ("employee_no", "phone", "mentor", "password"):
        for row in range(2, 202):
            sheet[f"{letters[key]}{row}"].number_format = "@"
    for row in range(2, 202):
        sheet[f"{letters['hire_date']}{row}"].number_format = "yyyy-mm-dd"
    for key, words in (("position_class", POSITION_CHOICES), ("tier", TIER_CHOICES)):
        drop_down(sheet, letters[key], last, '"' + ",".join(words) + '"', allow_blank=key != "position_class")

    notes = (
        _("One employee per row on the sheet “%(sheet)s”; row 1 holds the headers.") % {"sheet": SHEET_NAME},
        _("Replace the example row (its name starts with %(mark)s) with your own rows, or delete it.")
        % {"mark": EXAMPLE_MARK},
        _("Type values, not formulas: a file with formulas is refused."),
        _("At most %(rows)s rows and %(mb)s MB per file.")
        % {"rows": number_format(MAX_ROWS, force_grouping=True), "mb": MAX_MB},
        _("The whole file is imported, or nothing is: every problem is listed by row and column first."),
        _(
            "After the import, create the one-time passwords on the result page and hand them out; everyone sets "
            "their own password at their first login."
        ),
    )
    guide_sheet(workbook, GUIDE_SHEET, column_guide(), notes, first_width=12)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
