"""The cohort form names its name field; a cohort whose plan reaches a year no calendar knows is flagged
as soon as it has dates, before anyone joins (chinesecalendar 1.11 knows up to 2026)."""

from __future__ import annotations

import pytest

from tests.factories import CohortFactory
from training.models import CalendarDay, Cohort


@pytest.fixture(autouse=True)
def _chinese(client, settings) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"


def test_the_cohort_form_labels_its_name_field_as_the_cohorts_name(client, world):
    client.force_login(world.hr)
    form = client.get("/cohorts/new/").content.decode()
    assert "批次名称" in form
    assert "姓名" not in form


def test_a_new_cohort_reaching_an_unknown_year_is_flagged_before_any_member_joins(client, world):
    client.force_login(world.hr)
    data = {"name": "跨年批", "tier": "new_hire", "start_date": "2026-12-21", "trainers": [world.trainer.pk]}
    assert client.post("/cohorts/new/", data).status_code == 302
    cohort = Cohort.objects.get(name="跨年批")
    assert not cohort.enrollments.exists()
    assert cohort.unknown_years == [2027]
    assert "⚠ 2027" in client.get("/cohorts/").content.decode()
    assert "2027" in client.get(f"/cohorts/{cohort.pk}/").content.decode()


def test_a_cohort_within_known_years_is_not_flagged(client, world):
    client.force_login(world.hr)
    data = {"name": "十一月批", "tier": "new_hire", "start_date": "2026-11-02", "trainers": [world.trainer.pk]}
    client.post("/cohorts/new/", data)
    assert Cohort.objects.get(name="十一月批").unknown_years == []


def test_moving_an_empty_cohort_into_an_unknown_year_flags_it_and_back_clears_it(client, world):
    cohort = CohortFactory(name="空批", start_date=world.cohort.start_date)
    client.force_login(world.hr)
    client.post(f"/cohorts/{cohort.pk}/move/", {"start_date": "2027-03-01"})
    cohort.refresh_from_db()
    assert cohort.unknown_years == [2027]
    client.post(f"/cohorts/{cohort.pk}/move/", {"start_date": "2026-11-02"})
    cohort.refresh_from_db()
    assert cohort.unknown_years == []


def test_a_year_entered_in_the_holiday_table_is_no_longer_unknown(client, world):
    CalendarDay.objects.create(date="2027-01-01", name="元旦", is_workday=False)
    client.force_login(world.hr)
    data = {"name": "有表批", "tier": "new_hire", "start_date": "2026-12-21", "trainers": [world.trainer.pk]}
    client.post("/cohorts/new/", data)
    assert Cohort.objects.get(name="有表批").unknown_years == []
