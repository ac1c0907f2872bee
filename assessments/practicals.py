"""Practical assessments (实操能力评估): a trainer scores a trainee against a rubric.

Percent = Σ weight × points of the chosen level / best points of that criterion, over Σ weight,
× 100, rounded half up to 0.1. Dividing by each criterion's own best points lets a rubric mix
criteria scored 0–4 with criteria scored 0–2 without the larger scale weighing more; the weight
alone decides how much a criterion counts.

The percent and pass / fail are stored on the assessment when it is scored (and recomputed when
its scores are changed in the admin), so editing a rubric later never changes an earlier result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from employees.models import Employee

from .models import Criterion, CriterionScore, Level, PracticalAssessment, Rubric

ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class ScoreLine:
    """One criterion of an assessment as scored: the level chosen and what it contributes."""

    criterion: Criterion
    level: Level
    max_points: int
    comment: str = ""

    @property
    def fraction(self) -> Decimal:
        """Points of the level as a share of the criterion's best (0 when no level scores)."""
        if self.max_points <= 0:
            return Decimal(0)
        return Decimal(self.level.points) / Decimal(self.max_points)

    @property
    def percent(self) -> Decimal:
        return (self.fraction * 100).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def compute_percent(lines: Iterable[ScoreLine]) -> Decimal:
    """Weighted percent of the lines, rounded half up to 0.1. A criterion whose best level is worth
    0 points cannot be scored on and is left out of both sums."""
    earned = Decimal(0)
    total_weight = 0
    for line in lines:
        if line.max_points <= 0:
            continue
        earned += line.criterion.weight * line.fraction
        total_weight += line.criterion.weight
    if total_weight == 0:
        return Decimal("0.0")
    return (earned / total_weight * 100).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def has_passed(rubric: Rubric, percent: Decimal) -> bool:
    return percent >= Decimal(rubric.pass_mark)


def _max_points(criteria: Iterable[Criterion]) -> dict[int, int]:
    """Best points per criterion, read from prefetched levels (no query)."""
    return {c.pk: max((level.points for level in c.levels.all()), default=0) for c in criteria}


def _as_id(value: object) -> int | None:
    if isinstance(value, Criterion | Level):
        return value.pk
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


@transaction.atomic
def score_practical(
    *,
    rubric: Rubric,
    employee: Employee,
    assessor: User,
    levels_by_criterion: Mapping[int, int],
    comments_by_criterion: Mapping[int, str] | None = None,
    overall_comment: str = "",
) -> PracticalAssessment:
    """Record a practical: every criterion of the rubric gets exactly one of its own levels.

    Everything is checked before anything is written, so a tampered form (a level of another
    criterion, a criterion of another rubric, a criterion left out) raises ValidationError with
    every problem listed and saves nothing.
    """
    if not rubric.is_active:
        raise ValidationError(_("The rubric “%(rubric)s” is no longer in use.") % {"rubric": rubric.title})
    criteria = list(rubric.criteria.prefetch_related("levels").order_by("order", "id"))
    if not criteria:
        raise ValidationError(_("The rubric “%(rubric)s” has no criteria to score.") % {"rubric": rubric.title})
    by_id = {c.pk: c for c in criteria}

    errors: list[str] = []
    chosen: dict[int, int | None] = {}
    for key, value in levels_by_criterion.items():
        criterion_id = _as_id(key)
        if criterion_id is None or criterion_id not in by_id:
            errors.append(_("“%(id)s” is not a criterion of this rubric.") % {"id": key})
        elif criterion_id in chosen:
            errors.append(_("“%(criterion)s” was scored twice.") % {"criterion": by_id[criterion_id].title})
        else:
            chosen[criterion_id] = _as_id(value)
    comments: dict[int, str] = {}
    for key, text in (comments_by_criterion or {}).items():
        criterion_id = _as_id(key)
        if criterion_id is None or criterion_id not in by_id:
            errors.append(_("A comment was given for “%(id)s”, which is not a criterion of this rubric.") % {"id": key})
        else:
            comments[criterion_id] = (text or "").strip()

    max_points = _max_points(criteria)
    lines: list[ScoreLine] = []
    for criterion in criteria:
        if criterion.pk not in chosen or chosen[criterion.pk] is None:
            errors.append(_("Choose a level for “%(criterion)s”.") % {"criterion": criterion.title})
            continue
        level = next((lv for lv in criterion.levels.all() if lv.pk == chosen[criterion.pk]), None)
        if level is None:
            errors.append(
                _("The level chosen for “%(criterion)s” is not one of its levels.") % {"criterion": criterion.title}
            )
            continue
        lines.append(ScoreLine(criterion, level, max_points[criterion.pk], comments.get(criterion.pk, "")))
    if errors:
        raise ValidationError(errors)

    percent = compute_percent(lines)
    assessment = PracticalAssessment(
        rubric=rubric,
        employee=employee,
        assessor=assessor,
        percent=percent,
        passed=has_passed(rubric, percent),
        comment=overall_comment.strip(),
    )
    assessment._history_user = assessor  # type: ignore[attr-defined]  # the audit history's author
    assessment.save()
    bulk_create_with_history(
        [
            CriterionScore(assessment=assessment, criterion=line.criterion, level=line.level, comment=line.comment)
            for line in lines
        ],
        CriterionScore,
        default_user=assessor,
    )
    return assessment


def score_lines(assessment: PracticalAssessment) -> list[ScoreLine]:
    """The assessment's scores in rubric order, each with its criterion's best points (2 queries)."""
    scores = list(assessment.scores.select_related("criterion", "level").order_by("criterion__order", "criterion__id"))
    best = dict(
        Level.objects.filter(criterion_id__in=[s.criterion_id for s in scores])
        .values_list("criterion_id")
        .annotate(best=Max("points"))
        .order_by()
    )
    return [ScoreLine(s.criterion, s.level, best.get(s.criterion_id) or 0, s.comment) for s in scores]


def recompute_practical(assessment: PracticalAssessment) -> PracticalAssessment:
    """Recompute percent and pass / fail from the assessment's stored scores, after someone
    changed a criterion score in the admin. Uses the rubric's current weights and levels."""
    percent = compute_percent(score_lines(assessment))
    assessment.percent = percent
    assessment.passed = has_passed(assessment.rubric, percent)
    assessment.save(update_fields=["percent", "passed"])
    return assessment


@dataclass
class LatestResult:
    """The newest assessment of one employee against one rubric, and how many there were."""

    assessment: PracticalAssessment
    count: int


def latest_results(*, employee_ids: Iterable[int], rubric_ids: Iterable[int]) -> dict[tuple[int, int], LatestResult]:
    """(employee id, rubric id) → the newest assessment and the number taken, in one query
    whatever the number of people. Newest = latest ``assessed_at``, then highest id."""
    results: dict[tuple[int, int], LatestResult] = {}
    rows = (
        PracticalAssessment.objects.filter(employee_id__in=list(employee_ids), rubric_id__in=list(rubric_ids))
        .only("id", "employee_id", "rubric_id", "assessed_at", "percent", "passed")
        .order_by("employee_id", "rubric_id", "-assessed_at", "-id")
    )
    for assessment in rows:
        key = (assessment.employee_id, assessment.rubric_id)
        if key in results:
            results[key].count += 1
        else:
            results[key] = LatestResult(assessment, 1)
    return results
