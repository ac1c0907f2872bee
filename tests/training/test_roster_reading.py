"""Roster import, reading the file: every column read as people write it, in Chinese or English, as text
or as Excel typed it; every bad value reported by row and column, all of them, and nothing written."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import pytest

from employees.models import Employee, PositionClass, Tier
from tests.factories import CohortFactory
from tests.training.roster_files import (
    assert_nothing_written,
    confirm,
    counts,
    import_page,
    person,
    the_import,
    upload,
    xlsx,
)
from training.models import ImportStatus, PlanTemplate, RosterImport
from training.roster import EXAMPLE_MARK, check_roster

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roster_env")]


# ---------------------------------------------------------------------------- values as people write them


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
