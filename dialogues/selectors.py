"""Reading dialogues: the scenarios a trainee sees, the scoring queue, the runs on the go-live page, and the
scenarios linked to a plan day (for the today page)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from employees.models import Employee

from .models import Scenario, Session


@dataclass
class ScenarioRow:
    scenario: Scenario
    runs: int
    best: int | None
    open_run: int | None  # an unfinished run to resume
    mine: bool  # of the employee's position class


def scenarios_for(employee: Employee) -> list[ScenarioRow]:
    """Active scenarios, the employee's class first, with the employee's runs (two queries)."""
    scenarios = list(Scenario.objects.filter(active=True))
    stats: dict[int, Any] = {
        row["scenario_id"]: row
        for row in Session.objects.filter(employee=employee)
        .values("scenario_id")
        .annotate(
            runs=Count("id", filter=Q(finished_at__isnull=False)),
            best=Max("auto_score"),
            open_run=Max("id", filter=Q(finished_at__isnull=True)),
        )
    }
    scenarios.sort(key=lambda s: (s.position_class != employee.position_class,))
    return [
        ScenarioRow(
            scenario=s,
            runs=stats.get(s.pk, {}).get("runs", 0),
            best=stats.get(s.pk, {}).get("best"),
            open_run=stats.get(s.pk, {}).get("open_run"),
            mine=s.position_class == employee.position_class,
        )
        for s in scenarios
    ]


def to_score(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Finished counting runs without a trainer's score, oldest first."""
    return (
        sessions.filter(counts=True, finished_at__isnull=False, trainer_score__isnull=True)
        .select_related("employee", "scenario")
        .order_by("finished_at", "id")
    )


def recently_scored(sessions: QuerySet[Session], limit: int = 20) -> list[Session]:
    return list(
        sessions.filter(trainer_score__isnull=False)
        .select_related("employee", "scenario", "scored_by")
        .order_by("-scored_at", "-id")[:limit]
    )


def counting_sessions(enrollment_id: int) -> list[Session]:
    """The runs that count for an enrollment, finished or not, one query."""
    return list(
        Session.objects.filter(enrollment_id=enrollment_id, counts=True)
        .select_related("scenario")
        .order_by("scenario__code", "started_at")
    )


def scenarios_of_items(item_ids: Iterable[int], position_class: str) -> dict[int, list[Scenario]]:
    """The active scenarios of a position class linked to each of these plan items (one query)."""
    ids = list(item_ids)
    found: dict[int, list[Scenario]] = {}
    if not ids:
        return found
    through = Scenario.plan_items.through.objects.filter(
        planitem_id__in=ids, scenario__active=True, scenario__position_class=position_class
    )
    for link in through.select_related("scenario").order_by("scenario__position_class", "scenario__code"):
        found.setdefault(link.planitem_id, []).append(link.scenario)
    return found
