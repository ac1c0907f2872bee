"""The certifications page as a workbook: one row per employee who needs the competency, with the filters
of the page. Written by the shared renderer (write-only, formula-safe) in the request: the rows come from
one query, streamed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from common.xlsx.render import DATE, Column, Sheet, info_sheet
from employees.models import Employee

from .models import CertificationSource, Competency
from .selectors import STANDING_LABELS


def certification_sheets(
    *, competency: Competency, people: QuerySet[Employee], filters: Sequence[tuple[str, Any]], today: date
) -> list[Sheet]:
    sources = dict(CertificationSource.choices)

    def rows() -> Iterator[list[Any]]:
        for e in people.iterator(chunk_size=2000):
            yield [
                e.employee_no,
                e.name,
                e.get_tier_display(),
                e.get_position_class_display(),
                e.team,
                e.get_status_display(),
                str(STANDING_LABELS[e.standing]),  # type: ignore[attr-defined]  # annotated by people_in
                e.certified_on,  # type: ignore[attr-defined]
                e.valid_until,  # type: ignore[attr-defined]
                str(sources.get(e.certification_source, "")) if e.certification_source else "",  # type: ignore[attr-defined]
                e.mentor.name if e.mentor else "",
            ]

    columns = [
        Column(_("Employee number")),
        Column(_("Name")),
        Column(_("Tier")),
        Column(_("Position class")),
        Column(_("Team / shop"), width=18),
        Column(_("Status")),
        Column(_("Standing")),
        Column(_("Certified on"), DATE),
        Column(_("Valid until"), DATE),
        Column(_("Certified through"), width=16),
        Column(_("Mentor")),
    ]
    about = [(_("Competency"), competency.name), (_("Date"), today), *filters]
    return [
        Sheet(title=_("Certifications"), columns=columns, rows=rows(), total=people.count(), frozen_columns=2),
        info_sheet(_("About"), about),
    ]
