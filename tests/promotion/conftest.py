import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """Services raise their refusals in the active language; these tests match the English msgids (pages
    still answer in Chinese, the default, through the locale middleware)."""
    with translation.override("en"):
        yield
