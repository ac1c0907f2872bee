"""The cohort report (批次报告): members with their results, attendance per plan day, every counted
exam attempt, and every practical assessment.

Which exams and rubrics count for a cohort: those that hang on a plan item of the plan a member
follows, and those that hang on no plan item. The queries do not depend on the number of members:
each sheet is one query (streamed in chunks), plus a few small lookups.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from itertools import groupby
from typing import Any, NamedTuple

from django.db.models import Count, F, Max, Q, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from assessments.models import (
    Attempt,
    AttemptStatus,
    Criterion,
    Exam,
    Level,
    PracticalAssessment,
    Rubric,
    TypingResult,
)
from common.xlsx.render import DEC1, INT, PERCENT, Column, Sheet
from training.models import Cohort, Enrollment, ItemRecord, Phase, PlanItem

from .common import (
    ATTENDANCE_ORDER,
    CHUNK,
    MEMBER_COLUMNS,
    Labels,
    attempt_columns,
    merge_sorted,
    person,
    practical_columns,
    rate,
    record_counts,
    shadowing_averages,
    yes_no,
)


def _on_plans(model: type[Exam] | type[Rubric], plan_ids: set[int], used: Q) -> list[Any]:
    """Active ones on the plans, and any on those plans or on none that ``used`` selects, in plan order."""
    return list(
        model.objects.filter(
            Q(item__template_id__in=plan_ids, is_active=True)
            | (used & (Q(item__template_id__in=plan_ids) | Q(item__isnull=True)))
        )
        .distinct()
        .order_by("item__day_number", "title", "pk")
    )


def cohort_exams(cohort: Cohort, plan_ids: set[int]) -> list[Exam]:
    """Active exams on the cohort's plans, and any exam on those plans or on none that a member
    has sat, in plan order."""
    return _on_plans(Exam, plan_ids, Q(attempts__employee__enrollments__cohort=cohort, attempts__is_practice=False))


def cohort_rubrics(cohort: Cohort, plan_ids: set[int]) -> list[Rubric]:
    """Active rubrics on the cohort's plans, and any rubric on those plans or on none that a
    member was assessed against."""
    return _on_plans(Rubric, plan_ids, Q(assessments__employee__enrollments__cohort=cohort))


class Member(NamedTuple):
    """One enrollment of the cohort, as every sheet needs it (a few fields, held for all members)."""

    pk: int
    employee_id: int
    plan_id: int
    plan: str
    number: str
    name: str
    position: str
    status: str
    mentor: str | None
    state: str
    outcome: str


MEMBER_FIELDS = (
    "pk",
    "employee_id",
    "plan_id",
    "plan__name",
    "employee__employee_no",
    "employee__name",
    "employee__position_class",
    "employee__status",
    "employee__mentor__name",
    "state",
    "outcome",
)


class CohortReport:
    """Builds the sheets of one cohort's report."""

    def __init__(self, cohort: Cohort) -> None:
        self.cohort = cohort
        self.labels = Labels()
        self.members = [
            Member(*row)
            for row in Enrollment.objects.filter(cohort=cohort)
            .order_by("employee__employee_no", "pk")
            .values_list(*MEMBER_FIELDS)
        ]
        self.plan_ids = {m.plan_id for m in self.members}
        self.exams = cohort_exams(cohort, self.plan_ids)
        self.rubrics = cohort_rubrics(cohort, self.plan_ids)
        self.gate_counts = dict(
            Exam.objects.filter(is_gate=True, is_active=True, item__template_id__in=self.plan_ids)
            .values_list("item__template_id")
            .annotate(n=Count("pk"))
            .order_by()
        )

    def sheets(self) -> list[Sheet]:
        return [self.members_sheet(), self.attendance_sheet(), self.attempts_sheet(), self.practicals_sheet()]

    # ------------------------------------------------------------------------ 成员

    def members_sheet(self) -> Sheet:
        exam_columns = [
            Column(_("%(exam)s (best score)") % {"exam": exam.title}, DEC1, width=14) for exam in self.exams
        ]
        rubric_columns = [
            Column(_("%(rubric)s (practical %%)") % {"rubric": rubric.title}, DEC1, width=14) for rubric in self.rubrics
        ]
        columns = [
            *MEMBER_COLUMNS,
            Column(_("Position class"), width=10),
            Column(_("Mentor"), width=10),
            Column(_("Status"), width=10),
            Column(_("Training state"), width=10),
            Column(_("Outcome"), width=8),
            Column(_("Plan"), width=18),
            Column(_("Attendance rate"), PERCENT),
            Column(_("Sessions marked"), INT),
            Column(_("Sessions absent"), INT),
            Column(_("Sessions completed"), INT),
            *exam_columns,
            Column(_("All pass exams passed"), width=10),
            *rubric_columns,
            Column(_("Average shadowing score"), DEC1),
            Column(_("Best typing speed (characters/min)"), DEC1, width=12),
            Column(_("Best typing accuracy (%)"), DEC1, width=12),
            Column(_("Typing standard met"), width=8),
        ]
        return Sheet(_("Members"), columns, self._member_rows(), total=len(self.members), frozen_columns=2)

    def _member_figures(self) -> dict[str, dict]:
        """Each member's figures, one grouped query per kind (far faster than a correlated subquery
        per member and column): a few small tuples per member are held, never a row of the sheet."""
        cohort = self.cohort
        exam_ids = [e.pk for e in self.exams]
        records = {
            row[0]: row[1:]
            for row in ItemRecord.objects.filter(enrollment__cohort=cohort)
            .values_list("enrollment_id")
            .annotate(**record_counts())
            .order_by()
        }
        final = Attempt.objects.filter(
            employee__enrollments__cohort=cohort, is_practice=False, passed__isnull=False, exam_id__in=exam_ids
        )
        best = {
            (employee_id, exam_id): percent
            for employee_id, exam_id, percent in final.values_list("employee_id", "exam_id")
            .annotate(best=Max("percent"))
            .order_by()
        }
        gates = dict(
            Attempt.objects.filter(  # one filter() call: the plan is that of the enrollment in this cohort
                employee__enrollments__cohort=cohort,
                exam__item__template_id=F("employee__enrollments__plan_id"),
                is_practice=False,
                passed=True,
                exam__is_gate=True,
                exam__is_active=True,
            )
            .values_list("employee_id")
            .annotate(n=Count("exam", distinct=True))
            .order_by()
        )
        latest: dict[tuple[int, int], Any] = {}
        for employee_id, rubric_id, percent in (
            PracticalAssessment.objects.filter(
                employee__enrollments__cohort=cohort, rubric_id__in=[r.pk for r in self.rubrics]
            )
            .order_by("employee_id", "rubric_id", "-assessed_at", "-pk")
            .values_list("employee_id", "rubric_id", "percent")
            .iterator(chunk_size=CHUNK)
        ):
            latest.setdefault((employee_id, rubric_id), percent)
        shadowing = shadowing_averages(enrollment__cohort=cohort)
        # The best typing result as assessments.typing_test.best_of picks it: a pass first, then speed.
        typing: dict[int, tuple[Any, Any, bool]] = {}
        for employee_id, cpm, accuracy, passed in (
            TypingResult.objects.filter(employee__enrollments__cohort=cohort)
            .order_by("employee_id", "-passed", "-cpm", "-accuracy", "-finished_at")
            .values_list("employee_id", "cpm", "accuracy", "passed")
            .iterator(chunk_size=CHUNK)
        ):
            typing.setdefault(employee_id, (cpm, accuracy, passed))
        return {
            "records": records,
            "best": best,
            "gates": gates,
            "latest": latest,
            "shadowing": shadowing,
            "typing": typing,
        }

    def _member_rows(self) -> Iterator[list[Any]]:
        labels = self.labels
        figures = self._member_figures()
        records, best, latest, typing = figures["records"], figures["best"], figures["latest"], figures["typing"]
        gates_passed, shadowing = figures["gates"], figures["shadowing"]
        no_records = (0, 0, 0, 0)
        for m in self.members:
            recorded, attended, absent, completed = records.get(m.pk, no_records)
            gates = self.gate_counts.get(m.plan_id, 0)
            best_typing = typing.get(m.employee_id)
            yield [
                m.number,
                m.name,
                labels.position.get(m.position),
                m.mentor,
                labels.status.get(m.status),
                labels.state.get(m.state),
                labels.outcome.get(m.outcome),
                m.plan,
                rate(attended, recorded),
                recorded,
                absent,
                completed,
                *(best.get((m.employee_id, exam.pk)) for exam in self.exams),
                yes_no(gates_passed.get(m.employee_id, 0) >= gates) if gates else None,
                *(latest.get((m.employee_id, rubric.pk)) for rubric in self.rubrics),
                shadowing.get(m.pk),
                best_typing[0] if best_typing else None,
                best_typing[1] if best_typing else None,
                yes_no(best_typing[2]) if best_typing else None,
            ]

    # ------------------------------------------------------------------------ 考勤

    def plan_days(self) -> list[int]:
        """Every plan day of the cohort's plans: the phases' days, and day 0 if it has sessions."""
        days: set[int] = set()
        for first, last in Phase.objects.filter(template_id__in=self.plan_ids).values_list("first_day", "last_day"):
            days.update(range(first, last + 1))
        days.update(
            PlanItem.objects.filter(template_id__in=self.plan_ids)
            .order_by()
            .values_list("day_number", flat=True)
            .distinct()
        )
        return sorted(days)

    def _sessions_per_day(self) -> dict[tuple[int, str], dict[int, int]]:
        """(plan, position class) → plan day → number of sessions that apply to that class."""
        counts: dict[tuple[int, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
        classes = {(m.plan_id, m.position) for m in self.members}
        items = PlanItem.objects.filter(template_id__in=self.plan_ids).values_list(
            "template_id", "day_number", "position_classes"
        )
        for plan_id, day, positions in items:
            for key in classes:
                if key[0] == plan_id and (not positions or key[1] in positions):
                    counts[key][day] += 1
        return counts

    def attendance_sheet(self) -> Sheet:
        days = self.plan_days()
        columns = [*MEMBER_COLUMNS]
        for day in days:
            columns.append(Column(_("Day %(day)s attendance") % {"day": day}, width=9))
            columns.append(Column(_("Day %(day)s completed") % {"day": day}, PERCENT, width=9))
        return Sheet(_("Attendance"), columns, self._attendance_rows(days), total=len(self.members), frozen_columns=2)

    def _attendance_rows(self, days: list[int]) -> Iterator[list[Any]]:
        sessions = self._sessions_per_day()
        marks = {value: self.labels.attendance[value] for value in ATTENDANCE_ORDER}
        # A count per attendance value, annotated under the value's name: rows are read by those names.
        records: Iterator[Mapping[str, Any]] = (
            ItemRecord.objects.filter(enrollment__cohort=self.cohort)
            .values("enrollment_id", "item__day_number")
            .annotate(
                **{value: Count("pk", filter=Q(attendance=value)) for value in ATTENDANCE_ORDER},
                done=Count("pk", filter=Q(completed=True)),
            )
            .order_by("enrollment__employee__employee_no", "enrollment_id", "item__day_number")
            .iterator(chunk_size=CHUNK)
        )
        known = {m.pk for m in self.members}
        for member, group in merge_sorted(
            self.members, records, key="enrollment_id", primary_key=lambda m: m.pk, known=known
        ):
            by_day = {r["item__day_number"]: r for r in group}
            planned = sessions.get((member.plan_id, member.position), {})
            row: list[Any] = [member.number, member.name]
            for day in days:
                record = by_day.get(day)
                mark = next((marks[v] for v in ATTENDANCE_ORDER if record and record[v]), None)
                row.append(mark)
                # Completion of the day's sessions once the roll call has been taken; blank before.
                row.append(rate(record["done"], planned.get(day)) if record else None)
            yield row

    # ------------------------------------------------------------------------ 考试

    def attempts_sheet(self) -> Sheet:
        columns = [*MEMBER_COLUMNS, *attempt_columns(exam_width=24)]
        attempts = self._attempts()
        return Sheet(_("Exams"), columns, self._attempt_rows(attempts), total=attempts.count(), frozen_columns=2)

    def _attempts(self) -> QuerySet:
        return Attempt.objects.filter(
            employee__enrollments__cohort=self.cohort, exam__in=[e.pk for e in self.exams], is_practice=False
        )

    def _attempt_rows(self, attempts: QuerySet) -> Iterator[list[Any]]:
        statuses = {value: str(label) for value, label in AttemptStatus.choices}
        rows = (
            attempts.order_by("employee__employee_no", "exam__item__day_number", "exam__title", "number", "pk")
            .values_list(
                "employee__employee_no",
                "employee__name",
                "exam__title",
                "exam__is_gate",
                "number",
                "started_at",
                "submitted_at",
                "status",
                "score",
                "max_score",
                "percent",
                "exam__pass_mark",
                "passed",
                "pending_grading",
            )
            .iterator(chunk_size=CHUNK)
        )
        for (
            no,
            name,
            title,
            gate,
            number,
            started,
            submitted,
            status,
            score,
            top,
            percent,
            mark,
            passed,
            pending,
        ) in rows:
            yield [
                no,
                name,
                title,
                yes_no(gate),
                number,
                started,
                submitted,
                statuses.get(status, status),
                score,
                top,
                percent,
                mark,
                yes_no(passed),
                pending,
            ]

    # ------------------------------------------------------------------------ 实操

    def practicals_sheet(self) -> Sheet:
        columns = [
            *MEMBER_COLUMNS,
            *practical_columns(rubric_width=24),
            Column(capfirst(_("pass mark (%)")), INT, width=9),
            Column(pgettext("excel report", "Passed"), width=8),
            Column(_("Score details"), width=60),
            Column(_("Overall comment"), width=40),
        ]
        assessments = PracticalAssessment.objects.filter(
            employee__enrollments__cohort=self.cohort, rubric__in=[r.pk for r in self.rubrics]
        )
        return Sheet(
            pgettext("excel report", "Practicals"),
            columns,
            self._practical_rows(assessments),
            total=assessments.count(),
            frozen_columns=2,
        )

    def _practical_rows(self, assessments: QuerySet) -> Iterator[list[Any]]:
        rubric_ids = [r.pk for r in self.rubrics]
        criteria = dict(Criterion.objects.filter(rubric__in=rubric_ids).values_list("pk", "title"))
        levels: dict[int, tuple[str, int]] = {}
        best: dict[int, int] = {}
        for pk, criterion_id, label, points in Level.objects.filter(criterion__rubric__in=rubric_ids).values_list(
            "pk", "criterion_id", "label", "points"
        ):
            levels[pk] = (label, points)
            best[criterion_id] = max(best.get(criterion_id, 0), points)
        # One row per criterion score (LEFT JOIN: an assessment without scores still comes once),
        # grouped back into one line per assessment.
        rows = (
            assessments.order_by(
                "employee__employee_no", "assessed_at", "pk", "scores__criterion__order", "scores__criterion_id"
            )
            .values_list(
                "pk",
                "employee__employee_no",
                "employee__name",
                "rubric__title",
                "rubric__pass_mark",
                "assessed_at",
                "assessor__username",
                "assessor__first_name",
                "assessor__last_name",
                "percent",
                "passed",
                "comment",
                "scores__criterion_id",
                "scores__level_id",
            )
            .iterator(chunk_size=CHUNK)
        )
        for _pk, assessment_lines in groupby(rows, key=lambda r: r[0]):
            lines = list(assessment_lines)
            _id, number, name, rubric, mark, at, username, first, last, percent, passed, comment, *_score = lines[0]
            detail = "；".join(
                _score_text(criteria.get(criterion_id, ""), *levels[level_id], best.get(criterion_id, 0))
                for *_fields, criterion_id, level_id in lines
                if criterion_id is not None and level_id in levels
            )
            yield [
                number,
                name,
                rubric,
                at,
                person(first, last, username),
                percent,
                mark,
                yes_no(passed),
                detail,
                comment,
            ]


def _score_text(criterion: str, level: str, points: int, best: int) -> str:
    """接待礼仪：良好（3/4）; in English "接待礼仪: 良好 (3/4)"."""
    return _("%(criterion)s: %(level)s (%(points)s/%(best)s)") % {
        "criterion": criterion,
        "level": level,
        "points": points,
        "best": best,
    }
