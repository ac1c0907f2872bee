"""Permission-matrix rows for the calendar feeds (see tests/test_permissions.py): GET rows here, POST rows in
``POST_ROWS`` (added to tests/matrix_post.py's list). "My calendar" is every logged-in person's own page; making
a new address is POST only (GET: 405 once logged in). The feed needs no login: whoever holds a valid token gets
that token's calendar (200, the same for a logged-in visitor), an unknown token is a 404 for everyone."""

from __future__ import annotations

import secrets

from feeds.services import token_for
from tests.conftest import World
from tests.matrix import row


def trainees_feed(world: World) -> dict[str, str]:
    return {"token": token_for(user=world.trainee.user).token}


EVERYONE = row(302, 200, 200, 200, 200, 200)

#        name              kwargs                                          anon  hr   trainer mentor trainee outsider
ROWS: list = [
    ("my_calendar", None, EVERYONE),
    ("calendar_rotate", None, row(302, 405, 405, 405, 405, 405)),  # POST only
    ("calendar_feed", trainees_feed, row(200, 200, 200, 200, 200, 200)),
    # A fresh unknown token each time: the throttle counts unknown tokens too, and one shared by every test
    # would be spent within the hour.
    ("calendar_feed", lambda w: {"token": secrets.token_urlsafe(32)}, row(404, 404, 404, 404, 404, 404)),
]

# Making a new address redirects back to the page with it.
POST_ROWS: list = [
    ("calendar_rotate", None, {}, row(302, 302, 302, 302, 302, 302)),
]
