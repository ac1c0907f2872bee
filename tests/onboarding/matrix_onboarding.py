"""Permission-matrix rows for the pre-onboarding step (see tests/test_permissions.py): GET rows in ``ROWS``,
POST rows in ``POST_ROWS`` (added to tests/matrix_post.py's list).

The hire's pages have no id: each hire reaches only their own step, and a hire whose training has no step
gets a 404 (the World's cohorts begin before the step was required, unless a row's factory requires it).
Readiness per cohort: HR every cohort, a trainer the cohorts they train. Opening day 1: HR only."""

from __future__ import annotations

from tests.conftest import World
from tests.matrix import row
from tests.onboarding.conftest import require_step_of_world


def gated(world: World) -> dict:
    require_step_of_world()
    return {}


def gated_cohort(which: str):
    def make(world: World) -> dict[str, int]:
        require_step_of_world()
        return {"pk": getattr(world, which).pk}

    return make


def gated_enrollment(world: World) -> dict[str, int]:
    require_step_of_world()
    return {"pk": world.enrollment.pk}


#      name                       kwargs                          anon  hr   trainer mentor trainee outsider
ROWS: list = [
    ("onboarding_handbook", gated, row(302, 403, 403, 403, 200, 200)),
    ("onboarding_handbook", None, row(302, 403, 403, 403, 404, 404)),  # no step required of their cohorts
    ("onboarding_confirm", gated, row(302, 403, 403, 403, 405, 405)),  # POST only
    ("onboarding_checklist", gated, row(302, 403, 403, 403, 405, 405)),  # POST only
    ("onboarding_overview", None, row(302, 200, 200, 403, 403, 403)),
    ("onboarding_cohort", gated_cohort("cohort"), row(302, 200, 200, 403, 403, 403)),
    ("onboarding_cohort", gated_cohort("other_cohort"), row(302, 200, 404, 403, 403, 403)),
    ("onboarding_open_day_one", gated_enrollment, row(302, 200, 403, 403, 403, 403)),
    ("onboarding_open_day_one", lambda w: {"pk": w.enrollment.pk}, row(302, 404, 403, 403, 403, 403)),
]

#      name                       kwargs            data                      anon  hr  trainer mentor trainee outsider
POST_ROWS: list = [
    ("onboarding_confirm", gated, {}, row(302, 403, 403, 403, 302, 302)),
    ("onboarding_confirm", None, {}, row(302, 403, 403, 403, 404, 404)),
    ("onboarding_checklist", gated, {"item": ["1", "2"]}, row(302, 403, 403, 403, 302, 302)),
    ("onboarding_open_day_one", gated_enrollment, {}, row(302, 200, 403, 403, 403, 403)),  # no reason: the form again
    ("onboarding_open_day_one", gated_enrollment, {"reason": "账号晚到"}, row(302, 302, 403, 403, 403, 403)),
]
