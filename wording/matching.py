"""Finding banned words in a text: one Aho-Corasick automaton per published list version.

``scan(text)`` checks a text against the current published version and returns the hits with their
positions in the text as given, so a page can highlight them. Before matching, the text is normalised
(NFKC: full-width letters and digits to half-width; lower case) and spaces and filler marks between
characters are skipped, so ``ＶＸ``, ``V X`` and ``加 微 信`` are found like ``vx`` and ``加微信``.
A hit that lies inside an allowed phrase (第一 inside 第一次) is dropped.

The automaton is built once per process per version and reused until a newer version is published: one
pass over the text finds every listed word, however long the list (no loop over the words per text).
Scanning many texts at once: take ``current_matcher()`` once and call its ``scan``.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import ahocorasick

from .models import AllowedPhrase, BannedWord, Severity, WordListVersion

# Marks people put between the characters of a word to slip it past a filter ("加*微*信", "v.x");
# whitespace (including the full-width space) and zero-width characters are skipped as well.
FILLERS = frozenset("*·•・_-~.|/\\、\u200b\u200c\u200d\u2060\ufeff")


@dataclass(frozen=True)
class Hit:
    word: str  # the listed word as written in the list
    start: int  # index in the ORIGINAL text (so a page can highlight it)
    end: int  # exclusive
    category: str  # Category value: "ad_law" | "false_promise" | "service" | "diversion"
    severity: str  # Severity value: "block" | "warn"
    replacement: str  # suggested wording, "" if none

    @property
    def is_blocking(self) -> bool:
        return self.severity == Severity.BLOCK


@dataclass(frozen=True)
class Entry:
    """A listed word as the matcher holds it."""

    word: str
    category: str
    severity: str
    replacement: str


def _fold(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char).lower()
    if len(folded) == 1:
        return folded
    # A character NFKC expands (a ligature, ㈱) or whose lower case is two characters stays itself, so
    # that positions in the normalised text are positions in the original.
    lower = char.lower()
    return lower if len(lower) == 1 else char


def normalise(text: str) -> str:
    """NFKC (full-width → half-width) and lower case, one character for one: same length as ``text``."""
    return "".join(_fold(c) for c in text)


def _skipped(char: str) -> bool:
    return char.isspace() or char in FILLERS


def _compact(normalised: str) -> tuple[str, list[int]]:
    """The normalised text without skipped characters, and where each kept character was."""
    kept = [(c, i) for i, c in enumerate(normalised) if not _skipped(c)]
    return "".join(c for c, _ in kept), [i for _, i in kept]


def key(word: str) -> str:
    """What a listed word or phrase is matched as."""
    return _compact(normalise(word))[0]


def _is_latin(char: str) -> bool:
    return "a" <= char <= "z"


class Matcher:
    """The automaton of one list: its words and allowed phrases."""

    def __init__(self, words: Iterable[Entry], allowed: Iterable[str] = (), *, version: int | None = None) -> None:
        self.version = version
        self.entries: list[Entry] = []
        self._automaton = ahocorasick.Automaton()
        seen: set[str] = set()
        # Blocking words first, so that of two words written alike (VX and vx) the stricter one is kept.
        for entry in sorted(words, key=lambda e: e.severity != Severity.BLOCK):
            k = key(entry.word)
            if not k or k in seen:
                continue
            seen.add(k)
            self._automaton.add_word(k, (len(k), len(self.entries), True))
            self.entries.append(entry)
        for phrase in allowed:
            k = key(phrase)
            if k and k not in seen:
                seen.add(k)
                self._automaton.add_word(k, (len(k), -1, False))
        self._empty = not seen
        if not self._empty:
            self._automaton.make_automaton()

    def scan(self, text: str) -> list[Hit]:
        """Every listed word in ``text`` (overlapping ones too), by position, longest first at a position."""
        if self._empty or not text:
            return []
        normalised = normalise(text)
        compact, where = _compact(normalised)
        found: list[tuple[int, int, int]] = []
        allowed: list[tuple[int, int]] = []
        for last, (length, index, listed) in self._automaton.iter(compact):
            start, end = last - length + 1, last + 1
            if listed:
                found.append((start, end, index))
            else:
                allowed.append((start, end))
        hits: list[Hit] = []
        for start, end, index in found:
            if any(a_start <= start and end <= a_end for a_start, a_end in allowed):
                continue
            orig_start, orig_end = where[start], where[end - 1] + 1
            # A Latin word (vx, qq) counts only as a word of its own, not inside another (nvxt).
            if _is_latin(compact[start]) and orig_start > 0 and _is_latin(normalised[orig_start - 1]):
                continue
            if _is_latin(compact[end - 1]) and orig_end < len(normalised) and _is_latin(normalised[orig_end]):
                continue
            entry = self.entries[index]
            hits.append(Hit(entry.word, orig_start, orig_end, entry.category, entry.severity, entry.replacement))
        hits.sort(key=lambda h: (h.start, h.start - h.end, h.word))
        return hits


def matcher_for(version: WordListVersion) -> Matcher:
    """A fresh matcher of any version (the draft, an old one); not cached."""
    words = BannedWord.objects.filter(version=version).values_list("word", "category", "severity", "replacement")
    phrases = AllowedPhrase.objects.filter(version=version).values_list("phrase", flat=True)
    return Matcher([Entry(*w) for w in words], phrases, version=version.number)


_lock = threading.Lock()
_cached: tuple[tuple[int, datetime | None], Matcher] | None = None


def current_matcher() -> Matcher:
    """The matcher of the current published version (one query while it stays current)."""
    global _cached
    current = WordListVersion.objects.published().order_by("-number").first()
    if current is None:
        return Matcher([])
    # The publication time is in the key too: a test database may hold another "version 2" later.
    cache_key = (current.number, current.published_at)
    with _lock:
        if _cached is not None and _cached[0] == cache_key:
            return _cached[1]
    matcher = matcher_for(current)
    with _lock:
        _cached = (cache_key, matcher)
    return matcher


def clear_cache() -> None:
    global _cached
    with _lock:
        _cached = None


def scan(text: str) -> list[Hit]:
    """The banned words in ``text`` by the current published version; allow-listed spans removed."""
    return current_matcher().scan(text)


def blocking(hits: list[Hit]) -> list[Hit]:
    """The hits that block a reply (severity block)."""
    return [h for h in hits if h.severity == Severity.BLOCK]
