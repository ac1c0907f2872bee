"""Permission-matrix rows for this area's URLs (see tests/test_permissions.py):
(url name, kwargs factory taking the World or None, row(anon, hr, trainer, mentor, trainee, outsider)).

Reports: HR and trainers only (mentors and trainees 403). A trainer reaches the reports they asked
for about their own cohort; another person's report is a 404 to them."""

from __future__ import annotations

from collections.abc import Callable

from tests.matrix import row


def report_of(requester: str, *, built: bool = True) -> Callable:
    """A cohort report asked for by `requester` ("hr" or "trainer": about the world's cohort;
    "trainer2": about the other cohort), built unless `built` is false."""

    def make(world) -> dict[str, int]:
        from reports.services import build_report, request_report

        user = {"hr": world.hr, "trainer": world.trainer, "trainer2": world.other_trainer}[requester]
        cohort = world.other_cohort if requester == "trainer2" else world.cohort
        report = request_report(kind="cohort", params={"cohort_id": cohort.pk}, user=user)
        if built:
            build_report(report.pk)
        return {"pk": report.pk}

    return make


#      name                kwargs                           anon  hr   trainer mentor trainee outsider
ROWS: list = [
    ("report_list", None, row(302, 200, 200, 403, 403, 403)),
    ("report_request", None, row(302, 405, 405, 403, 403, 403)),  # POST only
    ("report_detail", report_of("trainer", built=False), row(302, 200, 200, 403, 403, 403)),
    ("report_detail", report_of("hr", built=False), row(302, 200, 404, 403, 403, 403)),
    ("report_status", report_of("trainer", built=False), row(302, 200, 200, 403, 403, 403)),
    ("report_status", report_of("hr", built=False), row(302, 200, 404, 403, 403, 403)),
    ("report_download", report_of("trainer"), row(302, 200, 200, 403, 403, 403)),
    ("report_download", report_of("hr"), row(302, 200, 404, 403, 403, 403)),
    ("report_download", report_of("trainer2"), row(302, 200, 404, 403, 403, 403)),
    ("report_download", report_of("trainer", built=False), row(302, 404, 404, 403, 403, 403)),  # not ready
    ("report_retry", report_of("trainer"), row(302, 405, 405, 403, 403, 403)),  # POST only
]
