"""The xlsx export of a list of checks: one row per check, and one row per item hit on a second sheet.

The chat excerpts are left out: they hold buyers' words (and sometimes their details), and the portal shows
them only on the check's own page. Written by ``common.xlsx.render`` (write-only, formula neutralisation)
into a temporary file; checks are read in chunks, their hits prefetched a chunk at a time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from common.xlsx.render import DATE, DATETIME, DEC1, INT, Column, Sheet, info_sheet

from .models import CheckHit, QualityCheck

CHUNK = 1000


def _checks(checks: QuerySet[QualityCheck]) -> QuerySet[QualityCheck]:
    return checks.select_related("employee", "sheet", "checker__employee").order_by("chat_date", "id")


def _person(check: QualityCheck) -> str:
    user = check.checker
    employee = getattr(user, "employee", None)
    return employee.name if employee is not None else (user.get_full_name() or user.get_username())


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def _check_rows(checks: QuerySet[QualityCheck]) -> Iterator[Sequence[Any]]:
    for c in _checks(checks).iterator(chunk_size=CHUNK):
        yield (
            c.pk,
            c.chat_date,
            c.employee.employee_no,
            c.employee.name,
            c.employee.team,
            c.employee.get_position_class_display(),
            c.get_platform_display(),
            c.session_ref,
            str(c.sheet),
            c.total,
            _yes(c.passed),
            _yes(c.red_line),
            c.items_hit,
            c.comment,
            _person(c),
            c.checked_at,
        )


def _hit_rows(checks: QuerySet[QualityCheck]) -> Iterator[Sequence[Any]]:
    hits = Prefetch("hits", queryset=CheckHit.objects.select_related("item__category"))
    for c in _checks(checks).prefetch_related(hits).iterator(chunk_size=CHUNK):
        for h in c.hits.all():
            yield (
                c.pk,
                c.chat_date,
                c.employee.employee_no,
                c.employee.name,
                c.employee.team,
                h.item.category.name,
                h.item.title,
                h.points,
                _yes(h.red_line),
                h.note,
            )


def sheets(
    checks: QuerySet[QualityCheck], *, since: date, until: date, filters: Sequence[tuple[str, Any]]
) -> list[Sheet]:
    count = checks.count()
    hit_count = CheckHit.objects.filter(quality_check__in=checks.order_by().values("pk")).count()
    return [
        Sheet(
            title=_("Quality checks"),
            columns=[
                Column(_("Check no."), INT),
                Column(_("Chat date"), DATE),
                Column(_("Employee number")),
                Column(_("Name")),
                Column(_("Team / shop"), width=16),
                Column(_("Position class")),
                Column(_("Platform"), width=18),
                Column(_("Order or session number"), width=20),
                Column(_("Score sheet"), width=20),
                Column(_("Score"), DEC1),
                Column(_("Passed")),
                Column(_("Red line")),
                Column(_("Items hit"), width=50),
                Column(_("Comment"), width=40),
                Column(_("Checker")),
                Column(_("Checked at"), DATETIME),
            ],
            rows=_check_rows(checks),
            total=count,
            frozen_columns=4,
        ),
        Sheet(
            title=_("Items hit"),
            columns=[
                Column(_("Check no."), INT),
                Column(_("Chat date"), DATE),
                Column(_("Employee number")),
                Column(_("Name")),
                Column(_("Team / shop"), width=16),
                Column(_("Category")),
                Column(_("Item"), width=30),
                Column(_("Points"), INT),
                Column(_("Red line")),
                Column(_("Note"), width=40),
            ],
            rows=_hit_rows(checks),
            total=hit_count,
            frozen_columns=4,
        ),
        info_sheet(
            _("About"),
            [
                (_("Report"), _("Quality checks")),
                (_("From"), since),
                (_("Until"), until),
                *filters,
                (_("Checks"), count),
            ],
        ),
    ]
