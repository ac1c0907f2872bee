"""One candidate's dossier as a workbook: the summary, the practicals, the 360 groups (hidden ones stay
hidden), goals, the judges' scores and the decisions. Written by the shared renderer (write-only, formulas
neutralised)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from common.xlsx.render import DATE, DATETIME, DEC1, INT, Column, Sheet, info_sheet

from .scoring import QUESTIONS, RUBRIC
from .selectors import Dossier


def _yes_no(value: bool | None) -> str:
    if value is None:
        return _("No data")
    return _("Met") if value else _("Not met")


def dossier_sheets(d: Dossier, *, today: date) -> list[Sheet]:
    c, e, el = d.candidate, d.candidate.employee, d.eligibility
    about: list[tuple[str, Any]] = [
        (_("Employee number"), e.employee_no),
        (_("Name"), e.name),
        (_("Team / shop"), e.team),
        (_("Position class"), e.get_position_class_display()),
        (_("Status"), c.get_status_display()),
        (_("Reason for the nomination"), c.reason),
        (_("Nominated at"), localtime(c.nominated_at)),
        (_("Tenure (months)"), el.tenure_months),
        (_("KPIs, latest period"), f"{el.kpi_period} {_yes_no(el.kpi_met)}".strip()),
        (_("Red lines in the last 90 days"), el.red_lines),
        (
            _("Certifications"),
            "、".join(f"{x.current.competency.name} ({x.standing_label})" for x in el.certifications),
        ),
        (_("Quality checks in the last 90 days"), d.quality.count),
        (_("Average quality score"), d.quality.average),
        (_("Defence result (trimmed mean)"), d.defence_result),
        (_("Decision"), c.get_verdict_display() if c.verdict else ""),
        (_("Promoted to"), c.promoted_to),
        (_("Date"), today),
    ]

    def practicals() -> Iterator[list[Any]]:
        for row in d.practicals:
            p = row.practical
            detail = row.mentee_outcome or (str(row.mean_difference) if row.mean_difference is not None else "")
            yield [
                row.label,
                localtime(p.submitted_at) if p and p.submitted_at else None,
                detail,
                p.score if p else None,
                p.comment if p else "",
            ]

    def feedback() -> Iterator[list[Any]]:
        for group in d.feedback:
            if not group.shown:
                yield [str(group.label), group.answered, _("Hidden: fewer than 3 raters"), None]
                continue
            for question, average in group.rows:
                yield [str(group.label), group.answered, str(question), average]
            for comment in group.comments:
                yield [str(group.label), group.answered, comment, None]

    def judges() -> Iterator[list[Any]]:
        for score in d.defence_scores:
            yield [*[score.marks.get(cr.key) for cr in RUBRIC], score.total, score.comment]

    def decisions() -> Iterator[list[Any]]:
        for x in d.decisions:
            yield [localtime(x.decided_at), x.get_verdict_display(), x.reason, x.promoted_to, x.extended_to]

    return [
        info_sheet(_("Dossier"), about),
        Sheet(
            _("Practicals"),
            [
                Column(_("Practical"), width=20),
                Column(_("Handed in"), DATETIME),
                Column(_("Result"), width=16),
                Column(_("Score"), INT),
                Column(_("Comment"), width=40),
            ],
            practicals(),
            len(d.practicals),
        ),
        Sheet(
            _("360 feedback"),
            [
                Column(pgettext("rater group", "Group")),
                Column(_("Answers"), INT),
                Column(_("Statement"), width=50),
                Column(_("Average"), DEC1),
            ],
            feedback(),
            len(d.feedback) * (len(QUESTIONS) + 2),
        ),
        Sheet(
            _("Goals"),
            [Column(_("Goal"), width=40), Column(_("Due date"), DATE), Column(_("Progress"), INT), Column(_("Done"))],
            ([g.title, g.due_date, g.progress, _("Yes") if g.done else _("No")] for g in d.goals),
            len(d.goals),
        ),
        Sheet(
            _("Panel defence"),
            [
                *[Column(str(cr.label), INT) for cr in RUBRIC],
                Column(_("Weighted score"), DEC1),
                Column(_("Comment"), width=40),
            ],
            judges(),
            len(d.defence_scores),
        ),
        Sheet(
            _("Decisions"),
            [
                Column(_("Decided at"), DATETIME),
                Column(_("Decision")),
                Column(_("Reason"), width=40),
                Column(_("Promoted to")),
                Column(_("New decision date"), DATE),
            ],
            decisions(),
            len(d.decisions),
        ),
    ]
