from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture
def english(settings):
    """These tests read messages in English (the source language); Chinese is checked elsewhere.
    Used by test_typing.py and test_practicals*.py through their `pytestmark`."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def english_and_media(settings, tmp_path, client):
    """For the question-import tests (their `pytestmark`): messages are checked in English (the
    catalogue may translate them later); uploads go to tmp."""
    settings.MEDIA_ROOT = tmp_path
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
