"""The employee list: everyone, or one cohort's members, optionally of some statuses; with a
count of the listed employees by status and position class."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from common.xlsx.render import DATE, DATETIME, INT, Column, Sheet
from employees.models import Employee, PositionClass, Status
from training.models import Cohort, Enrollment

from .common import CHUNK, EMPLOYEE_COLUMNS, Labels


class EmployeeList:
    """Builds the sheets of an employee list."""

    def __init__(self, *, cohort: Cohort | None, statuses: Sequence[str]) -> None:
        self.cohort = cohort
        self.statuses = list(statuses)
        self.labels = Labels()

    def queryset(self) -> QuerySet[Employee]:
        employees = Employee.objects.all()
        if self.cohort is not None:
            employees = employees.filter(enrollments__cohort=self.cohort)
        if self.statuses:
            employees = employees.filter(status__in=self.statuses)
        return employees

    def sheets(self) -> list[Sheet]:
        return [self.employees_sheet(), self.counts_sheet()]

    def employees_sheet(self) -> Sheet:
        columns = [
            *EMPLOYEE_COLUMNS,
            Column(_("Latest cohort"), width=20),
            Column(_("Latest cohort start"), DATE),
            Column(pgettext("excel report", "Login"), width=14),
            Column(pgettext("excel report", "Created at"), DATETIME),
        ]
        employees = self.queryset()
        return Sheet(_("Employees"), columns, self._rows(employees), total=employees.count(), frozen_columns=2)

    def _rows(self, employees: QuerySet[Employee]) -> Iterator[list[Any]]:
        latest = Enrollment.objects.filter(employee=OuterRef("pk")).order_by("-cohort__start_date", "-pk")
        rows = (
            employees.annotate(
                cohort_name=Subquery(latest.values("cohort__name")[:1]),
                cohort_start=Subquery(latest.values("cohort__start_date")[:1]),
            )
            .order_by("employee_no")
            .values_list(
                "employee_no",
                "name",
                "tier",
                "position_class",
                "status",
                "hire_date",
                "team",
                "phone",
                "mentor__name",
                "cohort_name",
                "cohort_start",
                "user__username",
                "created_at",
            )
        )
        labels = self.labels
        # Tier, position class and status are stored as codes: shown by their labels; the rest as read.
        for no, name, tier, position, status, *rest in rows.iterator(chunk_size=CHUNK):
            yield [no, name, labels.tier.get(tier), labels.position.get(position), labels.status.get(status), *rest]

    def counts_sheet(self) -> Sheet:
        positions = list(PositionClass.values)
        columns = [
            Column(_("Status"), width=12),
            *(Column(self.labels.position[p], INT, width=10) for p in positions),
            Column(_("Total"), INT, width=8),
        ]
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for status, position, n in (
            self.queryset().values_list("status", "position_class").annotate(n=Count("pk")).order_by()
        ):
            counts[status][position] = n
        rows = []
        for status in Status.values:
            if self.statuses and status not in self.statuses:
                continue
            by_position = counts.get(status, {})
            rows.append(
                [self.labels.status[status], *(by_position.get(p, 0) for p in positions), sum(by_position.values())]
            )
        rows.append(
            [
                _("Total"),
                *(sum(counts[s].get(p, 0) for s in counts) for p in positions),
                sum(sum(c.values()) for c in counts.values()),
            ]
        )
        return Sheet(_("Counts"), columns, rows, total=len(rows), frozen_columns=1)
