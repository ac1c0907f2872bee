"""The read side of KPIs: an employee's figures per period, measured against their position class's
thresholds, the trial-post window, and the data of the trend chart.

An employee may hold several accounts (a 旺旺 sub-account and a 飞鸽 account); their figures for the same
period are put together: head counts and sales are added up, rates and times averaged, weighted by the
customers each account received when every account says how many (otherwise a plain average).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from employees.models import Employee, Status, StatusChange

from .metrics import METRICS, Metric, MetricInfo
from .models import KpiRecord, Threshold

# Added up over an employee's accounts; every other metric is averaged.
SUMMED = frozenset({Metric.INQUIRIES, Metric.RECEIVED, Metric.INQUIRY_BUYERS, Metric.SALES})
# Shown in the trend when the position class has no thresholds yet.
HEADLINE = (Metric.CONVERSION_RATE, Metric.AVG_RESPONSE, Metric.SATISFACTION)
TREND_PERIODS = 12

Period = tuple[date, date]


@dataclass
class PeriodFigures:
    start: date
    end: date
    values: dict[str, Decimal | None] = field(default_factory=dict)
    accounts: list[str] = field(default_factory=list)

    @property
    def period(self) -> Period:
        return self.start, self.end

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)


@dataclass
class Verdict:
    info: MetricInfo
    value: Decimal | None
    threshold: Decimal

    @property
    def met(self) -> bool | None:
        """None when the export gave no figure."""
        return None if self.value is None else self.info.meets(self.value, self.threshold)

    @property
    def shown_value(self) -> str:
        return self.info.format(self.value)

    @property
    def shown_threshold(self) -> str:
        return f"{self.info.comparison} {self.info.format(self.threshold)}"


def period_label(start: date, end: date) -> str:
    if start == end:
        return date_format(start, "SHORT_DATE_FORMAT")
    return f"{date_format(start, 'SHORT_DATE_FORMAT')}–{date_format(end, 'SHORT_DATE_FORMAT')}"


def _combine(metric: str, records: list[KpiRecord]) -> Decimal | None:
    pairs: list[tuple[Decimal, int]] = [
        (Decimal(getattr(r, metric)), r.received or 0) for r in records if getattr(r, metric) is not None
    ]
    if not pairs:
        return None
    if metric in SUMMED:
        return sum((value for value, _weight in pairs), Decimal(0))
    cent = Decimal("0.01")
    if len(pairs) > 1 and all(weight for _value, weight in pairs):
        total = sum(weight for _value, weight in pairs)
        return (sum((value * weight for value, weight in pairs), Decimal(0)) / total).quantize(cent)
    return (sum((value for value, _weight in pairs), Decimal(0)) / len(pairs)).quantize(cent)


def by_period(records: Iterable[KpiRecord]) -> list[PeriodFigures]:
    """One employee's records as figures per period, oldest first (periods ordered by their end, then start)."""
    grouped: dict[Period, list[KpiRecord]] = defaultdict(list)
    for record in records:
        grouped[(record.period_start, record.period_end)].append(record)
    figures = []
    for (start, end), rows in sorted(grouped.items(), key=lambda item: (item[0][1], item[0][0])):
        figures.append(
            PeriodFigures(
                start,
                end,
                {metric: _combine(metric, rows) for metric in METRICS},
                sorted({r.account_name for r in rows}),
            )
        )
    return figures


def thresholds_for(position_class: str) -> dict[str, Decimal]:
    """Metric → threshold of one position class, in the order of ``METRICS`` (one query)."""
    found = dict(Threshold.objects.filter(position_class=position_class).values_list("metric", "value"))
    return {metric: found[metric] for metric in METRICS if metric in found}


def all_thresholds() -> dict[tuple[str, str], Decimal]:
    """(position class, metric) → threshold (one query)."""
    return {
        (pc, metric): value for pc, metric, value in Threshold.objects.values_list("position_class", "metric", "value")
    }


def verdicts(figures: PeriodFigures, thresholds: dict[str, Decimal]) -> list[Verdict]:
    return [Verdict(METRICS[metric], figures.values.get(metric), value) for metric, value in thresholds.items()]


def overall(found: list[Verdict]) -> bool | None:
    """Not met if one threshold is missed; met when every one has a figure that meets it; else None."""
    if any(v.met is False for v in found):
        return False
    if found and all(v.met for v in found):
        return True
    return None


def records_of(employee: Employee) -> QuerySet[KpiRecord]:
    return KpiRecord.objects.filter(employee=employee).order_by("-period_end", "-period_start")


def trial_window(employee: Employee) -> tuple[date, date | None] | None:
    """The trial post: from the last move onto it to the go-live after it (None: still on it); None if the
    employee never reached it (one query)."""
    changes: list[tuple[str, datetime]] = list(
        StatusChange.objects.filter(employee=employee, to_status__in=[Status.TRIAL_POST, Status.LIVE])
        .order_by("changed_at", "id")
        .values_list("to_status", "changed_at")
    )
    start: date | None = None
    end: date | None = None
    for to_status, at in changes:
        day = timezone.localdate(at)
        if to_status == Status.TRIAL_POST:
            start, end = day, None
        elif start is not None and end is None:
            end = day
    return (start, end) if start is not None else None


def trend(figures: list[PeriodFigures], thresholds: dict[str, Decimal]) -> dict[str, object]:
    """The trend chart's data: the last periods, one series per metric with a threshold (else the headline
    metrics the figures have), each with its threshold line."""
    recent = figures[-TREND_PERIODS:]
    metrics = list(thresholds) or [m for m in HEADLINE if any(f.values.get(m) is not None for f in recent)]
    series = []
    for metric in metrics[:4]:
        info = METRICS[metric]
        threshold = thresholds.get(metric)
        values = [f.values.get(metric) for f in recent]
        series.append(
            {
                "metric": metric,
                "label": info.label,
                "unit": info.unit,
                "values": [float(v) if v is not None else None for v in values],
                "threshold": float(threshold) if threshold is not None else None,
                "threshold_label": f"{info.comparison} {info.format(threshold)}" if threshold is not None else "",
            }
        )
    # Axis labels short (the first day, month/day); the tooltip gives the whole period.
    return {
        "labels": [f"{f.start.month}/{f.start.day}" for f in recent],
        "titles": [f.label for f in recent],
        "series": series,
    }
