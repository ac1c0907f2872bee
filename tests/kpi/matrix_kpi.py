"""Permission-matrix rows for the KPI pages (see tests/test_permissions.py): GET rows here, POST rows in
``POST_ROWS`` (added to tests/matrix_post.py's list). Every KPI page is HR's: trainers, mentors and trainees
get 403. Confirming an import is POST only (GET: 405 once past the role check); a token that is not the
poster's own upload is a 404; an import or employee that does not exist is a 404."""

from __future__ import annotations

from django.core.files.base import ContentFile

from kpi.imports import keep_upload
from kpi.models import KpiImport, Platform
from tests.conftest import World
from tests.matrix import row


def hr_pending_upload(world: World) -> dict[str, object]:
    """An export HR uploaded and has not confirmed yet (not a real workbook: confirming shows why)."""
    upload = ContentFile(b"PK", name="绩效.xlsx")
    return {"token": keep_upload(user_id=world.hr.pk, upload=upload, name="绩效.xlsx", platform="taobao", period=None)}


def an_import(world: World) -> dict[str, int]:
    return {"pk": KpiImport.objects.create(platform=Platform.TAOBAO, file_name="绩效.xlsx", imported_by=world.hr).pk}


TRAINEE = lambda w: {"pk": w.trainee.pk}  # noqa: E731
HR_ONLY = row(302, 200, 403, 403, 403, 403)

#        name                       kwargs              anon  hr   trainer mentor trainee outsider
ROWS: list = [
    ("kpi_import_list", None, HR_ONLY),
    ("kpi_import_upload", None, HR_ONLY),
    ("kpi_import_confirm", hr_pending_upload, row(302, 405, 403, 403, 403, 403)),  # POST only
    ("kpi_import_detail", an_import, HR_ONLY),
    ("kpi_import_detail", lambda w: {"pk": 999_999}, row(302, 404, 403, 403, 403, 403)),
    ("kpi_thresholds", None, HR_ONLY),
    ("kpi_account_list", None, HR_ONLY),
    ("kpi_employee_accounts", TRAINEE, HR_ONLY),
    ("kpi_employee_accounts", lambda w: {"pk": 999_999}, row(302, 404, 403, 403, 403, 403)),
]

# Posting an empty form: the form back with its errors (200), or saved and redirected (302).
POST_ROWS: list = [
    ("kpi_import_upload", None, {}, HR_ONLY),
    ("kpi_import_confirm", hr_pending_upload, {}, HR_ONLY),  # the kept file is unreadable: the preview says so
    ("kpi_thresholds", None, {}, row(302, 302, 403, 403, 403, 403)),  # nothing filled in: no thresholds
    ("kpi_employee_accounts", TRAINEE, {}, HR_ONLY),  # no formset data: the form again
]
