"""Permission-matrix rows for the buyer dialogues (see tests/test_permissions.py). Trainees practise (the list,
starting, replying: other roles 403); a run is replied to only by its own employee (the outsider: 404). A run's
page is read by its employee, HR, the trainer of the employee's cohort and the employee's mentor (the other
cohort's trainer and the outsider: 404). Scoring is HR's and trainers' (mentors and trainees 403; a trainer of
another cohort 404)."""

from __future__ import annotations

from dialogues.models import Reply, Scenario
from dialogues.services import start_session, submit_reply
from tests.conftest import World
from tests.matrix import row


def open_run(world: World) -> dict[str, int]:
    """The trainee's run of the address-change scenario with its first turn on screen."""
    session = start_session(employee=world.trainee, scenario=Scenario.objects.get(code="in-address-change"))
    Reply.objects.get_or_create(session=session, turn=session.scenario.turns.first(), shown_at=session.started_at)
    return {"pk": session.pk}


def finished_run(world: World) -> dict[str, int]:
    session = start_session(employee=world.trainee, scenario=Scenario.objects.get(code="in-address-change"))
    for turn in session.scenario.turns.all():
        Reply.objects.create(session=session, turn=turn, shown_at=session.started_at)
        submit_reply(session=session, text=turn.reference_answer)
    return {"pk": session.pk}


CODE = lambda w: {"code": "in-logistics-delay"}  # noqa: E731
MISSING = lambda w: {"pk": 999_999}  # noqa: E731
TRAINEES = row(302, 403, 403, 403, 200, 200)

#        name                 kwargs         anon  hr   trainer mentor trainee outsider
ROWS: list = [
    ("dialogue_list", None, TRAINEES),
    ("dialogue_start", CODE, row(302, 403, 403, 403, 405, 405)),  # POST only
    ("dialogue_session", open_run, row(302, 200, 200, 200, 200, 404)),
    ("dialogue_session", finished_run, row(302, 200, 200, 200, 200, 404)),
    ("dialogue_session", MISSING, row(302, 404, 404, 404, 404, 404)),
    ("dialogue_reply", open_run, row(302, 403, 403, 403, 405, 405)),  # POST only
    ("dialogue_queue", None, row(302, 200, 200, 403, 403, 403)),
    ("dialogue_score", finished_run, row(302, 200, 200, 403, 403, 403)),
    ("dialogue_score", open_run, row(302, 302, 302, 403, 403, 403)),  # not finished: back to the run
    ("dialogue_score", MISSING, row(302, 404, 404, 403, 403, 403)),
]

# An empty reply is refused with a message (302 back to the run); an empty rubric is the form again (200).
POST_ROWS: list = [
    ("dialogue_start", CODE, {}, row(302, 403, 403, 403, 302, 302)),
    ("dialogue_start", lambda w: {"code": "no-such-scenario"}, {}, row(302, 403, 403, 403, 404, 404)),
    ("dialogue_reply", open_run, {"text": "您好，请把订单号发我"}, row(302, 403, 403, 403, 302, 404)),
    ("dialogue_reply", open_run, {}, row(302, 403, 403, 403, 302, 404)),
    ("dialogue_score", finished_run, {}, row(302, 200, 200, 403, 403, 403)),
    (
        "dialogue_score",
        finished_run,
        {"attitude": "4", "wording": "4", "resolution": "3", "timeliness": "5"},
        row(302, 302, 302, 403, 403, 403),
    ),
]
