"""Practical assessments (实操能力评估): the seeded rubrics and the scoring service."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError

from assessments.models import Criterion, CriterionScore, Level, PracticalAssessment, Rubric
from assessments.practicals import latest_results, recompute_practical, score_practical
from assessments.seeds import rubrics as rubric_seed
from tests.assessments.matrix_practicals import assess, best_levels
from tests.assessments.practical_fixtures import CODES, make_rubric, pick

pytestmark = pytest.mark.usefixtures("english")


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
