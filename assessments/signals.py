"""Signals the assessments send for the apps above them to act on (they may not be imported from
here: the apps depend one way). Each is sent after the commit of the change it announces."""

from __future__ import annotations

from django.dispatch import Signal

attempt_graded = Signal()
"""A person graded or regraded answers of one attempt; sent once per attempt and grading action.
Arguments: ``attempt_id`` (int), ``regrade_id`` (int, the history row of this action; it names
the action) and ``regraded`` (bool: a score given before was changed)."""

attempt_result_final = Signal()
"""An attempt's result became final, or a regrade turned a pass into a fail or back; sent after the commit,
whether the attempt was scored automatically at closing or by a person. Arguments: ``attempt_id`` (int) and
``passed`` (bool). Practice attempts send nothing."""
