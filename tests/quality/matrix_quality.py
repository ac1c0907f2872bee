"""Permission-matrix rows for the quality pages (see tests/test_permissions.py):
(url name, kwargs factory taking the World or None, row(anon, hr, trainer, mentor, trainee, outsider)).

Checkers are HR and trainers: a trainer checks the people of the cohorts they train (the world's trainee,
not the outsider). A check and an employee's results are read by the checkers in scope, the employee's
mentor and the employee; anyone else with a role gets a 404. A check is changed by HR or by the trainer who
scored it. "My quality checks" is for employees (trainees and mentors)."""

from __future__ import annotations

from collections.abc import Callable

from tests.conftest import World
from tests.matrix import row
from tests.quality.helpers import check, default_sheet


def check_of(who: str, by: str = "hr", *codes: str) -> Callable[[World], dict[str, int]]:
    def make(w: World) -> dict[str, int]:
        return {"pk": check(getattr(w, who), getattr(w, by), *codes).pk}

    return make


def employee(who: str) -> Callable[[World], dict[str, int]]:
    return lambda w: {"pk": getattr(w, who).pk}


SHEET = lambda w: {"pk": default_sheet().pk}  # noqa: E731

#        name              kwargs                                     anon  hr   trainer mentor trainee outsider
ROWS: list = [
    ("quality_list", None, row(302, 200, 200, 403, 403, 403)),
    ("quality_teams", None, row(302, 200, 200, 403, 403, 403)),
    ("quality_export", None, row(302, 200, 200, 403, 403, 403)),
    ("quality_new", None, row(302, 200, 200, 403, 403, 403)),
    ("quality_mine", None, row(302, 403, 403, 200, 200, 200)),
    ("quality_sheet", SHEET, row(302, 200, 200, 200, 200, 200)),
    ("quality_detail", check_of("trainee", "hr", "red-privacy"), row(302, 200, 200, 200, 200, 404)),
    ("quality_detail", check_of("outsider", "hr", "att-no-greeting"), row(302, 200, 404, 404, 404, 200)),
    # The trainer's own check of their trainee; HR's check of the same trainee (not the trainer's to change).
    ("quality_edit", check_of("trainee", "trainer"), row(302, 200, 200, 403, 403, 403)),
    ("quality_edit", check_of("trainee", "hr"), row(302, 200, 404, 403, 403, 403)),
    ("quality_edit", check_of("outsider", "other_trainer"), row(302, 200, 404, 403, 403, 403)),
    ("quality_employee", employee("trainee"), row(302, 200, 200, 200, 200, 404)),
    ("quality_employee", employee("outsider"), row(302, 200, 404, 404, 404, 200)),
    ("quality_employee", employee("mentor"), row(302, 200, 404, 200, 404, 404)),
]
