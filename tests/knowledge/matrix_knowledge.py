"""Permission-matrix rows for the knowledge-update pages and their admin (see tests/test_permissions.py,
tests/matrix_post.py and tests/matrix_admin.py).

Each row's update is addressed to the world's trainee by name; "trainer's" is published by the trainer,
"HR's" by HR (a trainer manages only the updates they published). The mentor and the outsider are
employees the update is not addressed to (404); HR and trainers have no employee record, and reading
is for employees (403)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from knowledge.models import Update
from knowledge.services import Audience, NewFile, QuizSpec, publish_update
from tests.assessments.exam_fixtures import make_bank
from tests.conftest import World
from tests.matrix import row

NOT_FOUND = "302 to the admin index: doesn't exist"  # as tests.matrix_admin.NOT_FOUND


def _publish(w: World, by: str, *, quiz: bool = False, files: bool = False) -> Update:
    return publish_update(
        category="platform_rule",
        audience=Audience(),
        named=[w.trainee],
        title="平台规则变更",
        body="<p>新规</p>",
        deadline=timezone.localdate() + timedelta(days=5),
        quiz=QuizSpec(questions=2, category=make_bank()) if quiz else None,
        requires_refresher=False,
        files=[NewFile(title="细则.txt", upload=SimpleUploadedFile("细则.txt", "细则".encode()))] if files else (),
        by=getattr(w, by),
    )


def update_of(by: str, **options: Any) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"pk": _publish(w, by, **options).pk}


def version_of(by: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"pk": _publish(w, by).pk, "number": 1}


def attachment_of(by: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"pk": _publish(w, by, files=True).current.attachments.get().pk}


def admin_change(model: str, by: str) -> Callable[[World], dict[str, Any]]:
    def make(w: World) -> dict[str, Any]:
        update = _publish(w, by)
        obj = {"update": update, "version": update.current}[model]
        return {"object_id": obj.pk}

    return make


TRAINERS = update_of("trainer")
HRS = update_of("hr")
STAFF = row(302, 200, 200, 403, 403, 403)
HR_ONLY_HERE = row(302, 200, 404, 403, 403, 403)

#                                                       anon  hr   trainer mentor trainee outsider
ROWS: list = [
    ("knowledge_mine", None, row(302, 403, 403, 200, 200, 200)),
    ("knowledge_detail", TRAINERS, row(302, 403, 403, 404, 200, 404)),
    ("knowledge_confirm", TRAINERS, row(302, 403, 403, 405, 405, 405)),  # POST only
    ("knowledge_quiz", TRAINERS, row(302, 403, 403, 405, 405, 405)),  # POST only
    ("knowledge_version", version_of("trainer"), row(302, 200, 200, 404, 200, 404)),
    ("knowledge_version", version_of("hr"), row(302, 200, 404, 404, 200, 404)),
    ("knowledge_attachment", attachment_of("trainer"), row(302, 200, 200, 404, 200, 404)),
    ("knowledge_attachment", attachment_of("hr"), row(302, 200, 404, 404, 200, 404)),
    ("knowledge_manage", None, STAFF),
    ("knowledge_create", None, STAFF),
    ("knowledge_status", TRAINERS, STAFF),
    ("knowledge_status", HRS, HR_ONLY_HERE),
    ("knowledge_edit", TRAINERS, STAFF),
    ("knowledge_edit", HRS, HR_ONLY_HERE),
    ("knowledge_add_people", TRAINERS, row(302, 405, 405, 403, 403, 403)),  # POST only
    ("knowledge_export", TRAINERS, STAFF),
    ("knowledge_export", HRS, HR_ONLY_HERE),
]

POST_ROWS: list = [
    ("knowledge_confirm", TRAINERS, {"version": "1"}, row(302, 403, 403, 404, 302, 404)),
    # The trainee is sent to the attempt; the others do not receive the update.
    ("knowledge_quiz", update_of("trainer", quiz=True), {}, row(302, 403, 403, 404, 302, 404)),
    ("knowledge_create", None, {}, STAFF),  # the form again, with its errors
    ("knowledge_edit", TRAINERS, {}, STAFF),
    ("knowledge_edit", HRS, {}, HR_ONLY_HERE),
    ("knowledge_add_people", TRAINERS, {}, row(302, 302, 302, 403, 403, 403)),  # back to the status page
    ("knowledge_add_people", HRS, {}, row(302, 302, 404, 403, 403, 403)),
]

# The admin: read only; HR every update, a trainer the ones they published; not staff: the login page.
SEEN = row(302, 200, 200, 302, 302, 302)
ADMIN_ROWS: list = [
    ("admin:knowledge_update_changelist", None, SEEN),
    ("admin:knowledge_version_changelist", None, SEEN),
    ("admin:knowledge_receipt_changelist", None, SEEN),
    ("admin:knowledge_update_change", admin_change("update", "trainer"), SEEN),
    ("admin:knowledge_update_change", admin_change("update", "hr"), row(302, 200, NOT_FOUND, 302, 302, 302)),
    ("admin:knowledge_version_change", admin_change("version", "trainer"), SEEN),
    ("admin:knowledge_version_change", admin_change("version", "hr"), row(302, 200, NOT_FOUND, 302, 302, 302)),
]
