"""Automatic score of one reply (0–100), computed on the server from the stored text and the server's clock.

* Key points (考核点), 50: the share of the turn's key points the reply covers; a point is covered when any of
  its keywords occurs in the reply (both normalised as the banned-word list is: full-width to half-width, case
  folded, spaces and punctuation skipped).
* Similarity, 20: rapidfuzz ``fuzz.ratio`` between the normalised reply and the reference answer (0–100);
  80 or more earns all 20, less earns its share of 80.
* Reply time, 15: all 15 within the target time; nothing from three times the target; linear in between.
* Wording, 15: the portal's banned-word list (``wording``) and the turn's own forbidden words. A hit of
  severity *block* (and any forbidden word of the turn) fails the turn: wording earns 0 and the turn scores
  at most 40. Each *warn* hit costs 5.

The session's automatic score is the mean of its turns, rounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import ahocorasick
from rapidfuzz import fuzz

from wording.matching import key, scan

KEY_POINTS = 50
SIMILARITY = 20
TIME = 15
WORDING = 15
SIMILARITY_FULL = 80  # a ratio from which the similarity part is full
FAILED_CAP = 40
WARN_COST = 5


@dataclass
class TurnResult:
    score: int
    points: dict[str, int]
    covered: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    hits: list[dict[str, Any]] = field(default_factory=list)
    similarity: int = 0
    failed: bool = False


def _automaton(words: list[str]) -> ahocorasick.Automaton | None:
    automaton = ahocorasick.Automaton()
    for word in {key(w).strip() for w in words}:
        if word:
            automaton.add_word(word, word)
    if len(automaton) == 0:
        return None
    automaton.make_automaton()
    return automaton


def found_words(text: str, words: list[str]) -> set[str]:
    """Which of ``words`` occur in ``text`` (both normalised), by Aho–Corasick."""
    automaton = _automaton(words)
    if automaton is None:
        return set()
    return {word for _end, word in automaton.iter(key(text))}


def key_points_of(key_points: list[dict[str, Any]], text: str) -> tuple[list[str], list[str]]:
    keywords = [str(k) for point in key_points for k in point.get("any_of", [])]
    present = found_words(text, keywords)
    covered: list[str] = []
    missed: list[str] = []
    for point in key_points:
        words = {key(str(k)).strip() for k in point.get("any_of", [])}
        (covered if words & present else missed).append(str(point.get("label", "")))
    return covered, missed


def wording_hits(text: str, forbidden: list[str]) -> list[dict[str, Any]]:
    """The portal's banned words, then the turn's own forbidden words not already found (always blocking)."""
    hits: list[dict[str, Any]] = [
        {
            "word": hit.word,
            "category": str(hit.category),
            "severity": str(hit.severity),
            "replacement": hit.replacement or "",
        }
        for hit in scan(text)
    ]
    seen = {key(h["word"]) for h in hits}
    for word in sorted(found_words(text, [str(w) for w in forbidden]) - seen):
        hits.append({"word": word, "category": "turn", "severity": "block", "replacement": ""})
    return hits


def time_points(seconds: int, target: int) -> int:
    if seconds <= target:
        return TIME
    late = (seconds - target) / (2 * target)
    return max(0, round(TIME * (1 - late)))


def similarity_of(text: str, reference: str) -> int:
    return round(fuzz.ratio(key(text), key(reference)))


def score_reply(
    *, text: str, key_points: list[dict[str, Any]], forbidden: list[str], reference: str, seconds: int, target: int
) -> TurnResult:
    covered, missed = key_points_of(key_points, text)
    hits = wording_hits(text, forbidden)
    failed = any(h["severity"] == "block" for h in hits)
    warns = sum(1 for h in hits if h["severity"] != "block")
    similarity = similarity_of(text, reference)
    points = {
        "key_points": round(KEY_POINTS * len(covered) / len(key_points)) if key_points else KEY_POINTS,
        "similarity": round(SIMILARITY * min(similarity, SIMILARITY_FULL) / SIMILARITY_FULL),
        "time": time_points(seconds, target),
        "wording": 0 if failed else max(0, WORDING - WARN_COST * warns),
    }
    score = sum(points.values())
    if failed:
        score = min(score, FAILED_CAP)
    return TurnResult(
        score=score, points=points, covered=covered, missed=missed, hits=hits, similarity=similarity, failed=failed
    )


def session_score(scores: list[int]) -> int | None:
    return round(sum(scores) / len(scores)) if scores else None
