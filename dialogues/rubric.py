"""The trainer's rubric for a dialogue: four criteria, each 1–5; the score is their sum scaled to 100."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

CRITERIA = [
    ("attitude", _("Attitude (态度)")),
    ("wording", _("Standard wording (话术规范)")),
    ("resolution", _("Solving the problem (问题解决)")),
    ("timeliness", _("Timeliness (时效)")),
]
MAX_LEVEL = 5
PASS_MARK = 60  # the automatic and the trainer's score a run needs to count as passed


def rubric_score(levels: Mapping[str, int]) -> int:
    return round(100 * sum(levels.values()) / (MAX_LEVEL * len(CRITERIA)))
