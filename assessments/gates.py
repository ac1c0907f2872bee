"""The gates the assessments open: a failed pass exam schedules a retake on the next working
day (while attempts remain), passing every pass exam opens the trial post, and going live needs
the trainer's and the mentor's sign-off on the evidence. Both final decisions (live, eliminated)
land in the status history, and ``training.services.change_status`` ends the new hire's training with them:
completed and passed on going live, failed on elimination."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.models import FINISHED_STATUSES, Employee, Status
from training.models import ACTIVE_STATES, Attendance, Enrollment, ItemRecord, ShadowingLog
from training.services import change_status
from training.workdays import WorkCalendar

from .models import (
    Attempt,
    AttemptStatus,
    Exam,
    PracticalAssessment,
    Retake,
    SignOff,
    SignOffRole,
    TypingResult,
)


class GateError(Exception):
    """A decision the rules refuse; the message is for the person who asked."""


def gate_exams(enrollment: Enrollment) -> list[Exam]:
    return list(Exam.objects.filter(is_active=True, is_gate=True, item__template_id=enrollment.plan_id))


def gates_passed(enrollment: Enrollment) -> bool:
    """Every pass exam of the trainee's plan has a passed attempt (a plan without any: open)."""
    exams = gate_exams(enrollment)
    if not exams:
        return True
    passed = set(
        Attempt.objects.filter(
            employee_id=enrollment.employee_id, exam__in=exams, passed=True, is_practice=False
        ).values_list("exam_id", flat=True)
    )
    return passed >= {e.pk for e in exams}


def on_final_result(attempt: Attempt) -> None:
    """Called when an attempt's result becomes final (or changes on a regrade)."""
    if attempt.is_practice or attempt.exam is None:
        return
    exam, employee = attempt.exam, attempt.employee
    if attempt.passed:
        Retake.objects.filter(failed_attempt__exam=exam, employee=employee, date__gte=timezone.localdate()).delete()
        if exam.is_gate:
            _open_trial_post(employee)
        return
    if exam.page:
        return  # a quiz offered on another page: attempts left may be used at once, no retake day
    used = Attempt.objects.filter(exam=exam, employee=employee, is_practice=False).count()
    if used < exam.max_attempts:
        # The working day after the exam was sat (grading may finish later; then it is due at once,
        # and the pages call it overdue).
        sat_on = timezone.localdate(attempt.submitted_at or timezone.now())
        day = WorkCalendar.load().next_workday(sat_on, include=False)
        try:
            with transaction.atomic():
                Retake.objects.create(exam=exam, employee=employee, failed_attempt=attempt, date=day)
        except IntegrityError:
            pass  # already scheduled for this attempt


def _open_trial_post(employee: Employee) -> None:
    enrollment = (
        Enrollment.objects.filter(employee=employee).select_related("plan").order_by("-cohort__start_date").first()
    )
    if enrollment is None or employee.status != Status.IN_TRAINING or not gates_passed(enrollment):
        return
    change_status(
        employee=employee,
        to_status=Status.TRIAL_POST,
        reason=_("Passed every pass exam: trial post opens"),
        by=None,
        through_gate=True,
    )


# ---------------------------------------------------------------------------- alerts for HR


@dataclass
class ExamAlert:
    attempt: Attempt
    retake_on: Any  # a date, or None when no attempts are left or the retake has been sat
    out_of_attempts: bool
    enrollment: Enrollment | None = None  # the alerts page fills it in
    retake_sat: bool = False  # a later attempt is open or waits for grading

    @property
    def retake_overdue(self) -> bool:
        """The retake's day has passed and it has not been sat: "overdue", never "on <past date>"."""
        return self.retake_on is not None and self.retake_on < timezone.localdate()


def exam_alerts(*, cohorts=None, limit: int = 200) -> list[ExamAlert]:
    """Failed attempts of people with a training still followed (a live veteran's refresher too): with a
    retake date, or out of attempts (HR decides). Three queries whatever the number of rows."""
    in_training = Enrollment.objects.filter(employee_id=OuterRef("employee_id"), state__in=ACTIVE_STATES)
    failed = (
        Attempt.objects.filter(Exists(in_training), passed=False, is_practice=False, exam__isnull=False)
        .select_related("exam", "employee", "retake")
        .order_by("-submitted_at")
    )
    if cohorts is not None:
        failed = failed.filter(employee__enrollments__cohort__in=cohorts).distinct()
    attempts = list(failed[:limit])
    # Per employee and exam: whether any attempt passed, and the number of the last one started.
    since = {
        (row["employee_id"], row["exam_id"]): row
        for row in Attempt.objects.filter(is_practice=False, employee__in={a.employee_id for a in attempts})
        .values("employee_id", "exam_id")
        .annotate(passes=Count("id", filter=Q(passed=True)), last=Max("number"))
        .order_by()
    }
    latest: dict[tuple[int, int], Attempt] = {}
    for a in attempts:
        assert a.exam_id is not None  # exam__isnull=False above
        key = (a.employee_id, a.exam_id)
        if since[key]["passes"]:
            continue
        if key not in latest or a.number > latest[key].number:
            latest[key] = a
    alerts = []
    for key, a in latest.items():
        retake = getattr(a, "retake", None)  # a missing reverse one-to-one raises AttributeError
        assert a.exam is not None  # exam__isnull=False above
        sat = since[key]["last"] > a.number
        out = a.number >= a.exam.max_attempts
        alerts.append(
            ExamAlert(
                attempt=a,
                retake_on=retake.date if retake and not sat and not out else None,
                out_of_attempts=out,
                retake_sat=sat,
            )
        )
    return alerts


# ---------------------------------------------------------------------------- go-live


def exam_alerts_with_enrollments(*, cohorts=None) -> list[ExamAlert]:
    """Exam alerts, each with the trainee's training for the link to the evidence page (one more query): the
    latest one still followed, else the latest. What the alerts page and the dashboards show."""
    rows = exam_alerts(cohorts=cohorts)
    found = Enrollment.objects.filter(employee_id__in={r.attempt.employee_id for r in rows}).select_related("cohort")
    enrollments = {
        e.employee_id: e for e in sorted(found, key=lambda e: (e.state in ACTIVE_STATES, e.cohort.start_date, e.pk))
    }
    for r in rows:
        r.enrollment = enrollments.get(r.attempt.employee_id)
    return rows


@dataclass(frozen=True)
class Requirement:
    """One condition of going live, shown as met or not met on the go-live page."""

    label: str
    met: bool


def typing_threshold() -> tuple[int, int]:
    """The typing speed (characters per minute) and accuracy (%) a trainee needs to go live."""
    return settings.GO_LIVE_TYPING_MIN_CPM, settings.GO_LIVE_TYPING_MIN_ACCURACY


@dataclass
class Evidence:
    """What the go-live decision rests on, side by side."""

    enrollment: Enrollment
    exams: list[dict[str, Any]] = field(default_factory=list)
    practicals: list[PracticalAssessment] = field(default_factory=list)
    best_typing: TypingResult | None = None
    attendance_rate: Decimal | None = None
    attendance_counts: dict[str, int] = field(default_factory=dict)
    shadowing_average: Decimal | None = None
    shadowing_logs: list[ShadowingLog] = field(default_factory=list)
    sign_offs: dict[str, SignOff] = field(default_factory=dict)
    gates_passed: bool = False
    requirements: list[Requirement] = field(default_factory=list)

    @property
    def requirements_met(self) -> bool:
        return all(r.met for r in self.requirements)

    @property
    def unmet(self) -> list[str]:
        return [r.label for r in self.requirements if not r.met]

    @property
    def ready(self) -> bool:
        return self.requirements_met and all(r in self.sign_offs for r in SignOffRole.values)


def evidence_for(enrollment: Enrollment) -> Evidence:
    employee = enrollment.employee
    ev = Evidence(enrollment=enrollment)
    exams = list(Exam.objects.filter(is_active=True, item__template_id=enrollment.plan_id).order_by("item__day_number"))
    best = {
        row["exam_id"]: row
        for row in Attempt.objects.filter(employee=employee, exam__in=exams, is_practice=False)
        .exclude(status=AttemptStatus.OPEN)
        .values("exam_id")
        .annotate(best=Max("percent"), tries=Count("id"), passes=Count("id", filter=Q(passed=True)))
    }
    for exam in exams:
        row = best.get(exam.pk)  # None: not sat yet
        ev.exams.append(
            {
                "exam": exam,
                "best": row["best"] if row else None,
                "tries": row["tries"] if row else 0,
                "passed": bool(row and row["passes"]),
            }
        )
    latest: dict[int, PracticalAssessment] = {}
    for p in PracticalAssessment.objects.filter(employee=employee).select_related("rubric").order_by("-assessed_at"):
        latest.setdefault(p.rubric_id, p)
    ev.practicals = sorted(latest.values(), key=lambda p: p.rubric.title)
    ev.best_typing = (
        TypingResult.objects.filter(employee=employee).select_related("passage").order_by("-passed", "-cpm").first()
    )
    counts = dict(
        ItemRecord.objects.filter(enrollment=enrollment)
        .exclude(attendance="")
        .values_list("attendance")
        .annotate(n=Count("id"))
    )
    ev.attendance_counts = {str(Attendance(k).label): n for k, n in counts.items() if k in Attendance.values}
    recorded = sum(counts.values())
    if recorded:
        attended = counts.get(Attendance.PRESENT, 0) + counts.get(Attendance.LATE, 0)
        ev.attendance_rate = (Decimal(attended) * 100 / recorded).quantize(Decimal("0.1"))
    ev.shadowing_logs = list(ShadowingLog.objects.filter(enrollment=enrollment).order_by("day_number"))
    avg = ShadowingLog.objects.filter(enrollment=enrollment).aggregate(avg=Avg("score"))["avg"]
    ev.shadowing_average = Decimal(avg).quantize(Decimal("0.1")) if avg is not None else None
    ev.sign_offs = {s.role: s for s in SignOff.objects.filter(enrollment=enrollment).select_related("by")}
    ev.gates_passed = gates_passed(enrollment)
    # The go-live requirements: every pass exam passed, and a passed typing test at the threshold.
    ev.requirements = [
        Requirement(_("Pass “%(title)s”") % {"title": x["exam"].title}, x["passed"])
        for x in ev.exams
        if x["exam"].is_gate
    ]
    min_cpm, min_accuracy = typing_threshold()
    typing_met = TypingResult.objects.filter(
        employee=employee, passed=True, cpm__gte=min_cpm, accuracy__gte=min_accuracy
    ).exists()
    ev.requirements.append(
        Requirement(
            _("Typing: %(cpm)s chars/min at %(accuracy)s%% accuracy") % {"cpm": min_cpm, "accuracy": min_accuracy},
            typing_met,
        )
    )
    return ev


@transaction.atomic
def sign_off(*, enrollment: Enrollment, role: str, by: User, recommendation: str) -> Evidence:
    """The trainer or the mentor signs; when both have, and the pass exams are passed, the trainee
    goes live (recorded in the status history)."""
    employee = Employee.objects.select_for_update().get(pk=enrollment.employee_id)
    if employee.status not in (Status.TRIAL_POST, Status.IN_TRAINING):
        raise GateError(_("Only a trainee in training or on the trial post can be signed off."))
    if enrollment.state not in ACTIVE_STATES:
        raise GateError(_("This training has ended (%(state)s).") % {"state": enrollment.get_state_display()})
    if not recommendation.strip():
        raise GateError(_("Write your recommendation."))
    ev = evidence_for(enrollment)
    if not ev.requirements_met:
        raise GateError(
            _("Sign-off waits for: %(unmet)s. HR may override this on the status page, with a reason.")
            % {"unmet": "; ".join(ev.unmet)}
        )
    try:
        with transaction.atomic():
            signed = SignOff(enrollment=enrollment, role=role, by=by, recommendation=recommendation.strip())
            signed._history_user = by  # type: ignore[attr-defined]  # the audit history's author
            signed.save()
    except IntegrityError as exc:
        raise GateError(_("This sign-off has been given already.")) from exc
    ev.sign_offs = {s.role: s for s in SignOff.objects.filter(enrollment=enrollment).select_related("by")}
    if ev.ready:
        if employee.status == Status.IN_TRAINING:
            change_status(
                employee=employee,
                to_status=Status.TRIAL_POST,
                reason=_("Passed every pass exam"),
                by=by,
                through_gate=True,
            )
        change_status(
            employee=employee,
            to_status=Status.LIVE,
            reason=_("Signed off by the trainer (%(trainer)s) and the mentor (%(mentor)s)")
            % {
                "trainer": display_name(ev.sign_offs[SignOffRole.TRAINER].by),
                "mentor": display_name(ev.sign_offs[SignOffRole.MENTOR].by),
            },
            by=by,
            through_gate=True,
        )
    return ev


def display_name(user: User) -> str:
    employee = Employee.objects.filter(user=user).only("name").first()
    return employee.name if employee else (user.get_full_name() or user.get_username())


@transaction.atomic
def eliminate(*, enrollment: Enrollment, by: User, reason: str) -> None:
    employee = Employee.objects.select_for_update().get(pk=enrollment.employee_id)
    if employee.status in (*FINISHED_STATUSES, Status.LIVE):
        raise GateError(_("This employee is no longer in training."))
    if enrollment.state not in ACTIVE_STATES:
        raise GateError(_("This training has ended (%(state)s).") % {"state": enrollment.get_state_display()})
    if not reason.strip():
        raise GateError(_("Give the reason for the elimination."))
    change_status(employee=employee, to_status=Status.ELIMINATED, reason=reason, by=by)
