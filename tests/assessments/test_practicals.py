"""Practical assessments (实操能力评估): the seeded rubrics, the scoring service, the trainer
pages and the admin's recompute."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Criterion, CriterionScore, Level, PracticalAssessment, Rubric
from assessments.practicals import latest_results, recompute_practical, score_practical
from assessments.seeds import rubrics as rubric_seed
from tests.assessments.matrix_practicals import assess, best_levels
from tests.factories import EmployeeFactory
from training.services import enroll

CODES = ["receiving-presale", "aftersale-case", "tool-operation"]


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read messages in English (the source language); Chinese is checked elsewhere."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def make_rubric(code: str, criteria: list[tuple[int, list[int]]], pass_mark: int = 70) -> Rubric:
    """A rubric of (weight, [points of each level]) criteria."""
    rubric = Rubric.objects.create(code=code, title=code, pass_mark=pass_mark)
    for order, (weight, points) in enumerate(criteria):
        criterion = Criterion.objects.create(rubric=rubric, title=f"标准{order + 1}", weight=weight, order=order)
        for i, p in enumerate(points):
            Level.objects.create(criterion=criterion, label=f"{p}分", descriptor="…", points=p, order=i)
    return rubric


def pick(rubric: Rubric, *points: int) -> dict[int, int]:
    """Criterion id → id of the level worth the given points, criterion by criterion."""
    criteria = list(rubric.criteria.order_by("order"))
    assert len(criteria) == len(points)
    return {c.pk: c.levels.get(points=p).pk for c, p in zip(criteria, points, strict=True)}


# ---------------------------------------------------------------------------- seeded rubrics


def test_three_rubrics_are_seeded_with_weighted_criteria_and_levels(db):
    rubrics = {r.code: r for r in Rubric.objects.filter(code__in=CODES).prefetch_related("criteria__levels")}
    assert set(rubrics) == set(CODES)
    for rubric in rubrics.values():
        assert rubric.pass_mark == 70 and rubric.is_active
        criteria = list(rubric.criteria.all())
        assert 4 <= len(criteria) <= 5
        assert len({c.weight for c in criteria}) > 1, "weights differ between criteria"
        for criterion in criteria:
            levels = list(criterion.levels.all())
            assert 3 <= len(levels) <= 4
            assert all(level.descriptor and level.label for level in levels)
            assert min(level.points for level in levels) == 0 and max(level.points for level in levels) > 0
    assert rubrics["receiving-presale"].title == "接待售前咨询"
    assert [c.title for c in rubrics["aftersale-case"].criteria.all()][:1] == ["安抚买家情绪"]


def test_rubrics_hang_on_the_scenario_day_and_the_trial_post(db):
    rubrics = {r.code: r for r in Rubric.objects.filter(code__in=CODES).select_related("item__template")}
    for code in ("receiving-presale", "aftersale-case"):
        item = rubrics[code].item
        assert item.template.code == "new-hire-16" and item.day_number == 6 and item.topic.startswith("情景对话")
    item = rubrics["tool-operation"].item
    assert (item.template.code, item.topic, item.day_number) == ("new-hire-16", "试岗", 10)


def test_seeding_again_adds_nothing_and_brings_back_a_deleted_rubric(db):
    before = (Rubric.objects.count(), Criterion.objects.count(), Level.objects.count())
    rubric_seed.install(django_apps)
    assert (Rubric.objects.count(), Criterion.objects.count(), Level.objects.count()) == before
    Rubric.objects.filter(code="tool-operation").delete()
    rubric_seed.install(django_apps)
    assert (Rubric.objects.count(), Criterion.objects.count(), Level.objects.count()) == before


def test_seeding_without_the_plan_leaves_the_item_empty(db):
    Rubric.objects.filter(code__in=CODES).delete()
    from training.models import PlanItem

    PlanItem.objects.filter(template__code="new-hire-16").delete()
    rubric_seed.install(django_apps)
    assert Rubric.objects.filter(code__in=CODES, item__isnull=True).count() == 3


# ---------------------------------------------------------------------------- scoring


def test_equal_max_points_and_unequal_weights_on_the_pre_sale_rubric(world):
    rubric = Rubric.objects.get(code="receiving-presale")  # weights 2, 2, 3, 2, 1; every criterion out of 4
    a = score_practical(
        rubric=rubric,
        employee=world.trainee,
        assessor=world.trainer,
        levels_by_criterion=pick(rubric, 4, 3, 3, 2, 4),
    )
    # (2×4/4 + 2×3/4 + 3×3/4 + 2×2/4 + 1×4/4) / 10 = (2 + 1.5 + 2.25 + 1 + 1) / 10 = 77.5 %
    assert a.percent == Decimal("77.5") and a.passed is True
    assert a.scores.count() == 5 and a.assessor == world.trainer


def test_criteria_out_of_different_maxima_count_by_weight_alone(world):
    rubric = Rubric.objects.get(code="aftersale-case")  # weights 2, 2, 3, 3, 1; the last is out of 2
    a = score_practical(
        rubric=rubric,
        employee=world.trainee,
        assessor=world.trainer,
        levels_by_criterion=pick(rubric, 3, 3, 2, 3, 1),
    )
    # (2×3/4 + 2×3/4 + 3×2/4 + 3×3/4 + 1×1/2) / 11 = (1.5 + 1.5 + 1.5 + 2.25 + 0.5) / 11 = 7.25 / 11 = 65.909… %
    assert a.percent == Decimal("65.9") and a.passed is False


def test_hand_computed_percent_on_a_mixed_rubric(world):
    rubric = make_rubric("mixed", [(3, [4, 3, 2, 0]), (1, [2, 1, 0]), (2, [5, 3, 0])])
    a = score_practical(
        rubric=rubric, employee=world.trainee, assessor=world.trainer, levels_by_criterion=pick(rubric, 3, 1, 3)
    )
    # (3×3/4 + 1×1/2 + 2×3/5) / 6 = (2.25 + 0.5 + 1.2) / 6 = 3.95 / 6 = 65.833… %
    assert a.percent == Decimal("65.8")


def test_percent_rounds_half_up(world):
    rubric = make_rubric("half", [(1, [8, 1, 0]), (1, [1, 0])])
    a = score_practical(
        rubric=rubric, employee=world.trainee, assessor=world.trainer, levels_by_criterion=pick(rubric, 1, 1)
    )
    # (1/8 + 1) / 2 = 56.25 % → 56.3 (banker's rounding would give 56.2)
    assert a.percent == Decimal("56.3")


@pytest.mark.parametrize(
    ("points", "percent", "passed"),
    [(7000, "70.0", True), (6990, "69.9", False), (6994, "69.9", False), (6995, "70.0", True)],
)
def test_pass_mark_is_compared_with_the_rounded_percent(world, points, percent, passed):
    rubric = make_rubric("edge", [(1, [10000, points, 0])])
    a = score_practical(
        rubric=rubric, employee=world.trainee, assessor=world.trainer, levels_by_criterion=pick(rubric, points)
    )
    assert (a.percent, a.passed) == (Decimal(percent), passed)


def test_comments_are_kept_per_criterion_and_overall(world):
    rubric = Rubric.objects.get(code="tool-operation")
    first = rubric.criteria.order_by("order").first()
    a = score_practical(
        rubric=rubric,
        employee=world.trainee,
        assessor=world.trainer,
        levels_by_criterion=best_levels(rubric),
        comments_by_criterion={first.pk: "  分组清楚  "},
        overall_comment="操作熟练。",
    )
    assert a.scores.get(criterion=first).comment == "分组清楚"
    assert a.comment == "操作熟练。" and a.percent == Decimal("100.0")


def test_a_level_of_another_criterion_is_refused_and_nothing_is_saved(world):
    rubric = Rubric.objects.get(code="receiving-presale")
    first, second, *_ = rubric.criteria.order_by("order")
    levels = best_levels(rubric)
    levels[first.pk] = levels[second.pk]
    with pytest.raises(ValidationError) as exc:
        score_practical(rubric=rubric, employee=world.trainee, assessor=world.trainer, levels_by_criterion=levels)
    assert first.title in " ".join(exc.value.messages)
    assert not PracticalAssessment.objects.exists() and not CriterionScore.objects.exists()


def test_a_level_of_another_rubric_is_refused(world):
    rubric = Rubric.objects.get(code="receiving-presale")
    levels = best_levels(rubric)
    levels[next(iter(levels))] = Level.objects.filter(criterion__rubric__code="tool-operation").first().pk
    with pytest.raises(ValidationError):
        score_practical(rubric=rubric, employee=world.trainee, assessor=world.trainer, levels_by_criterion=levels)
    assert not PracticalAssessment.objects.exists()


def test_a_missing_criterion_is_refused_and_nothing_is_saved(world):
    rubric = Rubric.objects.get(code="aftersale-case")
    levels = best_levels(rubric)
    last = rubric.criteria.order_by("order").last()
    del levels[last.pk]
    with pytest.raises(ValidationError) as exc:
        score_practical(rubric=rubric, employee=world.trainee, assessor=world.trainer, levels_by_criterion=levels)
    assert last.title in " ".join(exc.value.messages)
    assert not PracticalAssessment.objects.exists() and not CriterionScore.objects.exists()


def test_a_criterion_of_another_rubric_is_refused(world):
    rubric = Rubric.objects.get(code="aftersale-case")
    levels = best_levels(rubric)
    levels.update(best_levels(Rubric.objects.get(code="tool-operation")))
    with pytest.raises(ValidationError):
        score_practical(rubric=rubric, employee=world.trainee, assessor=world.trainer, levels_by_criterion=levels)
    assert not PracticalAssessment.objects.exists()


def test_an_inactive_rubric_cannot_be_scored(world):
    rubric = Rubric.objects.get(code="aftersale-case")
    rubric.is_active = False
    rubric.save()
    with pytest.raises(ValidationError):
        score_practical(
            rubric=rubric, employee=world.trainee, assessor=world.trainer, levels_by_criterion=best_levels(rubric)
        )


def test_recompute_follows_a_changed_criterion_score(world):
    a = assess(world.trainee, world.trainer)
    assert (a.percent, a.passed) == (Decimal("100.0"), True)
    score = a.scores.select_related("criterion").get(criterion__order=2)  # weight 3 of 10
    score.level = score.criterion.levels.get(points=0)
    score.save()
    recompute_practical(a)
    a.refresh_from_db()
    assert (a.percent, a.passed) == (Decimal("70.0"), True)
    score = a.scores.select_related("criterion").get(criterion__order=0)  # weight 2 of 10, 4 → 3
    score.level = score.criterion.levels.get(points=3)
    score.save()
    recompute_practical(a)
    a.refresh_from_db()
    assert (a.percent, a.passed) == (Decimal("65.0"), False)


def test_latest_result_is_the_newest_and_counts_every_attempt(world):
    rubric = Rubric.objects.get(code="receiving-presale")
    score_practical(
        rubric=rubric, employee=world.trainee, assessor=world.trainer, levels_by_criterion=pick(rubric, 0, 0, 0, 0, 0)
    )
    newer = assess(world.trainee, world.trainer)
    results = latest_results(employee_ids=[world.trainee.pk], rubric_ids=[rubric.pk])
    assert results[(world.trainee.pk, rubric.pk)].assessment.pk == newer.pk
    assert results[(world.trainee.pk, rubric.pk)].count == 2


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
    # enrollments with employees, assessments
    assert len(ctx.captured_queries) == 9


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
    levels = pick(rubric, 4, 3, 2, 2)
    data = {
        "rubric": str(rubric.pk),
        "employee": str(world.trainee.pk),
        "comment": "",
        "scores-TOTAL_FORMS": str(len(levels)),
        "scores-INITIAL_FORMS": "0",
        "scores-MIN_NUM_FORMS": "0",
        "scores-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for i, (criterion, level) in enumerate(levels.items()):
        data |= {f"scores-{i}-criterion": str(criterion), f"scores-{i}-level": str(level), f"scores-{i}-comment": ""}
    client.force_login(world.trainer)  # trainers may add practicals in the admin
    response = client.post("/admin/assessments/practicalassessment/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    a = PracticalAssessment.objects.get()
    # (2×4/4 + 3×3/4 + 3×2/4 + 2×2/3) / 10 = (2 + 2.25 + 1.5 + 1.333…) / 10 = 70.8 %
    assert (a.assessor, a.percent, a.passed) == (world.trainer, Decimal("70.8"), True)


def test_the_admin_refuses_an_assessment_that_leaves_a_criterion_out(client, world):
    rubric = Rubric.objects.get(code="tool-operation")
    levels = list(best_levels(rubric).items())[:-1]
    data = {
        "rubric": str(rubric.pk),
        "employee": str(world.trainee.pk),
        "comment": "",
        "scores-TOTAL_FORMS": str(len(levels)),
        "scores-INITIAL_FORMS": "0",
        "scores-MIN_NUM_FORMS": "0",
        "scores-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for i, (criterion, level) in enumerate(levels):
        data |= {f"scores-{i}-criterion": str(criterion), f"scores-{i}-level": str(level), f"scores-{i}-comment": ""}
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
