"""Exporting a quick-reply library.

- "千牛兼容" (.xls, .csv, .xlsx): the 3 columns 快捷编码, 快捷短语, 快捷短语分组 exactly, codes cut to 4
  characters, text kept to what GBK can write (千牛 reads ANSI files: an emoji is dropped), 未分组 written
  blank, an empty group as a row with only its name. The CSV is GBK with 千牛's escapes (``&#13;`` for a
  newline, ``&#44;`` for a comma), so a phrase never spans lines or columns.
- "完整" (.xlsx): full codes and text, plus the library, the position classes and the tags.

Importing an export into an empty library gives the same library (``replies.imports``).
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import xlwt
from django.contrib.auth.models import User
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from common.xlsx.render import Column, Sheet, write_workbook

from .models import UNGROUPED, Phrase, PhraseGroup, PhraseStatus, Scope

QIANNIU_HEADER = ("快捷编码", "快捷短语", "快捷短语分组")
FULL_EXTRA_HEADER = ("范围", "岗位分类", "标签")


@dataclass(frozen=True)
class ExportFormat:
    key: str
    extension: str
    content_type: str


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {
    "qianniu_xls": ExportFormat("qianniu_xls", "xls", "application/vnd.ms-excel"),
    "qianniu_csv": ExportFormat("qianniu_csv", "csv", "text/csv; charset=gbk"),
    "qianniu_xlsx": ExportFormat("qianniu_xlsx", "xlsx", XLSX_TYPE),
    "full_xlsx": ExportFormat("full_xlsx", "xlsx", XLSX_TYPE),
}


def gbk_safe(text: str) -> str:
    """The text without what GBK cannot write (emoji and other characters outside it)."""
    return text.encode("gbk", errors="ignore").decode("gbk")


def library_groups(*, scope: str, owner: User | None) -> list[PhraseGroup]:
    """The library's groups in order, each with its exported phrases (a team's approved ones) prefetched."""
    phrases = Phrase.objects.order_by("code", "id")
    if scope == Scope.TEAM:
        phrases = phrases.filter(status=PhraseStatus.APPROVED)
    groups = PhraseGroup.objects.filter(scope=scope).order_by("order", "name", "id")
    if scope == Scope.PERSONAL:
        groups = groups.filter(owner=owner)
    return list(groups.prefetch_related(Prefetch("phrases", queryset=phrases, to_attr="exported")))


def _group_cell(group: PhraseGroup) -> str:
    return "" if group.name == UNGROUPED else group.name


def qianniu_rows(groups: list[PhraseGroup]) -> Iterator[tuple[str, str, str]]:
    for group in groups:
        exported: list[Phrase] = group.exported  # type: ignore[attr-defined]  # the prefetch's to_attr
        if not exported:
            if group.name != UNGROUPED:
                yield "", "", gbk_safe(group.name)
            continue
        for phrase in exported:
            yield gbk_safe(phrase.qianniu_code), gbk_safe(phrase.text), gbk_safe(_group_cell(group))


def full_rows(groups: list[PhraseGroup]) -> Iterator[tuple[str, ...]]:
    for group in groups:
        scope = str(Scope(group.scope).label)
        exported: list[Phrase] = group.exported  # type: ignore[attr-defined]
        if not exported:
            yield "", "", _group_cell(group), scope, "", ""
        for phrase in exported:
            yield phrase.code, phrase.text, _group_cell(group), scope, ",".join(phrase.class_labels()), phrase.tags


def csv_escape(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "&#13;").replace(",", "&#44;")


def qianniu_csv(groups: list[PhraseGroup]) -> bytes:
    lines = [",".join(QIANNIU_HEADER)]
    lines += [",".join(csv_escape(value) for value in row) for row in qianniu_rows(groups)]
    return ("\r\n".join(lines) + "\r\n").encode("gbk")


def qianniu_xls(groups: list[PhraseGroup]) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("快捷短语")
    for column, header in enumerate(QIANNIU_HEADER):
        sheet.write(0, column, header)
    sheet.col(1).width = 256 * 60
    sheet.col(2).width = 256 * 16
    for number, row in enumerate(qianniu_rows(groups), start=1):
        for column, value in enumerate(row):
            sheet.write(number, column, value)  # a str is written as a label: never a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx(sheet: Sheet) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "replies.xlsx"
        write_workbook(path, [sheet])  # text that looks like a formula is written quoted
        return path.read_bytes()


def qianniu_xlsx(groups: list[PhraseGroup]) -> bytes:
    rows = list(qianniu_rows(groups))
    columns = [Column(QIANNIU_HEADER[0], width=10), Column(QIANNIU_HEADER[1], width=60), Column(QIANNIU_HEADER[2])]
    return _xlsx(Sheet(title="快捷短语", columns=columns, rows=rows, total=len(rows)))


def full_xlsx(groups: list[PhraseGroup]) -> bytes:
    rows = list(full_rows(groups))
    widths = (10, 60, 16, 10, 16, 20)
    columns = [Column(h, width=w) for h, w in zip((*QIANNIU_HEADER, *FULL_EXTRA_HEADER), widths, strict=True)]
    return _xlsx(Sheet(title=_("Quick replies")[:31], columns=columns, rows=rows, total=len(rows)))


RENDERERS = {
    "qianniu_xls": qianniu_xls,
    "qianniu_csv": qianniu_csv,
    "qianniu_xlsx": qianniu_xlsx,
    "full_xlsx": full_xlsx,
}


def export_library(*, scope: str, owner: User | None, format_key: str) -> bytes:
    return RENDERERS[format_key](library_groups(scope=scope, owner=owner))
