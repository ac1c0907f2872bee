"""Writes to plans and schedules: laying plans onto working days, check-offs, shadowing logs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import Group, User
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from common.bulk import insert_rows
from common.dates import in_range
from employees.models import (
    ALLOWED_TRANSITIONS,
    FINISHED_STATUSES,
    GATED_STATUSES,
    Employee,
    Preference,
    Status,
    StatusChange,
    Tier,
)
from employees.roles import Role, has_role
from employees.services import EmployeeError, create_employee

from .models import (
    ACTIVE_STATES,
    ENDED_STATES,
    STATE_TRANSITIONS,
    Cohort,
    Enrollment,
    EnrollmentState,
    Extension,
    ItemRecord,
    Outcome,
    Phase,
    PlanTemplate,
    ScheduledDay,
    ShadowingLog,
)
from .selectors import current_position
from .signals import enrollment_state_changed
from .workdays import WorkCalendar


class PlanError(Exception):
    """A plan cannot be picked or laid out; the message is shown to the user."""


class EnrollmentError(Exception):
    """An enrollment's state cannot change so; the message is shown to the user."""


def pick_plan(*, tier: str, position_class: str, plans: Sequence[PlanTemplate] | None = None) -> PlanTemplate:
    """The active template for this tier that serves this position class; a template naming
    the class wins over one that serves every class."""
    if plans is None:
        plans = list(PlanTemplate.objects.filter(is_active=True, tier=tier).order_by("id"))
    candidates = [p for p in plans if p.tier == tier and p.is_active and p.serves(position_class)]
    if not candidates:
        raise PlanError(_("No active plan template serves this tier and position class. Add one in the admin."))
    candidates.sort(key=lambda p: (not p.position_classes, p.id))
    return candidates[0]


def plan_day_numbers(plan_ids: Iterable[int]) -> dict[int, list[int]]:
    """Every day number each plan covers, from its phases (one query)."""
    days: dict[int, set[int]] = defaultdict(set)
    for template_id, first, last in Phase.objects.filter(template_id__in=set(plan_ids)).values_list(
        "template_id", "first_day", "last_day"
    ):
        days[template_id].update(range(first, last + 1))
    return {template_id: sorted(numbers) for template_id, numbers in days.items()}


def lay_out(
    *, start: date, day_numbers: Sequence[int], extensions: Sequence[tuple[int, int]], calendar: WorkCalendar
) -> dict[int, date]:
    """Dates for plan days: day 1 is the first working day on or after `start`, each later day
    the next working day, pushed back by every extension that starts on or before it; day 0
    (preparation) is the working day before day 1."""
    working = [n for n in day_numbers if n >= 1]
    if not working and 0 not in day_numbers:
        return {}
    shift = {n: sum(days for from_day, days in extensions if from_day <= n) for n in working}
    last_index = max(((n - 1) + shift[n] for n in working), default=0)
    workdays = calendar.workdays_from(start, last_index + 1)
    dates = {n: workdays[(n - 1) + shift[n]] for n in working}
    if 0 in day_numbers:
        dates[0] = calendar.previous_workday(workdays[0])
    return dates


@transaction.atomic
def schedule_cohort(*, cohort: Cohort, enrollments: Sequence[Enrollment] | None = None, new: bool = False) -> int:
    """(Re)write the dated schedule of a cohort's members from its start date, the working-day
    calendar and each member's extensions. Attendance and completion are keyed by plan item,
    so they survive. Members on the same plan with the same extensions share one layout. Queries
    do not grow with the number of members (the rows go in one COPY on PostgreSQL, in INSERT
    batches elsewhere). `new`: the enrollments were created a moment ago, so they have neither
    extensions nor scheduled days to read or delete. Returns rows written."""
    partial = enrollments is not None
    enrollments = list(cohort.enrollments.all() if enrollments is None else enrollments)
    if not in_range(cohort.start_date):  # the forms refuse such a date; the layout would overflow
        raise PlanError(_("The cohort's start date is out of range."))
    if not enrollments:
        _store_cohort_dates(cohort, _unknown_years_before_members(cohort))
        return 0
    if not new:
        prefetch_related_objects(enrollments, "extensions")
    days_by_plan = plan_day_numbers(e.plan_id for e in enrollments)
    calendar = WorkCalendar.load(since=cohort.start_date - timedelta(days=60))
    layouts: dict[tuple[int, tuple[tuple[int, int], ...]], dict[int, date]] = {}
    rows: list[tuple[int, int, date]] = []
    for enrollment in enrollments:
        extensions = () if new else tuple(sorted((x.from_day, x.days) for x in enrollment.extensions.all()))
        dates = layouts.get((enrollment.plan_id, extensions))
        if dates is None:
            dates = layouts[enrollment.plan_id, extensions] = lay_out(
                start=cohort.start_date,
                day_numbers=days_by_plan.get(enrollment.plan_id, []),
                extensions=extensions,
                calendar=calendar,
            )
        rows.extend((enrollment.pk, n, d) for n, d in dates.items())
    if not new:
        scheduled = ScheduledDay.objects.filter(enrollment__in=enrollments) if partial else ScheduledDay.objects
        scheduled.filter(enrollment__cohort=cohort).delete()
    insert_rows(ScheduledDay, ["enrollment_id", "day_number", "date"], rows)
    unknown = calendar.unknown_years | (set(cohort.unknown_years) if partial else set())
    _store_cohort_dates(cohort, unknown)
    return len(rows)


def _unknown_years_before_members(cohort: Cohort) -> set[int]:
    """The years no calendar knows that the plans of the cohort's tier reach from its start date: HR
    is warned as soon as the dates are set, not only once the first member is scheduled."""
    plans = PlanTemplate.objects.filter(is_active=True, tier=cohort.tier).values_list("pk", flat=True)
    calendar = WorkCalendar.load(since=cohort.start_date - timedelta(days=60))
    for day_numbers in plan_day_numbers(plans).values():
        lay_out(start=cohort.start_date, day_numbers=day_numbers, extensions=(), calendar=calendar)
    return calendar.unknown_years


def _store_cohort_dates(cohort: Cohort, unknown_years: set[int]) -> None:
    bounds = ScheduledDay.objects.filter(enrollment__cohort=cohort).aggregate(last=Max("date"))
    cohort.end_date = bounds["last"]
    cohort.unknown_years = sorted(unknown_years)
    Cohort.objects.filter(pk=cohort.pk).update(end_date=cohort.end_date, unknown_years=cohort.unknown_years)


@transaction.atomic
def move_cohort_start(*, cohort: Cohort, start_date: date) -> int:
    """Move a cohort's start date and reschedule everyone; records stay with their items. Enrollments follow
    the new day 1: in progress if it has come, enrolled again if it moved past today."""
    cohort.start_date = start_date
    cohort.save(update_fields=["start_date"])
    written = schedule_cohort(cohort=cohort)
    sync_enrollment_starts(cohort=cohort)
    return written


@transaction.atomic
def reschedule_for_calendar_change(*, dates: Iterable[date]) -> list[Cohort]:
    """A holiday or make-up day was added, changed or removed: reschedule every cohort whose
    plan could touch one of those dates."""
    changed = sorted(set(dates))
    if not changed:
        return []
    earliest, latest = changed[0], changed[-1]
    # A cohort ending before the change is untouched; one starting far after it too.
    cohorts = list(
        Cohort.objects.filter(start_date__lte=latest + timedelta(days=1)).exclude(
            end_date__lt=earliest - timedelta(days=1)
        )
    )
    for cohort in cohorts:
        schedule_cohort(cohort=cohort)
    return cohorts


@transaction.atomic
def extend_enrollment(*, enrollment: Enrollment, from_day: int, days: int, reason: str, by: User) -> Extension:
    """A trainee was away: shift their days from `from_day` on by `days` working days.
    Only this trainee moves; the rest of the cohort keeps its dates."""
    last_day = max(plan_day_numbers([enrollment.plan_id]).get(enrollment.plan_id, [0]))
    if not 1 <= from_day <= last_day:
        raise PlanError(_("Choose a plan day between 1 and %(last)s.") % {"last": last_day})
    extension = Extension.objects.create(
        enrollment=enrollment, from_day=from_day, days=days, reason=reason, created_by=by
    )
    schedule_cohort(cohort=enrollment.cohort, enrollments=[enrollment])
    return extension


@dataclass(frozen=True)
class CheckOff:
    enrollment_id: int
    item_id: int
    attendance: str
    completed: bool


@transaction.atomic
def record_check_offs(*, check_offs: Sequence[CheckOff], by: User) -> int:
    """Write roll-call results in bulk: one read, one insert, one update, whatever the size."""
    if not check_offs:
        return 0
    keys = {(c.enrollment_id, c.item_id) for c in check_offs}
    existing = {
        (r.enrollment_id, r.item_id): r
        for r in ItemRecord.objects.filter(enrollment_id__in={k[0] for k in keys}, item_id__in={k[1] for k in keys})
    }
    new, changed = [], []
    for c in check_offs:
        record = existing.get((c.enrollment_id, c.item_id))
        if record is None:
            if not c.attendance and not c.completed:
                continue
            new.append(
                ItemRecord(
                    enrollment_id=c.enrollment_id,
                    item_id=c.item_id,
                    attendance=c.attendance,
                    completed=c.completed,
                    recorded_by=by,
                )
            )
        elif (record.attendance, record.completed) != (c.attendance, c.completed):
            record.attendance, record.completed, record.recorded_by = c.attendance, c.completed, by
            changed.append(record)
    # A double-clicked roll call: both requests read no record and both insert. The second insert
    # updates the first's rows instead of failing on the unique constraint. With their audit history:
    # one more INSERT, whatever the size.
    ItemRecord.objects.bulk_create(
        new,
        update_conflicts=True,
        unique_fields=["enrollment", "item"],
        update_fields=["attendance", "completed", "recorded_by", "recorded_at"],
    )
    ItemRecord.history.bulk_history_create(new, default_user=by)
    if changed:
        now = timezone.now()
        for record in changed:
            record.recorded_at = now
        bulk_update_with_history(
            changed, ItemRecord, ["attendance", "completed", "recorded_by", "recorded_at"], default_user=by
        )
    return len(new) + len(changed)


@transaction.atomic
def save_shadowing_log(
    *, enrollment: Enrollment, day_number: int, mentor: Employee, chats_observed: int, notes: str, score: int
) -> ShadowingLog:
    log = ShadowingLog.objects.filter(enrollment=enrollment, day_number=day_number).first() or ShadowingLog(
        enrollment=enrollment, day_number=day_number
    )
    log.mentor, log.chats_observed, log.notes, log.score = mentor, chats_observed, notes, score
    log._history_user = mentor.user  # type: ignore[attr-defined]  # the audit history's author: the mentor who writes
    log.save()
    return log


# --- Enrollment states ---------------------------------------------------------------------------------------


def _day_one_reached(on: date) -> Exists:
    """The enrollment (the outer row) has a plan day 1 or later scheduled on or before `on`."""
    return Exists(ScheduledDay.objects.filter(enrollment_id=OuterRef("pk"), day_number__gte=1, date__lte=on))


@transaction.atomic
def change_enrollment_state(
    *,
    enrollment: Enrollment,
    to_state: str,
    reason: str,
    by: User | None,
    outcome: str = "",
    on: date | None = None,
    override: bool = False,
) -> Enrollment:
    """Move an enrollment along its state machine (``training.models.STATE_TRANSITIONS``), the one way any
    enrollment changes state: the change is recorded in the enrollment's history (who, why) and, once the
    transaction commits, ``training.signals.enrollment_state_changed`` is sent with the old and new state.

    An ended enrollment (completed, withdrawn, failed) reopens only with an HR ``override``. Ending one stores
    the day it ended (`on`, default today) and the outcome: passed or none for completed, not passed for failed,
    none for withdrawn. `by` is None for a change the portal makes itself (day 1 has come)."""
    if to_state not in EnrollmentState.values:
        raise EnrollmentError(_("Unknown training state."))
    if outcome and outcome not in Outcome.values:
        raise EnrollmentError(_("Unknown outcome."))
    locked = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    old = locked.state
    from_label, to_label = EnrollmentState(old).label, EnrollmentState(to_state).label
    if to_state == old:
        raise EnrollmentError(_("This training is already “%(state)s”.") % {"state": to_label})
    if not reason.strip():
        raise EnrollmentError(_("Give a reason for the change."))
    reopening = old in ENDED_STATES and to_state in ACTIVE_STATES
    if reopening and override:
        if by is None or not has_role(by, Role.HR):
            raise EnrollmentError(_("Only HR may reopen a training that has ended."))
    elif to_state not in STATE_TRANSITIONS[old]:
        if old in ENDED_STATES:
            raise EnrollmentError(
                _("This training has ended (“%(from)s”); it cannot become “%(to)s”. HR may reopen it with a reason.")
                % {"from": from_label, "to": to_label}
            )
        raise EnrollmentError(
            _("A training cannot go from “%(from)s” to “%(to)s”.") % {"from": from_label, "to": to_label}
        )
    if to_state == EnrollmentState.FAILED:
        outcome = Outcome.NOT_PASSED
    elif to_state != EnrollmentState.COMPLETED:
        outcome = ""
    elif outcome == Outcome.NOT_PASSED:
        raise EnrollmentError(_("A training that was not passed has failed; it is not completed."))
    locked.state, locked.outcome = to_state, outcome
    locked.outcome_note = reason.strip()[:200] if to_state in ENDED_STATES else ""
    locked.ended_on = (on or timezone.localdate()) if to_state in ENDED_STATES else None
    locked._change_reason = reason.strip()[:100]  # type: ignore[attr-defined]  # kept with the history row
    if by is not None:
        locked._history_user = by  # type: ignore[attr-defined]  # the audit history's author
    locked.save(update_fields=["state", "outcome", "outcome_note", "ended_on"])
    for name in ("state", "outcome", "outcome_note", "ended_on"):
        setattr(enrollment, name, getattr(locked, name))
    transaction.on_commit(
        lambda: enrollment_state_changed.send(sender=Enrollment, enrollment=enrollment, old=old, new=to_state)
    )
    return enrollment


# What HR may choose on the "finish" form: the state and outcome each choice leads to.
FINISH_RESULTS: dict[str, tuple[str, str]] = {
    "passed": (EnrollmentState.COMPLETED, Outcome.PASSED),
    "not_passed": (EnrollmentState.FAILED, Outcome.NOT_PASSED),
    "withdrawn": (EnrollmentState.WITHDRAWN, ""),
}


def finish_enrollment(*, enrollment: Enrollment, result: str, reason: str, by: User) -> Enrollment:
    """HR ends a training by hand: a refresher or promotion training completed (passed), not passed, or anyone
    withdrawn from a cohort. A new hire's training is completed or failed only by the go-live decision (sign-off
    or elimination), so HR may only withdraw a new hire here."""
    if result not in FINISH_RESULTS:
        raise EnrollmentError(_("Choose how the training ended."))
    state, outcome = FINISH_RESULTS[result]
    if enrollment.cohort.tier == Tier.NEW_HIRE and state != EnrollmentState.WITHDRAWN:
        raise EnrollmentError(
            _("A new hire's training ends with the go-live decision (sign-off or elimination on the go-live page).")
        )
    return change_enrollment_state(enrollment=enrollment, to_state=state, outcome=outcome, reason=reason, by=by)


@transaction.atomic
def start_due_enrollments(*, on: date, enrollment_ids: Sequence[int] | None = None) -> list[Enrollment]:
    """Enrollments whose plan day 1 has come move from enrolled to in progress, in a constant number of queries
    (with their history rows; the signal goes once per enrollment after the commit). Locked and re-read first,
    so a second run changes nothing."""
    due = Enrollment.objects.filter(_day_one_reached(on), state=EnrollmentState.ENROLLED)
    if enrollment_ids is not None:
        due = due.filter(pk__in=enrollment_ids)
    started = list(due.select_for_update().order_by("pk"))
    if not started:
        return []
    Enrollment.objects.filter(pk__in=[e.pk for e in started]).update(state=EnrollmentState.IN_PROGRESS)
    for enrollment in started:
        enrollment.state = EnrollmentState.IN_PROGRESS
    Enrollment.history.bulk_history_create(started, update=True)
    _announce(started, old=EnrollmentState.ENROLLED)
    return started


@transaction.atomic
def sync_enrollment_starts(*, cohort: Cohort, on: date | None = None) -> None:
    """After a cohort's days moved: its enrollments whose day 1 has come are in progress, and those in progress
    whose day 1 now lies ahead are enrolled again."""
    on = on or timezone.localdate()
    start_due_enrollments(on=on, enrollment_ids=list(cohort.enrollments.values_list("pk", flat=True)))
    back = list(
        cohort.enrollments.filter(state=EnrollmentState.IN_PROGRESS).exclude(_day_one_reached(on)).select_for_update()
    )
    if back:
        Enrollment.objects.filter(pk__in=[e.pk for e in back]).update(state=EnrollmentState.ENROLLED)
        for enrollment in back:
            enrollment.state = EnrollmentState.ENROLLED
        Enrollment.history.bulk_history_create(back, update=True)
        _announce(back, old=EnrollmentState.IN_PROGRESS)


def _announce(enrollments: Sequence[Enrollment], *, old: str) -> None:
    def send() -> None:
        for enrollment in enrollments:
            enrollment_state_changed.send(sender=Enrollment, enrollment=enrollment, old=old, new=enrollment.state)

    transaction.on_commit(send)


def _follow_status(
    employee: Employee, *, to_status: str, reason: str, by: User | None, on: date | None, override: bool
) -> None:
    """A status change that ends or resumes training moves the employee's enrollments with it: eliminated →
    the active ones failed, left → withdrawn, live → the new-hire training completed and passed. Reopened by
    an HR override (back in training after an elimination or go-live): the latest ended training resumes."""
    active = list(employee.enrollments.filter(state__in=ACTIVE_STATES).select_related("cohort"))
    if to_status == Status.ELIMINATED:
        ends = [(e, EnrollmentState.FAILED) for e in active]
    elif to_status == Status.LEFT:
        ends = [(e, EnrollmentState.WITHDRAWN) for e in active]
    elif to_status == Status.LIVE:
        ends = [(e, EnrollmentState.COMPLETED) for e in active if e.cohort.tier == Tier.NEW_HIRE]
    else:
        ends = []
        if override and not active:
            latest = employee.enrollments.filter(state__in=ENDED_STATES).order_by("-cohort__start_date", "-pk").first()
            if latest is not None:
                begun = Enrollment.objects.filter(_day_one_reached(on or timezone.localdate()), pk=latest.pk).exists()
                change_enrollment_state(
                    enrollment=latest,
                    to_state=EnrollmentState.IN_PROGRESS if begun else EnrollmentState.ENROLLED,
                    reason=reason,
                    by=by,
                    override=True,
                )
    for enrollment, state in ends:
        change_enrollment_state(
            enrollment=enrollment,
            to_state=state,
            outcome=Outcome.PASSED if state == EnrollmentState.COMPLETED else "",
            reason=reason,
            by=by,
            on=on,
        )


def status_targets(status: str) -> list[str]:
    """The statuses a person may move an employee to from `status` without an override: the status
    machine's next steps less the gates, which only their gate opens."""
    return [s for s in Status.values if s in ALLOWED_TRANSITIONS[status] and s not in GATED_STATUSES]


@transaction.atomic
def change_status(
    *,
    employee: Employee,
    to_status: str,
    reason: str,
    by: User | None,
    on: date | None = None,
    override: bool = False,
    through_gate: bool = False,
) -> StatusChange:
    """Change an employee's status along the status machine (`employees.models.ALLOWED_TRANSITIONS`)
    and record who, when, why and where in the plan: the plan day reached on `on` (default today), for
    a change recorded after the day it happened. `by` is None for a change the portal makes itself.

    The trial post and live are gates (`GATED_STATUSES`): only `assessments.gates` reaches them, after
    the pass exams and the go-live sign-off, and says so with `through_gate`. HR may `override` any rule
    with a reason; the change is then marked as an override in the history."""
    if to_status not in Status.values:
        raise EmployeeError(_("Unknown status."))
    if to_status == employee.status:
        raise EmployeeError(_("The employee already has this status."))
    if not reason.strip():
        raise EmployeeError(_("Give a reason for the change."))
    from_label, to_label = Status(employee.status).label, Status(to_status).label
    allowed = to_status in ALLOWED_TRANSITIONS[employee.status]
    gated = to_status in GATED_STATUSES and not through_gate
    if override and (allowed and not gated):
        override = False  # nothing to override: an ordinary change
    if override:
        if by is None or not has_role(by, Role.HR):
            raise EmployeeError(_("Only HR may override the status rules."))
    elif not allowed:
        raise EmployeeError(
            _("An employee cannot go from “%(from)s” to “%(to)s”. HR may override this with a reason.")
            % {"from": from_label, "to": to_label}
        )
    elif gated and to_status == Status.LIVE:
        raise EmployeeError(
            _("“%(to)s” is reached only through the go-live sign-off of the trainer and the mentor.") % {"to": to_label}
        )
    elif gated:
        raise EmployeeError(_("“%(to)s” opens only when every pass exam is passed.") % {"to": to_label})
    position = current_position(employee=employee, on=on or timezone.localdate())
    change = StatusChange.objects.create(
        employee=employee,
        from_status=employee.status,
        to_status=to_status,
        reason=reason.strip(),
        changed_by=by,
        phase_number=position.phase_number if position else None,
        day_number=position.day_number if position else None,
        override=override,
    )
    employee.status = to_status
    employee.skip_history_when_saving = True  # type: ignore[attr-defined]  # StatusChange is the status's history
    employee.save(update_fields=["status"])
    del employee.skip_history_when_saving  # type: ignore[attr-defined]
    _follow_status(employee, to_status=to_status, reason=reason.strip(), by=by, on=on, override=override)
    return change


@transaction.atomic
def create_cohort(
    *,
    name: str,
    tier: str,
    start_date: date,
    trainers: Sequence[User],
    by: User,
    location: str = "",
) -> Cohort:
    cohort = Cohort.objects.create(name=name, tier=tier, start_date=start_date, location=location, created_by=by)
    cohort.trainers.set(trainers)
    schedule_cohort(cohort=cohort)  # no members yet: notes the years no calendar knows
    return cohort


@transaction.atomic
def enroll(*, cohort: Cohort, employees: Sequence[Employee], plan: PlanTemplate | None = None) -> list[Enrollment]:
    """Put employees into a cohort on the plan for the cohort's tier and their class (or on ``plan``, which
    HR picked for a refresher), and schedule them. Refuses (and writes nothing) if one has no plan or is
    already a member."""
    already = set(
        Enrollment.objects.filter(cohort=cohort, employee__in=employees).values_list("employee__name", flat=True)
    )
    if already:
        raise EmployeeError(_("Already in this cohort: %(names)s") % {"names": "、".join(sorted(already))})
    finished = [e.name for e in employees if e.status in FINISHED_STATUSES]
    if finished:
        raise EmployeeError(_("No longer in training: %(names)s") % {"names": "、".join(finished)})
    plans = [] if plan is not None else list(PlanTemplate.objects.filter(is_active=True, tier=cohort.tier))
    enrollments = [
        Enrollment(
            cohort=cohort,
            employee=e,
            plan=plan or pick_plan(tier=cohort.tier, position_class=e.position_class, plans=plans),
        )
        for e in employees
    ]
    try:
        with transaction.atomic():
            Enrollment.objects.bulk_create(enrollments)
    except IntegrityError:
        # Another HR user added one of them between the check above and this insert.
        already = set(
            Enrollment.objects.filter(cohort=cohort, employee__in=employees).values_list("employee__name", flat=True)
        )
        if not already:
            raise
        raise EmployeeError(_("Already in this cohort: %(names)s") % {"names": "、".join(sorted(already))}) from None
    schedule_cohort(cohort=cohort, enrollments=enrollments, new=True)
    # Someone who joins a cohort that has already begun is in training from the start.
    today = timezone.localdate()
    if cohort.start_date <= today:
        start_due_trainings(on=today, employee_ids=[e.pk for e in employees])
        start_due_enrollments(on=today, enrollment_ids=[e.pk for e in enrollments])
    return enrollments


@transaction.atomic
def enroll_existing(*, cohort: Cohort, employees: Sequence[Employee]) -> list[Enrollment]:
    """Employees already at work (veterans on a refresher, promotion candidates) join a cohort; those without
    the trainee role get it, so that their today and week open. Their status does not change: a live veteran
    stays live while the refresher is in progress."""
    enrollments = enroll(cohort=cohort, employees=employees)
    trainee = Group.objects.get(name=Role.TRAINEE)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=e.user_id, group_id=trainee.pk) for e in employees], ignore_conflicts=True
    )
    return enrollments


@transaction.atomic
def hire_into_cohort(*, cohort: Cohort, by: User, **employee_fields: Any) -> Employee:
    """Create a new hire and enroll them in one go: if no plan serves them, nothing is kept. Like a roster
    import, the login must choose its own password at the first login (the initial one HR typed, if any,
    is known to HR)."""
    employee = create_employee(tier=cohort.tier, by=by, **employee_fields)
    Preference.objects.update_or_create(user_id=employee.user_id, defaults={"must_set_password": True})
    enroll(cohort=cohort, employees=[employee])
    return employee


@transaction.atomic
def start_due_trainings(*, on: date, employee_ids: Sequence[int] | None = None) -> list[StatusChange]:
    """Hires whose plan day 1 has come move from pre-onboarding to in training, in a constant
    number of queries. The rows are locked and re-read before the update, so a second run, or a
    second worker at the same moment, changes nothing and records nothing twice."""
    due = Employee.objects.filter(
        status=Status.PRE_ONBOARDING,
        enrollments__scheduled_days__day_number=1,
        enrollments__scheduled_days__date__lte=on,
    )
    if employee_ids is not None:
        due = due.filter(pk__in=employee_ids)
    candidates = set(due.values_list("pk", flat=True))
    if not candidates:
        return []
    locked = list(
        Employee.objects.select_for_update()
        .filter(pk__in=candidates, status=Status.PRE_ONBOARDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    Employee.objects.filter(pk__in=locked).update(status=Status.IN_TRAINING)
    return StatusChange.objects.bulk_create(
        StatusChange(
            employee_id=pk,
            from_status=Status.PRE_ONBOARDING,
            to_status=Status.IN_TRAINING,
            reason=_("Training started (day 1 reached)"),
            phase_number=None,
            day_number=1,
        )
        for pk in locked
    )
