from __future__ import annotations

import pytest

from employees.models import Preference


@pytest.fixture
def english(world) -> None:
    """Everyone reads English, so that texts can be checked before they are translated."""
    for user in (
        world.hr,
        world.trainer,
        world.other_trainer,
        world.mentor.user,
        world.trainee.user,
        world.outsider.user,
    ):
        Preference.objects.create(user=user, language="en")
