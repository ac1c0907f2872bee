"""Whose notifications a user sees: only their own, whatever their role. Another user's
notification is a 404 (its existence is not revealed).

Who is sent which reminder is the reminders' business (``notifications.reminders``), not an access rule.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import Notification


def own_notifications(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user_id=user.pk)


def get_notification_for_user(user: User, pk: int) -> Notification:
    return get_object_or_404(own_notifications(user), pk=pk)
