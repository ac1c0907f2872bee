"""Files to upload, built in memory: the one-sheet workbooks of the roster and question imports, and
zip archives that only look like workbooks."""

from __future__ import annotations

import zipfile
from io import BytesIO
from typing import Any

from openpyxl import Workbook


def one_sheet(rows: list[list[Any]], headers: list[Any] | None, title: str) -> bytes:
    """An .xlsx with one sheet named `title`: `headers` in row 1 (none if None), then `rows`."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    if headers is not None:
        sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def zipped(members: dict[str, bytes], *, deflate_level: int | None = None) -> bytes:
    """A zip archive of `members` (name → bytes): stored, or deflated at `deflate_level`."""
    options: dict[str, Any] = {}
    if deflate_level is not None:
        options = {"compression": zipfile.ZIP_DEFLATED, "compresslevel": deflate_level}
    out = BytesIO()
    with zipfile.ZipFile(out, "w", **options) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()
