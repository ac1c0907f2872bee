from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """Services' refusals are read in English here (a request in between activates its own language)."""
    with translation.override("en"):
        yield
