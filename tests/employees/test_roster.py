"""Roster import: every bad input refused with its message and nothing written, every row and column checked,
all-or-nothing saving, the background path, the one-time passwords, the first-login middleware, access, and
the number of queries."""

from __future__ import annotations

import base64
import math
import re
import zipfile
from collections import Counter
from datetime import date, datetime, timedelta
from io import BytesIO
from typing import Any

import pytest
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from employees.middleware import SESSION_KEY
from employees.models import Employee, PositionClass, Preference, Status, StatusChange, Tier
from employees.roles import Role
from tests.conftest import login_as
from tests.factories import CohortFactory, EmployeeFactory, UserFactory
from training.models import Cohort, Enrollment, ImportStatus, Phase, PlanTemplate, RosterImport, ScheduledDay
from training.roster import (
    COLUMNS,
    EXAMPLE_MARK,
    XLSX_CONTENT_TYPE,
    RosterRefusedError,
    check_roster,
    issue_one_time_passwords,
    password_sheet,
    save_roster,
)
from training.roster.passwords import IssuedPassword

pytestmark = pytest.mark.django_db

HEADERS = [
    column.header for column in COLUMNS
]  # 工号 姓名 岗位类别 层级 手机号 邮箱 入职日期 团队/店铺 师傅工号 初始密码
MIDDLEWARE_PATH = "employees.middleware.SetPasswordFirstMiddleware"


def person(
    no: Any,
    name: Any = "新人",
    cls: Any = "售前",
    *,
    tier: Any = None,
    phone: Any = None,
    email: Any = None,
    hired: Any = None,
    team: Any = None,
    mentor: Any = None,
    password: Any = None,
) -> list[Any]:
    """One row in the template's column order."""
    return [no, name, cls, tier, phone, email, hired, team, mentor, password]


def xlsx(rows: list[list[Any]], headers: list[Any] | None = HEADERS, title: str = "花名册") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    if headers is not None:
        sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "employees": Employee.objects.count(),
        "enrollments": Enrollment.objects.count(),
        "status changes": StatusChange.objects.count(),
        "preferences": Preference.objects.count(),
        "scheduled days": ScheduledDay.objects.count(),
    }


@pytest.fixture(autouse=True)
def _english_media_and_eager_tasks(settings, tmp_path, client):
    """Messages are checked in English (the catalogue translates them later); uploads go to tmp; a queued
    task runs at once in the test instead of going to the broker."""
    from config.celery import app

    settings.MEDIA_ROOT = tmp_path
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        with translation.override("en"):
            yield
    finally:
        app.conf.task_always_eager = eager


def upload(client, world, data: bytes, name: str = "花名册.xlsx", cohort: Cohort | None = None):
    cohort = cohort or world.cohort
    return client.post(
        reverse("roster_upload", kwargs={"pk": cohort.pk}), {"file": SimpleUploadedFile(name, data, XLSX_CONTENT_TYPE)}
    )


def the_import() -> RosterImport:
    return RosterImport.objects.latest("pk")


def confirm(client, roster_import: RosterImport):
    return client.post(reverse("roster_confirm", kwargs={"pk": roster_import.cohort_id, "import_pk": roster_import.pk}))


def import_page(client, roster_import: RosterImport):
    return client.get(reverse("roster_import", kwargs={"pk": roster_import.cohort_id, "import_pk": roster_import.pk}))


# ---------------------------------------------------------------------------- the good path


def test_a_good_file_is_previewed_then_imported_with_everything_an_account_needs(client, world):
    client.force_login(world.hr)
    mentor_no = world.mentor.employee_no
    rows = [
        person(
            "K2611001",
            "孙一",
            "售前",
            tier="新员工",
            phone="138 0013 8000",
            email="sun1@example.com",
            hired=datetime(2026, 11, 16),
            team="旗舰店",
            mentor=mentor_no,
        ),
        person("K2611002", "孙二", "After-sale", tier="new hire", phone=13900001234, hired="2026/11/16"),
        person("K2611003", "孙三", "in_sale", hired="2026年11月16日", mentor=mentor_no.lower()),
    ]
    before = counts()
    response = upload(client, world, xlsx(rows))
    roster_import = the_import()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "roster_import", kwargs={"pk": world.cohort.pk, "import_pk": roster_import.pk}
    )
    assert roster_import.status == ImportStatus.CHECKED
    assert roster_import.problems == []
    assert roster_import.total_rows == 3
    assert counts() == before  # the preview writes nothing

    preview = import_page(client, roster_import)
    page = preview.content.decode()
    assert "孙二" in page and "After-sale" in page and "2026-11-16" in page
    assert f"王师傅（{mentor_no}）" in page

    response = confirm(client, roster_import)
    assert response.status_code == 302
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.DONE
    assert roster_import.created_count == 3
    assert not roster_import.file  # the upload (which may hold passwords) is gone
    after = counts()
    assert after["users"] - before["users"] == 3
    assert after["employees"] - before["employees"] == 3
    assert after["enrollments"] - before["enrollments"] == 3
    assert after["preferences"] - before["preferences"] == 3
    assert after["scheduled days"] - before["scheduled days"] == 3 * 17  # plan days 0–16

    one, two, three = Employee.objects.filter(employee_no__startswith="K26110").select_related("user", "mentor")
    assert (one.name, one.phone, one.team, one.position_class, one.tier) == (
        "孙一",
        "13800138000",
        "旗舰店",
        PositionClass.PRE_SALE,
        Tier.NEW_HIRE,
    )
    assert one.user.username == "K2611001" and one.user.email == "sun1@example.com"
    assert one.mentor == world.mentor and three.mentor == world.mentor
    assert two.position_class == PositionClass.AFTER_SALE and two.phone == "13900001234"
    assert three.position_class == PositionClass.IN_SALE
    assert {e.hire_date for e in (one, two, three)} == {date(2026, 11, 16)}
    for employee in (one, two, three):
        assert employee.user.password.startswith(UNUSABLE_PASSWORD_PREFIX)
        assert not employee.user.has_usable_password()
        assert employee.user.preference.must_set_password
        assert set(employee.user.groups.values_list("name", flat=True)) == {Role.TRAINEE}
        hired = employee.status_changes.get(from_status="")
        assert hired.reason == "Hired" and hired.changed_by == world.hr
    assert world.mentor.user.groups.filter(name=Role.MENTOR).exists()

    result = import_page(client, roster_import).content.decode()
    assert "3 employees joined 十一月新人批" in result
    assert "K2611003" in result


def test_the_mentor_role_is_given_to_a_named_mentor_who_did_not_have_it(client, world):
    mentor = EmployeeFactory(name="赵师傅", status=Status.LIVE, user=UserFactory(roles=[]))
    client.force_login(world.hr)
    upload(client, world, xlsx([person("K1", mentor=mentor.employee_no)]))
    confirm(client, the_import())
    assert mentor.user.groups.filter(name=Role.MENTOR).exists()


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("售前", PositionClass.PRE_SALE),
        ("售前客服", PositionClass.PRE_SALE),
        ("pre-sale", PositionClass.PRE_SALE),
        ("Pre-sale", PositionClass.PRE_SALE),
        ("pre_sale", PositionClass.PRE_SALE),
        ("PRE SALE", PositionClass.PRE_SALE),
        ("售中", PositionClass.IN_SALE),
        ("In-sale", PositionClass.IN_SALE),
        ("ｉｎ＿ｓａｌｅ", PositionClass.IN_SALE),  # full-width, as a Chinese input method types it
        ("售后", PositionClass.AFTER_SALE),
        ("after-sales", PositionClass.AFTER_SALE),
        ("AfterSale", PositionClass.AFTER_SALE),
    ],
)
def test_position_classes_are_read_in_chinese_or_english(world, word, value):
    result = check_roster(BytesIO(xlsx([person("K1", cls=word)])), name="r.xlsx", cohort=world.cohort)
    assert result.problems == []
    assert result.rows[0].position_class == value


@pytest.mark.parametrize(
    ("word", "tier"),
    [
        ("新员工", Tier.NEW_HIRE),
        ("新人", Tier.NEW_HIRE),
        ("New hire", Tier.NEW_HIRE),
        ("new_hire", Tier.NEW_HIRE),
        (None, Tier.NEW_HIRE),  # empty: the cohort's tier
        ("老员工", Tier.VETERAN),
        ("Veteran", Tier.VETERAN),
        ("晋升", Tier.PROMOTION),
        ("储备干部", Tier.PROMOTION),
        ("promotion track", Tier.PROMOTION),
    ],
)
def test_tiers_are_read_in_chinese_or_english(world, word, tier):
    cohort = CohortFactory(tier=tier, start_date=date(2026, 11, 16))
    result = check_roster(BytesIO(xlsx([person("K1", tier=word)])), name="r.xlsx", cohort=cohort)
    assert result.problems == []
    assert result.rows[0].tier == tier


def test_a_file_mixing_chinese_and_english_classes_and_tiers_imports(client, world):
    rows = [
        person("M1", cls="售前", tier="新员工"),
        person("M2", cls="pre-sale", tier="New hire"),
        person("M3", cls="售中", tier="new_hire"),
        person("M4", cls="In-Sale"),
        person("M5", cls="after_sale", tier="新人"),
    ]
    client.force_login(world.hr)
    upload(client, world, xlsx(rows))
    confirm(client, the_import())
    assert the_import().status == ImportStatus.DONE
    found = dict(Employee.objects.filter(employee_no__startswith="M").values_list("employee_no", "position_class"))
    assert found == {"M1": "pre_sale", "M2": "pre_sale", "M3": "in_sale", "M4": "in_sale", "M5": "after_sale"}


@pytest.mark.parametrize(
    "written",
    [
        datetime(2026, 11, 16),  # an Excel date cell
        date(2026, 11, 16),
        46342,  # an Excel date that lost its format: the serial day number
        20261116,  # a number typed without separators
        "2026-11-16",
        "2026/11/16",
        "2026.11.16",
        "2026年11月16日",
        "2026 年 11 月 16 日",
        "２０２６－１１－１６",  # full-width
        "20261116",
        "2026-11-16 00:00:00",
    ],
)
def test_hire_dates_are_read_from_excel_dates_and_text(world, written):
    result = check_roster(BytesIO(xlsx([person("K1", hired=written)])), name="r.xlsx", cohort=world.cohort)
    assert result.problems == []
    assert result.rows[0].hire_date == date(2026, 11, 16)


def test_an_empty_hire_date_means_the_day_of_the_import(client, world):
    client.force_login(world.hr)
    upload(client, world, xlsx([person("K1")]))
    confirm(client, the_import())
    assert Employee.objects.get(employee_no="K1").hire_date == date.today()


def test_numbers_excel_typed_as_numbers_are_read_as_text(world):
    result = check_roster(BytesIO(xlsx([person(2611001.0, phone=13800138000.0)])), name="r.xlsx", cohort=world.cohort)
    assert result.problems == []
    assert (result.rows[0].employee_no, result.rows[0].phone) == ("2611001", "13800138000")


def test_english_and_marked_headers_are_accepted(world):
    headers = [
        "Employee No",
        "Name",
        "Position class",
        "tier",
        "phone",
        "E-mail",
        "hire date",
        "团队",
        "mentor",
        "初始密码（选填）",
    ]
    result = check_roster(BytesIO(xlsx([person("K1")], headers=headers)), name="r.xlsx", cohort=world.cohort)
    assert result.problems == []
    assert result.rows[0].employee_no == "K1"


def test_optional_columns_may_be_left_out(world):
    result = check_roster(
        BytesIO(xlsx([["K1", "孙一", "售后"]], headers=["工号", "姓名", "岗位类别"])),
        name="r.xlsx",
        cohort=world.cohort,
    )
    assert result.ok


# ---------------------------------------------------------------------------- bad rows: every problem, nothing written


def assert_nothing_written(before: dict[str, int]) -> None:
    assert counts() == before


BAD_ROWS = [
    ("no employee number", [person(None)], "工号", "The employee number is empty."),
    ("spaces in the employee number", [person("K 1")], "工号", "use only letters, digits and . @ + - _"),
    ("employee number too long", [person("K" * 33)], "工号", "at most 32 characters"),
    ("no name", [person("K1", None)], "姓名", "The name is empty."),
    ("name too long", [person("K1", "名" * 65)], "姓名", "at most 64 characters"),
    ("no position class", [person("K1", cls=None)], "岗位类别", "The position class is empty."),
    ("unknown position class", [person("K1", cls="售前售后")], "岗位类别", "Unknown position class “售前售后”"),
    ("unknown tier", [person("K1", tier="实习生")], "层级", "Unknown tier “实习生”"),
    ("tier of another cohort", [person("K1", tier="老员工")], "层级", "This cohort trains the tier “New hire”"),
    ("bad phone", [person("K1", phone="12345")], "手机号", "“12345”: Enter a mainland mobile number"),
    ("bad e-mail", [person("K1", email="sun@")], "邮箱", "“sun@” is not a valid e-mail address."),
    ("not a date", [person("K1", hired="下周一")], "入职日期", "“下周一” is not one."),
    ("impossible date", [person("K1", hired="2026-02-30")], "入职日期", "“2026-02-30” is not a real date."),
    ("implausible date", [person("K1", hired="1900-01-01")], "入职日期", "is not plausible"),
    ("team too long", [person("K1", team="店" * 101)], "团队/店铺", "at most 100 characters"),
    ("unknown mentor", [person("K1", mentor="X999")], "师傅工号", "No employee has the number X999."),
    (
        "mentor from the same file",
        [person("K1"), person("K2", mentor="k1")],
        "师傅工号",
        "k1 is a new hire in this file and cannot mentor anyone yet.",
    ),
    (
        "duplicate in the file, letter case aside",
        [person("K1"), person("k1")],
        "工号",
        "The employee number k1 is already in row 3 of this file.",
    ),
    ("weak initial password", [person("K1", password="12345678")], "初始密码", "The initial password is refused:"),
    ("example row of the template", [person("K2611001", f"{EXAMPLE_MARK}张小花")], "姓名", "example row"),
]


@pytest.mark.parametrize(("case", "rows", "column", "expected"), BAD_ROWS, ids=[case[0] for case in BAD_ROWS])
def test_a_bad_row_is_reported_by_row_and_column_and_nothing_is_written(client, world, case, rows, column, expected):
    client.force_login(world.hr)
    before = counts()
    upload(client, world, xlsx([person("OK1"), *rows]))
    roster_import = the_import()
    assert roster_import.status == ImportStatus.CHECKED
    bad_row = 3 if case != "mentor from the same file" and not case.startswith("duplicate") else 4
    assert any(
        p["row"] == bad_row and p["column"] == column and expected in p["message"] for p in roster_import.problems
    ), roster_import.problems
    assert expected in import_page(client, roster_import).content.decode().replace("&quot;", '"').replace("&#x27;", "'")
    # An import with problems cannot be confirmed.
    response = confirm(client, roster_import)
    assert response.status_code == 302
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.CHECKED
    assert_nothing_written(before)


def test_numbers_taken_in_the_portal_are_refused_with_letter_case_ignored(client, world):
    client.force_login(world.hr)
    before = counts()
    taken_no = world.trainee.employee_no  # E0000x
    upload(client, world, xlsx([person(taken_no.lower()), person("hr"), person("K9")]))
    problems = the_import().problems
    assert {
        "row": 2,
        "column": "工号",
        "message": f"The employee number {taken_no.lower()} is already taken by an employee in the portal.",
    } in problems
    assert {
        "row": 3,
        "column": "工号",
        "message": "The login hr is already taken (the employee number is the login name).",
    } in problems
    assert_nothing_written(before)


def test_a_mentor_who_is_not_live_is_refused(world):
    result = check_roster(
        BytesIO(xlsx([person("K1", mentor=world.trainee.employee_no)])), name="r.xlsx", cohort=world.cohort
    )
    assert [p.message for p in result.problems] == [
        f"张小花 ({world.trainee.employee_no}) is “In training”, not live: only employees who work on their own can "
        "mentor."
    ]


def test_every_problem_is_collected_not_just_the_first(world):
    rows = [
        person(None, None, "售货", tier="实习", phone="1", email="x", hired="昨天", mentor="nobody", password="123")
    ]
    result = check_roster(BytesIO(xlsx(rows)), name="r.xlsx", cohort=world.cohort)
    assert sorted(p.column for p in result.problems) == sorted(
        ["工号", "姓名", "岗位类别", "层级", "手机号", "邮箱", "入职日期", "师傅工号", "初始密码"]
    )
    assert {p.row for p in result.problems} == {2}


def test_values_in_a_column_without_header_are_reported(world):
    rows = [[*person("K1"), "备注：夜班"]]
    result = check_roster(BytesIO(xlsx(rows)), name="r.xlsx", cohort=world.cohort)
    assert [(p.row, p.column) for p in result.problems] == [(2, "K")]
    assert "Column K has values but no header" in result.problems[0].message


def test_a_class_no_plan_serves_is_reported_once_with_its_row_count(world):
    PlanTemplate.objects.filter(tier=Tier.NEW_HIRE).update(is_active=False)
    rows = [person("K1", cls="售后"), person("K2", cls="售后")]
    result = check_roster(BytesIO(xlsx(rows)), name="r.xlsx", cohort=world.cohort)
    assert [(p.row, p.column) for p in result.problems] == [(2, "岗位类别")]
    assert "No active plan of this cohort's tier serves After-sale (2 rows)" in result.problems[0].message


def test_problems_beyond_the_first_thousand_are_counted(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.hr)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, world, xlsx([person(f"K{i}", cls="?") for i in range(1005)]))
    roster_import = RosterImport.objects.latest("pk")
    # 1,005 rows is more than the rows checked within the request: the worker (eager here) did it.
    assert roster_import.status == ImportStatus.CHECKED
    assert len(roster_import.problems) == 1001
    assert roster_import.problems[-1]["message"].startswith("And 5 more problems.")


# ---------------------------------------------------------------------------- whole files refused


def _zip(members: dict[str, bytes], level: int = 9) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def zip_bomb(inflated_mb: int) -> bytes:
    """A real .xlsx whose sheet XML is a valid header row followed by megabytes of blank rows' padding:
    a few hundred kilobytes on disk, huge when inflated."""
    good = zipfile.ZipFile(BytesIO(xlsx([person("K1")])))
    members = {name: good.read(name) for name in good.namelist()}
    sheet = next(name for name in members if name.startswith("xl/worksheets/"))
    xml = members[sheet].decode()
    padding = " " * (inflated_mb * 1024 * 1024)
    members[sheet] = xml.replace("</sheetData>", padding + "</sheetData>").encode()
    return _zip(members)


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
        _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
        "not an Excel workbook (it may be a Word",
    ),
    (
        "a zip without a readable workbook",
        "花名册.xlsx",
        _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<broken"}),
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
    monkeypatch.setattr("training.roster.reading.load_workbook", lambda *a, **k: opened.append(a))
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


# ---------------------------------------------------------------------------- confirming


def test_confirming_twice_imports_once(client, world):
    client.force_login(world.hr)
    upload(client, world, xlsx([person("K1"), person("K2")]))
    roster_import = the_import()
    confirm(client, roster_import)
    before = counts()
    response = confirm(client, roster_import)
    assert response.status_code == 302
    assert counts() == before
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.DONE and roster_import.created_count == 2
    assert "This import was already confirmed." in client.get(response["Location"]).content.decode()


def test_a_number_taken_between_preview_and_confirm_sends_the_file_back_to_the_preview(client, world):
    client.force_login(world.hr)
    upload(client, world, xlsx([person("K1"), person("K2")]))
    roster_import = the_import()
    EmployeeFactory(employee_no="K2")
    before = counts()
    confirm(client, roster_import)
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.CHECKED
    assert roster_import.problems[0]["row"] == 3
    assert counts() == before


def test_the_import_is_all_or_nothing_when_saving_fails_half_way(world, monkeypatch):
    result = check_roster(BytesIO(xlsx([person("K1"), person("K2")])), name="r.xlsx", cohort=world.cohort)

    def broken(**kwargs):
        raise RuntimeError("the scheduler fell over")

    monkeypatch.setattr("training.roster.saving.enroll", broken)
    before = counts()
    with pytest.raises(RuntimeError):
        save_roster(cohort=world.cohort, rows=result.rows, by=world.hr)
    assert counts() == before


def test_the_service_refuses_an_empty_list(world):
    with pytest.raises(RosterRefusedError):
        save_roster(cohort=world.cohort, rows=[], by=world.hr)


def test_a_failing_import_is_marked_failed_and_its_file_deleted(client, world, monkeypatch):
    client.force_login(world.hr)
    upload(client, world, xlsx([person("K1")]))
    roster_import = the_import()
    stored = roster_import.file.path

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("training.roster.saving.enroll", broken)
    client.raise_request_exception = False
    assert confirm(client, roster_import).status_code == 500
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.FAILED
    assert "Nothing was saved" in roster_import.problems[0]["message"]
    import os

    assert not os.path.exists(stored)
    assert not Employee.objects.filter(employee_no="K1").exists()


# ---------------------------------------------------------------------------- large files: the background path


def test_a_large_file_is_checked_and_imported_by_the_worker_with_progress(
    client, world, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("training.views_roster.SYNC_ROWS", 3)
    monkeypatch.setattr("training.roster.saving.SYNC_ROWS", 3)
    client.force_login(world.hr)
    rows = [person(f"B{i}") for i in range(5)]
    queued: list[int] = []
    from training import tasks_roster

    original = tasks_roster.check_roster_task.delay
    monkeypatch.setattr(tasks_roster.check_roster_task, "delay", lambda pk: queued.append(pk) or original(pk))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(client, world, xlsx(rows))
    roster_import = the_import()
    # Not checked within the request: the page shows a progress bar that polls the status URL.
    assert roster_import.status == ImportStatus.UPLOADED
    page = client.get(response["Location"]).content.decode()
    status_url = reverse("roster_status", kwargs={"pk": world.cohort.pk, "import_pk": roster_import.pk})
    assert f'data-roster-status-url="{status_url}"' in page and "js/roster.js" in page
    assert client.get(status_url).json()["finished"] is False
    for callback in callbacks:
        callback()
    assert queued == [roster_import.pk]
    status = client.get(status_url).json()
    assert status == {
        "status": "checked",
        "finished": True,
        "total": 5,
        "processed": 5,
        "percent": 100,
        "label": "Checked",
    }

    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, roster_import)
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.DONE and roster_import.created_count == 5
    assert Enrollment.objects.filter(cohort=world.cohort, employee__employee_no__startswith="B").count() == 5


def test_progress_is_reported_while_the_worker_checks(world, monkeypatch):
    monkeypatch.setattr("training.roster.reading.PROGRESS_EVERY", 2)
    seen: list[int] = []
    check_roster(
        BytesIO(xlsx([person(f"K{i}") for i in range(5)])), name="r.xlsx", cohort=world.cohort, progress=seen.append
    )
    assert seen == [2, 4, 5]


def test_hashing_initial_passwords_reports_its_progress_too(world):
    from training.roster.saving import hash_passwords

    result = check_roster(
        BytesIO(xlsx([person("K1"), person("K2", password="Kefu-start-2x!"), person("K3", password="Kefu-start-3x!")])),
        name="r.xlsx",
        cohort=world.cohort,
    )
    seen: list[int] = []
    hashes = hash_passwords(result.rows, seen.append)
    assert seen == [2, 3]
    assert sorted(hashes) == [3, 4]  # by Excel row


def test_files_giving_initial_passwords_are_imported_in_the_background(client, world, monkeypatch):
    from training.roster import needs_background

    rows = [person(f"P{i}", password=f"Kefu-start-{i}x!") for i in range(4)]
    client.force_login(world.hr)
    upload(client, world, xlsx(rows))
    assert needs_background(the_import())
    upload(client, world, xlsx(rows[:3] + [person("P9")]))
    assert not needs_background(the_import())


def test_the_tasks_do_nothing_to_an_import_in_another_status(world):
    from training.tasks_roster import check_roster_task, import_roster_task

    roster_import = RosterImport.objects.create(
        cohort=world.cohort, original_name="x.xlsx", uploaded_by=world.hr, status=ImportStatus.DONE
    )
    assert import_roster_task.apply(args=[roster_import.pk, world.hr.pk]).get() == 0
    assert check_roster_task.apply(args=[roster_import.pk]).get() == "done"
    assert import_roster_task.apply(args=[999999, None]).get() == 0


def test_a_task_that_fails_for_good_marks_the_import_failed(world, monkeypatch):
    from training.tasks_roster import import_roster_task

    roster_import = RosterImport.objects.create(
        cohort=world.cohort, original_name="x.xlsx", uploaded_by=world.hr, status=ImportStatus.RUNNING
    )
    monkeypatch.setattr(
        "training.tasks_roster.run_roster_import", lambda **kw: (_ for _ in ()).throw(ValueError("bug"))
    )
    import_roster_task.apply(args=[roster_import.pk, world.hr.pk])
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.FAILED


def test_unconfirmed_uploads_expire_after_a_day_with_their_files(client, world):
    from datetime import timedelta

    from django.utils import timezone

    client.force_login(world.hr)
    upload(client, world, xlsx([person("K1", password="Kefu-start-1x!")]))
    stale = the_import()
    path = stale.file.path
    RosterImport.objects.filter(pk=stale.pk).update(uploaded_at=timezone.now() - timedelta(days=2))
    upload(client, world, xlsx([person("K2")]))  # any upload sweeps
    stale.refresh_from_db()
    assert stale.status == ImportStatus.FAILED and not stale.file
    import os

    assert not os.path.exists(path)


# ---------------------------------------------------------------------------- 10,000 rows


@pytest.fixture
def one_day_cohort(world) -> Cohort:
    """A veteran cohort on a one-day plan: the 10,000-row test times the import, not 170,000 scheduled days
    (scheduling at scale has its own benchmark, bench/scheduling.py)."""
    PlanTemplate.objects.filter(tier=Tier.VETERAN).update(is_active=False)
    plan = PlanTemplate.objects.create(code="one-day", name="一日回炉", tier=Tier.VETERAN, is_active=True)
    Phase.objects.create(template=plan, number=1, name="回炉", first_day=1, last_day=1)
    return CohortFactory(name="万人回炉", tier=Tier.VETERAN, start_date=date(2026, 12, 7))


def test_ten_thousand_rows_import_correctly(world, one_day_cohort):
    classes = ["售前", "售中", "售后"]
    data = xlsx(
        [
            person(
                f"T{i:05d}",
                f"学员{i}",
                classes[i % 3],
                tier="老员工" if i % 2 else "veteran",
                phone=f"139{i:08d}",
                hired="2026/12/07" if i % 2 else datetime(2026, 12, 7),
                mentor=world.mentor.employee_no,
            )
            for i in range(10_000)
        ]
    )
    before = counts()
    result = check_roster(BytesIO(data), name="r.xlsx", cohort=one_day_cohort)
    assert result.ok and result.total_rows == 10_000
    employees = save_roster(cohort=one_day_cohort, rows=result.rows, by=world.hr)
    after = counts()
    assert len(employees) == 10_000
    for table in ("users", "employees", "enrollments", "status changes", "preferences"):
        assert after[table] - before[table] == 10_000, table
    assert after["scheduled days"] - before["scheduled days"] == 10_000
    assert Employee.objects.filter(employee_no__startswith="T", mentor=world.mentor).count() == 10_000
    assert Counter(Employee.objects.filter(employee_no__startswith="T").values_list("position_class", flat=True)) == {
        "pre_sale": 3334,
        "in_sale": 3333,
        "after_sale": 3333,
    }
    assert not Employee.objects.filter(employee_no__startswith="T").exclude(hire_date=date(2026, 12, 7)).exists()
    waiting = Preference.objects.filter(user__employee__employee_no__startswith="T", must_set_password=True)
    assert waiting.count() == 10_000


# ---------------------------------------------------------------------------- queries


def _kinds(queries: list[dict[str, str]]) -> Counter[str]:
    kinds: Counter[str] = Counter()
    for q in queries:
        sql = q["sql"].lstrip()
        verb = sql.split(None, 1)[0].upper()
        if verb == "INSERT":
            table = re.match(r'INSERT (?:OR IGNORE )?INTO "?(\w+)"?', sql).group(1)
            kinds[f"INSERT {table}"] += 1
        elif verb == "COPY":
            kinds[f"COPY {sql.split()[1].strip(chr(34))}"] += 1
        else:
            kinds["other"] += 1
    return kinds


def _expected_inserts(model: Any, rows: int, batch_size: int | None) -> int:
    """INSERT statements Django sends for `rows` objects: our batch size, capped by the backend's own limit."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    size = connection.ops.bulk_batch_size(fields, [None] * rows)
    size = min(size, batch_size) if batch_size else size
    return math.ceil(rows / max(size, 1))


def test_the_import_takes_a_fixed_number_of_queries_besides_insert_batches(world):
    """30 or 300 rows: the same statements, but for the INSERT batches Django cuts bulk inserts into (our
    batches of 1,000 rows; on SQLite at most 999 parameters a statement). Besides INSERTs, 18 statements:
    the four checks (employee numbers, logins, mentors, plans), the two roles; then enroll(): the
    already-enrolled check, the plans, and schedule_cohort's phases, calendar days, calendar years, end
    date and cohort UPDATE (new enrollments have no extensions or old days to read or delete, and nobody's
    training is due in a cohort that starts in two weeks); and 7 SAVEPOINT/RELEASE. The scheduled days go
    in one COPY on PostgreSQL."""
    from training.models import ScheduledDay as Day
    from training.roster.columns import BATCH_SIZE

    membership = User.groups.through
    seen = {}
    for size, tag in ((30, "A"), (300, "B")):
        cohort = CohortFactory(start_date=timezone.localdate() + timedelta(days=14))
        data = xlsx([person(f"{tag}{i}", mentor=world.mentor.employee_no) for i in range(size)])
        with CaptureQueriesContext(connection) as ctx:
            result = check_roster(BytesIO(data), name="r.xlsx", cohort=cohort)
            save_roster(cohort=cohort, rows=result.rows, by=world.hr)
        kinds = _kinds(ctx.captured_queries)
        seen[size] = kinds["other"]
        assert kinds["INSERT auth_user"] == _expected_inserts(User, size, BATCH_SIZE)
        assert kinds["INSERT employees_employee"] == _expected_inserts(Employee, size, BATCH_SIZE)
        assert kinds["INSERT training_enrollment"] == _expected_inserts(Enrollment, size, None)
        # The mentor role for the named mentor: one statement.
        assert kinds["INSERT auth_user_groups"] == 1 + (
            0 if connection.vendor == "postgresql" else _expected_inserts(membership, size, 2000)
        )
        # Rows nobody refers to right away: one COPY each on PostgreSQL, INSERT batches elsewhere.
        for model, rows in ((membership, size), (Preference, size), (StatusChange, size), (Day, size * 17)):
            table = model._meta.db_table
            if connection.vendor == "postgresql":
                assert kinds[f"COPY {table}"] == 1, table
            else:
                assert kinds[f"INSERT {table}"] == _expected_inserts(model, rows, 2000) + (model is membership)
    assert seen[30] == seen[300] == 18


def test_pages_take_the_same_queries_for_3_or_30_rows(client, world):
    client.force_login(world.hr)
    found = {}
    for size in (3, 30):
        upload(client, world, xlsx([person(f"Q{size}-{i}", mentor=world.mentor.employee_no) for i in range(size)]))
        roster_import = the_import()
        with CaptureQueriesContext(connection) as preview:
            assert import_page(client, roster_import).status_code == 200
        confirm(client, roster_import)
        with CaptureQueriesContext(connection) as result:
            assert import_page(client, roster_import).status_code == 200
        with CaptureQueriesContext(connection) as upload_page:
            assert client.get(reverse("roster_upload", kwargs={"pk": world.cohort.pk})).status_code == 200
        found[size] = (len(preview), len(result), len(upload_page))
    # Every page: session, user, roles, the notification bell (base.html); then
    # preview: cohort, import, mentors' names
    # result: cohort, import, members with mentors, member count, accounts waiting for a password
    # upload page: cohort, latest imports, accounts waiting for a password
    assert found[3] == found[30] == (7, 9, 7)


# ---------------------------------------------------------------------------- access


ROSTER_URLS = ["roster_upload", "roster_template"]


@pytest.mark.parametrize("persona", ["trainer", "mentor", "trainee", "outsider"])
def test_only_hr_may_import_rosters_even_the_cohorts_trainer_gets_403(client, world, persona):
    login_as(client, world, persona)
    for name in ROSTER_URLS:
        assert client.get(reverse(name, kwargs={"pk": world.cohort.pk})).status_code == 403
    assert upload(client, world, xlsx([person("K1")])).status_code == 403
    assert client.post(reverse("roster_passwords", kwargs={"pk": world.cohort.pk})).status_code == 403
    assert not RosterImport.objects.exists()


def test_an_import_of_another_cohort_or_a_made_up_id_is_a_404(client, world):
    client.force_login(world.hr)
    upload(client, world, xlsx([person("K1")]), cohort=world.other_cohort)
    foreign = the_import()
    for name in ("roster_import", "roster_status", "roster_confirm"):
        for import_pk in (foreign.pk, 987654):
            url = reverse(name, kwargs={"pk": world.cohort.pk, "import_pk": import_pk})
            response = client.post(url) if name == "roster_confirm" else client.get(url)
            assert response.status_code == 404, (name, import_pk)
    foreign.refresh_from_db()
    assert foreign.status == ImportStatus.CHECKED
    assert not Employee.objects.filter(employee_no="K1").exists()
    assert client.get(f"/cohorts/{world.cohort.pk}/roster/abc/").status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    response = client.post(reverse("roster_upload", kwargs={"pk": world.cohort.pk}))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# ---------------------------------------------------------------------------- the template


def test_the_template_has_chinese_headers_a_guide_an_example_and_drop_down_lists(client, world):
    client.force_login(world.hr)
    response = client.get(reverse("roster_template", kwargs={"pk": world.cohort.pk}))
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["花名册", "说明"]
    sheet = workbook["花名册"]
    assert [c.value for c in sheet[1]] == HEADERS
    example = [c.value for c in sheet[2]]
    assert example[1].startswith(EXAMPLE_MARK) and example[3] == "新员工"
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["C2:C20001"] == '"售前,售中,售后"'
    assert lists["D2:D20001"] == '"新员工,老员工,晋升"'
    assert sheet["A3"].number_format == "@"  # 工号 as text: leading zeros stay
    guide = [row[0] for row in workbook["说明"].iter_rows(min_row=2, max_row=11, values_only=True)]
    assert guide == HEADERS


def test_the_template_as_downloaded_is_refused_and_once_filled_imports(client, world):
    client.force_login(world.hr)
    blank = client.get(reverse("roster_template", kwargs={"pk": world.cohort.pk})).content
    result = check_roster(BytesIO(blank), name="模板.xlsx", cohort=world.cohort)
    assert [p.message for p in result.problems] == [
        "This is the template's example row. Replace it with a real employee, or delete it."
    ]
    workbook = load_workbook(BytesIO(blank))
    sheet = workbook["花名册"]
    sheet["A2"], sheet["B2"], sheet["I2"] = "0012", "周新", world.mentor.employee_no
    sheet.append(["0013", "吴新", "售后", None, "0571-88886666"])
    out = BytesIO()
    workbook.save(out)
    upload(client, world, out.getvalue())
    roster_import = the_import()
    assert roster_import.problems == []
    confirm(client, roster_import)
    assert set(Employee.objects.filter(employee_no__in=["0012", "0013"]).values_list("employee_no", flat=True)) == {
        "0012",
        "0013",
    }


# ---------------------------------------------------------------------------- one-time passwords


def imported(client, world, rows: list[list[Any]]) -> list[Employee]:
    client.force_login(world.hr)
    upload(client, world, xlsx(rows))
    confirm(client, the_import())
    assert the_import().status == ImportStatus.DONE, the_import().problems
    return list(Employee.objects.filter(employee_no__in=[r[0] for r in rows]).select_related("user"))


def test_one_time_passwords_are_shown_once_and_only_their_hashes_are_stored(client, world):
    imported(client, world, [person("K1", "孙一"), person("K2", "+孙二"), person("K3", password="Kefu-2026-given!")])
    response = client.post(reverse("roster_passwords", kwargs={"pk": world.cohort.pk}))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    shown = dict(re.findall(r"<tr><td>(K\d)</td><td>[^<]*</td><td[^>]*>([a-z2-9-]+)</td></tr>", page))
    assert set(shown) == {"K1", "K2"}  # K3 was given a password in the file
    for no, password in shown.items():
        assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", password)
        user = User.objects.get(username=no)
        assert password not in user.password and user.check_password(password)
    assert User.objects.get(username="K3").check_password("Kefu-2026-given!")

    href = re.search(r'href="data:[^;]+;base64,([^"]+)" download="([^"]+)"', page)
    assert href.group(2) == "初始密码-十一月新人批.xlsx"
    sheet = load_workbook(BytesIO(base64.b64decode(href.group(1)))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("工号", "姓名", "初始密码")
    assert {(r[0], r[2]) for r in rows[1:]} == set(shown.items())
    assert ("K2", "'+孙二", shown["K2"]) in rows  # never a formula

    again = client.post(reverse("roster_passwords", kwargs={"pk": world.cohort.pk}))
    assert again.status_code == 302
    assert "No account of this cohort is waiting for a password." in client.get(again["Location"]).content.decode()
    assert User.objects.get(username="K1").check_password(shown["K1"])  # the first sheet stays valid


def test_a_second_request_at_the_same_moment_cannot_overwrite_the_passwords_shown(world):
    employees = [EmployeeFactory(employee_no=f"R{i}") for i in range(3)]
    for e in employees:
        e.user.set_unusable_password()
        e.user.save()
        Preference.objects.create(user=e.user, must_set_password=True)
    from training.services import enroll

    enroll(cohort=world.cohort, employees=employees)
    first = issue_one_time_passwords(cohort=world.cohort)
    # The second request read the same accounts before the first one wrote: simulate it by faking its read.
    from training.roster import passwords as module

    class Stale:
        def values_list(self, *args, **kwargs):
            return [(e.user_id, e.employee_no, e.name) for e in employees]

    original = module.waiting_for_password
    module.waiting_for_password = lambda cohort: Stale()
    try:
        second = issue_one_time_passwords(cohort=world.cohort)
    finally:
        module.waiting_for_password = original
    assert len(first) == 3 and second == []
    for item in first:
        assert Employee.objects.get(employee_no=item.employee_no).user.check_password(item.password)


def test_the_password_sheet_neutralises_formulas():
    sheet = load_workbook(BytesIO(password_sheet([IssuedPassword("K1", "@SUM(1)", "abcd-efgh-jkmn")]))).active
    assert list(sheet.iter_rows(min_row=2, values_only=True)) == [("K1", "'@SUM(1)", "abcd-efgh-jkmn")]


def test_the_password_page_is_post_only(client, world):
    client.force_login(world.hr)
    assert client.get(reverse("roster_passwords", kwargs={"pk": world.cohort.pk})).status_code == 405


# ---------------------------------------------------------------------------- first login


@pytest.fixture
def with_middleware(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, MIDDLEWARE_PATH]


def test_an_imported_hire_logs_in_with_the_one_time_password_and_must_set_a_password_first(
    client, world, with_middleware
):
    imported(client, world, [person("K1", "孙一")])
    page = client.post(reverse("roster_passwords", kwargs={"pk": world.cohort.pk})).content.decode()
    one_time = re.search(r"<td[^>]*font-monospace[^>]*>([a-z2-9-]+)</td>", page).group(1)
    client.logout()

    response = client.post(reverse("login"), {"username": "K1", "password": one_time})
    assert response.status_code == 302
    for url in ("/", "/today/", "/week/", reverse("password_change"), "/admin/", reverse("login")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("set_password"), url
    assert client.post("/today/").status_code == 302
    # What stays reachable: the page itself, the language switch, static files, logging out.
    assert client.get(reverse("set_password")).status_code == 200
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"})["Location"] == "/"
    assert client.get("/static/js/roster.js").status_code != 302

    response = client.post(
        reverse("set_password"), {"new_password1": "Sun-yi-2026-own", "new_password2": "Sun-yi-2026-own"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    user = User.objects.get(username="K1")
    assert not user.preference.must_set_password
    assert user.check_password("Sun-yi-2026-own") and not user.check_password(one_time)
    assert client.get("/today/").status_code == 200  # still logged in, no more detours
    client.logout()
    assert client.post(reverse("login"), {"username": "K1", "password": one_time}).status_code == 200  # refused


def test_a_weak_new_password_is_refused_and_the_duty_stays(client, world, with_middleware):
    employee = imported(client, world, [person("K1")])[0]
    client.force_login(employee.user)
    response = client.post(reverse("set_password"), {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert client.get("/today/")["Location"] == reverse("set_password")


def test_logging_out_is_allowed_before_setting_the_password(client, world, with_middleware):
    employee = imported(client, world, [person("K1")])[0]
    client.force_login(employee.user)
    assert client.post(reverse("logout"))["Location"] == reverse("login")


def test_the_duty_is_read_once_at_login_not_on_every_request(client, world, with_middleware):
    client.force_login(world.trainee.user)
    assert client.session[SESSION_KEY] is False
    with CaptureQueriesContext(connection) as plain:
        client.get("/week/")
    client.get("/week/")  # nothing from the middleware on later requests either
    assert not any("employees_preference" in q["sql"] for q in plain.captured_queries)


def test_a_session_from_before_the_middleware_is_looked_up_once(client, world, with_middleware):
    Preference.objects.create(user=world.trainee.user, must_set_password=True)
    client.force_login(world.trainee.user)
    session = client.session
    del session[SESSION_KEY]
    session.save()
    assert client.get("/week/")["Location"] == reverse("set_password")
    assert client.session[SESSION_KEY] is True


def test_someone_without_the_duty_is_sent_to_the_usual_password_change(client, world, with_middleware):
    client.force_login(world.trainee.user)
    assert client.get(reverse("set_password"))["Location"] == reverse("password_change")
    assert client.get("/week/").status_code == 200


# ---------------------------------------------------------------------------- admin


def test_the_admin_lists_imports_with_their_problems_read_only(client, world):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(world.hr)
    upload(client, world, xlsx([person("K1", phone="12345")]))
    roster_import = the_import()
    client.force_login(admin)
    listing = client.get(reverse("admin:training_rosterimport_changelist"))
    assert listing.status_code == 200 and "花名册.xlsx" in listing.content.decode()
    detail = client.get(reverse("admin:training_rosterimport_change", args=[roster_import.pk])).content.decode()
    assert "Enter a mainland mobile number" in detail and "手机号" in detail
    assert client.get(reverse("admin:training_rosterimport_add")).status_code == 403
    assert client.get(reverse("admin:employees_preference_changelist")).status_code == 200


def test_stored_files_get_random_names(client, world):
    client.force_login(world.hr)
    upload(client, world, xlsx([person("K1")]), name="../../etc/花名册.xlsx")
    roster_import = the_import()
    assert re.fullmatch(r"imports/rosters/\d{4}/\d{2}/[0-9a-f]{32}\.xlsx", roster_import.file.name)
    assert roster_import.original_name == "花名册.xlsx"


def test_the_matrix_factory_import_previews(client, world):
    from tests.matrix_roster import checked_import

    client.force_login(world.hr)
    kwargs = checked_import(world)
    assert client.get(reverse("roster_import", kwargs=kwargs)).status_code == 200


# ---------------------------------------------------------------------------- the worker


def test_the_worker_finds_the_roster_tasks():
    """Celery autodiscovers <app>.tasks only; employees.tasks imports the roster tasks, so that a worker
    process, which loads no admin or views, registers them too."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "from config.celery import app; app.loader.import_default_modules(); "
        "print(sorted(t for t in app.tasks if t.startswith('employees.')))"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True)
    assert "'employees.check_roster', 'employees.import_roster'" in out.stdout, out.stderr


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not __import__("os").environ.get("CELERY_TEST_WORKER"), reason="needs a Redis broker (CELERY_TEST_WORKER=1)"
)
def test_a_real_worker_checks_and_imports_a_large_roster(client, world, monkeypatch):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    app.conf.task_always_eager = False
    monkeypatch.setattr("training.views_roster.SYNC_ROWS", 3)
    monkeypatch.setattr("training.roster.saving.SYNC_ROWS", 3)
    assert app.conf.broker_url.startswith("redis"), app.conf.broker_url
    client.force_login(world.hr)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        upload(client, world, xlsx([person(f"W{i}", mentor=world.mentor.employee_no) for i in range(6)]))
        roster_import = the_import()
        status_url = reverse("roster_status", kwargs={"pk": world.cohort.pk, "import_pk": roster_import.pk})
        _wait_for(client, status_url, "checked")
        confirm(client, roster_import)
        _wait_for(client, status_url, "done")
    assert Enrollment.objects.filter(cohort=world.cohort, employee__employee_no__startswith="W").count() == 6


def _wait_for(client, status_url: str, status: str, seconds: float = 60) -> None:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if client.get(status_url).json()["status"] == status:
            return
        time.sleep(0.2)
    raise AssertionError(f"the worker did not reach {status!r}: {client.get(status_url).json()}")
