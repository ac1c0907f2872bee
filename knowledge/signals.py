"""Signals of this app, received by the apps above it (notifications tells each recipient)."""

from django.dispatch import Signal

# Sent after the commit when a version reaches people: ``version_id`` and ``employee_ids`` (every
# recipient for a new version, only the newcomers when people are added to an update).
update_published = Signal()
