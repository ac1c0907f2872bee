"""打字测试: scoring a typing test and keeping its clock on the server.

The browser sends only the committed text, what ended up in the textarea after IME composition;
keystrokes are never counted, because with a Chinese IME one character costs several of them.
Everything that decides a pass is computed here:

- characters typed = the length of the typed text after line ends are made ``\\n`` and trailing
  whitespace is dropped;
- correct characters = the characters of the typed text that line up, in order, with the same
  character of the passage. The alignment is ``difflib.SequenceMatcher`` over characters with
  ``autojunk`` off (Ratcliff/Obershelp: the longest common run, then the same on each side of it).
  We chose it over a Levenshtein alignment because its matches are exactly "characters typed
  right, in order", it is in the standard library, and it stays fast on long texts where a full
  edit-distance table would not; for typing mistakes (a wrong character, a skipped or an extra
  one) it finds the same matches as the longest common subsequence;
- before comparing, each character is folded with NFKC when that gives a single character, so
  the full-width and half-width forms of the same punctuation, digit or letter count as equal
  (，/, ！/! ：/: ７/7). Marks with no half-width twin (。、“”) stay distinct: typing "." for
  "。" is an error. A character NFKC would expand (… → ...) is compared as itself, so the counts
  never exceed what was typed;
- accuracy = correct / max(typed, 1) × 100. Text shorter than the passage is fine: skipping
  costs speed, not accuracy; extra text is wrong text;
- cpm (字/分) = correct characters per minute over the time the server measured: from the
  moment it signed the start token to the submission, capped at the passage's duration plus
  ``GRACE_SECONDS`` and never under ``MIN_ELAPSED_SECONDS``;
- a text that arrived faster than ``MAX_HUMAN_CPM`` characters a minute (all characters typed, over
  the server's time) cannot have been typed by a person: the result is flagged and does not pass;
- the page also sends its *pace*: the committed length after each input, with the milliseconds since the
  first one. A jump of more than ``MAX_BURST_CHARS`` characters in one input is text pasted through the
  IME (its clipboard or phrase tools insert a whole passage as one "composition"), which the page cannot
  refuse as it refuses a paste: the result is flagged and does not pass, however slowly it was handed in.
  A pace that does not end at the length received is refused as forged. A submission without a pace
  (not from the portal's page) is judged on the server's clock alone: the pace is the browser's word and
  adds a check, never an excuse.

Both numbers are rounded down to one decimal, so a result never shows more than was earned,
and the pass decision uses the numbers shown.

The start token is signed (``django.core.signing``) and names the passage, the employee and the
start instant in microseconds. That instant is stored as the result's ``started_at`` and is the
token's identity: a second result for the same employee, passage and start is refused.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from difflib import SequenceMatcher
from typing import Any

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.models import Employee

from .models import FlagReason, TypingPassage, TypingResult

GRACE_SECONDS = 10
"""Time allowed after the countdown ends for the automatic submission to reach the server."""
MIN_ELAPSED_SECONDS = 1
"""Less than a second cannot be a real test; it is counted as one so that speed stays finite."""
TOKEN_SALT = "assessments.typing.start"
MAX_CPM = Decimal("99999.9")  # what TypingResult.cpm can hold
MAX_HUMAN_CPM = 400
"""Characters per minute (everything typed, over the server's clock) that no person reaches.
The fastest Chinese typists with an IME (pinyin or wubi) reach about 200–300 characters a minute
in competitions; 400 leaves room for the best of them, so text arriving faster was pasted
(through the IME's clipboard or by a script) and is flagged: it does not pass."""
MAX_BURST_CHARS = 30
"""Characters that may arrive in one input. A pinyin or wubi IME commits a word or a phrase at a time
(sentence mode, 整句输入, a clause of up to about 20 characters); more at once was pasted."""
MAX_PACE_POINTS = 20_000
"""Inputs the page may report: more than one a character of the longest passage allowed is forged."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_TENTH = Decimal("0.1")


class TypingError(Exception):
    """A submission that cannot be scored. The message is meant for the person who sent it."""

    status_code = 400


class TokenReusedError(TypingError):
    """The start token has already produced a result."""

    status_code = 409


@dataclass(frozen=True)
class Score:
    characters: int
    correct_characters: int
    elapsed_seconds: float
    cpm: Decimal
    accuracy: Decimal
    passed: bool
    flagged: bool = False
    flag_reason: str = ""
    largest_burst: int | None = None


# ---------------------------------------------------------------------------- pure scoring


def clean_typed(text: str) -> str:
    """Browsers send textarea line ends as CRLF; trailing spaces and newlines are not typing."""
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip()


def _fold(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


def _aligned(passage: str, typed: str) -> SequenceMatcher:
    return SequenceMatcher(None, [_fold(c) for c in passage], [_fold(c) for c in typed], autojunk=False)


def count_correct(passage: str, typed: str) -> int:
    """Characters of ``typed`` that line up, in order, with the same character of ``passage``."""
    if not passage or not typed:
        return 0
    return sum(block.size for block in _aligned(passage, typed).get_matching_blocks())


def mark_errors(passage: str, typed: str) -> list[tuple[str, bool]]:
    """The typed text cut into runs of (text, correct), to show the trainee what went wrong."""
    runs: list[tuple[str, bool]] = []
    position = 0
    for block in _aligned(passage, typed).get_matching_blocks():
        if block.b > position:
            runs.append((typed[position : block.b], False))
        if block.size:
            runs.append((typed[block.b : block.b + block.size], True))
        position = block.b + block.size
    if position < len(typed):
        runs.append((typed[position:], False))
    return runs


def counted_seconds(*, started_at: datetime, finished_at: datetime, duration_seconds: int) -> float:
    """The time a result is scored over: the real time, capped at the duration plus the grace."""
    real = (finished_at - started_at).total_seconds()
    return min(max(real, MIN_ELAPSED_SECONDS), duration_seconds + GRACE_SECONDS)


def parse_pace(raw: str, *, characters: int) -> list[tuple[int, int]] | None:
    """The page's pace as (milliseconds, committed characters) pairs; None when none was sent.

    Raises TypingError when it is malformed, goes back in time, or does not end at ``characters``
    (the length received): a pace that does not describe the text is forged."""
    if not raw:
        return None
    refused = TypingError(_("The record of your typing was damaged, so the test was not scored. Take it again."))
    try:
        data = json.loads(raw)
    except ValueError:
        raise refused from None
    if not isinstance(data, list) or not data or len(data) > MAX_PACE_POINTS:
        raise refused
    pace: list[tuple[int, int]] = []
    for point in data:
        if not (isinstance(point, list) and len(point) == 2 and all(type(v) is int and v >= 0 for v in point)):
            raise refused
        if pace and point[0] < pace[-1][0]:
            raise refused
        pace.append((point[0], point[1]))
    if pace[-1][1] != characters:
        raise refused
    return pace


def largest_burst(pace: list[tuple[int, int]]) -> int:
    """The most characters that arrived in one input (deleting never counts)."""
    before, largest = 0, 0
    for _ms, length in pace:
        largest = max(largest, length - before)
        before = length
    return largest


def score(
    *,
    passage_text: str,
    typed: str,
    elapsed_seconds: float,
    min_cpm: int,
    min_accuracy: int,
    pace: list[tuple[int, int]] | None = None,
) -> Score:
    """Score committed text against a passage. Pure: no clock and no database."""
    text = clean_typed(typed)
    characters = len(text)
    correct = count_correct(passage_text, text)
    seconds = max(elapsed_seconds, MIN_ELAPSED_SECONDS)
    cpm = min((Decimal(correct) * 60 / Decimal(str(seconds))).quantize(_TENTH, ROUND_DOWN), MAX_CPM)
    accuracy = (Decimal(correct) * 100 / max(characters, 1)).quantize(_TENTH, ROUND_DOWN)
    # Plausibility first on the server's numbers (the length received, the time the server measured),
    # then on the page's pace: a burst no IME commits.
    burst = largest_burst(pace) if pace else None
    reason = ""
    if characters * 60 / seconds > MAX_HUMAN_CPM:
        reason = FlagReason.SPEED
    elif burst is not None and burst > MAX_BURST_CHARS:
        reason = FlagReason.BURST
    flagged = bool(reason)
    return Score(
        characters=characters,
        correct_characters=correct,
        elapsed_seconds=seconds,
        cpm=cpm,
        accuracy=accuracy,
        passed=not flagged and cpm >= min_cpm and accuracy >= min_accuracy,
        flagged=flagged,
        flag_reason=reason,
        largest_burst=burst,
    )


def best_of(results: Iterable[TypingResult]) -> TypingResult | None:
    """The result to be proud of: a pass before a fail, then the higher speed, then accuracy."""
    return max(results, key=lambda r: (r.passed, not r.flagged, r.cpm, r.accuracy, r.finished_at), default=None)


# ---------------------------------------------------------------------------- the server's clock


def issue_token(*, passage: TypingPassage, employee: Employee, now: datetime | None = None) -> str:
    """Start the clock: a signed note of who starts which passage, and when (to the microsecond)."""
    start = now or timezone.now()
    micros = (start - _EPOCH) // timedelta(microseconds=1)
    return signing.dumps({"p": passage.pk, "e": employee.pk, "t": micros}, salt=TOKEN_SALT)


def read_token(token: str, *, passage: TypingPassage, employee: Employee) -> datetime:
    """The start instant of a token; raises TypingError if it is forged or someone else's."""
    try:
        data: Any = signing.loads(token, salt=TOKEN_SALT)
        passage_id, employee_id, micros = int(data["p"]), int(data["e"]), int(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise TypingError(
            _("This test's start token is missing or has been altered, so it cannot be scored. Open the test again.")
        ) from exc
    if employee_id != employee.pk:
        raise TypingError(_("This test was started from another account. Open the test again from your own."))
    if passage_id != passage.pk:
        raise TypingError(_("This start token belongs to another passage. Open the test again."))
    return _EPOCH + timedelta(microseconds=micros)


def max_typed_length(passage: TypingPassage) -> int:
    """Anything much longer than the passage is not an attempt at it; refuse before aligning."""
    return 2 * len(passage.text) + 200


@transaction.atomic
def record_result(
    *,
    passage: TypingPassage,
    employee: Employee,
    token: str,
    typed: str,
    pace: str = "",
    now: datetime | None = None,
) -> TypingResult:
    """Score a submission on the server's clock and store it, once per start token.

    Raises TypingError for a forged, foreign or over-long submission and TokenReusedError when the
    token has already been scored.
    """
    started_at = read_token(token, passage=passage, employee=employee)
    text = clean_typed(typed)
    if len(text) > max_typed_length(passage):
        raise TypingError(_("The typed text is far longer than the passage, so it was not scored."))
    steps = parse_pace(pace, characters=len(text))
    finished_at = now or timezone.now()
    result = score(
        passage_text=passage.text,
        typed=text,
        elapsed_seconds=counted_seconds(
            started_at=started_at, finished_at=finished_at, duration_seconds=passage.duration_seconds
        ),
        min_cpm=passage.min_cpm,
        min_accuracy=passage.min_accuracy,
        pace=steps,
    )
    # Lock the employee's row so two submissions of one token cannot both pass the check below
    # (PostgreSQL; SQLite serialises writers anyway). A unique constraint on (employee, passage,
    # started_at) would be the stronger guard once the model can change.
    Employee.objects.select_for_update().only("pk").get(pk=employee.pk)
    if TypingResult.objects.filter(employee=employee, passage=passage, started_at=started_at).exists():
        raise TokenReusedError(_("This test has already been submitted. Open the test again to take it once more."))
    return TypingResult.objects.create(
        employee=employee,
        passage=passage,
        started_at=started_at,
        finished_at=finished_at,
        typed_text=text,
        characters=result.characters,
        correct_characters=result.correct_characters,
        cpm=result.cpm,
        accuracy=result.accuracy,
        passed=result.passed,
        flagged=result.flagged,
        flag_reason=result.flag_reason,
        largest_burst=result.largest_burst,
    )
