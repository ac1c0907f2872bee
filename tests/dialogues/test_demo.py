"""The demo's dialogues: the demo trainee has a scored run, one waiting for her trainer and a practice run
that does not count; the September cohort's go-live evidence shows its scored runs."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from dialogues.models import Session
from dialogues.sections import go_live_dialogues
from employees.models import Status
from training.models import Enrollment

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 24, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_demo_shows_practised_and_scored_dialogues(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(NOW, tick=False):
        call_command("demo_data", stdout=StringIO(), stderr=StringIO())
    mine = Session.objects.filter(employee__user__username="trainee")
    assert mine.filter(counts=True, trainer_score__isnull=False).count() == 1
    assert mine.filter(counts=True, trainer_score__isnull=True, finished_at__isnull=False).count() == 1
    assert mine.filter(counts=False).count() == 1
    went_live = Enrollment.objects.filter(employee__employee_no__startswith="S", employee__status=Status.LIVE)
    enrollment = went_live.select_related("employee").order_by("employee__employee_no").first()
    section = go_live_dialogues(enrollment=enrollment, viewer=mine.first().scored_by)
    assert section is not None and len(section.context["sessions"]) == 2 and section.met is True
