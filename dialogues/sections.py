"""The dialogue block of the go-live page: the runs that count for this enrollment (the first finished run of
each scenario while enrolled; "practise again" never counts), with the automatic and the trainer's score.

Met when at least ``REQUIRED`` scenarios of the employee's position class have a counting run with an automatic
score of at least the pass mark and a trainer's score of at least the pass mark. Registered in
``DialoguesConfig.ready``; one query."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext as _

from common.sections import Section
from training.models import Enrollment

from .rubric import PASS_MARK
from .selectors import counting_sessions

REQUIRED = 2


def go_live_dialogues(*, enrollment: Enrollment, viewer: User | AnonymousUser, **_subject: Any) -> Section | None:
    sessions = counting_sessions(enrollment.pk)
    if not sessions:
        return None
    position_class = enrollment.employee.position_class
    passed = {
        s.scenario_id
        for s in sessions
        if s.scenario.position_class == position_class
        and (s.auto_score or 0) >= PASS_MARK
        and (s.trainer_score or 0) >= PASS_MARK
    }
    return Section(
        title=_("Buyer dialogues"),
        template="dialogues/_go_live_section.html",
        context={
            "sessions": sessions,
            "passed": len(passed),
            "required": REQUIRED,
            "pass_mark": PASS_MARK,
            "position_class": enrollment.employee.get_position_class_display(),
        },
        order=35,
        met=len(passed) >= REQUIRED,
    )
