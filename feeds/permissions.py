"""Who reaches a feed: whoever holds its token, and nobody else. No login (calendar apps cannot log in): the
token is the credential, looked up by its digest and compared in constant time. An unknown or rotated token,
or the token of a login that was deactivated, is a 404, as if the address had never existed."""

from __future__ import annotations

import secrets

from django.http import Http404

from .models import FeedToken, token_digest

# secrets.token_urlsafe(32) is 43 characters; anything much longer is not a token.
MAX_TOKEN_LENGTH = 64


def get_feed(token: str) -> FeedToken:
    if not 20 <= len(token) <= MAX_TOKEN_LENGTH:
        raise Http404
    feed = FeedToken.objects.select_related("user").filter(digest=token_digest(token)).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    if not secrets.compare_digest(feed.token.encode(), token.encode("utf-8", "surrogatepass")):
        raise Http404
    return feed
