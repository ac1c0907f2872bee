"""The per-person status of one update as a workbook: an information sheet, one row per recipient,
and the sums per team."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from common.xlsx.render import DATETIME, INT, PERCENT, TEXT, Column, Sheet, info_sheet

from .models import Update
from .selectors import UpdateStatus

PEOPLE = [
    Column(gettext_lazy("Employee number"), TEXT, 12),
    Column(gettext_lazy("Name"), TEXT, 12),
    Column(gettext_lazy("Team / shop"), TEXT, 16),
    Column(gettext_lazy("Tier"), TEXT, 10),
    Column(gettext_lazy("Position class"), TEXT, 10),
    Column(gettext_lazy("First read at"), DATETIME),
    Column(gettext_lazy("Confirmed at"), DATETIME),
    Column(gettext_lazy("Quiz attempts"), INT),
    Column(gettext_lazy("Best quiz score (%)"), INT),
    Column(gettext_lazy("Quiz passed"), TEXT, 10),
    Column(gettext_lazy("Done"), TEXT, 8),
    Column(pgettext_lazy("knowledge update", "Late"), TEXT, 8),
]
TEAMS = [
    Column(gettext_lazy("Team / shop"), TEXT, 16),
    Column(gettext_lazy("Recipients"), INT),
    Column(gettext_lazy("Read"), PERCENT),
    Column(gettext_lazy("Confirmed"), PERCENT),
    Column(gettext_lazy("Quiz passed"), PERCENT),
    Column(gettext_lazy("Done"), PERCENT),
    Column(pgettext_lazy("knowledge update", "Late"), INT),
]


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def status_sheets(update: Update, status: UpdateStatus) -> list[Sheet]:
    version = status.version
    has_quiz = version.quiz_id is not None
    people = [
        (
            p.employee.employee_no,
            p.employee.name,
            p.employee.team,
            p.employee.get_tier_display(),
            p.employee.get_position_class_display(),
            p.read_at,
            p.confirmed_at,
            p.attempts if has_quiz else None,
            int(p.best_percent) if p.best_percent is not None else None,
            _yes(p.passed) if has_quiz else "—",
            _yes(p.done),
            _yes(p.late),
        )
        for p in status.people
    ]
    teams = [
        (
            t.team or _("(no team)"),
            t.recipients,
            t.read_rate,
            t.confirmed_rate,
            t.passed_rate if has_quiz else None,
            t.done_rate,
            t.late,
        )
        for t in [*status.teams, status.total]
    ]
    teams[-1] = (_("All"), *teams[-1][1:])
    return [
        info_sheet(
            _("About"),
            [
                (_("Update"), version.title),
                (_("Version"), version.number),
                (_("Category"), update.get_category_display()),
                (_("Confirm by"), version.deadline),
                (_("Quiz"), version.quiz.title if version.quiz else _("none")),
                (_("Exported at"), timezone.now()),
            ],
        ),
        Sheet(title=_("People"), columns=PEOPLE, rows=people, total=len(people), frozen_columns=2),
        Sheet(title=_("Teams"), columns=TEAMS, rows=teams, total=len(teams), frozen_columns=1),
    ]
