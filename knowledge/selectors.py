"""The read side: a person's updates (the list and the today card), the staff list with its rates, and
one update's status per person and per team. Each runs a fixed number of queries whatever the number
of updates or people.

A person is *done* with an update when they confirmed its current version and, if that version has a
quiz, passed it; *late* when not done after the version's deadline.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessments.models import Attempt
from employees.models import Employee

from .models import Receipt, Recipient, Update, Version
from .permissions import managed_updates


def is_late(*, done: bool, deadline: date, today: date | None = None) -> bool:
    return not done and (today or timezone.localdate()) > deadline


@dataclass
class MyUpdate:
    """One update as its recipient sees it in lists."""

    update: Update
    version: Version
    read_at: datetime | None
    confirmed_at: datetime | None
    passed: bool
    today: date

    @property
    def has_quiz(self) -> bool:
        return self.version.quiz_id is not None

    @property
    def done(self) -> bool:
        return self.confirmed_at is not None and (self.passed or not self.has_quiz)

    @property
    def late(self) -> bool:
        return is_late(done=self.done, deadline=self.version.deadline, today=self.today)


def updates_for(employee: Employee) -> list[MyUpdate]:
    """Every update addressed to the person, open ones first (earliest deadline first), then done ones,
    newest first. Three queries: the updates with their current versions, the person's receipts of
    those versions, their passed quizzes."""
    rows = list(
        Recipient.objects.filter(employee=employee, update__current__isnull=False)
        .select_related("update__current")
        .order_by("-update__current__published_at")
    )
    versions = []
    for r in rows:
        assert r.update.current is not None  # update__current__isnull=False
        r.update.current.update = r.update  # the reverse side, without a query
        versions.append(r.update.current)
    receipts = {
        r.version_id: r
        for r in Receipt.objects.filter(employee=employee, version__in=[v.pk for v in versions]).order_by()
    }
    quizzes = [v.quiz_id for v in versions if v.quiz_id]
    passed = (
        set(
            Attempt.objects.filter(employee=employee, exam_id__in=quizzes, passed=True, is_practice=False).values_list(
                "exam_id", flat=True
            )
        )
        if quizzes
        else set()
    )
    today = timezone.localdate()
    mine = []
    for version in versions:
        receipt = receipts.get(version.pk)
        mine.append(
            MyUpdate(
                update=version.update,
                version=version,
                read_at=receipt.read_at if receipt else None,
                confirmed_at=receipt.confirmed_at if receipt else None,
                passed=version.quiz_id in passed,
                today=today,
            )
        )
    open_ = sorted((m for m in mine if not m.done), key=lambda m: (m.version.deadline, m.update.pk))
    return open_ + [m for m in mine if m.done]


def open_updates_for(employee: Employee) -> list[MyUpdate]:
    return [m for m in updates_for(employee) if not m.done]


# ---------------------------------------------------------------------------- staff


def _count(queryset: QuerySet, group: str) -> Coalesce:
    return Coalesce(
        Subquery(queryset.order_by().values(group).annotate(n=Count("pk")).values("n")[:1]),
        Value(0),
        output_field=IntegerField(),
    )


def _passed_current(prefix: str) -> Exists:
    """A passed attempt of the current version's quiz by the receipt's employee."""
    return Exists(
        Attempt.objects.filter(
            exam_id=OuterRef(f"{prefix}quiz_id"), employee_id=OuterRef("employee_id"), passed=True, is_practice=False
        )
    )


def staff_updates(user: User) -> QuerySet[Update]:
    """The updates the user manages, newest first, each with its counts of recipients, confirmed, passed
    and done for the current version: one query for a page of updates."""
    current_receipts = Receipt.objects.filter(version=OuterRef("current"), confirmed_at__isnull=False)
    passed = Attempt.objects.filter(exam=OuterRef("current__quiz"), passed=True, is_practice=False).filter(
        employee__knowledge_updates__update=OuterRef("pk")
    )
    done = current_receipts.filter(
        Q(version__quiz__isnull=True)
        | Exists(
            Attempt.objects.filter(
                exam_id=OuterRef("version__quiz_id"),
                employee_id=OuterRef("employee_id"),
                passed=True,
                is_practice=False,
            )
        )
    )
    return (
        managed_updates(user)
        .select_related("current", "created_by")
        .annotate(
            n_recipients=_count(Recipient.objects.filter(update=OuterRef("pk")), "update"),
            n_confirmed=_count(current_receipts, "version"),
            n_passed=Coalesce(
                Subquery(passed.order_by().values("exam").annotate(n=Count("employee", distinct=True)).values("n")[:1]),
                Value(0),
                output_field=IntegerField(),
            ),
            n_done=_count(done, "version"),
        )
        .order_by("-created_at", "-pk")
    )


@dataclass
class PersonStatus:
    employee: Employee
    read_at: datetime | None
    confirmed_at: datetime | None
    passed: bool
    best_percent: Decimal | None
    attempts: int
    has_quiz: bool
    late: bool

    @property
    def done(self) -> bool:
        return self.confirmed_at is not None and (self.passed or not self.has_quiz)


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class TeamStatus:
    team: str
    recipients: int = 0
    read: int = 0
    confirmed: int = 0
    passed: int = 0
    done: int = 0
    late: int = 0

    def add(self, person: PersonStatus) -> None:
        self.recipients += 1
        self.read += person.read_at is not None
        self.confirmed += person.confirmed_at is not None
        self.passed += person.passed
        self.done += person.done
        self.late += person.late

    @property
    def read_rate(self) -> float | None:
        return _rate(self.read, self.recipients)

    @property
    def confirmed_rate(self) -> float | None:
        return _rate(self.confirmed, self.recipients)

    @property
    def passed_rate(self) -> float | None:
        return _rate(self.passed, self.recipients)

    @property
    def done_rate(self) -> float | None:
        return _rate(self.done, self.recipients)


@dataclass
class UpdateStatus:
    version: Version
    people: list[PersonStatus]
    teams: list[TeamStatus]
    total: TeamStatus = field(default_factory=lambda: TeamStatus(team=""))

    @property
    def late(self) -> list[PersonStatus]:
        return [p for p in self.people if p.late]


def status_of(update: Update, version: Version) -> UpdateStatus:
    """Each recipient's read, confirmed and quiz state for ``version``, and the sums per team (teams by
    name, people without a team last). Three queries: recipients, receipts, quiz attempts."""
    recipients = list(
        Recipient.objects.filter(update=update).select_related("employee").order_by("employee__employee_no")
    )
    receipts = {r.employee_id: r for r in Receipt.objects.filter(version=version).order_by()}
    attempts: dict[int, dict[str, Any]] = {}
    if version.quiz_id:
        attempts = {
            row["employee_id"]: dict(row)
            for row in Attempt.objects.filter(exam_id=version.quiz_id, is_practice=False)
            .values("employee_id")
            .annotate(
                n=Count("pk"),
                passes=Count("pk", filter=Q(passed=True)),
                best=Max("percent"),
            )
        }
    today = timezone.localdate()
    people = []
    for r in recipients:
        receipt = receipts.get(r.employee_id)
        row = attempts.get(r.employee_id)
        person = PersonStatus(
            employee=r.employee,
            read_at=receipt.read_at if receipt else None,
            confirmed_at=receipt.confirmed_at if receipt else None,
            passed=bool(row and row["passes"]),
            best_percent=row["best"] if row else None,
            attempts=row["n"] if row else 0,
            has_quiz=version.quiz_id is not None,
            late=False,
        )
        person.late = is_late(done=person.done, deadline=version.deadline, today=today)
        people.append(person)
    teams: dict[str, TeamStatus] = defaultdict(lambda: TeamStatus(team=""))
    total = TeamStatus(team="")
    for person in people:
        team = teams[person.employee.team]
        team.team = person.employee.team
        team.add(person)
        total.add(person)
    ordered = sorted(teams.values(), key=lambda t: (t.team == "", t.team))
    return UpdateStatus(version=version, people=people, teams=ordered, total=total)
