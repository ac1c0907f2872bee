"""A promotion candidate for tests: 陈组长候选, live since 2025 in the team 旗舰店 where world.mentor (王师傅) is
the team lead, nominated by HR and in a promotion cohort trained by world.trainer."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User

from employees.models import Employee, PositionClass, Status
from promotion.models import Candidate
from promotion.services import nominate, start_promotion_cohort
from tests.conftest import World
from tests.factories import EmployeeFactory, UserFactory

TEAM = "旗舰店"


def live_employee(name: str, *, username: str | None = None, hire_date: date = date(2025, 1, 6)) -> Employee:
    user = UserFactory(username=username, roles=["trainee"]) if username else UserFactory(roles=["trainee"])
    return EmployeeFactory(
        user=user,
        name=name,
        status=Status.LIVE,
        team=TEAM,
        hire_date=hire_date,
        position_class=PositionClass.PRE_SALE,
    )


def make_team_lead(world: World) -> None:
    Employee.objects.filter(pk=world.mentor.pk).update(team=TEAM)


def nominated(world: World, *, name: str = "陈组长候选", username: str = "candidate") -> Candidate:
    make_team_lead(world)
    employee = live_employee(name, username=username)
    return nominate(employee=employee, reason="双十一带班表现好", by=world.hr, today=date(2026, 11, 20))


def in_training(world: World, *, trainers: list[User] | None = None) -> Candidate:
    candidate = nominated(world)
    start_promotion_cohort(
        candidates=[candidate],
        name="储备干部一期",
        start_date=date(2026, 11, 23),
        trainers=trainers if trainers is not None else [world.trainer],
        by=world.hr,
    )
    candidate.refresh_from_db()
    return candidate
