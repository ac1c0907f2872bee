"""HR starts a refresher cohort from the certifications filter or from the open needs: the cohort and the
enrollments come from the training services, on the plan HR picked; the needs answered are linked; veterans
stay live."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from career.models import Competency, NeedSource, RefresherNeed
from career.services import CareerError, assign_refresher, create_expiry_needs, start_refresher_cohort
from employees.models import PositionClass
from tests.career.career_data import certify, veteran
from training.models import Cohort, Enrollment, PlanTemplate

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)


def refresher_plan() -> PlanTemplate:
    return PlanTemplate.objects.get(code="veteran-refresher-10")


def form_data(world, picked, **extra):
    return {
        "name": "平台规则回炉",
        "plan": refresher_plan().pk,
        "start_date": "2026-12-07",
        "location": "培训室 B",
        "trainers": [world.trainer.pk],
        "picked": [p.pk for p in picked],
        **extra,
    }


@pytest.fixture
def expiring(world):
    """Two veterans whose platform rules expire this month (with their expiry needs) and one still valid."""
    soon = [veteran("老李", mentor=world.mentor), veteran("老王", team="二店")]
    for person in soon:
        certify(person, "platform-rules", on=date(2025, 12, 10), until=date(2026, 12, 10))
    certify(veteran("新认证"), "platform-rules", on=date(2026, 11, 1), until=date(2027, 11, 1))
    create_expiry_needs(on=date(2026, 12, 1))
    return soon


def test_a_refresher_from_the_filter_enrolls_the_people_it_shows_and_links_their_expiry_needs(client, world, expiring):
    client.force_login(world.hr)
    query = f"?competency={Competency.objects.get(code='platform-rules').pk}&standing=expiring"
    with time_machine.travel(TODAY, tick=False):
        shown = client.get(reverse("refresher_start") + query)
        assert {e.name for e in shown.context["form"].fields["picked"].queryset} == {"老李", "老王"}
        assert shown.context["form"]["plan"].value() == refresher_plan().pk  # the competency's plan
        response = client.post(reverse("refresher_start") + query, form_data(world, expiring))
    cohort = Cohort.objects.get(name="平台规则回炉")
    assert response.status_code == 302 and response["Location"] == reverse("cohort_detail", args=[cohort.pk])
    assert (cohort.tier, cohort.start_date, list(cohort.trainers.all())) == (
        "veteran",
        date(2026, 12, 7),
        [world.trainer],
    )
    enrollments = Enrollment.objects.filter(cohort=cohort).select_related("employee")
    assert {e.employee.name for e in enrollments} == {"老李", "老王"}
    assert {e.plan_id for e in enrollments} == {refresher_plan().pk}
    assert all(e.scheduled_days.exists() for e in enrollments)  # scheduled by the training services
    assert {e.employee.status for e in enrollments} == {"live"}  # still live while in the refresher
    for need in RefresherNeed.objects.filter(source=NeedSource.EXPIRY):
        assert need.enrollment.cohort == cohort
    # Answered needs are no longer open.
    with time_machine.travel(TODAY, tick=False):
        assert client.get(reverse("refresher_needs")).context["total"] == 0


def test_a_refresher_from_the_needs_links_the_ticked_needs_only(client, world, expiring):
    li, wang = expiring
    quality, _ = assign_refresher(employee=wang, source=NeedSource.QUALITY, reason="红线：违规承诺", source_key="qc:1")
    client.force_login(world.hr)
    with time_machine.travel(TODAY, tick=False):
        listed = client.get(reverse("refresher_needs"), {"source": "quality"})
        assert list(listed.context["form"].fields["picked"].queryset) == [quality]
        response = client.post(reverse("refresher_needs"), form_data(world, [quality], name="质检回炉"))
    cohort = Cohort.objects.get(name="质检回炉")
    assert response.status_code == 302
    assert [e.employee for e in Enrollment.objects.filter(cohort=cohort)] == [wang]
    quality.refresh_from_db()
    assert quality.enrollment.cohort == cohort
    assert RefresherNeed.objects.filter(source=NeedSource.EXPIRY, enrollment__isnull=True).count() == 2


def test_a_need_or_person_outside_the_list_is_refused_and_nothing_is_written(client, world, expiring):
    client.force_login(world.hr)
    query = f"?competency={Competency.objects.get(code='platform-rules').pk}&standing=expiring"
    with time_machine.travel(TODAY, tick=False):
        response = client.post(reverse("refresher_start") + query, form_data(world, [world.outsider]))
    assert response.status_code == 200 and response.context["form"].errors["picked"]
    assert not Cohort.objects.filter(name="平台规则回炉").exists()


def test_a_plan_that_does_not_serve_someone_is_refused_with_their_name(world, expiring):
    plan = refresher_plan()
    plan.position_classes = [PositionClass.AFTER_SALE]
    plan.save()
    with pytest.raises(CareerError, match="老李"):
        start_refresher_cohort(
            name="售后回炉",
            plan=plan,
            start_date=date(2026, 12, 7),
            trainers=[world.trainer],
            employees=expiring,
            by=world.hr,
        )
    assert not Cohort.objects.filter(name="售后回炉").exists()


def test_assigning_the_same_trigger_twice_keeps_one_need(world):
    li = veteran("老李")
    first, created = assign_refresher(
        employee=li, source=NeedSource.KPI, reason="询单转化率低于阈值", source_key="kpi:9"
    )
    again, created_again = assign_refresher(employee=li, source=NeedSource.KPI, reason="重复导入", source_key="kpi:9")
    assert (created, created_again, first) == (True, False, again)
