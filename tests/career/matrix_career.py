"""Permission-matrix rows for career's URLs (see tests/test_permissions.py): HR's alone. Trainers, mentors and
trainees get a 403; in the admin, trainers (staff) a 403 and those without a staff flag the login page."""

from __future__ import annotations

from typing import Any

from career.models import Certification, CertificationSource, Competency, RefresherNeed
from tests.conftest import World
from tests.matrix import row

HR_PAGE = row(302, 200, 403, 403, 403, 403)
HR_ADMIN = row(302, 200, 403, 302, 302, 302)


def certification_of_trainee(w: World) -> dict[str, Any]:
    made = Certification.objects.create(
        employee=w.trainee,
        competency=Competency.objects.get(code="platform-rules"),
        certified_on="2026-01-05",
        valid_until="2027-01-05",
        source=CertificationSource.HR,
        reason="外部证书",
    )
    return {"object_id": made.pk}


def need_of_trainee(w: World) -> dict[str, Any]:
    need = RefresherNeed.objects.create(employee=w.trainee, source="manual", reason="主管建议")
    return {"object_id": need.pk}


def competency(w: World) -> dict[str, Any]:
    return {"object_id": Competency.objects.get(code="platform-rules").pk}


ROWS: list = [
    ("certifications", None, HR_PAGE),
    ("certifications_export", None, HR_PAGE),
    ("refresher_start", None, HR_PAGE),
    ("refresher_needs", None, HR_PAGE),
    ("admin:career_competency_changelist", None, HR_ADMIN),
    ("admin:career_competency_add", None, HR_ADMIN),
    ("admin:career_competency_change", competency, HR_ADMIN),
    ("admin:career_certification_changelist", None, HR_ADMIN),
    ("admin:career_certification_add", None, HR_ADMIN),
    ("admin:career_certification_change", certification_of_trainee, HR_ADMIN),
    ("admin:career_refresherneed_changelist", None, HR_ADMIN),
    ("admin:career_refresherneed_add", None, HR_ADMIN),
    ("admin:career_refresherneed_change", need_of_trainee, HR_ADMIN),
]

# POSTs (tests/matrix_post.py): an empty form comes back with its errors to HR.
POST_ROWS: list = [
    ("refresher_start", None, {}, HR_PAGE),
    ("refresher_needs", None, {}, HR_PAGE),
]
