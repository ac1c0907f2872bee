"""Every URL × persona → status. Outside your scope is 404, the wrong role 403, no login a
redirect to the login page. A new URL must be added here (see the last tests): its GET row below, and a
POST row in tests/matrix_post.py if it accepts a POST. The admin's changelists and change pages of
scoped records are in tests/matrix_admin.py."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib import admin
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from employees.admin_scope import OwnRowsAdminMixin
from tests import matrix_admin, matrix_post
from tests.assessments import matrix_exams, matrix_import, matrix_practicals, matrix_ratings, matrix_typing
from tests.career import matrix_career
from tests.coaching import matrix_coaching
from tests.conftest import PERSONAS, World, login_as
from tests.dialogues import matrix_dialogues
from tests.feeds import matrix_feeds
from tests.knowledge import matrix_knowledge
from tests.kpi import matrix_kpi
from tests.matrix import row
from tests.notifications import matrix_notifications
from tests.onboarding import matrix_onboarding
from tests.promotion import matrix_promotion
from tests.quality import matrix_quality
from tests.replies import matrix_replies
from tests.reports import matrix_dashboards, matrix_reports
from tests.robots import matrix_robots
from tests.training import matrix_roster, matrix_state
from tests.wording import matrix_wording
from training.admin_scope import ScopedAdminMixin
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
    matrix_state,
    matrix_dashboards,
    matrix_coaching,
    matrix_onboarding,
    matrix_career,
    matrix_kpi,
    matrix_quality,
    matrix_knowledge,
    matrix_dialogues,
    matrix_wording,
    matrix_feeds,
    matrix_robots,
    matrix_replies,
    matrix_wording,
    matrix_promotion,
):
    MATRIX.extend(_area.ROWS)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def each_persona(client, world, request: Callable[[str], Any]) -> dict[str, Any]:
    """``request(persona)`` for every persona, each logged in on its own and each inside a savepoint that is
    rolled back, so that what one persona's request changed is gone before the next one's: every persona
    meets the same database, as if each had a test of its own, for one building of the world."""
    answers: dict[str, Any] = {}
    for persona in P:
        client.logout()
        with transaction.atomic():
            login_as(client, world, persona)
            answers[persona] = request(persona)
            transaction.set_rollback(True)
    client.logout()
    return answers


@pytest.mark.parametrize(("name", "kwargs", "expected"), MATRIX, ids=[f"{m[0]}-{i}" for i, m in enumerate(MATRIX)])
def test_permission_matrix(client, world, name, kwargs, expected):
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    responses = each_persona(client, world, lambda persona: client.get(url))
    assert {p: r.status_code for p, r in responses.items()} == expected, f"GET {url}"
    anonymous = responses["anonymous"]
    if expected["anonymous"] == 302 and name not in {"home", "set_language"}:
        assert anonymous["Location"].startswith(("/accounts/login/", "/admin/login/"))


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


def _check_admin_redirect(response, persona: str, expected) -> None:
    """A 302 from the admin: a staff member (HR, trainer) to the admin index when the record is outside
    their scope ("doesn't exist"), anyone else to the admin's login page."""
    if expected == matrix_post.NOT_FOUND:
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:index")
    elif response.status_code == 302 and persona not in ("hr", "trainer"):
        assert response["Location"].startswith(("/admin/login/", "/accounts/login/"))


@pytest.mark.parametrize(
    ("name", "kwargs", "expected"), matrix_admin.ROWS, ids=[f"{m[0]}-{i}" for i, m in enumerate(matrix_admin.ROWS)]
)
def test_admin_permission_matrix(client, world, name, kwargs, expected):
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    responses = each_persona(client, world, lambda persona: client.get(url))
    statuses = {p: 302 if expected[p] == matrix_admin.NOT_FOUND else expected[p] for p in P}
    assert {p: r.status_code for p, r in responses.items()} == statuses, f"GET {url}"
    for persona, response in responses.items():
        _check_admin_redirect(response, persona, expected[persona])


SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("name", "kwargs", "data", "expected"),
    matrix_post.ROWS,
    ids=[f"{m[0]}-{i}" for i, m in enumerate(matrix_post.ROWS)],
)
def test_post_permission_matrix(client, world, name, kwargs, data, expected):
    with time_machine.travel(datetime(2026, 11, 16, 18, 0, tzinfo=SHANGHAI), tick=False):
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)

        def post(persona: str):
            # Made in the persona's savepoint: a payload's own rows are gone with it, as in a test of its own.
            payload = data(world) if callable(data) else data
            return client.post(url, payload)

        responses = each_persona(client, world, post)
    statuses = {p: 302 if expected[p] == matrix_post.NOT_FOUND else expected[p] for p in P}
    assert {p: r.status_code for p, r in responses.items()} == statuses, f"POST {url}"
    if name not in {"login", "set_language"}:
        assert responses["anonymous"]["Location"].startswith(("/accounts/login/", "/admin/login/"))
    if name.startswith("admin:"):
        for persona, response in responses.items():
            _check_admin_redirect(response, persona, expected[persona])


def accepts_post(pattern: URLPattern) -> bool:
    """A class-based view with a post method, or a function view whose code (decorators included) names
    POST: require_POST, require_http_methods([..., "POST"]), request.method == "POST", request.POST."""
    view_class = getattr(pattern.callback, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post") and "post" in view_class.http_method_names
    return "POST" in inspect.getsource(inspect.unwrap(pattern.callback))


def post_urls(patterns, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin":
                continue
            names |= post_urls(p.url_patterns, prefix + (f"{p.namespace}:" if p.namespace else ""))
        elif isinstance(p, URLPattern) and p.name and accepts_post(p):
            names.add(prefix + p.name)
    return names


def test_every_url_that_accepts_a_post_is_in_the_post_matrix():
    posted = post_urls(get_resolver().url_patterns)
    assert {"logout", "roll_call", "go_live", "report_request"} <= posted  # the detection finds each kind of view
    assert posted - {name for name, *_ in matrix_post.ROWS} == set()


def test_every_scoped_admin_has_its_changelist_and_a_change_page_in_and_out_of_scope_in_the_matrix():
    names = [name for name, _, _ in matrix_admin.ROWS]
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, (ScopedAdminMixin, OwnRowsAdminMixin)):
            continue
        label = model._meta.label_lower
        assert matrix_admin.url_name(label, "changelist") in names, label
        assert names.count(matrix_admin.url_name(label, "change")) >= 2, label
