"""Roster files and the steps of an import through the pages, for the roster tests (test_roster_*.py)
and the browser's (tests/browser/test_roster.py). The tests' environment, messages in English and
tasks run at once, is the `roster_env` fixture of this folder's conftest.py."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from employees.models import Employee, Preference, StatusChange
from tests.spreadsheets import one_sheet
from training.models import Cohort, Enrollment, ImportStatus, RosterImport, ScheduledDay
from training.roster import COLUMNS, XLSX_CONTENT_TYPE

HEADERS = [
    column.header for column in COLUMNS
]  # 工号 姓名 岗位类别 层级 手机号 邮箱 入职日期 团队/店铺 师傅工号 初始密码


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
    return one_sheet(rows, headers, title)


def counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "employees": Employee.objects.count(),
        "enrollments": Enrollment.objects.count(),
        "status changes": StatusChange.objects.count(),
        "preferences": Preference.objects.count(),
        "scheduled days": ScheduledDay.objects.count(),
    }


def assert_nothing_written(before: dict[str, int]) -> None:
    assert counts() == before


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


def imported(client, world, rows: list[list[Any]]) -> list[Employee]:
    """HR uploads and confirms `rows`; the employees made of them."""
    client.force_login(world.hr)
    upload(client, world, xlsx(rows))
    confirm(client, the_import())
    assert the_import().status == ImportStatus.DONE, the_import().problems
    return list(Employee.objects.filter(employee_no__in=[r[0] for r in rows]).select_related("user"))
