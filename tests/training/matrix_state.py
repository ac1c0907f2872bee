"""Permission-matrix rows for ending a training by hand (see tests/test_permissions.py and tests/matrix_post.py):
HR only; a trainer of the cohort, its mentors and trainees get a 403."""

from tests.matrix import row

ENROLLMENT = lambda w: {"pk": w.enrollment.pk}  # noqa: E731
OUTSIDERS = lambda w: {"pk": w.outsider.enrollments.get().pk}  # noqa: E731

#        name                 kwargs       anon  hr   trainer mentor trainee outsider
ROWS: list = [
    ("enrollment_finish", ENROLLMENT, row(302, 200, 403, 403, 403, 403)),
    ("enrollment_finish", OUTSIDERS, row(302, 200, 403, 403, 403, 403)),
]

# An empty form comes back with its errors (HR); the rest are refused before reading it.
POST_ROWS: list = [
    ("enrollment_finish", ENROLLMENT, {}, row(302, 200, 403, 403, 403, 403)),
    ("enrollment_finish", ENROLLMENT, {"result": "withdrawn", "reason": ""}, row(302, 200, 403, 403, 403, 403)),
]
