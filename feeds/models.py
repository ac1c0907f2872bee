"""One secret calendar address per login: the token in ``/cal/<token>.ics`` that a calendar app polls."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def token_digest(token: str) -> str:
    """The SHA-256 of a token, the column the feed looks tokens up by (an index lookup on the secret itself
    would take longer the more of it matches; the digest gives nothing away)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class FeedToken(models.Model):
    """The secret of a person's calendar feed. Created the first time they open "My calendar"; rotating it
    replaces the secret, so the old address stops working at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_token", verbose_name=_("login")
    )
    # Kept readable: the owner's page shows the whole address to copy into a calendar app.
    token = models.CharField(_("token"), max_length=64)
    digest = models.CharField(_("token digest"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    rotated_at = models.DateTimeField(_("rotated at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last fetched"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return str(self.user)
