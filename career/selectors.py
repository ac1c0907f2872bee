"""Reading certifications: the current one of each employee in each competency, each employee's standing
(valid, expiring, expired, not certified) in one competency, and the counts per competency, each in a
fixed number of queries whatever the number of employees."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Case, CharField, Count, DateField, F, OuterRef, QuerySet, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from employees.models import FINISHED_STATUSES, Employee

from .models import Certification, Competency, RefresherNeed

VALID, EXPIRING, EXPIRED, NONE = "valid", "expiring", "expired", "none"
STANDINGS: list[tuple[str, Any]] = [
    (VALID, _("Valid")),
    (EXPIRING, _("Expiring")),
    (EXPIRED, _("Expired")),
    (NONE, _("Not certified")),
]
STANDING_LABELS = dict(STANDINGS)


def current_certifications() -> QuerySet[Certification]:
    """The latest certification of each employee in each competency (later date certified, then later id)."""
    latest = Certification.objects.filter(employee=OuterRef("employee"), competency=OuterRef("competency")).order_by(
        "-certified_on", "-pk"
    )
    return Certification.objects.filter(pk=Subquery(latest.values("pk")[:1]))


def standing_of(valid_until: date | None, *, today: date, days: int) -> str:
    if valid_until is None:
        return NONE
    if valid_until < today:
        return EXPIRED
    if valid_until <= today + timedelta(days=days):
        return EXPIRING
    return VALID


def _standing_case(today: date, days: int) -> Case:
    return Case(
        When(valid_until__isnull=True, then=Value(NONE)),
        When(valid_until__lt=today, then=Value(EXPIRED)),
        When(valid_until__lte=today + timedelta(days=days), then=Value(EXPIRING)),
        default=Value(VALID),
        output_field=CharField(),
    )


@dataclass(frozen=True)
class PeopleFilter:
    """Who is looked at: staff still employed, narrowed by tier, position class and team (exact)."""

    tier: str = ""
    position_class: str = ""
    team: str = ""

    def employees(self) -> QuerySet[Employee]:
        people = Employee.objects.exclude(status__in=FINISHED_STATUSES)
        if self.tier:
            people = people.filter(tier=self.tier)
        if self.position_class:
            people = people.filter(position_class=self.position_class)
        if self.team:
            people = people.filter(team=self.team)
        return people


def people_in(competency: Competency, people: PeopleFilter, *, today: date, days: int) -> QuerySet[Employee]:
    """The employees who need ``competency`` (its position classes), annotated with their current
    certification's dates and their standing: one query, filterable by ``standing``."""
    latest = Certification.objects.filter(employee=OuterRef("pk"), competency=competency).order_by(
        "-certified_on", "-pk"
    )
    employees = people.employees()
    if competency.position_classes:
        employees = employees.filter(position_class__in=competency.position_classes)
    return (
        employees.annotate(
            valid_until=Subquery(latest.values("valid_until")[:1], output_field=DateField()),
            certified_on=Subquery(latest.values("certified_on")[:1], output_field=DateField()),
            certification_source=Subquery(latest.values("source")[:1], output_field=CharField()),
        )
        .annotate(standing=_standing_case(today, days))
        .select_related("mentor")
        # What needs doing first: expired, expiring, never certified, valid; the earliest end first.
        .order_by(
            Case(
                When(standing=EXPIRED, then=Value(0)),
                When(standing=EXPIRING, then=Value(1)),
                When(standing=NONE, then=Value(2)),
                default=Value(3),
            ),
            "valid_until",
            "employee_no",
        )
    )


@dataclass
class CompetencyCounts:
    competency: Competency
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    # Attributes, not item access: templates try ``row["competency"]`` before ``row.competency``.
    @property
    def valid(self) -> int:
        return self.counts.get(VALID, 0)

    @property
    def expiring(self) -> int:
        return self.counts.get(EXPIRING, 0)

    @property
    def expired(self) -> int:
        return self.counts.get(EXPIRED, 0)

    @property
    def none(self) -> int:
        return self.counts.get(NONE, 0)


def counts_by_competency(
    competencies: list[Competency], people: PeopleFilter, *, today: date, days: int
) -> list[CompetencyCounts]:
    """For each competency, how many of the people who need it stand valid, expiring, expired or not
    certified. Two grouped queries whatever the number of competencies and employees: the people by position
    class, and the current certifications by competency, position class and standing."""
    people_by_class = Counter(dict(people.employees().values_list("position_class").annotate(n=Count("pk")).order_by()))
    certified = (
        current_certifications()
        .filter(competency__in=competencies, employee__in=people.employees())
        .annotate(standing=_standing_case(today, days), position_class=F("employee__position_class"))
        .values_list("competency_id", "position_class", "standing")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found: Counter[tuple[int, str, str]] = Counter()
    for competency_id, position_class, standing, n in certified:
        found[(competency_id, position_class, standing)] += n
    result = []
    for competency in competencies:
        classes = [c for c in people_by_class if competency.serves(c)]
        counts = {s: sum(found[(competency.pk, c, s)] for c in classes) for s in (VALID, EXPIRING, EXPIRED)}
        counts[NONE] = sum(people_by_class[c] for c in classes) - sum(counts.values())
        result.append(CompetencyCounts(competency, counts))
    return result


@dataclass
class EmployeeCertification:
    """One competency on an employee's page: the current certification and how many came before it."""

    current: Certification
    earlier: int
    standing: str

    @property
    def standing_label(self) -> str:
        return str(STANDING_LABELS[self.standing])


def certifications_of(employee: Employee, *, today: date, days: int) -> list[EmployeeCertification]:
    """The employee's certifications, the current one per competency first: one query."""
    rows = list(
        Certification.objects.filter(employee=employee)
        .select_related("competency")
        .order_by("competency__name", "competency_id", "-certified_on", "-pk")
    )
    result: list[EmployeeCertification] = []
    for row in rows:
        if result and result[-1].current.competency_id == row.competency_id:
            result[-1].earlier += 1
            continue
        result.append(EmployeeCertification(row, 0, standing_of(row.valid_until, today=today, days=days)))
    return result


def open_needs() -> QuerySet[RefresherNeed]:
    return RefresherNeed.objects.filter(enrollment__isnull=True)
