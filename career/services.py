"""Writes of career-long training: asking for refreshers (one entry point for every trigger: HR, expiring
certifications, knowledge updates, quality checks, KPIs), certifying employees in competencies, and turning
people and their open needs into a refresher cohort."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.models import FINISHED_STATUSES, Employee
from training.models import Cohort, Enrollment, PlanTemplate
from training.services import create_cohort, enroll

from .models import Certification, CertificationSource, Competency, NeedSource, RefresherNeed
from .signals import refresher_assigned

DEFAULT_EXPIRY_WARNING_DAYS = 30


class CareerError(Exception):
    """A refused career action; the message is for the person who asked."""


def expiry_warning_days() -> int:
    """How many days before its end a certification counts as expiring (``CAREER_EXPIRY_WARNING_DAYS``)."""
    return int(getattr(settings, "CAREER_EXPIRY_WARNING_DAYS", DEFAULT_EXPIRY_WARNING_DAYS))


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the 31st becomes the last day of a shorter month (2026-01-31 + 1 →
    2026-02-28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def assign_refresher(
    *, employee: Employee, source: NeedSource | str, reason: str, source_key: str = "", by: User | None = None
) -> tuple[RefresherNeed, bool]:
    """Record that ``employee`` needs a refresher because of ``source``; ``(need, created)``.

    Idempotent per ``(employee, source, source_key)``: a trigger that fires twice (a red line scored again,
    a KPI file imported twice) finds the first need and returns it with ``created=False``; only a new need
    sends ``refresher_assigned`` (after the transaction commits), so the mentor is told once.
    """
    existing = RefresherNeed.objects.filter(employee=employee, source=source, source_key=source_key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            need = RefresherNeed.objects.create(
                employee=employee, source=source, source_key=source_key, reason=reason[:300], created_by=by
            )
    except IntegrityError:  # the same trigger, at the same moment, from another request or worker
        return RefresherNeed.objects.get(employee=employee, source=source, source_key=source_key), False
    transaction.on_commit(lambda: refresher_assigned.send(sender=RefresherNeed, need=need))
    return need, True


# ---------------------------------------------------------------------------- certifying


def _certify(
    *,
    employee_id: int,
    competencies: Sequence[Competency],
    source: str,
    on: date,
    attempt_id: int | None = None,
    enrollment_id: int | None = None,
) -> list[Certification]:
    """Certify in each competency from ``on`` for its validity; once per competency and attempt or enrollment
    (a signal delivered twice, or a regrade that keeps the pass, adds nothing)."""
    made: list[Certification] = []
    for competency in competencies:
        try:
            with transaction.atomic():
                made.append(
                    Certification.objects.create(
                        employee_id=employee_id,
                        competency=competency,
                        certified_on=on,
                        valid_until=add_months(on, competency.validity_months),
                        source=source,
                        attempt_id=attempt_id,
                        enrollment_id=enrollment_id,
                    )
                )
        except IntegrityError:
            continue  # already certified from this attempt or enrollment
    return made


def certify_from_attempt(*, attempt_id: int, on: date | None = None) -> list[Certification]:
    """A passed exam attempt certifies the employee in every active competency the exam certifies."""
    from assessments.models import Attempt

    attempt = Attempt.objects.filter(pk=attempt_id, passed=True, is_practice=False, exam__isnull=False).first()
    if attempt is None:
        return []
    competencies = list(Competency.objects.filter(is_active=True, exams=attempt.exam_id))
    # Certified on the day the exam was sat, also when a person graded it later.
    day = on or timezone.localdate(attempt.submitted_at or timezone.now())
    return _certify(
        employee_id=attempt.employee_id,
        competencies=competencies,
        source=CertificationSource.EXAM,
        on=day,
        attempt_id=attempt.pk,
    )


def certify_from_enrollment(*, enrollment: Enrollment, on: date | None = None) -> list[Certification]:
    """A completed training on a certifying plan (a refresher) certifies in the plan's active competencies."""
    competencies = list(Competency.objects.filter(is_active=True, plans=enrollment.plan_id))
    return _certify(
        employee_id=enrollment.employee_id,
        competencies=competencies,
        source=CertificationSource.REFRESHER,
        on=on or timezone.localdate(),
        enrollment_id=enrollment.pk,
    )


@transaction.atomic
def record_certification(
    *,
    employee: Employee,
    competency: Competency,
    reason: str,
    by: User,
    certified_on: date | None = None,
    valid_until: date | None = None,
) -> Certification:
    """HR records a certification (an external course, a certificate brought along) with a reason; the end
    date defaults to the competency's validity."""
    if not reason.strip():
        raise CareerError(_("Give a reason for recording this certification."))
    start = certified_on or timezone.localdate()
    end = valid_until or add_months(start, competency.validity_months)
    if end < start:
        raise CareerError(_("“Valid until” cannot be before the date certified."))
    return Certification.objects.create(
        employee=employee,
        competency=competency,
        certified_on=start,
        valid_until=end,
        source=CertificationSource.HR,
        reason=reason.strip()[:300],
        created_by=by,
    )


def expiry_source_key(certification: Certification | int) -> str:
    pk = certification if isinstance(certification, int) else certification.pk
    return f"certification:{pk}"


def create_expiry_needs(*, on: date | None = None, days: int | None = None) -> list[RefresherNeed]:
    """Every current certification (the latest of an employee in a competency) that ends within ``days``
    (or has ended) gives its holder one EXPIRY need, keyed by the certification: a second run, the next day
    too, adds nothing, and a renewal (a newer certification) ends the warnings for the old one. Employees who
    left or were eliminated are skipped. Returns the needs created."""
    from .selectors import current_certifications

    today = on or timezone.localdate()
    horizon = today + timedelta(days=expiry_warning_days() if days is None else days)
    due = (
        current_certifications()
        .filter(valid_until__lte=horizon, competency__is_active=True)
        .exclude(employee__status__in=FINISHED_STATUSES)
        .select_related("employee", "competency")
        .order_by("valid_until", "pk")
    )
    keys = [expiry_source_key(c) for c in due]
    asked = set(
        RefresherNeed.objects.filter(source=NeedSource.EXPIRY, source_key__in=keys).values_list(
            "employee_id", "source_key"
        )
    )
    created = []
    for certification in due:
        key = expiry_source_key(certification)
        if (certification.employee_id, key) in asked:
            continue
        reason = (
            _("“%(competency)s” expired on %(date)s")
            if certification.valid_until < today
            else _("“%(competency)s” expires on %(date)s")
        ) % {"competency": certification.competency.name, "date": f"{certification.valid_until:%Y-%m-%d}"}
        need, new = assign_refresher(
            employee=certification.employee, source=NeedSource.EXPIRY, reason=reason, source_key=key
        )
        if new:
            created.append(need)
    return created


# ---------------------------------------------------------------------------- refresher cohorts


def refresher_plans() -> QuerySet[PlanTemplate]:
    """The plans a refresher cohort may follow: the active veteran plans."""
    from employees.models import Tier

    return PlanTemplate.objects.filter(is_active=True, tier=Tier.VETERAN).order_by("name", "id")


@transaction.atomic
def start_refresher_cohort(
    *,
    name: str,
    plan: PlanTemplate,
    start_date: date,
    trainers: Sequence[User],
    employees: Sequence[Employee],
    by: User,
    location: str = "",
    needs: Sequence[RefresherNeed] = (),
) -> Cohort:
    """Create a cohort on ``plan`` and enroll ``employees`` through the training services, then link the open
    ``needs`` of those employees to their new enrollments (a need answered is no longer open). Refuses, and
    writes nothing, if nobody is picked, the plan does not serve someone's position class, or enrolling fails
    (someone who left, say)."""
    if not employees:
        raise CareerError(_("Pick at least one employee."))
    unserved = sorted(e.name for e in employees if not plan.serves(e.position_class))
    if unserved:
        raise CareerError(
            _("The plan “%(plan)s” does not serve the position class of: %(names)s")
            % {"plan": plan.name, "names": "、".join(unserved)}
        )
    cohort = create_cohort(
        name=name, tier=plan.tier, start_date=start_date, trainers=trainers, by=by, location=location
    )
    enrollments = enroll(cohort=cohort, employees=employees, plan=plan)
    by_employee = {e.employee_id: e.pk for e in enrollments}
    open_needs = [n for n in needs if n.enrollment_id is None and n.employee_id in by_employee]
    for need in open_needs:
        need.enrollment_id = by_employee[need.employee_id]
    RefresherNeed.objects.bulk_update(open_needs, ["enrollment"])
    return cohort


def open_needs_for(*, employees: Sequence[Employee], competency: Competency | None = None) -> list[RefresherNeed]:
    """The open needs a refresher for ``employees`` answers: every open need of theirs, or, for a refresher
    in one competency, the expiry needs of that competency's certifications (one query each)."""
    needs = RefresherNeed.objects.filter(employee__in=employees, enrollment__isnull=True)
    if competency is not None:
        keys = [
            expiry_source_key(pk)
            for pk in Certification.objects.filter(employee__in=employees, competency=competency).values_list(
                "pk", flat=True
            )
        ]
        needs = needs.filter(Q(source=NeedSource.EXPIRY) & Q(source_key__in=keys))
    return list(needs)
