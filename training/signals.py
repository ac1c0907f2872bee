"""Signals of this app, received by apps above it."""

from django.dispatch import Signal

# Sent with ``enrollment``, ``old`` and ``new`` (Enrollment states) after an enrollment's state changes,
# e.g. to "completed" when a refresher is finished (career certifies the plan's competencies).
enrollment_state_changed = Signal()
