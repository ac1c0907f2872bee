"""The read side of quality checks: filtered lists, an employee's results and trend, teams' averages and the
items missed most. Each function sends a fixed number of queries whatever the number of checks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from employees.models import Employee

from .models import CheckHit, QualityCheck

ONE_DECIMAL = Decimal("0.1")
TREND_POINTS = 200  # the newest checks drawn on an employee's chart
TOP_ITEMS = 5


class Outcome:
    ALL = ""
    FAILED = "failed"
    RED_LINE = "red_line"
    CHOICES = [(ALL, _("All checks")), (FAILED, _("Failed only")), (RED_LINE, _("Red lines only"))]


def in_period(checks: QuerySet[QualityCheck], since: date, until: date) -> QuerySet[QualityCheck]:
    return checks.filter(chat_date__range=(since, until))


def filtered(
    checks: QuerySet[QualityCheck], *, since: date, until: date, team: str = "", q: str = "", outcome: str = ""
) -> QuerySet[QualityCheck]:
    checks = in_period(checks, since, until)
    if team:
        checks = checks.filter(employee__team=team)
    if q:
        checks = checks.filter(Q(employee__employee_no__iexact=q) | Q(employee__name__icontains=q))
    if outcome == Outcome.FAILED:
        checks = checks.filter(passed=False)
    elif outcome == Outcome.RED_LINE:
        checks = checks.filter(red_line=True)
    return checks


def _rounded(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass
class Summary:
    count: int = 0
    average: Decimal | None = None
    passed: int = 0
    red_lines: int = 0
    people: int = 0

    @property
    def pass_rate(self) -> Decimal | None:
        if not self.count:
            return None
        return (Decimal(self.passed) * 100 / self.count).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def summary(checks: QuerySet[QualityCheck]) -> Summary:
    """Count, average, passed, red lines and people of the checks (one query)."""
    row = checks.order_by().aggregate(
        count=Count("id"),
        average=Avg("total"),
        passed=Count("id", filter=Q(passed=True)),
        red_lines=Count("id", filter=Q(red_line=True)),
        people=Count("employee", distinct=True),
    )
    return Summary(
        count=row["count"],
        average=_rounded(row["average"]),
        passed=row["passed"],
        red_lines=row["red_lines"],
        people=row["people"],
    )


@dataclass(frozen=True)
class Missed:
    """An item of the sheets (by code, across versions) and how often it was hit."""

    code: str
    title: str
    times: int
    red_line: bool


def most_missed(checks: QuerySet[QualityCheck], limit: int = TOP_ITEMS) -> list[Missed]:
    """Deductions and red lines hit most often in these checks (one query)."""
    rows = (
        CheckHit.objects.filter(quality_check__in=checks.order_by().values("pk"))
        .filter(Q(points__lt=0) | Q(red_line=True))
        .values("item__code", "red_line")
        .annotate(times=Count("id"), title=Max("item__title"))
        .order_by("-times", "item__code")[:limit]
    )
    return [Missed(r["item__code"], r["title"], r["times"], r["red_line"]) for r in rows]


def trend(checks: QuerySet[QualityCheck]) -> list[dict[str, Any]]:
    """The newest ``TREND_POINTS`` checks, oldest first, for the chart (one query)."""
    rows = list(checks.order_by("-chat_date", "-id").values_list("chat_date", "total", "red_line")[:TREND_POINTS])
    rows.reverse()
    return [{"date": day.isoformat(), "total": float(total), "red_line": red} for day, total, red in rows]


@dataclass
class TeamRow:
    team: str
    summary: Summary
    missed: list[Missed] = field(default_factory=list)


def team_results(checks: QuerySet[QualityCheck], per_team: int = 3) -> list[TeamRow]:
    """Per team (the employee's team / shop): checks, people, average, pass rate, red lines, and the items
    missed most in that team (two queries)."""
    rows = (
        checks.order_by()
        .values("employee__team")
        .annotate(
            count=Count("id"),
            average=Avg("total"),
            passed=Count("id", filter=Q(passed=True)),
            red_lines=Count("id", filter=Q(red_line=True)),
            people=Count("employee", distinct=True),
        )
        .order_by("employee__team")
    )
    teams = {
        r["employee__team"]: TeamRow(
            team=r["employee__team"],
            summary=Summary(
                count=r["count"],
                average=_rounded(r["average"]),
                passed=r["passed"],
                red_lines=r["red_lines"],
                people=r["people"],
            ),
        )
        for r in rows
    }
    hits = (
        CheckHit.objects.filter(quality_check__in=checks.order_by().values("pk"))
        .filter(Q(points__lt=0) | Q(red_line=True))
        .values("quality_check__employee__team", "item__code", "red_line")
        .annotate(times=Count("id"), title=Max("item__title"))
        .order_by("quality_check__employee__team", "-times", "item__code")
    )
    by_team: dict[str, list[Missed]] = defaultdict(list)
    for r in hits:
        found = by_team[r["quality_check__employee__team"]]
        if len(found) < per_team:
            found.append(Missed(r["item__code"], r["title"], r["times"], r["red_line"]))
    for team, missed in by_team.items():
        if team in teams:
            teams[team].missed = missed
    # Teams with the lowest average first: where a team lead should look.
    return sorted(teams.values(), key=lambda t: (t.summary.average is None, t.summary.average or 0, t.team))


def teams_of(employees: QuerySet[Employee]) -> list[str]:
    """The named teams among these employees, for the team filter (one query)."""
    return list(employees.exclude(team="").order_by("team").values_list("team", flat=True).distinct())
