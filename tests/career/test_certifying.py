"""Certifications come from a passed certifying exam or a completed refresher, until today + the validity;
old ones are kept and the latest is current."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from assessments.exams import start_attempt, submit_attempt
from assessments.models import Exam
from career.models import Certification, CertificationSource, Competency
from career.selectors import EXPIRED, VALID, certifications_of
from career.services import CareerError, add_months, record_certification, start_refresher_cohort
from tests.assessments.exam_fixtures import correct_response
from tests.career.career_data import certify, veteran
from training.models import Enrollment, PlanTemplate
from training.signals import enrollment_state_changed

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = date(2026, 11, 16)  # a Monday; plan day 2 of a refresher starting then is 2026-11-17


def refresher_for(world, *people):
    return start_refresher_cohort(
        name="回炉一期",
        plan=PlanTemplate.objects.get(code="veteran-refresher-10"),
        start_date=START,
        trainers=[world.trainer],
        employees=list(people),
        by=world.hr,
    )


def sit(exam: Exam, employee, *, right: bool, when: datetime):
    with time_machine.travel(when, tick=False):
        attempt = start_attempt(exam=exam, employee=employee, seed=1)
        answers = {a.order: (correct_response(a) if right else "__wrong__") for a in attempt.answers.all()}
        return submit_attempt(attempt=attempt, answers=answers)


def test_add_months_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert add_months(date(2026, 3, 15), 12) == date(2027, 3, 15)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_passing_the_refresher_quiz_certifies_product_knowledge_until_today_plus_its_validity(
    world, django_capture_on_commit_callbacks
):
    li = veteran("老李", mentor=world.mentor)
    refresher_for(world, li)
    quiz = Exam.objects.get(code="refresher-review-quiz")
    with django_capture_on_commit_callbacks(execute=True):
        attempt = sit(quiz, li, right=True, when=datetime(2026, 11, 17, 14, 0, tzinfo=SHANGHAI))
    assert attempt.passed
    (certification,) = Certification.objects.filter(employee=li)
    assert certification.competency.code == "product-knowledge"  # the quiz certifies only that one
    assert certification.source == CertificationSource.EXAM and certification.attempt == attempt
    assert certification.certified_on == date(2026, 11, 17)
    assert certification.valid_until == date(2027, 5, 17)  # six months
    li.refresh_from_db()
    assert li.status == "live"  # a refresher exam is no gate


def test_a_failed_exam_certifies_nothing(world, django_capture_on_commit_callbacks):
    li = veteran("老李")
    refresher_for(world, li)
    with django_capture_on_commit_callbacks(execute=True):
        attempt = sit(
            Exam.objects.get(code="refresher-review-quiz"),
            li,
            right=False,
            when=datetime(2026, 11, 17, 14, 0, tzinfo=SHANGHAI),
        )
    assert attempt.passed is False
    assert not Certification.objects.exists()


@time_machine.travel(datetime(2026, 11, 27, 17, 0, tzinfo=SHANGHAI), tick=False)
def test_a_completed_refresher_certifies_in_every_competency_of_its_plan_once(world):
    li = veteran("老李")
    cohort = refresher_for(world, li)
    enrollment = Enrollment.objects.get(cohort=cohort)
    enrollment_state_changed.send(sender=Enrollment, enrollment=enrollment, old="in_progress", new="completed")
    enrollment_state_changed.send(sender=Enrollment, enrollment=enrollment, old="in_progress", new="completed")
    codes = set(Certification.objects.filter(employee=li).values_list("competency__code", flat=True))
    assert codes == {"platform-rules", "returns-after-sale", "product-knowledge", "service-skills"}
    assert Certification.objects.filter(employee=li).count() == 4  # the second signal added nothing
    rules = Certification.objects.get(employee=li, competency__code="platform-rules")
    assert (rules.source, rules.enrollment, rules.valid_until) == ("refresher", enrollment, date(2027, 11, 27))


def test_a_refresher_withdrawn_or_failed_certifies_nothing(world):
    li = veteran("老李")
    enrollment = Enrollment.objects.get(cohort=refresher_for(world, li))
    enrollment_state_changed.send(sender=Enrollment, enrollment=enrollment, old="in_progress", new="withdrawn")
    enrollment_state_changed.send(sender=Enrollment, enrollment=enrollment, old="in_progress", new="failed")
    assert not Certification.objects.exists()


def test_old_certifications_are_kept_and_the_latest_is_current(world):
    li = veteran("老李")
    certify(li, "platform-rules", on=date(2024, 11, 1), until=date(2025, 11, 1))
    certify(li, "platform-rules", on=date(2025, 11, 20), until=date(2026, 11, 20))
    today = date(2026, 12, 10)
    (row,) = certifications_of(li, today=today, days=30)
    assert (row.current.valid_until, row.earlier, row.standing) == (date(2026, 11, 20), 1, EXPIRED)
    certify(li, "platform-rules", on=date(2026, 12, 9), until=date(2027, 12, 9))
    (row,) = certifications_of(li, today=today, days=30)
    assert (row.current.valid_until, row.earlier, row.standing) == (date(2027, 12, 9), 2, VALID)
    assert Certification.objects.filter(employee=li).count() == 3


def test_hr_records_a_certification_only_with_a_reason(world):
    li = veteran("老李")
    rules = Competency.objects.get(code="platform-rules")
    with pytest.raises(CareerError):
        record_certification(employee=li, competency=rules, reason="  ", by=world.hr)
    made = record_certification(
        employee=li, competency=rules, reason="平台官方认证", by=world.hr, certified_on=date(2026, 6, 1)
    )
    assert (made.source, made.valid_until, made.created_by) == ("hr", date(2027, 6, 1), world.hr)


@time_machine.travel(datetime(2026, 11, 27, 17, 0, tzinfo=SHANGHAI), tick=False)
def test_hr_completing_a_refresher_on_its_page_certifies_the_veteran_who_stays_live(
    client, world, django_capture_on_commit_callbacks
):
    """The whole path: HR ends the refresher as passed on the cohort's page (training), the state change is
    announced after the commit, career certifies; the veteran's employment status never moves."""
    li = veteran("老李")
    enrollment = Enrollment.objects.get(cohort=refresher_for(world, li))
    client.force_login(world.hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/enrollments/{enrollment.pk}/finish/", {"result": "passed", "reason": "复训考核通过"})
    assert response.status_code == 302
    enrollment.refresh_from_db()
    li.refresh_from_db()
    assert (enrollment.state, enrollment.outcome, li.status) == ("completed", "passed", "live")
    rules = Certification.objects.get(employee=li, competency__code="platform-rules")
    assert (rules.source, rules.enrollment, rules.valid_until) == ("refresher", enrollment, date(2027, 11, 27))
