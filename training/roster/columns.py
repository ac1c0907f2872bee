"""The roster's columns, the words accepted in them, the limits, and what a check returns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from common.xlsx.cells import Column, fold_word, header_keys
from employees.models import PositionClass, Tier

MAX_MB = 5
MAX_BYTES = MAX_MB * 1024 * 1024
MAX_ROWS = 20_000
# Above this many rows a file is checked and imported by the Celery worker, with a progress bar.
SYNC_ROWS = 1_000
# An .xlsx sheet that inflates to more than this (a roster of 1,000 rows takes about 300 KB), or an .xls / .ods
# file larger than this, is not opened within the request at all: the worker reads and checks it.
SYNC_BYTES = 1024 * 1024
# The budget of a sheet: values further down or right are refused before the rows are laid out.
MAX_SHEET_ROWS = MAX_ROWS + 1_001  # the header, the rows, and room for blank rows between them
MAX_COLUMNS = 50
# A 5 MB zip can inflate to gigabytes. A 20,000-row roster inflates to about 10 MB.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100  # inflated / compressed size of one member, checked for members over 1 MB
RATIO_FROM_BYTES = 1024 * 1024
PREVIEW_ROWS = 200
MAX_PROBLEMS = 1_000  # kept on the RosterImport; the rest are counted
MAX_FORMULA_CELLS = 20  # named in the refusal; the rest are counted
BATCH_SIZE = 1_000  # rows per INSERT (SQLite caps it lower: 999 parameters a statement)
PROGRESS_EVERY = 500  # rows between two progress updates of a background check or import
SHEET_NAME = "花名册"
GUIDE_SHEET = "说明"
EXAMPLE_MARK = "【示例】"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


COLUMNS: tuple[Column, ...] = (
    Column(
        "employee_no",
        "工号",
        ("员工编号", "员工工号", "employee no", "employee number", "staff no"),
        True,
        12,
        gettext_lazy(
            "The employee number; it is also the login name. Letters, digits and . @ + - _ only, at most 32 "
            "characters, unique."
        ),
    ),
    Column("name", "姓名", ("名字", "员工姓名", "name", "full name"), True, 12, gettext_lazy("Full name.")),
    Column(
        "position_class",
        "岗位类别",
        ("岗位", "岗位分类", "position", "position class"),
        True,
        10,
        gettext_lazy("售前, 售中 or 售后 (English also works: pre-sale, in-sale, after-sale)."),
    ),
    Column(
        "tier",
        "层级",
        ("分级", "员工层级", "培训层级", "tier"),
        False,
        10,
        gettext_lazy(
            "新员工, 老员工 or 晋升 (or new hire, veteran, promotion). Empty means the cohort's tier; another "
            "tier than the cohort's is refused."
        ),
    ),
    Column(
        "phone",
        "手机号",
        ("手机", "手机号码", "电话", "联系电话", "phone", "mobile"),
        False,
        14,
        gettext_lazy("Optional. A mainland mobile number (11 digits) or a landline such as 0571-88886666."),
    ),
    Column(
        "email",
        "邮箱",
        ("电子邮箱", "邮件", "email", "e-mail"),
        False,
        22,
        gettext_lazy("Optional. An e-mail address for reminders."),
    ),
    Column(
        "hire_date",
        "入职日期",
        ("入职时间", "hire date", "start date"),
        False,
        12,
        gettext_lazy("Optional. An Excel date, or 2026-11-16, 2026/11/16, 2026年11月16日 or 20261116. Empty: today."),
    ),
    Column(
        "team",
        "团队/店铺",
        ("团队", "店铺", "小组", "team", "shop"),
        False,
        14,
        gettext_lazy("Optional. The team or shop, at most 100 characters."),
    ),
    Column(
        "mentor",
        "师傅工号",
        ("导师工号", "mentor", "mentor no", "mentor employee no"),
        False,
        12,
        gettext_lazy(
            "Optional. The employee number of the mentor (师傅): an existing employee who already works on their "
            "own. Not a person of this file."
        ),
    ),
    Column(
        "password",
        "初始密码",
        ("密码", "initial password", "password"),
        False,
        14,
        gettext_lazy(
            "Optional. A first password you have already given the person; they must change it at their first "
            "login. Leave empty and the portal creates a one-time password for you to hand out after the import."
        ),
    ),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
# Free text: a formula typed there (a name starting with "=", "+" or "-" is one to Excel) is kept as typed.
TEXT_KEYS = ("name", "team")
REQUIRED_KEYS = tuple(column.key for column in COLUMNS if column.required)


def column_guide() -> list[tuple[str, bool, Promise]]:
    """(header, required, what to write) for the upload page and the template's 说明 sheet."""
    return [(column.header, column.required, column.help) for column in COLUMNS]


def fold(value: str) -> str:
    """Compare-form of a word: full-width to half-width, case, spaces, - and _ ignored."""
    return fold_word(value, r"[\s_\-]+")


def header_key(value: str) -> str:
    # "工号*", "工号（必填）", "Employee_No" and "团队／店铺" all name their column.
    return re.sub(r"[*/]|\((必填|选填|可选|required|optional)\)", "", fold(value))


HEADER_KEYS: dict[str, str] = header_keys(COLUMNS, header_key)


def _words(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {fold(word): value for value, words in table.items() for word in words}


POSITION_WORDS = _words(
    {
        PositionClass.PRE_SALE: ("售前", "售前客服", "pre-sale", "pre-sales", "pre_sale", "presale", "pre sale"),
        PositionClass.IN_SALE: ("售中", "售中客服", "in-sale", "in-sales", "in_sale", "insale", "in sale"),
        PositionClass.AFTER_SALE: (
            "售后",
            "售后客服",
            "after-sale",
            "after-sales",
            "after_sale",
            "aftersale",
            "after sale",
            "post-sale",
        ),
    }
)
TIER_WORDS = _words(
    {
        Tier.NEW_HIRE: ("新员工", "新人", "新入职", "new hire", "new_hire", "new", "new employee"),
        Tier.VETERAN: ("老员工", "回炉", "veteran", "experienced"),
        Tier.PROMOTION: ("晋升", "晋升通道", "储备干部", "promotion", "promotion track", "reserve cadre"),
    }
)
# The Chinese words of the template's drop-down lists, in the model's order.
POSITION_CHOICES = ("售前", "售中", "售后")
TIER_CHOICES = ("新员工", "老员工", "晋升")
TIER_CHINESE = dict(zip(Tier.values, TIER_CHOICES, strict=True))


# ---------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: the Excel row (None for the file as a whole), the column as the file
    names it, and a message for HR."""

    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(slots=True)
class RosterRow:
    """One employee as read from the file; complete only when the file has no problems."""

    row: int
    employee_no: str = ""
    name: str = ""
    position_class: str = ""
    tier: str = ""
    phone: str = ""
    email: str = ""
    hire_date: date | None = None
    team: str = ""
    mentor_no: str = ""
    # Never shown and never stored: it is hashed on import, and the file is deleted afterwards.
    password: str = field(default="", repr=False)
    mentor_id: int | None = None
    mentor_user_id: int | None = None
    mentor_name: str = ""
    has_problems: bool = False
    # 工号 was a number cell (Excel or LibreOffice drops leading zeros): see reading._restore_numbers.
    number_cell: bool = False
    # What the file said in cells that could not be read, for the preview.
    shown: dict[str, str] = field(default_factory=dict)

    def label(self, key: str) -> str:
        """A cell as the preview shows it: the value read, or what the file said if it could not be read."""
        if key in self.shown:
            return self.shown[key]
        if key == "position_class":
            return str(PositionClass(self.position_class).label) if self.position_class else ""
        if key == "tier":
            return str(Tier(self.tier).label) if self.tier else ""
        if key == "hire_date":
            return self.hire_date.isoformat() if self.hire_date else ""
        if key == "mentor":
            return f"{self.mentor_name}（{self.mentor_no}）" if self.mentor_name else self.mentor_no
        return str(getattr(self, key))

    @property
    def cells(self) -> list[str]:
        """The row as the preview shows it, in the template's column order; a given password is masked."""
        return [("••••••" if self.password else "") if c.key == "password" else self.label(c.key) for c in COLUMNS]


@dataclass
class Header:
    """Where each known column is (index) and what the file calls it (label)."""

    index: dict[str, int] = field(default_factory=dict)
    label: dict[str, str] = field(default_factory=dict)
    ignored: set[int] = field(default_factory=set)  # columns the import does not know: left out

    def name(self, key: str) -> str:
        return self.label.get(key, COLUMN_BY_KEY[key].header)


@dataclass
class RosterCheck:
    """What ``check_roster`` found. ``refused``: the file as a whole cannot be imported (see the problems)."""

    rows: list[RosterRow]
    problems: list[Problem]
    refused: bool = False
    total_rows: int = 0
    passwords_given: int = 0
    notes: list[Problem] = field(default_factory=list)  # what was left out or restored; nothing to correct

    @property
    def ok(self) -> bool:
        """True when there is something to import and nothing wrong with it."""
        return bool(self.rows) and not self.problems and not self.refused


def refused(*messages: str, row: int | None = None, column: str = "") -> RosterCheck:
    """A check that refuses the whole file with these messages."""
    return RosterCheck(rows=[], problems=[Problem(row, column, m) for m in messages], refused=True)
