"""Every URL × persona → status. Outside your scope is 404, the wrong role 403, no login a
redirect to the login page. A new URL must be added here (see the last test)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.assessments import matrix_exams, matrix_import, matrix_practicals, matrix_ratings, matrix_typing
from tests.conftest import PERSONAS, World, login_as
from tests.matrix import row
from tests.notifications import matrix_notifications
from tests.reports import matrix_dashboards, matrix_reports
from tests.training import matrix_roster
from training.models import Attachment, PlanItem

P = PERSONAS  # anonymous, hr, trainer, mentor, trainee, outsider


def attachment_of(code: str) -> Callable[[World], dict[str, int]]:
    def make(world: World) -> dict[str, int]:
        item = PlanItem.objects.filter(template__code=code).first()
        a = Attachment(item=item, title="手册")
        a.file.save("handbook.txt", ContentFile("新员工手册".encode()), save=True)
        return {"pk": a.pk}

    return make


COHORT = lambda w: {"pk": w.cohort.pk}  # noqa: E731
OTHER_COHORT = lambda w: {"pk": w.other_cohort.pk}  # noqa: E731

#                    name                    kwargs           anon  hr   trainer mentor trainee outsider
MATRIX: list[tuple[str, Callable[[World], dict] | None, dict[str, int]]] = [
    ("home", None, row(302, 302, 302, 302, 302, 302)),
    ("login", None, row(200, 302, 302, 302, 302, 302)),
    ("logout", None, row(405, 405, 405, 405, 405, 405)),  # POST only
    ("password_change", None, row(302, 200, 200, 200, 200, 200)),
    ("set_language", None, row(302, 302, 302, 302, 302, 302)),
    ("today", None, row(302, 403, 403, 403, 200, 200)),
    ("week", None, row(302, 403, 403, 403, 200, 200)),
    ("mentor_home", None, row(302, 403, 403, 200, 403, 403)),
    ("cohort_list", None, row(302, 200, 200, 403, 403, 403)),
    ("cohort_create", None, row(302, 200, 403, 403, 403, 403)),
    ("cohort_detail", COHORT, row(302, 200, 200, 403, 403, 403)),
    ("cohort_detail", OTHER_COHORT, row(302, 200, 404, 403, 403, 403)),
    ("cohort_move", COHORT, row(302, 200, 403, 403, 403, 403)),
    ("hire_add", COHORT, row(302, 200, 403, 403, 403, 403)),
    ("members_add", COHORT, row(302, 200, 403, 403, 403, 403)),
    ("mentors_assign", COHORT, row(302, 200, 403, 403, 403, 403)),
    ("cohort_calendar", COHORT, row(302, 200, 200, 403, 403, 403)),
    ("cohort_calendar", OTHER_COHORT, row(302, 200, 404, 403, 403, 403)),
    ("roll_call_today", COHORT, row(302, 302, 302, 302, 403, 403)),
    ("roll_call_today", OTHER_COHORT, row(302, 302, 404, 404, 403, 403)),
    ("roll_call", lambda w: {"pk": w.cohort.pk, "on": "2026-11-19"}, row(302, 200, 200, 200, 403, 403)),
    ("roll_call", lambda w: {"pk": w.other_cohort.pk, "on": "2026-11-19"}, row(302, 200, 404, 404, 403, 403)),
    ("employee_detail", lambda w: {"pk": w.trainee.pk}, row(302, 200, 403, 403, 403, 403)),
    ("employee_status", lambda w: {"pk": w.trainee.pk}, row(302, 200, 403, 403, 403, 403)),
    ("enrollment_extend", lambda w: {"pk": w.enrollment.pk}, row(302, 200, 403, 403, 403, 403)),
    ("attachment", attachment_of("new-hire-16"), row(302, 200, 200, 200, 200, 200)),
    ("attachment", attachment_of("veteran-refresher-10"), row(302, 200, 200, 200, 404, 404)),
    ("admin:index", None, row(302, 200, 200, 302, 302, 302)),
]
# Each area keeps its rows beside its tests; the rows use the same row() layout.
for _area in (
    matrix_exams,
    matrix_import,
    matrix_typing,
    matrix_ratings,
    matrix_practicals,
    matrix_notifications,
    matrix_reports,
    matrix_roster,
    matrix_dashboards,
):
    MATRIX.extend(_area.ROWS)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("persona", P)
@pytest.mark.parametrize(("name", "kwargs", "expected"), MATRIX, ids=[f"{m[0]}-{i}" for i, m in enumerate(MATRIX)])
def test_permission_matrix(client, world, persona, name, kwargs, expected):
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    login_as(client, world, persona)
    response = client.get(url)
    assert response.status_code == expected[persona], f"{persona} GET {url}"
    if expected[persona] == 302 and persona == "anonymous" and name not in {"home", "set_language"}:
        assert response["Location"].startswith(("/accounts/login/", "/admin/login/"))


def named_urls(patterns, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin":
                continue
            names |= named_urls(p.url_patterns, prefix + (f"{p.namespace}:" if p.namespace else ""))
        elif isinstance(p, URLPattern) and p.name:
            names.add(prefix + p.name)
    return names


def test_every_url_is_in_the_matrix():
    assert named_urls(get_resolver().url_patterns) <= {name for name, _, _ in MATRIX}
