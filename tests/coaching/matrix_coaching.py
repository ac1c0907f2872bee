"""Permission-matrix rows of the coaching pages (see tests/test_permissions.py):
(url name, kwargs factory taking the World or None, row(anon, hr, trainer, mentor, trainee, outsider)).

Coaching is for HR, trainers and mentors (trainees: 403). The trial-post log is written by the trainee's own
mentor and read by HR and the cohort's trainers; a coaching plan is seen by HR, its owner, its creator and
the employee's mentor; a reward or penalty by HR and whoever proposed it. Anyone else with the role: 404."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from tests.coaching.fixtures import plan_for, reward_for, trial_day_on
from tests.conftest import World
from tests.matrix import row

PAST = date(2026, 11, 16)  # day 1 of the world's cohort: the trial-post day moved there has come


def trial_log_of(who: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"pk": trial_day_on(getattr(w, who), 10, PAST).pk}


def trial_day_of(who: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"pk": trial_day_on(getattr(w, who), 10, PAST).pk, "day": 10}


def mentors_plan(w: World) -> dict[str, Any]:
    """A plan about the trainee, owned by their mentor, started by HR."""
    return {"pk": plan_for(w.trainee, owner=w.mentor.user, by=w.hr).pk}


def hrs_plan_about_outsider(w: World) -> dict[str, Any]:
    return {"pk": plan_for(w.outsider, owner=w.hr, by=w.hr).pk}


def mentors_reward(w: World) -> dict[str, Any]:
    return {"pk": reward_for(w.trainee, by=w.mentor.user, with_file=True).pk}


def hrs_reward(w: World) -> dict[str, Any]:
    return {"pk": reward_for(w.outsider, by=w.hr, with_file=True).pk}


#        name                  kwargs                   anon  hr   trainer mentor trainee outsider
ROWS: list = [
    ("coaching_plans", None, row(302, 200, 200, 200, 403, 403)),
    ("coaching_plan_create", None, row(302, 200, 200, 200, 403, 403)),
    ("coaching_plan_detail", mentors_plan, row(302, 200, 404, 200, 403, 403)),
    ("coaching_plan_detail", hrs_plan_about_outsider, row(302, 200, 404, 404, 403, 403)),
    ("coaching_plan_edit", mentors_plan, row(302, 200, 404, 200, 403, 403)),
    ("coaching_plan_edit", hrs_plan_about_outsider, row(302, 200, 404, 404, 403, 403)),
    ("trial_post_log", trial_log_of("trainee"), row(302, 200, 200, 200, 403, 403)),
    ("trial_post_log", trial_log_of("outsider"), row(302, 200, 404, 404, 403, 403)),
    ("trial_post_log_day", trial_day_of("trainee"), row(302, 403, 403, 200, 403, 403)),
    ("trial_post_log_day", trial_day_of("outsider"), row(302, 403, 403, 404, 403, 403)),
    ("rewards", None, row(302, 200, 200, 200, 403, 403)),
    ("reward_propose", None, row(302, 200, 200, 200, 403, 403)),
    ("rewards_export", None, row(302, 200, 403, 403, 403, 403)),
    ("reward_detail", mentors_reward, row(302, 200, 404, 200, 403, 403)),
    ("reward_detail", hrs_reward, row(302, 200, 404, 404, 403, 403)),
    ("reward_evidence", mentors_reward, row(302, 200, 404, 200, 403, 403)),
    ("reward_evidence", hrs_reward, row(302, 200, 404, 404, 403, 403)),
]

# POST rows (tests/matrix_post.py takes them): an empty form comes back with its errors (200) to whoever may
# act; the chooser of an employee answers a POST without ``?employee=`` with itself (200).
POST_ROWS: list = [
    ("coaching_plan_create", None, {}, row(302, 200, 200, 200, 403, 403)),
    ("coaching_plan_detail", mentors_plan, {}, row(302, 200, 404, 200, 403, 403)),
    ("coaching_plan_detail", hrs_plan_about_outsider, {}, row(302, 200, 404, 404, 403, 403)),
    ("coaching_plan_edit", mentors_plan, {}, row(302, 200, 404, 200, 403, 403)),
    ("trial_post_log_day", trial_day_of("trainee"), {}, row(302, 403, 403, 200, 403, 403)),
    ("trial_post_log_day", trial_day_of("outsider"), {}, row(302, 403, 403, 404, 403, 403)),
    ("reward_propose", None, {}, row(302, 200, 200, 200, 403, 403)),
    # Only HR decides: the proposer gets a 403 on their own proposal's page.
    ("reward_detail", mentors_reward, {}, row(302, 200, 404, 403, 403, 403)),
    ("reward_detail", hrs_reward, {}, row(302, 200, 404, 404, 403, 403)),
]
