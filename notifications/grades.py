"""Telling trainees that a grade or regrade landed on their exam attempt.

The assessments app sends ``attempt_graded`` after the commit of each grading action (it cannot
call this module: the apps depend one way); ``NotificationsConfig.ready`` connects the receiver.
One notification per attempt and action: the action's regrade row is the reminder log's subject,
so a signal delivered twice still notifies once. The message follows the exam's result policy:
a score the trainee's result page would hide is not written into the notification either.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.exams import shows_score
from assessments.models import Attempt

from .models import Notification
from .services import Draft, Kind, Writer, deliver


def announce_grade(*, attempt_id: int, regrade_id: int, regraded: bool) -> Notification | None:
    """Notify the trainee whose attempt was graded; None for a practice attempt, an attempt that
    no longer exists, or an action already announced."""
    attempt = Attempt.objects.select_related("exam", "employee").filter(pk=attempt_id).first()
    if attempt is None or attempt.exam is None or attempt.is_practice:
        return None
    draft = Draft(
        user_id=attempt.employee.user_id,
        kind=Kind.GRADED,
        day=timezone.localdate(),
        subject=f"regrade-{regrade_id}",
        url=reverse("attempt_result", args=[attempt.pk]),
        write=_grade_writer(attempt, regraded=regraded),
    )
    created = deliver([draft])
    return created[0] if created else None


def _grade_writer(attempt: Attempt, *, regraded: bool) -> Writer:
    assert attempt.exam is not None  # practice attempts are not announced

    def write() -> tuple[str, str]:
        values = {"exam": attempt.exam.title if attempt.exam else ""}
        title = (_("Exam regraded: %(exam)s") if regraded else _("Exam graded: %(exam)s")) % values
        if not shows_score(attempt):
            body = _("Your answers have been graded. This exam does not show scores.")
        elif attempt.pending_grading:
            body = ngettext(
                "%(count)d answer is still waiting for grading; your result follows.",
                "%(count)d answers are still waiting for grading; your result follows.",
                attempt.pending_grading,
            ) % {"count": attempt.pending_grading}
        else:
            score = {"score": attempt.score, "max": attempt.max_score, "percent": attempt.percent}
            body = (
                _("Score %(score)s / %(max)s (%(percent)s%%): passed.")
                if attempt.passed
                else _("Score %(score)s / %(max)s (%(percent)s%%): not passed.")
            ) % score
        return title, body

    return write


def on_attempt_graded(sender: Any, *, attempt_id: int, regrade_id: int, regraded: bool, **kwargs: Any) -> None:
    announce_grade(attempt_id=attempt_id, regrade_id=regrade_id, regraded=regraded)
