"""The rules of the promotion track that are arithmetic: the defence rubric and its trimmed mean, the 360
questions and the grouping that hides a group with fewer than three raters."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import FeedbackRequest, Relation

ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str | Promise
    weight: int  # percent of the whole; the weights add up to 100


# 述职答辩 rubric: each judge marks each criterion 1–10; the weighted score is out of 100.
RUBRIC: tuple[Criterion, ...] = (
    Criterion("review", _("Review of the period's work"), 20),
    Criterion("data", _("Reading the data (conversion, response times, refunds)"), 25),
    Criterion("team", _("Leading and coaching the team"), 25),
    Criterion("problems", _("Handling peaks, escalations and complaints"), 15),
    Criterion("answers", _("Clarity of the report and the answers"), 15),
)
MARK_MIN, MARK_MAX = 1, 10

# The fewest judges whose scores are trimmed (the highest and the lowest dropped); below it, a plain mean.
TRIM_FROM = 3


def weighted_total(marks: dict[str, int]) -> Decimal:
    """A judge's marks (1–10 per criterion) → a score out of 100."""
    total = sum((Decimal(marks[c.key]) * c.weight for c in RUBRIC), Decimal(0)) / MARK_MAX
    return total.quantize(ONE_DECIMAL, ROUND_HALF_UP)


def trimmed_mean(scores: Sequence[Decimal]) -> Decimal | None:
    """The panel's result: with three judges or more the highest and the lowest score are dropped (one each)
    and the rest averaged; with one or two judges, the plain mean. None without a score."""
    if not scores:
        return None
    kept = sorted(scores)
    if len(kept) >= TRIM_FROM:
        kept = kept[1:-1]
    return (sum(kept, Decimal(0)) / len(kept)).quantize(ONE_DECIMAL, ROUND_HALF_UP)


# 360 feedback: five statements, each answered 1 (rarely) … 5 (always).
QUESTIONS: tuple[str | Promise, ...] = (
    _("Helps colleagues and shares what works"),
    _("Explains clearly and listens"),
    _("Knows the products, the platform rules and the tools"),
    _("Keeps calm and takes responsibility under pressure"),
    _("Coaches new colleagues patiently"),
)
ANSWER_MIN, ANSWER_MAX = 1, 5
# A group of raters (peers, subordinates, leads) is shown only from this many answers: fewer could be told apart.
MIN_GROUP = 3


@dataclass
class FeedbackGroup:
    relation: str
    label: str | Promise
    asked: int = 0
    answered: int = 0
    averages: list[Decimal] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        if self.relation == Relation.SELF:
            return self.answered >= 1
        return self.answered >= MIN_GROUP

    @property
    def rows(self) -> list[tuple[str | Promise, Decimal]]:
        return list(zip(QUESTIONS, self.averages, strict=False))


def feedback_groups(requests: Iterable[FeedbackRequest]) -> list[FeedbackGroup]:
    """The 360 answers per relation, averaged per question. A hidden group keeps only its counts: its
    averages and comments are not even computed, so no template can leak them. Comments are sorted, not in
    the order they came, so nobody can match them to the order the raters answered in."""
    groups = {value: FeedbackGroup(value, label) for value, label in Relation.choices}
    answers: dict[str, list[list[int]]] = {value: [] for value in groups}
    comments: dict[str, list[str]] = {value: [] for value in groups}
    for request in requests:
        group = groups[request.relation]
        group.asked += 1
        if request.answered_at is not None:
            group.answered += 1
            answers[request.relation].append([int(a) for a in request.answers])
            if request.comment.strip():
                comments[request.relation].append(request.comment.strip())
    for key, group in groups.items():
        if group.shown:
            rows = answers[key]
            group.averages = [
                (Decimal(sum(r[i] for r in rows)) / len(rows)).quantize(ONE_DECIMAL, ROUND_HALF_UP)
                for i in range(len(QUESTIONS))
            ]
            group.comments = sorted(comments[key])
    return [g for g in groups.values() if g.asked]
