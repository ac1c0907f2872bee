"""Reading one cell of a performance export as the metric's unit: ``85.3%`` and ``0.853``, ``1分20秒``,
``00:01:20`` and ``80s``, ``1,234``, ``¥1,234.50``; ``-``, ``--`` and empty as missing; and the dates of a
period (``2026-11-02``, ``2026/11/02~2026/11/08``, ``20261102-20261108``, ``2026年11月2日``)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from common.dates import in_range
from common.xlsx.cells import CellError

from ..metrics import MetricInfo, Unit

# What exports write for "no figure".
MISSING = frozenset({"", "-", "--", "---", "—", "——", "–", "/", "n/a", "na", "null", "none", "无", "暂无", "空"})
# Rows that add up or average the staff rows, never a person's figures.
_SUMMARY = re.compile(r"^(店铺|全店|团队|客服)?(合计|总计|汇总|平均|均值|总和|小计)(值|数)?$|^(total|sum|average|avg)$")

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DURATION = re.compile(
    r"^(?:(?P<h>\d+(?:\.\d+)?)(?:小时|时|h|hr|hour|hours))?"
    r"(?:(?P<m>\d+(?:\.\d+)?)(?:分钟|分|m|min|mins|minute|minutes))?"
    r"(?:(?P<s>\d+(?:\.\d+)?)(?:秒钟|秒|s|sec|secs|second|seconds))?$"
)
_CLOCK = re.compile(r"^(\d+):(\d{1,2})(?::(\d{1,2}))?$")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")

MAX_PERCENT = Decimal(100)
MAX_SECONDS = Decimal(99_999_999)
MAX_COUNT = 2_000_000_000
MAX_MONEY = Decimal("999999999999")


def fold(value: str) -> str:
    """Full width to half width, letter case and spaces ignored."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).casefold()


def is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, str) and fold(value) in MISSING)


def is_summary(value: Any) -> bool:
    """合计, 总计, 平均, 汇总, 店铺汇总值, 店铺平均值 and the like."""
    return isinstance(value, str) and bool(_SUMMARY.match(fold(value)))


def _decimal(text: str) -> Decimal:
    cleaned = text.replace(",", "")
    if not _NUMBER.match(cleaned):
        raise CellError(_("“%(value)s” is not a number.") % {"value": text[:40]})
    try:
        return Decimal(cleaned)
    except InvalidOperation as error:  # pragma: no cover - the pattern lets only numbers through
        raise CellError(_("“%(value)s” is not a number.") % {"value": text[:40]}) from error


def _number(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):  # NaN or infinity
            raise CellError(_("“%(value)s” is not a number.") % {"value": value})
        return Decimal(str(value))
    return _decimal(fold(str(value)))


def _not_negative(number: Decimal, shown: Any) -> Decimal:
    if number < 0:
        raise CellError(_("“%(value)s” is negative.") % {"value": shown})
    return number


def percent(value: Any) -> Decimal:
    """A rate in percent (0–100). ``85.3%`` is 85.3; a plain number up to 1 is a fraction (``0.853`` is 85.3,
    as Excel stores a cell formatted as a percentage); a larger one is already in percent (``85.3``)."""
    if isinstance(value, str) and fold(value).endswith("%"):
        number = _not_negative(_decimal(fold(value)[:-1]), value)
    else:
        number = _not_negative(_number(value), value)
        if number <= 1:
            number *= 100
    if number > MAX_PERCENT:
        raise CellError(_("“%(value)s” is more than 100%%.") % {"value": value})
    return number.quantize(Decimal("0.01"))


def seconds(value: Any, *, minutes: bool = False) -> Decimal:
    """A duration in seconds: ``1分20秒``, ``1m20s``, ``80秒``, ``80s``, ``00:01:20``, ``01:20`` (minutes and
    seconds), a time or duration cell, or a plain number: seconds, or minutes where the header says ``(分)``."""
    if isinstance(value, timedelta):
        number = Decimal(str(value.total_seconds()))
    elif isinstance(value, time):
        number = Decimal(value.hour * 3600 + value.minute * 60 + value.second)
    elif isinstance(value, datetime | date):
        raise CellError(_("“%(value)s” is a date, not a duration.") % {"value": value})
    elif isinstance(value, int | float) or _NUMBER.match(fold(str(value)).replace(",", "")):
        number = _number(value) * (60 if minutes else 1)
    else:
        text = fold(str(value))
        clock = _CLOCK.match(text)
        parts = _DURATION.match(text)
        if clock:
            first, second, third = clock.groups()
            if third is None:  # mm:ss
                number = Decimal(int(first) * 60 + int(second))
            else:
                number = Decimal(int(first) * 3600 + int(second) * 60 + int(third))
        elif parts and any(parts.groupdict().values()):
            h, m, s = (Decimal(parts.group(k) or 0) for k in ("h", "m", "s"))
            number = h * 3600 + m * 60 + s
        else:
            raise CellError(
                _("“%(value)s” is not a duration. Write seconds (80), 1分20秒 or 00:01:20.")
                % {"value": str(value)[:40]}
            )
    number = _not_negative(number, value)
    if number > MAX_SECONDS:
        raise CellError(_("“%(value)s” is too long for a response time.") % {"value": value})
    return number.quantize(Decimal("0.1"))


def count(value: Any) -> int:
    """A number of people: ``1,234``, ``1234.0``."""
    number = _not_negative(_number(value), value)
    if number != number.to_integral_value():
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": value})
    if number > MAX_COUNT:
        raise CellError(_("“%(value)s” is too large.") % {"value": value})
    return int(number)


def money(value: Any) -> Decimal:
    """An amount in yuan: ``1234.5``, ``¥1,234.50``, ``1234.5元``."""
    if isinstance(value, str):
        value = fold(value).removeprefix("¥").removeprefix("rmb").removesuffix("元")
    number = _not_negative(_number(value), value)
    if number > MAX_MONEY:
        raise CellError(_("“%(value)s” is too large.") % {"value": value})
    return number.quantize(Decimal("0.01"))


def parse(metric: MetricInfo, value: Any, *, minutes: bool = False) -> Decimal | int | None:
    """The cell as the metric's unit; None when the export wrote no figure. Raises CellError."""
    if is_missing(value):
        return None
    if isinstance(value, str) and value.startswith("="):
        raise CellError(_("This cell holds a formula; type the figure itself."))
    if metric.unit == Unit.PERCENT:
        return percent(value)
    if metric.unit == Unit.SECONDS:
        return seconds(value, minutes=minutes)
    if metric.unit == Unit.COUNT:
        return count(value)
    return money(value)


def dates_in(value: Any) -> list[date]:
    """The dates written in a cell or a line of text, in order (at most two are used). Raises CellError for a
    date that does not exist or lies outside 1970–2100."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        found = [value]
    else:
        found = []
        for match in _DATE.finditer(unicodedata.normalize("NFKC", str(value))):
            y, m, d = (match.group(1), match.group(2), match.group(3)) if match.group(1) else match.group(4, 5, 6)
            try:
                found.append(date(int(y), int(m), int(d)))
            except ValueError as error:
                raise CellError(_("“%(value)s” is not a date.") % {"value": match.group(0)}) from error
    for day in found:
        if not in_range(day):
            raise CellError(_("%(date)s lies outside 1970–2100.") % {"date": day.isoformat()})
    return found


def period_of(value: Any) -> tuple[date, date] | None:
    """A day (``2026-11-02``) or a range (``2026-11-02 ~ 2026-11-08``) in a cell; None if it names no date."""
    found = dates_in(value)
    if not found:
        return None
    start, end = found[0], found[1] if len(found) > 1 else found[0]
    if end < start:
        raise CellError(_("The period ends (%(end)s) before it starts (%(start)s).") % {"start": start, "end": end})
    return start, end
