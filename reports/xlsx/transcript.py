"""One trainee's transcript (成绩单): who they are, every training they ever had (cohort, plan, dates, state and
outcome), every plan day with its sessions,
attendance and the mentor's log, every counted exam attempt, practicals criterion by criterion,
typing tests and the status history. A fixed number of queries, whatever the history's length."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Max
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from assessments.models import Attempt, AttemptStatus, CriterionScore, Level, TypingResult
from coaching.models import RewardPenalty
from common.xlsx.render import DATE, DATETIME, DEC1, DEC2, INT, PERCENT, Column, Sheet
from employees.models import Employee, StatusChange
from training.models import Enrollment, ItemRecord, Leader, Method, Phase, PlanItem, ScheduledDay, ShadowingLog

from .common import (
    EMPLOYEE_COLUMNS,
    STATUS_CHANGE_COLUMNS,
    Labels,
    attempt_columns,
    person,
    practical_columns,
    rate,
    record_counts,
    shadowing_averages,
    status_change_cells,
    yes_no,
)


class Transcript:
    """Builds the sheets of one employee's transcript."""

    def __init__(self, employee: Employee) -> None:
        self.employee = employee
        self.labels = Labels()
        self.enrollments = list(
            Enrollment.objects.filter(employee=employee).select_related("cohort", "plan").order_by("cohort__start_date")
        )

    def sheets(self) -> list[Sheet]:
        return [
            self.person_sheet(),
            self.cohorts_sheet(),
            self.schedule_sheet(),
            self.attempts_sheet(),
            self.practicals_sheet(),
            self.typing_sheet(),
            self.rewards_sheet(),
            self.status_sheet(),
        ]

    def person_sheet(self) -> Sheet:
        e, labels = self.employee, self.labels
        columns = [*EMPLOYEE_COLUMNS, Column(pgettext("excel report", "Login"), width=14)]
        row = [
            e.employee_no,
            e.name,
            labels.tier.get(e.tier),
            labels.position.get(e.position_class),
            labels.status.get(e.status),
            e.hire_date,
            e.team,
            e.phone,
            e.mentor.name if e.mentor else None,
            e.user.username,
        ]
        return Sheet(_("Trainee"), columns, [row], total=1, frozen_columns=2)

    def cohorts_sheet(self) -> Sheet:
        columns = [
            Column(pgettext("excel report", "Cohort"), width=20),
            Column(pgettext("excel report", "Start date"), DATE),
            Column(capfirst(_("end date")), DATE),
            Column(_("Plan"), width=20),
            Column(_("Training state"), width=10),
            Column(_("Outcome"), width=8),
            Column(_("Ended on"), DATE),
            Column(_("Note on the outcome"), width=30),
            Column(_("Attendance rate"), PERCENT),
            Column(_("Sessions marked"), INT),
            Column(_("Sessions absent"), INT),
            Column(_("Sessions completed"), INT),
            Column(_("Average shadowing score"), DEC1),
        ]
        ids = [en.pk for en in self.enrollments]
        # The counts are annotated by name from record_counts(): rows are read by those names.
        records: dict[int, Mapping[str, Any]] = {
            row["enrollment_id"]: row
            for row in ItemRecord.objects.filter(enrollment_id__in=ids)
            .values("enrollment_id")
            .annotate(**record_counts())
            .order_by()
        }
        shadowing = shadowing_averages(enrollment_id__in=ids)
        rows = []
        for en in self.enrollments:
            r = records.get(en.pk, {"recorded": 0, "attended": 0, "absent": 0, "completed": 0})
            rows.append(
                [
                    en.cohort.name,
                    en.cohort.start_date,
                    en.cohort.end_date,
                    en.plan.name,
                    self.labels.state.get(en.state),
                    self.labels.outcome.get(en.outcome),
                    en.ended_on,
                    en.outcome_note,
                    rate(r["attended"], r["recorded"]),
                    r["recorded"],
                    r["absent"],
                    r["completed"],
                    shadowing.get(en.pk),
                ]
            )
        return Sheet(pgettext("excel report", "Cohort"), columns, rows, total=len(rows), frozen_columns=1)

    # ------------------------------------------------------------------------ 培训日程

    def schedule_sheet(self) -> Sheet:
        columns = [
            Column(pgettext("excel report", "Cohort"), width=18),
            Column(pgettext("excel report", "Plan day"), INT, width=7),
            Column(capfirst(_("date")), DATE),
            Column(_("Phase"), width=24),
            Column(_("Time"), width=12),
            Column(capfirst(_("topic")), width=28),
            Column(pgettext("excel report", "Method"), width=10),
            Column(pgettext("excel report", "Led by"), width=12),
            Column(pgettext("excel report", "Attendance"), width=8),
            Column(pgettext("excel report", "Completed"), width=6),
            Column(_("Roll-call note"), width=24),
            Column(pgettext("excel report", "Chats observed"), INT, width=9),
            Column(_("Shadowing score"), INT, width=8),
            Column(_("Shadowing log"), width=40),
        ]
        rows = list(self._schedule_rows())
        return Sheet(_("Training schedule"), columns, rows, total=len(rows), frozen_columns=3)

    def _schedule_rows(self) -> Iterator[list[Any]]:
        ids = [en.pk for en in self.enrollments]
        plan_ids = {en.plan_id for en in self.enrollments}
        position = self.employee.position_class
        items: dict[tuple[int, int], list[PlanItem]] = defaultdict(list)
        for plan_item in PlanItem.objects.filter(template_id__in=plan_ids).order_by(
            "day_number", "order", "start_time", "pk"
        ):
            if plan_item.applies_to(position):
                items[(plan_item.template_id, plan_item.day_number)].append(plan_item)
        phases: dict[int, list[Phase]] = defaultdict(list)
        for plan_phase in Phase.objects.filter(template_id__in=plan_ids).order_by("first_day"):
            phases[plan_phase.template_id].append(plan_phase)
        records = {(r.enrollment_id, r.item_id): r for r in ItemRecord.objects.filter(enrollment_id__in=ids)}
        logs = {(log.enrollment_id, log.day_number): log for log in ShadowingLog.objects.filter(enrollment_id__in=ids)}
        trainers: dict[int, list[str]] = defaultdict(list)
        for cohort_id, username, first, last in (
            User.objects.filter(cohorts_trained__in=[en.cohort_id for en in self.enrollments])
            .order_by("first_name", "username")
            .values_list("cohorts_trained", "username", "first_name", "last_name")
        ):
            trainers[cohort_id].append(person(first, last, username) or "")
        days = ScheduledDay.objects.filter(enrollment_id__in=ids).order_by("date", "day_number")
        by_id = {en.pk: en for en in self.enrollments}
        methods = {value: str(label) for value, label in Method.choices}
        mentor = self.employee.mentor.name if self.employee.mentor else None
        for day in days:
            en = by_id[day.enrollment_id]
            phase = next((p for p in phases[en.plan_id] if p.first_day <= day.day_number <= p.last_day), None)
            log = logs.get((en.pk, day.day_number))
            day_items: Sequence[PlanItem | None] = items.get((en.plan_id, day.day_number)) or [None]
            for index, item in enumerate(day_items):
                record = records.get((en.pk, item.pk)) if item else None
                leader = None
                if item is not None:
                    named: dict[str, str | None] = {
                        Leader.MENTOR: mentor,
                        Leader.SELF: str(Leader.SELF.label),
                    }
                    leader = named.get(item.leader, "、".join(trainers.get(en.cohort_id, [])) or None)
                shown_log = log if index == 0 else None  # the mentor's log is per day: on its first row
                yield [
                    en.cohort.name,
                    day.day_number,
                    day.date,
                    f"{phase.number}. {phase.name}" if phase else None,
                    _times(item),
                    item.topic if item else None,
                    methods.get(item.method) if item else None,
                    leader,
                    self.labels.attendance.get(record.attendance) if record and record.attendance else None,
                    yes_no(record.completed) if record else None,
                    record.note if record else None,
                    shown_log.chats_observed if shown_log else None,
                    shown_log.score if shown_log else None,
                    shown_log.notes if shown_log else None,
                ]

    # ------------------------------------------------------------------------ 考试

    def attempts_sheet(self) -> Sheet:
        columns = attempt_columns(exam_width=26)
        statuses = {value: str(label) for value, label in AttemptStatus.choices}
        rows = []
        for a in (
            Attempt.objects.filter(employee=self.employee, is_practice=False, exam__isnull=False)
            .select_related("exam")
            .order_by("exam__title", "number", "pk")
        ):
            assert a.exam is not None  # exam__isnull=False above
            rows.append(
                [
                    a.exam.title,
                    yes_no(a.exam.is_gate),
                    a.number,
                    a.started_at,
                    a.submitted_at,
                    statuses.get(a.status, a.status),
                    a.score,
                    a.max_score,
                    a.percent,
                    a.exam.pass_mark,
                    yes_no(a.passed),
                    a.pending_grading,
                ]
            )
        return Sheet(_("Exams"), columns, rows, total=len(rows), frozen_columns=1)

    # ------------------------------------------------------------------------ 实操

    def practicals_sheet(self) -> Sheet:
        columns = [
            *practical_columns(rubric_width=26),
            Column(pgettext("excel report", "Passed"), width=8),
            Column(_("Overall comment"), width=30),
            Column(pgettext("excel report", "Criterion"), width=20),
            Column(capfirst(_("weight")), INT, width=6),
            Column(capfirst(_("level")), width=10),
            Column(_("Level points"), INT, width=7),
            Column(capfirst(_("maximum score")), INT, width=6),
            Column(_("Comment"), width=30),
        ]
        scores = list(
            CriterionScore.objects.filter(assessment__employee=self.employee)
            .select_related("assessment__rubric", "assessment__assessor", "criterion", "level")
            .order_by("assessment__assessed_at", "assessment_id", "criterion__order", "criterion_id")
        )
        best = dict(
            Level.objects.filter(criterion_id__in={s.criterion_id for s in scores})
            .values_list("criterion_id")
            .annotate(best=Max("points"))
            .order_by()
        )
        rows = []
        for s in scores:
            a = s.assessment
            rows.append(
                [
                    a.rubric.title,
                    a.assessed_at,
                    person(a.assessor.first_name, a.assessor.last_name, a.assessor.username),
                    a.percent,
                    yes_no(a.passed),
                    a.comment,
                    s.criterion.title,
                    s.criterion.weight,
                    s.level.label,
                    s.level.points,
                    best.get(s.criterion_id),
                    s.comment,
                ]
            )
        return Sheet(pgettext("excel report", "Practicals"), columns, rows, total=len(rows), frozen_columns=1)

    # ------------------------------------------------------------------------ 打字

    def typing_sheet(self) -> Sheet:
        columns = [
            Column(capfirst(_("finished at")), DATETIME),
            Column(pgettext("excel report", "Passage"), width=20),
            Column(_("Characters per minute"), DEC1, width=10),
            Column(capfirst(_("accuracy (%)")), DEC1, width=10),
            Column(_("Characters typed"), INT, width=8),
            Column(_("Correct characters"), INT, width=8),
            Column(_("Standard met"), width=8),
            Column(capfirst(_("why flagged")), width=24),
        ]
        rows = [
            [
                r.finished_at,
                r.passage.title,
                r.cpm,
                r.accuracy,
                r.characters,
                r.correct_characters,
                yes_no(r.passed),
                r.get_flag_reason_display() if r.flagged else "",
            ]
            for r in TypingResult.objects.filter(employee=self.employee)
            .select_related("passage")
            .order_by("finished_at")
        ]
        return Sheet(_("Typing"), columns, rows, total=len(rows))

    # ------------------------------------------------------------------------ 奖惩

    def rewards_sheet(self) -> Sheet:
        """Rewards and penalties, proposed and decided (pending ones too: the sheet says which)."""
        columns = [
            Column(capfirst(_("proposed at")), DATETIME),
            Column(capfirst(_("type")), width=8),
            Column(capfirst(_("reason")), width=30),
            Column(capfirst(_("points")), INT, width=8),
            Column(capfirst(_("amount (¥)")), DEC2, width=10),
            Column(capfirst(_("decision")), width=10),
            Column(capfirst(_("approved by")), width=12),
            Column(capfirst(_("decided at")), DATETIME),
        ]
        rows = [
            [
                r.proposed_at,
                r.get_kind_display(),
                r.reason,
                r.points,
                r.amount,
                r.get_status_display(),
                person(r.decided_by.first_name, r.decided_by.last_name, r.decided_by.username) if r.decided_by else "",
                r.decided_at,
            ]
            for r in RewardPenalty.objects.filter(employee=self.employee)
            .select_related("decided_by")
            .order_by("proposed_at", "pk")
        ]
        return Sheet(_("Rewards and penalties"), columns, rows, total=len(rows))

    # ------------------------------------------------------------------------ 状态记录

    def status_sheet(self) -> Sheet:
        columns = [Column(_("When"), DATETIME), *STATUS_CHANGE_COLUMNS]
        status = self.labels.status
        rows = [
            [
                c.changed_at,
                *status_change_cells(
                    status,
                    c.from_status,
                    c.to_status,
                    c.phase_number,
                    c.day_number,
                    c.reason,
                    person(c.changed_by.first_name, c.changed_by.last_name, c.changed_by.username)
                    if c.changed_by
                    else _("System"),
                ),
            ]
            for c in StatusChange.objects.filter(employee=self.employee)
            .select_related("changed_by")
            .order_by("changed_at", "pk")
        ]
        return Sheet(pgettext("excel report", "Status history"), columns, rows, total=len(rows))


def _times(item: PlanItem | None) -> str | None:
    if item is None or item.start_time is None:
        return None
    if item.end_time is None:
        return f"{item.start_time:%H:%M}"
    return f"{item.start_time:%H:%M}–{item.end_time:%H:%M}"
