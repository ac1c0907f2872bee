"""The roster file of the roster-import benchmark (``bench/roster_import.py``): rows in the template's
columns, written as Excel writes an .xlsx (shared strings), not as openpyxl does (inline strings)."""

from __future__ import annotations

import re
import zipfile
from datetime import date, timedelta
from io import BytesIO
from typing import Any

HEADERS = ["工号", "姓名", "岗位类别", "层级", "手机号", "邮箱", "入职日期", "团队/店铺", "师傅工号", "初始密码"]
CLASSES = ["售前", "售中", "售后", "pre-sale", "After-sale"]
TIERS = ["新员工", "", "New hire"]


def first_monday_after(day: date, days: int = 7) -> date:
    start = day + timedelta(days=days)
    return start + timedelta(days=(7 - start.weekday()) % 7)


def roster_rows(count: int, tag: str, mentor_no: str, hired: date) -> list[list[Any]]:
    """`count` rows in the template's columns: classes and tiers in Chinese and English, dates as date cells and
    as text, every fifth hire with a mentor, every third with an e-mail."""
    rows = []
    for i in range(count):
        rows.append(
            [
                f"{tag}{i:05d}",
                f"学员{tag}{i}",
                CLASSES[i % len(CLASSES)],
                TIERS[i % len(TIERS)] or None,
                f"139{i:08d}",
                f"{tag.lower()}{i}@example.com" if i % 3 == 0 else None,
                hired if i % 2 else hired.strftime("%Y/%m/%d"),
                "旗舰店",
                mentor_no if i % 5 == 0 else None,
                None,
            ]
        )
    return rows


_INLINE = re.compile(
    r'<c r="([A-Z]+\d+)"((?: s="\d+")?) t="inlineStr"><is><t(?: xml:space="preserve")?>(.*?)</t></is></c>'
)


def excel_like(rows: list[list[Any]]) -> bytes:
    """An .xlsx as Excel and WPS write it: text in the shared-string table (openpyxl writes inline strings,
    which openpyxl reads several times more slowly than shared ones)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    plain = BytesIO()
    workbook.save(plain)
    source = zipfile.ZipFile(BytesIO(plain.getvalue()))
    strings: dict[str, int] = {}

    def shared(match: re.Match[str]) -> str:
        index = strings.setdefault(match.group(3), len(strings))
        return f'<c r="{match.group(1)}"{match.group(2)} t="s"><v>{index}</v></c>'

    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = _INLINE.sub(shared, data.decode()).encode()
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            target.writestr(item, data)
        table = "".join(f"<si><t>{text}</t></si>" for text in strings)
        target.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{table}</sst>',
        )
    return out.getvalue()
