"""Uploads that cannot stall the site, and rosters as Excel, LibreOffice and WPS really write them: a sheet with
millions of empty cells and no <dimension>, a value in the last cell of the sheet, .xls and .ods files, 工号
that lost their leading zeros, an extra 备注 column, "+86 138…" phones, and formulas in text columns."""

from __future__ import annotations

import time
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from common.xlsx.upload import SheetError, open_sheet
from employees.models import Employee
from tests.training.roster_files import HEADERS, confirm, counts, import_page, person, the_import, upload, xlsx
from training.models import ImportStatus
from training.roster import check_roster, inspect_upload

pytestmark = pytest.mark.usefixtures("roster_env")

FILES = Path(__file__).parent / "files"


def with_sheet_xml(sheet_rows: bytes) -> bytes:
    """A roster .xlsx whose sheet XML is replaced by a header row and ``sheet_rows``, and no <dimension>."""
    plain = zipfile.ZipFile(BytesIO(xlsx([person("K1")])))
    header = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>' for i, h in enumerate(HEADERS))
    sheet = (
        (
            '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            f'2006/main"><sheetData><row r="1">{header}</row>'
        ).encode()
        + sheet_rows
        + b"</sheetData></worksheet>"
    )
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in plain.infolist():
            data = sheet if item.filename.startswith("xl/worksheets/sheet") else plain.read(item.filename)
            target.writestr(item.filename, data)
    return out.getvalue()


def far_empty_cells(rows: int) -> bytes:
    """Rows 2..``rows`` each with one empty cell in the last column, XFD: openpyxl's read-only mode pads every
    row out to 16,384 cells, billions in all."""
    return with_sheet_xml(b"".join(b'<row r="%d"><c r="XFD%d" s="0"/></row>' % (i, i) for i in range(2, rows)))


def test_a_sheet_of_millions_of_empty_cells_without_dimension_neither_stalls_the_upload_nor_the_worker(
    client, world, django_capture_on_commit_callbacks
):
    data = far_empty_cells(300_000)
    assert 1_000_000 < len(data) < 1_600_000  # about 1.25 MB, passes the size, zip-bomb and ratio checks
    client.force_login(world.hr)
    before = counts()
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, world, data)
    spent = time.perf_counter() - started
    assert response.status_code == 302
    # The sheet inflates to more than SYNC_BYTES, so the request only read the zip's directory; the worker
    # (run at once here) read it: 3.3 billion cells for openpyxl, a fraction of a second for calamine.
    assert spent < 15
    roster_import = the_import()
    assert roster_import.status == ImportStatus.FAILED
    assert "no employees" in roster_import.problems[0]["message"]
    assert counts() == before


def test_a_large_sheet_is_not_opened_within_the_request(world, monkeypatch):
    opened: list[object] = []
    monkeypatch.setattr("training.roster.reading.open_sheet", lambda *a, **k: opened.append(a))
    inspection = inspect_upload(BytesIO(far_empty_cells(300_000)), name="r.xlsx")
    assert opened == []
    assert inspection.problems == []
    assert inspection.estimated_rows > 1_000  # goes to the worker


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("XFD1048576", "has values as far right as column XFD; at most 50 columns are read"),
        ("A1048576", "has values down to row 1,048,576; at most 21,001 rows are read"),
    ],
)
def test_one_value_in_a_far_cell_is_refused_before_the_sheet_is_laid_out(world, cell, expected):
    # calamine lays a sheet out as one grid up to its last value: XFD1048576 would ask for 512 GB and abort the
    # process (a Rust allocation failure is not an exception). The scan of the XML refuses it first.
    data = with_sheet_xml(
        f'<row r="{cell[1:] if cell[0] == "A" else 1048576}"><c r="{cell}"><v>1</v></c></row>'.encode()
    )
    assert len(data) < 10_000
    result = check_roster(BytesIO(data), name="r.xlsx", cohort=world.cohort)
    assert result.refused
    assert expected in result.problems[0].message


def test_cells_without_references_are_placed_by_their_position():
    data = with_sheet_xml(b"<row>" + b"<c/>" * 60 + b"<c><v>1</v></c></row>")
    with pytest.raises(SheetError, match="column BI"):
        open_sheet(BytesIO(data), name="r.xlsx", choose=lambda names: 0, max_rows=100, max_columns=50)


def test_an_unknown_column_is_left_out_with_a_note_and_the_file_imports(client, world):
    client.force_login(world.hr)
    upload(client, world, xlsx([person("K1", phone="13800138000") + ["夜班"]], headers=[*HEADERS, "备注"]))
    roster_import = the_import()
    assert roster_import.status == ImportStatus.CHECKED
    assert roster_import.problems == []
    assert roster_import.notes == [
        {
            "row": 1,
            "column": "备注",
            "message": "The column “备注” is not one of the template's, so it is not imported.",
        }
    ]
    assert "not one of the template" in import_page(client, roster_import).content.decode()
    confirm(client, roster_import)
    assert Employee.objects.get(employee_no="K1").phone == "13800138000"


def test_a_libreoffice_file_whose_numbers_lost_their_zeros_is_flagged_not_silently_changed(world):
    # tests/training/files/roster_libreoffice.xlsx: LibreOffice 7.4 converted a CSV with 工号 00123, 01234 and
    # 12345 (and a 备注 column) to .xlsx; it stores them as the numbers 123, 1234 and 12345.
    with (FILES / "roster_libreoffice.xlsx").open("rb") as handle:
        result = check_roster(handle, name="roster_libreoffice.xlsx", cohort=world.cohort)
    flagged = {(p.row, p.column) for p in result.problems if "leading zeros may have been lost" in p.message}
    assert flagged == {(2, "工号"), (3, "工号")}
    assert [row.employee_no for row in result.rows] == ["123", "1234", "12345"]  # not changed behind HR's back


def test_a_number_among_text_employee_numbers_is_restored_to_their_width_with_a_note(world):
    rows = [person("00125"), person(123), person(4567.0), person("00126")]
    result = check_roster(BytesIO(xlsx(rows)), name="r.xlsx", cohort=world.cohort)
    assert result.ok, result.problems
    assert [row.employee_no for row in result.rows] == ["00125", "00123", "04567", "00126"]
    assert [(n.row, n.column) for n in result.notes] == [(3, "工号"), (4, "工号")]
    assert "it is read as 00123" in result.notes[0].message


@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods"])
def test_xlsx_xls_and_ods_written_by_libreoffice_are_read_alike(world, kind):
    with (FILES / f"roster_libreoffice.{kind}").open("rb") as handle:
        result = check_roster(handle, name=f"roster.{kind}", cohort=world.cohort, check_database=False)
    assert not result.refused, result.problems
    assert [(row.name, row.phone) for row in result.rows] == [
        ("王小明", "13800138000"),
        ("李小红", "13900139000"),
        ("赵小刚", "13700137000"),
    ]
    assert [n.column for n in result.notes] == ["备注"]


@pytest.mark.parametrize(
    "written",
    ["+86 138 0013 8000", "+86-138-0013-8000", "+8613800138000", "0086 138 0013 8000", "(+86) 138-0013-8000"],
)
def test_a_mainland_country_code_and_separators_normalise_like_other_phones(world, written):
    result = check_roster(BytesIO(xlsx([person("K1", phone=written)])), name="r.xlsx", cohort=world.cohort)
    assert result.ok, result.problems
    assert result.rows[0].phone == "13800138000"


def test_a_formula_in_a_text_column_is_kept_as_text(client, world):
    client.force_login(world.hr)
    upload(client, world, xlsx([person("K1", name="=孙三", team='=CONCAT("旗舰","店")')]))
    roster_import = the_import()
    assert roster_import.status == ImportStatus.CHECKED, roster_import.problems
    confirm(client, roster_import)
    employee = Employee.objects.get(employee_no="K1")
    assert (employee.name, employee.team) == ("=孙三", '=CONCAT("旗舰","店")')
