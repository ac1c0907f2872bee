"""How a chat's score is computed from the items hit (the server's job; the form never sends a total).

* Each category that counts for the employee's position class is worth its points; the deductions hit in it
  take points away, but never more than the category is worth (three slow replies cannot eat into 专业).
* Bonuses add their points.
* A category that does not count for the position class (销售 for after-sale staff) is left out, and the sum is
  scaled back to the sheet's full score, so that every position class is scored out of the same 100.
* The result stays within 0 and the full score, rounded half up to 0.1.
* Any red line makes the score 0 and fails the check; otherwise the check passes at the pass mark.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .models import Category, Item

ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class Score:
    total: Decimal
    red_line: bool
    passed: bool


@dataclass(frozen=True)
class Hit:
    """An item as it was scored: its category, points and red-line flag at the time."""

    category_id: int
    points: int
    red_line: bool

    @classmethod
    def of(cls, item: Item) -> Hit:
        return cls(category_id=item.category_id, points=item.points, red_line=item.is_red_line)


def compute(
    *,
    categories: Sequence[Category],
    position_class: str,
    hits: Iterable[Hit],
    total_points: int,
    pass_mark: int,
) -> Score:
    """The score of one chat. ``hits`` of categories that do not count for ``position_class`` are ignored
    (the services refuse them before scoring)."""
    counting = {c.pk: c for c in categories if c.applies_to(position_class)}
    hits = [hit for hit in hits if hit.category_id in counting]
    if any(hit.red_line for hit in hits):
        return Score(total=Decimal("0.0"), red_line=True, passed=False)
    worth = sum(c.max_points for c in counting.values())
    lost: dict[int, int] = {}
    bonus = 0
    for hit in hits:
        if hit.points < 0:
            lost[hit.category_id] = lost.get(hit.category_id, 0) - hit.points
        else:
            bonus += hit.points
    earned = worth - sum(min(points, counting[category_id].max_points) for category_id, points in lost.items())
    # A sheet of red lines only has nothing to deduct from: a chat without a red line gets the full score.
    total = Decimal(total_points) if worth <= 0 else Decimal(earned + bonus) * Decimal(total_points) / Decimal(worth)
    total = min(max(total, Decimal(0)), Decimal(total_points)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    return Score(total=total, red_line=False, passed=total >= pass_mark)
