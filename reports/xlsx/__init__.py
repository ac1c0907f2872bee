"""Excel reports: the builders (one module per report) and the shared write-only renderer; and, in
``upload``, what the Excel imports share (file checks, cell helpers, template sheets).

``sheets_for(kind, params)`` returns the sheets of a report from its cleaned parameters (see
``reports.services.clean_params``); ``render.write_workbook`` writes them. The builders are imported
when a report is built: the imports use ``upload`` in every web process, the builders only the worker.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from employees.models import Employee
from training.models import Cohort

if TYPE_CHECKING:
    from common.xlsx.render import Sheet

    from .training_report import Period


def week_of(monday: date) -> Period:
    from .training_report import Period

    return Period(monday, monday + timedelta(days=6))


def sheets_for(kind: str, params: dict[str, Any]) -> list[Sheet]:
    """The sheets of a report. Raises Cohort.DoesNotExist / Employee.DoesNotExist when the subject
    of the report has been deleted since it was asked for."""
    from reports.models import ReportKind

    from .cohort import CohortReport
    from .employees import EmployeeList
    from .training_report import Period, TrainingReport, active_cohorts
    from .transcript import Transcript

    if kind == ReportKind.COHORT:
        return CohortReport(Cohort.objects.get(pk=params["cohort_id"])).sheets()
    if kind == ReportKind.TRAINING:
        if params.get("cohort_id"):
            return TrainingReport([Cohort.objects.get(pk=params["cohort_id"])]).sheets()
        period = Period(date.fromisoformat(params["since"]), date.fromisoformat(params["until"]))
        return TrainingReport(list(active_cohorts(period)), period).sheets()
    if kind == ReportKind.WEEKLY:
        period = week_of(date.fromisoformat(params["week_start"]))
        return TrainingReport(list(active_cohorts(period)), period, status_changes=True).sheets()
    if kind == ReportKind.TRANSCRIPT:
        employee = Employee.objects.select_related("user", "mentor").get(pk=params["employee_id"])
        return Transcript(employee).sheets()
    if kind == ReportKind.EMPLOYEES:
        cohort = Cohort.objects.get(pk=params["cohort_id"]) if params.get("cohort_id") else None
        return EmployeeList(cohort=cohort, statuses=params.get("statuses") or []).sheets()
    raise ValueError(f"unknown report kind {kind!r}")
