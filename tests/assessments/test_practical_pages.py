"""Practical assessments (实操能力评估): the trainer pages and the admin's recompute."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import CriterionScore, Level, PracticalAssessment, Rubric
from assessments.practicals import score_practical
from tests.assessments.matrix_practicals import assess, best_levels
from tests.assessments.practical_fixtures import CODES, pick
from tests.factories import EmployeeFactory
from training.services import enroll

pytestmark = pytest.mark.usefixtures("english")


# ---------------------------------------------------------------------------- pages


def score_url(world, code: str = "receiving-presale", cohort=None, employee=None) -> str:
    cohort = cohort or world.cohort
    employee = employee or world.trainee
    return f"/cohorts/{cohort.pk}/practicals/{employee.pk}/{code}/"


def form_data(levels: dict[int, int], **extra: str) -> dict[str, str]:
    return {**{f"level_{c}": str(lv) for c, lv in levels.items()}, **extra}


def test_trainer_scores_a_trainee_and_sees_the_result(client, world):
    client.force_login(world.trainer)
    rubric = Rubric.objects.get(code="receiving-presale")
    first = rubric.criteria.order_by("order").first()
    data = form_data(pick(rubric, 4, 3, 3, 2, 4), **{f"comment_{first.pk}": "响应很快", "comment": "整体不错"})
    response = client.post(score_url(world), data)
    a = PracticalAssessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cohorts/{world.cohort.pk}/practicals/results/{a.pk}/"
    assert (a.employee, a.assessor, a.percent, a.passed, a.comment) == (
        world.trainee,
        world.trainer,
        Decimal("77.5"),
        True,
        "整体不错",
    )
    page = client.get(response["Location"]).content.decode()
    assert "77.5%" in page and "响应很快" in page and "整体不错" in page and "问候与响应速度" in page


def test_scoring_page_shows_every_level_as_a_radio_card(client, world):
    client.force_login(world.trainer)
    page = client.get(score_url(world, "aftersale-case")).content.decode()
    rubric = Rubric.objects.get(code="aftersale-case")
    for level in Level.objects.filter(criterion__rubric=rubric):
        assert f'value="{level.pk}" data-points="{level.points}"' in page
        assert level.descriptor in page
    assert page.count('type="radio"') == Level.objects.filter(criterion__rubric=rubric).count()
    form = page.split("data-practical-form")[1].split("</form>")[0]
    assert "js/practicals.js" in page and not re.search(r"\son[a-z]+=", form), "no inline event handlers"


def test_a_missing_criterion_reshows_the_form_with_the_choices_kept(client, world):
    client.force_login(world.trainer)
    rubric = Rubric.objects.get(code="receiving-presale")
    levels = best_levels(rubric)
    last = rubric.criteria.order_by("order").last()
    kept = levels[rubric.criteria.order_by("order").first().pk]
    del levels[last.pk]
    response = client.post(score_url(world), form_data(levels, comment="写了一半"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "border-danger" in page and "写了一半" in page
    assert re.search(rf'value="{kept}" data-points="\d+" autocomplete="off" checked', page)
    assert not PracticalAssessment.objects.exists()


def test_a_tampered_level_id_reshows_the_form_and_saves_nothing(client, world):
    client.force_login(world.trainer)
    rubric = Rubric.objects.get(code="receiving-presale")
    first, second, *_ = rubric.criteria.order_by("order")
    levels = best_levels(rubric)
    levels[first.pk] = levels[second.pk]
    response = client.post(score_url(world), form_data(levels))
    assert response.status_code == 200
    assert not PracticalAssessment.objects.exists() and not CriterionScore.objects.exists()


def test_trainer_of_another_cohort_cannot_score_its_trainees(client, world):
    client.force_login(world.other_trainer)
    rubric = Rubric.objects.get(code="receiving-presale")
    assert client.post(score_url(world), form_data(best_levels(rubric))).status_code == 404
    assert not PracticalAssessment.objects.exists()


def test_a_trainee_outside_the_cohort_cannot_be_scored_under_it(client, world):
    client.force_login(world.hr)
    rubric = Rubric.objects.get(code="receiving-presale")
    response = client.post(score_url(world, employee=world.outsider), form_data(best_levels(rubric)))
    assert response.status_code == 404
    assert not PracticalAssessment.objects.exists()


@pytest.mark.parametrize("persona", ["mentor", "trainee"])
def test_mentors_and_trainees_cannot_score(client, world, persona):
    user = world.mentor.user if persona == "mentor" else world.trainee.user
    client.force_login(user)
    rubric = Rubric.objects.get(code="receiving-presale")
    assert client.post(score_url(world), form_data(best_levels(rubric))).status_code == 403
    assert not PracticalAssessment.objects.exists()


def test_cohort_page_shows_the_latest_result_per_rubric(client, world):
    rubric = Rubric.objects.get(code="receiving-presale")
    older = score_practical(
        rubric=rubric, employee=world.trainee, assessor=world.trainer, levels_by_criterion=pick(rubric, 0, 0, 0, 0, 0)
    )
    newer = assess(world.trainee, world.trainer)
    client.force_login(world.trainer)
    response = client.get(f"/cohorts/{world.cohort.pk}/practicals/")
    page = response.content.decode()
    assert f"/practicals/results/{newer.pk}/" in page and "100.0%" in page
    assert f"/practicals/results/{older.pk}/" not in page
    assert "张小花" in page and "刘局外" not in page
    for code in CODES:
        assert f"/practicals/{world.trainee.pk}/{code}/" in page


@pytest.mark.parametrize("members", [3, 30])
def test_cohort_practicals_page_takes_the_same_queries_for_3_or_30_trainees(client, world, members):
    others = [EmployeeFactory() for _ in range(members - 1)]
    enroll(cohort=world.cohort, employees=others)
    for employee in [world.trainee, *others]:
        assess(employee, world.trainer)
        assess(employee, world.trainer, "tool-operation")
    client.force_login(world.trainer)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/cohorts/{world.cohort.pk}/practicals/")
    assert response.status_code == 200
    assert len(response.context["rows"]) == members
    # session, user, roles, cohort, "trains this cohort?", rubrics with their plan items,
    # count of members (pages), the page's enrollments with employees, assessments
    assert len(ctx.captured_queries) == 10


# ---------------------------------------------------------------------------- admin


def admin_change_data(a: PracticalAssessment, changes: dict[int, int] | None = None) -> dict[str, str]:
    """The admin change form as posted, with some criteria's levels swapped (criterion id → level id)."""
    scores = list(a.scores.order_by("id"))
    data = {
        "comment": a.comment,
        "scores-TOTAL_FORMS": str(len(scores)),
        "scores-INITIAL_FORMS": str(len(scores)),
        "scores-MIN_NUM_FORMS": "0",
        "scores-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for i, s in enumerate(scores):
        data |= {
            f"scores-{i}-id": str(s.pk),
            f"scores-{i}-assessment": str(a.pk),
            f"scores-{i}-criterion": str(s.criterion_id),
            f"scores-{i}-level": str((changes or {}).get(s.criterion_id, s.level_id)),
            f"scores-{i}-comment": s.comment,
        }
    return data


def admin_add_data(rubric: Rubric, employee, levels) -> dict[str, str]:
    """The admin add form as posted: the given (criterion id, level id) pairs, without comments."""
    levels = list(levels)
    data = {
        "rubric": str(rubric.pk),
        "employee": str(employee.pk),
        "comment": "",
        "scores-TOTAL_FORMS": str(len(levels)),
        "scores-INITIAL_FORMS": "0",
        "scores-MIN_NUM_FORMS": "0",
        "scores-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for i, (criterion, level) in enumerate(levels):
        data |= {f"scores-{i}-criterion": str(criterion), f"scores-{i}-level": str(level), f"scores-{i}-comment": ""}
    return data


def test_changing_a_score_in_the_admin_recomputes_percent_and_pass(client, world):
    a = assess(world.trainee, world.trainer)
    heaviest = a.rubric.criteria.get(order=2)  # weight 3 of 10
    worst = heaviest.levels.get(points=0)
    second = a.rubric.criteria.get(order=0)  # weight 2 of 10
    client.force_login(world.hr)
    response = client.post(
        f"/admin/assessments/practicalassessment/{a.pk}/change/",
        admin_change_data(a, {heaviest.pk: worst.pk, second.pk: second.levels.get(points=2).pk}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    a.refresh_from_db()
    # 100 − 30 (weight 3 lost) − 10 (weight 2 at half) = 60.0 %
    assert (a.percent, a.passed, a.assessor) == (Decimal("60.0"), False, world.trainer)


def test_the_admin_refuses_a_level_of_another_criterion(client, world):
    a = assess(world.trainee, world.trainer)
    first, second = a.rubric.criteria.order_by("order")[:2]
    client.force_login(world.hr)
    response = client.post(
        f"/admin/assessments/practicalassessment/{a.pk}/change/",
        admin_change_data(a, {first.pk: second.levels.first().pk}),
    )
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors[0]["level"]
    a.refresh_from_db()
    assert a.percent == Decimal("100.0")
    assert a.scores.get(criterion=first).level.criterion_id == first.pk


def test_adding_in_the_admin_sets_the_assessor_and_computes_the_percent(client, world):
    rubric = Rubric.objects.get(code="tool-operation")  # weights 2, 3, 3, 2; the last is out of 3
    data = admin_add_data(rubric, world.trainee, pick(rubric, 4, 3, 2, 2).items())
    client.force_login(world.trainer)  # trainers may add practicals in the admin
    response = client.post("/admin/assessments/practicalassessment/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    a = PracticalAssessment.objects.get()
    # (2×4/4 + 3×3/4 + 3×2/4 + 2×2/3) / 10 = (2 + 2.25 + 1.5 + 1.333…) / 10 = 70.8 %
    assert (a.assessor, a.percent, a.passed) == (world.trainer, Decimal("70.8"), True)


def test_the_admin_refuses_an_assessment_that_leaves_a_criterion_out(client, world):
    rubric = Rubric.objects.get(code="tool-operation")
    data = admin_add_data(rubric, world.trainee, list(best_levels(rubric).items())[:-1])
    client.force_login(world.hr)
    response = client.post("/admin/assessments/practicalassessment/add/", data)
    assert response.status_code == 200
    assert "Give a level for every criterion" in str(
        response.context["inline_admin_formsets"][0].formset.non_form_errors()
    )
    assert not PracticalAssessment.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/assessments/rubric/",
        "/admin/assessments/criterion/",
        "/admin/assessments/practicalassessment/",
        "/admin/assessments/practicalassessment/add/",
    ],
)
def test_admin_pages_open(client, world, url):
    assess(world.trainee, world.trainer)
    client.force_login(world.hr)
    assert client.get(url).status_code == 200


def test_admin_rubric_and_criterion_pages_edit_criteria_and_levels(client, world):
    rubric = Rubric.objects.get(code="receiving-presale")
    criterion = rubric.criteria.first()
    client.force_login(world.hr)
    page = client.get(f"/admin/assessments/rubric/{rubric.pk}/change/").content.decode()
    assert criterion.title in page
    page = client.get(f"/admin/assessments/criterion/{criterion.pk}/change/").content.decode()
    assert all(level.descriptor in page for level in criterion.levels.all())


@pytest.mark.parametrize("hires", [3, 130])
def test_cohort_page_lists_a_hundred_members_a_page_in_the_same_queries(client, world, hires):
    enroll(cohort=world.cohort, employees=[EmployeeFactory() for _ in range(hires)])
    assess(world.trainee, world.trainer)
    client.force_login(world.hr)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/cohorts/{world.cohort.pk}/practicals/")
    # session, user, roles, bell; cohort; rubrics; count of members (pages), the page's members, their results
    assert len(ctx.captured_queries) == 9, [q["sql"] for q in ctx.captured_queries]
    shown = [employee for employee, _ in response.context["rows"]]
    assert len(shown) == min(hires + 1, 100)
    if hires > 100:
        rest = [e for e, _ in client.get(f"/cohorts/{world.cohort.pk}/practicals/?page=2").context["rows"]]
        assert len(shown) + len(rest) == hires + 1 and {e.pk for e in shown}.isdisjoint(e.pk for e in rest)
        assert "?page=2" in response.content.decode()
