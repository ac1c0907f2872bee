"""The training report (培训报告) over one cohort or over the cohorts active in a date range, and
the weekly HR report, which is the same report over one week plus the week's status changes.

Per cohort: attendance rate, pass rate and score spread per exam, score-sheet averages per trainer
and mentor, eliminations by phase with their reasons. Over a date range every figure counts only
what happened in the range (sessions held, attempts closed, sessions rated, eliminations recorded);
over a cohort, everything. Each sheet is one grouped query whatever the number of cohorts or
trainees.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from assessments.models import Attempt, Exam, SessionRating
from assessments.ratings import Averages, ratings_between
from common.xlsx.render import DATE, DATETIME, DEC2, INT, PERCENT, Column, Sheet
from employees.models import Status, StatusChange
from training.models import Cohort, Enrollment, ItemRecord, Leader, Phase, ScheduledDay

from .common import (
    ATTENDED,
    CHUNK,
    MEMBER_COLUMNS,
    STATUS_CHANGE_COLUMNS,
    Labels,
    day_span,
    person,
    rate,
    same_plan,
    status_change_cells,
    yes_no,
)

TWO = Decimal("0.01")
COHORT_COLUMN = Column(pgettext_lazy("excel report", "Cohort"), width=20)
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


def quartiles(values: Sequence[Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    """Lower quartile, median, upper quartile, as Excel's QUARTILE.INC computes them."""
    if len(values) == 1:
        return values[0], values[0], values[0]
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


def _two(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(TWO, rounding=ROUND_HALF_UP)


class TrainingReport:
    """The sheets of a training report over `cohorts`, optionally limited to `period`."""

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
        self._eliminated: list[dict[str, Any]] | None = None

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

    # ------------------------------------------------------------------------ 考试

    def exam_results(self) -> dict[tuple[int, int], list[tuple[Decimal, bool]]]:
        """(cohort, exam) → each trainee's (best percent, passed at least once), from the attempts
        with a final result at exams of the trainee's plan (or of no plan)."""
        attempts = Attempt.objects.filter(
            same_plan("exam__"),
            employee__enrollments__cohort_id__in=self.ids,
            is_practice=False,
            exam__isnull=False,
            passed__isnull=False,
        )
        if self.span:
            attempts = attempts.filter(submitted_at__gte=self.span[0], submitted_at__lt=self.span[1])
        rows = (
            attempts.values("employee__enrollments__cohort_id", "exam_id", "employee_id")
            .annotate(best=Max("percent"), passes=Count("pk", filter=Q(passed=True)))
            .order_by()
        )
        out: dict[tuple[int, int], list[tuple[Decimal, bool]]] = defaultdict(list)
        for row in rows.iterator(chunk_size=CHUNK):
            out[(row["employee__enrollments__cohort_id"], row["exam_id"])].append((row["best"], row["passes"] > 0))
        return out

    def exams_sheet(self) -> Sheet:
        columns = [
            COHORT_COLUMN,
            Column(_("Exam"), width=26),
            Column(capfirst(_("pass exam")), width=8),
            Column(pgettext("exam takers", "Sat"), INT, width=8),
            Column(_("Number passed"), INT, width=8),
            Column(_("Pass rate"), PERCENT),
            Column(_("Lowest score"), DEC2, width=8),
            Column(pgettext("excel report", "Lower quartile"), DEC2, width=9),
            Column(_("Median"), DEC2, width=8),
            Column(pgettext("excel report", "Upper quartile"), DEC2, width=9),
            Column(_("Highest score"), DEC2, width=8),
            Column(_("Average score"), DEC2, width=8),
        ]
        results = self.exam_results()
        exams = {
            e.pk: e for e in Exam.objects.filter(pk__in={exam_id for _c, exam_id in results}).select_related("item")
        }
        order = {cohort_id: i for i, cohort_id in enumerate(self.ids)}
        keys = sorted(
            results,
            key=lambda k: (order[k[0]], exams[k[1]].item.day_number if exams[k[1]].item else -1, exams[k[1]].title),
        )
        rows = [self._exam_row(key, exams[key[1]], results[key]) for key in keys]
        return Sheet(_("Exams"), columns, rows, total=len(rows), frozen_columns=2)

    def _exam_row(self, key: tuple[int, int], exam: Exam, results: list[tuple[Decimal, bool]]) -> list[Any]:
        scores = sorted(best for best, _passed in results)
        passed = sum(1 for _best, ok in results if ok)
        q1, median, q3 = quartiles(scores)
        mean = sum(scores, Decimal(0)) / len(scores)
        return [
            self.names[key[0]],
            exam.title,
            yes_no(exam.is_gate),
            len(results),
            passed,
            rate(passed, len(results)),
            _two(scores[0]),
            _two(q1),
            _two(median),
            _two(q3),
            _two(scores[-1]),
            _two(mean),
        ]

    # ------------------------------------------------------------------------ 评分表

    def ratings_sheet(self) -> Sheet:
        columns = [
            COHORT_COLUMN,
            Column(_("Leader type"), width=8),
            Column(_("Trainer / mentor"), width=14),
            Column(pgettext("excel report", "Ratings"), INT, width=8),
            Column(_("Trainees who rated"), INT, width=9),
            *(
                Column(header, DEC2, width=8)
                for header in (
                    _("Content"),
                    pgettext("excel report", "Delivery"),
                    pgettext("excel report", "Usefulness"),
                    _("Overall"),
                )
            ),
        ]
        if self.period:
            ratings = ratings_between(
                self.period.since, self.period.until, cohorts=Cohort.objects.filter(pk__in=self.ids)
            )
        else:
            ratings = SessionRating.objects.filter(enrollment__cohort_id__in=self.ids)
        rows = list(
            ratings.order_by()
            .values(
                "enrollment__cohort_id",
                "trainer_id",
                "trainer__username",
                "trainer__first_name",
                "trainer__last_name",
                "mentor_id",
                "mentor__name",
            )
            .annotate(
                n=Count("pk"),
                trainees=Count("enrollment", distinct=True),
                content_sum=Sum("content"),
                delivery_sum=Sum("delivery"),
                usefulness_sum=Sum("usefulness"),
            )
        )
        trainer, mentor, nobody = str(Leader.TRAINER.label), str(Leader.MENTOR.label), _("Not named")
        order = {cohort_id: i for i, cohort_id in enumerate(self.ids)}
        out = []
        for row in rows:
            averages = Averages.from_row(row)
            if row["trainer_id"]:
                kind, rank = trainer, 0
                name = person(row["trainer__first_name"], row["trainer__last_name"], row["trainer__username"])
            elif row["mentor_id"]:
                kind, rank, name = mentor, 1, row["mentor__name"]
            else:
                kind, rank, name = nobody, 2, None
            out.append(
                (
                    (order[row["enrollment__cohort_id"]], rank, name or ""),
                    [
                        self.names[row["enrollment__cohort_id"]],
                        kind,
                        name,
                        averages.count,
                        averages.trainees,
                        averages.content,
                        averages.delivery,
                        averages.usefulness,
                        averages.overall,
                    ],
                )
            )
        out.sort(key=lambda pair: pair[0])
        return Sheet(_("Score sheet"), columns, [r for _k, r in out], total=len(out), frozen_columns=1)

    # ------------------------------------------------------------------------ 淘汰

    def eliminations(self) -> list[dict[str, Any]]:
        """Eliminations of the cohorts' members (recorded in the period, if any), each counted for
        the cohort the employee was following on that day: the latest one started by then, else
        the next to start (as ``training.selectors.active_enrollment`` decides, which is also where
        the change's phase and plan day were read). One query; eliminations are few."""
        if self._eliminated is not None:
            return self._eliminated
        changes = StatusChange.objects.filter(
            to_status=Status.ELIMINATED, employee__enrollments__cohort_id__in=self.ids
        )
        if self.span:
            changes = changes.filter(changed_at__gte=self.span[0], changed_at__lt=self.span[1])
        rows = (
            StatusChange.objects.filter(pk__in=changes.values("pk"))
            .order_by("changed_at", "pk", "employee__enrollments__cohort__start_date", "employee__enrollments__pk")
            .values(
                "pk",
                "changed_at",
                "phase_number",
                "day_number",
                "reason",
                "employee__employee_no",
                "employee__name",
                "changed_by__username",
                "changed_by__first_name",
                "changed_by__last_name",
                "employee__enrollments__cohort_id",
                "employee__enrollments__cohort__start_date",
                "employee__enrollments__plan_id",
            )
        )
        out = []
        for _pk, group in groupby(rows, key=lambda r: r["pk"]):
            options = list(group)  # the employee's enrollments, by start date
            on = timezone.localdate(options[0]["changed_at"])
            started = [r for r in options if r["employee__enrollments__cohort__start_date"] <= on]
            chosen = started[-1] if started else options[0]
            if chosen["employee__enrollments__cohort_id"] in self.names:
                out.append(chosen)
        self._eliminated = out
        return out

    def _phase_names(self) -> dict[tuple[int, int], str]:
        plans = Enrollment.objects.filter(cohort_id__in=self.ids).values("plan_id")
        return {
            (template_id, number): name
            for template_id, number, name in Phase.objects.filter(template_id__in=plans).values_list(
                "template_id", "number", "name"
            )
        }

    def eliminations_by_phase_sheet(self) -> Sheet:
        columns = [
            COHORT_COLUMN,
            Column(_("Phase"), INT, width=6),
            Column(_("Phase name"), width=28),
            Column(_("Number eliminated"), INT, width=8),
            Column(_("Share of trainees"), PERCENT, width=10),
            Column(_("Reason"), width=60),
        ]
        names = self._phase_names()
        groups: dict[tuple[int, int | None], dict[str, Any]] = {}
        for row in self.eliminations():
            cohort_id, phase = row["employee__enrollments__cohort_id"], row["phase_number"]
            group = groups.setdefault((cohort_id, phase), {"count": 0, "reasons": [], "name": None})
            group["count"] += 1
            group["reasons"].append(row["reason"])
            if phase is not None and group["name"] is None:
                group["name"] = names.get((row["employee__enrollments__plan_id"], phase))
        order = {cohort_id: i for i, cohort_id in enumerate(self.ids)}
        out = []
        for (cohort_id, phase), group in sorted(
            groups.items(), key=lambda kv: (order[kv[0][0]], kv[0][1] is None, kv[0][1] or 0)
        ):
            out.append(
                [
                    self.names[cohort_id],
                    phase,
                    group["name"] if phase is not None else _("Before the plan started"),
                    group["count"],
                    rate(group["count"], self.members.get(cohort_id)),
                    "；".join(group["reasons"]),
                ]
            )
        return Sheet(_("Eliminations by phase"), columns, out, total=len(out), frozen_columns=1)

    def eliminations_sheet(self) -> Sheet:
        columns = [
            COHORT_COLUMN,
            *MEMBER_COLUMNS,
            Column(_("Phase"), INT, width=6),
            Column(_("Phase name"), width=24),
            Column(pgettext("excel report", "Plan day"), INT, width=7),
            Column(_("Eliminated at"), DATETIME),
            Column(_("Reason"), width=50),
            Column(_("By"), width=10),
        ]
        names = self._phase_names()
        rows = [
            [
                self.names[r["employee__enrollments__cohort_id"]],
                r["employee__employee_no"],
                r["employee__name"],
                r["phase_number"],
                names.get((r["employee__enrollments__plan_id"], r["phase_number"])),
                r["day_number"],
                r["changed_at"],
                r["reason"],
                person(r["changed_by__first_name"], r["changed_by__last_name"], r["changed_by__username"]),
            ]
            for r in self.eliminations()
        ]
        return Sheet(_("Eliminations"), columns, rows, total=len(rows), frozen_columns=3)

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
