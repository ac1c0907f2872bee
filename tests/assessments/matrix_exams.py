"""Permission-matrix rows for the exam pages (see tests/test_permissions.py)."""

from datetime import timedelta

from django.utils import timezone

from assessments.models import Attempt, Exam
from tests.matrix import row
from training.models import Enrollment


def open_attempt(world) -> dict:
    exam = Exam.objects.get(code="business-knowledge")
    now = timezone.now()
    attempt = Attempt.objects.create(
        exam=exam, employee=world.trainee, started_at=now, deadline=now + timedelta(minutes=30)
    )
    return {"pk": attempt.pk}


def enrollment_of_outsider(world) -> dict:
    return {"pk": Enrollment.objects.get(employee=world.outsider).pk}


ROWS: list = [
    ("exam_detail", lambda w: {"code": "business-knowledge"}, row(302, 403, 403, 403, 200, 200)),
    # Attempts are their owner's, any employee's (a mentor takes knowledge-update quizzes): others' are a 404.
    ("attempt_take", open_attempt, row(302, 403, 403, 404, 200, 404)),
    ("attempt_answer", open_attempt, row(302, 403, 403, 405, 405, 405)),  # POST only
    ("attempt_submit", open_attempt, row(302, 403, 403, 405, 405, 405)),  # POST only
    ("attempt_result", open_attempt, row(302, 403, 403, 404, 302, 404)),  # open: back to the exam
    ("notebook", None, row(302, 403, 403, 403, 200, 200)),
    ("exam_alerts", None, row(302, 200, 200, 403, 403, 403)),
    ("go_live", lambda w: {"pk": w.enrollment.pk}, row(302, 200, 200, 200, 403, 403)),
    ("go_live", enrollment_of_outsider, row(302, 200, 404, 404, 403, 403)),
]
