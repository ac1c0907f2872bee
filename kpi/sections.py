"""The KPI blocks of other apps' pages: on the go-live page, the latest period of the trial post against the
thresholds of the employee's position class; on HR's employee page, the latest period, the trend chart and the
CS accounts. Registered in ``KpiConfig.ready``; each runs a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext as _

from common.sections import Section
from employees.models import Employee, Status
from employees.roles import Role, has_role
from training.models import Enrollment

from .metrics import METRICS
from .selectors import (
    TREND_PERIODS,
    PeriodFigures,
    by_period,
    overall,
    records_of,
    thresholds_for,
    trend,
    trial_window,
    verdicts,
)

# Statuses of people who work (or worked) on the post: only they can have figures worth a block. Anyone else
# (pre-onboarding, in training, eliminated in training) gets no block and costs the page no query.
ON_THE_POST = frozenset({Status.TRIAL_POST, Status.LIVE, Status.LEFT})

# Records read for the employee page: enough for the trend's last periods with several accounts each.
EMPLOYEE_RECORDS = 120


def _trend_rows(figures: list[PeriodFigures], chart: dict[str, Any] | None) -> list[tuple[str, list[str]]]:
    """The chart's figures as a table (newest first), for readers without the chart."""
    if chart is None:
        return []
    metrics = [METRICS[series["metric"]] for series in chart["series"]]
    return [
        (f.label, [info.format(f.values.get(info.metric.value)) for info in metrics])
        for f in figures[::-1][:TREND_PERIODS]
    ]


def go_live_kpis(*, enrollment: Enrollment, viewer: User | AnonymousUser, **_subject: Any) -> Section | None:
    """Three queries: the trial-post window, the records in it, the thresholds."""
    employee = enrollment.employee
    if employee.status not in ON_THE_POST:
        return None
    window = trial_window(employee)
    if window is None:
        return None
    start, end = window
    records = records_of(employee).filter(period_end__gte=start)
    if end is not None:
        records = records.filter(period_start__lte=end)
    figures = by_period(records[:EMPLOYEE_RECORDS])
    thresholds = thresholds_for(employee.position_class)
    latest = figures[-1] if figures else None
    found = verdicts(latest, thresholds) if latest else []
    return Section(
        title=_("KPIs on the trial post"),
        template="kpi/_go_live_section.html",
        context={
            "latest": latest,
            "verdicts": found,
            "thresholds": thresholds,
            "window": window,
            "can_edit": has_role(viewer, Role.HR),
            "employee": employee,
        },
        order=40,
        met=overall(found) if latest else None,
    )


def employee_kpis(*, employee: Employee, viewer: User | AnonymousUser, **_subject: Any) -> Section | None:
    """Three queries: the accounts, the latest records, the thresholds. Shown from the trial post on."""
    if employee.status not in ON_THE_POST:
        return None
    accounts = list(employee.cs_accounts.all())
    records = list(records_of(employee)[:EMPLOYEE_RECORDS])
    figures = by_period(records)
    thresholds = thresholds_for(employee.position_class)
    latest = figures[-1] if figures else None
    found = verdicts(latest, thresholds) if latest else []
    chart = trend(figures, thresholds) if len(figures) > 1 else None
    return Section(
        title=_("KPIs"),
        template="kpi/_employee_section.html",
        context={
            "employee": employee,
            "accounts": accounts,
            "latest": latest,
            "verdicts": found,
            "thresholds": thresholds,
            "chart": chart,
            "trend_rows": _trend_rows(figures, chart),
            "can_edit": has_role(viewer, Role.HR),
        },
        order=40,
        met=overall(found) if latest else None,
    )
