"""Opening an uploaded export: .xlsx, .xls and .ods through ``common.xlsx.upload`` (python-calamine within a
budget, zip bombs and renamed files refused), and .csv here, in UTF-8 (with or without BOM), GBK/GB18030 as
Excel saves it on a Chinese Windows, or UTF-16 tab-separated ("Unicode text")."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import IO, Any

from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from common.xlsx.upload import FORMATS, Limits, Refusals, read_upload, size_of

MAX_MB = 5
MAX_BYTES = MAX_MB * 1024 * 1024
MAX_ROWS = 5_000  # data rows: a month of daily rows for 150 accounts
MAX_COLUMNS = 120  # 赤兔's exports run to about 60 columns
ACCEPTED = (*FORMATS, "csv")
# Rows read above the header (title lines such as "统计时间：2026-11-02 至 2026-11-08").
HEADER_SEARCH_ROWS = 15

_LIMITS = Limits(
    max_bytes=MAX_BYTES,
    max_mb=MAX_MB,
    max_unpacked_bytes=100 * 1024 * 1024,
    max_rows=MAX_ROWS + HEADER_SEARCH_ROWS + 100,
    max_columns=MAX_COLUMNS,
)


class FileRefusedError(ValueError):
    """The file cannot be read at all; the message says why, for the person who uploaded it."""


@dataclass
class Grid:
    """The rows of the file's first sheet as (row number from 1, values)."""

    rows: list[tuple[int, list[Any]]]


def kind_of(name: str) -> str:
    ending = name.lower().rpartition(".")[2]
    return ending if ending in ACCEPTED else ""


def _refusals() -> Refusals:
    return Refusals(
        empty=_("The file is empty. Choose the performance export of your platform."),
        too_large=_("The file is too large (%(size)s); the limit is %(limit)s MB. Export a shorter period."),
        inflated=lambda _unpacked: _("The file holds far more data than a performance export. Is it the right file?"),
    )


def _decode(data: bytes) -> tuple[str, str]:
    """The text and the delimiter of a CSV file."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "\t"
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="strict")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError as error:
                raise FileRefusedError(
                    _("The CSV file is neither UTF-8 nor GBK text. Save it again as “CSV UTF-8” or as .xlsx.")
                ) from error
    first = text.split("\n", 1)[0]
    return text, "\t" if first.count("\t") > first.count(",") else ","


def _read_csv(upload: IO[bytes], size: int) -> Grid:
    if size == 0:
        raise FileRefusedError(_refusals().empty)
    if size > MAX_BYTES:
        raise FileRefusedError(_refusals().too_large % {"size": filesizeformat(size), "limit": MAX_MB})
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if data.startswith((b"PK", b"\xd0\xcf\x11\xe0")):
        raise FileRefusedError(
            _("The file is a workbook renamed to .csv. Upload it with its own ending (.xlsx, .xls).")
        )
    text, delimiter = _decode(data)
    if "\x00" in text:
        raise FileRefusedError(_("The file is not really a CSV file (it holds binary data). Save it again."))
    rows: list[tuple[int, list[Any]]] = []
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            if len(values) > MAX_COLUMNS:
                raise FileRefusedError(
                    _("Row %(row)s has %(count)s columns; at most %(max)s are read.")
                    % {"row": number, "count": len(values), "max": MAX_COLUMNS}
                )
            if number > _LIMITS.max_rows:
                raise FileRefusedError(
                    _("The file has more than %(max)s rows. Export a shorter period.")
                    % {"max": number_format(MAX_ROWS, force_grouping=True)}
                )
            rows.append((number, [value if value.strip() else None for value in values]))
    except csv.Error as error:
        raise FileRefusedError(_("The CSV file cannot be read: %(error)s.") % {"error": error}) from error
    return Grid(rows)


def read_grid(upload: IO[bytes], *, name: str, size: int | None = None) -> Grid:
    """The first sheet (or the CSV) of an upload. Raises FileRefusedError with a message for the uploader."""
    kind = kind_of(name)
    if not kind:
        raise FileRefusedError(
            _("Only exports saved as .xlsx, .xls, .ods or .csv can be imported, and “%(name)s” is not one.")
            % {"name": name}
        )
    size = size_of(upload) if size is None else size
    if kind == "csv":
        return _read_csv(upload, size)
    sheet = read_upload(upload, name=name, size=size, limits=_LIMITS, refusals=_refusals(), choose=lambda _names: 0)
    if isinstance(sheet, str):
        raise FileRefusedError(sheet)
    return Grid([(number, [value for value, _type in cells]) for number, cells in sheet.rows])
