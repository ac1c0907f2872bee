"""Performance exports to upload, built in memory, and the people and accounts they name.

``chitu_week`` is a 赤兔-style weekly export: a title row naming the period, Chinese headers (one with a
bracketed unit, one 修 duplicate, one column the portal does not keep), percent strings and fractions,
durations as 1分20秒 / 80s / 00:01:20, a "--" for a missing figure, and a 合计 summary row."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from employees.models import Employee, PositionClass, Status
from kpi.models import CsAccount, Platform
from tests.factories import EmployeeFactory
from tests.spreadsheets import one_sheet

WEEK = (date(2026, 11, 2), date(2026, 11, 8))
HEADERS = [
    "旺旺",
    "接待人数",
    "询单人数",
    "询单->最终付款成功率",
    "询单->最终付款成功率修",
    "平均响应(秒)",
    "首次响应",
    "客户满意比",
    "答问比",
]


def chitu_rows() -> list[list[Any]]:
    return [
        ["天猫旗舰店:小花", 320, 120, "85.3%", "86.0%", "1分20秒", "15s", "0.953", "1.2"],
        ["天猫旗舰店:阿强", "1,020", 300, 0.612, "61.0%", "45", "00:00:30", "--", "1.1"],
        ["天猫旗舰店:路人", 50, 10, "70%", "70%", "30", "10", "90%", "1.0"],
        ["合计", 1390, 430, "72.0%", "72.1%", "55", "20", "93%", "1.1"],
    ]


def chitu_week(rows: list[list[Any]] | None = None, *, title: bool = True) -> bytes:
    """The export as .xlsx; with ``title`` a first row "统计时间：2026-11-02 至 2026-11-08" above the header."""
    body = rows if rows is not None else chitu_rows()
    if title:
        return one_sheet([HEADERS, *body], ["客服绩效（赤兔）", "统计时间：2026-11-02 至 2026-11-08"], "客服绩效")
    return one_sheet(body, HEADERS, "客服绩效")


def upload(data: bytes, name: str = "赤兔客服绩效.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def csv_bytes(rows: list[list[Any]], *, encoding: str = "utf-8-sig", headers: list[str] | None = None) -> bytes:
    lines = [",".join(headers or HEADERS)] + [",".join(f'"{v}"' if "," in str(v) else str(v) for v in r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def with_accounts(*, live: bool = True) -> tuple[Employee, Employee]:
    """Two pre-sale employees holding the 小花 and 阿强 sub-accounts on Taobao (路人 is nobody's)."""
    status = Status.LIVE if live else Status.TRIAL_POST
    xiaohua = EmployeeFactory(name="李小花", employee_no="K001", status=status, position_class=PositionClass.PRE_SALE)
    aqiang = EmployeeFactory(name="王阿强", employee_no="K002", status=status, position_class=PositionClass.PRE_SALE)
    CsAccount.objects.create(employee=xiaohua, platform=Platform.TAOBAO, name="天猫旗舰店:小花")
    CsAccount.objects.create(employee=aqiang, platform=Platform.TAOBAO, name="天猫旗舰店：阿强")  # full-width colon
    return xiaohua, aqiang
