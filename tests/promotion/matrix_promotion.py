"""Permission-matrix rows for the promotion pages (see tests/test_permissions.py): GET rows here, POST rows in
``POST_ROWS`` (added to tests/matrix_post.py's list).

The candidate (not a persona) is in the team 旗舰店 whose lead is the mentor persona, and in a promotion cohort
the trainer persona trains. The list, nomination and dossier are staff pages (trainees: 403); the dossier of a
candidate outside a trainer's cohort or a mentor's team is a 404. Practicals: the candidate, HR and the cohort's
trainers; goals: the candidate and HR; a 360 answer page: its rater only (the trainee persona here); the judge's
page: the panel's judges only (the trainer persona here); anything else a 404 for a logged-in user."""

from __future__ import annotations

from datetime import date

from promotion.models import Candidate, FeedbackRequest, Relation
from promotion.services import nominate, set_defence
from tests.conftest import World
from tests.matrix import row
from tests.promotion.promotion_data import in_training, live_employee


def candidate(world: World) -> dict[str, int]:
    return {"pk": in_training(world).pk}


def other_team(world: World) -> dict[str, int]:
    """A nominated candidate of another team, in no cohort."""
    employee = live_employee("周别队")
    employee.team = "抖音店"
    employee.save()
    return {"pk": nominate(employee=employee, reason="好", by=world.hr, today=date(2026, 11, 16)).pk}


def practical(kind: str):  # noqa: ANN201 - a kwargs factory
    return lambda w: {**candidate(w), "kind": kind}


def judged_by_trainer(world: World) -> dict[str, int]:
    c = in_training(world)
    set_defence(candidate=c, held_on=date(2026, 11, 16), judges=[world.trainer], by=world.hr)
    return {"pk": c.pk}


def asked_of_trainee(world: World) -> dict[str, int]:
    c = Candidate.objects.get(pk=candidate(world)["pk"])
    request = FeedbackRequest.objects.create(
        candidate=c, rater=world.trainee.user, relation=Relation.PEER, deadline=date(2027, 1, 1), requested_by=world.hr
    )
    return {"pk": request.pk}


NONE = lambda w: {"pk": 999_999}  # noqa: E731
HR_ONLY = row(302, 200, 403, 403, 403, 403)
STAFF = row(302, 200, 200, 200, 403, 403)

#        name                          kwargs             anon  hr   trainer mentor trainee outsider
ROWS: list = [
    ("promotion_candidates", None, STAFF),
    ("promotion_nominate", None, row(302, 200, 403, 200, 403, 403)),
    ("promotion_cohort", None, HR_ONLY),
    ("promotion_mine", None, row(302, 200, 200, 200, 200, 200)),
    ("promotion_dossier", candidate, STAFF),
    ("promotion_dossier", other_team, row(302, 200, 404, 404, 403, 403)),
    ("promotion_dossier", NONE, row(302, 404, 404, 404, 403, 403)),
    ("promotion_decide", candidate, row(302, 405, 403, 403, 403, 403)),  # POST only
    ("promotion_export", candidate, HR_ONLY),
    ("promotion_export", NONE, row(302, 404, 403, 403, 403, 403)),
    ("promotion_practical", practical("rota"), row(302, 200, 200, 404, 404, 404)),
    ("promotion_practical", practical("calibration"), row(302, 200, 200, 404, 404, 404)),
    ("promotion_practical", practical("mentoring"), row(302, 200, 200, 404, 404, 404)),
    ("promotion_practical", practical("nonsense"), row(302, 404, 404, 404, 404, 404)),
    ("promotion_feedback_request", candidate, HR_ONLY),
    ("promotion_goals", candidate, row(302, 200, 404, 404, 404, 404)),
    ("promotion_defence", candidate, HR_ONLY),
    ("promotion_judge", judged_by_trainer, row(302, 404, 200, 404, 404, 404)),
    ("promotion_feedback_answer", asked_of_trainee, row(302, 404, 404, 404, 200, 404)),
    ("promotion_feedback_answer", NONE, row(302, 404, 404, 404, 404, 404)),
]

# Posting an empty form: the form back with its errors (200).
POST_ROWS: list = [
    ("promotion_nominate", None, {}, row(302, 200, 403, 200, 403, 403)),
    ("promotion_cohort", None, {}, HR_ONLY),
    ("promotion_decide", candidate, {}, HR_ONLY),
    ("promotion_practical", practical("report"), {}, row(302, 200, 200, 404, 404, 404)),
    ("promotion_feedback_request", candidate, {}, HR_ONLY),
    ("promotion_goals", candidate, {}, row(302, 200, 404, 404, 404, 404)),
    ("promotion_defence", candidate, {}, HR_ONLY),
    ("promotion_judge", judged_by_trainer, {}, row(302, 404, 200, 404, 404, 404)),
    ("promotion_feedback_answer", asked_of_trainee, {}, row(302, 404, 404, 404, 200, 404)),
]
