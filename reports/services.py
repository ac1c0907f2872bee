"""Excel reports built in the background: ask for one, build it, keep it with who asked and when.

``request_report`` checks the parameters, stores a :class:`~training.models.Report` with a title in
the asker's language and queues ``training.build_report`` once the transaction commits.
``build_report`` writes the workbook (``training.xlsx``), moving ``progress`` as it goes and the
status from queued to running to done or failed (with a message a person can read). Building twice
is harmless: a finished report is not rebuilt.

Access is not checked here: pages check it (``training.views_reports``) before asking; scheduled
reports are asked for with ``user=None``.
"""

from __future__ import annotations

import logging
import re
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files import File
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from common.dates import in_range
from employees.models import Employee, Status
from training.models import Cohort

from .models import Report, ReportKind, ReportStatus

logger = logging.getLogger(__name__)

# Errors worth another try: the database went away or a connection broke.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
# A report queued or being built with no sign of life (see Report.heartbeat) for this long lost its
# worker: the sweeper marks it failed, and the report page offers to build it again. The longest
# build measured (10,000 employees) writes its progress at least every minute or so.
STALL_AFTER = timedelta(minutes=15)
# The longest period a training report may cover.
MAX_RANGE_DAYS = 366
# Chinese names of the downloaded files, whatever the language of the workbook (which follows the
# asker's language, like the title).
FILE_LABELS: dict[str, str] = {
    ReportKind.COHORT: "批次报告",
    ReportKind.TRAINING: "培训报告",
    ReportKind.TRANSCRIPT: "成绩单",
    ReportKind.WEEKLY: "HR周报",
    ReportKind.EMPLOYEES: "员工名单",
}
_UNSAFE_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


class ReportError(Exception):
    """A report cannot be asked for or built; the message is for the person who asked."""


# ---------------------------------------------------------------------------- parameters


def _int(params: dict[str, Any], *names: str) -> int | None:
    """The first of `names` that is set, as an id; None when none is set."""
    for name in names:
        value = params.get(name)
        if value is None or value == "":
            continue
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
            return int(value)
        raise ReportError(_("The report's parameters are not valid."))
    return None


def _date(params: dict[str, Any], name: str) -> date:
    value = params.get(name)
    if isinstance(value, date):
        return value
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        raise ReportError(_("Enter a valid date.")) from None
    if not in_range(day):  # the report adds days to it
        raise ReportError(_("Enter a valid date."))
    return day


def _cohort(params: dict[str, Any], *, required: bool) -> Cohort | None:
    pk = _int(params, "cohort_id", "cohort")
    if pk is None:
        if required:
            raise ReportError(_("Choose a cohort."))
        return None
    cohort = Cohort.objects.filter(pk=pk).first()
    if cohort is None:
        raise ReportError(_("This cohort does not exist (any more)."))
    return cohort


def _statuses(params: dict[str, Any]) -> list[str]:
    raw = params.get("statuses", params.get("status")) or []
    values = [raw] if isinstance(raw, str) else list(raw)
    if any(v not in Status.values for v in values):
        raise ReportError(_("Choose statuses from the list."))
    return sorted(set(values), key=Status.values.index)


def clean_params(kind: str, params: dict[str, Any]) -> tuple[dict[str, Any], str, str]:
    """Check a report's parameters. Returns the stored parameters, the title (in the active
    language) and the download's file name (Chinese). Accepts ``cohort`` or ``cohort_id`` and
    ``employee`` or ``employee_id``, ids as numbers or digits."""
    params = dict(params or {})
    today = timezone.localdate()
    if kind == ReportKind.COHORT:
        cohort = _cohort(params, required=True)
        assert cohort is not None
        return {"cohort_id": cohort.pk}, _("Cohort report: %(cohort)s") % {"cohort": cohort.name}, cohort.name
    if kind == ReportKind.TRAINING:
        cohort = _cohort(params, required=False)
        if cohort is not None:
            return {"cohort_id": cohort.pk}, _("Training report: %(cohort)s") % {"cohort": cohort.name}, cohort.name
        if not params.get("since") or not params.get("until"):
            raise ReportError(_("Choose a cohort or a date range."))
        since, until = _date(params, "since"), _date(params, "until")
        if since > until:
            raise ReportError(_("The start of the range is after its end."))
        if (until - since).days >= MAX_RANGE_DAYS:
            raise ReportError(_("Choose a range of at most a year."))
        title = _("Training report: %(since)s to %(until)s") % {"since": since, "until": until}
        return {"since": since.isoformat(), "until": until.isoformat()}, title, f"{since:%Y%m%d}-{until:%Y%m%d}"
    if kind == ReportKind.WEEKLY:
        day = _date(params, "week_start")
        monday = day - timedelta(days=day.weekday())
        title = _("Weekly HR report: week of %(monday)s") % {"monday": monday}
        return {"week_start": monday.isoformat()}, title, f"{monday:%Y%m%d}"
    if kind == ReportKind.TRANSCRIPT:
        pk = _int(params, "employee_id", "employee")
        if pk is None:
            raise ReportError(_("Choose an employee."))
        employee = Employee.objects.filter(pk=pk).first()
        if employee is None:
            raise ReportError(_("This employee does not exist (any more)."))
        title = _("Transcript: %(name)s (%(number)s)") % {"name": employee.name, "number": employee.employee_no}
        return {"employee_id": employee.pk}, title, f"{employee.name}-{employee.employee_no}"
    if kind == ReportKind.EMPLOYEES:
        cohort = _cohort(params, required=False)
        statuses = _statuses(params)
        scope = cohort.name if cohort else _("all employees")
        if statuses:
            labels = "、".join(str(Status(s).label) for s in statuses)
            scope = f"{scope} · {labels}"
        stored = {"cohort_id": cohort.pk if cohort else None, "statuses": statuses}
        return stored, _("Employee list: %(scope)s") % {"scope": scope}, cohort.name if cohort else f"{today:%Y%m%d}"
    raise ReportError(_("Unknown report."))


def download_name(kind: str, subject: str, on: date) -> str:
    """批次报告-十一月新人批-20261123.xlsx: safe on every system, at most ~120 characters."""
    label = FILE_LABELS.get(kind, "报表")
    subject = _UNSAFE_IN_FILE_NAME.sub("_", subject).strip(" ._")[:80]
    stamp = f"{on:%Y%m%d}"
    parts = [label, subject] if subject.endswith(stamp) else [label, subject, stamp]
    return "-".join(p for p in parts if p) + ".xlsx"


# ---------------------------------------------------------------------------- asking


def request_report(*, kind: str, params: dict[str, Any], user: User | None) -> Report:
    """Store a report request and queue its build after the transaction commits. Raises
    ReportError (nothing stored) when the parameters are not valid."""
    stored, title, subject = clean_params(kind, params)
    language = translation.get_language() or settings.LANGUAGE_CODE
    stored["language"] = language
    stored["download_name"] = download_name(kind, subject, timezone.localdate())
    with transaction.atomic():
        report = Report.objects.create(
            kind=kind,
            params=stored,
            title=title[:200],
            requested_by=user if user is not None and user.is_authenticated else None,
            heartbeat=timezone.now(),
        )
        transaction.on_commit(lambda: queue_build(report.pk))
    return report


def queue_build(report_id: int) -> None:
    """Send the build to the Celery worker (browser tests replace this to run it themselves)."""
    from .tasks import build_report_task

    build_report_task.delay(report_id)


# ---------------------------------------------------------------------------- building


class Progress:
    """Writes the build's progress to the report row, which the report page polls. Called a fixed
    number of times per sheet (see render.CHECKPOINTS), so a build's statements do not depend on
    the number of rows. Rows take 1–97 %; saving the file takes the rest."""

    def __init__(self, report_id: int) -> None:
        self.report_id = report_id

    def __call__(self, fraction: float) -> None:
        self.write(1 + int(96 * min(max(fraction, 0.0), 1.0)))

    def write(self, percent: int) -> None:
        Report.objects.filter(pk=self.report_id, status=ReportStatus.RUNNING).update(
            progress=percent, heartbeat=timezone.now()
        )


def build_report(report_id: int) -> Report:
    """Build the report's workbook now and store it. A report already done is returned as it is.
    Transient database errors put the report back in the queue and are raised again (the task
    retries them); any other error marks it failed with a message for the person who asked.

    A report left running by a worker that died is built again when the task is redelivered
    (acks_late). Should two builds of one report overlap, the first to finish stores its file and
    the other deletes its own."""
    report = Report.objects.select_related("requested_by").get(pk=report_id)
    if report.status == ReportStatus.DONE and report.file:
        return report
    claimed = (
        Report.objects.filter(pk=report_id)
        .exclude(status=ReportStatus.DONE)
        .update(status=ReportStatus.RUNNING, progress=0, error="", finished_at=None, heartbeat=timezone.now())
    )
    if not claimed:  # finished meanwhile by another worker
        report.refresh_from_db()
        return report
    try:
        with translation.override(report.params.get("language") or settings.LANGUAGE_CODE):
            stored_name = _write(report)
    except TRANSIENT_ERRORS:
        Report.objects.filter(pk=report_id, status=ReportStatus.RUNNING).update(status=ReportStatus.QUEUED, progress=0)
        raise
    except ReportError as exc:
        return _fail(report, str(exc))
    except (Cohort.DoesNotExist, Employee.DoesNotExist):
        with translation.override(report.params.get("language") or settings.LANGUAGE_CODE):
            return _fail(report, _("What this report is about has been deleted since it was asked for."))
    except Exception as exc:
        logger.exception("Report %s (%s) could not be built", report_id, report.kind)
        with translation.override(report.params.get("language") or settings.LANGUAGE_CODE):
            message = _(
                "The report could not be built because of an unexpected error (%(error)s). Ask for it again; "
                "if it fails again, tell the administrator."
            ) % {"error": type(exc).__name__}
        return _fail(report, message)
    finished = (
        Report.objects.filter(pk=report_id)
        .exclude(status=ReportStatus.DONE)
        .update(status=ReportStatus.DONE, progress=100, file=stored_name, finished_at=timezone.now(), error="")
    )
    if not finished:  # another build finished first: keep its file, drop ours
        report.file.storage.delete(stored_name)
    report.refresh_from_db()
    return report


@contextmanager
def whole_result_plans() -> Iterator[None]:
    """On PostgreSQL, plan the streamed (server-side cursor) queries for reading every row.

    PostgreSQL plans a cursor for its first 10 % of rows (``cursor_tuple_fraction``). Right after
    a bulk import, before autovacuum has analysed the tables, that picks nested loops which read
    the 考勤 rows of 2,000 trainees in 30 s instead of 0.5 s. A report reads every row, so say so
    for the build's session, and put the default back afterwards (connections are reused)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET cursor_tuple_fraction = 1.0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET cursor_tuple_fraction")


def _write(report: Report) -> str:
    """Write the workbook to a temporary file, then into the storage; returns the stored name."""
    from common.xlsx.render import info_sheet

    from .xlsx import sheets_for  # openpyxl and the builders load in the worker, not in every web process

    with whole_result_plans():
        sheets = sheets_for(report.kind, report.params)
        sheets.append(info_sheet(_("About this report"), info_rows(report)))
        return _save(report, sheets)


def _save(report: Report, sheets: list) -> str:
    from common.xlsx.render import write_workbook

    with tempfile.TemporaryDirectory(prefix="report-") as folder:
        path = Path(folder) / "report.xlsx"
        write_workbook(path, sheets, progress=Progress(report.pk))
        with path.open("rb") as handle:
            name = f"report-{report.pk}-{secrets.token_hex(6)}.xlsx"
            return report.file.storage.save(report.file.field.generate_filename(report, name), File(handle))


def info_rows(report: Report) -> list[tuple[str, Any]]:
    """The 说明 (About this report) sheet: what the report is, who asked, when, with which
    parameters, how rates count; in the active language."""
    requested_by = report.requested_by
    who = (requested_by.get_full_name() or requested_by.get_username()) if requested_by else _("Scheduled")
    rows: list[tuple[str, Any]] = [
        (pgettext("excel report", "Report"), ReportKind(report.kind).label),
        (capfirst(_("title")), report.title),
        (_("Asked for by"), who),
        (capfirst(_("requested at")), report.requested_at),
        (_("Built at"), timezone.now()),
    ]
    params = report.params
    period = _("Period")
    if params.get("since"):
        rows.append((period, _("%(since)s to %(until)s") % {"since": params["since"], "until": params["until"]}))
    if params.get("week_start"):
        monday = date.fromisoformat(params["week_start"])
        sunday = monday + timedelta(days=6)
        rows.append((period, _("%(since)s to %(until)s") % {"since": monday.isoformat(), "until": sunday.isoformat()}))
    if params.get("statuses"):
        rows.append((_("Status filter"), "、".join(str(Status(s).label) for s in params["statuses"])))
    rows.append(
        (_("Attendance rate"), _("Sessions attended (present or late) divided by sessions with a roll-call mark."))
    )
    if report.kind in (ReportKind.COHORT, ReportKind.TRAINING, ReportKind.WEEKLY):
        rows.append(
            (
                _("Exams"),
                _(
                    "Attempts with a final result count (practice attempts never do); a trainee's score is their "
                    "best. Exams count for a cohort when they belong to the plan its members follow or to no plan."
                ),
            )
        )
    return rows


def _fail(report: Report, message: str) -> Report:
    Report.objects.filter(pk=report.pk).exclude(status=ReportStatus.DONE).update(
        status=ReportStatus.FAILED, error=message, finished_at=timezone.now()
    )
    report.refresh_from_db()
    return report


def give_up(report_id: int) -> None:
    """The task ran out of retries on transient errors: say so on the report (if the database
    answers at all)."""
    try:
        report = Report.objects.filter(pk=report_id).first()
        if report is None or report.status == ReportStatus.DONE:
            return
        with translation.override(report.params.get("language") or settings.LANGUAGE_CODE):
            _fail(report, _("The report could not be built: the database was not reachable. Ask for it again later."))
    except TRANSIENT_ERRORS:
        logger.exception("Report %s: could not record the failure", report_id)


# ---------------------------------------------------------------------------- dead workers


def fail_stalled_reports(*, stalled_for: timedelta = STALL_AFTER) -> int:
    """Reports queued or being built with no progress for ``stalled_for``: their worker died (or the
    message was lost). Mark them failed with a message in the asker's language, so that nobody waits
    for ever and the report page offers to build them again. Returns how many were failed.

    Each update is conditional on the report still being stalled, so a build that moves on
    meanwhile is left alone; a build that comes back later (a redelivered message) claims the report
    again and finishes it."""
    cutoff = timezone.now() - stalled_for
    active = [ReportStatus.QUEUED, ReportStatus.RUNNING]
    stalled = Report.objects.filter(status__in=active, heartbeat__lt=cutoff) | Report.objects.filter(
        status__in=active, heartbeat__isnull=True, requested_at__lt=cutoff
    )
    failed = 0
    for report in stalled.only("pk", "params"):
        with translation.override(report.params.get("language") or settings.LANGUAGE_CODE):
            message = _("The report was not finished: the background worker stopped while building it. Build it again.")
        failed += (
            Report.objects.filter(pk=report.pk, status__in=active)
            .exclude(heartbeat__gte=cutoff)
            .update(status=ReportStatus.FAILED, error=message, finished_at=timezone.now())
        )
    if failed:
        logger.warning("%s report(s) without progress for %s marked failed", failed, stalled_for)
    return failed


def retry_report(*, report: Report) -> Report:
    """Build a failed report again: back to the queue (a conditional update, so a double click queues
    it once), and the build is queued when the transaction commits. Raises ReportError unless the
    report has failed."""
    with transaction.atomic():
        claimed = Report.objects.filter(pk=report.pk, status=ReportStatus.FAILED).update(
            status=ReportStatus.QUEUED, progress=0, error="", finished_at=None, heartbeat=timezone.now()
        )
        if not claimed:
            raise ReportError(_("Only a report that failed can be built again."))
        transaction.on_commit(lambda: queue_build(report.pk))
    report.refresh_from_db()
    return report
