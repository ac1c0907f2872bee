from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture
def roster_env(settings, tmp_path, client):
    """For the roster tests (`pytestmark` of test_roster_*.py): messages are checked in English (the
    catalogue translates them later); uploads go to tmp; a queued task runs at once in the test instead
    of going to the broker."""
    from config.celery import app

    settings.MEDIA_ROOT = tmp_path
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        with translation.override("en"):
            yield
    finally:
        app.conf.task_always_eager = eager
