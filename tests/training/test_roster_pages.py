"""Roster import, the pages around it: who may import, tampered URLs, the template to fill in, the admin
and the names uploads are stored under."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from employees.models import Employee
from tests.conftest import login_as
from tests.factories import UserFactory
from tests.training.roster_files import HEADERS, confirm, person, the_import, upload, xlsx
from training.models import ImportStatus, RosterImport
from training.roster import EXAMPLE_MARK, XLSX_CONTENT_TYPE, check_roster

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roster_env")]


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
    from tests.training.matrix_roster import checked_import

    client.force_login(world.hr)
    kwargs = checked_import(world)
    assert client.get(reverse("roster_import", kwargs=kwargs)).status_code == 200
