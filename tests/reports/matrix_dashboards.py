"""Permission-matrix rows for this area's URLs (see tests/test_permissions.py):
(url name, kwargs factory taking the World or None, row(anon, hr, trainer, mentor, trainee, outsider))."""

from tests.matrix import row

#        name                kwargs  anon  hr   trainer mentor trainee outsider
ROWS: list = [
    ("hr_dashboard", None, row(302, 200, 403, 403, 403, 403)),
    # HR may open the trainers' dashboard too: it then covers every cohort.
    ("trainer_dashboard", None, row(302, 200, 200, 403, 403, 403)),
]
