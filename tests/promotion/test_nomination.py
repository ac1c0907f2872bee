"""Nomination: live employees only, eligibility shown (tenure, KPIs, red lines in 90 days, certifications), a
team lead nominates their team, HR accepts someone who misses a rule only with a reason; a promotion cohort is
started from the nominated candidates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employees.models import Status
from kpi.models import KpiImport, KpiRecord, Threshold
from promotion.models import Candidate, CandidateStatus
from promotion.selectors import eligibility_of
from promotion.services import PromotionError, nominate
from quality.models import QualityCheck, ScoreSheet
from tests.promotion.promotion_data import in_training, live_employee, make_team_lead
from training.models import ACTIVE_STATES

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)


def red_line(employee, on: date, checker) -> QualityCheck:
    return QualityCheck.objects.create(
        employee=employee,
        sheet=ScoreSheet.objects.filter(is_active=True).first(),
        chat_date=on,
        platform="taobao",
        excerpt="亲，这个不能退哦",
        total=Decimal("40.0"),
        red_line=True,
        checker=checker,
    )


def test_eligibility_counts_tenure_kpis_and_red_lines_of_the_last_90_days(world):
    employee = live_employee("李优秀", hire_date=date(2026, 3, 1))
    Threshold.objects.create(position_class=employee.position_class, metric="conversion_rate", value=Decimal("50"))
    KpiRecord.objects.create(
        kpi_import=KpiImport.objects.create(platform="taobao", file_name="f.xlsx"),
        employee=employee,
        platform="taobao",
        account_name="店铺:李优秀",
        account_key="店铺:李优秀",
        period_start=date(2026, 11, 9),
        period_end=date(2026, 11, 15),
        row_number=2,
        conversion_rate=Decimal("42.00"),
    )
    red_line(employee, date(2026, 8, 1), world.hr)  # 111 days before: outside the window
    red_line(employee, date(2026, 10, 1), world.hr)
    found = eligibility_of(employee, today=TODAY)
    assert found.tenure_months == 8 and found.tenure_ok
    assert found.kpi_met is False and found.red_lines == 1
    assert not found.eligible


def test_an_employee_without_kpis_shows_no_data_and_is_not_held_back_by_it(world):
    found = eligibility_of(live_employee("王新秀"), today=TODAY)
    assert found.kpi_met is None and found.eligible


def test_only_a_live_employee_can_be_nominated(world):
    with pytest.raises(PromotionError, match="live"):
        nominate(employee=world.trainee, reason="好", by=world.hr, today=TODAY)


def test_a_team_lead_nominates_their_team_but_not_someone_who_misses_a_rule(world):
    make_team_lead(world)
    good = live_employee("赵稳")
    candidate = nominate(employee=good, reason="带新人耐心", by=world.mentor.user, today=TODAY)
    assert candidate.status == CandidateStatus.NOMINATED and candidate.eligible_when_nominated
    young = live_employee("钱新", hire_date=date(2026, 9, 1))
    with pytest.raises(PromotionError, match="only HR"):
        nominate(employee=young, reason="积极", by=world.mentor.user, today=TODAY)


def test_hr_accepts_a_nomination_despite_the_rules_only_with_a_reason(client, world):
    young = live_employee("钱新", hire_date=date(2026, 9, 1))
    client.force_login(world.hr)
    page = client.get(reverse("promotion_nominate") + f"?no={young.employee_no}")
    assert "HR may still accept" in page.content.decode() or page.context["eligibility"].eligible is False
    data = {"employee_no": young.employee_no, "reason": "大促表现突出", "waiver": ""}
    response = client.post(reverse("promotion_nominate"), data)
    assert response.status_code == 200 and not Candidate.objects.exists()
    response = client.post(reverse("promotion_nominate"), {**data, "waiver": "店长推荐，缺人"})
    candidate = Candidate.objects.get()
    assert response["Location"] == reverse("promotion_dossier", args=[candidate.pk])
    assert not candidate.eligible_when_nominated and candidate.waiver == "店长推荐，缺人"


def test_a_second_open_nomination_is_refused(world):
    employee = live_employee("孙重复")
    nominate(employee=employee, reason="一", by=world.hr, today=TODAY)
    with pytest.raises(PromotionError, match="already"):
        nominate(employee=employee, reason="二", by=world.hr, today=TODAY)


def test_a_mentor_of_another_team_cannot_find_the_employee(client, world):
    employee = live_employee("周别队")
    client.force_login(world.mentor.user)  # not in 旗舰店
    page = client.get(reverse("promotion_nominate") + f"?no={employee.employee_no}")
    assert page.context["employee"] is None and page.context["error"]


def test_hr_starts_a_promotion_cohort_and_the_candidate_keeps_working_live(client, world):
    candidate = in_training(world)
    enrollment = candidate.enrollment
    assert candidate.status == CandidateStatus.IN_TRAINING
    assert enrollment.cohort.tier == "promotion" and enrollment.plan.code == "promotion-8"
    assert enrollment.state in ACTIVE_STATES
    candidate.employee.refresh_from_db()
    assert candidate.employee.status == Status.LIVE
    # On the promotion track now, and the employee's history says who put them there.
    assert candidate.employee.tier == "promotion"
    assert candidate.employee.history.first().history_user == world.hr


def test_the_cohort_page_starts_a_cohort_from_the_ticked_candidates(client, world):
    make_team_lead(world)
    a = nominate(employee=live_employee("甲"), reason="好", by=world.hr, today=TODAY)
    client.force_login(world.hr)
    response = client.post(
        reverse("promotion_cohort"),
        {"candidates": [a.pk], "name": "储备干部二期", "start_date": "2026-12-07", "trainers": [world.trainer.pk]},
    )
    a.refresh_from_db()
    assert response.status_code == 302 and a.status == CandidateStatus.IN_TRAINING
    assert a.enrollment.cohort.trainers.get() == world.trainer


def test_hrs_employee_page_links_the_candidacy_to_its_dossier(client, world):
    candidate = in_training(world)
    client.force_login(world.hr)
    page = client.get(reverse("employee_detail", args=[candidate.employee.pk])).content.decode()
    assert reverse("promotion_dossier", args=[candidate.pk]) in page


def test_the_candidate_list_runs_the_same_queries_for_one_candidate_or_many(client, world):
    in_training(world)
    client.force_login(world.hr)
    url = reverse("promotion_candidates")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(4):
        nominate(employee=live_employee(f"候选{i}"), reason="好", by=world.hr, today=TODAY)
    with CaptureQueriesContext(connection) as five:
        page = client.get(url)
    assert len(page.context["candidates"]) == 5
    # session, user, role names, the candidates with their practical counts (one query), the menu
    assert len(five.captured_queries) == len(one.captured_queries)
