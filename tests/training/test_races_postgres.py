"""The same races as test_races.py, raced for real: two requests on two database connections, held at the
same point (after their checks, before their inserts) until both have reached it, then let go together.
Only PostgreSQL runs transactions side by side (SQLite takes one writer at a time), so these run in CI's
PostgreSQL stage. One set of records, or one success and a clear message; never a 500."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections
from django.test import Client

from employees.models import Employee, Status
from tests.factories import CohortFactory, EmployeeFactory
from tests.training.test_cohorts import hire_data
from tests.training.test_roll_call import DAY1, items_of
from training import services
from training.models import Enrollment, ItemRecord

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two concurrent transactions (PostgreSQL)"),
]


class held_together:  # noqa: N801 - used like a function
    """``real``, but each of the first two callers waits until the other has arrived too; ``met`` says whether
    they did (both requests had passed their checks, in open transactions, at the same moment)."""

    def __init__(self, real: Callable[..., Any]) -> None:
        self.real, self.gate, self.met = real, threading.Barrier(2), False

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            self.gate.wait(timeout=10)
            self.met = True
        except threading.BrokenBarrierError:
            pass
        return self.real(*args, **kwargs)


def at_once(*requests: Callable[[], Any]) -> list[Any]:
    """Run each request in its own thread (so on its own database connection) and return their responses."""
    responses: list[Any] = [None] * len(requests)
    errors: list[BaseException] = []

    def run(i: int, request: Callable[[], Any]) -> None:
        try:
            responses[i] = request()
        except BaseException as exc:  # noqa: BLE001 - reported below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    return responses


def logged_in(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_a_double_clicked_roll_call_keeps_one_set_of_records(world, monkeypatch):
    e = world.enrollment
    first, second, *_ = items_of(e, 1)
    posted = {f"att_{e.pk}_{first.pk}": "present", f"done_{e.pk}_{first.pk}": "on", f"att_{e.pk}_{second.pk}": "late"}
    hold = held_together(ItemRecord.objects.bulk_create)
    monkeypatch.setattr(ItemRecord.objects, "bulk_create", hold)
    clicks = [logged_in(world.trainer), logged_in(world.trainer)]
    url = DAY1.format(pk=world.cohort.pk)
    responses = at_once(*(lambda c=c: c.post(url, posted) for c in clicks))
    assert hold.met
    assert sorted(r.status_code for r in responses) == [302, 302]
    records = {r.item_id: r for r in ItemRecord.objects.filter(enrollment=e)}
    assert len(records) == 2 == ItemRecord.objects.count()
    assert (records[first.pk].attendance, records[first.pk].completed) == ("present", True)
    assert records[second.pk].attendance == "late"


def test_two_hr_users_adding_the_same_member_at_once_get_one_enrollment_and_a_message(world, monkeypatch):
    veteran = EmployeeFactory(tier="veteran", status=Status.LIVE, name="老周")
    cohort = CohortFactory(tier="veteran", start_date=date(2026, 11, 16))
    hold = held_together(services.pick_plan)
    monkeypatch.setattr(services, "pick_plan", hold)
    second_hr = User.objects.create_user("hr2", password="x")
    second_hr.groups.set(world.hr.groups.all())
    url = f"/cohorts/{cohort.pk}/members/add/"
    responses = at_once(
        lambda: logged_in(world.hr).post(url, {"employees": [veteran.pk]}),
        lambda: logged_in(second_hr).post(url, {"employees": [veteran.pk]}),
    )
    assert hold.met
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    assert "老周" in " ".join(refused.context["form"].non_field_errors())
    assert Enrollment.objects.filter(cohort=cohort, employee=veteran).count() == 1


def test_two_hr_users_hiring_the_same_employee_number_at_once_one_wins_the_other_is_told(world, monkeypatch):
    hold = held_together(User.set_password)
    monkeypatch.setattr(User, "set_password", lambda user, raw_password: hold(user, raw_password))
    second_hr = User.objects.create_user("hr2", password="x")
    second_hr.groups.set(world.hr.groups.all())
    url = f"/cohorts/{world.cohort.pk}/hires/new/"
    responses = at_once(
        lambda: logged_in(world.hr).post(url, hire_data(name="赵新")),
        lambda: logged_in(second_hr).post(url, hire_data(name="赵新二")),
    )
    assert hold.met
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    assert "N2612001" in " ".join(refused.context["form"].non_field_errors())
    hired = Employee.objects.get(employee_no="N2612001")
    assert Enrollment.objects.filter(employee=hired).count() == 1
