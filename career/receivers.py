"""What career does when the apps below it announce something: a passed exam or a completed refresher
certifies (see ``services.certify_from_attempt`` / ``certify_from_enrollment``). Connected in
``CareerConfig.ready``."""

from __future__ import annotations

from typing import Any

from .services import certify_from_attempt, certify_from_enrollment

COMPLETED = "completed"  # the Enrollment state of a training finished with success


def on_attempt_result_final(sender: Any, *, attempt_id: int, passed: bool, **kwargs: Any) -> None:
    if passed:
        certify_from_attempt(attempt_id=attempt_id)


def on_enrollment_state_changed(sender: Any, *, enrollment: Any, old: str, new: str, **kwargs: Any) -> None:
    if new == COMPLETED and old != COMPLETED:
        certify_from_enrollment(enrollment=enrollment)
