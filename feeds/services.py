"""Writes of the calendar feeds: create a person's secret address, rotate it, note that a calendar app used it."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import FeedToken, token_digest

# A calendar app polls every hour or so: noting each fetch would write a row per poll for nothing.
LAST_USED_RESOLUTION = timedelta(minutes=15)


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def token_for(*, user: User) -> FeedToken:
    """The user's feed token, created on first use (two tabs opening the page at once share one)."""
    existing = FeedToken.objects.filter(user=user).first()
    if existing is not None:
        return existing
    token = _new_token()
    try:
        with transaction.atomic():
            return FeedToken.objects.create(user=user, token=token, digest=token_digest(token))
    except IntegrityError:
        return FeedToken.objects.get(user=user)


@transaction.atomic
def rotate_token(*, user: User) -> FeedToken:
    """Replace the user's secret: every calendar subscribed to the old address gets 404 from now on
    (a leaked address is dead the moment its owner rotates it)."""
    feed = FeedToken.objects.select_for_update().filter(user=user).first()
    token = _new_token()
    if feed is None:
        return FeedToken.objects.create(user=user, token=token, digest=token_digest(token))
    feed.token, feed.digest, feed.rotated_at = token, token_digest(token), timezone.now()
    feed.save(update_fields=["token", "digest", "rotated_at"])
    return feed


def note_fetch(*, feed: FeedToken) -> None:
    """Remember when a calendar app last fetched the feed (shown on the owner's page), at most every
    quarter of an hour."""
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at >= LAST_USED_RESOLUTION:
        FeedToken.objects.filter(pk=feed.pk).update(last_used_at=now)
        feed.last_used_at = now
