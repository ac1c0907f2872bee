"""Monday 09:00: last week's HR report, built once and announced to every HR user.

The report is requested and built through the ``reports.services`` module (``reports.request_report``,
``reports.build_report``), not names imported from it, so that patching ``reports.services`` replaces them here.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.translation import gettext as _

from employees.roles import Role
from reports import services as reports
from reports.models import Report, ReportStatus

from ..models import ReminderLog
from ..services import Draft, Kind, Writer, deliver
from .shared import BATCH_SIZE, short_date

# The package's name, as when the reminders were one module.
logger = logging.getLogger("notifications.reminders")


def week_before(on: date) -> date:
    """The Monday of the week before the one `on` falls in (on a Monday: seven days earlier)."""
    return on - timedelta(days=on.weekday() + 7)


def send_weekly_hr_report(*, on: date, batch_size: int = BATCH_SIZE) -> int:
    """Build last week's HR report once and tell every HR user, once, where to download it. A
    report already built for that week is reused (a retried run does not build a second one);
    when every HR user has been told, nothing is built at all."""
    week_start = week_before(on)
    hr_ids = list(
        User.objects.filter(groups__name=Role.HR, is_active=True).order_by("pk").values_list("pk", flat=True).distinct()
    )
    told = set(
        ReminderLog.objects.filter(kind=Kind.WEEKLY_REPORT, day=week_start, subject="", user_id__in=hr_ids).values_list(
            "user_id", flat=True
        )
    )
    if not hr_ids or told >= set(hr_ids):
        return 0
    params = {"week_start": week_start.isoformat()}
    report = (
        Report.objects.filter(kind="weekly", params__week_start=params["week_start"], status=ReportStatus.DONE)
        .order_by("-requested_at")
        .first()
    )
    if report is None:
        report = reports.request_report(kind="weekly", params=params, user=None)
        reports.build_report(report.pk)
        report.refresh_from_db()
    if report.status != ReportStatus.DONE:
        logger.warning("Weekly report %s for %s was not built (%s): nobody told", report.pk, week_start, report.status)
        return 0
    url = reverse("report_download", args=[report.pk])
    drafts = [
        Draft(user_id=pk, kind=Kind.WEEKLY_REPORT, day=week_start, url=url, write=_weekly_writer(week_start))
        for pk in hr_ids
        if pk not in told
    ]
    return sum(len(deliver(drafts[i : i + batch_size])) for i in range(0, len(drafts), batch_size))


def _weekly_writer(week_start: date) -> Writer:
    def write() -> tuple[str, str]:
        week_end = week_start + timedelta(days=6)
        values = {"start": short_date(week_start), "end": short_date(week_end)}
        title = _("Weekly HR report %(start)s – %(end)s") % values
        body = _("Last week's training report is ready to download.")
        return title, body

    return write
