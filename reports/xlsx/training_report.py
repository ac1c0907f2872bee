"""The training report (培训报告) over one cohort or over the cohorts active in a date range, and
the weekly HR report, which is the same report over one week plus the week's status changes.

Per cohort: attendance rate, pass rate and score spread per exam, score-sheet averages per trainer
and mentor, eliminations by phase with their reasons. Over a date range every figure counts only
what happened in the range (sessions held, attempts closed, sessions rated, eliminations recorded);
over a cohort, everything. Each sheet is one grouped query whatever the number of cohorts or
trainees.

``training_scope`` holds the period and what every sheet reads, ``training_results`` the exams, score-sheet
and elimination sheets; this module the report itself, its overview and the weekly status changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from common.xlsx.render import DATE, DATETIME, INT, PERCENT, Column, Sheet
from employees.models import Status, StatusChange
from training.models import Enrollment, ItemRecord, ScheduledDay

from .common import ATTENDED, CHUNK, MEMBER_COLUMNS, STATUS_CHANGE_COLUMNS, person, rate, status_change_cells
from .training_results import TWO, ResultSheets, quartiles
from .training_scope import COHORT_COLUMN, Period, active_cohorts, period_label

__all__ = [
    "COHORT_COLUMN",
    "STATUS_COUNTS",
    "TWO",
    "Period",
    "TrainingReport",
    "active_cohorts",
    "period_label",
    "quartiles",
]

# The overview's count of members by status: (status, header), in the order of its columns. The
# headers are the status labels, some in a shorter Chinese wording.
STATUS_COUNTS = (
    (Status.PRE_ONBOARDING, pgettext_lazy("excel report", "Pre-onboarding")),
    (Status.IN_TRAINING, Status.IN_TRAINING.label),
    (Status.TRIAL_POST, Status.TRIAL_POST.label),
    (Status.LIVE, Status.LIVE.label),
    (Status.ELIMINATED, pgettext_lazy("excel report", "Eliminated")),
    (Status.LEFT, pgettext_lazy("excel report", "Left")),
)


class TrainingReport(ResultSheets):
    """The sheets of a training report over `cohorts`, optionally limited to `period`."""

    def sheets(self) -> list[Sheet]:
        sheets = [
            self.overview_sheet(),
            self.exams_sheet(),
            self.ratings_sheet(),
            self.eliminations_by_phase_sheet(),
            self.eliminations_sheet(),
        ]
        if self.with_status_changes and self.period:
            sheets.append(self.status_changes_sheet())
        return sheets

    # ------------------------------------------------------------------------ 概览

    def overview_sheet(self) -> Sheet:
        columns = [
            COHORT_COLUMN,
            Column(pgettext("excel report", "Tier"), width=10),
            Column(pgettext("excel report", "Start date"), DATE),
            Column(capfirst(_("end date")), DATE),
            Column(_("Period"), width=24),
            Column(_("Trainees"), INT, width=8),
            Column(_("Attendance rate"), PERCENT),
            Column(_("Sessions marked"), INT),
            Column(_("Sessions attended (incl. late)"), INT, width=12),
            *(Column(header, INT, width=8) for _status, header in STATUS_COUNTS),
        ]
        return Sheet(_("Overview"), columns, self._overview_rows(), total=len(self.cohorts), frozen_columns=1)

    def _records(self) -> QuerySet[ItemRecord]:
        records = ItemRecord.objects.filter(enrollment__cohort_id__in=self.ids)
        if self.period:
            held = ScheduledDay.objects.filter(
                enrollment=OuterRef("enrollment"),
                day_number=OuterRef("item__day_number"),
                date__range=(self.period.since, self.period.until),
            )
            records = records.filter(Exists(held))
        return records

    def _overview_rows(self) -> Iterator[list[Any]]:
        attendance = {
            row["enrollment__cohort_id"]: row
            for row in self._records()
            .exclude(attendance="")
            .values("enrollment__cohort_id")
            .annotate(recorded=Count("pk"), attended=Count("pk", filter=Q(attendance__in=ATTENDED)))
            .order_by()
        }
        statuses: dict[int, dict[str, int]] = defaultdict(dict)
        for cohort_id, status, n in (
            Enrollment.objects.filter(cohort_id__in=self.ids)
            .values_list("cohort_id", "employee__status")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            statuses[cohort_id][status] = n
        span = self.period.label() if self.period else _("whole cohort")
        for cohort in self.cohorts:
            row = attendance.get(cohort.pk, {"recorded": 0, "attended": 0})
            counts = statuses.get(cohort.pk, {})
            yield [
                cohort.name,
                self.labels.tier.get(cohort.tier),
                cohort.start_date,
                cohort.end_date,
                span,
                self.members.get(cohort.pk, 0),
                rate(row["attended"], row["recorded"]),
                row["recorded"],
                row["attended"],
                *(counts.get(status, 0) for status, _header in STATUS_COUNTS),
            ]

    # ------------------------------------------------------------------------ 状态变动 (weekly)

    def status_changes_sheet(self) -> Sheet:
        columns = [Column(_("When"), DATETIME), *MEMBER_COLUMNS, COHORT_COLUMN, *STATUS_CHANGE_COLUMNS]
        assert self.span is not None
        changes = StatusChange.objects.filter(changed_at__gte=self.span[0], changed_at__lt=self.span[1])
        return Sheet(
            pgettext("excel report", "Status changes"),
            columns,
            self._status_rows(changes),
            total=changes.count(),
            frozen_columns=1,
        )

    def _status_rows(self, changes: QuerySet[StatusChange]) -> Iterator[list[Any]]:
        latest_cohort = (
            Enrollment.objects.filter(employee=OuterRef("employee"))
            .order_by("-cohort__start_date", "-pk")
            .values("cohort__name")[:1]
        )
        rows = (
            changes.annotate(cohort_name=Subquery(latest_cohort))
            .order_by("changed_at", "pk")
            .values_list(
                "changed_at",
                "employee__employee_no",
                "employee__name",
                "cohort_name",
                "from_status",
                "to_status",
                "phase_number",
                "day_number",
                "reason",
                "changed_by__username",
                "changed_by__first_name",
                "changed_by__last_name",
            )
        )
        status = self.labels.status
        for at, no, name, cohort, before, after, phase, day, reason, username, first, last in rows.iterator(
            chunk_size=CHUNK
        ):
            yield [
                at,
                no,
                name,
                cohort,
                *status_change_cells(status, before, after, phase, day, reason, person(first, last, username)),
            ]
