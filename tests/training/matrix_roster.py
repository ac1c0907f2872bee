"""Permission-matrix rows for the roster import and the set-password page (see tests/test_permissions.py):
(url name, kwargs factory taking the World or None, row(anon, hr, trainer, mentor, trainee, outsider)).

The roster pages are HR's only: the cohort's own trainer gets 403 like every other role. An import asked
for under another cohort's URL is a 404 for HR. Confirming and creating one-time passwords are POST only
(the matrix sends GET: 405 once past the role check). Everyone logged in without a pending password is sent
from the set-password page to the usual password change (302)."""

from __future__ import annotations

from django.core.files.base import ContentFile

from tests.matrix import row
from tests.spreadsheets import one_sheet
from training.models import Cohort, ImportStatus, RosterImport


def _roster_file() -> ContentFile:
    return ContentFile(one_sheet([["M0001", "矩阵", "售前"]], headers=["工号", "姓名", "岗位类别"], title="花名册"))


def _import(cohort: Cohort, by, status: str = ImportStatus.CHECKED) -> RosterImport:
    roster_import = RosterImport(
        cohort=cohort, original_name="花名册.xlsx", uploaded_by=by, status=status, total_rows=1, processed_rows=1
    )
    roster_import.file.save("matrix.xlsx", _roster_file(), save=False)
    roster_import.save()
    return roster_import


def checked_import(world) -> dict[str, int]:
    """A checked import of the world's cohort, as HR sees it before confirming."""
    return {"pk": world.cohort.pk, "import_pk": _import(world.cohort, world.hr).pk}


def foreign_import(world) -> dict[str, int]:
    """Another cohort's import asked for under the world's cohort: a tampered URL."""
    return {"pk": world.cohort.pk, "import_pk": _import(world.other_cohort, world.hr).pk}


def running_import(world) -> dict[str, int]:
    return {"pk": world.cohort.pk, "import_pk": _import(world.cohort, world.hr, ImportStatus.RUNNING).pk}


COHORT = lambda w: {"pk": w.cohort.pk}  # noqa: E731
OTHER_COHORT = lambda w: {"pk": w.other_cohort.pk}  # noqa: E731

#      name                 kwargs          anon  hr   trainer mentor trainee outsider
ROWS: list = [
    ("roster_upload", COHORT, row(302, 200, 403, 403, 403, 403)),
    ("roster_upload", OTHER_COHORT, row(302, 200, 403, 403, 403, 403)),
    ("roster_template", COHORT, row(302, 200, 403, 403, 403, 403)),
    ("roster_import", checked_import, row(302, 200, 403, 403, 403, 403)),
    ("roster_import", running_import, row(302, 200, 403, 403, 403, 403)),
    ("roster_import", foreign_import, row(302, 404, 403, 403, 403, 403)),
    ("roster_status", running_import, row(302, 200, 403, 403, 403, 403)),
    ("roster_status", foreign_import, row(302, 404, 403, 403, 403, 403)),
    ("roster_confirm", checked_import, row(302, 405, 403, 403, 403, 403)),
    ("roster_confirm", foreign_import, row(302, 405, 403, 403, 403, 403)),
    ("roster_retry", checked_import, row(302, 405, 403, 403, 403, 403)),  # POST only
    ("roster_retry", foreign_import, row(302, 405, 403, 403, 403, 403)),
    ("roster_passwords", COHORT, row(302, 405, 403, 403, 403, 403)),
    ("set_password", None, row(302, 302, 302, 302, 302, 302)),
]
