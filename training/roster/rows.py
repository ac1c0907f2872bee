"""Reading one row of the roster: every column checked, every problem collected with its column."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from common.xlsx.cells import CellError, blank
from common.xlsx.cells import cell_text as text
from employees.models import Tier, phone_validator
from training.models import Cohort

from .columns import EXAMPLE_MARK, POSITION_WORDS, TEXT_KEYS, TIER_WORDS, Header, Problem, RosterRow, fold

_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_TIME_OF_DAY = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")  # "2026-11-16 00:00:00" as text
EARLIEST_DATE, LATEST_DATE = date(1970, 1, 1), date(2100, 12, 31)
_login_name = UnicodeUsernameValidator()
# "+86 138 0013 8000", "0086-138-0013-8000", "(+86)13800138000": the country code of the mainland, then a mobile.
_COUNTRY_CODE = re.compile(r"^(?:\+|00)?\(?(?:\+|00)?86\)?(?=1[3-9]\d{9}$)")


def phone(raw: str) -> str:
    """A phone as stored: spaces, dashes and dots between the digits of a mobile dropped, the mainland's
    country code (+86, 0086) too, so that "+86 138-0013-8000" is 13800138000 like any other mobile. A landline
    keeps its area-code dash."""
    compact = re.sub(r"\s+", "", raw)
    mobile = _COUNTRY_CODE.sub("", re.sub(r"[\s.\-]+", "", compact))
    if re.fullmatch(r"1[3-9]\d{9}", mobile):
        return mobile
    return compact


def code(value: Any) -> str:
    """Text of a code-like cell (工号, phone, e-mail): full-width digits and letters made half-width."""
    return unicodedata.normalize("NFKC", text(value))


def _date(value: Any) -> date:
    """An Excel date, an Excel serial number, 20261116, or text such as 2026-11-16 / 2026/11/16 / 2026年11月16日."""
    if isinstance(value, datetime):
        found = value.date()
    elif isinstance(value, date):
        found = value
    elif isinstance(value, bool):
        raise CellError(_("“%(value)s” is not a date.") % {"value": text(value)})
    elif isinstance(value, int | float) and float(value).is_integer() and 19000101 <= value <= 21001231:
        found = _date(str(int(value)))
    elif isinstance(value, int | float) and 1 <= value < 100_000:
        found = from_excel(value).date()  # a date cell that lost its format: Excel's serial day number
    else:
        written = _TIME_OF_DAY.sub("", code(value).strip())
        match = _DATE_TEXT.match(written) or _DATE_COMPACT.match(written)
        if not match:
            raise CellError(
                _(
                    "Write the hire date as a date, such as 2026-11-16, 2026/11/16, 2026年11月16日 or 20261116; "
                    "“%(value)s” is not one."
                )
                % {"value": text(value)}
            )
        try:
            found = date(*(int(part) for part in match.groups()))
        except ValueError:
            raise CellError(_("“%(value)s” is not a real date.") % {"value": text(value)})
    if not EARLIEST_DATE <= found <= LATEST_DATE:
        raise CellError(_("The hire date %(value)s is not plausible.") % {"value": found.isoformat()})
    return found


def _messages(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


class RowReader:
    """Reads rows of one file against its header; collects problems with row number and column label."""

    def __init__(self, header: Header, cohort: Cohort | None, *, check_passwords: bool = True) -> None:
        self.header = header
        self.cohort = cohort
        self.check_passwords = check_passwords
        self.positions = list(header.index.items())
        self.headed = set(header.index.values())
        self.text_columns = {header.index[key] for key in TEXT_KEYS if key in header.index}

    def read(self, number: int, values: list[Any]) -> tuple[RosterRow, list[Problem]]:
        """One row. A formula cell in a text column comes as the formula's text ("=…") and is kept as typed;
        a formula anywhere else has refused the file before (``reading._read_sheet``)."""
        row = RosterRow(row=number)
        problems: list[Problem] = []
        cell: dict[str, Any] = {key: values[index] if index < len(values) else None for key, index in self.positions}
        raw_no = cell.get("employee_no")
        row.number_cell = isinstance(raw_no, int | float) and not isinstance(raw_no, bool)

        def add(key: str, message: str, shown: str | None = None) -> None:
            problems.append(Problem(number, self.header.name(key), message))
            if shown is not None:
                row.shown[key] = shown

        # 工号: the login name.
        row.employee_no = code(cell.get("employee_no"))
        if not row.employee_no:
            add("employee_no", _("The employee number is empty."))
        elif len(row.employee_no) > 32:
            add("employee_no", _("An employee number can be at most 32 characters long."))
        elif row.employee_no.startswith(EXAMPLE_MARK):
            add("employee_no", _("This is the template's example row. Replace it with a real employee, or delete it."))
        else:
            try:
                _login_name(row.employee_no)
            except ValidationError:
                add(
                    "employee_no",
                    _(
                        "The employee number “%(value)s” is also the login name: use only letters, digits and "
                        ". @ + - _ (no spaces)."
                    )
                    % {"value": row.employee_no},
                )

        # 姓名
        row.name = text(cell.get("name"))
        if not row.name:
            add("name", _("The name is empty."))
        elif row.name.startswith(EXAMPLE_MARK):
            add("name", _("This is the template's example row. Replace it with a real employee, or delete it."))
        elif len(row.name) > 64:
            add("name", _("A name can be at most 64 characters long."))

        # 岗位类别
        raw = text(cell.get("position_class"))
        row.position_class = POSITION_WORDS.get(fold(raw), "") if raw else ""
        if not raw:
            add("position_class", _("The position class is empty. Write 售前, 售中 or 售后."))
        elif not row.position_class:
            add(
                "position_class",
                _("Unknown position class “%(value)s”. Write 售前, 售中 or 售后 (or pre-sale, in-sale, after-sale).")
                % {"value": raw},
                raw,
            )

        # 层级: empty means the cohort's tier; another tier is refused.
        raw = text(cell.get("tier"))
        cohort_tier = self.cohort.tier if self.cohort else ""
        row.tier = TIER_WORDS.get(fold(raw), "") if raw else cohort_tier
        if raw and not row.tier:
            add(
                "tier",
                _("Unknown tier “%(value)s”. Write 新员工, 老员工 or 晋升 (or new hire, veteran, promotion).")
                % {"value": raw},
                raw,
            )
        elif self.cohort and row.tier != cohort_tier:
            add(
                "tier",
                _(
                    "This cohort trains the tier “%(cohort)s”, but the row says “%(value)s”. Import this person into "
                    "a cohort of their tier, or leave the column empty."
                )
                % {"cohort": Tier(cohort_tier).label, "value": raw},
                raw,
            )

        # 手机号 (optional): spaces and dashes between the digits of a mobile, and +86, are dropped.
        raw = code(cell.get("phone"))
        if raw:
            row.phone = phone(raw)
            try:
                phone_validator(row.phone)
            except ValidationError as error:
                add("phone", f"“{raw}”: {_messages(error)}", raw)

        # 邮箱 (optional)
        raw = code(cell.get("email"))
        if raw:
            row.email = raw
            if len(raw) > 254:
                add("email", _("An e-mail address can be at most 254 characters long."), raw)
            else:
                try:
                    validate_email(raw)
                except ValidationError:
                    add("email", _("“%(value)s” is not a valid e-mail address.") % {"value": raw}, raw)

        # 入职日期 (optional)
        raw_date = cell.get("hire_date")
        if not blank(raw_date):
            try:
                row.hire_date = _date(raw_date)
            except CellError as error:
                add("hire_date", str(error), text(raw_date))

        # 团队/店铺 (optional)
        row.team = text(cell.get("team"))
        if len(row.team) > 100:
            add("team", _("A team or shop name can be at most 100 characters long."))

        # 师傅工号 (optional): checked against the database later.
        row.mentor_no = code(cell.get("mentor"))

        # 初始密码 (optional): checked like any password; never echoed.
        raw_password = cell.get("password")
        if not blank(raw_password):
            row.password = text(raw_password)
            if self.check_passwords:
                account = User(username=row.employee_no, first_name=row.name, email=row.email)
                try:
                    validate_password(row.password, user=account)
                except ValidationError as error:
                    add("password", _("The initial password is refused: %(why)s") % {"why": _messages(error)})
        return row, problems
