"""Permission-matrix rows for this area's URLs (see tests/test_permissions.py):
(url name, kwargs factory taking the World or None, row(anon, hr, trainer, mentor, trainee, outsider)).

Typing tests are for anyone with an employee record (trainee, outsider, and the mentor, who is an
employee too); HR and trainers have no employee record, so the trainee pages are a 403 for them.
A result is seen by its owner and by staff in scope; a trainee's history page by staff in scope:
HR everyone, a trainer the trainees of their cohorts, a mentor their mentees (404 otherwise).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from assessments.models import TypingPassage, TypingResult
from employees.models import Employee
from tests.conftest import World
from tests.matrix import row


def passage(world: World) -> dict[str, int]:
    return {"pk": TypingPassage.objects.filter(is_active=True).first().pk}


def result_of(who: str):
    def make(world: World) -> dict[str, int]:
        employee: Employee = getattr(world, who)
        now = timezone.now()
        result = TypingResult.objects.create(
            employee=employee,
            passage=TypingPassage.objects.first(),
            started_at=now - timedelta(seconds=60),
            finished_at=now,
            typed_text="亲，您好！",
            characters=5,
            correct_characters=5,
            cpm=5,
            accuracy=100,
            passed=False,
        )
        return {"pk": result.pk}

    return make


#      name               kwargs                                   anon  hr   trainer mentor trainee outsider
ROWS: list = [
    ("typing_list", None, row(302, 403, 403, 200, 200, 200)),
    ("typing_test", passage, row(302, 403, 403, 200, 200, 200)),
    ("typing_start", passage, row(302, 403, 403, 405, 405, 405)),  # POST only
    ("typing_result", result_of("trainee"), row(302, 200, 200, 200, 200, 404)),
    ("typing_result", result_of("outsider"), row(302, 200, 404, 404, 404, 200)),
    ("typing_employee", lambda w: {"pk": w.trainee.pk}, row(302, 200, 200, 200, 403, 403)),
    ("typing_employee", lambda w: {"pk": w.outsider.pk}, row(302, 200, 404, 404, 403, 403)),
]
