"""Permission-matrix rows for this area's URLs (see tests/test_permissions.py):
(url name, kwargs factory taking the World or None, row(anon, hr, trainer, mentor, trainee, outsider)).

Practicals are HR's and the cohort's trainers': a trainer of another cohort gets a 404, as does
anyone asking for a trainee who is not a member of the cohort in the URL; mentors and trainees 403."""

from __future__ import annotations

from collections.abc import Callable

from assessments.models import PracticalAssessment, Rubric
from assessments.practicals import score_practical
from employees.models import Employee
from tests.conftest import World
from tests.matrix import row

CODE = "receiving-presale"


def best_levels(rubric: Rubric) -> dict[int, int]:
    """Criterion id → id of its best level."""
    return {c.pk: max(c.levels.all(), key=lambda level: level.points).pk for c in rubric.criteria.all()}


def assess(employee: Employee, by, code: str = CODE) -> PracticalAssessment:
    rubric = Rubric.objects.get(code=code)
    return score_practical(rubric=rubric, employee=employee, assessor=by, levels_by_criterion=best_levels(rubric))


def score_url(cohort: str, employee: str, code: str = CODE) -> Callable[[World], dict]:
    def make(w: World) -> dict:
        return {"pk": getattr(w, cohort).pk, "employee_pk": getattr(w, employee).pk, "code": code}

    return make


def result_of(cohort: str, employee: str) -> Callable[[World], dict]:
    def make(w: World) -> dict:
        return {"pk": getattr(w, cohort).pk, "assessment_pk": assess(getattr(w, employee), w.hr).pk}

    return make


#        name                 kwargs                                      anon  hr   trainer mentor trainee outsider
ROWS: list = [
    ("cohort_practicals", lambda w: {"pk": w.cohort.pk}, row(302, 200, 200, 403, 403, 403)),
    ("cohort_practicals", lambda w: {"pk": w.other_cohort.pk}, row(302, 200, 404, 403, 403, 403)),
    ("practical_score", score_url("cohort", "trainee"), row(302, 200, 200, 403, 403, 403)),
    ("practical_score", score_url("cohort", "trainee", "tool-operation"), row(302, 200, 200, 403, 403, 403)),
    ("practical_score", score_url("other_cohort", "outsider"), row(302, 200, 404, 403, 403, 403)),
    # Not a member of the cohort in the URL.
    ("practical_score", score_url("cohort", "outsider"), row(302, 404, 404, 403, 403, 403)),
    ("practical_score", score_url("cohort", "trainee", "no-such-rubric"), row(302, 404, 404, 403, 403, 403)),
    ("practical_result", result_of("cohort", "trainee"), row(302, 200, 200, 403, 403, 403)),
    ("practical_result", result_of("other_cohort", "outsider"), row(302, 200, 404, 403, 403, 403)),
    # Another cohort's assessment under this cohort's URL.
    ("practical_result", result_of("cohort", "outsider"), row(302, 404, 404, 403, 403, 403)),
]
