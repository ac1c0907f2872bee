"""Permission-matrix rows for this area's URLs (see tests/test_permissions.py):
(url name, kwargs factory taking the World or None, row(anon, hr, trainer, mentor, trainee, outsider))."""

from __future__ import annotations

from django.core.files.base import ContentFile

from assessments.question_import import keep_upload
from tests.conftest import World
from tests.matrix import row


def hr_pending_upload(world: World) -> dict[str, object]:
    """A file HR uploaded and has not confirmed yet."""
    return {"token": keep_upload(user_id=world.hr.pk, upload=ContentFile(b"PK", name="q.xlsx"))}


#        name                        kwargs             anon  hr   trainer mentor trainee outsider
ROWS: list = [
    ("question_import", None, row(302, 200, 200, 403, 403, 403)),
    ("question_import_template", None, row(302, 200, 200, 403, 403, 403)),
    ("question_import_confirm", hr_pending_upload, row(302, 405, 405, 403, 403, 403)),  # POST only
]
