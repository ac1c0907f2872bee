"""Cells as exports write them: percentages, durations, counts, money, missing figures and periods."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from common.xlsx.cells import CellError
from kpi.imports.values import count, is_missing, is_summary, money, percent, period_of, seconds


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("85.3%", "85.30"),
        ("85.3 %", "85.30"),
        ("８５.３％", "85.30"),
        ("0.853", "85.30"),
        (0.853, "85.30"),
        (85.3, "85.30"),
        (1, "100.00"),
        ("100%", "100.00"),
        (0, "0.00"),
    ],
)
def test_percentages_as_strings_fractions_or_numbers(cell, expected):
    assert percent(cell) == Decimal(expected)


@pytest.mark.parametrize("cell", ["120%", "abc", "-5%", 101, "85,3%x"])
def test_impossible_percentages_are_refused(cell):
    with pytest.raises(CellError):
        percent(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1分20秒", 80),
        ("1分钟20秒", 80),
        ("80s", 80),
        ("80秒", 80),
        ("80", 80),
        (80, 80),
        ("00:01:20", 80),
        ("01:20", 80),
        ("1m20s", 80),
        ("2分", 120),
        ("1小时", 3600),
        (time(0, 1, 20), 80),
        (timedelta(seconds=80), 80),
        ("12.5", Decimal("12.5")),
    ],
)
def test_durations_in_every_spelling_are_seconds(cell, expected):
    assert seconds(cell) == Decimal(expected)


def test_a_minutes_column_reads_plain_numbers_as_minutes():
    assert seconds("1.5", minutes=True) == Decimal(90)


@pytest.mark.parametrize("cell", ["快", "1分钟多", "-3", date(2026, 11, 2)])
def test_unreadable_durations_are_refused(cell):
    with pytest.raises(CellError):
        seconds(cell)


def test_counts_and_money_accept_separators_and_currency():
    assert count("1,234") == 1234
    assert count(12.0) == 12
    assert money("¥1,234.5") == Decimal("1234.50")
    assert money("980元") == Decimal("980.00")
    with pytest.raises(CellError):
        count("12.5")
    with pytest.raises(CellError):
        count("-1")


@pytest.mark.parametrize("cell", [None, "", "-", "--", "—", " -- ", "N/A", "暂无"])
def test_dashes_and_empty_cells_are_missing_figures(cell):
    assert is_missing(cell)


@pytest.mark.parametrize("cell", ["合计", "总计", "平均", "汇总", "店铺汇总值", "店铺平均值", "Total"])
def test_summary_rows_are_recognised(cell):
    assert is_summary(cell)


def test_a_staff_name_is_not_a_summary():
    assert not is_summary("天猫旗舰店:平均哥")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2026-11-02", (date(2026, 11, 2), date(2026, 11, 2))),
        ("2026/11/02~2026/11/08", (date(2026, 11, 2), date(2026, 11, 8))),
        ("20261102-20261108", (date(2026, 11, 2), date(2026, 11, 8))),
        ("统计时间：2026年11月2日 至 2026年11月8日", (date(2026, 11, 2), date(2026, 11, 8))),
        (date(2026, 11, 2), (date(2026, 11, 2), date(2026, 11, 2))),
    ],
)
def test_periods_as_a_day_or_a_range(cell, expected):
    assert period_of(cell) == expected


@pytest.mark.parametrize("cell", ["2026-02-30", "2026-11-08~2026-11-02", "2200-01-01"])
def test_impossible_periods_are_refused(cell):
    with pytest.raises(CellError):
        period_of(cell)
