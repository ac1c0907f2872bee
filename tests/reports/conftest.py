from __future__ import annotations

import pytest
import time_machine
from django.utils import translation

from assessments.models import Attempt, AttemptStatus
from tests.reports.report_data import DAY1, DAY4, DAY9, assess, mark, members, sit, typed
from training.models import ShadowingLog


@pytest.fixture
def media_in_english(settings, tmp_path, client):
    """For the report tests (their `pytestmark`; not the dashboards'): files in a temporary MEDIA_ROOT;
    messages, labels and titles in English (the source language), both for code run here and for pages,
    which follow the browser's language."""
    settings.MEDIA_ROOT = tmp_path
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def rich(world):
    """The world's trainee with a known record, and a second member who failed the pass exam."""
    e = world.enrollment
    mark(e, 1, "present", "late", "absent", completed=1)
    mark(e, 2, "present", "present")
    sit(world.trainee, "handbook-quiz", 1, 95, pending=1, at=DAY1)  # awaiting grading: no result yet
    sit(world.trainee, "business-knowledge", 1, 60)
    sit(world.trainee, "business-knowledge", 2, 85)
    sit(world.trainee, "business-systems", 1, 90)
    Attempt.objects.create(  # practice never counts
        exam=None,
        employee=world.trainee,
        is_practice=True,
        status=AttemptStatus.SUBMITTED,
        started_at=DAY4,
        deadline=DAY4,
        submitted_at=DAY4,
        max_score=10,
        score=10,
        percent=100,
    )
    with time_machine.travel(DAY4, tick=False):
        assess(world.trainee, world.trainer, level=2)
    with time_machine.travel(DAY9, tick=False):
        latest = assess(world.trainee, world.trainer, level=0, comment="接待热情")
    typed(world.trainee, "70.0", "96.0", True)
    typed(world.trainee, "80.0", "90.0", False, at=DAY9)  # faster but failed: the pass is the best result
    ShadowingLog.objects.create(enrollment=e, day_number=4, mentor=world.mentor, chats_observed=12, score=4, notes="好")
    ShadowingLog.objects.create(enrollment=e, day_number=5, mentor=world.mentor, chats_observed=15, score=5)
    other = members(world, 1, "B")[0]
    return {"latest": latest, "other": other}
