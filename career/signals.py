"""Signals of this app, received by apps above it (notifications tells the mentor)."""

from django.dispatch import Signal

# Sent with ``need`` (a new career.models.RefresherNeed) once, when a refresher is first asked for.
refresher_assigned = Signal()
