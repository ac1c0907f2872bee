"""Checking a performance export before anything is saved: the header row found by its account column, each
known header read as its metric through the aliases, every row's figures and period, summary rows left out,
accounts matched to employees, and the rows an import would replace. Never writes."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import IO, Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.xlsx.cells import CellError, blank, cell_text

from ..metrics import ACCOUNT_ALIASES, DATE_ALIASES, METRICS
from ..models import CsAccount, KpiRecord, account_key
from .files import HEADER_SEARCH_ROWS, MAX_ROWS, FileRefusedError, Grid, read_grid
from .values import fold, is_summary, parse, period_of

Period = tuple[date, date]


class PeriodSource:
    COLUMN = gettext_lazy("the file's date column, row by row")
    CHOSEN = gettext_lazy("the dates you chose")
    TITLE = gettext_lazy("the file's title rows")
    NAME = gettext_lazy("the file's name")


@dataclass
class Problem:
    """Something that stops the import, with its row (None: the whole file) and column."""

    row: int | None
    column: str
    message: str


@dataclass
class ParsedRow:
    row: int
    account_name: str
    account_key: str
    period: Period | None
    values: dict[str, Decimal | int | None]
    raw: dict[str, str]
    account: CsAccount | None = None
    replaces: bool = False
    has_problems: bool = False


@dataclass
class UnknownAccount:
    account: str
    rows: list[int]


@dataclass
class KpiCheck:
    """What reading a file found: the rows, every problem, and what the preview says about the columns."""

    platform: str
    file_name: str
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # metric → header
    notes: list[str] = field(default_factory=list)
    summary_rows: list[int] = field(default_factory=list)
    period: Period | None = None
    period_source: str | Promise = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def matched(self) -> list[ParsedRow]:
        return [row for row in self.rows if row.account is not None]

    @property
    def unknown(self) -> list[UnknownAccount]:
        found: dict[str, UnknownAccount] = {}
        for row in self.rows:
            if row.account is None:
                found.setdefault(row.account_key, UnknownAccount(row.account_name, [])).rows.append(row.row)
        return list(found.values())

    @property
    def replaced_count(self) -> int:
        return sum(row.replaces for row in self.matched)

    @property
    def importable(self) -> bool:
        return self.ok and bool(self.matched)

    @property
    def metric_columns(self) -> list[tuple[str, str]]:
        """(metric, header) in the order of ``METRICS``."""
        return [(metric, self.columns[metric]) for metric in METRICS if metric in self.columns]

    @property
    def column_labels(self) -> list[tuple[str, str]]:
        """(header, the figure it is read as), for the preview."""
        return [(header, METRICS[metric].label) for metric, header in self.metric_columns]


def _base(label: str) -> tuple[str, bool, bool]:
    """(compare-form without bracketed units, the figures are minutes, an adjusted or delayed duplicate).

    ``平均响应(秒)`` and ``平均响应（秒）`` read as ``平均响应``; ``(分)`` or ``(分钟)`` means plain numbers are
    minutes; 赤兔's ``…修`` (adjusted) and ``…延`` (delayed) columns repeat a metric."""
    folded = fold(label)
    minutes = bool(re.search(r"\((分|分钟|min|minutes)\)", folded))
    duplicate = bool(re.search(r"\((修|延)\)|[_-](修|延)$", folded))
    base = re.sub(r"\([^)]*\)", "", folded)
    if duplicate:
        base = re.sub(r"[_-]?(修|延)$", "", base)
    return base, minutes, duplicate


_ACCOUNT = {_base(alias)[0] for alias in ACCOUNT_ALIASES}
_DATE = {_base(alias)[0] for alias in DATE_ALIASES}
_METRIC = {_base(alias)[0]: metric for metric, info in METRICS.items() for alias in info.aliases}


@dataclass
class _Header:
    row: int
    account: int
    account_label: str
    date: int | None = None
    date_label: str = ""
    metrics: dict[str, tuple[int, str, bool]] = field(default_factory=dict)  # metric → (index, label, minutes)
    labels: dict[int, str] = field(default_factory=dict)


def _find_header(grid: Grid) -> tuple[_Header | None, list[tuple[int, list[Any]]]]:
    """The header row (the first of the top rows with an account column) and the rows above it."""
    above: list[tuple[int, list[Any]]] = []
    for number, values in grid.rows[:HEADER_SEARCH_ROWS]:
        for index, value in enumerate(values):
            if isinstance(value, str) and _base(value)[0] in _ACCOUNT:
                return _Header(row=number, account=index, account_label=value.strip()), above
        above.append((number, values))
    return None, above


def _read_header(header: _Header, values: list[Any], check: KpiCheck) -> None:
    for index, value in enumerate(values):
        if blank(value):
            continue
        label = cell_text(value)
        header.labels[index] = label
        if index == header.account:
            continue
        base, minutes, duplicate = _base(label)
        metric = _METRIC.get(base)
        if base in _DATE and header.date is None:
            header.date, header.date_label = index, label
        elif metric is None:
            check.notes.append(
                _("“%(header)s” is not a figure the portal keeps: it stays only in the row as read.")
                % {"header": label}
            )
        elif duplicate or metric in header.metrics:
            check.notes.append(
                _("“%(header)s” repeats %(metric)s (read from “%(first)s”): it stays only in the row as read.")
                % {
                    "header": label,
                    "metric": METRICS[metric].label,
                    "first": header.metrics[metric][1] if metric in header.metrics else label,
                }
            )
        else:
            header.metrics[metric] = (index, label, minutes)
    check.columns = {metric: label for metric, (_index, label, _minutes) in header.metrics.items()}


def _period_in_text(rows: list[tuple[int, list[Any]]]) -> Period | None:
    for _number, values in rows:
        text = " ".join(cell_text(value) for value in values if not blank(value))
        try:
            found = period_of(text)
        except CellError:
            continue
        if found:
            return found
    return None


def _default_period(check: KpiCheck, chosen: Period | None, above: list[tuple[int, list[Any]]]) -> None:
    """HR's dates, else a period named in the title rows above the header, else in the file's name."""
    if chosen is not None:
        check.period, check.period_source = chosen, PeriodSource.CHOSEN
        return
    found = _period_in_text(above)
    if found:
        check.period, check.period_source = found, PeriodSource.TITLE
        return
    try:
        found = period_of(check.file_name)
    except CellError:
        found = None
    if found:
        check.period, check.period_source = found, PeriodSource.NAME


def _read_row(number: int, values: list[Any], header: _Header, check: KpiCheck) -> ParsedRow | None:
    cells = values + [None] * (max(header.labels, default=0) + 1 - len(values))
    name = cell_text(cells[header.account])
    if not name:
        check.problems.append(
            Problem(
                number,
                header.account_label,
                _("This row has figures but no account name. Fill it in or delete the row."),
            )
        )
        return None
    period = check.period
    if header.date is not None and not blank(cells[header.date]):
        try:
            period = period_of(cells[header.date])
        except CellError as error:
            check.problems.append(Problem(number, header.date_label, str(error)))
            return None
        if period is None:
            check.problems.append(
                Problem(
                    number,
                    header.date_label,
                    _("“%(value)s” is not a date.") % {"value": cell_text(cells[header.date])[:40]},
                )
            )
            return None
    if period is None:
        check.problems.append(
            Problem(
                number,
                header.date_label or "—",
                _("No period for this row: give it a date, or choose the dates the file covers."),
            )
        )
    parsed: dict[str, Decimal | int | None] = {}
    for metric, (index, label, minutes) in header.metrics.items():
        try:
            parsed[metric] = parse(METRICS[metric], cells[index], minutes=minutes)
        except CellError as error:
            check.problems.append(Problem(number, label, str(error)))
    raw = {label: cell_text(cells[index]) for index, label in header.labels.items() if not blank(cells[index])}
    return ParsedRow(number, name[:100], account_key(name)[:100], period, parsed, raw)


def _match(check: KpiCheck) -> None:
    """Known accounts to their employees, and the rows an import would replace (two queries)."""
    keys = {row.account_key for row in check.rows}
    accounts = {
        account.name_key: account
        for account in CsAccount.objects.filter(platform=check.platform, name_key__in=keys).select_related("employee")
    }
    stored = set(
        KpiRecord.objects.filter(platform=check.platform, account_key__in=keys).values_list(
            "account_key", "period_start", "period_end"
        )
    )
    for row in check.rows:
        row.account = accounts.get(row.account_key)
        row.replaces = row.period is not None and (row.account_key, *row.period) in stored


def read_kpis(
    upload: IO[bytes], *, name: str, platform: str, period: Period | None = None, size: int | None = None
) -> KpiCheck:
    """Read and check an export, collecting every problem by row and column. Two queries however long the file."""
    check = KpiCheck(platform=platform, file_name=name)
    try:
        grid = read_grid(upload, name=name, size=size)
    except FileRefusedError as error:
        check.problems.append(Problem(None, "", str(error)))
        return check
    header, above = _find_header(grid)
    if header is None:
        known = "、".join(ACCOUNT_ALIASES[:8])
        check.problems.append(
            Problem(
                None,
                "",
                _(
                    "No column names the CS accounts, so no row can be matched to an employee. The header row (in the "
                    "first %(rows)s rows) needs a column such as %(known)s."
                )
                % {"rows": HEADER_SEARCH_ROWS, "known": known},
            )
        )
        return check
    header_values = next(values for number, values in grid.rows if number == header.row)
    _read_header(header, header_values, check)
    if not header.metrics:
        check.problems.append(
            Problem(
                header.row,
                "",
                _(
                    "No column holds a figure the portal keeps (询单转化率, 平均响应, 首次响应, 满意度, 接待人数 …). "
                    "Is this the performance export?"
                ),
            )
        )
        return check
    _default_period(check, period, above)
    body = [(number, values) for number, values in grid.rows if number > header.row]
    filled = [(number, values) for number, values in body if not all(blank(value) for value in values)]
    if len(filled) > MAX_ROWS:
        check.problems.append(
            Problem(
                None,
                "",
                _("The file has more than %(max)s rows. Export a shorter period.")
                % {"max": number_format(MAX_ROWS, force_grouping=True)},
            )
        )
        return check
    if header.date is None and check.period is None:
        check.problems.append(
            Problem(None, "", _("The file names no period and has no date column: choose the dates it covers."))
        )
        return check
    for number, values in filled:
        if any(is_summary(value) for value in values):
            check.summary_rows.append(number)
            continue
        row = _read_row(number, values, header, check)
        if row is not None:
            check.rows.append(row)
    if not check.rows and not check.problems:
        check.problems.append(Problem(None, "", _("The file has no staff rows below its header row.")))
        return check
    first: dict[tuple[str, Period | None], int] = {}
    for row in check.rows:
        seen = first.setdefault((row.account_key, row.period), row.row)
        if seen != row.row:
            check.problems.append(
                Problem(
                    row.row,
                    header.account_label,
                    _("Row %(row)s already has this account for the same period.") % {"row": seen},
                )
            )
    _match(check)
    with_problems = defaultdict(bool, {p.row: True for p in check.problems if p.row})
    for row in check.rows:
        row.has_problems = with_problems[row.row]
    check.problems.sort(key=lambda p: p.row or 0)
    return check
