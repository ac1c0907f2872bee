from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CohortFactory, EmployeeFactory
from training.models import (
    Attendance,
    CalendarDay,
    Extension,
    ItemRecord,
    PlanItem,
    ScheduledDay,
    ShadowingLog,
)
from training.services import (
    CheckOff,
    enroll,
    extend_enrollment,
    move_cohort_start,
    record_check_offs,
    reschedule_for_calendar_change,
    schedule_cohort,
)

pytestmark = pytest.mark.django_db


def dates_of(enrollment) -> dict[int, date]:
    return dict(ScheduledDay.objects.filter(enrollment=enrollment).values_list("day_number", "date"))


def new_cohort(start: date, hires: int = 1):
    cohort = CohortFactory(start_date=start)
    enrollments = enroll(cohort=cohort, employees=[EmployeeFactory() for _ in range(hires)])
    cohort.refresh_from_db()
    return cohort, enrollments


def test_cohort_starting_2026_09_28_skips_national_day_and_works_saturday_10_10():
    cohort, [enrollment] = new_cohort(date(2026, 9, 28))
    days = dates_of(enrollment)
    assert [days[n] for n in (1, 2, 3, 4, 5, 6, 7)] == [
        date(2026, 9, 28),
        date(2026, 9, 29),
        date(2026, 9, 30),
        date(2026, 10, 8),
        date(2026, 10, 9),
        date(2026, 10, 10),  # Saturday make-up working day
        date(2026, 10, 12),
    ]
    assert not any(date(2026, 10, 1) <= d <= date(2026, 10, 7) for d in days.values())
    # Day 0 (handbook) is the working day before the start; 09-25 is Mid-Autumn Festival.
    assert days[0] == date(2026, 9, 24)
    assert days[16] == date(2026, 10, 23)
    assert cohort.end_date == date(2026, 10, 23)
    assert cohort.unknown_years == []


def test_cohort_starting_2026_02_12_skips_spring_festival_and_works_02_14_and_02_28():
    _, [enrollment] = new_cohort(date(2026, 2, 12))
    days = dates_of(enrollment)
    scheduled = sorted(d for n, d in days.items() if n >= 1)
    assert scheduled[:4] == [date(2026, 2, 12), date(2026, 2, 13), date(2026, 2, 14), date(2026, 2, 24)]
    assert date(2026, 2, 28) in scheduled  # Saturday make-up working day
    assert not any(date(2026, 2, 15) <= d <= date(2026, 2, 23) for d in scheduled)
    assert not any(d.weekday() == 6 for d in scheduled)


def test_plan_into_2027_warns_until_hr_enters_2027_holidays_then_follows_them():
    cohort, [enrollment] = new_cohort(date(2026, 12, 21))
    assert cohort.unknown_years == [2027]
    assert date(2027, 1, 1) in dates_of(enrollment).values()  # a Friday, Mon–Fri assumed

    for day, name in [(date(2027, 1, 1), "元旦")]:
        CalendarDay.objects.create(date=day, is_workday=False, name=name)
    CalendarDay.objects.create(date=date(2027, 1, 9), is_workday=True, name="元旦调休")
    reschedule_for_calendar_change(dates=[date(2027, 1, 1), date(2027, 1, 9)])

    cohort.refresh_from_db()
    days = dates_of(enrollment)
    assert cohort.unknown_years == []
    assert date(2027, 1, 1) not in days.values()
    assert date(2027, 1, 9) in days.values()  # the entered Saturday make-up day is worked


def test_table_entry_wins_over_the_built_in_calendar():
    _, [enrollment] = new_cohort(date(2026, 11, 16))
    assert dates_of(enrollment)[5] == date(2026, 11, 20)
    CalendarDay.objects.create(date=date(2026, 11, 20), is_workday=False, name="公司团建")
    CalendarDay.objects.create(date=date(2026, 11, 22), is_workday=True, name="团建调休")
    reschedule_for_calendar_change(dates=[date(2026, 11, 20), date(2026, 11, 22)])
    days = dates_of(enrollment)
    assert days[5] == date(2026, 11, 22)
    assert date(2026, 11, 20) not in days.values()


def test_start_on_a_holiday_begins_on_the_next_working_day():
    _, [enrollment] = new_cohort(date(2026, 10, 3))
    assert dates_of(enrollment)[1] == date(2026, 10, 8)


def record_everything(enrollment, by) -> int:
    items = PlanItem.objects.filter(template=enrollment.plan, day_number__in=[1, 4])
    record_check_offs(check_offs=[CheckOff(enrollment.id, i.id, Attendance.PRESENT, True) for i in items], by=by)
    ShadowingLog.objects.create(
        enrollment=enrollment, day_number=4, mentor=EmployeeFactory(), chats_observed=30, notes="好", score=4
    )
    return items.count()


def test_moving_the_start_date_reschedules_and_keeps_records(world):
    enrollment = world.enrollment
    count = record_everything(enrollment, world.trainer)
    move_cohort_start(cohort=world.cohort, start_date=date(2026, 12, 1))
    assert dates_of(enrollment)[1] == date(2026, 12, 1)
    assert ItemRecord.objects.filter(enrollment=enrollment, completed=True).count() == count
    assert ShadowingLog.objects.filter(enrollment=enrollment, day_number=4).exists()


def test_editing_the_holiday_table_in_the_admin_reschedules_and_keeps_records(client, world):
    enrollment = world.enrollment
    count = record_everything(enrollment, world.trainer)
    client.force_login(world.hr)
    world.hr.is_superuser = True
    world.hr.save()
    response = client.post(
        "/admin/training/calendarday/add/", {"date": "2026-11-18", "name": "公司年会", "is_workday": ""}
    )
    assert response.status_code == 302
    days = dates_of(enrollment)
    assert days[3] == date(2026, 11, 19)
    assert ItemRecord.objects.filter(enrollment=enrollment).count() == count

    day = CalendarDay.objects.get(date=date(2026, 11, 18))
    client.post(f"/admin/training/calendarday/{day.pk}/delete/", {"post": "yes"})
    assert dates_of(enrollment)[3] == date(2026, 11, 18)


def test_extending_one_trainee_moves_only_their_remaining_days(world):
    other = EmployeeFactory()
    [other_enrollment] = enroll(cohort=world.cohort, employees=[other])
    before_mine, before_other = dates_of(world.enrollment), dates_of(other_enrollment)

    extend_enrollment(enrollment=world.enrollment, from_day=6, days=2, reason="病假两天", by=world.hr)

    after = dates_of(world.enrollment)
    assert all(after[n] == before_mine[n] for n in range(0, 6))
    assert after[6] == date(2026, 11, 25)  # day 6 was Monday 11-23; two working days later
    assert after[16] > before_mine[16]
    assert dates_of(other_enrollment) == before_other
    assert Extension.objects.get(enrollment=world.enrollment).reason == "病假两天"


def test_extension_outside_the_plan_is_refused(world):
    from training.services import PlanError

    with pytest.raises(PlanError):
        extend_enrollment(enrollment=world.enrollment, from_day=40, days=1, reason="x", by=world.hr)
    assert not Extension.objects.exists()


@pytest.mark.parametrize("hires", [3, 30])
def test_scheduling_a_cohort_takes_the_same_queries_for_3_or_30_hires(hires):
    cohort, _ = new_cohort(date(2026, 11, 16), hires=hires)
    with CaptureQueriesContext(connection) as ctx:
        schedule_cohort(cohort=cohort)
    # enrollments, extensions, phases, calendar rows, calendar years, delete, end date, update,
    # and the rows in one COPY on PostgreSQL, elsewhere in as few INSERTs as the backend allows
    # (SQLite: 333 rows each, its limit being 999 parameters).
    statements = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    inserts = [s for s in statements if s.startswith(("INSERT", "COPY"))]
    rows = 17 * hires
    batch = rows if connection.vendor == "postgresql" else connection.ops.bulk_batch_size(["x"] * 3, [None] * rows)
    assert len(statements) - len(inserts) == 8
    assert len(inserts) == -(-rows // batch)
    assert ScheduledDay.objects.filter(enrollment__cohort=cohort).count() == rows
