"""The WSGI application of the page benchmark's load run: the portal's own settings and URLs, plus
``/bench/ping/`` (one query, a tiny response) to compare with, and the clock held at the benchmark's day.

Not part of the portal: gunicorn loads it from ``bench/`` (``--chdir bench``, ``_server:application``) only
while ``bench/pages.py`` runs. The clock moves on from ``BENCH_TODAY`` 09:00 in Shanghai as real time passes,
so "today" is the day the data was filled for.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
_clock = time_machine.travel(
    datetime.fromisoformat(os.environ["BENCH_TODAY"]).replace(hour=9, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True
)
_clock.start()

from django.core.wsgi import get_wsgi_application  # noqa: E402 - after the clock is set

application = get_wsgi_application()

from django.contrib.auth.decorators import login_required  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import clear_url_caches, path  # noqa: E402

import config.urls  # noqa: E402


@login_required
def ping(request: HttpRequest) -> HttpResponse:
    """The floor: session, login and middleware as every page has them, one query, no template."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("pong", content_type="text/plain")


config.urls.urlpatterns.insert(0, path("bench/ping/", ping, name="bench_ping"))
clear_url_caches()
