"""The result sheets of the training report: exams (pass rate and score spread), the score sheet
(averages per trainer and mentor) and the eliminations, by phase and one by one."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby
from typing import Any

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from assessments.models import Attempt, Exam, SessionRating
from assessments.ratings import leader_averages, ratings_between
from common.xlsx.render import DATETIME, DEC2, INT, PERCENT, Column, Sheet
from employees.models import Status, StatusChange
from training.models import Cohort, Enrollment, Phase

from .common import CHUNK, MEMBER_COLUMNS, person, rate, same_plan, yes_no
from .training_scope import COHORT_COLUMN, Elimination, ReportScope

TWO = Decimal("0.01")


def quartiles(values: Sequence[Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    """Lower quartile, median, upper quartile, as Excel's QUARTILE.INC computes them."""
    if len(values) == 1:
        return values[0], values[0], values[0]
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


def _two(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(TWO, rounding=ROUND_HALF_UP)


class ResultSheets(ReportScope):
    """The exams, score-sheet and elimination sheets of a ``TrainingReport``."""

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

        def exam_order(key: tuple[int, int]) -> tuple[int, int, str]:
            exam = exams[key[1]]
            return order[key[0]], exam.item.day_number if exam.item else -1, exam.title

        keys = sorted(results, key=exam_order)
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
        order = {cohort_id: i for i, cohort_id in enumerate(self.ids)}
        # Trainers, then mentors, then sessions nobody was named for, by name: within each cohort, in its order.
        leaders = sorted(leader_averages(ratings, per_cohort=True), key=lambda a: order[a.cohort_id])
        rows = [
            [
                self.names[a.cohort_id],
                a.kind,
                a.name if a.trainer_id or a.mentor_id else None,
                a.count,
                a.trainees,
                a.content,
                a.delivery,
                a.usefulness,
                a.overall,
            ]
            for a in leaders
        ]
        return Sheet(_("Score sheet"), columns, rows, total=len(rows), frozen_columns=1)

    # ------------------------------------------------------------------------ 淘汰

    def eliminations(self) -> list[Elimination]:
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
        out: list[Elimination] = []
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
                (
                    names.get((r["employee__enrollments__plan_id"], r["phase_number"]))
                    if r["phase_number"] is not None  # before the plan: no phase, no name
                    else None
                ),
                r["day_number"],
                r["changed_at"],
                r["reason"],
                person(r["changed_by__first_name"], r["changed_by__last_name"], r["changed_by__username"]),
            ]
            for r in self.eliminations()
        ]
        return Sheet(_("Eliminations"), columns, rows, total=len(rows), frozen_columns=3)
