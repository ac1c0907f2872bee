"""Roster import, whole files refused at once with their message and nothing written: not a workbook,
too large, a zip bomb, wrong headers, formulas, too many rows, no rows; and the sheet looked for by name."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook

from tests.spreadsheets import zipped
from tests.training.roster_files import (
    HEADERS,
    assert_nothing_written,
    counts,
    import_page,
    person,
    the_import,
    upload,
    xlsx,
)
from training.models import ImportStatus
from training.roster import check_roster

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roster_env")]


# ---------------------------------------------------------------------------- whole files refused


def zip_bomb(inflated_mb: int) -> bytes:
    """A real .xlsx whose sheet XML is a valid header row followed by megabytes of blank rows' padding:
    a few hundred kilobytes on disk, huge when inflated."""
    good = zipfile.ZipFile(BytesIO(xlsx([person("K1")])))
    members = {name: good.read(name) for name in good.namelist()}
    sheet = next(name for name in members if name.startswith("xl/worksheets/"))
    xml = members[sheet].decode()
    padding = " " * (inflated_mb * 1024 * 1024)
    members[sheet] = xml.replace("</sheetData>", padding + "</sheetData>").encode()
    return zipped(members, deflate_level=9)


FILE_REFUSALS = [
    (
        "not an xlsx name",
        "花名册.csv",
        b"\xe5\xb7\xa5\xe5\x8f\xb7,\xe5\xa7\x93\xe5\x90\x8d\n",
        "Only Excel workbooks (.xlsx)",
    ),
    ("old .xls", "花名册.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "old-format Excel file (.xls)"),
    ("not a zip", "花名册.xlsx", b"<html>not excel</html>", "not really an Excel workbook"),
    ("broken zip", "花名册.xlsx", b"PK\x03\x04" + b"\x13" * 400, "damaged and cannot be opened"),
    ("empty", "花名册.xlsx", b"", "The file is empty."),
    (
        "a Word file renamed",
        "花名册.xlsx",
        zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}, deflate_level=9),
        "not an Excel workbook (it may be a Word",
    ),
    (
        "a zip without a readable workbook",
        "花名册.xlsx",
        zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<broken"}, deflate_level=9),
        "could not be read as an Excel workbook",
    ),
]


@pytest.mark.parametrize(("case", "name", "data", "expected"), FILE_REFUSALS, ids=[c[0] for c in FILE_REFUSALS])
def test_a_file_that_is_not_a_workbook_is_refused_at_once(client, world, case, name, data, expected):
    client.force_login(world.hr)
    before = counts()
    response = upload(client, world, data, name=name)
    assert response.status_code == 200
    assert expected in response.content.decode().replace("&#x27;", "'")
    recorded = the_import()
    assert recorded.status == ImportStatus.FAILED and not recorded.file
    assert expected in recorded.problems[0]["message"]
    assert_nothing_written(before)


def test_a_file_over_the_size_limit_is_refused(client, world, settings):
    client.force_login(world.hr)
    before = counts()
    data = xlsx([person("K1")])
    data += b"\0" * (5 * 1024 * 1024 + 1 - len(data))
    response = upload(client, world, data)
    assert "The file is too large (5.0\xa0MB); the limit is 5 MB." in response.content.decode()
    assert_nothing_written(before)


@pytest.mark.parametrize("inflated_mb", [60, 120], ids=["absurd ratio", "over 100 MB inflated"])
def test_a_zip_bomb_is_refused_before_it_is_opened(client, world, monkeypatch, inflated_mb):
    bomb = zip_bomb(inflated_mb)
    assert len(bomb) < 1024 * 1024  # small on disk…
    assert sum(i.file_size for i in zipfile.ZipFile(BytesIO(bomb)).infolist()) > inflated_mb * 1024 * 1024  # …huge
    opened = []
    monkeypatch.setattr("common.xlsx.upload.load_workbook", lambda *a, **k: opened.append(a))
    client.force_login(world.hr)
    before = counts()
    response = upload(client, world, bomb)
    page = response.content.decode()
    assert "far more than a roster of 20,000 rows can hold" in page
    assert opened == []  # refused from the zip's directory alone
    assert_nothing_written(before)


HEADER_REFUSALS = [
    ("a required column missing", ["工号", "姓名", "手机号"], "岗位类别", "The column “岗位类别” is missing."),
    ("an unknown column", [*HEADERS, "备注"], "备注", "Unknown column “备注” in row 1."),
    ("a column twice", ["工号", "姓名", "岗位类别", "员工编号"], "员工编号", "appears twice (also as “工号”)"),
    ("row 1 empty", [None, None], "", "Row 1 of the sheet is empty."),
]


@pytest.mark.parametrize(
    ("case", "headers", "column", "expected"), HEADER_REFUSALS, ids=[c[0] for c in HEADER_REFUSALS]
)
def test_wrong_or_missing_headers_refuse_the_file_and_say_which(client, world, case, headers, column, expected):
    client.force_login(world.hr)
    before = counts()
    response = upload(client, world, xlsx([person("K1")], headers=headers))
    assert response.status_code == 200
    problems = the_import().problems
    assert any(p["column"] == column and expected in p["message"] for p in problems), problems
    assert expected in response.content.decode()
    assert_nothing_written(before)


def test_formulas_refuse_the_file_and_every_formula_cell_is_named(client, world):
    rows = [person("K1"), person("K2", phone="=A1&B1"), person("K3", name='=CONCAT("孙","三")', mentor="=A2")]
    client.force_login(world.hr)
    before = counts()
    response = upload(client, world, xlsx(rows))
    roster_import = the_import()
    assert response["Location"] == reverse(
        "roster_import", kwargs={"pk": world.cohort.pk, "import_pk": roster_import.pk}
    )
    assert roster_import.status == ImportStatus.FAILED
    message = roster_import.problems[0]["message"]
    assert message.startswith("Cells hold formulas: E3, B4, I4.")
    assert "E3, B4, I4" in import_page(client, roster_import).content.decode()
    assert not roster_import.file
    assert_nothing_written(before)


def test_more_than_twenty_thousand_rows_are_refused(world, monkeypatch):
    monkeypatch.setattr("training.roster.reading.MAX_ROWS", 30)
    result = check_roster(BytesIO(xlsx([person(f"K{i}") for i in range(31)])), name="r.xlsx", cohort=world.cohort)
    assert result.refused
    assert (
        result.problems[0].message
        == "The file has more than 30 rows of employees. Split it into files of at most 30 rows."
    )
    exactly = check_roster(BytesIO(xlsx([person(f"K{i}") for i in range(30)])), name="r.xlsx", cohort=world.cohort)
    assert exactly.ok


def test_a_file_with_headers_only_is_refused(world):
    result = check_roster(BytesIO(xlsx([])), name="r.xlsx", cohort=world.cohort)
    assert result.refused and "nothing below the header row" in result.problems[0].message


def test_the_roster_sheet_is_found_by_name_and_blank_rows_are_skipped(world):
    workbook = Workbook()
    workbook.active.title = "说明"
    sheet = workbook.create_sheet("花名册")
    sheet.append(HEADERS)
    sheet.append(person("K1"))
    sheet.append([None] * 10)
    sheet.append(["  ", None])
    sheet.append(person("K2"))
    out = BytesIO()
    workbook.save(out)
    result = check_roster(BytesIO(out.getvalue()), name="r.xlsx", cohort=world.cohort)
    assert result.ok and [r.row for r in result.rows] == [2, 5]
