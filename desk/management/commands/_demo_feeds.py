"""Calendar-feed demo data: the demo trainee, trainer and mentor already have their secret calendar address, so
"My calendar" shows one and ``/cal/<token>.ics`` serves the running cohort's plan, sessions and shadowing days
(anyone else gets theirs the first time they open the page)."""

from __future__ import annotations

from django.contrib.auth.models import User

from feeds.services import token_for

ACCOUNTS = ("trainee", "trainer", "mentor")


def load() -> None:
    for user in User.objects.filter(username__in=ACCOUNTS):
        token_for(user=user)
