"""The seeded refresher and promotion plans have real exams on their exam days, each able to draw every
question it asks for; HR keeps competencies and adds certifications and needs in the admin, where the
history is read-only."""

from __future__ import annotations

import random

import pytest
from django.urls import reverse

from assessments.exams import draw_questions
from assessments.models import Exam
from career.models import Certification, Competency, RefresherNeed
from tests.career.career_data import veteran


@pytest.mark.parametrize(
    ("code", "plan", "day"),
    [
        ("refresher-review-quiz", "veteran-refresher-10", 2),
        ("refresher-exam", "veteran-refresher-10", 10),
        ("promotion-exam", "promotion-8", 8),
    ],
)
def test_the_refresher_and_promotion_plans_have_exams_on_their_exam_days(db, code, plan, day):
    exam = Exam.objects.select_related("item__template").get(code=code)
    assert (exam.item.template.code, exam.item.day_number, exam.item.method) == (plan, day, "exam")
    asked = sum(rule.count for rule in exam.rules.all())
    drawn = draw_questions(exam, random.Random(7))
    assert len(drawn) == asked  # the bank holds enough of every kind
    assert not exam.is_gate


def test_every_seeded_competency_is_certified_by_something(db):
    for competency in Competency.objects.all():
        assert competency.exams.exists() or competency.plans.exists(), competency.code


def test_hr_adds_a_certification_with_a_reason_and_cannot_change_it(client, world):
    li = veteran("老李")
    rules = Competency.objects.get(code="platform-rules")
    client.force_login(world.hr)
    url = reverse("admin:career_certification_add")
    refused = client.post(url, {"employee": li.pk, "competency": rules.pk, "certified_on": "2026-06-01", "reason": ""})
    assert refused.status_code == 200 and not Certification.objects.exists()
    response = client.post(
        url, {"employee": li.pk, "competency": rules.pk, "certified_on": "2026-06-01", "reason": "平台官方认证"}
    )
    assert response.status_code == 302
    made = Certification.objects.get()
    assert (made.source, str(made.valid_until), made.created_by) == ("hr", "2027-06-01", world.hr)
    change = reverse("admin:career_certification_change", args=[made.pk])
    client.post(change, {"employee": li.pk, "competency": rules.pk, "certified_on": "2020-01-01", "reason": "改"})
    made.refresh_from_db()
    assert str(made.certified_on) == "2026-06-01"  # read-only
    assert client.post(reverse("admin:career_certification_delete", args=[made.pk])).status_code == 403


def test_hr_adds_a_manual_refresher_need_in_the_admin(client, world):
    li = veteran("老李", mentor=world.mentor)
    client.force_login(world.hr)
    response = client.post(reverse("admin:career_refresherneed_add"), {"employee": li.pk, "reason": "主管建议复训"})
    assert response.status_code == 302
    need = RefresherNeed.objects.get()
    assert (need.source, need.created_by, need.reason) == ("manual", world.hr, "主管建议复训")


def test_trainers_do_not_see_certifications_in_the_admin(client, world):
    client.force_login(world.trainer)
    assert client.get(reverse("admin:career_certification_changelist")).status_code == 403
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:career_certification_changelist") not in index
    assert reverse("admin:career_competency_changelist") not in index
