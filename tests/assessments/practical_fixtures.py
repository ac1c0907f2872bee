"""Rubrics made to measure and levels picked by their points, for the practical-assessment tests."""

from __future__ import annotations

from assessments.models import Criterion, Level, Rubric

CODES = ["receiving-presale", "aftersale-case", "tool-operation"]  # the seeded rubrics


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
