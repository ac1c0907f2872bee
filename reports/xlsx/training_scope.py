"""What the training report is over: a period (``Period``), the cohorts active in it, and
``ReportScope``, the cohorts, their names and member counts that every sheet of the report reads."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypedDict

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from common.xlsx.render import Column
from training.models import Cohort, Enrollment

from .common import Labels, day_span

COHORT_COLUMN = Column(pgettext_lazy("excel report", "Cohort"), width=20)


@dataclass(frozen=True)
class Period:
    """A date range, both ends included (Asia/Shanghai days)."""

    since: date
    until: date

    def label(self) -> str:
        return period_label(self.since, self.until)


def period_label(since: date, until: date) -> str:
    """The period as text: 2026-11-16 至 2026-11-22 (in English: 2026-11-16 to 2026-11-22)."""
    return _("%(since)s to %(until)s") % {"since": since.isoformat(), "until": until.isoformat()}


def active_cohorts(period: Period) -> QuerySet[Cohort]:
    """Cohorts whose schedule touches the period: started by its end and not finished before its
    start (a cohort not scheduled yet counts if it starts inside the period)."""
    return Cohort.objects.filter(start_date__lte=period.until).filter(
        Q(end_date__gte=period.since) | Q(end_date__isnull=True, start_date__gte=period.since)
    )


class Elimination(TypedDict):
    """An elimination in the report, under the enrollment it counts for (a ``.values()`` row)."""

    pk: int
    changed_at: datetime
    phase_number: int | None
    day_number: int | None
    reason: str
    employee__employee_no: str
    employee__name: str
    changed_by__username: str
    changed_by__first_name: str
    changed_by__last_name: str
    employee__enrollments__cohort_id: int
    employee__enrollments__cohort__start_date: date
    employee__enrollments__plan_id: int


class ReportScope:
    """The cohorts of a training report (by start date), optionally limited to `period`: what the
    sheets of ``TrainingReport`` share."""

    def __init__(
        self, cohorts: Sequence[Cohort], period: Period | None = None, *, status_changes: bool = False
    ) -> None:
        self.cohorts = sorted(cohorts, key=lambda c: (c.start_date, c.pk))
        self.ids = [c.pk for c in self.cohorts]
        self.names = {c.pk: c.name for c in self.cohorts}
        self.period = period
        self.span = day_span(period.since, period.until) if period else None
        self.with_status_changes = status_changes
        self.labels = Labels()
        members = defaultdict(int)
        for cohort_id, n in (
            Enrollment.objects.filter(cohort_id__in=self.ids)
            .values_list("cohort_id")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            members[cohort_id] = n
        self.members = members
        self._eliminated: list[Elimination] | None = None
