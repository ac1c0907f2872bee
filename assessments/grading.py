"""Automatic grading of objective answers. Pure functions over an answer's snapshot, so a later
edit of the question never changes a score.

Responses as stored on ``Answer.response``:
- single: the key shown ("B"); multiple: a list of keys (["A", "C"]); true / false: a bool;
- fill: the text typed; short: the text typed (graded by a person).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .models import MultipleChoiceRule, QuestionType

ONE_DECIMAL = Decimal("0.1")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Compare fill-in answers the way a person would: full-width and half-width forms are the
    same (NFKC: "ＡＢＣ１２" → "abc12"), letter case and spaces at either end do not count, and runs
    of inner spaces count as one."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).strip()).casefold()


def grade(
    *,
    type: str,
    snapshot: dict[str, Any],
    response: Any,
    points: Decimal,
    rule: str = MultipleChoiceRule.ALL_OR_NOTHING,
) -> Decimal | None:
    """The points an answer earns, or None when a person must grade it (short answers).
    A missing or malformed response earns 0."""
    if type == QuestionType.SHORT:
        return None
    correct = snapshot.get("correct")
    earned = Decimal(0)
    if type == QuestionType.SINGLE:
        if isinstance(response, str) and [response] == list(correct or []):
            earned = points
    elif type == QuestionType.TRUE_FALSE:
        if isinstance(response, bool) and response is correct:
            earned = points
    elif type == QuestionType.FILL:
        if isinstance(response, str) and response.strip():
            accepted = {normalise(a) for a in snapshot.get("accepted", [])}
            if normalise(response) in accepted:
                earned = points
    elif type == QuestionType.MULTIPLE:
        earned = _grade_multiple(set(correct or []), response, points, rule)
    return earned.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _grade_multiple(correct: set[str], response: Any, points: Decimal, rule: str) -> Decimal:
    if not isinstance(response, list) or not all(isinstance(k, str) for k in response):
        return Decimal(0)
    chosen = set(response)
    if not chosen or not correct or chosen - correct:
        return Decimal(0)  # nothing chosen, or any wrong option: no points under every rule
    if chosen == correct:
        return points
    if rule == MultipleChoiceRule.HALF_IF_SUBSET:
        return points / 2
    if rule == MultipleChoiceRule.PROPORTIONAL:
        return points * len(chosen) / len(correct)
    return Decimal(0)


def clean_response(*, type: str, snapshot: dict[str, Any], raw: Any) -> Any:
    """Check a response's shape against the question as shown; raise ValueError when it cannot
    be an answer to it (an unknown option, a list for a single choice, an overlong text)."""
    keys = {o["key"] for o in snapshot.get("options", [])}
    if raw is None or raw == "" or raw == []:
        return None
    if type == QuestionType.SINGLE:
        if not isinstance(raw, str) or raw not in keys:
            raise ValueError("unknown option")
        return raw
    if type == QuestionType.MULTIPLE:
        if not isinstance(raw, list) or not all(isinstance(k, str) and k in keys for k in raw):
            raise ValueError("unknown option")
        return sorted(set(raw))
    if type == QuestionType.TRUE_FALSE:
        if isinstance(raw, bool):
            return raw
        if raw in ("true", "false"):
            return raw == "true"
        raise ValueError("not true or false")
    limit = 200 if type == QuestionType.FILL else 5000
    if not isinstance(raw, str) or len(raw) > limit:
        raise ValueError("text too long")
    return raw
