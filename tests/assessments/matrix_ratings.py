"""Permission-matrix rows for this area's URLs (see tests/test_permissions.py):
(url name, kwargs factory taking the World or None, row(anon, hr, trainer, mentor, trainee, outsider))."""

from __future__ import annotations

from collections.abc import Callable

from tests.conftest import World
from tests.matrix import row

OWN_DAY_ONE = lambda w: {"pk": w.enrollment.pk, "on": "2026-11-16"}  # noqa: E731

#        name               kwargs       anon  hr   trainer mentor trainee outsider
ROWS: list[tuple[str, Callable[[World], dict] | None, dict[str, int]]] = [
    # Only the enrolled trainee; another trainee gets a 404 (the enrollment is not theirs).
    ("rate_sessions", OWN_DAY_ONE, row(302, 403, 403, 403, 200, 404)),
    ("rate_sessions", lambda w: {"pk": w.enrollment.pk, "on": "2026-13-45"}, row(302, 403, 403, 403, 404, 404)),
    # HR: everyone's averages; trainers: their own and their cohorts' items.
    ("rating_averages", None, row(302, 200, 200, 403, 403, 403)),
]
