"""Two requests at once: a double-clicked roll call, two HR users adding the same member or hiring the
same employee number. The race is made certain: the other request's row is written between this
request's check and its insert (the moment a real race hits). One set of records, or a clear message;
never an IntegrityError."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User

from employees.models import Employee, Status
from tests.factories import CohortFactory, EmployeeFactory
from tests.training.test_cohorts import hire_data
from tests.training.test_roll_call import DAY1, items_of
from training import services
from training.models import Enrollment, ItemRecord


def the_other_request_first(monkeypatch, manager, write_theirs) -> None:
    """Just before `manager.bulk_create` inserts, the other request's rows land."""
    real = manager.bulk_create
    landed = []

    def bulk_create(objs, *args, **kwargs):
        if not landed:
            landed.append(write_theirs(list(objs)))
        return real(objs, *args, **kwargs)

    monkeypatch.setattr(manager, "bulk_create", bulk_create)


def test_a_double_clicked_roll_call_keeps_one_set_of_records(client, world, monkeypatch):
    e = world.enrollment
    first, second, *_ = items_of(e, 1)
    posted = {f"att_{e.pk}_{first.pk}": "present", f"done_{e.pk}_{first.pk}": "on", f"att_{e.pk}_{second.pk}": "late"}

    def first_click(records):
        for r in records:
            ItemRecord.objects.create(
                enrollment_id=r.enrollment_id, item_id=r.item_id, attendance=r.attendance, completed=r.completed
            )

    the_other_request_first(monkeypatch, ItemRecord.objects, first_click)
    client.force_login(world.trainer)
    response = client.post(DAY1.format(pk=world.cohort.pk), posted)
    assert response.status_code == 302
    records = {r.item_id: r for r in ItemRecord.objects.filter(enrollment=e)}
    assert len(records) == 2 == ItemRecord.objects.count()
    assert (records[first.pk].attendance, records[first.pk].completed) == ("present", True)
    assert (records[second.pk].attendance, records[second.pk].recorded_by) == ("late", world.trainer)


def test_two_hr_users_adding_the_same_member_at_once_get_one_enrollment_and_a_message(client, world, monkeypatch):
    veteran = EmployeeFactory(tier="veteran", status=Status.LIVE, name="老周")
    cohort = CohortFactory(tier="veteran", start_date=date(2026, 11, 16))

    real_pick_plan = services.pick_plan

    def colleague_adds_them_meanwhile(**kwargs):  # runs after the check, before the insert
        plan = real_pick_plan(**kwargs)
        if not Enrollment.objects.filter(cohort=cohort).exists():
            Enrollment.objects.create(cohort=cohort, employee=veteran, plan=plan)
        return plan

    monkeypatch.setattr(services, "pick_plan", colleague_adds_them_meanwhile)
    client.force_login(world.hr)
    response = client.post(f"/cohorts/{cohort.pk}/members/add/", {"employees": [veteran.pk]})
    assert response.status_code == 200
    assert "老周" in " ".join(response.context["form"].non_field_errors())
    # The colleague's row went in inside this request's transaction (in a real race it is theirs, committed),
    # so it went with the rollback: nothing of this request's is kept.
    assert not Enrollment.objects.filter(cohort=cohort).exists()


def test_two_hr_users_hiring_the_same_employee_number_at_once_one_wins_the_other_is_told(client, world, monkeypatch):
    real_set_password = User.set_password
    landed = []

    def colleague_hires_first(user, raw_password):  # runs after the checks, before the insert
        if not landed:
            landed.append(user)
            EmployeeFactory(employee_no="N2612001", user__username="N2612001", name="别人录的")
        real_set_password(user, raw_password)

    monkeypatch.setattr(User, "set_password", colleague_hires_first)
    client.force_login(world.hr)
    response = client.post(f"/cohorts/{world.cohort.pk}/hires/new/", hire_data())
    assert response.status_code == 200
    assert "N2612001" in " ".join(response.context["form"].non_field_errors())
    # (The colleague's row went in inside this request's transaction here, so it went with the rollback;
    # in a real race it is theirs, committed.) Nothing of this request's is kept.
    assert not Employee.objects.filter(employee_no="N2612001").exists()
    assert not Enrollment.objects.filter(employee__employee_no="N2612001").exists()
