from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employees.models import Employee, Status, StatusChange
from tests.factories import EmployeeFactory
from training.models import Cohort, Enrollment, ScheduledDay
from training.services import enroll


def test_hr_creates_a_cohort_with_a_trainer(client, world):
    client.force_login(world.hr)
    response = client.post(
        "/cohorts/new/",
        {
            "name": "十二月新人批",
            "tier": "new_hire",
            "start_date": "2026-12-07",
            "location": "培训室 C",
            "trainers": [world.trainer.pk],
        },
    )
    cohort = Cohort.objects.get(name="十二月新人批")
    assert response["Location"] == f"/cohorts/{cohort.pk}/"
    assert list(cohort.trainers.all()) == [world.trainer]
    assert cohort.created_by == world.hr


def test_a_cohort_without_trainer_or_date_is_reshown_with_errors(client, world):
    client.force_login(world.hr)
    response = client.post("/cohorts/new/", {"name": "缺东西", "tier": "new_hire", "start_date": "明天"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"start_date", "trainers"}
    assert not Cohort.objects.filter(name="缺东西").exists()


def hire_data(**overrides: str) -> dict[str, str]:
    data = {
        "employee_no": "N2612001",
        "name": "赵新",
        "phone": "13800001111",
        "position_class": "after_sale",
        "hire_date": "2026-12-01",
        "team": "天猫旗舰店",
        "mentor": "",
        "email": "",
        "password": "Kefu-2026-start",
    }
    data.update(overrides)
    return data


def test_hr_adds_a_hire_who_is_scheduled_and_can_log_in(client, world):
    client.force_login(world.hr)
    response = client.post(f"/cohorts/{world.cohort.pk}/hires/new/", hire_data(mentor=world.mentor.employee_no))
    assert response.status_code == 302
    hire = Employee.objects.get(employee_no="N2612001")
    assert hire.mentor == world.mentor
    # The cohort began on 2026-11-16, so the hire joins it in training.
    assert hire.status == Status.IN_TRAINING
    assert [c.to_status for c in hire.status_changes.order_by("pk")] == [Status.PRE_ONBOARDING, Status.IN_TRAINING]
    enrollment = Enrollment.objects.get(employee=hire, cohort=world.cohort)
    assert ScheduledDay.objects.filter(enrollment=enrollment).count() == 17
    assert hire.user.groups.filter(name="trainee").exists()
    assert world.mentor.user.groups.filter(name="mentor").exists()
    client.logout()
    # Through the login page (django-axes needs the request), then straight to choosing a password.
    response = client.post(reverse("login"), {"username": "N2612001", "password": "Kefu-2026-start"})
    assert response.status_code == 302
    assert client.get(reverse("today"))["Location"] == reverse("set_password")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"phone": "12345"}, "phone"),
        ({"employee_no": "DUP"}, "employee_no"),
        ({"position_class": "warehouse"}, "position_class"),
        ({"password": "123"}, "password"),
        ({"mentor": "999999"}, "mentor"),
    ],
)
def test_bad_hire_input_is_reshown_and_nothing_is_written(client, world, overrides, field):
    EmployeeFactory(employee_no="DUP")
    client.force_login(world.hr)
    users_before = User.objects.count()
    response = client.post(f"/cohorts/{world.cohort.pk}/hires/new/", hire_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert User.objects.count() == users_before


def test_a_hire_with_no_plan_for_the_tier_writes_nothing(client, world):
    from training.models import PlanTemplate

    PlanTemplate.objects.filter(tier="new_hire").update(is_active=False)
    client.force_login(world.hr)
    response = client.post(f"/cohorts/{world.cohort.pk}/hires/new/", hire_data())
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Employee.objects.filter(employee_no="N2612001").exists()


def test_hr_adds_existing_veterans_to_a_refresher_cohort(client, world):
    from tests.factories import CohortFactory

    veterans = [EmployeeFactory(tier="veteran", status=Status.LIVE) for _ in range(3)]
    cohort = CohortFactory(tier="veteran", start_date=date(2026, 11, 16))
    client.force_login(world.hr)
    response = client.post(f"/cohorts/{cohort.pk}/members/add/", {"employees": [v.pk for v in veterans]})
    assert response.status_code == 302
    enrollments = Enrollment.objects.filter(cohort=cohort).select_related("plan")
    assert {e.plan.code for e in enrollments} == {"veteran-refresher-10"}
    assert ScheduledDay.objects.filter(enrollment__cohort=cohort).count() == 30


def test_hr_assigns_mentors(client, world):
    new_mentor = EmployeeFactory(status=Status.LIVE, name="李师傅")
    client.force_login(world.hr)
    response = client.post(
        f"/cohorts/{world.cohort.pk}/mentors/", {f"mentor_{world.trainee.pk}": new_mentor.employee_no}
    )
    assert response.status_code == 302
    world.trainee.refresh_from_db()
    assert world.trainee.mentor == new_mentor
    assert new_mentor.user.groups.filter(name="mentor").exists()


def test_hr_moves_the_start_date(client, world):
    client.force_login(world.hr)
    client.post(f"/cohorts/{world.cohort.pk}/move/", {"start_date": "2026-11-23"})
    assert ScheduledDay.objects.get(enrollment=world.enrollment, day_number=1).date == date(2026, 11, 23)


def test_hr_changes_a_status_with_a_reason_and_it_is_recorded(client, world):
    import time_machine

    client.force_login(world.hr)
    with time_machine.travel(date(2026, 11, 26), tick=False):
        response = client.post(
            f"/employees/{world.trainee.pk}/status/", {"to_status": "eliminated", "reason": "过关考试两次未通过"}
        )
    assert response.status_code == 302
    world.trainee.refresh_from_db()
    assert world.trainee.status == Status.ELIMINATED
    change = StatusChange.objects.filter(employee=world.trainee).first()
    assert (change.from_status, change.to_status, change.reason, change.changed_by) == (
        Status.IN_TRAINING,
        Status.ELIMINATED,
        "过关考试两次未通过",
        world.hr,
    )
    assert (change.phase_number, change.day_number) == (5, 9)  # 11-26 is day 9, the pass exam


def test_a_status_change_without_reason_is_refused(client, world):
    client.force_login(world.hr)
    response = client.post(f"/employees/{world.trainee.pk}/status/", {"to_status": "left", "reason": ""})
    assert response.status_code == 200
    world.trainee.refresh_from_db()
    assert world.trainee.status == Status.IN_TRAINING


def test_hr_extends_one_trainee(client, world):
    client.force_login(world.hr)
    response = client.post(
        f"/enrollments/{world.enrollment.pk}/extend/", {"from_day": "6", "days": "2", "reason": "病假"}
    )
    assert response.status_code == 302
    assert ScheduledDay.objects.get(enrollment=world.enrollment, day_number=6).date == date(2026, 11, 25)


def test_extension_beyond_the_plan_is_reshown_with_an_error(client, world):
    client.force_login(world.hr)
    response = client.post(
        f"/enrollments/{world.enrollment.pk}/extend/", {"from_day": "30", "days": "2", "reason": "x"}
    )
    assert response.status_code == 200
    assert "from_day" in response.context["form"].errors


def test_trainer_sees_only_their_own_cohorts_in_the_list(client, world):
    client.force_login(world.trainer)
    cohorts = list(client.get("/cohorts/").context["cohorts"])
    assert cohorts == [world.cohort]


def test_cohort_list_shows_progress(client, world):
    import time_machine

    client.force_login(world.hr)
    with time_machine.travel(date(2026, 11, 20), tick=False):
        cohorts = {c.pk: c for c in client.get("/cohorts/").context["cohorts"]}
    cohort = cohorts[world.cohort.pk]
    assert (cohort.member_count, cohort.days_reached, cohort.days_total) == (1, 5, 16)


def test_calendar_colours_cells_by_attendance(client, world):
    from training.models import PlanItem
    from training.services import CheckOff, record_check_offs

    items = PlanItem.objects.filter(template=world.enrollment.plan, day_number=1)
    record_check_offs(
        check_offs=[CheckOff(world.enrollment.pk, i.pk, "present" if n else "late", True) for n, i in enumerate(items)],
        by=world.trainer,
    )
    client.force_login(world.hr)
    response = client.get(f"/cohorts/{world.cohort.pk}/calendar/")
    row = response.context["rows"][0]
    columns = response.context["columns"]
    assert row.cells[columns.index(date(2026, 11, 16))].state == "late"
    assert row.cells[columns.index(date(2026, 12, 7))].day_number == 16


@pytest.mark.parametrize("hires", [3, 30])
@pytest.mark.parametrize(("url", "queries"), [("/cohorts/", 9), ("/cohorts/{pk}/calendar/", 9)])
def test_hr_pages_take_the_same_queries_for_3_or_30_hires(client, world, hires, url, queries):
    enroll(cohort=world.cohort, employees=[EmployeeFactory() for _ in range(hires)])
    client.force_login(world.hr)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url.format(pk=world.cohort.pk)).status_code == 200
    # every page: session, user, roles, unread notifications (the bell)
    # list: count of cohorts (pages), the page's cohorts, their trainers, members grouped by cohort,
    #       scheduled days grouped by cohort
    # calendar: cohort, count of members (pages), the page's enrollments with trainees, their scheduled
    #           days, their records
    assert len(ctx.captured_queries) == queries


def test_a_hire_added_on_the_form_must_choose_a_password_at_first_login(client, world):
    from employees.models import Preference

    client.force_login(world.hr)
    client.post(f"/cohorts/{world.cohort.pk}/hires/new/", hire_data())
    hire = Employee.objects.get(employee_no="N2612001")
    assert Preference.objects.get(user=hire.user).must_set_password


def test_cohort_progress_is_counted_by_grouping_not_by_a_subquery_per_cohort_and_member(client, world):
    """Counting a cohort's scheduled days in a subquery beside a join on its members made PostgreSQL count
    them once per member: 25 s at 1,500 members. Each statement of the list now reads its table once."""
    enroll(cohort=world.cohort, employees=[EmployeeFactory() for _ in range(5)])
    client.force_login(world.hr)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/cohorts/").status_code == 200
    nested = [q["sql"] for q in ctx.captured_queries if q["sql"].count("SELECT") > 1]
    assert nested == []
    days = next(q["sql"] for q in ctx.captured_queries if "training_scheduledday" in q["sql"])
    assert "GROUP BY" in days and "employees_employee" not in days


def test_cohort_list_shows_fifty_cohorts_a_page_with_progress_for_each(client, world):
    import time_machine

    from training.models import Cohort

    Cohort.objects.bulk_create(
        Cohort(name=f"旧批次 {n}", tier=world.cohort.tier, start_date=date(2025, 1, 6)) for n in range(50)
    )
    client.force_login(world.hr)
    with time_machine.travel(date(2026, 11, 20), tick=False):
        first = client.get("/cohorts/")
        second = client.get("/cohorts/?page=2")
        beyond = client.get("/cohorts/?page=x")
    assert len(first.context["cohorts"]) == 50 and first.context["page"].paginator.num_pages == 2
    assert world.cohort in first.context["cohorts"]  # newest first
    assert [c.name for c in second.context["cohorts"]] == ["旧批次 0"] or len(second.context["cohorts"]) == 2
    assert beyond.status_code == 200 and beyond.context["page"].number == 1
    mine = next(c for c in first.context["cohorts"] if c.pk == world.cohort.pk)
    assert (mine.member_count, mine.days_reached, mine.days_total, mine.current_day, mine.last_day) == (1, 5, 16, 5, 16)
    old = second.context["cohorts"][-1]
    assert (old.member_count, old.days_total, old.current_day) == (0, 0, None)


@pytest.mark.parametrize("hires", [3, 130])
def test_cohort_page_lists_a_hundred_members_a_page_in_the_same_queries(client, world, hires):
    enroll(cohort=world.cohort, employees=[EmployeeFactory() for _ in range(hires)])
    client.force_login(world.hr)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/cohorts/{world.cohort.pk}/")
    # session, user, roles, bell; cohort; trainers; count of members (pages), the page's members with
    # employees, mentors and plans, their extensions
    assert len(ctx.captured_queries) == 9, [q["sql"] for q in ctx.captured_queries]
    shown = list(response.context["enrollments"])
    assert len(shown) == min(hires + 1, 100)
    if hires > 100:
        rest = client.get(f"/cohorts/{world.cohort.pk}/?page=2").context["enrollments"]
        assert len(shown) + len(rest) == hires + 1
        assert {e.pk for e in shown}.isdisjoint(e.pk for e in rest)
        assert "第 1 页，共 2 页" in response.content.decode()


def test_calendar_shows_a_hundred_trainees_a_page(client, world):
    enroll(cohort=world.cohort, employees=[EmployeeFactory() for _ in range(100)])
    client.force_login(world.hr)
    first = client.get(f"/cohorts/{world.cohort.pk}/calendar/")
    second = client.get(f"/cohorts/{world.cohort.pk}/calendar/?page=2")
    assert len(first.context["rows"]) == 100 and len(second.context["rows"]) == 1
    assert date(2026, 11, 16) in second.context["columns"]
    assert all(c.day_number is not None for c in second.context["rows"][0].cells[1:17])


def test_a_hire_is_given_a_live_mentor_by_employee_number(client, world):
    client.force_login(world.hr)
    response = client.post(f"/cohorts/{world.cohort.pk}/hires/new/", hire_data(mentor=f" {world.mentor.employee_no} "))
    assert response.status_code == 302
    assert Employee.objects.get(employee_no="N2612001").mentor == world.mentor


@pytest.mark.parametrize("number", ["NOBODY", "{trainee}"])
def test_a_hire_mentor_number_that_is_not_a_live_employee_is_a_form_error(client, world, number):
    client.force_login(world.hr)
    number = number.format(trainee=world.trainee.employee_no)  # a trainee is not live staff
    response = client.post(f"/cohorts/{world.cohort.pk}/hires/new/", hire_data(mentor=number))
    assert response.status_code == 200
    assert response.context["form"].errors["mentor"] == [f"没有工号为 {number} 的已上线员工。"]
    assert not Employee.objects.filter(employee_no="N2612001").exists()


@pytest.mark.parametrize("staff", [3, 130])
def test_the_hire_form_takes_the_same_queries_however_many_live_employees(client, world, staff):
    EmployeeFactory.create_batch(staff, status=Status.LIVE)
    client.force_login(world.hr)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/cohorts/{world.cohort.pk}/hires/new/")
    # session, user, roles, bell; cohort
    assert len(ctx.captured_queries) == 5, [q["sql"] for q in ctx.captured_queries]
    assert '<select name="mentor"' not in response.content.decode()


def test_a_wrong_mentor_number_is_a_form_error_and_nothing_changes(client, world):
    client.force_login(world.hr)
    response = client.post(f"/cohorts/{world.cohort.pk}/mentors/", {f"mentor_{world.trainee.pk}": "NOBODY"})
    assert response.status_code == 200
    assert response.context["form"].errors[f"mentor_{world.trainee.pk}"] == ["没有工号为 NOBODY 的已上线员工。"]
    world.trainee.refresh_from_db()
    assert world.trainee.mentor == world.mentor


def test_an_empty_mentor_number_removes_the_mentor_and_other_trainees_are_not_touched(client, world):
    client.force_login(world.hr)
    response = client.post(
        f"/cohorts/{world.cohort.pk}/mentors/",
        {f"mentor_{world.trainee.pk}": "", f"mentor_{world.outsider.pk}": world.mentor.employee_no},
    )
    assert response.status_code == 302
    world.trainee.refresh_from_db()
    world.outsider.refresh_from_db()
    assert world.trainee.mentor is None and world.outsider.mentor is None  # not a member of this cohort


@pytest.mark.parametrize("hires", [3, 130])
def test_assign_mentors_shows_a_hundred_members_a_page_in_the_same_queries(client, world, hires):
    enroll(cohort=world.cohort, employees=[EmployeeFactory(mentor=world.mentor) for _ in range(hires)])
    EmployeeFactory.create_batch(hires, status=Status.LIVE)
    client.force_login(world.hr)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/cohorts/{world.cohort.pk}/mentors/")
    # session, user, roles, bell; cohort; count of members (pages), the page's members with their mentors
    assert len(ctx.captured_queries) == 7, [q["sql"] for q in ctx.captured_queries]
    rows = response.context["form"].rows()
    assert len(rows) == min(hires + 1, 100)
    assert f'value="{world.mentor.employee_no}"' in response.content.decode()
    if hires > 100:
        second = client.get(f"/cohorts/{world.cohort.pk}/mentors/?page=2").context["form"].rows()
        assert len(rows) + len(second) == hires + 1
        new_mentor = EmployeeFactory(status=Status.LIVE)
        trainee = second[0][0]
        url = f"/cohorts/{world.cohort.pk}/mentors/?page=2"
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(url, {f"mentor_{t.pk}": new_mentor.employee_no for t, _ in second})
        assert response.status_code == 302
        trainee.refresh_from_db()
        assert trainee.mentor == new_mentor
        assert len(ctx.captured_queries) < 30  # the numbers are looked up at once, not one query per trainee


@pytest.mark.parametrize("staff", [3, 130])
def test_add_existing_employees_shows_at_most_fifty_search_results_in_the_same_queries(client, world, staff):
    EmployeeFactory.create_batch(staff, status=Status.LIVE, name="老员工")
    client.force_login(world.hr)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/cohorts/{world.cohort.pk}/members/add/?q=老员工")
    # session, user, roles, bell; cohort; the search's ids; the shown employees
    assert len(ctx.captured_queries) == 7, [q["sql"] for q in ctx.captured_queries]
    assert response.content.decode().count('name="employees"') == min(staff, 50)
    empty = client.get(f"/cohorts/{world.cohort.pk}/members/add/")
    assert 'name="employees"' not in empty.content.decode()


def test_add_existing_employees_finds_by_employee_number_and_not_members(client, world):
    veteran = EmployeeFactory(employee_no="V777001", status=Status.LIVE)
    client.force_login(world.hr)
    shown = client.get(f"/cohorts/{world.cohort.pk}/members/add/?q=v777").context["form"]["employees"]
    assert [str(c.data["value"]) for c in shown] == [str(veteran.pk)]
    member = client.get(f"/cohorts/{world.cohort.pk}/members/add/?q={world.trainee.employee_no}")
    assert not list(member.context["form"]["employees"])


def test_a_ticked_employee_outside_the_search_is_added_and_a_tampered_id_is_refused(client, world):
    veteran = EmployeeFactory(status=Status.LIVE)
    client.force_login(world.hr)
    url = f"/cohorts/{world.cohort.pk}/members/add/?q=nobody"
    refused = client.post(url, {"employees": [veteran.pk, world.trainee.pk]})  # already a member
    assert refused.status_code == 200 and "employees" in refused.context["form"].errors
    assert not Enrollment.objects.filter(cohort=world.cohort, employee=veteran).exists()
    assert client.post(url, {"employees": [veteran.pk]}).status_code == 302
    assert Enrollment.objects.filter(cohort=world.cohort, employee=veteran).exists()


def test_the_mentors_employee_number_is_matched_whatever_its_case_as_in_the_roster(client, world):
    """工号 with letters: HR types "m001" for M001 on the hire form and on the mentors page; the roster
    import matches numbers the same way."""
    world.mentor.employee_no = "M2601"
    world.mentor.save(update_fields=["employee_no"])
    client.force_login(world.hr)
    response = client.post(f"/cohorts/{world.cohort.pk}/hires/new/", hire_data(mentor="m2601"))
    assert response.status_code == 302
    assert Employee.objects.get(employee_no="N2612001").mentor == world.mentor
    page = client.post(f"/cohorts/{world.cohort.pk}/mentors/", {f"mentor_{world.trainee.pk}": " m2601 "})
    assert page.status_code == 302
    world.trainee.refresh_from_db()
    assert world.trainee.mentor == world.mentor


def test_moving_to_another_page_of_mentors_saves_what_was_typed_first(client, world):
    """The pages of *assign mentors* are buttons that save: typed numbers are not lost by paging."""
    hires = [EmployeeFactory() for _ in range(101)]
    enroll(cohort=world.cohort, employees=hires)
    client.force_login(world.hr)
    page = client.get(f"/cohorts/{world.cohort.pk}/mentors/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="then" value="2"' in page and "Save, then the next page" in page
    first_page = [t for t, _ in client.get(f"/cohorts/{world.cohort.pk}/mentors/").context["form"].rows()]
    posted = {f"mentor_{t.pk}": world.mentor.employee_no for t in first_page}
    response = client.post(f"/cohorts/{world.cohort.pk}/mentors/", {**posted, "then": "2"})
    assert response.status_code == 302 and response["Location"] == f"/cohorts/{world.cohort.pk}/mentors/?page=2"
    assert Employee.objects.filter(pk__in=[t.pk for t in first_page], mentor=world.mentor).count() == 100
    # A tampered page number is ignored: back to the cohort.
    response = client.post(f"/cohorts/{world.cohort.pk}/mentors/", {**posted, "then": "99999999999999999999"})
    assert response["Location"] == f"/cohorts/{world.cohort.pk}/"
